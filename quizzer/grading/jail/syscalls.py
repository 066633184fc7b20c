"""The Linux system calls the jail needs, through ``ctypes`` (Python 3.11 has no ``os.unshare``).

Loaded by the worker by path (it must not import ``quizzer``), so this module
imports nothing but the standard library. Each wrapper raises ``OSError`` with
the kernel's errno; callers turn that into "layer not available, because ...".
"""

import ctypes
import os
import platform
import struct

_libc = ctypes.CDLL(None, use_errno=True) if platform.system() != "Windows" else None
if _libc is not None:
    _libc.syscall.restype = ctypes.c_long

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

PR_SET_PDEATHSIG, PR_GET_PDEATHSIG = 1, 2
PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18

# x86_64 and aarch64 share the numbers of the newer calls; capset differs
_CAPSET = {"x86_64": 126, "aarch64": 91}.get(platform.machine())
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
SYS_MOUNT_SETATTR = 442  # the same on x86_64 and aarch64 (the generic table)
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY = 0x00000001
_KEYCTL = {"x86_64": 250, "aarch64": 219}.get(platform.machine())
KEYCTL_JOIN_SESSION_KEYRING = 1


def _check(result: int) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
    return result


def linux() -> bool:
    return platform.system() == "Linux"


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)))


def prctl(option: int, arg: int = 0) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0))


def get_pdeathsig() -> int:
    value = ctypes.c_int(0)
    _check(_libc.prctl(PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0))
    return value.value


def mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None
) -> None:
    _check(
        _libc.mount(
            _bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data)
        )
    )


def read_only_tree(path: str) -> None:
    """Every mount at and beneath ``path`` read-only in this mount namespace (``mount_setattr``,
    Linux 5.12+): no ``chmod``, ``chown``, ``utime`` or ``setxattr`` reaches a file there."""
    attr = ctypes.create_string_buffer(struct.pack("QQQQ", MOUNT_ATTR_RDONLY, 0, 0, 0))
    _check(
        _libc.syscall(
            ctypes.c_long(SYS_MOUNT_SETATTR),
            ctypes.c_int(AT_FDCWD),
            _bytes(path),
            ctypes.c_uint(AT_RECURSIVE),
            attr,
            ctypes.c_size_t(32),
        )
    )


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else text.encode()


def drop_capabilities() -> None:
    """Empty effective, permitted and inheritable sets (capset, version 3)."""
    if _CAPSET is None:
        raise OSError(38, "capset: unknown system call number on this machine")
    header = ctypes.create_string_buffer(struct.pack("Ii", 0x20080522, 0))
    data = ctypes.create_string_buffer(24)
    _check(_libc.syscall(_CAPSET, header, data))


def new_session_keyring() -> None:
    """Join a fresh, empty, anonymous session keyring: the caller no longer possesses the
    user's (a key added with the default permissions is then no longer readable)."""
    if _KEYCTL is None:
        raise OSError(38, "keyctl: unknown system call number on this machine")
    _check(_libc.syscall(ctypes.c_long(_KEYCTL), KEYCTL_JOIN_SESSION_KEYRING, None))


def syscall(number: int, *args) -> int:
    return _check(_libc.syscall(ctypes.c_long(number), *args))


def write_id_maps(inside_uid: int, inside_gid: int, outside_uid: int, outside_gid: int) -> None:
    """Map one inside id to the caller's own ids (what an unprivileged process may do)."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{inside_uid} {outside_uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{inside_gid} {outside_gid} 1")
