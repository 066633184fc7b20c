"""The sandbox process: start a worker with limits, talk to it with deadlines, kill it cleanly.

A ``Sandbox`` is one worker process (``worker.py``, run by path with ``python -I``)
in its own session and process group, in a fresh temporary directory, with a
minimal environment. Requests and replies travel on two dedicated pipes (passed
with ``pass_fds``); the learner's stdout and stderr share a third pipe that is
drained into a capped ``OutputBuffer`` while quizzer waits for a reply, so no
amount of output can block or flood quizzer. Every exchange has a wall-clock
deadline: past it, the whole process group is killed and ``WorkerTimeout`` is
raised; a worker that dies or sends a malformed reply raises ``WorkerDied`` with
the reason (signal, exit status, memory limit). What a worker is given and how
it ends (``Limits``, its environment, ``OutputBuffer``, the two exceptions) lives
in ``process.py``.

Start-up: with a ``forkserver.ForkServer`` in ``FORK_SERVER`` (batch grading),
the worker is forked by that server's zygote, which imported NumPy once; the
pipes cross as ``SCM_RIGHTS`` and the child sets up the same session, folder,
environment and limits. Otherwise (``check``, or the server is down) quizzer
starts ``worker.py`` itself. Either way the worker runs the same ``main``.

Processes: when quizzer runs as an ordinary user, ``RLIMIT_NPROC`` stops the
worker from starting processes or threads; as root (where that limit does not
apply) each worker goes into its own pids cgroup when one can be created.
Nothing here uses signals or global state in quizzer's process, so sandboxes
can be driven from several threads at once (batch grading), and one thread may
cancel another's sandbox (see ``Sandbox``).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from quizzer.grading import wire
from quizzer.grading.cgroups import (
    make_cgroup,
    make_memory_cgroup,
    memory_exhausted,
    remove_cgroup,
)
from quizzer.grading.forkserver import FORK_SERVER, ForkedWorker, ForkServerDown
from quizzer.grading.jail import dropuid
from quizzer.grading.process import (
    WORKER,
    WORKER_FLAGS,
    Limits,
    OutputBuffer,
    StartedWorker,
    WorkerDied,
    WorkerTimeout,
    exit_reason,
    rmtree,
    worker_env,
)

# Layers a sandbox must have before the learner's code is sent (``grade`` sets filesystem and
# processes unless the teacher allows an unisolated run); and which layers to try at all.
REQUIRE: contextvars.ContextVar = contextvars.ContextVar("quizzer_require", default=())
LAYERS: contextvars.ContextVar = contextvars.ContextVar("quizzer_layers", default=None)
MAX_ESCAPES = 50

# Batch grading (``quizzer.grading.batch``) puts a watcher here so that Ctrl-C can kill every
# sandbox its threads started: ``start()`` hands it each new sandbox (it may refuse: it then
# closes the sandbox and raises ``WorkerDied``), and ``close()`` withdraws the sandbox.
WATCHER: contextvars.ContextVar = contextvars.ContextVar("quizzer_sandbox_watcher", default=None)


class Sandbox:
    """One worker process. ``start()`` does not wait; the first ``request`` waits for it to be ready.

    One thread drives a sandbox (``request``); any thread may ``close()`` or
    ``kill()`` it. While the driving thread polls the pipes, ``close()`` from
    elsewhere only kills the process group and wakes that thread, which then
    releases the pipes itself and raises ``WorkerDied``: a pipe is never closed
    under a thread still polling it, so its number cannot be reused by another
    sandbox's pipe in the middle of an exchange. The process group is signalled
    only while its leader is unreaped, so its id cannot belong to anyone else.
    """

    def __init__(
        self,
        limits: Limits,
        output: OutputBuffer | None = None,
        gen: int = 1,
        escapes: list | None = None,
    ):
        self.limits = limits
        self.output = output if output is not None else OutputBuffer(limits.output_kb * 1024)
        self.escapes = escapes if escapes is not None else []  # refused attempts (jail/watch.py)
        self.gen = gen
        self.proc: StartedWorker | ForkedWorker | None = None
        self.containment = "none"
        self.isolation: dict = {}  # layer -> {"active", "how" or "why"}, as the worker reported
        self.require: tuple[str, ...] = REQUIRE.get()
        self._fds: dict[str, int] = {}
        self._tmp: str | None = None
        self._cgroup: Path | None = None
        self._uid: int | None = None
        self._memory_cgroup: Path | None = None
        self._ready = False
        self._watcher = None
        self._lock = threading.Lock()  # guards proc's reaping, _fds, _closing and _owner
        self._owner: int | None = None  # the thread inside ``_exchange``
        self._closing = False
        self._closed = threading.Event()

    # ----------------------------------------------------------------- life cycle
    def start(self) -> Sandbox:
        self._tmp = tempfile.mkdtemp(prefix="quizzer-sandbox-")
        self._cgroup = make_cgroup(self.limits.max_processes)
        self._memory_cgroup = make_memory_cgroup(self.limits.memory_mb, self.limits.file_size_mb)
        if self._cgroup is not None:
            self.containment = "pids cgroup"
        elif os.geteuid() != 0:
            self.containment = "RLIMIT_NPROC"
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        wake_r, wake_w = os.pipe()
        for fd in (resp_r, out_r):
            with contextlib.suppress(OSError, AttributeError):
                import fcntl

                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
        config = {
            "fds": [req_r, resp_w],
            "gen": self.gen,
            "timeout": self.limits.timeout,
            "memory_mb": self.limits.memory_mb,
            "cpu_seconds": self.limits.cpu_seconds,
            "file_size_mb": self.limits.file_size_mb,
            "max_processes": self.limits.max_processes,
            "max_payload": self.limits.max_payload_mb << 20,
            "cgroup": str(self._cgroup) if self._cgroup else None,
            "memory_cgroup": str(self._memory_cgroup) if self._memory_cgroup else None,
        }
        layers = LAYERS.get()
        layers = dropuid.from_env() if layers is None else layers  # QUIZZER_JAIL_OFF
        if layers is not None:
            config["jail"] = {"layers": list(layers)}
        self._uid = dropuid.take(layers)  # root: the uid it drops to if it gets no user namespace
        if self._uid is not None:
            config.setdefault("jail", {})["uid"] = self._uid
        env = worker_env(self._tmp)
        try:
            self.proc = self._fork(config, env, [req_r, resp_w, out_w])
            if self.proc is None:
                self.proc = StartedWorker(
                    subprocess.Popen(
                        [sys.executable, *WORKER_FLAGS, str(WORKER), json.dumps(config)],
                        pass_fds=(req_r, resp_w),
                        stdin=subprocess.DEVNULL,
                        stdout=out_w,
                        stderr=out_w,
                        cwd=self._tmp,
                        env=env,
                        start_new_session=True,
                    )
                )
        except BaseException:
            for fd in (req_w, resp_r, out_r, wake_r, wake_w):
                os.close(fd)
            raise
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        self._fds = {"req": req_w, "resp": resp_r, "out": out_r, "wake": wake_r, "waker": wake_w}
        for fd in self._fds.values():
            os.set_blocking(fd, False)
        self._watcher = WATCHER.get()
        if self._watcher is not None:
            self._watcher.add(self)
        return self

    def _fork(self, config: dict, env: dict, fds: list[int]) -> ForkedWorker | None:
        """A worker forked by the fork server in use, or None (then quizzer starts one itself)."""
        server = FORK_SERVER.get()
        for attempt in range(2):  # a server found dead on the way is started again, once
            if server is None or not (server.up or server.revive()):
                return None
            try:
                return server.spawn(config, env, self._tmp, fds)
            except ForkServerDown:
                if attempt:
                    return None
        return None

    @property
    def alive(self) -> bool:
        return self.proc is not None and bool(self._fds) and not self._closing

    def exited(self) -> bool:
        """Whether the worker process has exited (reaps it if so); safe from any thread."""
        with self._lock:
            return self.proc is None or self.proc.finished()

    def kill(self) -> None:
        """Kill the worker's process group now; safe from any thread, at any time."""
        with self._lock:
            self._kill_locked()

    def _kill_locked(self) -> None:
        if self.proc is not None:
            self.proc.kill_group()

    def close(self, timeout: float = 10.0) -> None:
        """Kill the worker's whole process group, reap it, and remove its files.

        From a thread other than the one in ``request``, this waits (up to
        ``timeout`` seconds) for that thread to let go of the pipes and clean up.
        """
        with self._lock:
            self._closing = True
            owner = self._owner
            if owner is not None:
                self._kill_locked()
                with contextlib.suppress(OSError):
                    os.write(self._fds["waker"], b"x")
        if owner is None:
            self._release()
        elif owner != threading.get_ident():
            self._closed.wait(timeout)

    def _release(self) -> None:
        """The teardown, by the one thread that owns the pipes now."""
        with self._lock:
            self._closing = True
            fds, self._fds = self._fds, {}
            cgroups = [c for c in (self._cgroup, self._memory_cgroup) if c is not None]
            self._cgroup = self._memory_cgroup = None
            tmp, self._tmp = self._tmp, None
        if self._watcher is not None:
            self._watcher.discard(self)
        self.kill()
        self._reap(5.0)
        uid, self._uid = self._uid, None  # every process of the sandbox's own uid dies with it
        dropuid.give_back(uid, self.isolation.get("user") if self._ready else None)
        if self.proc is not None:
            self.proc.release()
        out = fds.pop("out", None)
        if out is not None:
            self._drain(out, until_eof=True)
            os.close(out)
        for fd in fds.values():
            os.close(fd)
        for cgroup in cgroups:
            remove_cgroup(cgroup)
        if tmp is not None:
            rmtree(tmp)
        self._closed.set()

    def _reap(self, timeout: float) -> None:
        """Wait for the worker to exit and reap it, never while another thread signals it."""
        if self.proc is None:
            return
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while True:
            with self._lock:
                if self.proc.finished():
                    return
            if time.monotonic() > deadline:
                return
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _exit_status(self, timeout: float) -> int | None:
        """The worker's exit status once it exits, without reaping it (its pid stays reserved)."""
        return self.proc.status(timeout)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- requests
    def request(self, header: dict, buffers: list = (), timeout: float | None = None):
        """Send one request, wait for its reply: ``(header, buffers)``."""
        if self.proc is None:
            self.start()
        if not self.alive:
            raise WorkerDied("the worker is no longer running")
        if not self._ready:
            ready, _ = self._exchange([], time.monotonic() + max(self.limits.timeout, 30.0))
            self._ready = True
            self.isolation = ready.get("isolation") or {}
            missing = [n for n in self.require if not self.isolation.get(n, {}).get("active")]
            if missing:
                self._release()
                raise WorkerDied(
                    "not run: the sandbox could not apply the "
                    + ", ".join(
                        f"{n} layer ({self.isolation.get(n, {}).get('why', 'unknown')})"
                        for n in missing
                    )
                )
        pieces = wire.pack(header, list(buffers))
        limit = self.limits.timeout if timeout is None else timeout
        reply, out = self._exchange(pieces, time.monotonic() + limit)
        escapes = reply.pop("escapes", None) if isinstance(reply, dict) else None
        if isinstance(escapes, list):
            room = MAX_ESCAPES - len(self.escapes)
            self.escapes += [e for e in escapes if isinstance(e, dict)][: max(room, 0)]
        return reply, out

    def _exchange(self, pieces: list, deadline: float):
        with self._lock:
            if self._closing or not self._fds:
                raise WorkerDied("the worker was stopped (grading was cancelled)")
            self._owner = threading.get_ident()
        try:
            return self._poll(pieces, deadline)
        finally:
            with self._lock:
                self._owner = None
                cancelled = self._closing
            if cancelled:
                self._release()

    def _poll(self, pieces: list, deadline: float):
        send = memoryview(b"".join(pieces)) if pieces else None
        reader = wire.Reader(self.limits.max_payload_mb << 20)
        fds = self._fds
        poller = select.poll()
        poller.register(fds["resp"], select.POLLIN)
        poller.register(fds["wake"], select.POLLIN)
        if "out" in fds:
            poller.register(fds["out"], select.POLLIN)
        if send is not None:
            poller.register(fds["req"], select.POLLOUT)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._release()
                raise WorkerTimeout("no answer before the deadline")
            for fd, _event in poller.poll(left * 1000 + 1):
                if fd == fds["wake"] or self._closing:
                    raise WorkerDied("the worker was stopped (grading was cancelled)")
                if fd == fds.get("out"):
                    if not self._drain(fd):
                        poller.unregister(fd)
                elif fd == fds["req"] and send is not None:
                    try:
                        send = send[os.write(fd, send[: 1 << 20]) :]
                    except BlockingIOError:
                        continue
                    except OSError:  # the worker closed its end: its exit shows on the reply pipe
                        send = memoryview(b"")
                    if not send.nbytes:
                        poller.unregister(fd)
                        send = None
                elif fd == fds["resp"]:
                    try:
                        message = reader.read_from(fd)
                    except BlockingIOError:
                        continue
                    except EOFError:
                        self._died()
                    except wire.ProtocolError as exc:
                        self._release()
                        raise WorkerDied(f"sent a malformed reply ({exc})") from None
                    if message is not None:
                        if "out" in fds:
                            self._drain(fds["out"])
                        return message

    def _drain(self, fd: int, until_eof: bool = False) -> bool:
        """Move the learner's pending output into the buffer; False at end of file."""
        deadline = time.monotonic() + 1.0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:
                if not until_eof or time.monotonic() > deadline:
                    return True
                time.sleep(0.005)
                continue
            if not chunk:
                return False
            self.output.feed(chunk)

    def _died(self):
        code = self._exit_status(2.0)
        lost = self.proc.lost
        out_of_memory = memory_exhausted(self._memory_cgroup)
        self._release()
        if lost:
            raise WorkerDied("was stopped: quizzer's fork server exited")
        if out_of_memory:
            raise WorkerDied(
                f"hit the memory limit ({self.limits.memory_mb} MB, memory held outside "
                "the address space included)",
                memory=True,
            )
        raise WorkerDied(exit_reason(code), memory=code == -signal.SIGKILL)
