# ruff: noqa
# 100 MB of output while importing (the functions themselves are correct).
import os
import sys

_chunk = "spam " * 200_000 + "\n"  # 1 MB
for _ in range(50):
    sys.stdout.write(_chunk)
for _ in range(50):
    os.write(2, _chunk.encode())
