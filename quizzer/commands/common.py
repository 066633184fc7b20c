"""Options and error handling shared by every command."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

T = TypeVar("T")

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help="Language of the cards and the interface: en or zh. Default: $QUIZZER_LANG, then the locale, then en.",
        show_default=False,
    ),
]
DeckOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--deck",
        help="An extra deck: a folder of card YAML files or one file. Repeatable. "
        "Also read from $QUIZZER_DECKS (paths separated by the OS path separator).",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")
]


class UserError(Exception):
    """An error the user can fix: printed as one line on stderr, exit code ``code``."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 2) -> NoReturn:
    from quizzer.render import print_error

    print_error(message)
    raise typer.Exit(code)


def lang(option: str | None) -> str:
    from quizzer.config import resolve_lang

    try:
        return resolve_lang(option)
    except ValueError as exc:
        fail(str(exc))


def deck_paths(option: list[Path] | None) -> list[Path]:
    """Extra decks from ``--deck`` and ``$QUIZZER_DECKS``."""
    paths = list(option or [])
    env = os.environ.get("QUIZZER_DECKS")
    if env:
        paths += [Path(p) for p in env.split(os.pathsep) if p]
    return paths


def guard(func: Callable[[], T]) -> T:
    """Run core code; a ``UserError`` (or ``ValueError``/``OSError`` from input) becomes a message, not a traceback."""
    try:
        return func()
    except UserError as exc:
        fail(str(exc), exc.code)
    except OSError as exc:
        fail(os_error_message(exc), 2)
    except ValueError as exc:
        fail(str(exc), 2)
    except KeyboardInterrupt:
        import sys

        sys.stderr.write("\n")  # the terminal's ^C is still on the line
        fail("interrupted", 130)


def os_error_message(exc: OSError) -> str:
    """``cannot read 'x': No such file or directory``, not ``[Errno 2] ...``."""
    reason = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{exc.filename}: {reason}"
    return reason
