"""The durable store: what quizzer keeps in its SQLite file.

It keeps each card's FSRS scheduling state (keyed by card id, so editing a
card's text keeps its progress), a log of every review, every challenge
attempt and every hint shown. Each write is its own transaction, committed
before the call returns, so an interrupted session loses nothing already
answered. Opening the file safely, its schema and migrations are
``quizzer.review.database``.

Each review keeps the card's whole row from before it (``previous``), so
``undo_review`` puts a card back exactly as it was; ``day_counts`` counts the
new and review cards of the learner's day (the daily limits).

Moving progress to another machine (the export format, checking and merging an
import) is ``quizzer.review.progress``; it writes through ``Store.merge``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from quizzer.review.database import Database, StoreError, iso, now_utc, utc_text

_INSERT_REVIEW = (  # a review already logged (same card, time, mode, rating) is skipped
    "INSERT OR IGNORE INTO reviews "
    "(card_id, reviewed_at, mode, rating, duration, typed, cram, state_before) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_REVIEW_UNDOABLE = (
    "INSERT OR IGNORE INTO reviews "
    "(card_id, reviewed_at, mode, rating, duration, typed, cram, state_before, previous) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CARD_COLUMNS = "card_id, fsrs, due, state, stability, difficulty, last_review, updated_at"
_INSERT_ATTEMPT_IF_NEW = (
    "INSERT OR IGNORE INTO attempts (challenge, attempted_at, passed, score, file, seconds) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


_HINTS_TABLE = (
    "CREATE TABLE IF NOT EXISTS hints (id INTEGER PRIMARY KEY, challenge TEXT NOT NULL, "
    "level INTEGER NOT NULL, shown_at TEXT NOT NULL)"
)


class Store(Database):
    """The quizzer database. Use ``Store.open()``; close it or use ``with``."""

    # -- challenge attempts (the grader's API) ------------------------------------

    def record_attempt(
        self, challenge: str, passed: bool, score: float, file: str, seconds: float
    ) -> None:
        """Log one graded submission of ``challenge``."""
        self._write(
            [
                (
                    "INSERT INTO attempts (challenge, attempted_at, passed, score, file, seconds) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        challenge,
                        iso(now_utc()),
                        int(bool(passed)),
                        float(score),
                        str(file),
                        float(seconds),
                    ),
                )
            ]
        )

    def has_passed(self, challenge: str) -> bool:
        rows = self.query(
            "SELECT 1 FROM attempts WHERE challenge = ? AND passed = 1 LIMIT 1", (challenge,)
        )
        return bool(rows)

    def attempts(self, challenge: str | None = None) -> list[dict[str, Any]]:
        """Attempts, oldest first: dicts with challenge, attempted_at, passed, score, file, seconds."""
        sql = "SELECT challenge, attempted_at, passed, score, file, seconds FROM attempts"
        params: tuple = ()
        if challenge is not None:
            sql += " WHERE challenge = ?"
            params = (challenge,)
        rows = self.query(sql + " ORDER BY attempted_at, id", params)
        return [dict(row, passed=bool(row["passed"])) for row in rows]

    # -- hints shown (``quizzer hint``): a table of its own, made on first use ---------------
    # Kept out of MIGRATIONS on purpose: a stand-alone ``IF NOT EXISTS`` table needs no schema
    # version, so it cannot collide with a migration added elsewhere.

    def record_hint(self, challenge: str, level: int) -> None:
        """Log that hint ``level`` (1-based) of ``challenge`` was shown, now."""
        self._write(
            [
                (_HINTS_TABLE, ()),
                (
                    "INSERT INTO hints (challenge, level, shown_at) VALUES (?, ?, ?)",
                    (challenge, int(level), iso(now_utc())),
                ),
            ]
        )

    def hints_shown(self) -> dict[str, list[tuple[int, str]]]:
        """``{challenge: [(level, shown_at), ...]}``, oldest first; empty before any hint."""
        if not self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hints'"):
            return {}
        out: dict[str, list[tuple[int, str]]] = {}
        for row in self.query("SELECT challenge, level, shown_at FROM hints ORDER BY shown_at, id"):
            out.setdefault(row["challenge"], []).append((row["level"], row["shown_at"]))
        return out

    # -- card state and reviews ------------------------------------------------------

    def card_state(self, card_id: str) -> str | None:
        """The card's FSRS state as JSON, or None for a card never reviewed."""
        rows = self.query("SELECT fsrs FROM cards WHERE card_id = ?", (card_id,))
        row = rows[0] if rows else None
        return row["fsrs"] if row else None

    def card_states(self) -> dict[str, str]:
        return {r["card_id"]: r["fsrs"] for r in self.query("SELECT card_id, fsrs FROM cards")}

    def record_review(
        self,
        card_id: str,
        *,
        reviewed_at: datetime,
        mode: str,
        rating: int,
        duration: float,
        typed: str | None = None,
        state_before: int | None = None,
        new_state: dict[str, Any] | None = None,
    ) -> int | None:
        """Log a review and (unless ``new_state`` is None, as in cram) save the card's new state.

        Both happen in one transaction: the log and the schedule never disagree. The
        review keeps the card's whole row from before it, so ``undo_review`` can put it
        back exactly. Returns the review's id (None if that review was already logged).
        """
        with self._transaction() as c:
            row = c.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE card_id = ?", (card_id,))
            before = row.fetchone()
            previous = json.dumps(dict(before) if before else {}, sort_keys=True)
            cursor = c.execute(
                _INSERT_REVIEW_UNDOABLE,
                (card_id, iso(reviewed_at), mode, int(rating), float(duration), typed,
                 int(new_state is None), state_before, previous),
            )  # fmt: skip
            if not cursor.rowcount:
                return None
            if new_state is not None:
                c.execute(*_upsert_card(card_id, new_state, iso(now_utc())))
            return cursor.lastrowid

    def undo_review(self, review_id: int) -> None:
        """Remove review ``review_id`` and put its card's row back exactly as it was before it.

        Only a card's latest review can be undone (``StoreError`` otherwise, and for
        reviews logged before quizzer kept what undo needs).
        """
        with self._transaction() as c:
            row = c.execute(
                "SELECT card_id, reviewed_at, cram, previous FROM reviews WHERE id = ?",
                (review_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"no review {review_id} to undo")
            if row["previous"] is None:
                raise StoreError("this review was logged before undo existed; it cannot be undone")
            later = c.execute(
                "SELECT 1 FROM reviews WHERE card_id = ? AND id != ? AND cram = 0 AND "
                "reviewed_at >= ? LIMIT 1",
                (row["card_id"], review_id, row["reviewed_at"]),
            ).fetchone()
            if later and not row["cram"]:
                raise StoreError(f"{row['card_id']} was reviewed again since; undo that first")
            if not row["cram"]:
                previous = json.loads(row["previous"])
                if previous:
                    names = ", ".join(previous)
                    marks = ", ".join("?" * len(previous))
                    c.execute(
                        f"INSERT OR REPLACE INTO cards ({names}) VALUES ({marks})",
                        tuple(previous.values()),
                    )
                else:
                    c.execute("DELETE FROM cards WHERE card_id = ?", (row["card_id"],))
            c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))

    def card_row(self, card_id: str) -> dict[str, Any] | None:
        """The card's whole stored row (what undo restores), or None for a card never reviewed."""
        rows = self.query(f"SELECT {_CARD_COLUMNS} FROM cards WHERE card_id = ?", (card_id,))
        return dict(rows[0]) if rows else None

    def day_counts(self, since: datetime) -> tuple[int, int]:
        """Scheduled (non-cram) reviews since ``since``: (new cards introduced, review-state cards)."""
        row = self.query(
            "SELECT coalesce(sum(state_before IS NULL), 0), coalesce(sum(state_before = 2), 0) "
            "FROM reviews WHERE reviewed_at >= ? AND cram = 0",
            (iso(since),),
        )[0]
        return row[0], row[1]

    def reviews(self, card_id: str | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT card_id, reviewed_at, mode, rating, duration, typed, cram, state_before "
            "FROM reviews"
        )
        params: tuple = ()
        if card_id is not None:
            sql += " WHERE card_id = ?"
            params = (card_id,)
        rows = self.query(sql + " ORDER BY reviewed_at, id", params)
        return [dict(row, cram=bool(row["cram"])) for row in rows]

    # -- merging progress from another machine (``quizzer.review.progress``) -------------------

    def card_rows(self) -> list[sqlite3.Row]:
        """Every saved card state, by card id: card_id, fsrs (JSON), last_review, updated_at."""
        return self.query(
            "SELECT card_id, fsrs, last_review, updated_at FROM cards ORDER BY card_id"
        )

    def merge(
        self,
        cards: Iterable[tuple[str, dict[str, Any], str]],
        reviews: Iterable[dict[str, Any]],
        attempts: Iterable[dict[str, Any]],
    ) -> tuple[int, int]:
        """Write checked progress in one transaction; returns how many reviews and attempts were new.

        Each ``(card_id, fsrs state, updated_at)`` replaces that card's state; reviews and
        attempts (dicts as ``reviews()`` and ``attempts()`` give them) already present are skipped.
        """
        statements = [_upsert_card(*card) for card in cards]
        before = self._counts()
        for r in reviews:
            params = (r["card_id"], utc_text(r["reviewed_at"]), r["mode"], int(r["rating"]),
                      float(r["duration"]), r.get("typed"), int(bool(r.get("cram"))),
                      r.get("state_before"))  # fmt: skip
            statements.append((_INSERT_REVIEW, params))
        for a in attempts:
            params = (a["challenge"], utc_text(a["attempted_at"]), int(bool(a["passed"])),
                      float(a["score"]), str(a["file"]), float(a["seconds"]))  # fmt: skip
            statements.append((_INSERT_ATTEMPT_IF_NEW, params))
        self._write(statements)
        after = self._counts()
        return after[0] - before[0], after[1] - before[1]

    def _counts(self) -> tuple[int, int]:
        row = self.query("SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM attempts)")[
            0
        ]
        return row[0], row[1]


def _upsert_card(card_id: str, state: dict[str, Any], updated_at: str) -> tuple[str, tuple]:
    return (
        "INSERT INTO cards (card_id, fsrs, due, state, stability, difficulty, last_review, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(card_id) DO UPDATE SET "
        "fsrs = excluded.fsrs, due = excluded.due, state = excluded.state, "
        "stability = excluded.stability, difficulty = excluded.difficulty, "
        "last_review = excluded.last_review, updated_at = excluded.updated_at",
        (
            card_id,
            json.dumps(state, sort_keys=True),
            utc_text(state["due"]),
            int(state["state"]),
            state.get("stability"),
            state.get("difficulty"),
            utc_text(state["last_review"]) if state.get("last_review") else None,
            updated_at,
        ),
    )
