# ruff: noqa
# Writing where it must not: a classmate's file, the hidden suite and NumPy of the install,
# the progress store, a new file beside the graded folder. Files are opened for appending and
# nothing is written (so a broken jail shows "WROTE <path>" without harming the machine);
# only the marker file is created, and the test checks that it does not exist.
import os

T = __TARGETS__
for path in T["writable"]:
    try:
        with open(path, "a"):
            print("WROTE", path)
    except Exception:
        pass
try:
    with open(T["marker"], "w") as f:
        f.write("escaped")
    print("WROTE", T["marker"])
except Exception:
    pass
try:
    os.symlink(T["canaries"][0], "planted-link")  # the clean-up must not chmod through it
    os.mkdir("locked")
    os.chmod("locked", 0)
except Exception:
    pass
