"""Quiz sessions in the terminal: the views (``quizzer stats`` lives in ``render/stats.py``).

Views turn session data into Rich renderables. The terminal loop that shows
them and reads the learner's keys is ``render/loop.py``; the back of a flash
card is ``render/flash.py``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.wrap import Wrapped
from quizzer.review.schedule import RATINGS, format_interval, parse_rating

if TYPE_CHECKING:  # ``render.stats`` imports this module and needs none of the session machinery
    from rich.markdown import Markdown

    from quizzer.cards import Card
    from quizzer.review.answers import TypedResult
    from quizzer.review.schedule import Outcome
    from quizzer.review.session import Answered, Question, Session, Summary

RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}
RATING_KEYS = {1: "rating.again", 2: "rating.hard", 3: "rating.good", 4: "rating.easy"}
MODE_KEYS = {"flash": "mode.flash", "choice": "mode.choice", "typed": "mode.typed"}
QUIT = {"q", "quit", ":q"}


def rating_name(value: int, lang: str = "en") -> str:
    """``good`` / ``良好``: Anki's button names."""
    return t(RATING_KEYS[value], lang)


def read_rating(line: str) -> int | None:
    """``3``, ``good`` or ``g`` (``schedule.parse_rating``), or a Chinese button name: 良好 or 良."""
    rating = parse_rating(line)
    word = line.strip()
    if rating is None and word:
        rating = next((v for v, key in RATING_KEYS.items() if t(key, "zh").startswith(word)), None)
    return rating


_UNIT_KEYS = {
    "m": "unit.minutes", "h": "unit.hours", "d": "unit.days", "mo": "unit.months", "y": "unit.years"
}  # fmt: skip


def interval(delta, lang: str = "en") -> str:
    """``schedule.format_interval`` (``<1m``, ``3d``) with its unit in ``lang`` (``<1分钟``, ``3天``)."""
    text = format_interval(delta)
    match = re.fullmatch(r"(<?)([\d.]+)(mo|m|h|d|y)", text)
    return match[1] + t(_UNIT_KEYS[match[3]], lang, n=match[2]) if match else text


# a line break inside a Chinese paragraph joins without a space (Markdown would add one)
_CJK_SOFT_BREAK = r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])"


def _markdown(text: str) -> Markdown:
    from quizzer.render.wrap import markdown

    text = re.sub(_CJK_SOFT_BREAK, "", text)
    try:
        from quizzer.mathmarkdown import markdown_math_to_text
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
        tag = t("card.new" if q.new else "card.review", lang)
        count = f"[{q.position}/{q.total}]"
        title = f"{count} {q.card.title(lang)}"
        body: list[RenderableType] = []
        if cell_len(title) > options.max_width - 6:  # "╭─ " + title + " ─╮"
            body += [Wrapped(Text(q.card.title(lang), style="bold underline")), Text()]
            title = count
        if q.mode == "choice":  # each choice question has its own stem
            stem = q.card.choices[q.options[0].choice].stem(lang)
            body.append(Wrapped(inline(stem), style="bold"))
            choices = Table.grid(padding=(0, 1))
            choices.add_column(no_wrap=True, justify="right")
            choices.add_column(ratio=1, overflow="fold")
            for i, option in enumerate(q.options, 1):
                choices.add_row(f"{i}.", Wrapped(_option_text(q.card, option, lang)))
            body += [Text(), choices]
        else:
            body.append(Wrapped(inline(q.card.question(lang)), style="bold"))
        yield Panel(
            Group(*body),
            title=title,
            subtitle=f"{q.card.id} · {t(MODE_KEYS[q.mode], lang)} · {tag}",
            title_align="left",
            subtitle_align="right",
            border_style="blue",
        )


def _option_text(card: Card, option, lang: str) -> str:
    choice = card.choices[option.choice]
    if option.correct:
        return inline(choice.correct(lang))
    return inline(choice.distractors[option.distractor_index].text(lang))


def answer_view(card: Card, lang: str) -> RenderableType:
    return Panel(
        _markdown(card.answer(lang)),
        title=t("quiz.answer", lang),
        title_align="left",
        border_style="green",
    )


def preview_view(previews: dict[int, Outcome] | None, lang: str = "en") -> Text:
    """``1 again <1m · 2 hard 6m · 3 good 10m · 4 easy 3d``; in cram: the schedule is untouched."""
    if previews is None:
        return Text(t("rate.cram", lang), style="dim")
    text = Text()
    for value in RATINGS:
        if value > 1:
            text.append(" · ", style="dim")
        text.append(f"{value} {rating_name(value, lang)} ", style=RATING_STYLE[value])
        text.append(interval(previews[value].interval, lang), style="bold")
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
            text.append("  " + t("quiz.your_answer", lang), style="bold")
        table.add_row(Text(f"{mark} {i + 1}.", style=style), Wrapped(text))
        if not option.correct:
            why = inline(
                q.card.choices[option.choice].distractors[option.distractor_index].why(lang)
            )
            table.add_row(
                Text(t("quiz.why", lang), style="italic", justify="right"),
                Wrapped(why, style="italic"),
            )
    head = (
        Text(t("quiz.correct", lang), style="bold green")
        if right
        else Text(t("quiz.wrong", lang), style="bold red")
    )
    return Group(head, table)


def typed_feedback(result: TypedResult, lang: str) -> RenderableType:
    """Points hit (with the learner's words), missed, wrong statements, why the rating."""
    from quizzer.render.typed import typed_view

    return typed_view(result, lang)


def saved_line(a: Answered, lang: str = "en") -> Text:
    text = Text(t("saved", lang, name=rating_name(a.rating, lang)), style=RATING_STYLE[a.rating])
    if a.due is None:
        text.append(t("saved.cram", lang), style="dim")
    else:
        gap = interval(a.due - a.reviewed_at, lang)
        text.append(t("saved.next", lang, interval=gap, when=local(a.due)), style="dim")
    return text


_SUMMARY_COLUMNS = {
    "summary.card": "left",
    "summary.mode": "left",
    "summary.rating": "left",
    "summary.time": "right",
    "summary.next_due": "right",
}


def summary_view(s: Summary, note: str | None = None, lang: str = "en") -> RenderableType:
    table = Table(
        title=t("summary.title", lang),
        title_justify="left",
        box=None,
        header_style="bold",
        pad_edge=False,
    )
    for key, justify in _SUMMARY_COLUMNS.items():
        table.add_column(t(key, lang), justify=justify, no_wrap=True)
    for a in s.answered:
        table.add_row(
            a.card.id,
            t(MODE_KEYS[a.mode], lang),
            Text(rating_name(a.rating, lang), style=RATING_STYLE[a.rating]),
            duration(a.seconds, lang),
            t("summary.cram", lang)
            if a.due is None
            else t("when.in", lang, interval=interval(a.due - a.reviewed_at, lang)),
        )
    ratings = t("list.sep", lang).join(
        f"{rating_name(r, lang)} {s.ratings.get(r, 0)}" for r in RATINGS
    )
    lines = [
        t("summary.seen", lang, seen=s.seen, total=s.total, correct=s.correct, ratings=ratings),
        t("summary.time_spent", lang, time=duration(s.seconds, lang), due=local(s.next_due)),
    ]
    if s.learning:  # learning cards left when the session ended: when to come back
        lines.append(t("summary.learning", lang, n=s.learning, when=local(s.next_due)))
    parts: list[RenderableType] = [table] if s.answered else []
    parts += [Text(line) for line in lines]
    if note:
        parts.append(Text(note, style="yellow"))
    return Group(*parts)


def duration(seconds: float, lang: str = "en") -> str:
    """``7s``, ``1m 05s``, ``1h 02m`` (``7秒``, ``1分05秒``, ``1小时02分`` in Chinese)."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return t("duration.hm", lang, h=hours, m=f"{minutes:02d}")
    if minutes:
        return t("duration.ms", lang, m=minutes, s=f"{secs:02d}")
    return t("duration.s", lang, s=secs)


def held_back(session: Session, lang: str) -> str:
    """Why an empty session is empty when cards are waiting: the daily limits, or --limit 0."""
    limits = session.limits
    parts = []
    if limits.held_reviews:
        parts.append(t("quiz.held_reviews", lang, n=limits.held_reviews))
    if limits.held_new:
        parts.append(t("quiz.held_new", lang, n=limits.held_new))
    return "".join(parts)


# -- the terminal loop lives in ``render/loop.py`` -------------------------------------------


def __getattr__(name: str):
    if name in ("run_session", "echo_reader"):
        from quizzer.render import loop

        return getattr(loop, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
