# ruff: noqa
# Reading what is not theirs: classmates' files, the teacher's home (~/.ssh), a file beside
# the graded folder, the parent's environment and memory. Each success prints "READ <what>".
import ctypes
import os

T = __TARGETS__


def _read(path):
    try:
        with open(path, "rb") as f:
            data = f.read(4096)
        print("READ", path, data[:80])
    except Exception:
        pass


for path in T["canaries"]:
    _read(path)
for name in ("environ", "cmdline", "maps", "mem"):
    _read(f"/proc/{T['parent']}/{name}")
try:
    for name in os.listdir(T["graded"]):
        print("READ listing", name)
except Exception:
    pass


class _IOVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


try:  # the parent's memory, at the address of a buffer the test knows nothing about
    libc = ctypes.CDLL(None, use_errno=True)
    buf = ctypes.create_string_buffer(64)
    local = _IOVec(ctypes.cast(buf, ctypes.c_void_p), 64)
    remote = _IOVec(0x400000, 64)
    got = libc.process_vm_readv(T["parent"], ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
    if got > 0:
        print("READ parent memory")
except Exception:
    pass
