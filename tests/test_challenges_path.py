"""The challenges as a path: challenges, next, hint; the hints on the cards; the store's hint log."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizzer.challenges import CHALLENGES, solution_path
from quizzer.cli import app
from quizzer.deck import load_deck
from quizzer.grading import path as path_mod
from quizzer.review.store import Store

runner = CliRunner()
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
CARD_ORDER = [c.challenge for c in sorted(load_deck([]), key=lambda c: c.number) if c.challenge]


def invoke(*args: str, **kwargs):
    result = runner.invoke(app, list(args), **kwargs)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def record(challenge: str, passed: bool, score: float, when: datetime | None = None) -> None:
    with Store.open() as store:
        if when is None:
            store.record_attempt(challenge, passed, score, f"{challenge}.py", 0.5)
        else:  # an attempt at a given time, through the import path
            attempt = {"challenge": challenge, "attempted_at": when.isoformat(), "passed": passed,
                       "score": score, "file": "x.py", "seconds": 0.5}  # fmt: skip
            store.merge([], [], [attempt])


def statuses() -> dict[str, path_mod.ChallengeStatus]:
    return {row.challenge: row for row in path_mod.load_statuses()}


# --------------------------------------------------------------------------- hints on the cards
@pytest.mark.parametrize("card", [c for c in load_deck([]) if c.challenge], ids=lambda c: c.id)
def test_every_challenge_card_has_three_progressive_hints_in_both_languages(card):
    assert len(card.hints) >= 3
    for hint in card.hints:
        assert hint.en.strip() and hint.zh.strip()
        assert CJK.search(hint.zh) and not CJK.search(hint.en)
    assert "shape of the code" in card.hints[-1].en.lower()  # level 3: the shape of the code
    assert "代码的骨架" in card.hints[-1].zh


@pytest.mark.parametrize("challenge", list(CHALLENGES))
def test_no_hint_gives_the_solution_away(challenge):
    """No function written out, no return statement, no whole line of the reference's code."""
    card = path_mod.cards_by_challenge(load_deck([]))[challenge]
    body_lines = {
        line.strip()
        for line in solution_path(challenge).read_text().splitlines()
        if len(line.strip()) > 25 and not line.strip().startswith(("#", '"', "raise", "Card:"))
    }
    for hint in card.hints:
        for text in (hint.en, hint.zh):
            assert not re.search(r"def \w+\(", text)  # no function written out
            code = re.findall(r"`([^`]*)`", text)
            assert not [span for span in code if re.search(r"\breturn\b", span)]
            assert not [line for line in body_lines if line in text], challenge


def test_hints_on_a_card_without_a_challenge_are_an_error():
    from quizzer.schema import check_card

    problems = dict(check_card({"challenge": None, "hints": [{"en": "a", "zh": "b"}] * 3}))
    assert problems[("hints",)] == "hints belong to a challenge, and challenge is null"


# --------------------------------------------------------------------------- store
def test_the_hint_log_needs_no_migration_and_keeps_every_hint(tmp_path):
    with Store.open(tmp_path / "q.sqlite3") as store:
        version = store.schema_version
        assert store.hints_shown() == {}  # reading creates nothing
        assert not store.query("SELECT name FROM sqlite_master WHERE name = 'hints'")
        store.record_hint("dropout", 1)
        store.record_hint("dropout", 2)
        store.record_hint("l1", 1)
        shown = store.hints_shown()
        assert store.schema_version == version
    assert [level for level, _ in shown["dropout"]] == [1, 2] and len(shown["l1"]) == 1
    with Store.open(tmp_path / "q.sqlite3") as store:  # and it survives reopening
        assert len(store.hints_shown()["dropout"]) == 2


# --------------------------------------------------------------------------- statuses
def test_status_attempts_best_score_last_check_and_passed_with_hints():
    t0 = datetime(2026, 1, 1, 12, tzinfo=UTC)
    record("l1", False, 0.25, t0)
    record("l1", False, 0.75, t0 + timedelta(minutes=5))
    record("dropout", False, 0.5, t0)
    record("dropout", True, 1.0, t0 + timedelta(minutes=1))
    with Store.open() as store:
        store.record_hint("dropout", 1)  # after its pass: still a plain pass
        store.record_hint("l2", 1)
    record("l2", True, 1.0)  # after a hint: passed with hints
    rows = statuses()
    assert [r.challenge for r in path_mod.load_statuses()] == CARD_ORDER
    assert rows["l1"].status == "tried" and rows["l1"].attempts == 2
    assert rows["l1"].best_score == 0.75
    assert rows["l1"].last_check == (t0 + timedelta(minutes=5)).isoformat(timespec="microseconds")
    assert rows["dropout"].status == "passed" and not rows["dropout"].with_hints
    assert rows["l2"].status == "passed" and rows["l2"].with_hints and rows["l2"].hints_shown == 1
    assert rows["batchnorm"].status == "untried" and rows["batchnorm"].best_score is None
    nxt = path_mod.next_challenge(path_mod.load_statuses())
    assert nxt.challenge == "regularization"


def test_challenges_cli_in_both_languages_and_json():
    record("regularization", True, 1.0)
    record("l1", False, 0.5)
    en = invoke("challenges", "--lang", "en", env={"COLUMNS": "120"})
    assert en.exit_code == 0, en.stderr
    for word in ("Challenges", "regularization", "passed", "tried", "untried", "50%", "100%"):
        assert word in en.stdout
    assert "1 of 11 passed · 1 tried · 9 untried" in en.stdout
    assert "Next: l1 (card 2). `quizzer next` writes its starter file." in en.stdout
    zh = invoke("challenges", "--lang", "zh", env={"COLUMNS": "120"})
    for word in ("编程挑战", "已通过", "尝试过", "未开始", "已通过 1/11", "下一个：l1（卡片 2）"):
        assert word in zh.stdout
    data = json.loads(invoke("challenges", "--json").stdout)
    assert [row["challenge"] for row in data] == CARD_ORDER
    first = data[0]
    assert first["status"] == "passed" and first["attempts"] == 1 and first["best_score"] == 1.0
    assert first["with_hints"] is False and first["hints_total"] == 3 and first["last_check"]
    assert data[1]["status"] == "tried" and data[2]["status"] == "untried"


@pytest.mark.parametrize("width", [50, 70, 90, 130])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_challenge_ids_never_wrap(width, lang):
    out = invoke("challenges", "--lang", lang, env={"COLUMNS": str(width)}).stdout
    for challenge in CHALLENGES:
        assert re.search(rf"(^|\s){re.escape(challenge)}(\s|$)", out, re.M), (challenge, out)
    assert "…" not in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width


def test_when_every_challenge_is_passed():
    for challenge in CHALLENGES:
        record(challenge, True, 1.0)
    assert "Every challenge passed" in invoke("challenges").stdout
    assert "所有挑战都已通过" in invoke("challenges", "--lang", "zh").stdout
    assert json.loads(invoke("next", "--json").stdout) == {"challenge": None}
    assert "Every challenge passed" in invoke("next").stdout


# --------------------------------------------------------------------------- next
def test_next_writes_the_first_unpassed_starter_and_never_overwrites(tmp_path):
    result = invoke("next", "--dir", str(tmp_path), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    starter = tmp_path / "regularization.py"
    assert starter.read_text().startswith("# quizzer challenge: regularization")
    assert (
        f"#     quizzer hint {starter}" in starter.read_text()
    )  # the starter says how to get help
    assert "Next challenge: card 1" in result.stdout and "Wrote" in result.stdout
    starter.write_text("# quizzer challenge: regularization\n# my work\n")
    again = invoke("next", "--dir", str(tmp_path), "--lang", "zh", env={"COLUMNS": "200"})
    assert again.exit_code == 0
    assert "已经存在" in again.stdout and "下一个挑战：卡片 1" in again.stdout
    assert "# my work" in starter.read_text()  # left alone
    data = json.loads(invoke("next", "--dir", str(tmp_path), "--json").stdout)
    assert data == {"challenge": "regularization", "card": "regularization",
                    "file": str(starter), "written": False}  # fmt: skip
    record("regularization", True, 1.0)
    data = json.loads(invoke("next", "--dir", str(tmp_path), "--json", "--lang", "zh").stdout)
    assert data["challenge"] == "l1" and data["written"]
    assert "请实现" in (tmp_path / "l1.py").read_text()  # the starter in Chinese
    forced = invoke("next", "--dir", str(tmp_path), "--force")
    assert forced.exit_code == 0 and "Wrote" in forced.stdout


def test_a_tried_challenge_is_still_next():
    record("regularization", False, 0.9)
    assert path_mod.next_challenge(path_mod.load_statuses()).challenge == "regularization"


# --------------------------------------------------------------------------- hint
def test_hints_come_one_level_at_a_time_and_are_recorded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("drill", "dropout")
    card = load_deck([]).find("dropout")
    first = invoke("hint", "dropout.py", env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.stderr
    assert "Hint 1 of 3" in first.stdout and card.hints[0].en[:40] in first.stdout
    assert "Hint 2 of 3" not in first.stdout
    assert "`quizzer hint dropout.py` shows hint 2" in first.stdout
    second = invoke("hint", "dropout", "--lang", "zh", env={"COLUMNS": "200"})
    assert "提示 1/3" in second.stdout and "提示 2/3" in second.stdout  # the earlier one stays
    assert card.hints[1].zh[:20] in second.stdout and "第 3 条提示" in second.stdout
    third = json.loads(invoke("hint", "5", "--json").stdout)  # by card number
    assert third["level"] == 3 and third["total"] == 3 and len(third["hints"]) == 3
    last = invoke("hint", "dropout", env={"COLUMNS": "200"})
    assert "That was the last hint" in last.stdout
    assert "这是最后一条提示" in invoke("hint", "dropout", "-l", "zh").stdout
    with Store.open() as store:
        assert [level for level, _ in store.hints_shown()["dropout"]] == [1, 2, 3, 3, 3]
    again = json.loads(invoke("hint", "dropout", "--level", "1", "--json").stdout)
    assert again["level"] == 1 and len(again["hints"]) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hint_errors_are_clear(tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    bad_level = invoke("hint", "dropout", "--level", "4", "--lang", lang)
    assert bad_level.exit_code == 2
    wanted = "--level must be from 1 to 3" if lang == "en" else "--level 必须在 1 到 3 之间"
    assert wanted in " ".join(bad_level.stderr.split())
    assert invoke("hint", "nosuch", "--lang", lang).exit_code == 2
    missing = invoke("hint", "gone.py", "--lang", lang)
    assert missing.exit_code == 2 and "gone.py" in missing.stderr
    with Store.open() as store:
        assert store.hints_shown() == {}  # nothing recorded for a refused request


def test_a_hint_for_an_extra_decks_card_without_hints(tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    text = (Path(load_deck([]).find("dropout").source)).read_text()
    text = re.sub(r"\nhints:\n(  .*\n)+", "\n", text).replace("id: dropout", "id: my-dropout")
    text = text.replace("number: 5", "number: 12")
    (deck / "mine.yaml").write_text(text)
    result = invoke("hint", "my-dropout", "--deck", str(deck))
    assert result.exit_code == 0, result.stderr  # the bundled card of that challenge has hints
    assert "Hint 1 of 3 · dropout" in result.stdout


def test_a_pass_after_a_hint_says_so_in_check(tmp_path, monkeypatch):
    path = tmp_path / "dropout.py"
    path.write_text("# quizzer challenge: dropout\n" + solution_path("dropout").read_text())
    invoke("hint", "dropout")
    result = invoke("check", str(path), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "PASSED · with hints (1 of 3)" in result.stdout
    zh = invoke("check", str(path), "--lang", "zh", env={"COLUMNS": "200"})
    assert "通过 · 借助提示（1/3）" in zh.stdout
    assert "借助提示通过" in invoke("challenges", "--lang", "zh", env={"COLUMNS": "200"}).stdout
    assert json.loads(invoke("check", str(path), "--json").stdout)["with_hints"] is True

    monkeypatch.setenv("QUIZZER_HOME", str(tmp_path / "other-home"))  # pass first, hint after
    assert json.loads(invoke("check", str(path), "--json").stdout)["with_hints"] is False
    invoke("hint", "dropout")
    data = json.loads(invoke("check", str(path), "--json").stdout)
    assert data["passed"] and data["with_hints"] is False and data["hints_shown"] == 1
    assert "with hints" not in invoke("check", str(path), env={"COLUMNS": "200"}).stdout


@pytest.mark.parametrize("args", [["challenges"], ["hint", "dropout"], ["challenges", "--json"]])
def test_the_path_needs_no_numpy_and_no_grader(args, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizzer", *args],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert not imported & {"numpy", "quizzer.grading.runner", "quizzer.grading.sandbox"}
