"""The durable store: one SQLite file in the data directory.

It keeps each card's FSRS scheduling state (keyed by card id, so editing a
card's text keeps its progress), a log of every review, and every challenge
attempt. Each write is its own transaction, committed before the call
returns, so an interrupted session loses nothing already answered.

Safety: WAL mode and a busy timeout let two sessions write at once; the schema
version lives in ``PRAGMA user_version`` and is migrated forward on open; a
file that is not a quizzer database (or is from a newer quizzer) raises
``StoreError`` and is never modified, overwritten or deleted.

Each review keeps the card's whole row from before it (``previous``), so
``undo_review`` puts a card back exactly as it was; ``day_counts`` counts the
new and review cards of the learner's day (the daily limits).

Moving progress to another machine (the export format, checking and merging an
import) is ``quizzer.review.progress``; it writes through ``Store.merge``.

Times are UTC ISO-8601 strings (``2026-01-02T03:04:05.000000+00:00``), which
sort correctly as text.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FILENAME = "quizzer.sqlite3"
BUSY_TIMEOUT_MS = 10_000
_SQLITE_MAGIC = b"SQLite format 3\x00"

# MIGRATIONS[n] takes a database at user_version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE cards (
        card_id     TEXT PRIMARY KEY,
        fsrs        TEXT NOT NULL,      -- fsrs.Card.to_json()
        due         TEXT NOT NULL,
        state       INTEGER NOT NULL,   -- fsrs.State: 1 learning, 2 review, 3 relearning
        stability   REAL,
        difficulty  REAL,
        last_review TEXT,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX cards_due ON cards(due);
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL,
        reviewed_at  TEXT NOT NULL,
        mode         TEXT NOT NULL,     -- flash | choice | typed
        rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        duration     REAL NOT NULL,     -- seconds from question to rating
        typed        TEXT,              -- what the learner typed or chose
        cram         INTEGER NOT NULL DEFAULT 0,
        state_before INTEGER,           -- fsrs.State before the review, NULL for a new card
        UNIQUE (card_id, reviewed_at, mode, rating)
    );
    CREATE INDEX reviews_card ON reviews(card_id);
    CREATE TABLE attempts (
        id           INTEGER PRIMARY KEY,
        challenge    TEXT NOT NULL,
        attempted_at TEXT NOT NULL,
        passed       INTEGER NOT NULL,
        score        REAL NOT NULL,
        file         TEXT NOT NULL,
        seconds      REAL NOT NULL,
        UNIQUE (challenge, attempted_at, file)
    );
    CREATE INDEX attempts_challenge ON attempts(challenge);
    """,
    # 2: statistics come from indexes alone (``quizzer stats`` on 100k reviews)
    """
    CREATE INDEX reviews_card_rating ON reviews(card_id, rating, state_before, cram, duration);
    CREATE INDEX reviews_time ON reviews(reviewed_at);
    DROP INDEX reviews_card;
    """,
    # 3: undo: each review keeps the card's whole row from before it ('{}': no row, a new card)
    """
    ALTER TABLE reviews ADD COLUMN previous TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
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


class StoreError(ValueError):
    """The database cannot be used (corrupt, unreadable, from a newer quizzer, locked)."""


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """A UTC ISO-8601 string with microseconds (fixed width, so text order is time order)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: quizzer stores UTC times only")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def default_path() -> Path:
    from quizzer.paths import home

    try:
        return home() / FILENAME
    except OSError as exc:  # QUIZZER_HOME names a file, or a folder that cannot be created
        where = exc.filename or os.environ.get("QUIZZER_HOME", "the data folder")
        if isinstance(exc, FileExistsError):
            reason = "is a file, not a folder"
        elif isinstance(exc, NotADirectoryError):
            reason = "is not a folder (part of its path is a file)"
        else:
            reason = f"cannot be created ({exc.strerror or exc})"
        raise StoreError(
            f"quizzer's data folder {where} {reason}: set QUIZZER_HOME to a folder you can write"
        ) from exc


def _check_file(path: Path) -> None:
    """Refuse a path that is not a database before SQLite gets a chance to touch it."""
    if path.is_dir():
        raise StoreError(f"database path {path} is a directory")
    if not path.exists():
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read database {path}: {exc.strerror or exc}") from exc
    if head and head != _SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a quizzer database (not an SQLite file); it was left untouched. "
            "Move it away or point QUIZZER_HOME elsewhere."
        )


class Store:
    """A connection to the quizzer database. Use ``Store.open()``; close it or use ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self._conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        path = Path(path) if path is not None else default_path()
        _check_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        store = cls(conn, path)
        try:
            store._setup()
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full...
            conn.close()
            if not all(os.access(p, os.W_OK) for p in (path.parent, path) if p.exists()):
                raise StoreError(
                    f"cannot use database {path}: it or its folder is read-only (quizzer writes "
                    "each answer as it is given); make it writable or point QUIZZER_HOME elsewhere"
                ) from exc
            raise StoreError(f"cannot use database {path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"{path} is unreadable or corrupt ({exc}); it was left untouched. "
                "Move it away or point QUIZZER_HOME elsewhere."
            ) from exc
        except BaseException:
            conn.close()
            raise
        return store

    def _setup(self) -> None:
        c = self._conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer quizzer (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade quizzer. The file was left untouched."
            )
        # reads the schema: a damaged file raises DatabaseError here, before anything is written
        c.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if c.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._migrate()

    def _migrate(self) -> None:
        c = self._conn
        c.execute("BEGIN IMMEDIATE")  # one migrator at a time; others wait on busy_timeout
        try:
            version = c.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {step + 1}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed before the ``with`` block's caller goes on."""
        c = self._conn
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"database {self.path} is busy or read-only: {exc}") from exc
        try:
            yield c
            c.execute("COMMIT")
        except BaseException as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                exc, sqlite3.IntegrityError | sqlite3.ProgrammingError
            ):
                raise StoreError(f"cannot write to database {self.path}: {exc}") from exc
            raise

    def _write(self, statements: Iterable[tuple[str, tuple | dict]]) -> None:
        """Run statements in one immediate transaction, committed before returning."""
        with self._transaction() as c:
            for sql, params in statements:
                c.execute(sql, params)

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Read-only SQL (the stats module's aggregates); a damaged file raises ``StoreError``."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.ProgrammingError | sqlite3.InterfaceError):
                raise
            raise StoreError(f"cannot read database {self.path}: {exc}") from exc

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


def utc_text(value: str) -> str:
    """Normalise an ISO time string to the store's fixed-width UTC form."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"bad time {value!r}: expected an ISO-8601 UTC time") from exc
    if moment.tzinfo is None:
        raise StoreError(f"bad time {value!r}: no time zone (quizzer stores UTC)")
    return iso(moment)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
