"""The reasoning after a typed answer: points hit (with the words that made each), points
missed, wrong statements with their correction, and why the suggested rating is what it is.

The data is ``review.answers.TypedResult``; ``quizzer answer --json`` prints the same data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.quiz import RATING_STYLE, inline, rating_name
from quizzer.render.wrap import Wrapped

if TYPE_CHECKING:
    from quizzer.cards import KeyPoint
    from quizzer.review.answers import TypedResult


def _point(point: KeyPoint, lang: str, style: str = "") -> Text:
    level = t("typed.core" if point.core else "typed.detail", lang)
    text = Text(f"[{level}] ", style="dim")
    text.append(inline(point.text(lang)), style=style)
    return text


def typed_view(result: TypedResult, lang: str) -> RenderableType:
    """The points hit and missed, the wrong statements, and the reason for the rating."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for hit in result.evidence:
        line = _point(hit.point, lang)
        line.append(f"\n{t('typed.you_said', lang)}“{hit.clause}”", style="dim italic")
        table.add_row(Text("✓", style="green"), Wrapped(line))
    for point in result.missed:
        table.add_row(Text("✗", style="red"), Wrapped(_point(point, lang, "red")))
    core = [p for p in (*result.hit, *result.missed) if p.core]
    head = Text(
        t(
            "typed.points", lang, hit=len(result.hit), total=len(result.hit) + len(result.missed),
            core_hit=sum(p.core for p in result.hit), core_total=len(core),
        ),
        style="bold",
    )  # fmt: skip
    parts: list[RenderableType] = [head, table]
    if result.contradictions:
        wrong = Table.grid(padding=(0, 1))
        wrong.add_column(no_wrap=True)
        wrong.add_column(ratio=1, overflow="fold")
        for c in result.contradictions:
            line = Text(f"“{c.statement}”", style="red")
            line.append(f"\n{t('typed.card_says', lang)}{inline(c.wrong(lang))}", style="dim")
            line.append(f"\n{t('typed.correction', lang)}", style="bold")
            line.append(inline(c.why(lang)))
            wrong.add_row(Text("✗", style="red"), Wrapped(line))
        parts += [Text(t("typed.wrong_head", lang), style="bold red"), wrong]
    name = rating_name(result.suggested, lang)
    why = Text(t("typed.why", lang, name=name), style=f"bold {RATING_STYLE[result.suggested]}")
    why.append(t(result.reason, lang) if result.reason else "")
    parts.append(Wrapped(why))
    return Group(*parts)
