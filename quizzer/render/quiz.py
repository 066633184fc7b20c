"""Quiz sessions and statistics in the terminal.

Views turn session and stats data into Rich renderables. ``run_session`` is
the terminal loop: it shows a question, reads lines through ``read`` (``input``
in a terminal, so arrow keys edit the line; any text stream when piped) and
feeds the answer to the ``Session`` state machine, which commits it. EOF,
``q`` at a prompt, or Ctrl-C end the session with the summary of what was
answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from quizzer.render.wrap import Wrapped
from quizzer.schedule import RATINGS, format_interval, parse_rating

if TYPE_CHECKING:  # ``quizzer stats`` needs none of the session machinery
    from rich.markdown import Markdown

    from quizzer.answers import TypedResult
    from quizzer.cards import Card
    from quizzer.quiz import Answered, Question, Session, Summary
    from quizzer.schedule import Outcome
    from quizzer.stats import Stats

RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}
QUIT = {"q", "quit", ":q"}


# a line break inside a Chinese paragraph joins without a space (Markdown would add one)
_CJK_SOFT_BREAK = r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])"


def _markdown(text: str) -> Markdown:
    from quizzer.render.wrap import markdown

    text = re.sub(_CJK_SOFT_BREAK, "", text)
    try:
        from quizzer.mathtext import markdown_math_to_text
    except ImportError:  # pragma: no cover - the math converter ships with the deck work
        return markdown(text)
    return markdown(markdown_math_to_text(text))


_INLINE_MATH = r"\$\$(.+?)\$\$|(?<![\\$])\$([^$\n]+?)(?<!\\)\$"  # re caches the compiled form


def inline(text: str) -> str:
    """A short card text (question, option, key point) with its ``$math$`` as Unicode."""
    if "$" not in text:
        return text
    try:
        from quizzer.mathtext import math_to_text
    except ImportError:  # pragma: no cover - the math converter ships with the deck work
        return text
    return re.sub(_INLINE_MATH, lambda m: math_to_text(m[1] or m[2]).replace("\n", "; "), text)


def local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "-"


# -- views ---------------------------------------------------------------------------------


def question_view(q: Question, lang: str) -> RenderableType:
    return _QuestionPanel(q, lang)


class _QuestionPanel:
    """The question in a panel; a title too long for the border moves inside, whole."""

    def __init__(self, q: Question, lang: str):
        self.q, self.lang = q, lang

    def __rich_console__(self, console: Console, options):
        q, lang = self.q, self.lang
        tag = "new" if q.new else "review"
        count = f"[{q.position}/{q.total}]"
        title = f"{count} {q.card.title(lang)}"
        body: list[RenderableType] = []
        if cell_len(title) > options.max_width - 6:  # "╭─ " + title + " ─╮"
            body += [Wrapped(Text(q.card.title(lang), style="bold underline")), Text()]
            title = count
        body.append(Wrapped(inline(q.card.question(lang)), style="bold"))
        if q.mode == "choice":
            choices = Table.grid(padding=(0, 1))
            choices.add_column(no_wrap=True, justify="right")
            choices.add_column(ratio=1, overflow="fold")
            for i, option in enumerate(q.options, 1):
                choices.add_row(f"{i}.", Wrapped(_option_text(q.card, option, lang)))
            body += [Text(), choices]
        yield Panel(
            Group(*body),
            title=title,
            subtitle=f"{q.card.id} · {q.mode} · {tag}",
            title_align="left",
            subtitle_align="right",
            border_style="blue",
        )


def _option_text(card: Card, option, lang: str) -> str:
    if option.correct:
        return inline(card.choices.correct(lang))
    return inline(card.choices.distractors[option.distractor_index].text(lang))


def answer_view(card: Card, lang: str) -> RenderableType:
    return Panel(
        _markdown(card.answer(lang)), title="Answer", title_align="left", border_style="green"
    )


def preview_view(previews: dict[int, Outcome] | None) -> Text:
    """``1 again <1m · 2 hard 6m · 3 good 10m · 4 easy 3d``; in cram: the schedule is untouched."""
    if previews is None:
        return Text("cram: ratings are logged, the schedule is not changed", style="dim")
    text = Text()
    for value, name in RATINGS.items():
        if value > 1:
            text.append(" · ", style="dim")
        text.append(f"{value} {name} ", style=RATING_STYLE[value])
        text.append(format_interval(previews[value].interval), style="bold")
    return text


def choice_feedback(q: Question, chosen: int, lang: str) -> RenderableType:
    right = q.options[chosen].correct
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for i, option in enumerate(q.options):
        mark = "✓" if option.correct else "✗"
        style = "green" if option.correct else ("red" if i == chosen else "dim")
        text = Text(_option_text(q.card, option, lang), style=style)
        if i == chosen:
            text.append("  ← your answer", style="bold")
        table.add_row(Text(f"{mark} {i + 1}.", style=style), Wrapped(text))
        if not option.correct:
            why = inline(q.card.choices.distractors[option.distractor_index].why(lang))
            table.add_row(
                Text("why", style="italic", justify="right"), Wrapped(why, style="italic")
            )
    head = Text("Correct!", style="bold green") if right else Text("Not quite.", style="bold red")
    return Group(head, table)


def typed_feedback(result: TypedResult, lang: str) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for point in result.hit:
        table.add_row(Text("✓", style="green"), Wrapped(inline(point.text(lang))))
    for point in result.missed:
        table.add_row(Text("✗", style="red"), Wrapped(inline(point.text(lang)), style="red"))
    total = len(result.hit) + len(result.missed)
    head = Text(f"Key points: {len(result.hit)}/{total}", style="bold")
    return Group(head, table)


def saved_line(a: Answered) -> Text:
    text = Text(f"saved: {RATINGS[a.rating]}", style=RATING_STYLE[a.rating])
    if a.due is None:
        text.append(" · cram, schedule unchanged", style="dim")
    else:
        text.append(
            f" · next in {format_interval(a.due - a.reviewed_at)} ({local(a.due)})", style="dim"
        )
    return text


def summary_view(s: Summary, note: str | None = None) -> RenderableType:
    table = Table(
        title="Session summary", title_justify="left", box=None, header_style="bold", pad_edge=False
    )
    for name in ("card", "mode", "rating", "time", "next due"):
        table.add_column(
            name, justify="right" if name in ("time", "next due") else "left", no_wrap=True
        )
    for a in s.answered:
        table.add_row(
            a.card.id,
            a.mode,
            Text(RATINGS[a.rating], style=RATING_STYLE[a.rating]),
            _duration(a.seconds),
            "cram" if a.due is None else f"in {format_interval(a.due - a.reviewed_at)}",
        )
    ratings = ", ".join(f"{RATINGS[r]} {s.ratings.get(r, 0)}" for r in RATINGS)
    lines = [
        f"cards seen {s.seen} of {s.total} · correct {s.correct} · {ratings}",
        f"time spent {_duration(s.seconds)} · next due {local(s.next_due)}",
    ]
    parts: list[RenderableType] = [table] if s.answered else []
    parts += [Text(line) for line in lines]
    if note:
        parts.append(Text(note, style="yellow"))
    return Group(*parts)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


# -- statistics ------------------------------------------------------------------------------


STATE_SHORT = {"new": "new", "learning": "learn", "review": "review", "relearning": "relearn"}
CHALLENGE_SHORT = {"passed": "passed", "attempted": "tried", "not tried": "-", "none": ""}


def when(due: datetime | None, now: datetime) -> str:
    """``now`` when due, else ``in 10m`` / ``in 3d``."""
    if due is None:
        return "-"
    return "now" if due <= now else f"in {format_interval(due - now)}"


_COLUMN_SETS = (
    ("#", "card", "state", "due", "stability", "recall", "revs", "lapses", "challenge"),
    ("card", "state", "due", "stability", "recall", "revs", "challenge"),
    ("card", "state", "due", "recall", "revs", "challenge"),
    ("card", "due", "recall", "challenge"),
    ("card", "due", "recall"),
)


def stats_view(st: Stats, width: int = 80) -> RenderableType:
    """The per-card table (the most columns that fit, none cut short), totals and the due chart."""
    rows = [
        {
            "#": str(c.number) if c.number is not None else "-",
            "card": c.id,
            "state": STATE_SHORT.get(c.state, c.state),
            "due": when(c.due, st.now),
            "stability": f"{c.stability:.1f}d" if c.stability is not None else "-",
            "recall": f"{c.retrievability:.0%}" if c.retrievability is not None else "-",
            "revs": str(c.reviews),
            "lapses": str(c.lapses),
            "challenge": CHALLENGE_SHORT.get(c.challenge, c.challenge),
        }
        for c in st.cards
    ]
    widest = {
        name: max([len(name)] + [cell_len(row[name]) for row in rows]) for name in _COLUMN_SETS[0]
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
        title="Cards", title_justify="left", pad_edge=False, box=None, header_style="bold"
    )
    for name in names:
        justify = "right" if name in right else "left"
        table.add_column(name, justify=justify, no_wrap=True, overflow="ellipsis")
    for row, c in zip(rows, st.cards, strict=True):
        style = {"passed": "green", "attempted": "yellow"}.get(c.challenge, "dim")
        table.add_row(*(Text(row[n], style=style) if n == "challenge" else row[n] for n in names))
    states = ", ".join(f"{k} {v}" for k, v in st.states().items())
    retention = f"{st.retention:.0%}" if st.retention is not None else "-"
    totals = Text(
        f"cards {len(st.cards)}: {states}; due now {st.due_now}\n"
        f"reviews {st.reviews} (today {st.reviews_today}, cram {st.cram_reviews}); "
        f"time {_duration(st.seconds)}\n"
        f"retention {retention} ({st.passed} of {st.scheduled_reviews} scheduled reviews "
        f"not rated again)\n"
        f"challenges passed {st.challenges_passed}; attempts {st.attempts}"
    )
    return Group(table, Text(), totals, Text(), due_chart(st, width))


def due_chart(st: Stats, width: int = 80) -> RenderableType:
    """Cards due per day over the forecast window, one bar per day."""
    top = max((n for _, n in st.forecast), default=0)
    room = max(width - 20, 5)
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for i, (day, n) in enumerate(st.forecast):
        label = "today" if i == 0 else day.strftime("%a %m-%d")
        bar = "█" * max(round(n / top * room), 1) if n and top else ""
        table.add_row(
            Text(f"{label:>9}", style="bold" if i == 0 else ""),
            Text(f"{bar} {n}", style="cyan" if n else "dim"),
        )
    return Group(Text(f"Due per day, next {len(st.forecast)} days", style="bold"), table)


# -- the terminal loop -------------------------------------------------------------------------


class _End(Exception):
    def __init__(self, reason: str):
        self.reason = reason


def _ask(read: Callable[[str], str], prompt: str, *, allow_quit: bool = True) -> str:
    try:
        line = read(prompt)
    except EOFError:
        raise _End("eof") from None
    if allow_quit and line.strip().lower() in QUIT:
        raise _End("quit")
    return line


def _rate(read, console: Console, session: Session, default: int | None) -> Answered:
    console.print(preview_view(None if session.cram else session.previews()))
    hint = f", Enter = {default} {RATINGS[default]}" if default else ""
    while True:
        try:
            line = _ask(read, f"rate 1-4{hint} (q quits)> ")
        except (_End, KeyboardInterrupt) as stop:
            if default is None:  # nothing to commit without a rating
                raise
            if isinstance(stop, KeyboardInterrupt):
                console.print()  # ^C leaves the cursor on the prompt line
            # a typed answer was given and graded: keep it, with the suggested rating
            console.print(saved_line(session.rate(default)))
            raise
        rating = default if (default and not line.strip()) else parse_rating(line)
        if rating is not None:
            answered = session.rate(rating)
            console.print(saved_line(answered))
            return answered
        console.print("[red]type 1 (again), 2 (hard), 3 (good) or 4 (easy)[/]")


def _read_typed(read) -> tuple[str, bool]:
    """Lines until an empty one (or EOF, reported as True); ``q`` alone quits."""
    lines: list[str] = []
    while True:
        try:
            line = read("> " if not lines else ". ")
        except EOFError:
            if not lines:  # nothing typed: nothing to grade or commit
                raise _End("eof") from None
            return "\n".join(lines), True
        if not lines and line.strip().lower() in QUIT:
            raise _End("quit")
        if not line.strip():
            return "\n".join(lines), False
        lines.append(line)


def _one(q: Question, session: Session, console: Console, read, lang: str) -> None:
    from quizzer import answers

    console.print(question_view(q, lang))
    if q.mode == "flash":
        _ask(read, "Enter shows the answer (q quits)> ")
        console.print(answer_view(q.card, lang))
        _rate(read, console, session, None)
    elif q.mode == "choice":
        while (
            chosen := answers.parse_choice(
                _ask(read, f"your choice 1-{len(q.options)} (q quits)> "), len(q.options)
            )
        ) is None:
            console.print(f"[red]type a number from 1 to {len(q.options)}[/]")
        rating = session.check_choice(chosen)
        console.print(choice_feedback(q, chosen, lang))
        console.print(saved_line(session.rate(rating)))
    else:
        console.print(Text("Type your answer; an empty line (or Ctrl-D) ends it.", style="dim"))
        text, eof = _read_typed(read)
        result = session.check_typed(text)
        console.print(answer_view(q.card, lang))
        console.print(typed_feedback(result, lang))
        console.print(
            Text(f"suggested: {result.suggested} {RATINGS[result.suggested]}", style="bold")
        )
        if eof:
            console.print(saved_line(session.rate(result.suggested)))
            raise _End("eof")
        _rate(read, console, session, result.suggested)


def echo_reader(out: Callable[[str], None]) -> Callable[[str], str]:
    """For piped input: read a line and echo prompt and line, so a transcript reads like a terminal."""

    def read(prompt: str) -> str:
        line = input()
        out(prompt + line)
        return line

    return read


def run_session(
    session: Session, console: Console, lang: str, read: Callable[[str], str] = input
) -> tuple[Summary, str | None]:
    """Run the session to its end; returns the summary and why it ended early (or None)."""
    reason = None
    try:
        while (q := session.current()) is not None:
            _one(q, session, console, read, lang)
            console.print()
    except _End as end:
        reason = end.reason
        console.print()
    except KeyboardInterrupt:
        reason = "interrupt"
        console.print()
    summary = session.summary()
    note = None
    if reason and not session.done:
        what = {"eof": "input ended", "quit": "quit", "interrupt": "interrupted"}[reason]
        note = (
            f"Session ended early ({what}): {summary.seen} of {summary.total} answered, all saved."
        )
    console.print(summary_view(summary, note))
    return summary, reason
