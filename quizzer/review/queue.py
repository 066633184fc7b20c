"""Which cards a session takes: due ones, learning ones, new ones, within the day's limits.

``select`` orders them as Anki does (due cards most overdue first, then new
cards in deck order) and applies the caps: ``--limit``, the new-card and
review-card allowances ``day_limits`` computes from the settings and today's
reviews (counted from the day boundary, 4 a.m. by default). Learning cards are
never capped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import fsrs

from quizzer.cards import Card
from quizzer.review.schedule import Scheduler
from quizzer.review.settings import Settings, day_start
from quizzer.review.store import Store

LEARNING = (1, 3)  # fsrs.State.Learning, fsrs.State.Relearning


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
    review_limit: int | None = None,
    cram: bool = False,
    waiting: list[Pick] | None = None,
) -> list[Pick]:
    """The cards for a session: due ones (most overdue first), then new ones (deck order).

    ``ids`` asks for those cards now, due or not (FSRS takes an early review into
    account); ``cram`` takes every matching card, least well remembered first.
    ``review_limit`` caps cards in the review state; learning cards are never capped.
    Learning cards not due yet go to ``waiting`` (if given): the session shows them
    when their step falls due.
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
            elif waiting is not None and state.state in LEARNING:
                waiting.append(Pick(card, state, False))
        else:
            fresh.append(Pick(card, scheduler.new_card(card.id, now), True))
    if cram:
        due.sort(key=lambda p: (scheduler.retrievability(p.fsrs_card, now) or 0.0, p.card.number))
    else:
        due.sort(key=lambda p: (p.fsrs_card.due, p.card.number))
    if review_limit is not None:
        reviews = [p for p in due if p.fsrs_card.state not in LEARNING][: max(review_limit, 0)]
        due = [p for p in due if p.fsrs_card.state in LEARNING or p in reviews]
    if new_limit is not None:
        fresh = fresh[: max(new_limit, 0)]
    picks = due + fresh
    return picks[:limit] if limit is not None else picks


@dataclass(frozen=True)
class DayLimits:
    """What today's limits leave for a session, and what they hold back."""

    new_left: int | None  # None: no limit (cram, or cards asked for by id)
    reviews_left: int | None
    new_today: int = 0
    reviews_today: int = 0
    held_new: int = 0  # when a session has nothing to show: new cards the limits hold back
    held_reviews: int = 0  # ... and due review cards


def day_limits(
    store: Store, settings: Settings, now: datetime, tz: tzinfo | None = None
) -> DayLimits:
    """Today's new and review allowances: the daily limits minus what today already used."""
    new_today, reviews_today = store.day_counts(day_start(now, settings.day_starts_at, tz))
    return DayLimits(
        max(settings.new_per_day - new_today, 0),
        max(settings.reviews_per_day - reviews_today, 0),
        new_today,
        reviews_today,
    )
