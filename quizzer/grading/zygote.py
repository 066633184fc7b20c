"""The fork server (zygote): one process that has imported NumPy forks each sandbox worker.

Loaded by path by ``worker.py --zygote FD`` (so it runs with the same isolation as
a worker: ``python -I``, a minimal environment, one BLAS thread, no quizzer on
its path) and never imports ``quizzer`` or runs a learner's code itself. It
speaks to quizzer on a ``SOCK_SEQPACKET`` Unix socket, one JSON object per
message:

- ``{"op": "spawn", "id", "config", "env", "cwd"}`` with three file descriptors
  attached (``SCM_RIGHTS``: the request pipe's read end, the reply pipe's write
  end, the captured-output pipe's write end) -> ``{"op": "spawned", "id", "pid"}``
  (``pid`` is null when the fork failed, with ``error``);
- ``{"op": "kill", "pid"}``: kill that child's process group (only while the
  child is unreaped, so its id cannot be anyone else's);
- from the zygote, unasked: ``{"op": "exit", "pid", "code"}`` once a child has
  exited (``code`` negative for a signal, as in ``subprocess``); its process
  group is killed before it is reaped.

The child of a fork starts a new session, dies with the zygote
(``PR_SET_PDEATHSIG``), points stdout and stderr at the output pipe, closes the
zygote's socket and every descriptor but its five, moves to its own temporary
folder, takes its own environment and becomes an ordinary worker
(``worker.main``). When quizzer closes the socket (or exits), the zygote kills
every child's process group, reaps them and exits.
"""

import atexit
import contextlib
import ctypes
import faulthandler
import json
import os
import select
import signal
import socket
import sys
import traceback

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_MAX_MESSAGE = 1 << 16
_libc = ctypes.CDLL(None, use_errno=True)


def serve(sock_fd, worker_main, inherit=()):
    _libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)  # no process of this user may trace the server
    _libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # orphaned jailed workers come back here
    sock = socket.socket(fileno=sock_fd)
    wake_r, wake_w = os.pipe()
    for fd in (wake_r, wake_w):
        os.set_blocking(fd, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    children = set()
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    try:
        while True:
            for fd, _event in poller.poll():
                if fd == wake_r:
                    with contextlib.suppress(BlockingIOError):
                        os.read(wake_r, 512)
                    _reap(sock, children)
                    continue
                msg, fds, _flags, _addr = socket.recv_fds(sock, _MAX_MESSAGE, 3)
                if not msg:
                    return
                try:
                    req = json.loads(msg)
                    if req.get("op") == "spawn" and len(fds) == 3:
                        reply = _spawn(req, fds, sock, (wake_r, wake_w), worker_main, inherit)
                        if reply.get("pid"):
                            children.add(reply["pid"])
                        _send(sock, reply)
                    elif req.get("op") == "kill" and req.get("pid") in children:
                        _kill(req["pid"])
                finally:
                    for fd in fds:
                        os.close(fd)
            _reap(sock, children)
    except OSError:  # quizzer has gone: the socket is broken
        return
    finally:
        for pid in children:
            _kill(pid)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        _reap_orphans(2.0)


def _reap_orphans(timeout):
    """The jailed workers of killed sandboxes, reparented here as they die (they were SIGKILLed)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            time.sleep(0.005)


def _send(sock, message):
    sock.send(json.dumps(message).encode())


def _kill(pid):
    """The child's group (its own session), and the child itself in case it has not set it up yet."""
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)


def _reap(sock, children):
    """Report and reap every child that has exited, after killing what is left of its group.

    The server is a child subreaper: a jailed worker whose sandbox process was
    killed with it is reparented here and reaped too (never reported), so no
    zombie of a sandbox outlives its batch.
    """
    while True:
        try:
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return
        if info is None:
            return
        pid = info.si_pid
        killed = info.si_code in (os.CLD_KILLED, os.CLD_DUMPED)
        code = -info.si_status if killed else info.si_status
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # its leader is a zombie: the id is still its own
        os.waitpid(pid, 0)
        if pid in children:
            children.discard(pid)
            _send(sock, {"op": "exit", "pid": pid, "code": code})


def _spawn(req, fds, sock, wake, worker_main, inherit=()):
    zygote = os.getpid()
    try:
        pid = os.fork()
    except OSError as exc:
        return {"op": "spawned", "id": req.get("id"), "pid": None, "error": str(exc)}
    if pid:
        return {"op": "spawned", "id": req.get("id"), "pid": pid}
    code = 1
    try:
        _become_worker(req, fds, sock, wake, zygote, inherit)
        worker_main(req["config"], forked=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            with contextlib.suppress(BaseException):
                print(exc.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - as an uncaught exception ends a started worker
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def _become_worker(req, fds, sock, wake, zygote, inherit=()):
    """In the child: everything a fresh ``Popen`` of the worker would have set up."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != zygote:  # the zygote died before the line above
        os._exit(1)
    req_r, resp_w, out_w = fds
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    sock.close()
    keep = sorted({0, 1, 2, req_r, resp_w, *inherit})  # inherit: the jail's ready ruleset
    for low, high in zip(keep, keep[1:] + [1 << 20], strict=True):
        if high > low + 1:
            os.closerange(low + 1, high)
    del wake
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None
    config = req["config"]
    config["fds"] = [req_r, resp_w]
    sys.argv[:] = [sys.argv[0], json.dumps(config)]
    if faulthandler.is_enabled():
        faulthandler.enable()
