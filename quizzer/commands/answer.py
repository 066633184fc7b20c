"""Command: answer (grade one typed answer outside a session; nothing is stored)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands import common
from quizzer.commands.common import DeckOption, JsonOption, LangOption, UserError, echo_json

MAX_BYTES = 1_000_000  # an answer, not a book


def _read(file: Path | None, language: str) -> str:
    if file is None or str(file) == "-":
        if file is None and sys.stdin.isatty():
            from quizzer.i18n import t

            typer.echo(t("answer.prompt", language), err=True)
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        where = "stdin"
    else:
        if file.is_dir():
            raise UserError(
                f"{file} is a folder; give a text file with the answer (or - for stdin)"
            )
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise UserError(f"no such file: {file}") from None
        except OSError as exc:
            raise UserError(f"cannot read {file}: {exc.strerror or exc}") from None
        where = str(file)
    if len(data) > MAX_BYTES:
        raise UserError(f"{where}: the answer is longer than {MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{where} is not UTF-8 text") from None
    if not text.strip():
        raise UserError(f"{where}: the answer is empty")
    return text


def answer(
    card: Annotated[
        str, typer.Argument(help="Card id (e.g. dropout) or number (e.g. 5).", show_default=False)
    ],
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A text file with the answer; '-' or nothing reads stdin.", show_default=False
        ),
    ] = None,
    lang_: LangOption = None,
    deck: DeckOption = None,
    json_: JsonOption = False,
) -> None:
    """Grade one typed answer as a quiz would, without storing anything or touching the schedule.

    The answer is read as statements: a key point counts when one clause says
    it (a list of terms counts for nothing), a wrong statement the card knows is
    shown with its correction and caps the rating, and the suggested rating (1-4)
    comes with the reason. --json prints one object: "card", "lang",
    "suggested" (1-4), "reason", "explanation", "statements", "hit" (each
    {"text", "level", "clause"}), "missed" ({"text", "level"}) and
    "contradictions" ({"statement", "wrong", "correction"}).

    Examples:

      quizzer answer dropout my-answer.txt
      echo "L1 gives exact zeros because ..." | quizzer answer l1-sparsity
      quizzer answer 8 - --lang zh < answer.txt
      quizzer answer bn-params answer.txt --json | jq .suggested
    """
    language = common.lang(lang_)

    def run() -> None:
        from quizzer.commands.deck import load_or_exit
        from quizzer.deck import UnknownCard
        from quizzer.review.answers import check_typed

        text = _read(file, language)
        try:
            found = load_or_exit(deck).find(card)
        except UnknownCard as exc:
            raise UserError(str(exc)) from None
        result = check_typed(found, text)
        if json_:
            echo_json(result.to_dict(found, language))
            return
        from quizzer.i18n import t
        from quizzer.render import console
        from quizzer.render.quiz import rating_name
        from quizzer.render.typed import typed_view

        out = console()
        out.print(f"[bold]{found.id}[/bold] · {found.title(language)}", highlight=False)
        out.print(typed_view(result, language))
        name = rating_name(result.suggested, language)
        out.print(t("quiz.suggested", language, n=result.suggested, name=name), style="bold")

    common.guard(run)


def register(app: typer.Typer) -> None:
    app.command("answer")(answer)
