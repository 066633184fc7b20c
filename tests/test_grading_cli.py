"""drill, check, solution through the CLI; the starter generator; the report rendering."""

from __future__ import annotations

import ast
import inspect
import io
import json
import re
import threading
import time

import pytest
from typer.testing import CliRunner

from quizzer.challenges import CHALLENGES, load_file_module, module_name, reference, solution_path
from quizzer.cli import app
from quizzer.grading.process import Limits
from quizzer.grading.report import CaseReport, Finding, Report
from quizzer.grading.runner import GradingError, challenge_for_file, grade_submission, watch_changes
from quizzer.grading.starter import starter_source, write_starter
from quizzer.grading.timing import Timing
from quizzer.render import console
from quizzer.render.report import report_renderables
from tests.submissions import NO_RESCALE, correct_file

runner = CliRunner()
READY = [c for c in CHALLENGES if solution_path(c).exists()]


# --------------------------------------------------------------------------- starter
@pytest.mark.parametrize("challenge", READY)
def test_the_starter_has_the_reference_signatures_and_docstrings(challenge, tmp_path):
    path = write_starter(challenge, tmp_path)
    text = path.read_text()
    assert text.splitlines()[0] == f"# quizzer challenge: {challenge}"
    assert f"quizzer check {path}" in text
    ast.parse(text)
    stub = load_file_module(path, f"starter_{module_name(challenge)}_{id(path)}")
    ref = reference(challenge)
    for name in CHALLENGES[challenge]:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(ref, name))
        assert inspect.getdoc(getattr(stub, name)) == inspect.getdoc(getattr(ref, name))
        with pytest.raises(NotImplementedError):
            getattr(stub, name)(*[None] * len(inspect.signature(getattr(ref, name)).parameters))
    assert inspect.getdoc(stub) == inspect.getdoc(ref)


def test_the_starter_shows_the_visible_examples():
    text = starter_source("dropout")
    assert "# Worked examples" in text
    assert "#     >>> dropout_backward(" in text
    assert "辅助" not in text and "示例" in starter_source("dropout", lang="zh")


def test_the_graded_starter_fails_every_test(tmp_path):
    report = grade_submission(write_starter("dropout", tmp_path), "dropout", timing=False)
    assert report.passed_count == 0 and report.tests
    assert all("NotImplementedError" in t.message for t in report.tests)


# --------------------------------------------------------------------------- drill
def test_drill_writes_a_starter_and_never_overwrites(tmp_path):
    result = runner.invoke(app, ["drill", "dropout", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "dropout.py"
    assert path.read_text().startswith("# quizzer challenge: dropout\n")
    assert "quizzer check" in result.stdout
    path.write_text("# my work\n")
    again = runner.invoke(app, ["drill", "dropout", "--dir", str(tmp_path)])
    assert again.exit_code == 2
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    assert path.read_text() == "# my work\n"
    forced = runner.invoke(app, ["drill", "dropout", "--dir", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert path.read_text().startswith("# quizzer challenge: dropout")


def test_drill_where_it_cannot_write_is_one_plain_line(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    (tmp_path / "taken" / "dropout.py").mkdir(parents=True)
    for args, needle in [
        (["--dir", str(a_file)], "is a file, not a folder"),
        (["--dir", str(tmp_path / "taken"), "--force"], "is a folder"),
    ]:
        result = runner.invoke(app, ["drill", "dropout", *args])
        message = " ".join(result.stderr.split())
        assert result.exit_code == 2 and needle in message and "Errno" not in message, message
    assert a_file.read_text() == "mine"


def test_drill_refuses_an_unknown_card(tmp_path):
    result = runner.invoke(app, ["drill", "no-such-card", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "no-such-card" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- check
def test_check_passes_a_correct_file_and_records_it(tmp_path):
    path = correct_file(tmp_path)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout
    from quizzer.review.store import Store

    with Store.open() as store:
        attempts = store.attempts("dropout")
    assert len(attempts) == 1 and attempts[0]["passed"] and attempts[0]["score"] == 1.0


def test_check_json_has_the_documented_fields(tmp_path):
    path = tmp_path / "attempt.py"
    path.write_text(NO_RESCALE)
    result = runner.invoke(app, ["check", str(path), "--challenge", "dropout", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["challenge"] == "dropout" and data["passed"] is False
    assert 0 <= data["score"] < 1
    assert {"name", "status", "message", "hidden"} <= set(data["tests"][0])
    assert all(t["expected"] is None and t["got"] is None for t in data["tests"] if t["hidden"])
    assert [d["mistake"] for d in data["diagnosis"]] == ["dropout-no-rescale"]
    assert data["diagnosis"][0]["explanation"]
    assert {t["function"] for t in data["timing"]} == {"dropout_forward", "dropout_backward"}


def test_check_explains_in_chinese(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text(NO_RESCALE)
    result = runner.invoke(app, ["check", str(path), "--json", "--lang", "zh"])
    data = json.loads(result.stdout)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["diagnosis"][0]["explanation"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "missing.py"], "no such file"),
        (["check", "{file}", "--challenge", "nope"], "no challenge 'nope'"),
        (["check", "{other}"], "cannot tell which challenge"),
        (["check", "{file}", "--timeout", "0"], "--timeout"),
    ],
)
def test_check_usage_errors_exit_2_without_traceback(tmp_path, args, needle):
    file = correct_file(tmp_path)
    other = tmp_path / "notes.py"
    other.write_text("x = 1\n")
    args = [a.format(file=file, other=other) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert needle in result.stderr and "Traceback" not in result.stderr


def test_the_challenge_comes_from_option_header_or_file_name(tmp_path):
    header = tmp_path / "mine.py"
    header.write_text("# quizzer challenge: l1-sparsity\nimport numpy\n")
    named = tmp_path / "l1_sparsity.py"
    named.write_text("import numpy\n")
    assert challenge_for_file(header) == "l1-sparsity"
    assert challenge_for_file(named) == "l1-sparsity"
    assert challenge_for_file(named, "dropout") == "dropout"
    with pytest.raises(GradingError):
        challenge_for_file(tmp_path / "x.py")


def test_check_a_syntax_error_is_a_failure_with_its_line(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text("def dropout_forward(x, p, rng, training=True):\n    return (x\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "line 2" in result.stdout and "Traceback" not in result.stdout + result.stderr


# --------------------------------------------------------------------------- solution
def test_solution_is_shown_only_after_a_pass_or_with_reveal(tmp_path):
    locked = runner.invoke(app, ["solution", "dropout"])
    assert locked.exit_code == 1 and "--reveal" in locked.stderr
    revealed = runner.invoke(app, ["solution", "dropout", "--reveal"])
    assert revealed.exit_code == 0 and "def dropout_forward" in revealed.stdout
    assert runner.invoke(app, ["check", str(correct_file(tmp_path))]).exit_code == 0
    unlocked = runner.invoke(app, ["solution", "dropout"])
    assert unlocked.exit_code == 0 and "def dropout_backward" in unlocked.stdout


# --------------------------------------------------------------------------- watch
def test_watch_yields_when_the_file_is_saved(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text("x = 1\n")
    stop, seen = threading.Event(), []

    def watch():
        for _ in watch_changes(path, stop_event=stop, debounce_ms=50):
            seen.append(path.read_text())
            stop.set()

    thread = threading.Thread(target=watch)
    thread.start()
    time.sleep(0.5)
    (tmp_path / "other.py").write_text("ignored\n")
    path.write_text("x = 2\n")
    thread.join(timeout=10)
    stop.set()
    assert seen == ["x = 2\n"]


# --------------------------------------------------------------------------- rendering
def render(report, lang="en") -> str:
    out = io.StringIO()
    screen = console(file=out, width=80)
    for part in report_renderables(report, lang):
        screen.print(part)
    return out.getvalue()


def test_the_report_hides_hidden_inputs_and_shows_visible_diffs():
    report = Report(
        "dropout",
        "dropout.py",
        [
            CaseReport("visible one", "fail", "out is wrong", False, "[1, 2]", "[0, 0]"),
            CaseReport("hidden one", "fail", "E[out] is off", True),
            CaseReport("fine", "pass", "", True),
        ],
        diagnosis=[
            Finding(
                "dropout-no-rescale",
                "Forgot 1/(1-p)",
                {"en": "Divide by 1-p.", "zh": "除以 1-p。"},
                "dropout",
            )
        ],
        timing=[
            Timing("dropout_backward", 1.0, 0.01, 100.0, "slow", "100x slower: vectorise this loop")
        ],
        output="hello from the learner\n",
        output_bytes=23,
    )
    text = " ".join(render(report).split())  # table cells wrap at 80 columns
    assert "expected: [1, 2]" in text and "got: [0, 0]" in text
    assert "hidden one (hidden)" in text and "E[out] is off" in text
    assert "Score: 1/3" in text and "FAILED" in text
    assert "dropout-no-rescale" in text and "quizzer show dropout" in text
    assert "vectorise this loop" in text and "100.0x" in text
    assert "hello from the learner" in text
    assert "除以 1-p" in render(report, "zh")


def test_test_and_mistake_names_follow_the_language():
    report = Report(
        "dropout",
        "dropout.py",
        [
            CaseReport(
                "eval mode is the identity",
                "fail",
                "out != x",
                False,
                name_zh="推理模式下输出等于输入",
            )
        ],
        diagnosis=[
            Finding(
                "dropout-no-rescale",
                "Forgot 1/(1-p)",
                {"en": "Divide by 1-p.", "zh": "除以 1-p。"},
                "dropout",
                "忘了乘 1/(1-p)",
            )
        ],
    )
    english, chinese = render(report), render(report, "zh")
    assert "eval mode is the identity" in english and "Forgot 1/(1-p)" in english
    assert "推理模式下输出等于输入" not in english
    assert "推理模式下输出等于输入" in chinese and "忘了乘 1/(1-p)" in chinese
    assert "eval mode is the identity" not in chinese
    as_json = report.to_dict("zh")
    assert as_json["tests"][0]["name"] == "推理模式下输出等于输入"
    assert "name_zh" not in as_json["tests"][0]
    assert list(as_json["tests"][0])[0] == "id"
    assert as_json["diagnosis"][0]["name"] == "忘了乘 1/(1-p)"
    assert report.to_dict("en")["tests"][0]["name"] == "eval mode is the identity"
    untranslated = CaseReport("only english", "pass", "", True)
    assert untranslated.to_dict("zh")["name"] == "only english"


def test_a_passing_report_points_to_the_solution():
    report = Report("l1", "l1.py", [CaseReport("a", "pass", "", False)], limits=Limits())
    text = render(report)
    assert "PASSED" in text and "quizzer solution l1" in text
    assert report.to_dict()["score"] == 1.0 and report.exit_code == 0


def test_failures_sharing_a_message_share_a_row_and_passes_fold_into_one():
    todo = "NotImplementedError: implement dropout_forward (line 48)"
    report = Report(
        "dropout",
        "dropout.py",
        [CaseReport(f"case {i}", "error", todo, i > 0) for i in range(5)]
        + [CaseReport("the odd one", "fail", "out is wrong", True)]
        + [CaseReport(f"fine {i}", "pass", "", True) for i in range(7)],
    )
    text = " ".join(render(report).split())
    assert text.count("implement dropout_forward") == 1
    assert "5 tests (4 hidden)" in text
    assert "the odd one (hidden)" in text and "out is wrong" in text
    assert "the other 7 tests pass" in text and "fine 3" not in text
    assert "Score: 7/13" in text
    assert "其余 7 个测试通过" in render(report, "zh")


def test_a_file_that_does_not_load_is_explained_once(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text("def dropout_forward(x, p, rng, training=True)\n    return x, x\n")
    report = grade_submission(path, "dropout", Limits(timeout=5))
    text = " ".join(render(report).split())
    assert text.count("expected ':'") == 1  # the panel, not one row per test
    assert "Score: 0/" in text


def test_a_misspelt_function_name_is_pointed_out(tmp_path):
    path = correct_file(tmp_path)
    path.write_text(path.read_text().replace("def dropout_backward(", "def dropout_backwards("))
    report = grade_submission(path, "dropout", Limits(timeout=5))
    assert report.hints == {"dropout_backward": "dropout_backwards"}
    text = " ".join(render(report).split())
    assert "Missing functions: dropout_backward (your file defines dropout_backwards" in text
    failing = [t for t in report.tests if not t.passed]
    assert failing and all("dropout_backwards" in t.message for t in failing)


def test_an_unimplemented_starter_shows_no_speed_table(tmp_path):
    path = write_starter("dropout", tmp_path)
    report = grade_submission(path, "dropout", Limits(timeout=5))
    text = render(report)
    assert "Speed on the standard input" not in text
    assert text.count("NotImplementedError") == 2  # one row per function


def test_a_function_that_timed_out_in_the_tests_is_not_timed_again(tmp_path):
    path = correct_file(tmp_path)
    source = path.read_text().replace(
        "def dropout_forward(x, p, rng, training=True):",
        "def dropout_forward(x, p, rng, training=True):\n    while True:\n        pass",
        1,
    )
    assert source != path.read_text()
    path.write_text(source)
    report = grade_submission(path, "dropout", Limits(timeout=0.5))
    timing = {t.function: t for t in report.timing}
    assert timing["dropout_forward"].status == "skipped"
    assert "vectorise" not in timing["dropout_forward"].note
    assert timing["dropout_backward"].status == "ok"


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("drill", "quizzer drill 7 --dir ~/practice"),
        ("check", "quizzer check dropout.py --watch"),
        ("solution", "quizzer solution 7 --reveal"),
    ],
)
def test_help_teaches_with_examples(command, example):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = [line.strip(" │") for line in result.stdout.splitlines()]
    assert "Examples:" in lines
    assert any(line.startswith(example) for line in lines), result.stdout  # one per line


def test_watch_with_json_prints_one_json_object_per_line(tmp_path, monkeypatch):
    import quizzer.grading.runner as runner_module

    path = correct_file(tmp_path)
    monkeypatch.setattr(runner_module, "watch_changes", lambda file: iter([{"saved"}]))
    result = runner.invoke(app, ["check", str(path), "--watch", "--json"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # the first check, then one per save
    assert all(json.loads(line)["passed"] for line in lines)


# --------------------------------------------------------------------------- in Chinese
ENGLISH_REPORT_UI = (
    "Score", "PASSED", "FAILED", "Known mistake", "See card", "Speed on the standard input",
    "expected:", "got:", "(hidden)", "tests pass", "Fix the failing", "Your code's output",
    "function", "yours", "reference", "ratio", "vectorise", "truncated", "status", "message",
)  # fmt: skip


class _FakeSubmission:
    """What ``grading.timing.time_submission`` asks of a submission, with scripted outcomes."""

    def __init__(self, outcome, status="ok", losses=0):
        from collections import Counter

        self.status = {"dropout_forward": status, "dropout_backward": status}
        self.losses = Counter({"dropout_forward": losses, "dropout_backward": losses})
        self.limits = Limits(timeout=2.0)
        self.outcome = outcome

    def time(self, fn, args, repeat, budget, timeout):
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def _timings() -> tuple[list[Timing], dict[str, str]]:
    """Real ``Timing`` rows of every status, from the timing module itself."""
    from quizzer.grading.timing import time_submission
    from quizzer.suites.base import SubmissionProblem, SubmissionTimeout

    reference = {"dropout_forward": 0.001, "dropout_backward": 0.0005}
    found: list[Timing] = []
    for fake in (
        _FakeSubmission(0.5),  # slow
        _FakeSubmission(0.001),  # ok
        _FakeSubmission(SubmissionTimeout("too long")),
        _FakeSubmission(SubmissionProblem("ValueError: p must lie in [0, 1]")),
        _FakeSubmission(0.1, status="missing"),
        _FakeSubmission(0.1, losses=1),
    ):
        found += time_submission("dropout", fake, reference)[:1]
    functions = {"dropout_forward": "ok", "dropout_backward": "ok"}
    undefined = found[4]
    found[4] = Timing("dropout_extra", None, undefined.reference_seconds, None, "skipped",
                      undefined.note)  # fmt: skip
    return found, functions


def test_the_english_speed_notes_are_the_timing_modules_own():
    from quizzer.render.report import timing_note

    timings, functions = _timings()
    assert [t.status for t in timings] == ["slow", "ok", "timeout", "error", "skipped", "skipped"]
    report = Report("dropout", "dropout.py", [], timing=timings, functions=functions,
                    limits=Limits(timeout=2.0))  # fmt: skip
    for timing in timings:
        assert timing_note(timing, report, "en") == timing.note
        zh = timing_note(timing, report, "zh")
        assert (zh == "") == (timing.note == "")
        assert not zh or any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert timing_note(timings[0], report, "zh").startswith("比参考实现慢 500 倍")
    assert "ValueError: p must lie in [0, 1]" in timing_note(timings[3], report, "zh")
    assert timing_note(timings[4], report, "zh") == "未定义"


def test_a_timing_within_noise_of_the_reference_says_so_and_a_clear_difference_does_not():
    """The reference's own code timed as a learner's measures 0.6-1.8x the reference on a loaded
    machine: a ratio closer than 2x either way is reported as the reference's speed."""
    from quizzer.grading.timing import PAR, time_submission

    reference = {"dropout_forward": 0.010, "dropout_backward": 0.010}
    for seconds, par in ((0.006, True), (0.010, True), (0.019, True), (0.025, False),
                         (0.004, False), (0.090, False)):  # fmt: skip
        timing = time_submission("dropout", _FakeSubmission(seconds), reference)[0]
        assert timing.status == "ok"
        assert (timing.note == PAR) is par, (seconds, timing.note)


def _full_report() -> Report:
    timings, functions = _timings()
    return Report(
        "dropout",
        "dropout.py",
        [
            CaseReport("visible one", "fail", "out is wrong", False, "[1, 2]", "[0, 0]"),
            CaseReport("hidden one", "timeout", "took too long", True),
            CaseReport("crashing one", "crash", "the worker died", True),
        ]
        + [CaseReport(f"todo {i}", "error", "NotImplementedError", True) for i in range(3)]
        + [CaseReport(f"fine {i}", "pass", "", True) for i in range(4)],
        diagnosis=[
            Finding(
                "dropout-no-rescale",
                "Forgot 1/(1-p)",
                {"en": "Divide the kept units by 1-p.", "zh": "保留下来的单元要除以 1-p，" * 4},
                "dropout",
            )
        ],
        timing=timings,
        functions=functions,
        output="hello from the learner\n" * 50,
        output_bytes=1150,
        limits=Limits(timeout=2.0),
    )


def test_check_report_in_chinese_names_everything_in_chinese():
    text = " ".join(render(_full_report(), "zh").split())
    assert "测试 状态 信息" in text
    assert "visible one 失败 out is wrong 期望：[1, 2] 实际：[0, 0]" in text
    assert "hidden one（隐藏） 超时" in text and "crashing one（隐藏） 崩溃" in text
    assert "3 个测试（其中 3 个隐藏） 出错" in text and "其余 4 个测试通过 通过" in text
    assert "得分：4/10 未通过" in text
    assert "常见错误：dropout-no-rescale" in text and "参见卡片：quizzer show dropout" in text
    assert "标准输入上的速度" in text and "函数 你的 参考 倍数 说明" in text
    assert "你的代码的输出" in text and "已截断：共 1150 字节" in text
    assert "修正未通过的测试后再检查一次" in text
    for english in ENGLISH_REPORT_UI:
        assert english not in text, english
    passing = Report("l1", "l1.py", [CaseReport("a", "pass", "", False)], limits=Limits())
    text = " ".join(render(passing, "zh").split())
    assert "a 通过" in text and "得分：1/1 通过" in text
    assert "全部测试通过。与参考答案对比：quizzer solution l1" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 80])
def test_the_check_report_fits_the_terminal(width, lang):
    from rich.cells import cell_len  # noqa: TID251 - cells as the renderer counts them

    out = io.StringIO()
    screen = console(file=out, width=width)
    for part in report_renderables(_full_report(), lang):
        screen.print(part)
    lines = out.getvalue().splitlines()
    assert all(cell_len(line) <= width for line in lines), [x for x in lines if cell_len(x) > width]
    boxed = [line for line in lines if line and line[0] in "╭│╰"]
    assert boxed and all(cell_len(line) == width for line in boxed)  # panel borders line up
    text = " ".join(out.getvalue().split())
    # the notes stay readable: in a column when it is wide enough, else under the table
    slow = "比参考实现慢 500 倍" if lang == "zh" else "500x slower than the reference"
    assert slow in text


def test_check_in_chinese_through_the_cli_and_its_json_unchanged(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text(NO_RESCALE)
    result = runner.invoke(app, ["check", str(path), "--lang", "zh"], env={"COLUMNS": "80"})
    assert result.exit_code == 1
    out = result.stdout
    assert "测试" in out and "状态" in out and "失败" in out
    assert "得分：" in out and "未通过" in out and "常见错误：dropout-no-rescale" in out
    assert "修正未通过的测试" in out
    assert "Score" not in out and "FAILED" not in out and "Known mistake" not in out
    en = json.loads(runner.invoke(app, ["check", str(path), "--json"]).stdout)
    zh = json.loads(runner.invoke(app, ["check", str(path), "--json", "--lang", "zh"]).stdout)

    def verdicts(data):
        return [(t["id"], t["status"]) for t in data["tests"]]

    assert zh.keys() == en.keys(), set(zh) ^ set(en)
    assert verdicts(zh) == verdicts(en)  # ids and statuses stay as they are
    failing = [t for t in zh["tests"] if t["status"] != "pass"]
    assert failing and all(re.search(r"[\u4e00-\u9fff]", t["message"]) for t in failing)
    assert [t["name"] for t in zh["tests"]] != [t["name"] for t in en["tests"]]  # titles do not
    assert {t["status"] for t in zh["tests"]} <= {"pass", "fail", "error", "timeout", "crash"}
    assert [(t["function"], t["status"]) for t in zh["timing"]] == [
        (t["function"], t["status"]) for t in en["timing"]
    ]
