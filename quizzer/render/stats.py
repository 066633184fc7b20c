"""``quizzer stats`` in the terminal: the per-card table, the totals and the due chart.

``stats_view`` turns the ``quizzer.review.stats.Stats`` data (the same data ``--json``
prints) into one renderable, choosing the most columns that fit the width.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.quiz import duration, interval

if TYPE_CHECKING:
    from quizzer.review.stats import Stats

STATE_KEYS = {  # the totals line
    "new": "state.new",
    "learning": "state.learning",
    "review": "state.review",
    "relearning": "state.relearning",
}
STATE_SHORT_KEYS = {**STATE_KEYS, "learning": "state_short.learning",
                    "relearning": "state_short.relearning"}  # fmt: skip
CHALLENGE_KEYS = {"passed": "challenge.passed", "attempted": "challenge.attempted"}
CHALLENGE_BLANK = {"not tried": "-", "none": ""}
_HEADER_KEYS = {
    "card": "stats.card",
    "state": "stats.state",
    "due": "stats.due",
    "stability": "stats.stability",
    "recall": "stats.recall",
    "revs": "stats.revs",
    "lapses": "stats.lapses",
    "challenge": "stats.challenge",
}


def when(due: datetime | None, now: datetime, lang: str = "en") -> str:
    """``now`` when due, else ``in 10m`` / ``in 3d``."""
    if due is None:
        return "-"
    if due <= now:
        return t("when.now", lang)
    return t("when.in", lang, interval=interval(due - now, lang))


def _challenge(status: str, lang: str) -> str:
    if status in CHALLENGE_KEYS:
        return t(CHALLENGE_KEYS[status], lang)
    return CHALLENGE_BLANK.get(status, status)


_COLUMN_SETS = (
    ("#", "card", "state", "due", "stability", "recall", "revs", "lapses", "challenge"),
    ("card", "state", "due", "stability", "recall", "revs", "challenge"),
    ("card", "state", "due", "recall", "revs", "challenge"),
    ("card", "due", "recall", "challenge"),
    ("card", "due", "recall"),
)


def stats_view(st: Stats, width: int = 80, lang: str = "en") -> RenderableType:
    """The per-card table (the most columns that fit, none cut short), totals and the due chart."""
    rows = [
        {
            "#": str(c.number) if c.number is not None else "-",
            "card": c.id,
            "state": t(STATE_SHORT_KEYS[c.state], lang) if c.state in STATE_KEYS else c.state,
            "due": when(c.due, st.now, lang),
            "stability": t("unit.days", lang, n=f"{c.stability:.1f}")
            if c.stability is not None
            else "-",
            "recall": f"{c.retrievability:.0%}" if c.retrievability is not None else "-",
            "revs": str(c.reviews),
            "lapses": str(c.lapses),
            "challenge": _challenge(c.challenge, lang),
        }
        for c in st.cards
    ]
    headers = {n: t(_HEADER_KEYS[n], lang) if n in _HEADER_KEYS else n for n in _COLUMN_SETS[0]}
    widest = {
        name: max([cell_len(headers[name])] + [cell_len(row[name]) for row in rows])
        for name in _COLUMN_SETS[0]
    }
    names = next(
        (
            names
            for names in _COLUMN_SETS
            if sum(widest[n] for n in names) + 2 * (len(names) - 1) <= width
        ),
        _COLUMN_SETS[-1],
    )
    right = {"#", "due", "stability", "recall", "revs", "lapses"}
    table = Table(
        title=t("stats.title", lang),
        title_justify="left",
        pad_edge=False,
        box=None,
        header_style="bold",
    )
    for name in names:
        justify = "right" if name in right else "left"
        table.add_column(headers[name], justify=justify, no_wrap=True, overflow="ellipsis")
    for row, c in zip(rows, st.cards, strict=True):
        style = {"passed": "green", "attempted": "yellow"}.get(c.challenge, "dim")
        table.add_row(*(Text(row[n], style=style) if n == "challenge" else row[n] for n in names))
    states = t("list.sep", lang).join(
        f"{t(STATE_KEYS[k], lang)} {v}" for k, v in st.states().items()
    )
    totals = Text(
        t(
            "stats.totals",
            lang,
            cards=len(st.cards),
            states=states,
            due=st.due_now,
            reviews=st.reviews,
            today=st.reviews_today,
            cram=st.cram_reviews,
            time=duration(st.seconds, lang),
            retention=f"{st.retention:.0%}" if st.retention is not None else "-",
            passed=st.passed,
            scheduled=st.scheduled_reviews,
            challenges=st.challenges_passed,
            attempts=st.attempts,
        )
    )
    return Group(table, Text(), totals, Text(), due_chart(st, width, lang))


def due_chart(st: Stats, width: int = 80, lang: str = "en") -> RenderableType:
    """Cards due per day over the forecast window, one bar per day."""
    weekdays = t("chart.weekdays", lang).split()
    labels = [
        t("chart.today", lang) if i == 0 else f"{weekdays[day.weekday()]} {day:%m-%d}"
        for i, (day, _) in enumerate(st.forecast)
    ]
    label_width = max([9] + [cell_len(label) for label in labels])
    top = max((n for _, n in st.forecast), default=0)
    room = max(width - label_width - 11, 5)
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for i, ((_, n), label) in enumerate(zip(st.forecast, labels, strict=True)):
        bar = "█" * max(round(n / top * room), 1) if n and top else ""
        table.add_row(
            Text(" " * (label_width - cell_len(label)) + label, style="bold" if i == 0 else ""),
            Text(f"{bar} {n}", style="cyan" if n else "dim"),
        )
    title = t("chart.title", lang, days=len(st.forecast))
    return Group(Text(title, style="bold"), table)
