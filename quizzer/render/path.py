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


def status_word(row, lang: str) -> str:
    if row.status == "passed" and row.with_hints:
        return t("path.passed_hints", lang)
    return t(f"path.{row.status}", lang)


def _local(moment: str | None) -> str:
    """The store's UTC time as local ``YYYY-MM-DD HH:MM``."""
    if not moment:
        return "–"
    return datetime.fromisoformat(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def print_challenges(console: Console, rows, lang: str, next_row=None) -> None:
    """The ``quizzer challenges`` table, a one-line summary, and what to do next."""
    table = Table(
        title=t("path.title", lang), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("path.challenge", lang), style="bold cyan", no_wrap=True)
    table.add_column(t("path.card_title", lang), overflow="fold", ratio=1)
    table.add_column(t("path.status", lang), no_wrap=True)
    table.add_column(t("path.attempts", lang), justify="right", no_wrap=True)
    table.add_column(t("path.best", lang), justify="right", no_wrap=True)
    table.add_column(t("path.hints", lang), justify="right", no_wrap=True)
    table.add_column(t("path.last", lang), no_wrap=True)
    for row in rows:
        table.add_row(
            str(row.number) if row.number is not None else "–",
            row.challenge,
            Wrapped(row.title(lang)) if row.title is not None else "",  # CJK wraps anywhere
            Text(status_word(row, lang), style=STATUS_STYLES[row.status]),
            str(row.attempts) if row.attempts else "–",
            f"{row.best_score:.0%}" if row.best_score is not None else "–",
            f"{row.hints_shown}/{row.hints_total}" if row.hints_shown else "–",
            _local(row.last_check),
        )
    console.print(table)
    counts = {s: sum(r.status == s for r in rows) for s in ("passed", "tried", "untried")}
    console.print(Text(t("path.summary", lang, total=len(rows), **counts), style="bold"))
    console.print(Wrapped(next_line(next_row, lang)))


def next_line(next_row, lang: str) -> str:
    if next_row is None:
        return t("path.done", lang)
    return t("path.next", lang, c=next_row.challenge, number=next_row.number or "–")


def print_next(console: Console, row, path, wrote: bool, lang: str) -> None:
    """What ``quizzer next`` did: the challenge it picked and the starter file."""
    title = row.title(lang) if row.title is not None else row.challenge
    console.print(
        Text(t("next.which", lang, number=row.number or "–", title=title, c=row.challenge), "bold")
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
