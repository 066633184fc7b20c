"""Commands: challenges, next, hint (the implement-it challenges as a path)."""

from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands.common import (
    DeckOption,
    JsonOption,
    LangOption,
    UserError,
    complete_challenge_ref,
    deck_paths,
    echo_json,
    guard,
    lang,
)


def register(app: typer.Typer) -> None:
    app.command()(challenges)
    app.command("next")(next_)
    app.command()(hint)


def challenges(
    lang_: LangOption = None, deck: DeckOption = None, json_: JsonOption = False
) -> None:
    """List the eleven challenges in card order: passed, tried or untried, with checks, best score, hints and last check.

    A challenge is passed once one `quizzer check` passed every test; "passed
    with hints" when that first pass came after `quizzer hint`. --json prints a
    list of {challenge, card, number, title, status, with_hints, attempts,
    best_score, last_check, hints_shown, hints_total}.

    Examples:

      quizzer challenges
      quizzer challenges --lang zh
      quizzer challenges --json | jq '.[] | select(.status != "passed") | .challenge'
    """
    language = lang(lang_)

    def run():
        from quizzer.grading.path import load_statuses

        return load_statuses(deck_paths(deck))

    rows = guard(run)
    if json_:
        echo_json([r.to_dict(language) for r in rows])
        return
    from quizzer.grading.path import next_challenge
    from quizzer.render import console
    from quizzer.render.path import print_challenges

    print_challenges(console(), rows, language, next_challenge(rows))


def next_(
    dir: Annotated[
        Path, typer.Option("--dir", "-d", help="Folder to write the starter file in.")
    ] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the starter file if it is there.")
    ] = False,
    lang_: LangOption = None,
    deck: DeckOption = None,
    json_: JsonOption = False,
) -> None:
    """Write the starter file of the next challenge you have not passed (in card order).

    The same file as `quizzer drill CARD`. When the file is already there it is
    left alone (you are working on it) unless --force. When every challenge is
    passed, says so. --json prints {challenge, card, file, written}, or
    {"challenge": null} when every challenge is passed.

    Examples:

      quizzer next                          e.g. writes ./l1.py
      quizzer next --dir ~/practice
      quizzer next --lang zh --force        start it over, with Chinese comments
    """
    language = lang(lang_)

    def run():
        from quizzer.grading.path import load_statuses, next_challenge
        from quizzer.grading.starter import StarterExists, write_starter

        row = next_challenge(load_statuses(deck_paths(deck)))
        if row is None:
            return None, None, False
        info = (row.number, row.title(language))
        try:
            path = write_starter(row.challenge, dir, force=force, lang=language, card=info)
            return row, path, True
        except StarterExists:
            from quizzer.grading.starter import starter_filename

            path = dir / starter_filename(row.challenge)
            return row, (path if dir != Path(".") else Path(path.name)), False

    row, path, wrote = guard(run)
    if json_:
        data = {"challenge": None}
        if row is not None:
            data = {
                "challenge": row.challenge,
                "card": row.card,
                "file": str(path),
                "written": wrote,
            }
        echo_json(data)
        return
    from quizzer.render import console

    if row is None:
        from quizzer.render.path import next_line

        console().print(next_line(None, language))
        return
    from quizzer.render.path import print_next

    print_next(console(), row, path, wrote, language)


def hint(
    ref: Annotated[
        str,
        typer.Argument(
            help="Your submission file (dropout.py), or a card id or number.",
            autocompletion=complete_challenge_ref,
            show_default=False,
        ),
    ],
    level: Annotated[
        int | None,
        typer.Option(
            "--level",
            help="Show the hints up to this level (1 = the idea, 2 = the formula, "
            "3 = the shape of the code). Default: one more than last time.",
            show_default=False,
        ),
    ] = None,
    lang_: LangOption = None,
    deck: DeckOption = None,
    json_: JsonOption = False,
) -> None:
    """Give the next hint for a challenge: the idea, then the formula, then the shape of the NumPy code.

    Each call shows one more hint (and the ones before it), never the whole
    solution. Every hint shown is recorded: a pass that comes after a hint
    counts as "passed with hints" in `quizzer challenges` and in `quizzer
    check`. --json prints {challenge, card, level, total, hints}.

    Examples:

      quizzer hint dropout.py               the next hint for the file's challenge
      quizzer hint batchnorm --lang zh      by card id, in Chinese
      quizzer hint 7 --level 1              just the idea again
    """
    language = lang(lang_)

    def run():
        from quizzer.grading.path import NoHints, resolve, take_hint
        from quizzer.i18n import t
        from quizzer.review.store import Store

        challenge, card = resolve(ref, deck_paths(deck))
        with Store.open() as store:
            try:
                return take_hint(challenge, card, store, level=level)
            except NoHints:
                raise UserError(t("hint.none", language, c=challenge)) from None
            except ValueError:
                total = len(card.hints)
                raise UserError(
                    t("hint.level", language, c=challenge, total=total, level=level)
                ) from None

    view = guard(run)
    if json_:
        echo_json(view.to_dict(language))
        return
    from quizzer.render import console
    from quizzer.render.path import print_hint

    print_hint(console(), view, ref, language)
