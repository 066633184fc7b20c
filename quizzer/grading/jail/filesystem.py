"""Layer ``filesystem``: the sandbox reads only what Python and NumPy need, and writes only its folder.

Read (and execute): the interpreter, the standard library, NumPy and its bundled
libraries, the system's shared libraries and every file the process has mapped
when the jail closes, and a few files under ``/etc`` and ``/dev``; not
``/proc``. Read and write: its own temporary folder. Nothing
else exists for it: the quizzer package and ``solutions/``, every other
``site-packages`` entry (an editable install's ``.pth`` points at the project),
the graded folder, the store, the user's home, other sandboxes' folders.

A library folder that holds a ``site-packages`` (a virtual environment, or a
Python installed under ``/usr/local/lib``) is allowed entry by entry around it.
Enforced by Landlock (``landlock.py``); without it this layer is off.
"""

import os
import sys
import sysconfig

from . import landlock

LIBRARY_DIRS = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/libexec")
ETC_FILES = (
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
)
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/full")
MAX_RULES = 2000


def why_not() -> str | None:
    return landlock.why_not()


def _norm(path: str) -> str:
    return os.path.realpath(path)


def hidden_roots(worker_dir: str) -> list[str]:
    """Folders that must stay invisible even when inside an allowed one."""
    roots = set()
    for entry in sys.path:
        if entry and os.path.basename(entry) in ("site-packages", "dist-packages"):
            roots.add(_norm(entry))
    paths = sysconfig.get_paths()
    for key in ("purelib", "platlib"):
        roots.add(_norm(paths[key]))
    for lib in {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib")} | set(LIBRARY_DIRS):
        for name in ("site-packages", "dist-packages"):
            roots.add(os.path.join(_norm(lib), name))
        try:
            pythons = [n for n in os.listdir(lib) if n.startswith("python")]
        except OSError:
            pythons = []
        for python in pythons:
            for name in ("site-packages", "dist-packages"):
                roots.add(os.path.join(_norm(lib), python, name))
    package = os.path.dirname(os.path.dirname(_norm(worker_dir)))  # .../quizzer
    roots.add(package)
    roots.add(os.path.dirname(package))  # the project (or site-packages) holding it
    return sorted(roots)


def _numpy_dirs() -> list[str]:
    numpy = sys.modules.get("numpy")
    if numpy is None or not getattr(numpy, "__file__", None):
        return []
    here = os.path.dirname(_norm(numpy.__file__))
    found = [here]
    libs = here + ".libs"  # manylinux wheels keep OpenBLAS and libgfortran here
    if os.path.isdir(libs):
        found.append(libs)
    return found


def _mapped_files() -> list[str]:
    """Every file the process has mapped (the interpreter, libpython, extension modules, libc)."""
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split(None, 5)
                if len(parts) == 6 and parts[5].startswith("/"):
                    found.add(parts[5].strip().removesuffix(" (deleted)"))
    except OSError:
        pass
    return sorted(found)


def _around(root: str, hidden: list[str], out: list[tuple[str, int]]) -> None:
    """``root`` whole when nothing hidden lies beneath it; otherwise its entries, around the hidden.

    A folder walked around stays listable (Python's importer lists the standard
    library's folder): the names beneath it can be listed, never read.
    """
    inside = [h for h in hidden if h == root or h.startswith(root + os.sep)]
    if not inside:
        out.append((root, landlock.READ))
        return
    if root in inside or len(out) > MAX_RULES:
        return
    try:
        names = os.listdir(root)
    except OSError:
        return
    out.append((root, landlock.READ_DIR))
    for name in names:
        path = os.path.join(root, name)
        if os.path.isdir(path) and not os.path.islink(path):
            _around(path, hidden, out)
        else:
            out.append((path, landlock.READ))


def read_paths(worker_dir: str) -> list[tuple[str, int]]:
    """The read-only allow-list (computed once; the fork server reuses it for every child)."""
    hidden = hidden_roots(worker_dir)
    out: list[tuple[str, int]] = []
    stdlib = {_norm(sysconfig.get_paths()[k]) for k in ("stdlib", "platstdlib")}
    for root in sorted(stdlib | {_norm(d) for d in LIBRARY_DIRS if os.path.isdir(d)}):
        _around(root, hidden, out)
    files = _numpy_dirs() + [_norm(sys.executable), *ETC_FILES]
    files += [p for p in _mapped_files() if not any(p.startswith(h + os.sep) for h in hidden)]
    out += [(path, landlock.READ) for path in files]
    return sorted(set(out))


def apply(ruleset: "landlock.Ruleset", reads: list, tmp: str) -> None:
    """Add the rules: read ``reads``, read and write ``tmp`` and a few devices.

    ``/proc`` stays out, even the sandbox's own (``processes.py``): the fork
    server's ready ruleset could not name a ``/proc`` mounted after it, and a
    sandbox started directly must see exactly what a forked one sees.
    """
    for path, access in reads:
        ruleset.allow(path, access)
    for device in DEVICES:
        ruleset.allow(device, landlock.READ_FILE | landlock.WRITE_FILE)
    if not ruleset.allow(tmp, ruleset.fs):
        raise OSError(f"cannot allow the sandbox folder {tmp}")


def describe(version: int, read_only: bool = False) -> str:
    how = (
        f"Landlock ABI {version}: reads the interpreter, standard library, NumPy and "
        "system libraries only; writes only its own temporary folder"
    )
    if read_only:
        how += "; every other mount read-only (no chmod, utime or xattr outside)"
    return how
