"""A sandbox worker as a process: what it is given, what comes out of it, and how it ends.

Given: ``Limits`` (what one submission may use), ``worker_env`` (its whole
environment, nothing of quizzer's) and the command that starts ``worker.py``
(``WORKER``, ``WORKER_FLAGS``). Out of it: the learner's stdout and stderr, kept
up to a cap in an ``OutputBuffer``. Its end: ``WorkerTimeout`` when it misses a
deadline, ``WorkerDied`` with the reason (``exit_reason``: the signal or exit
status) when it exits, and ``rmtree`` of its folder. ``StartedWorker`` is a
worker quizzer started itself (``forkserver.ForkedWorker`` is the other kind);
``sandbox.Sandbox`` drives either.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

WORKER = Path(__file__).with_name("worker.py")
WORKER_FLAGS = ("-I", "-u", "-X", "faulthandler")  # the fork server starts with the same


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Picklable, so batch grading can hand it to workers."""

    timeout: float = 10.0  # wall-clock seconds per call (and per import)
    memory_mb: int = 3072  # address space (RLIMIT_AS)
    cpu_seconds: int = 600  # CPU time of one worker process, all calls together
    file_size_mb: int = 64  # largest file the submission may write
    output_kb: int = 64  # captured stdout+stderr kept for the report
    max_processes: int = 0  # processes or threads the submission may start
    max_payload_mb: int = 256  # largest value that may cross the pipe

    def to_dict(self) -> dict:
        return asdict(self)


class WorkerTimeout(Exception):
    """The worker did not answer within the deadline; it has been killed."""


class WorkerDied(Exception):
    """The worker exited, was killed by a signal, or broke the protocol."""

    def __init__(self, reason: str, *, memory: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.memory = memory


class OutputBuffer:
    """The learner's stdout+stderr: the first ``cap`` bytes kept, the rest counted and dropped."""

    def __init__(self, cap: int):
        self.cap = cap
        self.head = bytearray()
        self.total = 0

    def feed(self, data: bytes) -> None:
        self.total += len(data)
        room = self.cap - len(self.head)
        if room > 0:
            self.head += data[:room]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head)

    @property
    def text(self) -> str:
        return self.head.decode("utf-8", errors="replace")


_SIGNALS = {
    signal.SIGSEGV: "crashed with SIGSEGV (segmentation fault)",
    signal.SIGBUS: "crashed with SIGBUS (bus error)",
    signal.SIGILL: "crashed with SIGILL (illegal instruction)",
    signal.SIGFPE: "crashed with SIGFPE (arithmetic fault)",
    signal.SIGABRT: "aborted (SIGABRT)",
    signal.SIGXCPU: "exceeded its CPU-time limit (SIGXCPU)",
    signal.SIGKILL: "was killed (SIGKILL): it hit the memory or CPU-time limit",
}


def exit_reason(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        with contextlib.suppress(ValueError):
            sig = signal.Signals(-code)
            return _SIGNALS.get(sig, f"was killed by {sig.name}")
        return f"was killed by signal {-code}"
    return (
        f"exited with status {code}: a submission must not call sys.exit() or os._exit() "
        "(or close quizzer's pipes)"
    )


def worker_env(tmp: str) -> dict[str, str]:
    """The whole environment of a worker (and of the fork server): nothing of quizzer's."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": tmp,
        "TMPDIR": tmp,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        **dict.fromkeys(
            (
                "OMP_NUM_THREADS",
                "OPENBLAS_NUM_THREADS",
                "MKL_NUM_THREADS",
                "NUMEXPR_NUM_THREADS",
                "VECLIB_MAXIMUM_THREADS",
            ),
            "1",
        ),
    }


class StartedWorker:
    """A worker quizzer started itself (``Popen``); ``forkserver.ForkedWorker`` is the other kind.

    Called under the sandbox's lock, so reaping never races with signalling.
    """

    lost = False

    def __init__(self, popen: subprocess.Popen):
        self.popen = popen
        self.pid = popen.pid

    def finished(self) -> bool:
        """Whether it has exited (reaps it if so)."""
        return self.popen.poll() is not None

    def kill_group(self) -> None:
        # a reaped leader's pid may already be another process group's id: never signal it
        if self.popen.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)

    def status(self, timeout: float) -> int | None:
        """The exit status once it exits, without reaping it (its pid stays reserved)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.popen.returncode is not None:
                return self.popen.returncode
            try:
                info = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except (AttributeError, ChildProcessError):  # no waitid here, or already reaped
                return self.popen.returncode
            if info is not None:
                killed = info.si_code in (os.CLD_KILLED, os.CLD_DUMPED)
                return -info.si_status if killed else info.si_status
            if time.monotonic() > deadline:
                return None
            time.sleep(0.005)

    def release(self) -> None:
        pass


def rmtree(path: str) -> None:
    """Remove the sandbox folder; a folder the submission made unwritable is made writable.

    Only real folders inside it are ever chmod-ed: never through a symbolic link
    the submission planted (``os.chmod`` follows links, so each path is checked
    with ``lstat`` first; the sandbox's processes are all dead by now).
    """
    import stat

    def owner_dir(p: str) -> None:
        with contextlib.suppress(OSError):
            if stat.S_ISDIR(os.lstat(p).st_mode) and os.path.commonpath([path, p]) == path:
                os.chmod(p, 0o700)

    def retry(func, p, _exc):
        with contextlib.suppress(OSError):
            owner_dir(os.path.dirname(p))
            owner_dir(p)
            if func in (os.rmdir, os.unlink, os.remove):
                func(p)
            elif stat.S_ISDIR(os.lstat(p).st_mode):  # a folder it could not open or list
                shutil.rmtree(p, ignore_errors=True)

    shutil.rmtree(path, onerror=retry)
