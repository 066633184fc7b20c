from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from quizzer.review.schedule import Scheduler, format_interval, parse_rating

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, rating",
    [
        ("1", 1),
        ("4", 4),
        (" 3 ", 3),
        ("again", 1),
        ("Hard", 2),
        ("g", 3),
        ("e", 4),
        ("", None),
        ("5", None),
        ("x", None),
    ],
)
def test_parse_rating(text, rating):
    assert parse_rating(text) == rating


@pytest.mark.parametrize(
    "delta, text",
    [
        (timedelta(seconds=5), "<1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=730), "2.0y"),
    ],
)
def test_format_interval(delta, text):
    assert format_interval(delta) == text


def test_retention_is_validated():
    with pytest.raises(ValueError, match="between 0.70 and 0.99"):
        Scheduler(1.5)
    with pytest.raises(ValueError, match="between"):
        Scheduler(0.5)


def test_new_card_first_ratings():
    s = Scheduler(fuzz=False)
    out = s.preview(s.new_card("dropout", T0), T0)
    # learning steps for a new card: again/hard/good stay short, easy graduates to days
    assert out[1].interval <= timedelta(minutes=10)
    assert out[3].interval <= timedelta(hours=1)
    assert out[4].interval >= timedelta(days=1)
    assert all(o.reviewed_at == T0 and o.due.tzinfo is not None for o in out.values())


def test_higher_retention_means_shorter_intervals():
    def review_interval(retention: float) -> timedelta:
        s = Scheduler(retention, fuzz=False)
        card = s.load(s.preview(s.new_card("l1", T0), T0)[4].state)  # graduated
        later = card.due + timedelta(hours=1)
        return s.preview(card, later)[3].interval

    assert review_interval(0.95) < review_interval(0.9) < review_interval(0.8)


def test_times_are_utc():
    s = Scheduler()
    with pytest.raises(ValueError, match="naive"):
        s.preview(s.new_card("l1", T0), datetime(2026, 1, 1))
    # an aware non-UTC time is converted, not refused
    beijing = T0.astimezone(timezone(timedelta(hours=8)))
    out = s.preview(s.new_card("l1", T0), beijing)
    assert out[3].reviewed_at.utcoffset() == timedelta(0) and out[3].reviewed_at == T0


def test_state_round_trips_and_retrievability():
    s = Scheduler(fuzz=False)
    assert s.retrievability(s.new_card("l1", T0), T0) is None
    state = s.preview(s.new_card("l1", T0), T0)[4].state
    card = s.load(state)
    assert card.to_dict() == state
    fresh = s.retrievability(card, T0)
    later = s.retrievability(card, T0 + timedelta(days=60))
    assert fresh == pytest.approx(1.0) and 0 < later < fresh
