"""Layer ``processes``: the sandbox sees, signals and outlives no process but its own.

After ``namespaces.enter()`` the sandbox process (A, the one quizzer or the fork
server knows) forks B, process 1 of the new PID namespace, which forks C, the
worker that runs the learner's code. C mounts a fresh ``/proc`` in its private
mount namespace, so it lists only B and itself; when B exits, the kernel kills
everything left in the namespace (a double fork, ``setsid`` or a daemon cannot
outlive the sandbox). B and C die with their parent (``PR_SET_PDEATHSIG``), so
killing A's process group kills the lot. C's exit status travels to A on a
pipe, and A ends the same way (same code, or same signal), so to its parent the
jail is invisible. Landlock then scopes signals and abstract Unix sockets to
the sandbox (ABI 6+, ``landlock.py``), and ``RLIMIT_NPROC``, counted per user
namespace, bounds the processes it starts even when quizzer runs as root.
"""

import os
import signal
import struct

from . import namespaces, syscalls

HELPERS = 2  # A's process count in the namespace's user: B and C themselves, besides what C starts


def why_not() -> str | None:
    return namespaces.why_not()


def split(keep_in_worker: list[int]) -> None:
    """Fork B and C; returns in C only (A and B wait, then exit as C did)."""
    status_r, status_w = os.pipe()
    b = os.fork()
    if b:
        os.close(status_w)
        _mirror(b, status_r)
    os.close(status_r)
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
    c = os.fork()
    if c:
        _init(c, status_w)
    os.close(status_w)
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)


def mount_proc() -> None:
    """A private mount tree, and a ``/proc`` that shows this PID namespace only (in C)."""
    syscalls.mount(None, "/", None, syscalls.MS_REC | syscalls.MS_PRIVATE)
    syscalls.mount(
        "proc", "/proc", "proc", syscalls.MS_NOSUID | syscalls.MS_NODEV | syscalls.MS_NOEXEC
    )


def _close_all_but(fd: int) -> None:
    os.closerange(0, fd)
    os.closerange(fd + 1, 1 << 16)


def _init(child: int, status_w: int) -> None:
    """B, process 1: reap every orphan until C exits, send C's status to A, exit (the rest dies)."""
    _close_all_but(status_w)
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            status = 1 << 8
            break
        except InterruptedError:
            continue
        if pid == child:
            break
    try:
        os.write(status_w, struct.pack("i", status))
    finally:
        os._exit(0)


def _mirror(child: int, status_r: int) -> None:
    """A: wait for B, then end as C ended."""
    _close_all_but(status_r)
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    while True:
        try:
            os.waitpid(child, 0)
            break
        except InterruptedError:
            continue
        except ChildProcessError:
            break
    data = b""
    try:
        data = os.read(status_r, 4)
    except OSError:
        pass
    status = struct.unpack("i", data)[0] if len(data) == 4 else signal.SIGKILL
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        import faulthandler

        faulthandler.disable()
        signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)
