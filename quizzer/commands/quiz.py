"""Commands: quiz (a spaced-repetition session), stats, export, import."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands.common import (
    DeckOption,
    JsonOption,
    LangOption,
    UserError,
    check_tags,
    deck_paths,
    echo_json,
    guard,
    lang,
)


class Mode(StrEnum):
    flash = "flash"
    choice = "choice"
    typed = "typed"
    mixed = "mixed"


RetentionOption = Annotated[
    float | None,
    typer.Option(
        "--retention",
        min=0.7,
        max=0.99,
        help="Desired retention: the chance of recalling a card when it comes due (0.70-0.99). "
        "Higher means shorter intervals and more reviews. Default: 'quizzer config retention' (0.9).",
        show_default=False,
    ),
]


def _store():
    from quizzer.review.store import Store

    return Store.open()


def _has_termios() -> bool:
    """Single keys need POSIX terminal control; elsewhere the quiz reads lines."""
    import importlib.util

    return importlib.util.find_spec("termios") is not None


def quiz(
    mode: Annotated[
        Mode,
        typer.Option(
            "--mode",
            "-m",
            help="flash: reveal the answer, rate yourself 1-4. choice: pick the right option. "
            "typed: type an answer, graded on the card's key points. mixed: a random mode per card.",
        ),
    ] = Mode.flash,
    lang_: LangOption = None,
    deck: DeckOption = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, help="At most N cards.", show_default=False),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", help="Only cards with this tag. Repeatable.", show_default=False
        ),
    ] = None,
    card: Annotated[
        list[str] | None,
        typer.Option(
            "--card",
            "-c",
            help="This card (id or number), due or not. Repeatable.",
            show_default=False,
        ),
    ] = None,
    new: Annotated[
        int | None,
        typer.Option(
            "--new",
            help="At most N cards never seen before, this session (default: what is left "
            "of today's limit, 'quizzer config new_per_day').",
            show_default=False,
        ),
    ] = None,
    reviews: Annotated[
        int | None,
        typer.Option(
            "--reviews",
            help="At most N review cards, this session (default: what is left of today's "
            "limit, 'quizzer config reviews_per_day'). Learning cards are never capped.",
            show_default=False,
        ),
    ] = None,
    learn_ahead: Annotated[
        int | None,
        typer.Option(
            "--learn-ahead",
            help="When nothing else is left, show learning cards due within N minutes "
            "(default: 'quizzer config learn_ahead_minutes', 20). 0 ends the session instead.",
            show_default=False,
        ),
    ] = None,
    cram: Annotated[
        bool,
        typer.Option(
            "--cram",
            help="Review every matching card now, due or not. Cram answers are logged "
            "but do not change the schedule.",
        ),
    ] = False,
    retention: RetentionOption = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", help="Seed for shuffles (choice order, mixed modes).", show_default=False
        ),
    ] = None,
) -> None:
    """Review the cards that are due, then new ones, with spaced repetition (FSRS).

    As in Anki, a card you are learning comes back in the same session when its
    step (1m, 10m) is due; new and review cards per day are limited (20 and 200,
    counted from 4 a.m.; see 'quizzer config'). Every answer is saved the moment
    it is given; u takes the last rating back. Ctrl-C, Ctrl-D or q at a prompt
    ends the session with a summary, losing nothing answered. In a terminal one
    key reveals and one key rates (Enter or Space takes the suggested rating; e
    shows the full answer). Input may be piped: one line per prompt.

    Examples:

      quizzer quiz                        due cards, then new ones (flash)
      quizzer quiz -m typed -l zh         type your answers, in Chinese
      quizzer quiz -m choice -n 5         five multiple-choice questions
      quizzer quiz -t batchnorm --new 2   BatchNorm cards, at most 2 new
      quizzer quiz -c dropout --cram      one card now, schedule untouched
      quizzer quiz --new 30               up to 30 new cards now, whatever the daily limit
      printf '\\n3\\n' | quizzer quiz -n 1  scripted: Enter, then rating 3
    """
    language = lang(lang_)

    def run() -> int:
        from quizzer.deck import load_deck
        from quizzer.i18n import t
        from quizzer.render import console
        from quizzer.render.loop import echo_reader, run_session
        from quizzer.render.quiz import held_back, local
        from quizzer.review import settings
        from quizzer.review.session import next_due, prepare

        with _store() as store:  # first: a bad QUIZZER_HOME is reported as such
            cards = load_deck(deck_paths(deck))
            check_tags(cards, tag, language)  # a tag no card has: exit 2, worded as in `list`
            session = prepare(
                cards, store, mode=mode.value, tags=tag or (), cards=card or (), limit=limit,
                new_limit=new, review_limit=reviews, learn_ahead=learn_ahead, cram=cram,
                retention=retention, settings=settings.load(), seed=seed,
            )  # fmt: skip
            out = console()
            if session.done:
                when = next_due(store)
                out.print(
                    t("quiz.nothing", language)
                    + (t("quiz.next_due", language, when=local(when)) if when else "")
                    + held_back(session, language)
                    + t("quiz.try_cram", language)
                )
                return 0
            if sys.stdin.isatty() and sys.stdout.isatty() and _has_termios():
                from quizzer.render.keys import Keys

                with Keys() as keys:  # the terminal in cbreak mode until the session ends
                    _summary, reason = run_session(session, out, language, keys)
            elif sys.stdin.isatty():  # output piped, or no termios: lines, edited by readline
                try:
                    import readline  # noqa: F401  (line editing and history for input())
                except ImportError:
                    pass
                _summary, reason = run_session(session, out, language, input)
            else:
                read = echo_reader(lambda line: out.print(line, markup=False, highlight=False))
                _summary, reason = run_session(session, out, language, read)
            return 130 if reason == "interrupt" else 0

    code = guard(run)
    if code:
        raise typer.Exit(code)


def stats(
    lang_: LangOption = None,
    deck: DeckOption = None,
    json_: JsonOption = False,
    days: Annotated[
        int, typer.Option("--days", min=1, max=365, help="Days in the due forecast.")
    ] = 14,
) -> None:
    """Show progress: each card's schedule and challenge status, totals, and cards due per day.

    Per card: state, when it is due, stability (days), recall probability now,
    reviews, lapses and challenge status. Retention is the share of scheduled
    (non-cram) reviews not rated Again. --json prints the same data: "reviews"
    (the total), "retention", "cards" (one object per card: "id", "state",
    "due", "stability", "retrievability", "reviews", "lapses", "challenge")
    and "forecast" (a "date" and the number "due" per day).

    Examples:

      quizzer stats
      quizzer stats --days 30
      quizzer stats --lang zh             headers and labels in Chinese
      quizzer stats --json | jq '.cards[] | select(.state == "new") | .id'
    """
    language = lang(lang_)

    def run() -> None:
        from quizzer.deck import load_deck
        from quizzer.review.database import now_utc
        from quizzer.review.schedule import Scheduler
        from quizzer.review.stats import collect

        with _store() as store:  # first: a bad QUIZZER_HOME is reported as such
            cards = load_deck(deck_paths(deck))
            result = collect(store, cards.cards, Scheduler(), now_utc(), days=days)
        if json_:
            echo_json(result.to_dict())
            return
        from quizzer.render import console
        from quizzer.render.stats import stats_view

        out = console()
        out.print(stats_view(result, out.width, language))

    guard(run)


def export(
    file: Annotated[
        Path, typer.Argument(help="Where to write the JSON ('-' for stdout).", show_default=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite FILE if it exists.")
    ] = False,
) -> None:
    """Write all progress (card schedules, review log, challenge attempts) to a JSON file.

    Move it to another machine and run 'quizzer import FILE' there.
    """

    def run() -> None:
        import json

        from quizzer.review.progress import export_progress

        with _store() as store:
            data = export_progress(store)
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        if str(file) == "-":
            typer.echo(text, nl=False)
            return
        if file.is_dir():
            raise UserError(f"{file} is a folder; give the name of a file to write")
        if file.exists() and not force:
            raise UserError(f"{file} exists; pass --force to overwrite it")
        tmp = file.with_name(file.name + ".tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(file)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise UserError(f"cannot write {file}: {exc.strerror or exc}") from None
        typer.echo(f"exported {len(data['cards'])} cards, {len(data['reviews'])} reviews, "
                   f"{len(data['attempts'])} attempts to {file}", err=True)  # fmt: skip

    guard(run)


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="A file written by 'quizzer export' ('-' for stdin).", show_default=False
        ),
    ],
    json_: JsonOption = False,
) -> None:
    """Merge progress from a file written by 'quizzer export'.

    Each card keeps its more recently reviewed schedule; reviews and attempts
    already present are skipped, so importing twice changes nothing. Nothing is
    written if the file is invalid.
    """

    def run() -> None:
        import json

        if str(file) == "-":
            text = sys.stdin.read()
        elif file.is_dir():
            raise UserError(f"{file} is a folder; give a file written by 'quizzer export'")
        else:
            try:
                text = file.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise UserError(f"no such file: {file}") from None
            except UnicodeDecodeError:
                raise UserError(f"{file} is not a quizzer export (not UTF-8 text)") from None
            except OSError as exc:
                raise UserError(f"cannot read {file}: {exc.strerror or exc}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"{file} is not JSON: {exc}") from exc
        from quizzer.review.progress import import_progress

        with _store() as store:
            counts = import_progress(store, data)
        if json_:
            typer.echo(json.dumps(counts))
        else:
            typer.echo(f"imported {counts['cards']} card schedules, {counts['reviews']} new reviews, "
                       f"{counts['attempts']} new attempts")  # fmt: skip

    guard(run)


def register(app: typer.Typer) -> None:
    app.command("quiz")(quiz)
    app.command("stats")(stats)
    app.command("export")(export)
    app.command("import")(import_)
