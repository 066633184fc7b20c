from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from quizzer.cards import Card, Choice, Distractor, KeyPoint, Text
from quizzer.review.database import iso
from quizzer.review.schedule import Scheduler
from quizzer.review.session import Session, select
from quizzer.review.store import Store


def make_card(
    card_id: str,
    number: int = 1,
    *,
    tags: tuple[str, ...] = ("regularization",),
    key_points: tuple[KeyPoint, ...] | None = None,
    question: str | None = None,
) -> Card:
    """A small, complete card for tests (the deck loader is tested elsewhere)."""
    if key_points is None:  # each point made by a statement naming its concept
        key_points = (
            KeyPoint(Text(f"{card_id} point A", f"{card_id} 要点甲"), ("alpha",)),
            KeyPoint(Text(f"{card_id} point B", f"{card_id} 要点乙"), ("bravo",)),
            KeyPoint(Text(f"{card_id} point C", f"{card_id} 要点丙"), ("charlie",)),
        )
    return Card(
        id=card_id,
        number=number,
        title=Text(f"Title {card_id}", f"标题 {card_id}"),
        question=Text(question or f"What is {card_id}?", f"{card_id} 是什么？"),
        answer=Text(f"**{card_id}** is the answer.", f"**{card_id}** 是答案。"),
        key_points=key_points,
        choices=tuple(
            Choice(
                stem=Text(f"Question {q} on {card_id}?", f"关于 {card_id} 的第 {q} 题？"),
                correct=Text(f"right about {card_id}", f"关于 {card_id} 的正确说法"),
                distractors=tuple(
                    Distractor(Text(f"wrong {i}", f"错误 {i}"), Text(f"why wrong {i}", f"错因 {i}"))
                    for i in range(3)
                ),
            )
            for q in (1, 2)
        ),
        concepts={
            "alpha": {"en": (f"{card_id} alpha",), "zh": ("甲乙丙",)},
            "bravo": {"en": ("bravo",), "zh": ("丁戊己",)},
            "charlie": {"en": ("charlie",), "zh": ("庚辛壬",)},
        },
        tags=tags,
        difficulty=2,
        notes=(),
        challenge=card_id,
        solution=f"solutions/{card_id}.py",
    )


T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as s:
        yield s


@pytest.fixture
def deck():
    return [make_card(name, i + 1) for i, name in enumerate(("l1", "l2", "dropout", "bn"))]


def session(picks, store, clock, **kw):
    return Session(picks, store, Scheduler(0.9, fuzz=False), clock=clock, **kw)


def test_new_cards_in_deck_order_and_caps(store, deck):
    sched = Scheduler()
    assert [p.card.id for p in select(deck, store, sched, T0)] == ["l1", "l2", "dropout", "bn"]
    assert [p.card.id for p in select(deck, store, sched, T0, new_limit=2)] == ["l1", "l2"]
    assert [p.card.id for p in select(deck, store, sched, T0, limit=3)] == ["l1", "l2", "dropout"]
    tagged = [make_card("x", 9, tags=("bn",))] + deck
    assert [p.card.id for p in select(tagged, store, sched, T0, tags=["bn"])] == ["x"]
    assert [p.card.id for p in select(deck, store, sched, T0, ids=["bn", "l2"])] == ["l2", "bn"]


def test_due_cards_come_first_then_new(store, deck):
    clock = Clock()
    s = session(select(deck, store, Scheduler(), T0, limit=2), store, clock)
    s.current()
    s.rate(1)  # l1: again -> due in minutes
    s.current()
    s.rate(4)  # l2: easy -> due in days
    clock.now = T0 + timedelta(hours=1)
    picks = select(deck, store, Scheduler(), clock.now)
    assert [(p.card.id, p.new) for p in picks] == [
        ("l1", False),
        ("dropout", True),
        ("bn", True),
    ]
    # cram takes everything, scheduled cards included
    assert {p.card.id for p in select(deck, store, Scheduler(), clock.now, cram=True)} == {
        "l1",
        "l2",
        "dropout",
        "bn",
    }


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_preview_is_exactly_what_is_stored(store, deck, rating):
    clock = Clock()
    # fuzzing on: the preview must still be what gets stored
    scheduler = Scheduler(0.9, fuzz=True)
    s = Session(select(deck, store, scheduler, T0), store, scheduler, clock=clock)
    for _ in range(3):  # walk the card through several reviews
        s.current()
        preview = s.previews()
        clock.now += timedelta(seconds=30)  # thinking time must not change the outcome
        answered = s.rate(rating)
        stored = json.loads(store.card_state(answered.card.id))
        assert stored == json.loads(json.dumps(preview[rating].state))
        assert answered.due == preview[rating].due
        assert store.query("SELECT due FROM cards WHERE card_id = ?", (answered.card.id,))[0][
            0
        ] == iso(preview[rating].due)
        clock.now = preview[rating].due + timedelta(days=1)
        s = Session(
            select(deck, store, scheduler, clock.now, ids=["l1"]), store, scheduler, clock=clock
        )


def test_previews_differ_by_rating_and_grow_with_success(store, deck):
    s = session(select(deck, store, Scheduler(), T0), store, Clock())
    s.current()
    intervals = [s.previews()[r].interval for r in (1, 2, 3, 4)]
    assert intervals == sorted(intervals) and intervals[0] < intervals[3]


def test_choice_and_typed_grading(store, deck):
    s = session(select(deck, store, Scheduler(), T0), store, Clock(), mode="choice", seed=1)
    q = s.current()
    right = next(i for i, o in enumerate(q.options) if o.correct)
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    assert s.check_choice(wrong) == 1
    assert s.check_choice(right) == 3
    s.rate(s.check_choice(right))
    assert store.reviews("l1")[0]["typed"] == "choice: correct"
    assert store.reviews("l1")[0]["mode"] == "choice"

    t = session(select(deck, store, Scheduler(), T0, ids=["l2"]), store, Clock(), mode="typed")
    result = t.check_typed("l2 alpha is true, and 丁戊己也是对的\nCharlie is right too")
    assert result.suggested == 4  # every point, stated
    t.rate(2)  # the learner overrides the suggestion
    log = store.reviews("l2")[0]
    assert (log["mode"], log["rating"], log["typed"]) == (
        "typed",
        2,
        "l2 alpha is true, and 丁戊己也是对的\nCharlie is right too",
    )


def test_choice_questions_are_asked_in_turn(store, deck):
    stems = []
    for i in range(3):
        clock = Clock(T0 + timedelta(minutes=i))
        s = session(
            select(deck, store, Scheduler(), clock(), ids=["l1"]), store, clock, mode="choice"
        )
        q = s.current()
        stems.append(q.options[0].choice)
        s.rate(s.check_choice(0))
    assert stems == [0, 1, 0]  # the card's two questions, one after the other


def test_wrong_mode_calls_are_refused(store, deck):
    s = session(select(deck, store, Scheduler(), T0), store, Clock(), mode="flash")
    with pytest.raises(RuntimeError, match="flash, not choice"):
        s.check_choice(0)
    with pytest.raises(ValueError, match="1..4"):
        s.rate(5)
    with pytest.raises(ValueError, match="unknown mode"):
        session([], store, Clock(), mode="speed")


def test_mixed_mode_is_seeded(deck, tmp_path):
    def modes(seed: int, name: str) -> list[str]:
        with Store.open(tmp_path / f"{name}.sqlite3") as db:
            s = session(select(deck, db, Scheduler(), T0), db, Clock(), mode="mixed", seed=seed)
            out = []
            while not s.done:
                out.append(s.current().mode)
                s.rate(3)
            return out

    assert modes(42, "a") == modes(42, "b")
    seen = {m for seed in range(8) for m in modes(seed, f"s{seed}")}
    assert seen == {"flash", "choice", "typed"}


def test_interrupted_session_keeps_what_was_answered(store, deck, tmp_path):
    s = session(select(deck, store, Scheduler(), T0), store, Clock())
    for rating in (3, 1):
        s.current()
        s.rate(rating)
    s.current()  # third card on screen, never answered: the session is abandoned here
    summary = s.summary()
    assert (summary.seen, summary.total, summary.correct) == (2, 4, 1)
    assert summary.ratings == {3: 1, 1: 1}
    # a separate connection sees both answers: each was committed when given
    with Store.open(tmp_path / "db.sqlite3") as other:
        assert [r["card_id"] for r in other.reviews()] == ["l1", "l2"]
        assert set(other.card_states()) == {"l1", "l2"}


def test_cram_logs_but_leaves_schedule_alone(store, deck):
    clock = Clock()
    s = session(select(deck, store, Scheduler(), T0, ids=["l1"]), store, clock)
    s.current()
    s.rate(3)
    before = store.card_state("l1")
    clock.now += timedelta(minutes=1)  # not due yet
    assert [p for p in select(deck, store, Scheduler(), clock.now) if not p.new] == []
    c = session(select(deck, store, Scheduler(), clock.now, cram=True), store, clock, cram=True)
    while not c.done:
        c.current()
        c.rate(1)
    assert store.card_state("l1") == before
    assert set(store.card_states()) == {"l1"}  # crammed new cards stay new
    assert [r["cram"] for r in store.reviews()] == [False, True, True, True, True]
    assert c.summary().next_due is None


def test_progress_survives_editing_the_card_text(store, deck):
    s = session(select(deck, store, Scheduler(), T0, ids=["l1"]), store, Clock())
    s.current()
    s.rate(3)
    edited = [make_card("l1", 1, question="A rewritten question about L1?")] + deck[1:]
    picks = select(edited, store, Scheduler(), T0 + timedelta(days=60))
    first = picks[0]
    assert first.card.id == "l1" and not first.new
    assert first.card.question.en == "A rewritten question about L1?"


def test_summary_dict(store, deck):
    s = session(select(deck, store, Scheduler(), T0, limit=1), store, Clock())
    s.current()
    s.rate(4)
    d = s.summary().to_dict()
    assert d["seen"] == 1 and d["correct"] == 1 and d["ratings"]["easy"] == 1
    assert d["cards"][0]["id"] == "l1" and d["next_due"] == d["cards"][0]["due"]


def test_stats_collect(store, deck):
    from datetime import timezone

    from quizzer.review.stats import collect

    clock = Clock()
    scheduler = Scheduler(0.9, fuzz=False)
    s = Session(select(deck, store, scheduler, T0, ids=["l1"]), store, scheduler, clock=clock)
    s.current()
    s.rate(4)  # graduates to the review state
    clock.now = T0 + timedelta(days=30)
    s = Session(
        select(deck, store, scheduler, clock.now, ids=["l1"]), store, scheduler, clock=clock
    )
    s.current()
    s.rate(1)  # forgotten: a lapse
    c = Session(select(deck, store, scheduler, clock.now, ids=["l2"], cram=True), store, scheduler,
                clock=clock, cram=True)  # fmt: skip
    c.current()
    c.rate(3)  # cram: logged, not scheduled
    store.record_attempt("l2", False, 0.5, "x.py", 1.0)
    store.record_review("gone", reviewed_at=T0, mode="flash", rating=3, duration=2.0,
                        new_state=json.loads(store.card_state("l1")))  # fmt: skip

    beijing = timezone(timedelta(hours=8))
    st = collect(store, deck, scheduler, clock.now, tz=beijing, days=7)
    by_id = {c.id: c for c in st.cards}
    assert [c.id for c in st.cards] == ["l1", "l2", "dropout", "bn", "gone"]
    assert by_id["gone"].number is None  # progress of a card no longer in the deck
    l1 = by_id["l1"]
    assert (l1.state, l1.reviews, l1.lapses) == ("relearning", 2, 1)
    assert 0 < l1.retrievability <= 1 and l1.due > clock.now
    assert (by_id["l2"].state, by_id["l2"].reviews, by_id["l2"].challenge) == (
        "new",
        1,
        "attempted",
    )
    assert by_id["dropout"].challenge == "not tried"
    assert (st.reviews, st.cram_reviews, st.scheduled_reviews, st.passed) == (4, 1, 3, 2)
    assert st.retention == pytest.approx(2 / 3)
    assert st.states() == {"new": 3, "learning": 0, "review": 0, "relearning": 2}
    assert [d for d, _ in st.forecast][0] == clock.now.astimezone(beijing).date()
    assert sum(n for _, n in st.forecast) == 2 and st.due_now == 0
    d = st.to_dict()
    assert d["reviews"] == 4 and len(d["cards"]) == 5 and d["retention"] == pytest.approx(2 / 3)
