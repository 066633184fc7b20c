"""The challenges as a path: where the learner stands on each, which one is next, and hints.

Plain data from the store and the deck: the attempts ``quizzer check`` records,
read by ``review.challenges_status`` (the same rows the today screen counts), plus
the hints ``quizzer hint`` records and each card's title and hints. No NumPy and
no grader, so ``quizzer challenges`` is as quick as ``quizzer list``.

A challenge is *passed* once one check passed every test, *tried* once it was
checked at all, *untried* otherwise. A pass counts as *passed with hints* when
the first passing check came after the first hint shown for that challenge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizzer.challenges import CHALLENGES


@dataclass(frozen=True)
class ChallengeStatus:
    challenge: str
    card: str  # the id of the first card with this challenge
    number: int
    title: Any  # the card's title, cards.Text
    status: str  # passed | tried | untried
    attempts: int
    best_score: float | None
    last_check: str | None  # UTC ISO time of the latest check
    hints_shown: int  # the highest hint level shown so far (0: none)
    with_hints: bool  # passed, and the first pass came after a hint
    source: Any = field(default=None, compare=False, repr=False)  # the cards.Card

    @property
    def hints_total(self) -> int:
        """How many hints the card has: read from its file only when asked (a listing needs it
        only for challenges with hints shown; parsing every card costs ~8 ms each)."""
        return len(self.source.hints) if self.source is not None else 0

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """One object of ``quizzer challenges --json``."""
        return {
            "challenge": self.challenge,
            "card": self.card,
            "number": self.number,
            "title": self.title(lang),
            "status": self.status,
            "with_hints": self.with_hints,
            "attempts": self.attempts,
            "best_score": None if self.best_score is None else round(self.best_score, 4),
            "last_check": self.last_check,
            "hints_shown": self.hints_shown,
            "hints_total": self.hints_total,
        }


def cards_by_challenge(deck) -> dict[str, Any]:
    """Challenge id -> its first card, in card order."""
    found: dict[str, Any] = {}
    for card in sorted(deck, key=lambda c: (c.number, c.id)):
        if card.challenge in CHALLENGES and card.challenge not in found:
            found[card.challenge] = card
    return found


def statuses(deck, store) -> list[ChallengeStatus]:
    """Every challenge in card order: ``review.challenges_status`` (the attempts, as the today
    screen counts them) plus the card's title and what ``quizzer hint`` recorded."""
    from quizzer.review.challenges_status import challenge_statuses

    cards = cards_by_challenge(deck)
    hints = store.hints_shown()
    first_pass = {
        row["challenge"]: row["first"]
        for row in store.query(
            "SELECT challenge, min(attempted_at) AS first FROM attempts WHERE passed = 1 "
            "GROUP BY challenge"
        )
    }
    rows = []
    for base in challenge_statuses(store, list(cards.values())):
        card = cards[base.challenge]
        shown = hints.get(base.challenge, [])
        passed_at = first_pass.get(base.challenge)
        rows.append(
            ChallengeStatus(
                challenge=base.challenge,
                card=card.id,
                number=card.number,
                title=card.title,
                status=base.status,
                attempts=base.attempts,
                best_score=base.best,
                last_check=base.last.isoformat(timespec="microseconds") if base.last else None,
                hints_shown=max((level for level, _ in shown), default=0),
                with_hints=bool(passed_at and shown and shown[0][1] < passed_at),
                source=card,
            )
        )
    return rows


def next_challenge(rows: list[ChallengeStatus]) -> ChallengeStatus | None:
    """The first challenge not passed yet, in card order; None when every one is passed."""
    from quizzer.review.challenges_status import next_challenge as first_unpassed

    return first_unpassed(rows)


def load_statuses(decks: list[Path] | tuple = ()) -> list[ChallengeStatus]:
    """``statuses`` of the bundled deck (plus ``decks``) and the learner's store."""
    from quizzer.deck import load_deck
    from quizzer.review.store import Store

    deck = load_deck(list(decks))
    with Store.open() as store:
        return statuses(deck, store)


def standing(challenge: str, decks: list[Path] | tuple = ()):
    """After a check: ``(this challenge's status, the next one not passed)``; ``(None, None)``
    when the deck or the store cannot be read (the check's verdict stands without them)."""
    try:
        rows = load_statuses(decks)
    except (ValueError, OSError):
        return None, None
    mine = next((row for row in rows if row.challenge == challenge), None)
    return mine, next_challenge(rows)


# --------------------------------------------------------------------------- hints
class NoHints(ValueError):
    """The challenge's card has no hints (a card of an extra deck, or no card at all)."""


@dataclass(frozen=True)
class HintView:
    challenge: str
    card: str | None
    hints: tuple  # every hint shown so far, up to and including this one (cards.Text)
    level: int  # the hint shown now, 1-based
    total: int

    @property
    def last(self) -> bool:
        return self.level >= self.total

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """``quizzer hint --json``."""
        return {
            "challenge": self.challenge,
            "card": self.card,
            "level": self.level,
            "total": self.total,
            "hints": [h(lang) for h in self.hints],
        }


def resolve(ref: str, decks: list[Path] | tuple = ()) -> tuple[str, Any]:
    """A submission file, a card id or number, or a challenge id -> ``(challenge, card)``.

    ``card`` is the card whose hints to show: the card named, or when it has none (a card of
    an extra deck) the first card with that challenge. A card needs no grader (no NumPy).
    """
    from quizzer.deck import load_deck

    deck = load_deck(list(decks))
    by_challenge = cards_by_challenge(deck)
    path = Path(ref)
    if ref.endswith(".py") or ("/" in ref and path.is_file()):  # else a card, even if a file
        from quizzer.grading.runner import GradingError, challenge_for_file

        if not path.is_file():
            raise GradingError(f"no such file: {ref}")
        challenge = challenge_for_file(path)
        return challenge, by_challenge.get(challenge)
    card = deck.find(ref.strip())  # UnknownCard (a ValueError) names the cards
    if card.challenge not in CHALLENGES:
        raise ValueError(f"card {card.id!r} has no implement-it challenge")
    return card.challenge, card if card.hints else by_challenge.get(card.challenge, card)


def take_hint(
    challenge: str, card, store, *, level: int | None = None, record: bool = True
) -> HintView:
    """The next hint (one past the highest shown), or hint ``level``; recorded in the store.

    Asking again after the last hint shows the last one again (and records it again).
    """
    hints = tuple(card.hints) if card is not None else ()
    if not hints:
        raise NoHints(challenge)
    if level is None:
        shown = store.hints_shown().get(challenge, [])
        level = min(max((lvl for lvl, _ in shown), default=0) + 1, len(hints))
    elif not 1 <= level <= len(hints):
        raise ValueError(f"--level must be from 1 to {len(hints)} for {challenge}, got {level}")
    if record:
        store.record_hint(challenge, level)
    return HintView(challenge, card.id, hints[:level], level, len(hints))


def hints_before(store, challenge: str) -> int:
    """The highest hint level shown for ``challenge`` so far (0: none)."""
    return max((level for level, _ in store.hints_shown().get(challenge, [])), default=0)
