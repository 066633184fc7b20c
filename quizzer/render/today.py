"""The today screen: ``quizzer`` with no command (``quizzer.review.today`` computes it).

Kept free of the session machinery (no FSRS import): it must open as fast as
``quizzer list``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizzer.i18n import t

if TYPE_CHECKING:
    from quizzer.review.today import Today

STATUS_STYLE = {"passed": "green", "tried": "yellow", "untried": "dim"}
STATUS_KEYS = {
    "passed": "today.ch_passed",
    "tried": "today.ch_tried",
    "untried": "today.ch_untried",
}
NEXT_KEYS = {"quiz": "today.next_quiz", "drill": "today.next_drill", "check": "today.next_check"}


def _clock(moment: datetime, now: datetime) -> str:
    """``14:32`` today, ``Thu 14:32`` within a week, else ``2026-12-24``."""
    local, here = moment.astimezone(), now.astimezone()
    if local.date() == here.date():
        return f"{local:%H:%M}"
    if (local.date() - here.date()).days < 7:
        return f"{local:%m-%d %H:%M}"
    return f"{local:%Y-%m-%d}"


def _minutes(moment: datetime, now: datetime) -> int:
    return max(round((moment - now).total_seconds() / 60), 1)


def today_view(d: Today, lang: str = "en") -> RenderableType:
    weekdays = t("chart.weekdays", lang).split()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")

    due = Text(t("today.due_count", lang, n=d.due_now), style="bold" if d.due_now else "dim")
    if d.due_now:
        due.append(t("today.due_parts", lang, reviews=d.due_reviews, learning=d.due_learning))
    if d.over_limit:
        due.append(t("today.over_limit", lang, n=d.over_limit, limit=d.settings.reviews_per_day),
                   style="yellow")  # fmt: skip
    grid.add_row(t("today.due", lang), due)

    if d.learning_soon:
        back = t("today.soon_count", lang, n=d.learning_soon,
                 when=_clock(d.learning_next, d.now), minutes=_minutes(d.learning_next, d.now))  # fmt: skip
    else:
        back = t("today.soon_none", lang)
    grid.add_row(t("today.soon", lang), Text(back, style="" if d.learning_soon else "dim"))

    new = Text(t("today.new_count", lang, n=d.new_left, done=d.new_today,
                 limit=d.settings.new_per_day, unseen=d.unseen))  # fmt: skip
    grid.add_row(t("today.new", lang), new)

    week = Text()
    for i, (day, n) in enumerate(d.forecast):
        if i:
            week.append(" · ", style="dim")
        label = t("chart.today", lang) if i == 0 else weekdays[day.weekday()]
        week.append(f"{label} ")
        week.append(str(n), style="bold" if n else "dim")
    grid.add_row(t("today.week", lang), week)

    counts = d.challenge_counts()
    challenges = Text()
    for i, status in enumerate(("passed", "tried", "untried")):
        if i:
            challenges.append(" · ", style="dim")
        challenges.append(t(STATUS_KEYS[status], lang, n=counts[status]),
                          style=STATUS_STYLE[status])  # fmt: skip
    nc = d.next_challenge
    if nc is not None:
        challenges.append("\n")
        if nc.status == "tried":
            best = f"{round((nc.best or 0) * 100)}%"
            challenges.append(
                t("today.ch_next_tried", lang, c=nc.challenge, n=nc.attempts, best=best)
            )
        else:
            challenges.append(t("today.ch_next", lang, c=nc.challenge))
    elif d.challenges:
        challenges.append("\n" + t("today.ch_all", lang), style="green")
    grid.add_row(t("today.challenges", lang), challenges)

    head = Text(t("today.title", lang, day=f"{weekdays[d.day.weekday()]} {d.day:%Y-%m-%d}"),
                style="bold underline")  # fmt: skip
    return Group(head, Text(), grid, Text(), _next_line(d, lang))


def _next_line(d: Today, lang: str) -> Text:
    step = d.next
    if step.command:
        text = Text(t(NEXT_KEYS[step.kind], lang), style="bold")
        text.append(step.command, style="bold cyan")
        return text
    if step.kind == "wait":
        return Text(t("today.next_wait", lang, when=_clock(step.when, d.now)), style="bold")
    when = _clock(d.next_due, d.now) if d.next_due else "-"
    return Text(t("today.next_done", lang, when=when), style="bold green")


def settings_view(current, defaults, specs, path) -> RenderableType:
    """``quizzer config``: each setting, its value (bold when changed), default and meaning."""
    table = Table(box=None, header_style="bold", pad_edge=False, title_justify="left",
                  title=f"settings ({path})")  # fmt: skip
    for name in ("setting", "value", "default", "meaning"):
        table.add_column(name, no_wrap=name != "meaning", overflow="fold")
    now, base = current.to_dict(), defaults.to_dict()

    def show(v) -> str:
        return " ".join(v) if isinstance(v, list) else str(v)

    for key, spec in specs.items():
        changed = now[key] != base[key]
        table.add_row(key, Text(show(now[key]), style="bold" if changed else ""),
                      show(base[key]), spec.help)  # fmt: skip
    return table
