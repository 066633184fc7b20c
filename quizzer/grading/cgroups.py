"""Pids and memory cgroups, as root: the bounds no rlimit gives.

``RLIMIT_NPROC`` does not apply to root, so each sandbox worker joins a cgroup of
its own under ``/sys/fs/cgroup/pids`` when one can be created. ``RLIMIT_AS``
bounds only the address space: memory a process holds without mapping it (a
``memfd`` or a System V segment written and unmapped, files in its ``tmpfs``)
escapes it, 64 MB per descriptor, so the worker also joins a memory cgroup
(``/sys/fs/cgroup/memory``, or ``memory.max`` on cgroup v2) capped at its address
space plus its folder. A cgroup left by a quizzer process that was killed
outright is removed (and its tasks killed) the first time a new one is made.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from pathlib import Path

_CGROUP_BASE = Path("/sys/fs/cgroup/pids")
_MEMORY_V1 = Path("/sys/fs/cgroup/memory")
_UNIFIED = Path("/sys/fs/cgroup")
_memory_counter = itertools.count(1)
MEMORY_SLACK_MB = 64  # page tables, the kernel's own buffers, the libraries' page cache
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


def make_memory_cgroup(memory_mb: int, folder_mb: int) -> Path | None:
    """As root, a memory cgroup: the worker's memory however it is held (see the module)."""
    if os.geteuid() != 0:
        return None
    if (_MEMORY_V1 / "memory.limit_in_bytes").exists():
        base, limit_file = _MEMORY_V1, "memory.limit_in_bytes"
    elif "memory" in _read(_UNIFIED / "cgroup.subtree_control").split():
        base, limit_file = _UNIFIED, "memory.max"
    else:
        return None
    if not os.access(base, os.W_OK):
        return None
    number = next(_memory_counter)
    if number == 1:
        _remove_stale_cgroups(base)
    path = base / f"quizzer-mem-{os.getpid()}-{number}"
    limit = (memory_mb + folder_mb + MEMORY_SLACK_MB) << 20
    try:
        path.mkdir()
        (path / limit_file).write_text(str(limit))
        if limit_file == "memory.max":
            with contextlib.suppress(OSError):
                (path / "memory.swap.max").write_text("0")
    except OSError:
        with contextlib.suppress(OSError):
            path.rmdir()
        return None
    return path


def memory_exhausted(path: Path | None) -> bool:
    """Whether the memory cgroup killed a process or refused memory at its limit."""
    if path is None:
        return False
    for name in ("memory.oom_control", "memory.events"):  # cgroup v1, v2
        for line in _read(path / name).splitlines():
            key, _, value = line.partition(" ")
            if key in ("oom_kill", "oom", "max") and value.strip().isdigit() and int(value) > 0:
                return True
    return False


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _remove_stale_cgroups(base: Path = _CGROUP_BASE) -> None:
    """Cgroups left by a quizzer process that was killed outright (their tasks are killed too)."""
    with contextlib.suppress(OSError):
        for path in base.glob("quizzer-*-*"):
            try:
                os.kill(int(path.name.split("-")[-2]), 0)
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
