"""The quiz in the terminal: show a question, read the learner, feed the ``Session``.

Input comes through ``render.keys``: on a terminal, ``Keys`` (one key to
reveal, one key to rate, a paste-safe typed answer) and a fresh screen per card
that fits 24 rows; piped, ``Lines`` (one line per prompt, as scripts and tests
expect). At every prompt ``u`` takes the last rating back (the store puts the
card back exactly, the card is asked again) and ``q`` ends the session; at the
rating prompt Enter or Space takes the suggested rating and ``e`` / ``s`` shows
the full answer. EOF, ``q`` or Ctrl-C end the session with the summary of what
was answered, every answer already saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.flash import back_view, height, show_full_answer
from quizzer.render.keys import Keys, Lines
from quizzer.render.quiz import (
    answer_view,
    choice_feedback,
    preview_view,
    question_view,
    rating_name,
    read_rating,
    saved_line,
    summary_view,
    typed_feedback,
)

if TYPE_CHECKING:
    from quizzer.review.session import Answered, Question, Session, Summary

_ENDED_KEYS = {"eof": "ended.eof", "quit": "ended.quit", "interrupt": "ended.interrupt"}
QUIT = {"q", "quit", ":q"}
UNDO = {"u", "undo"}
FULL = {"e", "s"}
FLASH_DEFAULT = 3  # Enter or Space on a flash card: good, as in Anki


class _End(Exception):
    def __init__(self, reason: str):
        self.reason = reason


class _Undo(Exception):
    """``u`` at a prompt: take the last rating back."""


class _Screen:
    """Where the loop draws: the console, the input, and the line to show above the next card."""

    def __init__(self, console: Console, inp: Keys | Lines, lang: str):
        self.console, self.inp, self.lang = console, inp, lang
        self.status: Text | None = None

    def ask(self, prompt: str, *, single_key: bool = False) -> str:
        """A key (terminal) or a line (piped); ``q`` ends the session, ``u`` undoes."""
        try:
            got = self.inp.key(prompt) if single_key else self.inp.line(prompt)
        except EOFError:
            raise _End("eof") from None
        return self.control(got)

    @staticmethod
    def control(got: str) -> str:
        """``got`` itself, unless it is ``q`` (ends the session) or ``u`` (undoes)."""
        word = got.strip().lower()
        if word in QUIT:
            raise _End("quit")
        if word in UNDO:
            raise _Undo
        return got


def _rate(screen: _Screen, session: Session, default: int, *, keep_on_stop: bool) -> Answered:
    """The rating prompt; ``keep_on_stop``: q, EOF or Ctrl-C commit ``default`` (a graded answer)."""
    console, lang, keys = screen.console, screen.lang, screen.inp.interactive
    console.print(preview_view(None if session.cram else session.previews(), lang))
    hint = t("rate.default", lang, n=default, name=rating_name(default, lang))
    while True:
        try:
            line = screen.ask(t("rate.prompt", lang, hint=hint), single_key=keys)
        except (_End, KeyboardInterrupt) as stop:
            if not keep_on_stop:  # nothing to commit without a rating
                raise
            if isinstance(stop, KeyboardInterrupt):
                console.print()  # ^C leaves the cursor on the prompt line
            # a typed answer was given and graded: keep it, with the suggested rating
            console.print(saved_line(session.rate(default), lang))
            raise
        word = line.strip().lower()
        if word in FULL:
            show_full_answer(session.current().card, lang, console, pager=keys)
            continue
        rating = default if word in ("", "enter", "space") else read_rating(line)
        if rating is not None:
            answered = session.rate(rating)
            screen.status = saved_line(answered, lang)
            if answered.learning:
                screen.status.append(t("saved.back_soon", lang), style="dim")
            console.print(screen.status)
            return answered
        console.print(Text(t("rate.again", lang), style="red"))


def _flash(q: Question, screen: _Screen, session: Session, top: int) -> None:
    console, lang, keys = screen.console, screen.lang, screen.inp.interactive
    while True:
        word = screen.ask(t("quiz.reveal", lang), single_key=keys).strip().lower()
        if not keys or word in ("enter", "space", *FULL):
            break
    rows = None
    if keys:  # what is left of the screen under the question, the preview and the prompt
        rows = max(console.height - top - 3, 4)  # 24 on a classic terminal
    console.print(back_view(q.card, lang, console, rows))
    if word in FULL:
        show_full_answer(q.card, lang, console, pager=keys)
    _rate(screen, session, FLASH_DEFAULT, keep_on_stop=False)


def _choice(q: Question, screen: _Screen, session: Session) -> None:
    from quizzer.review import answers

    console, lang = screen.console, screen.lang
    keys = screen.inp.interactive and len(q.options) < 10
    while (
        chosen := answers.parse_choice(
            screen.ask(t("quiz.choose", lang, n=len(q.options)), single_key=keys),
            len(q.options),
        )
    ) is None:
        console.print(Text(t("quiz.choose_again", lang, n=len(q.options)), style="red"))
    rating = session.check_choice(chosen)
    console.print(choice_feedback(q, chosen, lang))
    screen.status = saved_line(session.rate(rating), lang)
    console.print(screen.status)
    if screen.inp.interactive and not session.done:  # read the explanations before the next card
        screen.ask(t("quiz.continue", lang), single_key=True)
    # (after the last card, run_session's end prompt gives the same pause)


def _typed(q: Question, screen: _Screen, session: Session) -> None:
    console, lang = screen.console, screen.lang
    console.print(Text(t("quiz.type_answer", lang), style="dim"))
    try:
        text, eof = screen.inp.answer("> ", ". ", QUIT | UNDO)
    except EOFError:  # nothing typed: nothing to grade or commit
        raise _End("eof") from None
    screen.control(text)
    result = session.check_typed(text)
    console.print(answer_view(q.card, lang))
    console.print(typed_feedback(result, lang))
    name = rating_name(result.suggested, lang)
    console.print(Text(t("quiz.suggested", lang, n=result.suggested, name=name), style="bold"))
    if eof:
        console.print(saved_line(session.rate(result.suggested), lang))
        raise _End("eof")
    _rate(screen, session, result.suggested, keep_on_stop=True)


def _one(q: Question, screen: _Screen, session: Session) -> None:
    console, lang = screen.console, screen.lang
    top = 0
    if screen.inp.interactive:  # a fresh screen per card; the last rating stays in view
        console.clear()
        if screen.status is not None:
            console.print(screen.status)
            top = height(console, screen.status)
    view = question_view(q, lang)
    console.print(view)
    top += height(console, view)
    if q.mode == "flash":
        _flash(q, screen, session, top)
    elif q.mode == "choice":
        _choice(q, screen, session)
    else:
        _typed(q, screen, session)


def echo_reader(out: Callable[[str], None]) -> Callable[[str], str]:
    """For piped input: read a line and echo prompt and line, so a transcript reads like a terminal."""

    def read(prompt: str) -> str:
        line = input()
        out(prompt + line)
        return line

    return read


def _undo(screen: _Screen, session: Session) -> None:
    undone = session.undo()
    if undone is None:
        screen.status = Text(t("undo.nothing", screen.lang), style="yellow")
    else:
        name = rating_name(undone.rating, screen.lang)
        screen.status = Text(t("undo.done", screen.lang, card=undone.card.id, name=name),
                             style="yellow")  # fmt: skip
    screen.console.print(screen.status)


def run_session(
    session: Session,
    console: Console,
    lang: str,
    read: Callable[[str], str] | Keys | Lines = input,
) -> tuple[Summary, str | None]:
    """Run the session to its end; returns the summary and why it ended early (or None).

    ``read`` is a ``Keys`` (a terminal), a ``Lines``, or a function reading one line per prompt.
    """
    inp = read if hasattr(read, "key") else Lines(read)  # a Keys, a Lines, or a line reader
    screen = _Screen(console, inp, lang)
    reason = None
    try:
        while True:
            try:
                q = session.current()
                if q is None:  # the end: on a terminal the last rating can still be undone
                    if not (inp.interactive and session.can_undo):
                        break
                    screen.ask(t("quiz.last", lang), single_key=True)
                    break
                _one(q, screen, session)
            except _Undo:
                _undo(screen, session)
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
        why = t(_ENDED_KEYS[reason], lang)
        note = t("summary.ended", lang, why=why, seen=summary.seen, total=summary.total)
    console.print(summary_view(summary, note, lang))
    return summary, reason
