from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from quizzer.review.database import SCHEMA_VERSION, StoreError
from quizzer.review.progress import export_progress, import_progress
from quizzer.review.store import Store


def state(due: datetime, last: datetime | None, stability: float = 3.0) -> dict:
    return {
        "card_id": 1,
        "state": 2,
        "step": None,
        "stability": stability,
        "difficulty": 5.0,
        "due": due.isoformat(),
        "last_review": last.isoformat() if last else None,
    }


T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def test_default_path_is_in_quizzer_home(tmp_path):
    with Store.open() as store:
        assert store.path == tmp_path / "home" / "quizzer.sqlite3"
        assert store.schema_version == SCHEMA_VERSION
        assert store.query("PRAGMA journal_mode")[0][0] == "wal"
        assert store.query("PRAGMA busy_timeout")[0][0] >= 5000


@pytest.mark.parametrize("under", ["", "sub"])
def test_a_quizzer_home_that_is_a_file_is_a_clear_store_error(tmp_path, monkeypatch, under):
    home = tmp_path / "a-file"
    home.write_text("keep me")
    monkeypatch.setenv("QUIZZER_HOME", str(home / under) if under else str(home))
    with pytest.raises(StoreError, match="QUIZZER_HOME") as caught:
        Store.open()
    assert "Errno" not in str(caught.value) and "not a folder" in str(caught.value)
    assert home.read_text() == "keep me"


def test_a_read_only_store_says_so(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    Store.open(path).close()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )

    def read_only(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Store, "_setup", read_only)
    with pytest.raises(StoreError, match="read-only .* QUIZZER_HOME"):
        Store.open(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores modes")
def test_a_read_only_folder_is_a_clear_error(tmp_path):
    path = tmp_path / "ro" / "db.sqlite3"
    path.parent.mkdir()
    Store.open(path).close()
    for leftover in path.parent.glob("db.sqlite3-*"):
        leftover.unlink()
    path.parent.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store.open(path)
    finally:
        path.parent.chmod(0o755)


def test_attempts_api(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as store:
        assert store.attempts() == []
        assert not store.has_passed("dropout")
        store.record_attempt("dropout", False, 0.25, "mine.py", 1.5)
        store.record_attempt("dropout", True, 1.0, "mine.py", 2.0)
        store.record_attempt("l1", False, 0.0, "l1.py", 0.5)
        assert store.has_passed("dropout")
        assert not store.has_passed("l1")
        rows = store.attempts("dropout")
        assert [r["passed"] for r in rows] == [False, True]
        assert rows[0]["score"] == 0.25 and rows[0]["file"] == "mine.py"
        assert rows[1]["seconds"] == 2.0
        assert datetime.fromisoformat(rows[0]["attempted_at"]).tzinfo is not None
        assert len(store.attempts()) == 3
    # committed: a fresh connection sees them
    with Store.open(tmp_path / "db.sqlite3") as again:
        assert again.has_passed("dropout")


def test_review_saves_state_and_cram_does_not(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as store:
        s1 = state(T0 + timedelta(days=3), T0)
        store.record_review(
            "dropout", reviewed_at=T0, mode="flash", rating=3, duration=4.0, new_state=s1
        )
        assert json.loads(store.card_state("dropout"))["stability"] == 3.0
        store.record_review(
            "dropout",
            reviewed_at=T0 + timedelta(hours=1),
            mode="typed",
            rating=1,
            duration=9.0,
            typed="no idea",
            new_state=None,
        )
        assert json.loads(store.card_state("dropout"))["stability"] == 3.0  # cram left it alone
        log = store.reviews("dropout")
        assert [(r["mode"], r["rating"], r["cram"]) for r in log] == [
            ("flash", 3, False),
            ("typed", 1, True),
        ]
        assert log[1]["typed"] == "no idea"
        assert store.card_state("l1") is None


def test_garbage_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "db.sqlite3"
    garbage = b"this is not a database\n" * 50
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="not a quizzer database"):
        Store.open(path)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite3"]


def test_damaged_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        store.record_attempt("l1", True, 1.0, "x.py", 1.0)
    # keep the SQLite header but destroy everything after it
    data = bytearray(path.read_bytes())
    data[16:] = b"\xff" * (len(data) - 16)
    path.write_bytes(bytes(data))
    for extra in ("-wal", "-shm"):
        (tmp_path / f"db.sqlite3{extra}").unlink(missing_ok=True)
    with pytest.raises(StoreError, match="unreadable or corrupt|not a quizzer database"):
        Store.open(path)
    assert path.read_bytes() == bytes(data)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer quizzer"):
        Store.open(path)
    assert path.read_bytes() == before


def test_migrates_an_empty_database(tmp_path):
    path = tmp_path / "db.sqlite3"
    sqlite3.connect(path).close()  # version 0, no tables
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        store.record_attempt("l2", True, 1.0, "f.py", 0.1)


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from quizzer.review.store import Store
    path, tag, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(n):
        with Store.open(path) as store:
            store.record_attempt(tag, i % 2 == 0, 0.5, f"{tag}.py", 0.1)
            store.record_review(tag, reviewed_at=base + timedelta(seconds=i), mode="flash",
                                rating=3, duration=1.0)
    """
)


def test_two_processes_write_concurrently(tmp_path):
    path = tmp_path / "db.sqlite3"
    Store.open(path).close()
    n = 150
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(n)])
        for tag in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Store.open(path) as store:
        assert len(store.attempts("a")) == n and len(store.attempts("b")) == n
        assert len(store.reviews()) == 2 * n
        assert store.query("PRAGMA integrity_check")[0][0] == "ok"


def test_export_import_merges_by_card_keeping_newer(tmp_path):
    a = Store.open(tmp_path / "a.sqlite3")
    b = Store.open(tmp_path / "b.sqlite3")
    # machine A reviewed dropout later; machine B reviewed l1 later
    a.record_review(
        "dropout",
        reviewed_at=T0 + timedelta(days=2),
        mode="flash",
        rating=3,
        duration=1,
        new_state=state(T0 + timedelta(days=9), T0 + timedelta(days=2), 7.0),
    )
    a.record_review(
        "l1",
        reviewed_at=T0,
        mode="flash",
        rating=1,
        duration=1,
        new_state=state(T0 + timedelta(days=1), T0, 0.5),
    )
    b.record_review(
        "dropout",
        reviewed_at=T0,
        mode="choice",
        rating=3,
        duration=1,
        new_state=state(T0 + timedelta(days=3), T0, 3.0),
    )
    b.record_review(
        "l1",
        reviewed_at=T0 + timedelta(days=5),
        mode="typed",
        rating=4,
        duration=1,
        new_state=state(T0 + timedelta(days=30), T0 + timedelta(days=5), 20.0),
    )
    b.record_attempt("l1", True, 1.0, "l1.py", 0.3)
    exported = json.loads(json.dumps(export_progress(b)))
    assert exported["format"] == "quizzer-progress" and exported["version"] == 1

    counts = import_progress(a, exported)
    assert counts == {"cards": 1, "reviews": 2, "attempts": 1}
    assert json.loads(a.card_state("dropout"))["stability"] == 7.0  # A's was newer
    assert json.loads(a.card_state("l1"))["stability"] == 20.0  # B's was newer
    # importing again changes nothing: reviews and attempts are de-duplicated
    assert import_progress(a, exported) == {"cards": 0, "reviews": 0, "attempts": 0}
    assert len(a.reviews()) == 4 and len(a.attempts()) == 1
    a.close()
    b.close()


@pytest.mark.parametrize(
    "doc, message",
    [
        ([], "format"),
        ({"format": "other"}, "format"),
        ({"format": "quizzer-progress", "version": 99}, "unsupported export version"),
        ({"format": "quizzer-progress", "version": 1, "cards": [{"card_id": "x"}]}, "cards\\[0\\]"),
        (
            {
                "format": "quizzer-progress",
                "version": 1,
                "reviews": [
                    {
                        "card_id": "x",
                        "reviewed_at": "2026-01-01T00:00:00+00:00",
                        "mode": "flash",
                        "rating": 7,
                        "duration": 1,
                    }
                ],
            },
            "rating",
        ),
    ],
)
def test_import_rejects_bad_documents_without_writing(tmp_path, doc, message):
    with Store.open(tmp_path / "db.sqlite3") as store:
        with pytest.raises(StoreError, match=message):
            import_progress(store, doc)
        assert store.reviews() == [] and store.card_states() == {}


def test_a_long_held_lock_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr("quizzer.review.database.BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another session holds the write lock
        try:
            with pytest.raises(StoreError, match="busy"):
                store.record_attempt("l1", True, 1.0, "f.py", 0.1)
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.record_attempt("l1", True, 1.0, "f.py", 0.1)  # and works once it is released
        assert store.has_passed("l1")


def test_migrates_a_version_1_database_keeping_its_data(tmp_path):
    from quizzer.review.database import MIGRATIONS

    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO attempts (challenge, attempted_at, passed, score, file, seconds) "
        "VALUES ('l1', '2026-01-01T00:00:00.000000+00:00', 1, 1.0, 'a.py', 0.5)"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 2
        assert store.has_passed("l1")
        indexes = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "reviews_card_rating" in indexes and "reviews_card" not in indexes
