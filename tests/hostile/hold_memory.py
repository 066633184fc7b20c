# ruff: noqa
# Harming the machine: memory held outside the address space (RLIMIT_AS bounds mappings
# only). Anonymous memory files written and never mapped, 64 MB each (the file-size
# limit), one per descriptor: up to 16 GB per sandbox. Prints "HARMED" when it holds
# more than the sandbox's memory allowance.
import os

T = __TARGETS__
_held = []
try:
    for i in range(T["hold_mb"] // 64 + 1):
        fd = os.memfd_create(f"hold{i}")
        chunk = b"\1" * (1 << 20)
        for _ in range(64):
            os.write(fd, chunk)
        _held.append(fd)
except OSError:
    pass
if len(_held) * 64 >= T["hold_mb"]:
    print("HARMED held", len(_held) * 64, "MB outside the address space")
