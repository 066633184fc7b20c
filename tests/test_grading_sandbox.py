"""The sandbox's cancellation path: another thread may close or kill a sandbox in use."""

from __future__ import annotations

import os
import threading
import time

import pytest

from quizzer.grading import sandbox as sandbox_module
from quizzer.grading import wire
from quizzer.grading.process import Limits, WorkerDied
from quizzer.grading.sandbox import Sandbox

LIMITS = Limits(timeout=30, memory_mb=1024)
SLOW = "import time\ndef slow():\n    time.sleep(20)\n"


def _loaded(source: str) -> Sandbox:
    box = Sandbox(LIMITS).start()
    assert box.request({"op": "compile", "source": source, "filename": "s.py"})[0]["ok"]
    assert box.request({"op": "exec", "module": "s", "functions": ["slow"]})[0]["ok"]
    return box


def _call(box: Sandbox, outcome: dict) -> None:
    empty = wire.Encoder()
    started = time.monotonic()
    try:
        outcome["reply"] = box.request(
            {"op": "call", "fn": "slow", "args": empty.encode(()), "kwargs": empty.encode({})}
        )
    except Exception as exc:  # noqa: BLE001 - the test looks at what came out
        outcome["error"] = exc
    outcome["seconds"] = time.monotonic() - started


@pytest.fixture
def closes(monkeypatch):
    """Every ``os.close`` in the process, slowed down to widen any race."""
    seen: list[int] = []
    real = os.close

    def recording_close(fd):
        seen.append(fd)
        time.sleep(0.01)
        real(fd)

    monkeypatch.setattr(os, "close", recording_close)
    return seen


def test_close_from_another_thread_cancels_the_call_and_closes_each_pipe_once(closes):
    box = _loaded(SLOW)
    pipes = set(box._fds.values())
    outcome: dict = {}
    caller = threading.Thread(target=_call, args=(box, outcome))
    caller.start()
    time.sleep(0.5)  # the call is in flight: the caller is polling the pipes

    box.close()  # e.g. batch grading on Ctrl-C
    assert not box._fds and box._tmp is None  # close() returns once the caller let go
    others = [os.pipe() for _ in range(4)]  # new pipes may take the freed numbers
    caller.join(10)

    assert not caller.is_alive() and outcome["seconds"] < 5
    assert isinstance(outcome.get("error"), WorkerDied), outcome
    assert "cancelled" in str(outcome["error"])  # not "hit the memory limit"
    assert not outcome["error"].memory
    assert sorted(fd for fd in closes if fd in pipes) == sorted(pipes)  # each exactly once
    for r, w in others:  # nobody touched the new pipes
        os.fstat(r)
        os.fstat(w)
        os.close(r)
        os.close(w)


def test_a_cancelled_sandbox_refuses_new_requests():
    box = _loaded(SLOW)
    box.close()
    with pytest.raises(WorkerDied, match="no longer running"):
        box.request({"op": "bye"})
    box.close()  # twice is harmless


def test_kill_from_another_thread_ends_the_call_and_the_caller_cleans_up():
    box = _loaded(SLOW)
    outcome: dict = {}
    caller = threading.Thread(target=_call, args=(box, outcome))
    caller.start()
    time.sleep(0.5)
    box.kill()
    caller.join(10)
    assert isinstance(outcome.get("error"), WorkerDied)
    assert outcome["error"].memory  # an outside SIGKILL looks like the kernel's
    assert not box._fds and box._tmp is None


def test_the_process_group_is_signalled_only_while_its_leader_is_unreaped(monkeypatch):
    """A reaped worker's pid may be another sandbox's process group by now."""
    signalled = []
    real = os.killpg

    def checking_killpg(pgid, sig):
        try:  # still our child (alive or a zombie): the id is reserved for it
            os.waitid(os.P_PID, pgid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            signalled.append("ours")
        except ChildProcessError:
            signalled.append("reaped")
        real(pgid, sig)

    monkeypatch.setattr(os, "killpg", checking_killpg)
    box = Sandbox(LIMITS).start()
    box.request({"op": "compile", "source": "import os\nos._exit(3)\n", "filename": "s.py"})
    with pytest.raises(WorkerDied, match="status 3"):
        box.request({"op": "exec", "module": "s", "functions": []})
    box.close()
    assert "reaped" not in signalled


def test_close_in_the_owning_thread_mid_exchange_defers_to_the_exchange(monkeypatch):
    """A signal handler calling close() while its own thread polls does not pull the pipes."""
    box = _loaded(SLOW)
    real_poll = sandbox_module.select.poll

    class ClosingPoll:
        def __init__(self):
            self.inner = real_poll()
            self.fired = False

        def register(self, *a):
            self.inner.register(*a)

        def unregister(self, *a):
            self.inner.unregister(*a)

        def poll(self, ms):
            if not self.fired:
                self.fired = True
                box.close()  # as if from a signal handler in this very thread
                assert box._fds  # the pipes are still there for this exchange
            return self.inner.poll(ms)

    monkeypatch.setattr(sandbox_module.select, "poll", ClosingPoll)
    outcome: dict = {}
    _call(box, outcome)
    assert "cancelled" in str(outcome.get("error"))
    assert not box._fds and box._tmp is None
