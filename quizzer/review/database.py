"""The SQLite file under the store: opening it safely, its schema and migrations, transactions.

Safety: WAL mode and a busy timeout let two sessions write at once; the schema
version lives in ``PRAGMA user_version`` and is migrated forward on open; a
file that is not a quizzer database (or is from a newer quizzer) raises
``StoreError`` and is never modified, overwritten or deleted. Each write is its
own transaction, committed before the call returns.

What is stored (card states, the review log, challenge attempts, hints shown)
is ``quizzer.review.store``, whose ``Store`` is a ``Database``.

Times are UTC ISO-8601 strings (``2026-01-02T03:04:05.000000+00:00``), which
sort correctly as text.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

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


class Database:
    """A connection to the quizzer database: opened, checked and migrated; closed or ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self._conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> Self:
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

    def __enter__(self) -> Self:
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
