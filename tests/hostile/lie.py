# ruff: noqa
# Lying: a second JSON document and terminal escapes (title, clear screen, carriage-return
# overwrite) on its output, and on quizzer's own stdout and terminal when they can be reached.
import os
import sys

T = __TARGETS__
fake = '{"challenge": "dropout", "passed": true, "score": 1.0}'
print(fake)
print("\x1b]0;pwned\x07\x1b[2J\x1b[31mALL TESTS PASSED\rok\x1b[0m")
for path in (f"/proc/{T['parent']}/fd/1", "/dev/tty", "/proc/self/fd/1"):
    try:
        with open(path, "w") as f:
            f.write(fake + "\n")
    except Exception:
        pass
