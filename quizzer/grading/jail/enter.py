"""The jail, closed around a sandbox worker before any learner code runs (loaded by path by the worker).

``close(settings, worker_dir)`` runs in the worker process that quizzer
(``check``) or the fork server (``grade``) started, after NumPy is imported and
before the learner's source is even received. In order: its own user, mount,
network and PID namespaces (``namespaces.py``), the forks into B, process 1
of the new namespace, and the worker C (``processes.py``: only C returns), a fresh
``/proc``, ``no_new_privs``, the Landlock ruleset (``filesystem.py``,
``network.py``, scoping), and an empty capability set (``privileges.py``).
Each layer that cannot be applied is recorded with the reason and the rest
still closes: quizzer decides from the returned report whether it may go on
(``grade`` refuses without the file-system and process layers).

``prepare(worker_dir, box)`` runs once in the fork server, before any fork: it
computes the read allow-list and builds the whole Landlock ruleset, whose only
writable folder is ``box``. Each child then makes ``box`` read-only and mounts
a fresh ``tmpfs`` at ``box/box`` in its own mount namespace (so no two children
share a file, and nothing written outlives the sandbox) and restricts itself
with that ready ruleset: one system call instead of hundreds.

``settings["layers"]`` names the layers to try (all by default; the benchmark
turns them on one at a time): ``namespaces``, ``filesystem``, ``network``,
``processes``, ``privileges``.
"""

import os
import sys

from . import dropuid, filesystem, landlock, namespaces, network, privileges, processes, syscalls

LAYERS = ("filesystem", "network", "processes", "privileges")
ALL = frozenset((*LAYERS, "namespaces"))
_reads: list | None = None
_box: str | None = None
_ready: "landlock.Ruleset | None" = None  # every layer's rules, built once (fork server)
_read_only = False  # the mount tree is read-only in the sandbox (no chmod/utime/xattr outside)


def prepare(worker_dir: str, box: str | None = None) -> None:
    """The allow-list (and, with ``box``, the ready ruleset); errors leave each child to build its own."""
    global _reads, _box, _ready
    version = landlock.abi()
    if _reads is None and version:
        _reads = filesystem.read_paths(worker_dir)
    if box is not None and version and _ready is None and namespaces.why_not() is None:
        try:
            ruleset = landlock.Ruleset(version)
            filesystem.apply(ruleset, _reads, box)
        except OSError:
            return
        _box, _ready = box, ruleset


def inherited_fds() -> list[int]:
    """Descriptors a forked child must keep (the ready ruleset)."""
    return [_ready.fd] if _ready is not None else []


def reads() -> list:
    return list(_reads or ())


def _on(how: str) -> dict:
    return {"active": True, "how": how}


def _off(why: str) -> dict:
    return {"active": False, "why": why}


def _namespaces(wanted: set, box_mb: int) -> tuple[bool, bool, bool, str | None]:
    """``(namespaces, own /proc, own box, why not)``; in C when the namespaces are made."""
    if "namespaces" not in wanted:
        return False, False, False, "turned off"
    why = namespaces.why_not()
    if why is not None:
        return False, False, False, why
    try:
        namespaces.enter()
    except OSError as exc:
        return (
            False,
            False,
            False,
            f"unshare(user, mount, net, ipc, pid) failed: {exc.strerror or exc}",
        )
    processes.split()
    try:
        processes.mount_proc()
    except OSError as exc:
        return True, False, False, f"could not mount the sandbox's own /proc: {exc.strerror or exc}"
    global _read_only
    try:
        processes.read_only_root()
        _read_only = True
    except OSError:  # before Linux 5.12: Landlock still guards contents, not metadata
        _read_only = False
    if _ready is None or wanted != ALL:
        if wanted == ALL:  # started directly: a private tmpfs over its own folder, ruleset after
            try:
                here = os.getcwd()
                processes.mount_tmpfs(here, box_mb)
                os.chdir(here)  # onto the tmpfs (the old descriptor still names the folder below)
            except OSError:
                pass
        return True, True, False, None
    try:
        box = processes.mount_box(_box, box_mb)
        os.chdir(box)
    except OSError:
        return True, True, False, None
    os.environ["HOME"] = os.environ["TMPDIR"] = box
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None
    return True, True, True, None


def _landlock(wanted: set, own_box: bool, worker_dir: str) -> tuple[int, str | None, str | None]:
    """``(ABI applied or 0, what the file-system layer is, why not)``."""
    version = landlock.abi()
    if not version or not wanted & {"filesystem", "network", "processes"}:
        return 0, None, landlock.why_not() or "turned off"
    try:
        if own_box:
            ruleset = _ready
        else:
            prepare(worker_dir)
            ruleset = landlock.Ruleset(
                version,
                fs="filesystem" in wanted,
                net="network" in wanted,
                scope="processes" in wanted,
            )
            if "filesystem" in wanted:
                filesystem.apply(ruleset, _reads, os.getcwd())
        syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)  # restrict_self needs it
        ruleset.restrict_self()
    except OSError as exc:
        return 0, None, f"Landlock could not be applied: {exc.strerror or exc}"
    how = filesystem.describe(version, _read_only) if "filesystem" in wanted else None
    return version, how, None if how else "turned off"


def _drop_ready() -> None:
    """The ready ruleset's descriptor must not stay open under learner code: a rule added
    to it would reach every sandbox forked after this one."""
    if _ready is not None and _ready.fd >= 0:
        try:
            os.close(_ready.fd)
        except OSError:
            pass
        _ready.fd = -1


def close(settings: dict, worker_dir: str, box_mb: int = 64) -> dict:
    """Apply every layer asked for; returns (in the worker C) what each layer became."""
    wanted = set(settings.get("layers", ALL))
    report = {name: _off("turned off") for name in LAYERS}
    own_keyring = privileges.leave_keyring() if "privileges" in wanted else False
    netns, own_proc, own_box, ns_why = _namespaces(wanted, box_mb)
    version, fs_how, fs_why = _landlock(wanted, own_box, worker_dir)
    report["user"] = user = dropuid.layer(settings, wanted, netns)  # root without namespaces
    _drop_ready()
    if "filesystem" in wanted:
        report["filesystem"] = _on(fs_how) if fs_how else _off(fs_why)
    if "network" in wanted:
        tcp = version if version >= 4 else 0
        if netns:
            report["network"] = _on(network.describe(True, tcp))
        else:
            extra = f" (only: {network.describe(False, tcp)})" if tcp else ""
            report["network"] = _off((ns_why or "no network namespace") + extra)
    if "processes" in wanted:
        if netns and own_proc:
            how = "own PID namespace and /proc, own IPC namespace; everything in it dies with the sandbox"
            if version >= 6:
                how += "; Landlock scopes signals"
            report["processes"] = _on(how + "; RLIMIT_NPROC per user namespace")
        elif user["active"]:
            report["processes"] = _on(dropuid.PROCESSES.format(uid=user["uid"]))
        else:
            report["processes"] = _off(ns_why or "no PID namespace")
    if "privileges" in wanted and privileges.why_not() is None:
        try:
            report["privileges"] = _on(privileges.apply(netns, own_keyring))
        except OSError as exc:
            report["privileges"] = _off(f"prctl/capset failed: {exc.strerror or exc}")
    report["namespaces"] = netns
    return report
