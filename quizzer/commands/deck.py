"""Commands: list, show, validate, schema (browse and check the deck)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quizzer.commands import common
from quizzer.commands.common import DeckOption, JsonOption, LangOption, echo_json

if TYPE_CHECKING:
    from quizzer.cards import Card
    from quizzer.deck import Deck, Problem


def load_or_exit(deck: list[Path] | None) -> "Deck":
    """The bundled deck plus ``--deck``/``$QUIZZER_DECKS``; a bad deck prints its problems and exits 1.

    Every command that needs the cards loads them through here.
    """
    from quizzer.deck import DeckError, load_deck

    try:
        return load_deck(common.deck_paths(deck))
    except DeckError as exc:
        _print_problems(exc.problems, stderr=True)
        common.fail(f"{_count(exc.problems)} in the deck; fix them (see `quizzer validate`)", 1)
    except OSError as exc:
        common.fail(f"cannot read the deck: {exc}", 1)


def _count(problems: list) -> str:
    return f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"


def _print_problems(problems: "list[Problem]", *, stderr: bool) -> None:
    from quizzer.render import console
    from quizzer.render.deck import print_problems

    print_problems(console(stderr=stderr), problems)


def card_summary(card: "Card", lang: str) -> dict[str, Any]:
    """What ``quizzer list --json`` prints for one card."""
    return {
        "id": card.id,
        "number": card.number,
        "title": card.title(lang),
        "titles": {"en": card.title.en, "zh": card.title.zh},
        "tags": list(card.tags),
        "difficulty": card.difficulty,
        "challenge": card.challenge,
        "figure": card.figure,
        "source": str(card.source) if card.source else None,
    }


def card_json(card: "Card", *, answer: bool = True) -> dict[str, Any]:
    """The whole card as plain data (both languages, math as written); without the answer parts if asked."""
    from dataclasses import asdict

    data = asdict(card)
    data["source"] = str(card.source) if card.source else None
    if not answer:
        hidden = ("answer", "key_points", "choices", "notes", "hints", "concepts", "misconceptions")
        for key in hidden:
            data.pop(key)
    return data


def register(app: typer.Typer) -> None:
    @app.command("list")
    def list_cards(
        tag: Annotated[
            list[str] | None,
            typer.Option(
                "--tag",
                "-t",
                help="Only cards with this tag (repeat: cards with every tag given).",
                show_default=False,
            ),
        ] = None,
        lang: LangOption = None,
        deck: DeckOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """List the cards: number, id, title, tags, difficulty, and whether it has a challenge.

        Examples:

          quizzer list                       the bundled eleven cards
          quizzer list --lang zh --tag batchnorm
          quizzer list --deck my-cards/      the bundled cards plus your own deck
          quizzer list --json | jq '.[].id'
        """
        import gc

        language = common.lang(lang)
        gc.disable()  # tens of thousands of short-lived objects for a big deck; nothing cyclic
        try:
            _list(language, deck, tag, as_json)
        finally:
            gc.enable()

    def _list(language: str, deck: list[Path] | None, tag: list[str] | None, as_json: bool) -> None:
        cards = list(load_or_exit(deck))
        if tag:
            common.guard(lambda: common.check_tags(cards, tag, language, every=True))
            wanted = {t.strip().lower() for t in tag}
            cards = [card for card in cards if wanted <= set(card.tags)]
        if as_json:
            echo_json([card_summary(card, language) for card in cards])
            return
        from quizzer.render import console
        from quizzer.render.deck import print_card_list

        print_card_list(console(), cards, language)

    @app.command("show")
    def show(
        card: Annotated[
            str,
            typer.Argument(
                help="Card id (e.g. dropout) or number (e.g. 5).",
                show_default=False,
                autocompletion=common.complete_card,
            ),
        ],
        no_answer: Annotated[
            bool,
            typer.Option(
                "--no-answer", help="Show only the question: hide answer, key points and notes."
            ),
        ] = False,
        lang: LangOption = None,
        deck: DeckOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Show one card: the question, then answer, key points and notes (math as Unicode).

        Examples:

          quizzer show dropout
          quizzer show 9 --lang zh           by number, in Chinese
          quizzer show bn-vs-ln --no-answer  the question only: answer it aloud first
          quizzer show l1 --json             the whole card, both languages, as data
        """
        from quizzer.deck import DeckError, UnknownCard

        language = common.lang(lang)
        the_deck = load_or_exit(deck)
        try:
            found = the_deck.find(card)
            if as_json:
                echo_json(card_json(found, answer=not no_answer))
                return
            from quizzer.render import console
            from quizzer.render.deck import print_card

            print_card(console(), found, language, answer=not no_answer)
        except UnknownCard as exc:
            common.fail(str(exc), 2)
        except DeckError as exc:  # the card's file changed after the deck was loaded
            _print_problems(exc.problems, stderr=True)
            common.fail(f"{_count(exc.problems)} in the deck", 1)

    @app.command("validate")
    def validate(
        paths: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Decks to check: folders of card YAML files or single files. "
                "Default: the bundled deck plus --deck / $QUIZZER_DECKS.",
                show_default=False,
            ),
        ] = None,
        lang: LangOption = None,
        deck: DeckOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Check decks: print every problem as path:line: field: message; exit 1 if there is any.

        Examples:

          quizzer validate                   the bundled deck
          quizzer validate my-cards/ extra.yaml
          quizzer validate my-cards/ --json  problems as a list of {path, line, field, message}
        """
        from quizzer.deck import check_decks
        from quizzer.paths import cards_dir

        common.lang(lang)
        targets = list(paths or []) + common.deck_paths(deck)
        if not paths:
            targets.insert(0, cards_dir())
        files, cards, problems = common.guard(lambda: check_decks(targets))
        if as_json:
            echo_json(
                {
                    "ok": not problems,
                    "files": files,
                    "cards": cards,
                    "problems": [
                        {"path": p.path, "line": p.line, "field": p.field, "message": p.message}
                        for p in problems
                    ],
                }
            )
        elif problems:
            _print_problems(problems, stderr=False)
            common.fail(f"{_count(problems)} in {files} file{'s' if files != 1 else ''}", 1)
        else:
            from quizzer.render import console
            from quizzer.render.deck import print_ok

            print_ok(console(), cards, files)
        if problems:
            raise typer.Exit(1)

    @app.command("schema")
    def schema(
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                "-o",
                help="Write the schema to this file instead of printing it.",
                show_default=False,
                dir_okay=False,
            ),
        ] = None,
    ) -> None:
        """Print the JSON Schema of a card file (point your editor at it for completion and checks).

        Example: quizzer schema --out my-cards/card.schema.json, then start each card file with
        the line "# yaml-language-server: $schema=card.schema.json".
        """
        from quizzer.schema import schema_text

        text = schema_text()
        if out is None:
            typer.echo(text, nl=False)
            return
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            common.fail(f"cannot write {out}: {exc.strerror or exc}", 1)
        typer.echo(f"wrote {out}", err=True)
