"""The jail, closed around a sandbox worker before any learner code runs (loaded by path by the worker).

``close(settings)`` runs in the worker process that quizzer (``check``) or the
fork server (``grade``) started, after NumPy is imported and before the
learner's source is even received. In order: its own user, mount, network and
PID namespaces (``namespaces.py``), the split into A / init B / worker C
(``processes.py``: only C returns), a fresh ``/proc``, ``no_new_privs``, the
Landlock ruleset (``filesystem.py``, ``network.py``, scoping), and an empty
capability set (``privileges.py``). Each layer that cannot be applied is
recorded with the reason and the rest still closes: quizzer decides from the
returned report whether it may go on (``grade`` refuses without the
file-system and process layers). ``prepare()`` computes the read allow-list
once (the fork server calls it before forking).

``settings["layers"]`` names the layers to try (all by default; the benchmark
turns them on one at a time): ``namespaces``, ``filesystem``, ``network``,
``processes``, ``privileges``.
"""

import os

from . import filesystem, landlock, namespaces, network, privileges, processes, syscalls

LAYERS = ("filesystem", "network", "processes", "privileges")
_reads: list[str] | None = None


def prepare(worker_dir: str) -> None:
    global _reads
    if _reads is None and landlock.abi():
        _reads = filesystem.read_paths(worker_dir)


def reads() -> list:
    return list(_reads or ())


def _on(how: str) -> dict:
    return {"active": True, "how": how}


def _off(why: str) -> dict:
    return {"active": False, "why": why}


def close(settings: dict, worker_dir: str) -> dict:
    """Apply every layer asked for; returns (in the worker C) what each layer became."""
    wanted = set(settings.get("layers", (*LAYERS, "namespaces")))
    report = {name: _off("turned off") for name in LAYERS}
    netns = False
    if "namespaces" in wanted:
        why = namespaces.why_not()
        if why is None:
            try:
                namespaces.enter()
                netns = True
            except OSError as exc:
                why = f"unshare(user, mount, net, pid) failed: {exc.strerror or exc}"
        if netns:
            processes.split([])
            try:
                processes.mount_proc()
                own_proc = True
            except OSError as exc:
                own_proc = False
                why = f"could not mount the sandbox's own /proc: {exc.strerror or exc}"
        else:
            own_proc = False
    else:
        why, own_proc = "turned off", False
    version = landlock.abi()
    if version and wanted & {"filesystem", "network", "processes"}:
        prepare(worker_dir)
        ruleset = landlock.Ruleset(
            version,
            fs="filesystem" in wanted,
            net="network" in wanted,
            scope="processes" in wanted,
        )
        fs_how = None
        if "filesystem" in wanted:
            fs_how = filesystem.apply(ruleset, _reads, os.getcwd(), own_proc)
        syscalls_ok = True
        try:  # restrict_self needs no_new_privs (or CAP_SYS_ADMIN)
            syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
            ruleset.restrict_self()
        except OSError as exc:
            syscalls_ok = False
            fs_how = None
            report["filesystem"] = _off(f"landlock_restrict_self failed: {exc.strerror or exc}")
        if fs_how:
            report["filesystem"] = _on(fs_how)
        landlock_net = version if syscalls_ok and "network" in wanted else 0
        scoped = syscalls_ok and "processes" in wanted and version >= 6
    else:
        if "filesystem" in wanted:
            report["filesystem"] = _off(landlock.why_not() or "turned off")
        landlock_net, scoped = 0, False
    if "network" in wanted:
        if netns:
            report["network"] = _on(network.describe(True, landlock_net))
        else:
            tcp = (
                f" (TCP only: {network.describe(False, landlock_net)})" if landlock_net >= 4 else ""
            )
            report["network"] = _off((why or "no network namespace") + tcp)
    if "processes" in wanted:
        if netns and own_proc:
            how = "own PID namespace and /proc; everything in it dies with the sandbox"
            if scoped:
                how += "; Landlock scopes signals"
            report["processes"] = _on(how + "; RLIMIT_NPROC per user namespace")
        else:
            report["processes"] = _off(why or "no PID namespace")
    if "privileges" in wanted and privileges.why_not() is None:
        try:
            report["privileges"] = _on(privileges.apply(netns))
        except OSError as exc:
            report["privileges"] = _off(f"prctl/capset failed: {exc.strerror or exc}")
    report["namespaces"] = netns
    return report
