"""A quiz session as a plain state machine: no terminal, no input, no printing.

``select()`` picks the cards (due first, then new ones). A ``Session`` walks
them: ``current()`` is the question on screen, ``check_choice`` /
``check_typed`` grade an answer, ``previews()`` gives the outcome of each
rating, and ``rate()`` commits the answer to the store before moving on, so an
interrupted session loses nothing already answered.

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
from dataclasses import dataclass, field
from datetime import datetime

import fsrs

from quizzer.cards import Card
from quizzer.review.answers import Option, TypedResult, check_typed, choice_options
from quizzer.review.schedule import RATINGS, Outcome, Scheduler
from quizzer.review.store import Store, now_utc

MODES = ("flash", "choice", "typed", "mixed")


@dataclass(frozen=True)
class Pick:
    card: Card
    fsrs_card: fsrs.Card
    new: bool


def select(
    cards: Sequence[Card],
    store: Store,
    scheduler: Scheduler,
    now: datetime,
    *,
    tags: Sequence[str] = (),
    ids: Sequence[str] = (),
    limit: int | None = None,
    new_limit: int | None = None,
    cram: bool = False,
) -> list[Pick]:
    """The cards for a session: due ones (most overdue first), then new ones (deck order).

    ``ids`` asks for those cards now, due or not (FSRS takes an early review into
    account); ``cram`` takes every matching card, least well remembered first.
    """
    states = store.card_states()
    chosen = [c for c in cards if not tags or set(tags) & set(c.tags)]
    if ids:
        wanted = set(ids)
        chosen = [c for c in chosen if c.id in wanted]
    due: list[Pick] = []
    fresh: list[Pick] = []
    for card in chosen:
        if card.id in states:
            state = scheduler.load(states[card.id])
            if cram or ids or state.due <= now:
                due.append(Pick(card, state, False))
        else:
            fresh.append(Pick(card, scheduler.new_card(card.id, now), True))
    if cram:
        due.sort(key=lambda p: (scheduler.retrievability(p.fsrs_card, now) or 0.0, p.card.number))
    else:
        due.sort(key=lambda p: (p.fsrs_card.due, p.card.number))
    if new_limit is not None:
        fresh = fresh[: max(new_limit, 0)]
    picks = due + fresh
    return picks[:limit] if limit is not None else picks


def prepare(
    deck,
    store: Store,
    *,
    mode: str = "flash",
    tags: Sequence[str] = (),
    cards: Sequence[str] = (),
    limit: int | None = None,
    new_limit: int | None = None,
    cram: bool = False,
    retention: float = 0.9,
    seed: int | None = None,
    now: datetime | None = None,
) -> Session:
    """A session over a loaded ``Deck``; ``cards`` are ids or numbers (``UnknownCard`` if not found)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: choose one of {', '.join(MODES)}")
    for name, value in (("--limit", limit), ("--new", new_limit)):
        if value is not None and value < 0:
            raise ValueError(f"{name} must be 0 or more, got {value}")
    ids = [deck.find(ref).id for ref in cards]
    known = {t for card in deck.cards for t in card.tags}
    unknown = sorted(set(tags) - known)
    if unknown:
        raise ValueError(
            f"no card has tag {', '.join(unknown)}; the tags are: {', '.join(sorted(known))}"
        )
    scheduler = Scheduler(retention)
    picks = select(
        deck.cards, store, scheduler, now or now_utc(), tags=tags, ids=ids,
        limit=limit, new_limit=new_limit, cram=cram,
    )  # fmt: skip
    return Session(picks, store, scheduler, mode=mode, cram=cram, seed=seed)


def next_due(store: Store) -> datetime | None:
    """When the earliest scheduled card comes due (None if nothing is scheduled)."""
    row = store.query("SELECT min(due) FROM cards")[0]
    return datetime.fromisoformat(row[0]) if row[0] else None


@dataclass(frozen=True)
class Question:
    card: Card
    mode: str  # flash | choice | typed
    position: int  # 1-based
    total: int
    new: bool
    options: tuple[Option, ...] = ()  # choice mode


@dataclass(frozen=True)
class Answered:
    card: Card
    mode: str
    rating: int
    seconds: float
    reviewed_at: datetime
    due: datetime | None  # None in cram (schedule unchanged)
    correct: bool  # rating != Again


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

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}: choose one of {', '.join(MODES)}")
        self._rng = random.Random(self.seed)
        self._index = 0
        self._question: Question | None = None
        self._previews: dict[int, Outcome] | None = None
        self._typed: str | None = None
        self._started = 0.0
        self._wall_start = self.timer()

    # -- the card on screen -----------------------------------------------------------

    @property
    def done(self) -> bool:
        return self._index >= len(self.picks)

    def current(self) -> Question | None:
        """The question on screen (the same object until it is rated); None when done."""
        if self.done:
            return None
        if self._question is None:
            pick = self.picks[self._index]
            mode = self._rng.choice(MODES[:3]) if self.mode == "mixed" else self.mode
            options = (
                choice_options(pick.card, self._rng, self._choice_turn(pick.card.id))
                if mode == "choice"
                else ()
            )
            self._question = Question(
                pick.card, mode, self._index + 1, len(self.picks), pick.new, options
            )
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
        pick = self.picks[self._index]
        self._require()
        if self._previews is None:
            self._previews = self.scheduler.preview(pick.fsrs_card, self.clock())
        return self._previews

    # -- committing -----------------------------------------------------------------------

    def rate(self, rating: int) -> Answered:
        """Commit the answer with ``rating`` (1..4) and move to the next card."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1..4, got {rating!r}")
        question = self._require()
        pick = self.picks[self._index]
        outcome = self.previews()[rating]
        seconds = max(self.timer() - self._started, 0.0)
        self.store.record_review(
            pick.card.id,
            reviewed_at=outcome.reviewed_at,
            mode=question.mode,
            rating=rating,
            duration=seconds,
            typed=self._typed,
            state_before=None if pick.new else int(pick.fsrs_card.state),
            new_state=None if self.cram else outcome.state,
        )
        answered = Answered(
            pick.card,
            question.mode,
            rating,
            seconds,
            outcome.reviewed_at,
            None if self.cram else outcome.due,
            rating != 1,
        )
        self.answered.append(answered)
        self._index += 1
        self._question = None
        self._previews = None
        self._typed = None
        return answered

    # -- the end ----------------------------------------------------------------------------

    def summary(self) -> Summary:
        due = [a.due for a in self.answered if a.due is not None]
        return Summary(
            seen=len(self.answered),
            total=len(self.picks),
            correct=sum(a.correct for a in self.answered),
            ratings=Counter(a.rating for a in self.answered),
            seconds=sum(a.seconds for a in self.answered),
            wall_seconds=max(self.timer() - self._wall_start, 0.0),
            next_due=min(due) if due else None,
            answered=tuple(self.answered),
            cram=self.cram,
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

    def to_dict(self) -> dict:
        return {
            "seen": self.seen,
            "total": self.total,
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
