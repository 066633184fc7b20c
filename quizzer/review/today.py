"""The day at a glance (``quizzer`` with no command, and ``quizzer today``).

What is due now, which learning cards come back within the hour, how many new
cards today's limit still allows, a 7-day forecast, the challenges passed,
tried and untried, and the one command to run next. Everything comes from a
few SQL reads (the cards table has one row per card; today's reviews are
counted on the time index), so it stays fast with a long review log: no FSRS,
no NumPy, no grader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from quizzer.cards import Card
from quizzer.review.challenges_status import ChallengeStatus, challenge_statuses, next_challenge
from quizzer.review.settings import Settings, day_start
from quizzer.review.store import Store

SOON = timedelta(hours=1)
FORECAST_DAYS = 7


@dataclass(frozen=True)
class Next:
    """The one thing to do next: ``command`` to run (None: nothing until ``when``)."""

    kind: str  # quiz | wait | check | drill | done
    command: str | None
    when: datetime | None = None
    challenge: str | None = None


@dataclass(frozen=True)
class Today:
    now: datetime
    day: date  # the learner's day (it starts at settings.day_starts_at)
    due_reviews: int  # review cards due now that today's limit allows
    over_limit: int  # review cards due now beyond today's limit
    due_learning: int  # learning and relearning cards due now
    learning_soon: int  # learning cards coming back within the hour
    learning_next: datetime | None
    new_left: int  # new cards a session would introduce today
    unseen: int  # cards never reviewed
    new_today: int
    reviews_today: int
    settings: Settings
    forecast: tuple[tuple[date, int], ...]  # (day, cards due), today first
    challenges: tuple[ChallengeStatus, ...]
    next_challenge: ChallengeStatus | None
    next_due: datetime | None  # the next scheduled card after now
    next: Next

    @property
    def due_now(self) -> int:
        return self.due_reviews + self.due_learning

    def challenge_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("passed", "tried", "untried"), 0)
        for c in self.challenges:
            counts[c.status] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "day": self.day.isoformat(),
            "due_now": self.due_now,
            "due_reviews": self.due_reviews,
            "due_learning": self.due_learning,
            "over_limit": self.over_limit,
            "learning_soon": self.learning_soon,
            "learning_next": self.learning_next.isoformat() if self.learning_next else None,
            "new_left": self.new_left,
            "unseen": self.unseen,
            "new_today": self.new_today,
            "reviews_today": self.reviews_today,
            "new_per_day": self.settings.new_per_day,
            "reviews_per_day": self.settings.reviews_per_day,
            "forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            "challenges": self.challenge_counts(),
            "next_challenge": self.next_challenge.to_dict() if self.next_challenge else None,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "next": {
                "kind": self.next.kind,
                "command": self.next.command,
                "when": self.next.when.isoformat() if self.next.when else None,
                "challenge": self.next.challenge,
            },
        }


def today(
    store: Store,
    cards: Sequence[Card],
    settings: Settings,
    now: datetime,
    tz: tzinfo | None = None,
) -> Today:
    """The day at ``now`` for the deck ``cards`` (cards no longer in the deck are left out)."""
    start = day_start(now, settings.day_starts_at, tz)
    new_today, reviews_today = store.day_counts(start)
    ids = {c.id for c in cards}
    rows = [
        (datetime.fromisoformat(r["due"]), r["state"])
        for r in store.query("SELECT card_id, due, state FROM cards")
        if r["card_id"] in ids
    ]
    learning = [due for due, state in rows if state != 2]
    reviews_due = sum(1 for due, state in rows if state == 2 and due <= now)
    reviews_left = max(settings.reviews_per_day - reviews_today, 0)
    soon = sorted(due for due in learning if now < due <= now + SOON)
    unseen = len(ids) - len(rows)
    new_left = min(max(settings.new_per_day - new_today, 0), unseen)
    forecast = [0] * FORECAST_DAYS
    for due, _state in rows:
        index = max((due - start) // timedelta(days=1), 0)
        if index < FORECAST_DAYS:
            forecast[index] += 1
    later = [due for due, _state in rows if due > now]
    statuses = challenge_statuses(store, cards)
    upcoming = next_challenge(statuses)
    due_reviews = min(reviews_due, reviews_left)
    due_learning = sum(1 for due in learning if due <= now)
    return Today(
        now=now,
        day=start.date(),
        due_reviews=due_reviews,
        over_limit=reviews_due - due_reviews,
        due_learning=due_learning,
        learning_soon=len(soon),
        learning_next=soon[0] if soon else None,
        new_left=new_left,
        unseen=unseen,
        new_today=new_today,
        reviews_today=reviews_today,
        settings=settings,
        forecast=tuple(((start + timedelta(days=i)).date(), n) for i, n in enumerate(forecast)),
        challenges=tuple(statuses),
        next_challenge=upcoming,
        next_due=min(later) if later else None,
        next=_next(now, settings, due_reviews + due_learning + new_left, soon, upcoming),
    )


def _next(
    now: datetime,
    settings: Settings,
    ready: int,
    soon: list[datetime],
    challenge: ChallengeStatus | None,
) -> Next:
    """Cards first (a session would show them now), then a challenge, then wait."""
    if ready or (soon and soon[0] <= now + settings.learn_ahead):
        return Next("quiz", "quizzer quiz")
    if challenge is not None:
        if challenge.status == "tried" and challenge.last_file:
            return Next("check", f"quizzer check {challenge.last_file}", None, challenge.challenge)
        return Next("drill", f"quizzer drill {challenge.challenge}", None, challenge.challenge)
    if soon:
        return Next("wait", None, soon[0])
    return Next("done", None)
