"""``check --watch``: the loop (driven directly, no file watcher), the warm fork server, the screen."""

from __future__ import annotations

import io
import json
import re

import pytest
from typer.testing import CliRunner

from quizzer.challenges import solution_path
from quizzer.cli import app
from quizzer.grading.forkserver import FORK_SERVER
from quizzer.grading.path import ChallengeStatus
from quizzer.grading.report import CaseReport, Finding, Report
from quizzer.grading.runner import grade_submission
from quizzer.grading.watch import watch
from quizzer.render import console
from quizzer.render.report import print_report
from tests.submissions import NO_RESCALE, correct_file

runner = CliRunner()


# --------------------------------------------------------------------------- the loop
def test_the_loop_checks_once_then_once_per_save_and_returns_the_last_code():
    codes = iter([1, 1, 0])
    calls = []

    def check() -> int:
        calls.append(FORK_SERVER.get())
        return next(codes)

    assert watch(check, ["save", "save"], warm=False) == 0
    assert calls == [None, None, None]


def test_ctrl_c_ends_the_watch_quietly_and_the_server_is_closed():
    servers = []

    def changes():
        yield "save"
        raise KeyboardInterrupt

    def check() -> int:
        servers.append(FORK_SERVER.get())
        return 1

    assert watch(check, changes()) == 1
    assert len(servers) == 2 and servers[0] is servers[1]  # one server for the whole session
    server = servers[0]
    assert server is not None and not server.up  # closed at the end
    assert FORK_SERVER.get() is None  # and no longer the one sandboxes fork from


@pytest.mark.slow
def test_every_recheck_forks_a_fresh_worker_from_the_warm_server(tmp_path):
    """Real grading: each run passes or fails on its own file; workers come from the server."""
    path = correct_file(tmp_path)
    reports = []
    servers = []

    def check() -> int:
        servers.append(FORK_SERVER.get())
        report = grade_submission(path, "dropout", timing=False)
        reports.append(report)
        return report.exit_code

    def saves():
        path.write_text("# quizzer challenge: dropout\n" + NO_RESCALE)
        yield "save"
        path.write_text("# quizzer challenge: dropout\n" + solution_path("dropout").read_text())
        yield "save"

    assert watch(check, saves()) == 0
    assert [r.passed for r in reports] == [True, False, True]
    assert any(f.mistake == "dropout-no-rescale" for f in reports[1].diagnosis)
    assert servers[0].spawned >= 3  # every check's worker was forked, none started cold


# --------------------------------------------------------------------------- the screen
def _report(passed: bool) -> Report:
    tests = [
        CaseReport("mask holds 0 or 1/(1-p)", "pass", "", False, name_zh="掩码只取 0 或 1/(1-p)"),
        CaseReport(
            "E[out] equals x",
            "fail",
            "mean is off by 2x",
            False,
            "1.0",
            "0.5",
            name_zh="E[out] 等于 x",
            id="test_expectation",
        ),  # fmt: skip
        CaseReport("hidden check", "fail", "wrong", True, name_zh="隐藏检查"),
    ]
    if passed:
        tests = [CaseReport(t.name, "pass", "", t.hidden, name_zh=t.name_zh) for t in tests]
    diagnosis = [] if passed else [
        Finding("dropout-no-rescale", "Kept units are not rescaled", {"en": "Divide by 1 - p.",
                "zh": "要除以 1 - p。"}, "dropout", "保留的单元没有缩放")
    ]  # fmt: skip
    return Report("dropout", "dropout.py", tests, diagnosis)


def _status(challenge: str, number: int, with_hints: bool = False) -> ChallengeStatus:
    from quizzer.deck import load_deck

    return ChallengeStatus(challenge, challenge, number, None, "passed" if with_hints else "tried",
                           1, 1.0, None, 2 if with_hints else 0, with_hints,
                           load_deck([]).find(challenge))  # fmt: skip


def _screen(report, lang="en", **kwargs) -> str:
    out = io.StringIO()
    print_report(report, lang, console(file=out, width=100, terminal=True), **kwargs)
    return re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # colours off; other controls kept


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_watching_clears_the_screen_and_puts_score_first_failure_and_diagnosis_on_top(lang):
    screen = _screen(_report(False), lang, watching=True)
    assert screen.startswith("\x1b[2J\x1b[H")  # cleared, cursor home
    lines = [line for line in screen.split("\x1b[H", 1)[1].splitlines() if line.strip()]
    score, first_failure = lines[0], lines[1]
    assert ("Score: 1/3" if lang == "en" else "得分：1/3") in score
    wanted = (
        "First failing test: E[out] equals x"
        if lang == "en"
        else "第一个未通过的测试：E[out] 等于 x"
    )
    assert wanted in first_failure
    assert "mean is off by 2x" in lines[2]
    diagnosis = next(i for i, line in enumerate(lines) if "no-rescale" in line)
    table = next(i for i, line in enumerate(lines) if "hidden check" in line or "隐藏检查" in line)
    assert diagnosis < table  # the diagnosis comes before the details
    assert "run the check again" not in screen and "再检查一次" not in screen
    fix = "Fix it and save" if lang == "en" else "改好后保存"
    assert fix in screen
    assert ("watching dropout.py" if lang == "en" else "正在监视 dropout.py") in lines[-1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_watching_a_pass_says_what_is_next(lang):
    screen = _screen(_report(True), lang, watching=True, upcoming=_status("l1", 2))
    wanted = "Next: l1 (card 2)" if lang == "en" else "下一个：l1（卡片 2）"
    assert wanted in screen
    assert "run the check again" not in screen and "First failing" not in screen
    done = _screen(_report(True), lang, watching=True, upcoming=None)
    assert ("every challenge is passed" if lang == "en" else "所有挑战都已通过") in done


def test_without_watch_nothing_is_cleared_and_the_advice_is_unchanged():
    screen = _screen(_report(False))
    assert "\x1b[2J" not in screen and "run the check again" in screen
    passed = _screen(_report(True), mine=_status("dropout", 5, with_hints=True))
    assert "PASSED · with hints (2 of 3)" in passed


def test_watch_through_the_cli_reports_each_save_on_a_fresh_screen(tmp_path, monkeypatch):
    import quizzer.grading.runner as runner_module

    path = correct_file(tmp_path)
    monkeypatch.setattr(runner_module, "watch_changes", lambda file: iter(["save"]))
    result = runner.invoke(app, ["check", str(path), "--watch"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Score: ") == 2 and result.stdout.count("watching ") == 2
    assert "run the check again" not in result.stdout
    assert "Next: regularization (card 1)" in result.stdout  # dropout passed: what comes next
    lines = runner.invoke(app, ["check", str(path), "--watch", "--json"]).stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["passed"] for line in lines)
