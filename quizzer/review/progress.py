"""Moving progress between machines: ``quizzer export`` and ``quizzer import``.

An export is one JSON object: a ``format``/``version`` header, then every card's
FSRS state, the review log and the challenge attempts, as the store returns them.
An import checks the whole document before writing anything, then merges it in
one transaction: each card keeps the more recently reviewed of the two states,
and reviews and attempts already present are skipped, so importing twice
changes nothing. A bad document raises ``StoreError`` naming what is wrong.
"""

from __future__ import annotations

import json
from typing import Any

from quizzer.review.database import SCHEMA_VERSION, StoreError, iso, now_utc, utc_text
from quizzer.review.store import Store

EXPORT_FORMAT = "quizzer-progress"
EXPORT_VERSION = 1


def export_progress(store: Store) -> dict[str, Any]:
    """Everything, as a JSON-ready dict (``format``/``version`` header, cards, reviews, attempts)."""
    cards = [
        {"card_id": r["card_id"], "fsrs": json.loads(r["fsrs"]), "updated_at": r["updated_at"]}
        for r in store.card_rows()
    ]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": iso(now_utc()),
        "schema": SCHEMA_VERSION,
        "cards": cards,
        "reviews": store.reviews(),
        "attempts": store.attempts(),
    }


def import_progress(store: Store, data: Any) -> dict[str, int]:
    """Merge an export: each card keeps the more recently reviewed state; logs are de-duplicated.

    Validates the whole document before writing anything. Returns counts of what changed.
    """
    cards, reviews, attempts = check_export(data)
    existing = {r["card_id"]: (r["last_review"] or "", r["updated_at"]) for r in store.card_rows()}
    taken = []
    for card in cards:
        state = card["fsrs"]
        mine = existing.get(card["card_id"])
        theirs = (state.get("last_review") or "", card.get("updated_at") or "")
        if mine is None or theirs > mine:
            taken.append((card["card_id"], state, theirs[1] or iso(now_utc())))
    new_reviews, new_attempts = store.merge(taken, reviews, attempts)
    return {"cards": len(taken), "reviews": new_reviews, "attempts": new_attempts}


def check_export(data: Any) -> tuple[list[dict], list[dict], list[dict]]:
    """The cards, reviews and attempts of an export; ``StoreError`` if it is not one."""

    def bad(message: str) -> StoreError:
        return StoreError(f"not a quizzer progress export: {message}")

    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise bad(f'expected a JSON object with "format": "{EXPORT_FORMAT}"')
    version = data.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION or version < 1:
        raise bad(f"unsupported export version {version!r} (this quizzer reads {EXPORT_VERSION})")
    sections = []
    for key, required in (
        ("cards", ("card_id", "fsrs")),
        ("reviews", ("card_id", "reviewed_at", "mode", "rating", "duration")),
        ("attempts", ("challenge", "attempted_at", "passed", "score", "file", "seconds")),
    ):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise bad(f"{key!r} must be a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or any(k not in item for k in required):
                raise bad(f"{key}[{i}] must be an object with {', '.join(required)}")
        sections.append(items)
    for i, card in enumerate(sections[0]):
        state = card["fsrs"]
        if not isinstance(state, dict) or "due" not in state or "state" not in state:
            raise bad(f"cards[{i}].fsrs must be an FSRS card state with due and state")
        utc_text(state["due"])
    for i, review in enumerate(sections[1]):
        if review["rating"] not in (1, 2, 3, 4):
            raise bad(f"reviews[{i}].rating must be 1..4")
        utc_text(review["reviewed_at"])
    return sections[0], sections[1], sections[2]
