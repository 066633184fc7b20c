"""Anki's session behaviour on a clock the test sets: learning steps inside the session,
learn-ahead, daily new/review limits with a 4 a.m. day boundary, and undo."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from quizzer.review.database import StoreError
from quizzer.review.schedule import Scheduler
from quizzer.review.session import Session, prepare, select
from quizzer.review.settings import DEFAULTS, Settings, day_start
from quizzer.review.store import Store
from tests.test_quiz import Clock, make_card

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IDS = ("l1", "l2", "dropout", "bn")


class Deck:
    """What ``prepare`` needs of a loaded deck."""

    def __init__(self, cards):
        self.cards = tuple(cards)

    def find(self, ref):
        return next(c for c in self.cards if c.id == ref)


@pytest.fixture
def deck():
    return Deck(make_card(name, i + 1) for i, name in enumerate(IDS))


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as s:
        yield s


def start(deck, store, clock, settings=DEFAULTS, **kw) -> Session:
    """A session as ``quizzer quiz`` prepares it, in UTC, on the test's clock."""
    return prepare(deck, store, settings=settings, clock=clock, tz=UTC, **kw)


def walk(session: Session, clock: Clock, ratings: dict[str, list[int]], think=timedelta(0)):
    """Answer until the session ends: each card's next rating from ``ratings``; returns the order."""
    order = []
    while (q := session.current()) is not None:
        clock.now += think
        order.append((q.card.id, q.again))
        session.rate(ratings[q.card.id].pop(0))
    return order


def test_learning_steps_come_back_inside_the_session(deck, store):
    clock = Clock(DAY1)
    s = start(deck, store, clock, Settings(new_per_day=2))
    assert [p.card.id for p in s.picks] == ["l1", "l2"]  # 2 new cards a day
    # l1: again (1m), good (10m), good -> review; l2: good (10m), good -> review
    order = walk(s, clock, {"l1": [1, 3, 3], "l2": [3, 3]}, think=timedelta(seconds=20))
    # nothing else left: each learning card is shown early (learn-ahead 20 min), earliest due first
    assert order == [("l1", False), ("l2", False), ("l1", True), ("l2", True), ("l1", True)]
    states = {k: json.loads(v)["state"] for k, v in store.card_states().items()}
    assert states == {"l1": 2, "l2": 2}  # both graduated to review in one sitting
    summary = s.summary()
    assert (summary.seen, summary.total, summary.answers, summary.learning) == (2, 2, 5, 0)


def test_a_due_learning_card_comes_before_the_rest_of_the_queue(deck, store):
    clock = Clock(DAY1)
    s = start(deck, store, clock)
    assert s.current().card.id == "l1"
    s.rate(1)  # again: back in 1 minute
    assert s.current().card.id == "l2"  # not due yet: the queue goes on
    clock.now += timedelta(minutes=2)
    s.rate(3)
    q = s.current()
    assert (q.card.id, q.again, q.new) == ("l1", True, False)  # its step is due: first
    assert q.total == 2 + 1 + 2 + 1  # answered 2, this one, dropout and bn, l2 due within 20 min


def test_without_learn_ahead_the_session_ends_and_the_card_waits(deck, store):
    clock = Clock(DAY1)
    s = start(deck, store, clock, Settings(new_per_day=1, learn_ahead_minutes=0))
    s.current()
    s.rate(1)
    assert s.done and [p.card.id for p in s.waiting] == ["l1"]
    assert s.summary().learning == 1
    clock.now += timedelta(minutes=1)
    later = start(deck, store, clock, Settings(new_per_day=1, learn_ahead_minutes=0))
    assert later.current().card.id == "l1"  # its step is due: the next session shows it


def test_new_card_limit_holds_across_sessions_and_resets_at_the_day_boundary(deck, store):
    settings = Settings(new_per_day=2)
    clock = Clock(DAY1)
    walk(start(deck, store, clock, settings), clock, {"l1": [4], "l2": [4]})
    clock.now = DAY1 + timedelta(hours=5)  # 14:00, same day
    s = start(deck, store, clock, settings)
    assert s.done and s.limits.new_today == 2 and s.limits.held_new == 2
    assert [p.card.id for p in start(deck, store, clock, settings, new_limit=1).picks] == [
        "dropout"
    ]  # --new overrides the limit for one session
    clock.now = datetime(2026, 3, 3, 3, 59, tzinfo=UTC)  # the next calendar day, before 4 a.m.
    assert start(deck, store, clock, settings).done
    assert day_start(clock.now, 4, UTC) == datetime(2026, 3, 2, 4, tzinfo=UTC)
    clock.now = datetime(2026, 3, 3, 4, 0, tzinfo=UTC)  # a new day
    picks = start(deck, store, clock, settings).picks
    assert [(p.card.id, p.new) for p in picks] == [("dropout", True), ("bn", True)]


def test_day_boundary_is_a_setting(deck, store):
    clock = Clock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    settings = Settings(new_per_day=1, day_starts_at=0)
    walk(start(deck, store, clock, settings), clock, {"l1": [4]})
    clock.now = datetime(2026, 3, 3, 0, 30, tzinfo=UTC)  # past midnight: a new day
    assert [p.card.id for p in start(deck, store, clock, settings).picks] == ["l2"]
    clock.now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert start(deck, store, clock, Settings(new_per_day=2, day_starts_at=0)).limits.new_left == 1


def test_review_limit_caps_review_cards_not_learning_ones(deck, store):
    clock = Clock(DAY1)
    walk(start(deck, store, clock), clock, {i: [4] for i in IDS})  # all four graduate
    clock.now = DAY1 + timedelta(days=60)  # all four are due
    settings = Settings(reviews_per_day=2, learn_ahead_minutes=0)
    s = start(deck, store, clock, settings)
    assert len(s.picks) == 2 and s.limits.reviews_left == 2
    lapsed = s.current().card.id
    s.rate(1)  # forgotten: relearning, back in 10 minutes
    s.current()
    s.rate(3)
    assert s.done  # the limit is reached and learn-ahead is off
    clock.now += timedelta(minutes=11)
    again = start(deck, store, clock, settings)
    assert [p.card.id for p in again.picks] == [lapsed]  # learning cards are never capped
    walk(again, clock, {lapsed: [3]})
    rest = start(deck, store, clock, settings)
    assert rest.done and rest.limits.held_reviews == 2 and rest.limits.reviews_today == 2
    assert len(start(deck, store, clock, settings, review_limit=5).picks) == 2  # --reviews


# -- undo --------------------------------------------------------------------------------


def snapshot(store: Store) -> tuple:
    rows = store.query("SELECT * FROM cards ORDER BY card_id")
    reviews = store.query("SELECT * FROM reviews ORDER BY id")
    return [tuple(r) for r in rows], [tuple(r) for r in reviews]


def test_undo_restores_the_exact_previous_state_store_and_session(deck, store):
    clock = Clock(DAY1)
    walk(start(deck, store, clock, Settings(new_per_day=1)), clock, {"l1": [4]})
    clock.now = DAY1 + timedelta(days=30)  # l1 is a due review card; 1 new card today
    s = start(deck, store, clock, Settings(new_per_day=1))
    q = s.current()
    assert q.card.id == "l1"
    before = snapshot(store)
    fsrs_before = store.card_row("l1")
    answered = s.rate(1)  # a lapse: relearning, back in 10 minutes
    assert answered.learning and snapshot(store) != before
    clock.now += timedelta(minutes=3)
    nxt = s.current()  # the next card is on screen when u is pressed
    assert nxt.card.id == "l2"
    undone = s.undo()
    assert undone is answered
    assert snapshot(store) == before  # every column of every row, updated_at included
    assert store.card_row("l1") == fsrs_before
    assert s.current() is q and s.answered == [] and s.waiting == []
    # the card is rated again from its restored state; the session goes on as if never rated
    s.rate(3)
    assert json.loads(store.card_state("l1"))["state"] == 2
    assert [r["rating"] for r in store.reviews()] == [4, 3]
    assert s.current().card.id == "l2"


def test_undo_of_a_new_card_makes_it_new_again(deck, store):
    clock = Clock(DAY1)
    s = start(deck, store, clock, Settings(new_per_day=1))
    q = s.current()
    s.rate(3)
    assert not s.done  # l1 is learning: back within the session
    assert s.undo() is not None
    assert store.card_states() == {} and store.reviews() == []
    assert s.current() is q and q.new
    assert start(deck, store, clock, Settings(new_per_day=1)).limits.new_left == 1
    assert s.undo() is None  # nothing left to undo


def test_undo_twice_walks_back_in_order_and_keeps_mixed_mode_questions(deck, store):
    clock = Clock(DAY1)
    s = start(deck, store, clock, mode="mixed", seed=4)
    first = s.current()
    s.rate(4)
    second = s.current()
    s.rate(4)
    third = s.current()
    assert s.undo().card.id == second.card.id and s.current() is second
    assert s.undo().card.id == first.card.id and s.current() is first
    assert snapshot(store) == ([], [])
    s.rate(4)
    s.current()
    s.rate(4)
    assert s.current() == third  # the same mode and options as before the undos


def test_undo_in_cram_leaves_the_schedule_alone(deck, store):
    clock = Clock(DAY1)
    walk(start(deck, store, clock, Settings(new_per_day=1)), clock, {"l1": [4]})
    before = snapshot(store)
    c = start(deck, store, clock, cram=True, cards=["l1"])
    c.current()
    c.rate(1)
    assert len(store.reviews()) == 2
    c.undo()
    assert snapshot(store) == before


def test_only_a_cards_latest_review_can_be_undone(deck, store):
    clock = Clock(DAY1)
    sched = Scheduler(fuzz=False)
    s = Session(select(deck.cards, store, sched, DAY1, ids=["l1"]), store, sched, clock=clock)
    s.current()
    s.rate(1)
    first_id = store.query("SELECT max(id) FROM reviews")[0][0]
    clock.now += timedelta(minutes=1)
    s.current()
    s.rate(3)
    with pytest.raises(StoreError, match="reviewed again since"):
        store.undo_review(first_id)
    with pytest.raises(StoreError, match="no review"):
        store.undo_review(999)


def test_two_days_at_the_terminal_loop(deck, store):
    """The same two days through the terminal loop (piped protocol), time passing as answers come."""
    import io

    from quizzer.render import console
    from quizzer.render.loop import run_session

    clock = Clock(DAY1)
    settings = Settings(new_per_day=2)

    def play(lines: list[str]) -> str:
        screen = console(file=io.StringIO(), width=100)
        script = iter(lines)

        def read(prompt: str) -> str:
            clock.now += timedelta(seconds=30)  # each answer takes a while
            screen.file.write(prompt + "\n")
            return next(script)

        run_session(start(deck, store, clock, settings), screen, "en", read)
        return screen.file.getvalue()

    # day 1: l1 again, l2 good; both come back in the session (learn-ahead) until they graduate
    out = play(["", "1", "", "3", "", "3", "", "3", "", "3"])
    titles = [line for line in out.splitlines() if line.startswith("╭─ [")]
    assert [t.split("]")[0] + "]" for t in titles] == ["╭─ [1/2]", "╭─ [2/3]", "╭─ [3/4]",
                                                      "╭─ [4/5]", "╭─ [5/5]"]  # fmt: skip
    assert "Title l1" in titles[2] and "Title l2" in titles[3] and "Title l1" in titles[4]
    assert "cards seen 2 of 2" in out and "still learning" not in out
    # later that day: the 2 new cards of the day are used up
    clock.now = DAY1 + timedelta(hours=6)
    assert start(deck, store, clock, settings).done
    # day 2 after 4 a.m.: two new cards again
    clock.now = DAY1 + timedelta(days=1, hours=-4, minutes=1)  # 05:01 the next day
    out = play(["", "4", "", "4"])
    assert "Title dropout" in out and "Title bn" in out and "cards seen 2 of 2" in out
    assert {r["card_id"] for r in store.reviews()} == set(IDS)
