"""The fork server: workers forked from one NumPy-loaded process get the same verdicts.

Each hostile submission of ``tests/hostile/`` is graded twice, once by a worker
quizzer starts itself and once by a child of the fork server, and the two
reports must agree test by test. Further tests: a child sees nothing of another
child nor the server's socket, closing the server (or Ctrl-C in a batch, see
``test_grade_cli.py``) leaves no process behind, and a dead server only means
workers start the plain way again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from quizzer.challenges import solution_path
from quizzer.grading.forkserver import FORK_SERVER, MAX_RESTARTS, ForkServer
from quizzer.grading.process import Limits
from quizzer.grading.runner import grade_submission
from quizzer.grading.sandbox import Sandbox
from tests.test_grading_hostile import FAST, submission


@pytest.fixture(scope="module")
def server():
    with ForkServer().start() as srv:
        yield srv


@contextlib.contextmanager
def forking(srv: ForkServer):
    token = FORK_SERVER.set(srv)
    try:
        yield
    finally:
        FORK_SERVER.reset(token)


def verdict(report) -> tuple:
    problem = report.problem.to_dict() if report.problem is not None else None
    return (
        report.passed,
        report.score,
        problem,
        report.missing,
        report.output_truncated,
        [(t.name, t.status, t.message) for t in report.tests],
    )


def both_ways(srv: ForkServer, path: Path, limits: Limits):
    plain = grade_submission(path, "dropout", limits, timing=False)
    before = srv.spawned
    with forking(srv):
        forked = grade_submission(path, "dropout", limits, timing=False)
    assert srv.spawned > before, "the fork server was not used"
    assert srv.up
    return plain, forked


FAST_CASES = [
    "segfault",
    "exit_at_import",
    "os_exit_at_import",
    "exit_in_function",
    "os_exit_in_function",
    "monkeypatch",
    "fake_report",
    "fork_bomb",
    "import_reference",
    "pickle_smuggler",
    "modifies_input",
    "missing_function",
    "wrong_type",
]
SLOW_CASES = [
    ("infinite_loop", Limits(timeout=1.0)),
    ("loop_at_import", Limits(timeout=1.0)),
    ("memory_bomb", Limits(timeout=5, memory_mb=768)),
    ("numpy_memory_bomb", Limits(timeout=5, memory_mb=768)),
    ("big_output", Limits(timeout=10, output_kb=16)),
]


@pytest.mark.parametrize("snippet", FAST_CASES)
def test_hostile_verdicts_are_the_same_through_the_fork_server(tmp_path, server, snippet):
    plain, forked = both_ways(server, submission(tmp_path, snippet, tmp_path / "m"), FAST)
    assert verdict(forked) == verdict(plain)
    assert not forked.passed
    if snippet == "segfault":
        assert "Segmentation fault" in forked.output  # faulthandler still writes to the pipe
        assert any("SIGSEGV" in t.message for t in forked.tests)


@pytest.mark.slow
@pytest.mark.parametrize(("snippet", "limits"), SLOW_CASES, ids=[c[0] for c in SLOW_CASES])
def test_slow_hostile_verdicts_are_the_same_through_the_fork_server(
    tmp_path, server, snippet, limits
):
    plain, forked = both_ways(server, submission(tmp_path, snippet), limits)
    assert verdict(forked) == verdict(plain)
    if snippet == "big_output":
        assert forked.passed and forked.output_bytes == plain.output_bytes >= 100_000_000
    else:
        assert not forked.passed


def test_the_reference_passes_through_the_fork_server(tmp_path, server):
    path = tmp_path / "dropout.py"
    path.write_text(solution_path("dropout").read_text())
    plain, forked = both_ways(server, path, FAST)
    assert forked.passed and verdict(forked) == verdict(plain)


# A correct submission that fails its import when it sees anything that is not its own:
# a socket (the fork server's), a descriptor beyond its five, another child's marks on NumPy,
# builtins or the file system, a folder or environment other than its own.
SNOOP = """
import builtins, os, numpy

import stat
_fds = []
for _fd in range(1024):  # /proc is hidden by the jail: every descriptor number is tried
    try:
        _mode = os.fstat(_fd).st_mode
    except OSError:
        continue
    _fds.append((_fd, "socket" if stat.S_ISSOCK(_mode) else "other"))
_sockets = [f for f in _fds if "socket" in f[1]]
if _sockets:
    raise RuntimeError(f"a socket is open: {_sockets}")
if len([f for f in _fds if f[0] > 2]) > 2:
    raise RuntimeError(f"descriptors beyond the request and reply pipes: {_fds}")
if hasattr(numpy, "_snoop") or hasattr(builtins, "_snoop"):
    raise RuntimeError("another child's data is visible: " + str(getattr(numpy, "_snoop", "")))
if os.getcwd() != os.environ.get("HOME") or os.environ.get("TMPDIR") != os.getcwd():
    raise RuntimeError(f"not in its own folder: {os.getcwd()} {dict(os.environ)}")
if set(os.environ) - {"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL"} - {
    k for k in os.environ if k.endswith("_THREADS")
}:
    raise RuntimeError(f"unexpected environment: {sorted(os.environ)}")
if os.listdir("."):
    raise RuntimeError(f"its folder is not empty: {os.listdir('.')}")
numpy._snoop = builtins._snoop = "secret of " + os.getcwd()
with open("left-behind.txt", "w") as _f:
    _f.write("secret")
print("SNOOP-SEED", numpy.random.randint(1 << 30))
"""


def test_a_child_sees_nothing_of_another_child_or_of_the_server(tmp_path, server):
    path = tmp_path / "dropout.py"
    path.write_text(solution_path("dropout").read_text() + "\n" + SNOOP)
    reports = []
    for _ in range(3):
        with forking(server):
            reports.append(grade_submission(path, "dropout", FAST, timing=False))
    plain = grade_submission(path, "dropout", FAST, timing=False)
    for report in [*reports, plain]:
        assert report.passed, (report.problem, report.output)
    seeds = {line for r in reports for line in r.output.splitlines() if "SNOOP-SEED" in line}
    assert len(seeds) == 3, "every child has its own NumPy global generator state"


def test_a_child_cannot_reach_the_server_socket_while_two_children_run(tmp_path, server):
    limits = Limits(timeout=5)
    with forking(server), Sandbox(limits).start() as first, Sandbox(limits).start() as second:
        assert isinstance(first.proc.pid, int) and first.proc.pid != second.proc.pid
        for box in (first, second):
            box.request({"op": "compile", "source": "import os\n", "filename": "s.py"})
            reply, _ = box.request({"op": "exec", "module": "s", "functions": []})
            assert reply["ok"]
        # each child is its own session and process group, never the server's
        for box in (first, second):
            assert os.getpgid(box.proc.pid) == box.proc.pid != os.getpgid(server.proc.pid)
            worker = _leaf(box.proc.pid)  # the jail's worker, beneath its process 1
            assert os.getpgid(worker) == box.proc.pid
            fds = os.listdir(f"/proc/{worker}/fd")
            links = [os.readlink(f"/proc/{worker}/fd/{fd}") for fd in fds]
            assert not [link for link in links if "socket" in link], links
            assert len(fds) == 5, links


def _leaf(pid: int) -> int:
    """The last descendant of ``pid`` (each jail process has one child)."""
    while True:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if not children:
            return pid
        pid = int(children[0])


def _gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # a zombie waiting for its parent (this test process) to reap it
            return True
        time.sleep(0.02)
    return False


def test_closing_the_server_kills_its_children_and_itself(tmp_path):
    srv = ForkServer().start()
    with forking(srv):
        box = Sandbox(Limits(timeout=30)).start()
    box.request({"op": "compile", "source": "while True:\n    pass\n", "filename": "s.py"})
    child = box.proc.pid
    srv.close()
    assert srv.proc.returncode is not None
    assert _gone(child)
    assert not srv.up
    box.close()  # its process is known to be gone: nothing is signalled, nothing hangs


def test_a_server_dead_too_often_means_workers_start_the_plain_way(tmp_path):
    srv = ForkServer().start()
    srv.restarts = MAX_RESTARTS  # its restarts are spent
    path = tmp_path / "dropout.py"
    path.write_text(solution_path("dropout").read_text())
    with forking(srv):
        assert grade_submission(path, "dropout", FAST, timing=False).passed
        os.kill(srv.proc.pid, signal.SIGKILL)
        srv.proc.wait()
        deadline = time.monotonic() + 5
        while srv.up and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not srv.up
        spawned = srv.spawned
        report = grade_submission(path, "dropout", FAST, timing=False)
    assert report.passed and srv.spawned == spawned
    srv.close()


def test_a_child_killed_with_its_server_is_reported_as_such(tmp_path):
    srv = ForkServer().start()
    with forking(srv):
        box = Sandbox(Limits(timeout=30)).start()
    box.request({"op": "compile", "source": "x = 1\n", "filename": "s.py"})
    child = box.proc.pid
    os.kill(srv.proc.pid, signal.SIGKILL)
    srv.proc.wait()
    from quizzer.grading.process import WorkerDied

    assert _gone(child)
    # the jailed worker beneath the child dies a moment later, when the jail's process 1 does
    deadline = time.monotonic() + 5
    with pytest.raises(WorkerDied, match="fork server"):  # noqa: PT012
        while time.monotonic() < deadline:
            box.request({"op": "exec", "module": "s", "functions": []})
            time.sleep(0.01)
    srv.close()


def test_a_dead_server_is_started_again_and_the_batch_goes_on(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text(solution_path("dropout").read_text())
    srv = ForkServer().start()
    try:
        with forking(srv):
            assert grade_submission(path, "dropout", FAST, timing=False).passed
            first = srv.proc.pid
            os.kill(first, signal.SIGKILL)
            srv.proc.wait()
            before = srv.spawned
            assert grade_submission(path, "dropout", FAST, timing=False).passed
        assert srv.proc.pid != first and srv.generation == 2 and srv.restarts == 1
        assert srv.spawned > before, "the restarted server forked the next worker"
    finally:
        srv.close()
    assert not srv.revive(), "a server closed on purpose stays closed"
