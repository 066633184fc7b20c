"""Layer ``privileges``: the sandbox can gain no privilege and trace nobody.

``PR_SET_NO_NEW_PRIVS`` (no set-uid gain through exec), an empty capability set
(the capabilities a new user namespace grants are dropped once its ``/proc`` is
mounted), and the unprivileged id 65534 inside the namespace even when quizzer
runs as root, and an empty session keyring of its own: the keys quizzer's session
holds (a Kerberos ticket, an ``ecryptfs`` passphrase, a token put there with
``keyctl``) are not possessed by the sandbox, so not readable. On quizzer's side, ``protect_parent()`` makes quizzer (and the
fork server) non-dumpable: no ``ptrace``, ``process_vm_readv``,
``/proc/PID/mem`` or ``pidfd_getfd`` into it by a process of the same user.
Landlock adds that a sandboxed process may ptrace only processes in its own domain.
"""

import os

from . import syscalls


def why_not() -> str | None:
    if not syscalls.linux():
        return "PR_SET_NO_NEW_PRIVS is a Linux feature"
    return None


def protect_parent() -> bool:
    """Quizzer's own process: not dumpable, so nothing of the same user can trace or read it."""
    try:
        syscalls.prctl(syscalls.PR_SET_DUMPABLE, 0)
        return True
    except (OSError, AttributeError):
        return False


def leave_keyring() -> bool:
    """An empty session keyring of its own (before any learner code runs); False if refused."""
    try:
        syscalls.new_session_keyring()
        return True
    except (OSError, AttributeError):
        return False


def apply(in_namespace: bool, own_keyring: bool = True) -> str:
    syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
    if not own_keyring:
        raise OSError(1, "could not leave quizzer's session keyring (keyctl refused)")
    parts = ["no new privileges", "own empty session keyring"]
    if in_namespace:
        syscalls.drop_capabilities()
        parts.append(f"no capabilities, uid {os.getuid()} inside its user namespace")
    return ", ".join(parts)
