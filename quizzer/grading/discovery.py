"""The submissions in a folder, as batch grading finds them.

``discover(folder, challenge)`` finds the submissions: every ``.py`` file directly
in the folder, and every sub-folder holding exactly one ``.py`` file (or, when
it holds several, the one named after the challenge's module, ``dropout.py``).
A symbolic link is not graded (``SYMLINK``); an ``Entry`` that cannot be
graded says why, and is reported as such rather than skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizzer.challenges import module_name
from quizzer.grading.runner import GradingError, escape_controls


@dataclass(frozen=True)
class Entry:
    """One submission found in the folder."""

    name: str  # the file or folder name inside the graded folder
    path: Path | None  # the .py file graded
    problem: str | None = None  # why it cannot be graded


SYMLINK = (
    "a symbolic link, not graded: quizzer reads submissions outside the jail, and a link "
    "could name the reference or any file of the teacher's"
)


def discover(folder: Path | str, challenge: str, exclude: tuple[Path, ...] = ()) -> list[Entry]:
    """The submissions in ``folder``; ``GradingError`` when there is nothing to grade."""
    folder = Path(folder)
    if not folder.exists():
        raise GradingError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise GradingError(f"not a folder: {folder} (quizzer grade takes a folder of submissions)")
    wanted = module_name(challenge) + ".py"
    skip = {p.resolve() for p in exclude}
    entries = []
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise GradingError(f"cannot read {folder}: {exc.strerror}") from None
    for child in children:
        if child.name.startswith(".") or child.name == "__pycache__" or child.resolve() in skip:
            continue
        name = escape_controls(child.name)  # a file name must not drive the teacher's terminal
        if child.is_symlink() and (child.suffix == ".py" or child.is_dir()):
            entries.append(Entry(name, None, SYMLINK))
            continue
        if child.is_file() and child.suffix == ".py":
            entries.append(Entry(name, child))
        elif child.is_dir():
            try:
                files = sorted(
                    p
                    for p in child.iterdir()
                    if p.suffix == ".py" and p.is_file() and not p.name.startswith(".")
                )
                links = [p for p in files if p.is_symlink()]
            except OSError as exc:
                entries.append(Entry(name, None, f"cannot read the folder: {exc.strerror}"))
                continue
            if links:
                entries.append(Entry(name, None, f"{escape_controls(links[0].name)}: {SYMLINK}"))
                continue
            named = [p for p in files if p.name == wanted]
            if len(files) == 1 or named:
                entries.append(Entry(name, (named or files)[0]))
            elif files:
                entries.append(
                    Entry(
                        name,
                        None,
                        f"{len(files)} .py files and none named {wanted}: "
                        f"name the submission {wanted}, or keep only one .py file",
                    )
                )
    if not entries:
        raise GradingError(
            f"no submissions in {folder}: expected .py files, or sub-folders holding one"
        )
    return entries
