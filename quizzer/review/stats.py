"""Progress statistics from the store: per card, totals, retention and the due forecast.

The review log can hold hundreds of thousands of rows, so everything over it
is a SQL aggregate; Python only loops over cards (one row each).

Definitions:
* a review *passes* when its rating is not Again; **retention** is the share of
  scheduled (non-cram) reviews that passed;
* a **lapse** is an Again on a card that was in the review state (it had
  graduated and was forgotten);
* the **forecast** counts scheduled cards by the local calendar day they come
  due, over the next ``days`` days; overdue cards count as due today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from quizzer.cards import Card
from quizzer.review.database import iso
from quizzer.review.schedule import STATES, Scheduler
from quizzer.review.store import Store


@dataclass(frozen=True)
class CardStats:
    id: str
    number: int | None  # None: progress for a card no longer in the deck
    state: str  # new | learning | review | relearning
    due: datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    reviews: int
    lapses: int
    challenge: str  # passed | attempted | not tried | none
    best_score: float | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["due"] = self.due.isoformat() if self.due else None
        return d


@dataclass(frozen=True)
class Stats:
    cards: tuple[CardStats, ...]
    reviews: int  # every logged review, cram included
    scheduled_reviews: int
    cram_reviews: int
    passed: int  # scheduled reviews not rated Again
    seconds: float  # total answering time
    reviews_today: int
    due_now: int
    forecast: tuple[tuple[date, int], ...]  # (local day, cards due), today first
    attempts: int
    challenges_passed: int
    now: datetime  # when these statistics were taken

    @property
    def retention(self) -> float | None:
        return self.passed / self.scheduled_reviews if self.scheduled_reviews else None

    def states(self) -> dict[str, int]:
        counts = dict.fromkeys(("new", "learning", "review", "relearning"), 0)
        for card in self.cards:
            counts[card.state] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "reviews": self.reviews,
            "scheduled_reviews": self.scheduled_reviews,
            "cram_reviews": self.cram_reviews,
            "passed": self.passed,
            "retention": self.retention,
            "seconds": round(self.seconds, 3),
            "reviews_today": self.reviews_today,
            "due_now": self.due_now,
            "states": self.states(),
            "attempts": self.attempts,
            "challenges_passed": self.challenges_passed,
            "forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            "cards": [c.to_dict() for c in self.cards],
        }


def collect(
    store: Store,
    deck: Sequence[Card],
    scheduler: Scheduler,
    now: datetime,
    *,
    tz: tzinfo | None = None,
    days: int = 14,
) -> Stats:
    """Statistics for ``deck`` (plus any stored card no longer in it) at ``now``."""
    local_tz = tz or now.astimezone().tzinfo
    today = now.astimezone(local_tz).date()
    groups = store.query(
        "SELECT card_id, count(*) AS n, "
        "coalesce(sum(rating = 1 AND state_before = 2 AND cram = 0), 0) AS lapses, "
        "coalesce(sum(cram), 0) AS cram, coalesce(sum(cram = 0 AND rating > 1), 0) AS passed, "
        "coalesce(sum(duration), 0.0) AS seconds FROM reviews GROUP BY card_id"
    )  # one pass over the covering index; totals are sums over the (few) groups
    per_card = {r["card_id"]: (r["n"], r["lapses"]) for r in groups}
    attempts = {
        r["challenge"]: (bool(r["passed"]), r["best"])
        for r in store.query(
            "SELECT challenge, max(passed) AS passed, max(score) AS best FROM attempts GROUP BY challenge"
        )
    }
    states = {r["card_id"]: r for r in store.query("SELECT * FROM cards")}
    numbers = {c.id: c.number for c in deck}
    challenges = {c.id: c.challenge for c in deck}
    ids = [c.id for c in sorted(deck, key=lambda c: c.number)]
    ids += sorted(set(states) - set(numbers))

    rows = []
    due_now = 0
    forecast = dict.fromkeys((today + timedelta(days=i) for i in range(days)), 0)
    for card_id in ids:
        reviews, lapses = per_card.get(card_id, (0, 0))
        challenge = challenges.get(card_id, card_id)
        status, best = "none", None
        if challenge:
            passed, best = attempts.get(challenge, (False, None))
            status = "passed" if passed else "attempted" if best is not None else "not tried"
        row = states.get(card_id)
        if row is None:
            rows.append(
                CardStats(card_id, numbers.get(card_id), "new", None, None, None, None,
                          reviews, lapses, status, best)
            )  # fmt: skip
            continue
        fsrs_card = scheduler.load(row["fsrs"])
        due = fsrs_card.due
        if due <= now:
            due_now += 1
        day = max(due.astimezone(local_tz).date(), today)
        if day in forecast:
            forecast[day] += 1
        rows.append(
            CardStats(
                card_id,
                numbers.get(card_id),
                STATES.get(row["state"], str(row["state"])),
                due,
                row["stability"],
                row["difficulty"],
                scheduler.retrievability(fsrs_card, now),
                reviews,
                lapses,
                status,
                best,
            )
        )

    start_of_day = datetime.combine(today, datetime.min.time(), local_tz)
    reviews_today = store.query(
        "SELECT count(*) FROM reviews WHERE reviewed_at >= ?", (iso(start_of_day),)
    )[0][0]
    total = sum(r["n"] for r in groups)
    cram = sum(r["cram"] for r in groups)
    attempt_totals = store.query(
        "SELECT count(*) AS n, count(DISTINCT CASE WHEN passed THEN challenge END) AS passed "
        "FROM attempts"
    )[0]
    return Stats(
        cards=tuple(rows),
        reviews=total,
        scheduled_reviews=total - cram,
        cram_reviews=cram,
        passed=sum(r["passed"] for r in groups),
        seconds=float(sum(r["seconds"] for r in groups)),
        reviews_today=reviews_today,
        due_now=due_now,
        forecast=tuple(forecast.items()),
        attempts=attempt_totals["n"],
        challenges_passed=attempt_totals["passed"],
        now=now,
    )
