# ruff: noqa
# System V IPC: attach the teacher's shared memory segments (same uid outside the jail)
# by trying every small id, and leave a segment behind that outlives quizzer. Prints
# "READ" when a segment of the user's comes back.
import ctypes

T = __TARGETS__
try:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    for shmid in range(0, 256):
        addr = libc.shmat(shmid, None, 0o10000)  # SHM_RDONLY
        if addr is not None and addr != ctypes.c_void_p(-1).value:
            if T["secret"].encode() in ctypes.string_at(addr, 64):
                print("READ shared memory segment", shmid)
            libc.shmdt(ctypes.c_void_p(addr))
    libc.shmget(T["shm_key"], 1 << 20, 0o1000 | 0o600)  # IPC_CREAT: left behind
except Exception:
    pass
