# ruff: noqa
# Outliving the sandbox: a double fork and setsid, a grandchild that renames itself (its
# /proc/PID/comm) and sleeps. Run with max_processes > 0; the test looks for the name.
import ctypes
import os
import time

T = __TARGETS__
try:
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            ctypes.CDLL(None).prctl(15, T["token"].encode(), 0, 0, 0)  # PR_SET_NAME
            time.sleep(60)
        os._exit(0)
    time.sleep(0.2)
except Exception as exc:
    print("fork refused:", exc)
