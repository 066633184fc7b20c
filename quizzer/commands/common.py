"""Options and error handling shared by every command."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

T = TypeVar("T")


def complete_lang(incomplete: str) -> list[str]:
    return [code for code in ("en", "zh") if code.startswith(incomplete)]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help="Language of the cards and the interface: en or zh. Default: $QUIZZER_LANG, then the locale, then en.",
        show_default=False,
        autocompletion=complete_lang,
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
TimeoutOption = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Wall-clock seconds per call of a submission's code."),
]
MemoryOption = Annotated[
    int, typer.Option("--memory-mb", min=64, help="Address-space limit of a submission's code.")
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


def echo_json(data: Any, indent: int | None = 2) -> None:
    """Print what a ``--json`` option asks for: the data as JSON, non-ASCII text as is."""
    import json  # not at start-up: only a --json run pays for it

    typer.echo(json.dumps(data, ensure_ascii=False, indent=indent))


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


# -- shell completion (``quizzer --install-completion``): fast, never an error ------------------
def complete_card(incomplete: str) -> list[tuple[str, str]]:
    """Card ids of the bundled deck and ``$QUIZZER_DECKS``, with their titles as help."""
    try:
        from quizzer.deck import load_deck

        cards = list(load_deck(deck_paths(None)))
    except Exception:  # noqa: BLE001 - a broken deck completes nothing, it never raises
        return []
    return [(card.id, card.title.en) for card in cards if card.id.startswith(incomplete)]


def complete_challenge(incomplete: str) -> list[str]:
    """Challenge ids."""
    from quizzer.challenges import CHALLENGES

    return [c for c in CHALLENGES if c.startswith(incomplete)]


def complete_challenge_ref(incomplete: str) -> list[tuple[str, str] | str]:
    """A card id, or a Python file in the folder being typed (``quizzer hint FILE|CARD``)."""
    folder, slash, stem = incomplete.rpartition("/")
    try:
        files = sorted(
            str(p) if slash else p.name
            for p in Path(folder + slash or ".").glob(f"{stem}*.py")
            if p.is_file()
        )
    except OSError:
        files = []
    return [*files, *complete_card(incomplete)]


def complete_figure(incomplete: str) -> list[str]:
    """Figure names."""
    from quizzer.schema import FIGURES

    return [f for f in FIGURES if f.startswith(incomplete)]


def check_tags(cards, tags, lang: str = "en", *, every: bool = False) -> None:
    """A tag filter that matches no card is a usage error, worded alike in every command.

    ``every``: a card must have every tag given (``list``); otherwise any one (``quiz``).
    Raises ``UserError`` (exit 2).
    """
    if not tags:
        return
    from quizzer.i18n import t

    wanted = {tag.strip().lower() for tag in tags}
    known = {tag for card in cards for tag in card.tags}
    if every:
        found = any(wanted <= set(card.tags) for card in cards)
    else:
        found = bool(wanted & known)
    if not found:
        what = " ".join(f"--tag {tag}" for tag in tags)
        listed = ", ".join(sorted(known)) or "–"
        raise UserError(t("filter.none", lang, what=what, tags=listed))
