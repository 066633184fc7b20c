"""Namespaces: the sandbox gets its own user, mount, network, IPC and PID namespaces in one ``unshare``.

``unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID)``
needs no root where unprivileged user namespaces are enabled. The IPC namespace
keeps System V shared memory, semaphores and message queues and POSIX message
queues apart: the sandbox can neither attach the user's segments (same uid
outside) nor leave a segment behind (they die with the namespace). Inside, the one mapped id
is the unprivileged ``JAIL_UID`` (65534, "nobody") standing for the caller's own
uid: root outside is never root inside. The new PID namespace takes effect for
the next child, which is its process 1 (``pidns.py``).

This module only creates them; ``network.py`` and ``processes.py`` say what each
one is worth.
"""

import os

from . import syscalls

JAIL_UID = JAIL_GID = 65534
FLAGS = (
    syscalls.CLONE_NEWUSER
    | syscalls.CLONE_NEWNS
    | syscalls.CLONE_NEWNET
    | syscalls.CLONE_NEWIPC
    | syscalls.CLONE_NEWPID
)


def _read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def why_not() -> str | None:
    """Why this machine cannot give a sandbox its own namespaces (None: it can)."""
    if not syscalls.linux():
        return "namespaces are a Linux feature"
    if _read("/proc/sys/kernel/unprivileged_userns_clone") == "0" and os.geteuid() != 0:
        return "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)"
    if _read("/proc/sys/user/max_user_namespaces") == "0":
        return "user namespaces are disabled (user.max_user_namespaces = 0)"
    restricted = _read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
    if restricted == "1" and os.geteuid() != 0:
        return "AppArmor restricts unprivileged user namespaces (apparmor_restrict_unprivileged_userns = 1)"
    return None


def enter() -> None:
    """Unshare all five, then map ``JAIL_UID`` to the caller's ids. Single-threaded callers only.

    A new user namespace changes the credentials, which clears the parent-death
    signal: it is set again, so the sandbox still dies with the fork server.
    """
    uid, gid = os.geteuid(), os.getegid()
    pdeathsig = syscalls.get_pdeathsig()
    syscalls.unshare(FLAGS)
    if pdeathsig:
        syscalls.prctl(syscalls.PR_SET_PDEATHSIG, pdeathsig)
    syscalls.write_id_maps(JAIL_UID, JAIL_GID, uid, gid)
