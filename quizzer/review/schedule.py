"""The FSRS wrapper: when each card is due next, computed by the ``fsrs`` package.

Everything the session shows about a rating's next interval and everything it
stores come from one call, ``Scheduler.preview``: it runs
``fsrs.Scheduler.review_card`` once per rating at one review time, the session
shows those four outcomes, and the chosen one is saved as is. The preview can
therefore never disagree with the stored due date (fuzzing included).

Times are timezone-aware UTC datetimes. A card's state is the dict of
``fsrs.Card.to_dict()``; the store keeps it as JSON under the quizzer card id.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs

RATINGS: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
STATES: dict[int, str] = {1: "learning", 2: "review", 3: "relearning"}
DEFAULT_RETENTION = 0.9
# Anki's (and fsrs's) defaults: a new card steps 1m -> 10m -> review; a lapse relearns at 10m
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)


def parse_rating(text: str) -> int | None:
    """``"3"``, ``"good"`` or ``"g"`` -> 3; anything else -> None."""
    word = text.strip().lower()
    if word in {"1", "2", "3", "4"}:
        return int(word)
    for value, name in RATINGS.items():
        if word and name.startswith(word):
            return value
    return None


@dataclass(frozen=True)
class Outcome:
    """What rating a card ``rating`` at ``reviewed_at`` does to it."""

    rating: int
    reviewed_at: datetime
    state: dict[str, Any]  # fsrs.Card.to_dict() after the review
    due: datetime

    @property
    def interval(self) -> timedelta:
        return self.due - self.reviewed_at


class Scheduler:
    """FSRS with a desired retention (the probability of recall when a card comes due)."""

    def __init__(
        self,
        retention: float = DEFAULT_RETENTION,
        *,
        fuzz: bool = True,
        learning_steps: tuple[timedelta, ...] = LEARNING_STEPS,
        relearning_steps: tuple[timedelta, ...] = RELEARNING_STEPS,
    ):
        if not 0.7 <= retention <= 0.99:
            raise ValueError(f"desired retention must be between 0.70 and 0.99, got {retention}")
        self.retention = retention
        self._fsrs = fsrs.Scheduler(
            desired_retention=retention,
            enable_fuzzing=fuzz,
            learning_steps=learning_steps,
            relearning_steps=relearning_steps,
        )

    @staticmethod
    def new_card(card_id: str, now: datetime) -> fsrs.Card:
        return fsrs.Card(card_id=zlib.crc32(card_id.encode()), due=_utc(now))

    @staticmethod
    def load(state: str | dict[str, Any]) -> fsrs.Card:
        data = json.loads(state) if isinstance(state, str) else state
        return fsrs.Card.from_dict(data)

    def preview(self, card: fsrs.Card, reviewed_at: datetime) -> dict[int, Outcome]:
        """The outcome of each rating 1..4 at ``reviewed_at``: the single source of next intervals."""
        at = _utc(reviewed_at)
        outcomes = {}
        for value in RATINGS:
            after, _log = self._fsrs.review_card(card, fsrs.Rating(value), review_datetime=at)
            outcomes[value] = Outcome(value, at, after.to_dict(), _utc(after.due))
        return outcomes

    def retrievability(self, card: fsrs.Card, now: datetime) -> float | None:
        """Probability of recall now; None for a card with no stability yet."""
        if card.stability is None or card.last_review is None:
            return None
        return float(self._fsrs.get_card_retrievability(card, current_datetime=_utc(now)))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: quizzer schedules in UTC only")
    return moment.astimezone(UTC)


def format_interval(delta: timedelta) -> str:
    """A short human interval: ``<1m``, ``10m``, ``5h``, ``3d``, ``2.5mo``, ``1.2y``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
