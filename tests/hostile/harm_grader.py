# ruff: noqa
# Harming the grader: signal quizzer (signal 0 only: the kernel
# checks the permission as for any signal, and a broken jail is seen without harm),
# every process at once (kill -1), take quizzer's fds with pidfd_getfd, raise its own limits, and
# leave its pids cgroup. Each success prints "HARMED <what>".
import ctypes
import os
import resource

T = __TARGETS__
for pid in {T["parent"], os.getppid()} - {0, os.getpid()}:
    try:
        os.kill(pid, 0)
        print("HARMED signal", pid)
    except Exception:
        pass
try:
    os.kill(-1, 0)  # every process it may signal, but itself
    print("HARMED signal every process")
except Exception:
    pass
try:
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = libc.syscall(434, T["parent"], 0)  # pidfd_open
    if pidfd >= 0:
        print("HARMED pidfd_open")
        if libc.syscall(438, pidfd, 1, 0) >= 0:  # pidfd_getfd: quizzer's stdout
            print("HARMED pidfd_getfd")
except Exception:
    pass
try:
    resource.setrlimit(resource.RLIMIT_NPROC, (1000, 1000))
    print("HARMED raised RLIMIT_NPROC")
except Exception:
    pass
for path in ("/sys/fs/cgroup/pids/cgroup.procs", "/sys/fs/cgroup/cgroup.procs"):
    try:
        with open(path, "a"):
            print("HARMED cgroup", path)
    except Exception:
        pass
