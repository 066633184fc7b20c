"""Layer ``processes``: the sandbox sees, signals and outlives no process but its own.

After ``namespaces.enter()`` the sandbox process (A, the one quizzer or the fork
server knows) forks C, the worker that runs the learner's code and process 1 of
the new PID namespace. C mounts a fresh ``/proc`` in its private mount
namespace, so it lists only itself and what it starts. When C exits, the kernel
kills everything left in the namespace: a double fork, ``setsid`` or a daemon
cannot outlive the sandbox. C dies with A (``PR_SET_PDEATHSIG``), so killing A
(or its process group) kills the lot; A waits for C and ends the same way
(same exit code, or same signal), so to its parent the jail is invisible.

As process 1, C ignores the signals it sends itself (the kernel protects a
namespace's init from its own namespace): a submission cannot kill its own
sandbox with ``os.kill``, while faults (SIGSEGV), the CPU limit's SIGKILL and
quizzer's kill still end it. Landlock then scopes signals and abstract Unix
sockets to the sandbox (ABI 6+, ``landlock.py``), and ``RLIMIT_NPROC``, counted
per user namespace, bounds the processes it starts even when quizzer runs as root.
"""

import os
import signal

from . import namespaces, syscalls

HELPERS = 1  # the jail's own process beside the worker in its user namespace (A)


def why_not() -> str | None:
    return namespaces.why_not()


def split() -> None:
    """Fork C (process 1 of the new PID namespace); returns in C only (A waits, then ends as C did)."""
    child = os.fork()
    if child:
        _mirror(child)
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)


def mount_proc() -> None:
    """A private mount tree, and a ``/proc`` that shows this PID namespace only (in C)."""
    syscalls.mount(None, "/", None, syscalls.MS_REC | syscalls.MS_PRIVATE)
    syscalls.mount(
        "proc", "/proc", "proc", syscalls.MS_NOSUID | syscalls.MS_NODEV | syscalls.MS_NOEXEC
    )


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


def _mirror(child: int) -> None:
    """A: close everything, wait for C, then end as C ended."""
    os.closerange(0, 1 << 16)
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    status = signal.SIGKILL  # as if killed, should the wait fail
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except InterruptedError:
            continue
        except ChildProcessError:
            break
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        import faulthandler

        faulthandler.disable()
        signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)
