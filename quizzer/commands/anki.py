"""Command ``export-anki``: the cards as an Anki package."""

from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands.common import DeckOption, JsonOption, UserError, deck_paths, echo_json, guard


def export_anki(
    out: Annotated[Path, typer.Argument(help="The package to write, e.g. quizzer.apkg.")],
    lang_: Annotated[
        str,
        typer.Option("--lang", "-l", help="en, zh, or both (one deck per language)."),
    ] = "both",
    deck: DeckOption = None,
    json_: JsonOption = False,
) -> None:
    """Export the cards to an Anki package (.apkg) for Anki and AnkiDroid.

    One note per card and language: the question on the front; the key points,
    the full answer and the card's figure on the back. Math shows as MathJax,
    figures as images (drawn with matplotlib: pip install 'quizzer\\[plots]';
    without it the notes have no figures and the export says so). Each note's id
    is derived from its card id and language (and the deck and note-type ids
    from fixed names), so importing a new export updates the notes already in
    Anki, review history included, instead of duplicating them.

    Examples:

      quizzer export-anki quizzer.apkg              English and Chinese decks
      quizzer export-anki zh.apkg --lang zh
      quizzer export-anki mine.apkg --deck my-cards/ --json
    """

    def run():
        from quizzer.anki import ExportError, export_anki

        try:
            return export_anki(out, lang_.strip().lower(), deck_paths(deck))
        except ExportError as exc:
            raise UserError(str(exc)) from None

    summary = guard(run)
    if json_:
        echo_json(summary.to_dict())
        return
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    notes = ", ".join(f"{n} {lg}" for lg, n in summary.notes.items())
    typer.echo(f"wrote {summary.path}: notes {notes}; {len(summary.figures)} figure images")


def register(app: typer.Typer) -> None:
    app.command("export-anki")(export_anki)
