"""Landlock (Linux 5.13+): an unprivileged process restricts itself, and everything it starts.

One ruleset, built in the sandbox process just before learner code runs, carries
three of the jail's layers (see ``filesystem.py``, ``network.py``,
``processes.py``): the file-system allow-list (ABI 1+; REFER 2, TRUNCATE 3,
IOCTL_DEV 5), TCP bind/connect refused (ABI 4+), and signals and abstract Unix
sockets scoped to the sandbox (ABI 6+). Nothing is allowed that no rule names.
"""

import ctypes
import os
import struct

from . import syscalls

# file-system rights (include/uapi/linux/landlock.h)
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2

_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
FILE_RIGHTS = (
    EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
)  # what a rule on a file may grant
READ = EXECUTE | READ_FILE | READ_DIR

_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1


def abi() -> int:
    """The Landlock ABI version of this kernel, 0 when there is none (or it is disabled)."""
    if not syscalls.linux():
        return 0
    try:
        return syscalls.syscall(
            syscalls.SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION
        )
    except OSError:
        return 0


def why_not() -> str | None:
    if not syscalls.linux():
        return "Landlock is a Linux feature"
    if abi() == 0:
        return "this kernel has no Landlock (Linux 5.13+ with landlock in the lsm= list)"
    return None


def fs_rights(version: int) -> int:
    return _FS_BY_ABI[max(v for v in _FS_BY_ABI if v <= version)]


class Ruleset:
    """A ruleset handling every right this ABI knows: what no rule allows is denied."""

    def __init__(self, version: int, *, fs: bool = True, net: bool = True, scope: bool = True):
        self.version = version
        self.fs = fs_rights(version) if fs else 0
        self.net = NET_BIND_TCP | NET_CONNECT_TCP if net and version >= 4 else 0
        self.scope = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if scope and version >= 6 else 0
        if version >= 6:
            attr = struct.pack("QQQ", self.fs, self.net, self.scope)
        elif version >= 4:
            attr = struct.pack("QQ", self.fs, self.net)
        else:
            attr = struct.pack("Q", self.fs)
        buf = ctypes.create_string_buffer(attr, len(attr))
        self.fd = syscalls.syscall(
            syscalls.SYS_LANDLOCK_CREATE_RULESET, buf, ctypes.c_size_t(len(attr)), 0
        )

    def allow(self, path: str, access: int) -> bool:
        """Allow ``access`` beneath ``path`` (restricted to file rights for a file); False if absent."""
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            if not _is_dir(fd):
                access &= FILE_RIGHTS
            access &= self.fs
            if not access:
                return False
            attr = ctypes.create_string_buffer(struct.pack("=Qi", access, fd), 12)
            syscalls.syscall(syscalls.SYS_LANDLOCK_ADD_RULE, self.fd, _RULE_PATH_BENEATH, attr, 0)
            return True
        finally:
            os.close(fd)

    def restrict_self(self) -> None:
        """Apply (needs no_new_privs or CAP_SYS_ADMIN); the ruleset's descriptor is closed."""
        try:
            syscalls.syscall(syscalls.SYS_LANDLOCK_RESTRICT_SELF, self.fd, 0)
        finally:
            os.close(self.fd)
            self.fd = -1


def _is_dir(fd: int) -> bool:
    import stat

    return stat.S_ISDIR(os.fstat(fd).st_mode)
