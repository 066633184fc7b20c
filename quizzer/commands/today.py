"""Commands: today (also bare ``quizzer``) and config (the review settings)."""

from typing import Annotated

import typer

from quizzer.commands.common import (
    DeckOption,
    JsonOption,
    LangOption,
    deck_paths,
    echo_json,
    guard,
    lang,
)


def today(
    lang_: LangOption = None,
    deck: DeckOption = None,
    json_: JsonOption = False,
) -> None:
    """Show the day: what is due, what comes back soon, new cards left, and what to run next.

    Cards due now, learning cards coming back within the hour, new cards left
    today, the next 7 days, the challenges passed, tried and untried with the
    next one, and the one command to run next. 'quizzer' with no command shows
    the same. --json prints the same data.

    Examples:

      quizzer
      quizzer today --lang zh
      quizzer today --json | jq .next.command
    """
    language = lang(lang_)

    def run() -> None:
        from quizzer.deck import load_deck
        from quizzer.review import settings
        from quizzer.review.database import now_utc
        from quizzer.review.store import Store
        from quizzer.review.today import today as compute

        with Store.open() as store:  # first: a bad QUIZZER_HOME is reported as such
            cards = load_deck(deck_paths(deck))
            day = compute(store, cards.cards, settings.load(), now_utc())
        if json_:
            echo_json(day.to_dict())
            return
        from quizzer.render import console
        from quizzer.render.today import today_view

        console().print(today_view(day, language))

    guard(run)


def config(
    key: Annotated[
        str | None, typer.Argument(help="A setting (omit to list them all).", show_default=False)
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(help="A new value for KEY (omit to print it).", show_default=False),
    ] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Put KEY back to its default.")] = False,
    json_: JsonOption = False,
) -> None:
    """Read and set the review settings (daily limits, day boundary, learning steps).

    They live in settings.toml in the data folder ($QUIZZER_HOME); 'quizzer
    quiz' flags override them for one session (--new, --reviews, --learn-ahead,
    --retention). Steps are durations: 30s, 10m, 1h, 1d.

    Examples:

      quizzer config                          every setting, its value and default
      quizzer config new_per_day 10           at most 10 new cards a day
      quizzer config day_starts_at 0          days start at midnight
      quizzer config learning_steps "1m 10m 1h"
      quizzer config new_per_day --unset      back to the default (20)
    """

    def run() -> None:
        import json

        from quizzer.review import settings as s

        if unset:
            if key is None or value is not None:
                raise ValueError("--unset takes one setting: quizzer config KEY --unset")
            current = s.unset(key)
        elif key is not None and value is not None:
            current = s.set_value(key, value)
        else:
            current = s.load()
        if key is not None:
            s.check_key(key)
            shown = current.to_dict()[key]
            if json_:
                typer.echo(json.dumps({key: shown}))
            else:
                typer.echo(" ".join(shown) if isinstance(shown, list) else str(shown))
            return
        if json_:
            typer.echo(json.dumps(current.to_dict(), indent=2))
            return
        from quizzer.render import console
        from quizzer.render.today import settings_view

        console().print(settings_view(current, s.DEFAULTS, s.SPECS, s.path()))

    guard(run)


def register(app: typer.Typer) -> None:
    app.command("today")(today)
    app.command("config")(config)
