"""Layer ``user``: as root without user namespaces, the sandbox drops to a uid of its own.

In a Gradescope or PrairieLearn container quizzer grades as root and Docker's
default seccomp profile refuses ``unshare(CLONE_NEWUSER)``: without this layer
the learner's code would run as root. When quizzer is root and the namespaces
layer could not be applied, the worker (still root, before any learner code)
hands its folder to the sandbox's uid, empties its capability bounding set,
then ``setgroups([])``, ``setgid``, ``setuid``: the kernel clears every
capability, and ``PR_SET_NO_NEW_PRIVS`` forbids regaining any through exec.
From then on ordinary Unix permissions hold: it cannot read root-only files
(the bundles make the references and suites 0700, ``quizzer.bundles.lockdown``),
write outside its folder, signal quizzer, or raise its rlimits, and
``RLIMIT_NPROC`` binds (it counts the uid's processes).

Quizzer's side (``Sandbox``, root): ``take()`` gives each sandbox a uid that no
running process uses (``QUIZZER_SANDBOX_UID``, default 65534 "nobody", then the
uids just below it for sandboxes that run at the same time, so siblings cannot
signal each other), and ``kill_all(uid)`` kills every process of that uid when
the sandbox closes: a double fork or ``setsid`` cannot outlive it.

Loaded by path in the worker too: standard library and siblings only.
"""

import os
import signal
import sys
import threading
import time

from . import syscalls

DEFAULT_UID = 65534
POOL = 64  # sandboxes at once (uids DEFAULT_UID, DEFAULT_UID - 1, ...)
PR_CAPBSET_DROP = 24
_lock = threading.Lock()
_taken: dict[int, bool] = {}  # uid -> taken by a sandbox with every layer
_namespaced = False  # a sandbox of this process had its own user namespace


def why_not(netns: bool) -> str | None:
    if netns:
        return None
    if not syscalls.linux():
        return "a Linux fallback"
    if os.geteuid() != 0:
        return "quizzer is not root: the learner's code runs as quizzer's own user"
    return None


# --------------------------------------------------------------------------- in the worker
def apply(uid: int) -> str:
    """Drop this (root) process to ``uid``/``uid`` for good; returns what the layer is."""
    os.chown(".", uid, uid)  # its private folder (made 0700 by quizzer) becomes its own
    hidden = _hidden_imports()
    for cap in range(64):  # every capability this kernel knows (EINVAL past the last)
        try:
            syscalls.prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            break
    pdeathsig = syscalls.get_pdeathsig()
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)  # clears the effective, permitted and ambient capabilities
    if pdeathsig:  # a change of credentials clears it
        syscalls.prctl(syscalls.PR_SET_PDEATHSIG, pdeathsig)
    syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
    if os.getuid() != uid or os.geteuid() != uid or os.getgroups():
        raise OSError(1, "the uid did not change")
    how = f"dropped to uid {uid} (root without user namespaces): no groups, capabilities"
    how += " or bounding set"
    if hidden:
        how += f"; warning: it cannot read {hidden[0]} (imports not loaded yet fail)"
    return how


def _hidden_imports() -> list[str]:
    """The import folders (``sys.path``) a uid that owns nothing cannot list: other bits only."""
    import stat

    found = []
    for entry in sys.path:
        path = os.path.abspath(entry or ".")
        if not os.path.isdir(path):
            continue
        parts, need = [], stat.S_IXOTH | stat.S_IROTH
        while True:
            parts.append((path, need))
            parent, need = os.path.dirname(path), stat.S_IXOTH
            if parent == path:
                break
            path = parent
        if any(os.stat(p).st_mode & bits != bits for p, bits in parts):
            found.append(os.path.abspath(entry or "."))
    return found


# --------------------------------------------------------------------------- quizzer's side
EVERY_LAYER = ("namespaces", "filesystem", "network", "processes", "privileges", "user")


def from_env() -> tuple[str, ...] | None:
    """``QUIZZER_JAIL_OFF=namespaces,filesystem``: layers not to try, as in a container that
    refuses them (to rehearse a platform on a machine that allows them); None when unset."""
    off = {n.strip() for n in os.environ.get("QUIZZER_JAIL_OFF", "").split(",") if n.strip()}
    return tuple(n for n in EVERY_LAYER if n not in off) if off else None


def _first() -> int:
    try:
        value = int(os.environ.get("QUIZZER_SANDBOX_UID", DEFAULT_UID))
    except ValueError:
        return DEFAULT_UID
    return value if value > 0 else DEFAULT_UID


def owners(zombies: bool = False) -> dict[int, list[int]]:
    """Every living process (and zombie, if asked), by real uid (``/proc``)."""
    found: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                for line in f:
                    if not zombies and line.startswith("State:") and line.split()[1] in "ZX":
                        break  # dead already: its parent reaps it
                    if line.startswith("Uid:"):
                        found.setdefault(int(line.split()[1]), []).append(int(name))
                        break
        except (OSError, ValueError, IndexError):
            continue
    return found


def take(layers=None) -> int | None:
    """A uid for one sandbox, that no running process and no other sandbox uses.

    None when quizzer is not root, or once a sandbox with every layer (``layers``
    None) has had its own user namespace: then every such sandbox of this process
    will, and none pays a ``/proc`` scan.
    """
    if not syscalls.linux() or os.geteuid() != 0 or (_namespaced and layers is None):
        return None
    first = _first()
    with _lock:
        busy = owners(zombies=True)  # RLIMIT_NPROC counts a uid's zombies too
        for uid in range(first, max(first - POOL, 0), -1):
            if uid not in _taken and uid not in busy:
                _taken[uid] = layers is None
                return uid
    return None


def give_back(uid: int | None, user: dict | None) -> int:
    """Kill what is left of a sandbox's uid, then free the uid; how many were killed.

    ``user``: the sandbox's ``user`` layer as its worker reported it (None: it never did).
    """
    global _namespaced
    if uid is None:
        return 0
    used = user is None or user.get("uid") == uid
    killed = kill_all(uid) if used else 0
    with _lock:
        every_layer = _taken.pop(uid, False)
    if every_layer and user is not None and user.get("active") and "uid" not in user:
        _namespaced = True
    return killed


def kill_all(uid: int, rounds: int = 50) -> int:
    """SIGKILL every process whose real uid is ``uid`` until none is left (forks race the scan)."""
    killed = 0
    for _ in range(rounds):
        pids = owners().get(uid, [])
        if not pids:
            return killed
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.002)
    return killed


PROCESSES = (
    "own session; uid {uid} of its own: it signals no other process, RLIMIT_NPROC binds, "
    "and every process of that uid is killed when the sandbox closes"
)


def layer(settings: dict, wanted: set, netns: bool) -> dict:
    """In the worker, after the namespaces layer: the ``user`` entry of the isolation report."""
    if netns:
        return {"active": True, "how": "uid 65534 inside its own user namespace"}
    uid = settings.get("uid")
    why = why_not(netns)
    if why is None and "layers" in settings and "user" not in wanted:
        why = "turned off"
    if why is None and not isinstance(uid, int):
        why = "no free uid for the sandbox"
    if why is not None:
        return {"active": False, "why": why}
    try:
        return {"active": True, "how": apply(uid), "uid": uid}
    except OSError as exc:
        return {"active": False, "why": f"could not drop to uid {uid}: {exc.strerror or exc}"}
