"""Layer ``processes``: the sandbox sees, signals and outlives no process but its own.

After ``namespaces.enter()`` the sandbox process (A, the one quizzer or the fork
server knows) forks B, process 1 of the new PID namespace, which forks C, the
worker that runs the learner's code. C mounts a fresh ``/proc`` in its private
mount namespace, so it would list only B and itself. When B exits, the kernel
kills everything left in the namespace: a double fork, ``setsid`` or a daemon
cannot outlive the sandbox. B and C die with their parent
(``PR_SET_PDEATHSIG``), so killing A's process group kills the lot. C's exit
status travels to A on a pipe, and A ends the same way (same code, or same
signal), so to its parent the jail is invisible. The worker is not process 1
itself because the kernel shields a namespace's process 1 from the signals it
sends itself: ``os.kill(os.getpid(), SIGSEGV)`` must still crash a submission.
Landlock then scopes signals and abstract Unix sockets to the sandbox (ABI 6+,
``landlock.py``), and ``RLIMIT_NPROC``, counted per user namespace, bounds the
processes it starts even when quizzer runs as root.
"""

import os
import signal
import struct

from . import namespaces, syscalls

HELPERS = 2  # the jail's own processes beside the worker in its user namespace (A and B)


def why_not() -> str | None:
    return namespaces.why_not()


def split() -> None:
    """Fork B (process 1) and C; returns in C only (A and B wait, then end as C ended)."""
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


def _init(child: int, status_w: int) -> None:
    """B, process 1: reap every orphan until C exits, send C's status to A, exit (the rest dies)."""
    os.closerange(0, status_w)
    os.closerange(status_w + 1, 1 << 16)
    status = 1 << 8
    while True:
        try:
            pid, found = os.waitpid(-1, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            break
        if pid == child:
            status = found
            break
    try:
        os.write(status_w, struct.pack("i", status))
    finally:
        os._exit(0)


def mount_proc() -> None:
    """A private mount tree, and a ``/proc`` that shows this PID namespace only (in C)."""
    syscalls.mount(None, "/", None, syscalls.MS_REC | syscalls.MS_PRIVATE)
    syscalls.mount(
        "proc", "/proc", "proc", syscalls.MS_NOSUID | syscalls.MS_NODEV | syscalls.MS_NOEXEC
    )


def read_only_root() -> None:
    """The whole mount tree read-only in this namespace, before the box's ``tmpfs`` is mounted.

    Landlock rules reads and writes of contents, not metadata: without this, a
    sandbox (whose uid is quizzer's outside) could ``chmod``, ``utime``, ``chown``
    to itself or ``setxattr`` any file of the user's that it can name (a teacher's
    key made world-readable, NumPy made unreadable for the next student).
    """
    syscalls.read_only_tree("/")


def mount_box(folder: str, size_mb: int) -> str:
    """The sandbox's only writable folder: a fresh, size-capped ``tmpfs`` at ``folder/box``.

    ``folder`` (where the ready ruleset allows writing) becomes read-only in this
    mount namespace, so nothing written there outlives the sandbox or reaches a
    sibling; ``folder/box`` gets a private ``tmpfs`` (Landlock grants it through
    ``folder``, since a rule on a mount point itself does not reach the mount).
    Returns the box's path.
    """
    box = os.path.join(folder, "box")
    syscalls.mount(folder, folder, None, syscalls.MS_BIND)
    syscalls.mount(None, folder, None, syscalls.MS_BIND | syscalls.MS_REMOUNT | syscalls.MS_RDONLY)
    mount_tmpfs(box, size_mb)
    return box


def mount_tmpfs(path: str, size_mb: int) -> None:
    """A private, size-capped ``tmpfs`` over ``path`` (what was there stays hidden, untouched)."""
    syscalls.mount(
        "tmpfs",
        path,
        "tmpfs",
        syscalls.MS_NOSUID | syscalls.MS_NODEV,
        f"size={size_mb}m,nr_inodes=16384,mode=0700",
    )


def _mirror(child: int, status_r: int) -> None:
    """A: close everything but the status pipe, wait for B, then end as C ended."""
    os.closerange(0, status_r)
    os.closerange(status_r + 1, 1 << 16)
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
    status = struct.unpack("i", data)[0] if len(data) == 4 else signal.SIGKILL  # B was killed
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        import faulthandler

        faulthandler.disable()
        signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)
