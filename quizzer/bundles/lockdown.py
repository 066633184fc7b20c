"""Make the secrets of an installed quizzer root-only: ``python -m quizzer.bundles.lockdown [FILE ...]``.

In a grading container quizzer runs as root and, without user namespaces, the
sandbox drops to an unprivileged uid (``grading/jail/dropuid.py``). A wheel
installs everything world-readable (0644), so that uid could still read the
reference solutions and the hidden suites. The bundles' setup (Gradescope's
``setup.sh``, PrairieLearn's ``Dockerfile``) runs this once, as root, after
installing: the folders become 0700 and their files 0600 (owner bits kept,
group and other bits removed; extra ``FILE`` arguments, such as the wheel left in
the autograder's source folder, too). The grader, root, still reads them; the
sandbox cannot. Exit status 1 when something stays readable by others.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path


def secret_paths() -> list[Path]:
    """The reference solutions and the hidden suites of this installed quizzer."""
    import quizzer.suites
    from quizzer.paths import solutions_dir

    return [solutions_dir(), Path(quizzer.suites.__file__).resolve().parent]


def _walk(path: Path):
    yield path
    if path.is_dir() and not path.is_symlink():
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                yield Path(root) / name


def exposed(paths: list[Path] | None = None) -> list[str]:
    """The secret files and folders that a user other than their owner may read or enter."""
    found = []
    for top in secret_paths() if paths is None else paths:
        for path in _walk(top):
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if not stat.S_ISLNK(mode) and mode & 0o077:
                found.append(str(path))
    return found


def lock(paths: list[Path] | None = None) -> list[str]:
    """Remove group and other bits from every secret file and folder; what stays exposed."""
    paths = secret_paths() if paths is None else paths
    for top in paths:
        for path in _walk(top):
            try:
                mode = path.lstat().st_mode
                if not stat.S_ISLNK(mode):
                    os.chmod(path, stat.S_IMODE(mode) & 0o700)
            except OSError:
                continue
    return exposed(paths)


def state() -> str:
    """One phrase for ``quizzer doctor``: whether the sandbox's uid could read the secrets."""
    left = exposed()
    if not left:
        return "root-only"
    return f"readable by every user ({len(left)} paths; python -m quizzer.bundles.lockdown)"


def main(argv: list[str]) -> int:
    paths = secret_paths() + [Path(arg) for arg in argv]
    left = lock(paths)
    for path in left:
        print(f"quizzer lockdown: still readable by others: {path}", file=sys.stderr)
    if not left:
        print("quizzer lockdown: " + ", ".join(map(str, paths)) + ": owner only")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
