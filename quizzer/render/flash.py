"""The back of a flash card: key points first, sized to the screen; the full answer a key away.

A card's key points are its natural back: short, one claim each. ``back_view``
shows as many whole key points as fit in the rows left under the question (a
24-row terminal is the target) and says how many more there are; ``e`` or
``s`` opens the full answer in a pager (``$PAGER``, else ``less``), or prints
it when the output is not a terminal.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.wrap import Wrapped

if TYPE_CHECKING:
    from quizzer.cards import Card


def height(console: Console, renderable: RenderableType, width: int | None = None) -> int:
    """Rows ``renderable`` takes at ``width`` (default: the console's)."""
    options = console.options.update_width(width or console.width)
    return len(console.render_lines(renderable, options, pad=False))


def _points(card: Card, lang: str, count: int, hidden: int) -> RenderableType:
    from quizzer.render.quiz import inline

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="green")
    table.add_column(ratio=1, overflow="fold")
    for point in card.key_points[:count]:
        table.add_row("•", Wrapped(inline(point.text(lang))))
    head = Text(t("back.key_points", lang), style="bold green")
    head.append(t("back.full", lang), style="dim")
    parts: list[RenderableType] = [head, table]
    if hidden:
        parts.append(Text(t("back.more", lang, n=hidden), style="dim"))
    return Group(*parts)


def back_view(card: Card, lang: str, console: Console, rows: int | None = None) -> RenderableType:
    """The key points that fit in ``rows`` (all of them when ``rows`` is None), whole points only."""
    total = len(card.key_points)
    if rows is None:
        return _points(card, lang, total, 0)
    for count in range(total, 0, -1):
        view = _points(card, lang, count, total - count)
        if height(console, view) <= rows:
            return view
    return _points(card, lang, 1, total - 1)


def show_full_answer(card: Card, lang: str, console: Console, *, pager: bool) -> None:
    """The whole answer: in a pager on a terminal, printed in place otherwise."""
    from quizzer.render.quiz import answer_view

    view = answer_view(card, lang)
    if not pager:
        console.print(view)
        return
    command = os.environ.get("MANPAGER") or os.environ.get("PAGER") or "less"
    styles = command.split()[0].endswith("less")
    if styles:
        os.environ.setdefault("LESS", "-R")  # less shows colours with -R
    with console.pager(styles=styles):
        console.print(view)
