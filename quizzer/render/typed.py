"""The reasoning after a typed answer: points hit (with the words that made each), points
missed, wrong statements with their correction, and why the suggested rating is what it is.

The data is ``review.answers.TypedResult``; ``quizzer answer --json`` prints the same data.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.quiz import RATING_STYLE, rating_name
from quizzer.render.quiz import inline as _inline
from quizzer.render.wrap import Wrapped

if TYPE_CHECKING:
    from quizzer.cards import KeyPoint
    from quizzer.review.answers import TypedResult


@lru_cache(maxsize=1024)
def inline(text: str) -> str:
    """A card text with its math as Unicode (cached: the same points come back every review)."""
    return _inline(text)


def _point(point: KeyPoint, lang: str, style: str = "") -> Text:
    level = t("typed.core" if point.core else "typed.detail", lang)
    text = Text(f"[{level}] ", style="dim")
    text.append(inline(point.text(lang)), style=style)
    return text


def _row(mark: str, style: str, body: Text) -> Wrapped:
    """One line per item, no table: a table measures every cell twice, and this is on the path
    from an answer to the next card."""
    return Wrapped(Text(f"{mark} ", style=style) + body)


def typed_view(result: TypedResult, lang: str) -> RenderableType:
    """The points hit and missed, the wrong statements, and the reason for the rating."""
    rows: list[RenderableType] = []
    for hit in result.evidence:
        line = _point(hit.point, lang)
        line.append(f"\n  {t('typed.you_said', lang)}“{hit.clause}”", style="dim italic")
        rows.append(_row("✓", "green", line))
    for point in result.missed:
        rows.append(_row("✗", "red", _point(point, lang, "red")))
    core = [p for p in (*result.hit, *result.missed) if p.core]
    head = Text(
        t(
            "typed.points", lang, hit=len(result.hit), total=len(result.hit) + len(result.missed),
            core_hit=sum(p.core for p in result.hit), core_total=len(core),
        ),
        style="bold",
    )  # fmt: skip
    parts: list[RenderableType] = [head, *rows]
    if result.contradictions:
        parts.append(Text(t("typed.wrong_head", lang), style="bold red"))
        for c in result.contradictions:
            line = Text(f"“{c.statement}”", style="red")
            line.append(f"\n  {t('typed.card_says', lang)}{inline(c.wrong(lang))}", style="dim")
            line.append(f"\n  {t('typed.correction', lang)}", style="bold")
            line.append(inline(c.why(lang)))
            parts.append(_row("✗", "red", line))
    name = rating_name(result.suggested, lang)
    why = Text(t("typed.why", lang, name=name), style=f"bold {RATING_STYLE[result.suggested]}")
    why.append(t(result.reason, lang) if result.reason else "")
    parts.append(Wrapped(why))
    return Group(*parts)
