"""Where the learner stands on each challenge: passed, tried or untried, from the store's attempts.

``quizzer check`` logs every graded attempt (``Store.record_attempt``); this
module reads them back, one SQL aggregate over the attempts table, in card
order. ``today`` shows the counts and the next challenge; a ``challenges``
listing can use the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizzer.cards import Card
from quizzer.review.store import Store

STATUSES = ("passed", "tried", "untried")


@dataclass(frozen=True)
class ChallengeStatus:
    challenge: str
    card: str  # the first card (in deck order) whose challenge this is
    status: str  # passed | tried | untried
    attempts: int
    best: float | None  # best score in [0, 1]
    last: datetime | None  # the latest attempt
    last_file: str | None  # the file checked last

    def to_dict(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "card": self.card,
            "status": self.status,
            "attempts": self.attempts,
            "best": self.best,
            "last": self.last.isoformat() if self.last else None,
            "last_file": self.last_file,
        }


def challenge_statuses(store: Store, cards: Sequence[Card]) -> list[ChallengeStatus]:
    """Every challenge of ``cards`` once, in card order, with its attempts so far."""
    rows = {
        r["challenge"]: r
        for r in store.query(
            "SELECT challenge, count(*) AS n, max(passed) AS passed, max(score) AS best, "
            "max(attempted_at) AS last, "
            "(SELECT file FROM attempts b WHERE b.challenge = a.challenge "
            " ORDER BY attempted_at DESC, id DESC LIMIT 1) AS file "
            "FROM attempts a GROUP BY challenge"
        )
    }
    out: list[ChallengeStatus] = []
    seen: set[str] = set()
    for card in sorted(cards, key=lambda c: (c.number, c.id)):
        if not card.challenge or card.challenge in seen:
            continue
        seen.add(card.challenge)
        row = rows.get(card.challenge)
        if row is None:
            out.append(ChallengeStatus(card.challenge, card.id, "untried", 0, None, None, None))
            continue
        out.append(
            ChallengeStatus(
                card.challenge,
                card.id,
                "passed" if row["passed"] else "tried",
                row["n"],
                row["best"],
                datetime.fromisoformat(row["last"]),
                row["file"],
            )
        )
    return out


def next_challenge(statuses: Sequence[ChallengeStatus]) -> ChallengeStatus | None:
    """The first challenge not passed yet, in card order (None when all are passed)."""
    return next((s for s in statuses if s.status != "passed"), None)
