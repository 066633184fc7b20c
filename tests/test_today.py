"""The today screen (bare ``quizzer``), the challenge statuses, and ``quizzer config``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.review import settings as st
from quizzer.review.challenges_status import challenge_statuses, next_challenge
from quizzer.review.schedule import Scheduler
from quizzer.review.session import Session, select
from quizzer.review.settings import Settings, SettingsError
from quizzer.review.store import Store
from quizzer.review.today import today
from tests.test_quiz import Clock, make_card

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def deck():
    return [make_card(name, i + 1) for i, name in enumerate(("l1", "l2", "dropout", "bn"))]


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as s:
        yield s


def rate(store, deck, clock, card_id, rating):
    sched = Scheduler(fuzz=False)
    s = Session(select(deck, store, sched, clock.now, ids=[card_id]), store, sched, clock=clock)
    s.current()
    return s.rate(rating)


def test_today_counts_due_learning_new_forecast_and_challenges(store, deck):
    clock = Clock(NOW - timedelta(days=3))
    rate(store, deck, clock, "l1", 4)  # review, due in a few days
    clock.now = NOW - timedelta(minutes=5)
    rate(store, deck, clock, "l2", 1)  # learning: due 1 min later (now)
    rate(store, deck, clock, "dropout", 3)  # learning: due in 10 min from then (5 min from now)
    store.record_attempt("l1", True, 1.0, "l1.py", 0.2)
    store.record_attempt("l2", False, 0.25, "l2.py", 0.2)
    store.record_attempt("l2", False, 0.5, "work/l2.py", 0.2)
    d = today(store, deck, Settings(new_per_day=3), NOW, UTC)
    assert (d.due_learning, d.due_reviews, d.learning_soon) == (1, 0, 1)
    assert d.learning_next == NOW + timedelta(minutes=5)
    assert (d.new_today, d.new_left, d.unseen) == (2, 1, 1)  # 3 a day, 2 used; bn is unseen
    assert d.forecast[0] == (NOW.date(), 2) and sum(n for _, n in d.forecast) == 3
    assert d.challenge_counts() == {"passed": 1, "tried": 1, "untried": 2}
    nc = d.next_challenge
    assert (nc.challenge, nc.status, nc.attempts, nc.best, nc.last_file) == (
        "l2", "tried", 2, 0.5, "work/l2.py"
    )  # fmt: skip
    assert d.next.command == "quizzer quiz"
    data = d.to_dict()
    assert data["due_now"] == 1 and data["next"]["kind"] == "quiz"
    assert data["challenges"] == {"passed": 1, "tried": 1, "untried": 2}


def test_next_step_after_the_cards(store, deck):
    clock = Clock(NOW)
    for card in deck:
        rate(store, deck, clock, card.id, 4)  # all graduate: nothing due, nothing new
    d = today(store, deck, Settings(), NOW, UTC)
    assert d.due_now == 0 and d.new_left == 0
    assert (d.next.kind, d.next.command) == ("drill", "quizzer drill l1")
    for card in deck:
        store.record_attempt(card.challenge, True, 1.0, f"{card.id}.py", 0.1)
    d = today(store, deck, Settings(), NOW, UTC)
    assert d.next.kind == "done" and d.next_challenge is None and d.next_due > NOW
    clock.now = NOW + timedelta(days=1)
    rate(store, deck, clock, "l1", 1)  # relearning, back in 10 min (beyond a 5-min learn-ahead)
    d = today(store, deck, Settings(learn_ahead_minutes=5), clock.now, UTC)
    assert (d.next.kind, d.next.when) == ("wait", clock.now + timedelta(minutes=10))
    d = today(store, deck, Settings(), clock.now, UTC)  # within 20 min: a session shows it
    assert d.next.kind == "quiz"


def test_reviews_over_the_daily_limit_are_counted_apart(store, deck):
    clock = Clock(NOW - timedelta(days=90))
    for card in deck:
        rate(store, deck, clock, card.id, 4)
    d = today(store, deck, Settings(reviews_per_day=3), NOW, UTC)
    assert (d.due_reviews, d.over_limit) == (3, 1)


def test_challenge_statuses_in_card_order(store, deck):
    statuses = challenge_statuses(store, deck)
    assert [s.challenge for s in statuses] == ["l1", "l2", "dropout", "bn"]
    assert {s.status for s in statuses} == {"untried"}
    store.record_attempt("l1", False, 0.5, "a.py", 1)
    store.record_attempt("l1", True, 1.0, "b.py", 1)
    first = challenge_statuses(store, deck)[0]
    assert (first.status, first.attempts, first.best, first.last_file) == ("passed", 2, 1.0, "b.py")
    assert next_challenge(challenge_statuses(store, deck)).challenge == "l2"


# -- the screen and the command -------------------------------------------------------------------


def invoke(*args, **kw):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "100"}, **kw)


def test_bare_quizzer_shows_today_in_english_and_chinese():
    result = invoke()
    assert result.exit_code == 0, result.output
    out = result.stdout
    for words in ("Due now", "Coming back", "New today", "11 left (0 of 20", "Next 7 days",
                  "Challenges", "0 passed · 0 tried · 11 untried", "next: regularization",
                  "Next: quizzer quiz"):  # fmt: skip
        assert words in out, words
    assert invoke("today").stdout == out
    zh = invoke("today", "--lang", "zh").stdout
    for words in ("现在到期", "即将回来", "今日新卡", "还可学 11 张", "未来 7 天", "编程题",
                  "已通过 0 · 已尝试 0 · 未开始 11", "下一道：regularization", "下一步：quizzer quiz"):  # fmt: skip
        assert words in zh, words
    data = json.loads(invoke("today", "--json").stdout)
    assert data["new_left"] == 11 and data["next"]["command"] == "quizzer quiz"
    assert "Usage" in invoke("--help").stdout


def test_today_after_a_session_and_a_check():
    assert invoke("quiz", "-n", "2", input="\n1\n\n4\n").exit_code in (0, 1)
    with Store.open() as store:
        store.record_attempt("regularization", True, 1.0, "regularization.py", 0.3)
        store.record_attempt("l1", False, 0.4, "l1.py", 0.3)
    out = invoke().stdout
    assert "1 learning within the hour" in out or "1 (0 to review, 1 learning)" in out
    assert "9 left (2 of 20 introduced today" in out
    assert "1 passed · 1 tried · 9 untried" in out and "next: l1 (tried 1x, best 40%)" in out


def test_today_view_fits_narrow_terminals():
    from quizzer.render import console
    from quizzer.render.today import today_view

    with Store.open() as store:
        d = today(store, [make_card("l1")], Settings(), NOW, UTC)
    for width in (50, 80):
        screen = console(file=io.StringIO(), width=width)
        for lang in ("en", "zh"):
            screen.print(today_view(d, lang))
        assert all(len(line.rstrip()) <= width for line in screen.file.getvalue().splitlines())


def test_today_imports_no_numpy_no_grader_no_fsrs(tmp_path):
    env = dict(os.environ, QUIZZER_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizzer"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Next:" in done.stdout
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "quizzer.review.today" in modules  # the measurement saw the today code
    heavy = {m for m in modules if m.split(".")[0] in ("numpy", "fsrs", "pytest")}
    heavy |= {m for m in modules if m.startswith("quizzer.grading")}
    assert not heavy, heavy


# -- settings and quizzer config -----------------------------------------------------------------


def test_config_reads_sets_and_unsets():
    assert invoke("config", "new_per_day").stdout.strip() == "20"
    assert invoke("config", "new_per_day", "7").exit_code == 0
    assert invoke("config", "learning_steps", "1m 5m 1h").exit_code == 0
    assert st.load() == Settings(new_per_day=7, learning_steps=("1m", "5m", "1h"))
    listing = invoke("config").stdout
    assert "new_per_day" in listing and "day_starts_at" in listing and "settings.toml" in listing
    data = json.loads(invoke("config", "--json").stdout)
    assert data["new_per_day"] == 7 and data["learning_steps"] == ["1m", "5m", "1h"]
    assert "new_per_day = 7" in st.path().read_text()
    assert "7 left" in invoke().stdout
    assert invoke("config", "new_per_day", "--unset").stdout.strip() == "20"
    assert "new_per_day" not in st.path().read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown setting 'nope'"),
        (["retention", "2"], "retention: must be between 0.7 and 0.99"),
        (["new_per_day", "many"], "new_per_day: expected a whole number"),
        (["learning_steps", "1m 10x"], "'10x' is not a duration"),
        (["day_starts_at", "24"], "between 0 and 23"),
    ],
)
def test_config_rejects_bad_values_clearly(args, message):
    result = invoke("config", *args)
    assert result.exit_code == 2 and message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("new_per_day = 5\nnew_per_dya = 3\n", ":2: unknown setting 'new_per_dya'"),
        ("reviews_per_day = -1\n", ":1: reviews_per_day: must be between 0"),
        ("new_per_day = \n", "not valid TOML"),
        ("learning_steps = 5\n", ":1: learning_steps: expected a list of durations"),
    ],
)
def test_a_bad_settings_file_is_one_clear_line_everywhere(text, message):
    st.path().write_text(text, encoding="utf-8")
    for args in (["quiz"], ["today"], [], ["config"]):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "settings.toml" in result.stderr and message in " ".join(result.stderr.split())
        assert "Traceback" not in result.output


def test_settings_flags_override_for_one_session():
    st.set_value("new_per_day", 1)
    result = invoke("quiz", input="\n4\n")
    assert "[1/1]" in result.stdout
    result = invoke("quiz")
    assert (
        "Nothing to review now" in result.stdout and "10 new cards are held back" in result.stdout
    )
    result = invoke("quiz", "--new", "1", input="\n4\n")
    assert "[1/1]" in result.stdout and "l1 · flash · new" in result.stdout


def test_durations_and_day_start():
    assert st.parse_duration("90s") == timedelta(seconds=90)
    assert st.parse_duration("1.5h") == timedelta(minutes=90)
    for bad in ("", "10", "0s", "8d", "5 minutes"):
        with pytest.raises(SettingsError):
            st.parse_duration(bad)
    at = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    assert st.day_start(at, 4, UTC) == datetime(2026, 3, 1, 4, tzinfo=UTC)
    assert st.day_start(at, 0, UTC) == datetime(2026, 3, 2, 0, tzinfo=UTC)
