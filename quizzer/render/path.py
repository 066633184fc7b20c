"""Rich views of the challenges as a path: ``challenges``, ``next``, ``hint``."""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.markdown import CardMarkdown
from quizzer.render.wrap import Wrapped

STATUS_STYLES = {"passed": "bold green", "tried": "yellow", "untried": "dim"}
STATUS_KEYS = {"passed": "path.passed", "tried": "path.tried", "untried": "path.untried"}


def status_word(row, lang: str) -> str:
    if row.status == "passed" and row.with_hints:
        return t("path.passed_hints", lang)
    return t(STATUS_KEYS[row.status], lang)


def _local(moment: str | None) -> str:
    """The store's UTC time as local ``YYYY-MM-DD HH:MM``."""
    if not moment:
        return "–"
    return datetime.fromisoformat(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def _score(score: float | None) -> str:
    return f"{score:.0%}" if score is not None else "–"


def _hints(row) -> str:
    return f"{row.hints_shown}/{row.hints_total}" if row.hints_shown else "–"


def print_challenges(console: Console, rows, lang: str, next_row=None) -> None:
    """The ``quizzer challenges`` table, a one-line summary, and what to do next."""
    table = Table(
        title=t("path.title", lang), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    # (header, justify, cell); the last entries go first when the terminal is narrow
    columns = [
        ("#", "right", lambda r: str(r.number)),
        (t("path.challenge", lang), "left", lambda r: Text(r.challenge, style="bold cyan")),
        (
            t("path.status", lang),
            "left",
            lambda r: Text(status_word(r, lang), style=STATUS_STYLES[r.status]),
        ),
        (t("path.best", lang), "right", lambda r: _score(r.best_score)),
        (t("path.attempts", lang), "right", lambda r: str(r.attempts) if r.attempts else "–"),
        (t("path.hints", lang), "right", lambda r: _hints(r)),
        (t("path.last", lang), "left", lambda r: _local(r.last_check)),
        (t("path.card_title", lang), "left", lambda r: Wrapped(r.title(lang))),
    ]
    keep = 4 + sum(console.width >= w for w in (60, 70, 86, 110))
    for header, justify, _cell in columns[:keep]:
        title_column = header == t("path.card_title", lang)
        table.add_column(
            header, justify=justify, no_wrap=not title_column, ratio=title_column or None
        )
    for row in rows:
        table.add_row(*(cell(row) for _, _, cell in columns[:keep]))
    console.print(table)
    counts = {s: sum(r.status == s for r in rows) for s in ("passed", "tried", "untried")}
    console.print(Text(t("path.summary", lang, total=len(rows), **counts), style="bold"))
    console.print(Wrapped(next_line(next_row, lang)))


def next_line(next_row, lang: str) -> str:
    if next_row is None:
        return t("path.done", lang)
    return t("path.next", lang, c=next_row.challenge, number=next_row.number)


def print_next(console: Console, row, path, wrote: bool, lang: str) -> None:
    """What ``quizzer next`` did: the challenge it picked and the starter file."""
    title = row.title(lang)
    console.print(
        Text(t("next.which", lang, number=row.number, title=title, c=row.challenge), "bold")
    )
    if wrote:
        console.print(f"[bold green]{escape(t('drill.wrote', lang, path=path))}[/]")
        console.print(Wrapped(t("drill.next", lang, path=path)))
    else:
        console.print(Wrapped(t("next.exists", lang, path=path)))


def print_hint(console: Console, view, ref: str, lang: str) -> None:
    """The hints shown so far, the new one last and framed, then how to get the next."""
    for level, hint in enumerate(view.hints, start=1):
        body = CardMarkdown(hint(lang))
        title = t("hint.title", lang, level=level, total=view.total, c=view.challenge)
        if level < view.level:
            console.print(Panel(body, title=title, title_align="left", border_style="dim"))
        else:
            console.print(
                Panel(body, title=f"[bold]{escape(title)}[/]", title_align="left", box=box.HEAVY)
            )
    if view.last:
        console.print(Wrapped(t("hint.last", lang, c=view.challenge), style="dim"))
    else:
        console.print(Wrapped(t("hint.more", lang, ref=ref, next=view.level + 1), style="dim"))
