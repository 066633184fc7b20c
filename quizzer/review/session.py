"""A quiz session as a plain state machine: no terminal, no input, no printing.

``select()`` (``queue.py``) picks the cards (due first, then new ones) within
the day's limits (``settings.py``). A ``Session`` walks them as Anki does:
``current()`` is the question on screen, ``check_choice`` / ``check_typed``
grade an answer, ``previews()`` gives the outcome of each rating, and ``rate()``
commits the answer to the store before moving on, so an interrupted session
loses nothing already answered. ``undo()`` takes the last rating back: the
store puts the card's row back exactly and the session shows that card again.

Learning and relearning cards stay in the session: a card rated Again (1 min)
or a new card rated Good (10 min) comes back once its step falls due, before
the next card in the queue; when nothing else is left, a card due within the
learn-ahead limit (20 min by default) is shown early. The session ends when
nothing is due within that limit.

Cram (``cram=True``) reviews cards regardless of their due dates. Cram answers
go into the review log (marked ``cram``) but leave the FSRS schedule alone:
reviewing everything the night before an interview should not push every card
weeks out, nor count as the spaced reviews FSRS models.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo

from quizzer.cards import Card
from quizzer.review.answers import Option, TypedResult, check_typed, choice_options
from quizzer.review.database import now_utc
from quizzer.review.queue import LEARNING, DayLimits, Pick, day_limits, select
from quizzer.review.schedule import RATINGS, Outcome, Scheduler
from quizzer.review.settings import DEFAULTS, Settings
from quizzer.review.store import Store

__all__ = ["MODES", "Answered", "Pick", "Question", "Session", "Summary", "prepare", "select"]
MODES = ("flash", "choice", "typed", "mixed")


def prepare(
    deck,
    store: Store,
    *,
    mode: str = "flash",
    tags: Sequence[str] = (),
    cards: Sequence[str] = (),
    limit: int | None = None,
    new_limit: int | None = None,
    review_limit: int | None = None,
    learn_ahead: int | None = None,
    cram: bool = False,
    retention: float | None = None,
    settings: Settings = DEFAULTS,
    seed: int | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    clock: Callable[[], datetime] = now_utc,
) -> Session:
    """A session over a loaded ``Deck``; ``cards`` are ids or numbers (``UnknownCard`` if not found).

    ``new_limit``, ``review_limit``, ``learn_ahead`` (minutes) and ``retention``
    override ``settings`` for this session; cram and ``cards`` ignore the daily limits.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: choose one of {', '.join(MODES)}")
    for name, value in (("--limit", limit), ("--new", new_limit), ("--reviews", review_limit),
                        ("--learn-ahead", learn_ahead)):  # fmt: skip
        if value is not None and value < 0:
            raise ValueError(f"{name} must be 0 or more, got {value}")
    ids = [deck.find(ref).id for ref in cards]
    known = {t for card in deck.cards for t in card.tags}
    unknown = sorted(set(tags) - known)
    if unknown:
        raise ValueError(
            f"no card has tag {', '.join(unknown)}; the tags are: {', '.join(sorted(known))}"
        )
    now = now or clock()
    scheduler = Scheduler(
        retention if retention is not None else settings.retention,
        learning_steps=settings.steps("learning_steps"),
        relearning_steps=settings.steps("relearning_steps"),
    )
    limits = DayLimits(None, None) if cram or ids else day_limits(store, settings, now, tz)
    if new_limit is None:
        new_limit = limits.new_left
    if review_limit is None:
        review_limit = limits.reviews_left
    waiting: list[Pick] = []
    picks = select(
        deck.cards, store, scheduler, now, tags=tags, ids=ids, limit=limit,
        new_limit=new_limit, review_limit=review_limit, cram=cram,
        waiting=None if cram or ids else waiting,
    )  # fmt: skip
    if not picks and not waiting and not (cram or ids):  # say what the limits hold back
        held = select(deck.cards, store, scheduler, now, tags=tags)
        limits = replace(
            limits, held_new=sum(p.new for p in held), held_reviews=sum(not p.new for p in held)
        )
    ahead = timedelta(minutes=settings.learn_ahead_minutes if learn_ahead is None else learn_ahead)
    return Session(
        picks, store, scheduler, mode=mode, cram=cram, seed=seed, clock=clock,
        learn_ahead=ahead, waiting=waiting, limits=limits,
    )  # fmt: skip


def next_due(store: Store) -> datetime | None:
    """When the earliest scheduled card comes due (None if nothing is scheduled)."""
    row = store.query("SELECT min(due) FROM cards")[0]
    return datetime.fromisoformat(row[0]) if row[0] else None


@dataclass(frozen=True)
class Question:
    card: Card
    mode: str  # flash | choice | typed
    position: int  # 1-based: answers so far + 1
    total: int  # answers so far + this card + what is left (a learning card grows it)
    new: bool
    options: tuple[Option, ...] = ()  # choice mode
    again: bool = False  # a learning card back in the same session


@dataclass(frozen=True)
class Answered:
    card: Card
    mode: str
    rating: int
    seconds: float
    reviewed_at: datetime
    due: datetime | None  # None in cram (schedule unchanged)
    correct: bool  # rating != Again
    learning: bool = False  # the card is in (re)learning and comes back when its step is due


@dataclass(frozen=True)
class _Before:
    """The session as it was before a rating: what ``undo`` puts back."""

    review_id: int | None
    index: int
    waiting: tuple[Pick, ...]
    pick: Pick
    question: Question
    rng: object
    seen: frozenset[str]


@dataclass
class Session:
    picks: list[Pick]
    store: Store
    scheduler: Scheduler
    mode: str = "flash"
    cram: bool = False
    seed: int | None = None
    clock: Callable[[], datetime] = now_utc
    timer: Callable[[], float] = time.monotonic
    answered: list[Answered] = field(default_factory=list)
    learn_ahead: timedelta = timedelta(minutes=20)
    waiting: list[Pick] = field(default_factory=list)  # learning cards not due yet
    limits: DayLimits = DayLimits(None, None)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}: choose one of {', '.join(MODES)}")
        self._rng = random.Random(self.seed)
        self._index = 0
        self._pick: Pick | None = None
        self._question: Question | None = None
        self._previews: dict[int, Outcome] | None = None
        self._typed: str | None = None
        self._started = 0.0
        self._wall_start = self.timer()
        self._history: list[_Before] = []
        self._seen: set[str] = set()  # cards shown in this session

    # -- the card on screen -----------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.current() is None

    def _soon(self, now: datetime) -> list[Pick]:
        return [p for p in self.waiting if p.fsrs_card.due <= now + self.learn_ahead]

    def _next_pick(self) -> Pick | None:
        """A learning card whose step is due; else the next in the queue; else one due soon."""
        now = self.clock()
        due = [p for p in self.waiting if p.fsrs_card.due <= now]
        if not due and self._index < len(self.picks):
            self._index += 1
            return self.picks[self._index - 1]
        due = due or self._soon(now)
        if not due:
            return None
        pick = min(due, key=lambda p: (p.fsrs_card.due, p.card.number))
        self.waiting.remove(pick)
        return pick

    def current(self) -> Question | None:
        """The question on screen (the same object until it is rated); None when done."""
        if self._question is None:
            pick = self._next_pick()
            if pick is None:
                return None
            mode = self._rng.choice(MODES[:3]) if self.mode == "mixed" else self.mode
            options = (
                choice_options(pick.card, self._rng, self._choice_turn(pick.card.id))
                if mode == "choice"
                else ()
            )
            left = len(self.picks) - self._index + len(self._soon(self.clock()))
            self._pick = pick
            self._question = Question(
                pick.card, mode, len(self.answered) + 1, len(self.answered) + 1 + left,
                pick.new, options, again=pick.card.id in self._seen,
            )  # fmt: skip
            self._seen.add(pick.card.id)
            self._started = self.timer()
        return self._question

    def _choice_turn(self, card_id: str) -> int:
        """Choice questions of this card answered so far: a card's questions are asked in turn."""
        sql = "SELECT count(*) FROM reviews WHERE card_id = ? AND mode = 'choice'"
        return self.store.query(sql, (card_id,))[0][0]

    def _require(self, mode: str | None = None) -> Question:
        question = self.current()
        if question is None:
            raise RuntimeError("the session is over")
        if mode and question.mode != mode:
            raise RuntimeError(f"the current question is {question.mode}, not {mode}")
        return question

    # -- grading --------------------------------------------------------------------------

    def check_choice(self, index: int) -> int:
        """Grade the option at ``index``: Good (3) if correct, else Again (1)."""
        question = self._require("choice")
        option = question.options[index]
        self._typed = (
            "choice: correct"
            if option.correct
            else f"choice: distractor {option.distractor_index + 1}"
        )
        return 3 if option.correct else 1

    def check_typed(self, text: str) -> TypedResult:
        question = self._require("typed")
        self._typed = text
        return check_typed(question.card, text)

    def previews(self) -> dict[int, Outcome]:
        """What each rating would do, computed once per card; ``rate`` stores exactly this."""
        self._require()
        if self._previews is None:
            self._previews = self.scheduler.preview(self._pick.fsrs_card, self.clock())
        return self._previews

    # -- committing -----------------------------------------------------------------------

    def rate(self, rating: int) -> Answered:
        """Commit the answer with ``rating`` (1..4) and move to the next card."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1..4, got {rating!r}")
        question = self._require()
        pick = self._pick
        outcome = self.previews()[rating]
        seconds = max(self.timer() - self._started, 0.0)
        before = _Before(
            None, self._index, tuple(self.waiting), pick, question, self._rng.getstate(),
            frozenset(self._seen),
        )  # fmt: skip
        review_id = self.store.record_review(
            pick.card.id,
            reviewed_at=outcome.reviewed_at,
            mode=question.mode,
            rating=rating,
            duration=seconds,
            typed=self._typed,
            state_before=None if pick.new else int(pick.fsrs_card.state),
            new_state=None if self.cram else outcome.state,
        )
        self._history.append(replace(before, review_id=review_id))
        learning = not self.cram and outcome.state["state"] in LEARNING
        if learning:  # back in this session when its step is due
            self.waiting.append(Pick(pick.card, self.scheduler.load(outcome.state), False))
        answered = Answered(
            pick.card,
            question.mode,
            rating,
            seconds,
            outcome.reviewed_at,
            None if self.cram else outcome.due,
            rating != 1,
            learning,
        )
        self.answered.append(answered)
        self._pick = None
        self._question = None
        self._previews = None
        self._typed = None
        return answered

    def undo(self) -> Answered | None:
        """Take back the last rating: the store and the session are as they were before it.

        The card comes back on screen (same mode, same options); returns the
        answer taken back, or None when there is nothing to undo.
        """
        if not self._history:
            return None
        before = self._history[-1]
        if before.review_id is not None:
            self.store.undo_review(before.review_id)
        self._history.pop()
        self._index = before.index
        self.waiting[:] = before.waiting
        self._pick, self._question = before.pick, before.question
        self._rng.setstate(before.rng)
        self._seen = set(before.seen)
        self._previews = None
        self._typed = None
        self._started = self.timer()
        return self.answered.pop()

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    # -- the end ----------------------------------------------------------------------------

    def summary(self) -> Summary:
        last = {a.card.id: a for a in self.answered}  # each card's latest answer
        due = [a.due for a in last.values() if a.due is not None]
        now = self.clock()
        left = {p.card.id for p in self.picks[self._index :]} | {p.card.id for p in self._soon(now)}
        if self._question is not None:
            left.add(self._question.card.id)
        return Summary(
            seen=len(last),
            total=len(set(last) | left),
            correct=sum(a.correct for a in self.answered),
            ratings=Counter(a.rating for a in self.answered),
            seconds=sum(a.seconds for a in self.answered),
            wall_seconds=max(self.timer() - self._wall_start, 0.0),
            next_due=min(due) if due else None,
            answered=tuple(self.answered),
            cram=self.cram,
            learning=sum(a.learning for a in last.values()),
        )


@dataclass(frozen=True)
class Summary:
    seen: int
    total: int
    correct: int
    ratings: Counter
    seconds: float  # time spent answering (question shown -> rated)
    wall_seconds: float
    next_due: datetime | None  # earliest next due date among the cards answered
    answered: tuple[Answered, ...]
    cram: bool
    learning: int = 0  # cards still in (re)learning: they come back after the session

    @property
    def answers(self) -> int:
        return len(self.answered)

    def to_dict(self) -> dict:
        return {
            "seen": self.seen,
            "total": self.total,
            "answers": self.answers,
            "learning": self.learning,
            "correct": self.correct,
            "ratings": {RATINGS[r]: self.ratings.get(r, 0) for r in RATINGS},
            "seconds": round(self.seconds, 3),
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "cram": self.cram,
            "cards": [
                {
                    "id": a.card.id,
                    "mode": a.mode,
                    "rating": RATINGS[a.rating],
                    "seconds": round(a.seconds, 3),
                    "due": a.due.isoformat() if a.due else None,
                }
                for a in self.answered
            ],
        }
