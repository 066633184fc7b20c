"""quizzer's side of the fork server: sandbox workers forked from a process that imported NumPy once.

Starting a worker costs ``python -I`` plus ``import numpy`` (about 0.15 s of CPU),
several times what the hidden suite costs. A ``ForkServer`` starts one helper
process (``worker.py --zygote``, with a worker's isolation: ``python -I``, a
minimal environment, no quizzer on its path) that imports NumPy and then, for
each sandbox, forks a child that becomes an ordinary worker (see ``zygote.py``).
``Sandbox.start`` uses the server in ``FORK_SERVER`` when there is one; a
server that died (a submission cannot reach it, but the machine may kill it) is
started again, up to ``MAX_RESTARTS`` times, so the rest of the batch is still
forked; past that, workers start on their own.

The server's children are not quizzer's children: their exit status arrives on
the socket (a reader thread files it), and killing one is a request to the
zygote, which signals the child's process group only while the child is
unreaped. Closing the server (or quizzer exiting) closes the socket: the
zygote then kills every child's group and exits; a child whose zygote dies is
killed by the kernel (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time

from quizzer.grading.process import WORKER, worker_env

# The server ``Sandbox.start`` forks from, if any (batch grading sets it in each grading thread).
FORK_SERVER: contextvars.ContextVar = contextvars.ContextVar("quizzer_fork_server", default=None)

SPAWN_TIMEOUT = 10.0  # seconds for the zygote to answer a spawn before it is given up
MAX_RESTARTS = 3  # a server that died (killed, or out of memory) is started again this often


class ForkServerDown(Exception):
    """The fork server is not running (or stopped answering): start the worker directly."""


class ForkServer:
    """One zygote process and the socket to it; safe to use from several threads."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._tmp: str | None = None
        self._cond = threading.Condition()
        self._send_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._spawned: dict[int, dict] = {}
        self._exits: dict[int, int] = {}
        self._reader: threading.Thread | None = None
        self.up = False
        self.spawned = 0  # workers forked so far
        self.generation = 0  # how many zygotes were started: a child belongs to one
        self.restarts = 0
        self._closed = False  # closed on purpose: never restarted
        self._revive_lock = threading.Lock()

    def revive(self) -> bool:
        """Start a new zygote when this one died (at most ``MAX_RESTARTS`` times); whether it is up."""
        with self._revive_lock:
            if self.up:
                return True
            if self._closed or self.restarts >= MAX_RESTARTS:
                return False
            self.restarts += 1
            self._stop(timeout=2.0)
            try:
                self.start()
            except OSError:
                return False
            return self.up

    def start(self) -> ForkServer:
        self._tmp = tempfile.mkdtemp(prefix="quizzer-zygote-")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-I",
                    "-u",
                    "-X",
                    "faulthandler",
                    str(WORKER),
                    "--zygote",
                    str(theirs.fileno()),
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=self._tmp,
                env=worker_env(self._tmp),
                start_new_session=True,
            )
        except BaseException:
            ours.close()
            self._remove_tmp()
            raise
        finally:
            theirs.close()
        self._sock = ours
        with self._cond:
            self.generation += 1
            self._spawned.clear()
            self._exits.clear()
        self.up = True
        self._reader = threading.Thread(target=self._read, name="fork-server", daemon=True)
        self._reader.start()
        return self

    # ----------------------------------------------------------------- requests
    def spawn(self, config: dict, env: dict, cwd: str, fds: list[int]) -> ForkedWorker:
        """Fork a worker with these pipe ends; ``ForkServerDown`` if the server cannot."""
        ident = next(self._ids)
        message = {"op": "spawn", "id": ident, "config": config, "env": env, "cwd": cwd}
        try:
            with self._send_lock:
                if not self.up:
                    raise ForkServerDown("the fork server is not running")
                socket.send_fds(self._sock, [json.dumps(message).encode()], fds)
        except OSError as exc:
            self._lost()
            raise ForkServerDown(f"the fork server is not reachable ({exc})") from None
        deadline = time.monotonic() + SPAWN_TIMEOUT
        with self._cond:
            while ident not in self._spawned:
                left = deadline - time.monotonic()
                if not self.up or left <= 0:
                    break
                self._cond.wait(left)
            reply = self._spawned.pop(ident, None)
        if reply is None:
            self.close()  # stuck or dead: nothing more goes through it
            raise ForkServerDown("the fork server did not answer")
        if not isinstance(reply.get("pid"), int):
            raise ForkServerDown(f"the fork server could not fork ({reply.get('error')})")
        with self._cond:
            self.spawned += 1
            generation = self.generation
        return ForkedWorker(self, reply["pid"], generation)

    def kill(self, pid: int, generation: int) -> None:
        with contextlib.suppress(OSError), self._send_lock:
            if self.up and generation == self.generation:
                self._sock.send(json.dumps({"op": "kill", "pid": pid}).encode())

    def exit_code(self, pid: int, generation: int) -> tuple[bool, int | None]:
        """``(exited, code)``: a child of a server that died counts as exited, code unknown."""
        with self._cond:
            if generation != self.generation:
                return True, None
            if pid in self._exits:
                return True, self._exits[pid]
            return not self.up, None

    def wait(self, pid: int, timeout: float, generation: int) -> tuple[bool, int | None]:
        """``exit_code`` once the child exits, or after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while pid not in self._exits and self.up and generation == self.generation:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
        return self.exit_code(pid, generation)

    def forget(self, pid: int) -> None:
        with self._cond:
            self._exits.pop(pid, None)

    # ----------------------------------------------------------------- the reader
    def _read(self) -> None:
        sock = self._sock
        while True:
            try:
                data = sock.recv(1 << 16)
            except OSError:
                data = b""
            if not data:
                self._lost()
                return
            try:
                message = json.loads(data)
                with self._cond:
                    if message["op"] == "spawned":
                        self._spawned[message["id"]] = message
                    elif message["op"] == "exit":
                        self._exits[message["pid"]] = message["code"]
                    self._cond.notify_all()
            except (ValueError, KeyError, TypeError):
                self._lost()
                return

    def _lost(self) -> None:
        with self._cond:
            self.up = False
            self._cond.notify_all()

    # ----------------------------------------------------------------- shutdown
    def close(self, timeout: float = 5.0) -> None:
        """Stop the zygote (it kills its children first) and wait for it; safe to call twice."""
        self._closed = True
        self._stop(timeout)

    def _stop(self, timeout: float) -> None:
        with self._send_lock:
            self.up = False
            sock = self._sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout)
        self._lost()
        if self.proc is not None:
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    self.proc.kill()  # its children die with it (PR_SET_PDEATHSIG)
                self.proc.wait()
        with self._send_lock:
            if self._sock is not None:
                self._sock.close()
                self._sock = None
        self._remove_tmp()

    def _remove_tmp(self) -> None:
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ForkedWorker:
    """A worker forked by the server, with the process interface ``Sandbox`` uses."""

    def __init__(self, server: ForkServer, pid: int, generation: int):
        self.server = server
        self.pid = pid
        self.generation = generation
        self._end: tuple[bool, int | None] | None = None  # (exited, code), once known

    def _state(self, timeout: float = 0.0) -> tuple[bool, int | None]:
        if self._end is None:
            done, code = self.server.wait(self.pid, timeout, self.generation)
            if done:
                self._end = (done, code)
                self.server.forget(self.pid)
            return done, code
        return self._end

    def finished(self) -> bool:
        return self._state()[0]

    @property
    def lost(self) -> bool:
        """It ended with its server, and its status is unknown."""
        done, code = self._state()
        return done and code is None

    def kill_group(self) -> None:
        if not self.finished():
            self.server.kill(self.pid, self.generation)

    def status(self, timeout: float) -> int | None:
        """The exit status once it exits (None: still running, or lost with its server)."""
        return self._state(timeout)[1]

    def release(self) -> None:
        self.server.forget(self.pid)
