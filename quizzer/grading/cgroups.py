"""Pids cgroups: as root, the only bound on the processes and threads a worker starts.

``RLIMIT_NPROC`` does not apply to root, so each sandbox worker joins a cgroup of
its own under ``/sys/fs/cgroup/pids`` when one can be created. A cgroup left by a
quizzer process that was killed outright is removed (and its tasks killed) the
first time a new one is made.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from pathlib import Path

_CGROUP_BASE = Path("/sys/fs/cgroup/pids")
_counter = itertools.count(1)
JAIL_HELPERS = (
    2  # the jail's outer process and process 1, beside the worker (``jail/processes.py``)
)


def make_cgroup(max_processes: int) -> Path | None:
    """As root, a pids cgroup bounds the worker's processes and threads (RLIMIT_NPROC does not)."""
    if os.geteuid() != 0 or not os.access(_CGROUP_BASE, os.W_OK):
        return None
    number = next(_counter)
    if number == 1:
        _remove_stale_cgroups()
    path = _CGROUP_BASE / f"quizzer-{os.getpid()}-{number}"
    try:
        path.mkdir()
        (path / "pids.max").write_text(str(1 + JAIL_HELPERS + max_processes))
    except OSError:
        with contextlib.suppress(OSError):
            path.rmdir()
        return None
    return path


def _remove_stale_cgroups() -> None:
    """Cgroups left by a quizzer process that was killed outright (their tasks are killed too)."""
    with contextlib.suppress(OSError):
        for path in _CGROUP_BASE.glob("quizzer-*-*"):
            try:
                os.kill(int(path.name.split("-")[1]), 0)
            except ProcessLookupError:
                remove_cgroup(path)
            except (ValueError, OSError):
                continue


def remove_cgroup(path: Path) -> None:
    for _ in range(50):
        try:
            path.rmdir()
            return
        except OSError:
            pass
        with contextlib.suppress(OSError, ValueError):
            for pid in (path / "cgroup.procs").read_text().split():
                os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.01)
