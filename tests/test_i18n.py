"""The interface string table: complete, consistent, used; and the helpers built on it."""

from __future__ import annotations

import re
import string
from datetime import timedelta
from pathlib import Path

import pytest

import quizzer
from quizzer.i18n import TEXTS, challenges, review, t
from quizzer.review.schedule import format_interval

PACKAGE = Path(quizzer.__file__).parent
TABLES = PACKAGE / "i18n"
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    entry = TEXTS[key]
    assert set(entry) == {"en", "zh"}
    assert entry["en"].strip() and entry["zh"].strip()
    assert _fields(entry["en"]) == _fields(entry["zh"]), key
    assert entry["zh"] != entry["en"], f"{key}: not translated"
    assert CJK.search(entry["zh"]), f"{key}: no Chinese in {entry['zh']!r}"
    assert not CJK.search(entry["en"]), f"{key}: Chinese in the English text"


def test_no_key_is_unused():
    """One source of truth, no dead strings: each key is looked up somewhere in the package."""
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if TABLES not in path.parents
    )
    unused = [key for key in TEXTS if f'"{key}"' not in sources and f"'{key}'" not in sources]
    assert not unused, f"keys no module uses: {unused}"


def test_no_key_is_in_both_tables():
    """``TEXTS`` merges the two tables: a key in both would silently lose one of its texts."""
    assert not review.TEXTS.keys() & challenges.TEXTS.keys()
    assert len(TEXTS) == len(review.TEXTS) + len(challenges.TEXTS)


def test_t_fills_placeholders_and_falls_back_to_english():
    assert t("quiz.suggested", "en", n=3, name="good") == "suggested: 3 good"
    assert t("quiz.suggested", "zh", n=3, name="良好") == "建议评分：3 良好"
    assert t("rating.good", "fr") == "good"
    with pytest.raises(KeyError):
        t("no.such.key", "en")
    with pytest.raises(KeyError):  # a forgotten placeholder is an error, not "{n}" on screen
        t("quiz.choose", "zh")


def test_anki_button_names_and_statuses():
    assert [t(f"rating.{k}", "zh") for k in ("again", "hard", "good", "easy")] == [
        "重来", "困难", "良好", "简单",
    ]  # fmt: skip
    statuses = ("pass", "fail", "error", "timeout", "crash")
    assert [t(f"status.{s}", "zh") for s in statuses] == ["通过", "失败", "出错", "超时", "崩溃"]
    assert [t(f"status.{s}", "en") for s in statuses] == list(statuses)  # the JSON words


DELTAS = [timedelta(seconds=s) for s in (0, 59, 60, 600, 3599, 3600, 7200, 86400, 3 * 86400)]
DELTAS += [timedelta(days=d) for d in (29, 30, 45, 200, 364, 365, 800)]


@pytest.mark.parametrize("delta", DELTAS)
def test_intervals_in_english_are_the_schedulers_and_in_chinese_carry_chinese_units(delta):
    from quizzer.render.quiz import interval

    assert interval(delta, "en") == format_interval(delta)
    zh = interval(delta, "zh")
    number = re.match(r"<?[\d.]+", format_interval(delta))[0]
    assert zh.startswith(number) and zh[len(number) :] in {"分钟", "小时", "天", "个月", "年"}


@pytest.mark.parametrize(
    ("typed", "rating"),
    [("1", 1), ("4", 4), ("good", 3), ("e", 4), ("重来", 1), ("困难", 2), (" 良好 ", 3),
     ("简单", 4), ("良", 3), ("重", 1), ("", None), ("5", None), ("好", None), ("maybe", None)],
)  # fmt: skip
def test_the_rating_prompt_takes_digits_english_or_chinese_button_names(typed, rating):
    from quizzer.render.quiz import read_rating

    assert read_rating(typed) == rating


def test_durations_in_both_languages():
    from quizzer.render.quiz import duration

    assert [duration(s) for s in (7, 65, 3720)] == ["7s", "1m 05s", "1h 02m"]
    assert [duration(s, "zh") for s in (7, 65, 3720)] == ["7秒", "1分05秒", "1小时02分"]


def _suite_names():
    from quizzer.challenges import CHALLENGES
    from quizzer.suites import cases, mistakes

    for challenge in CHALLENGES:
        for c in cases(challenge):
            yield pytest.param(c.name, c.name_zh, id=f"test:{challenge}:{c.id}")
        for m in mistakes(challenge):
            yield pytest.param(m.name, m.name_zh, id=f"mistake:{m.id}")


@pytest.mark.parametrize(("english", "chinese"), list(_suite_names()))
def test_every_suite_test_and_mistake_is_named_in_both_languages(english, chinese):
    """``check --lang zh`` shows test and mistake names in Chinese: none may be missing."""
    assert english.strip() and not CJK.search(english)
    assert chinese and chinese.strip() and CJK.search(chinese), f"no Chinese name for {english!r}"
