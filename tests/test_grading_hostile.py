"""Hostile submissions: the verdict stays honest and quizzer stays up.

Each case appends a snippet from ``tests/hostile/`` to the reference solution of
``dropout`` (so everything else is correct) and grades it with short limits.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from quizzer.challenges import solution_path
from quizzer.grading.process import Limits
from quizzer.grading.runner import grade_submission
from quizzer.grading.sandbox import Sandbox
from tests.submissions import hostile_file

FAST = Limits(timeout=1.5, memory_mb=1024)


def submission(tmp_path: Path, snippet: str, marker: Path | None = None) -> Path:
    return hostile_file(tmp_path, snippet, None if marker is None else {"__MARKER__": str(marker)})


def grade(tmp_path, snippet, limits=FAST, **kwargs):
    return grade_submission(
        submission(tmp_path, snippet, **kwargs), "dropout", limits, timing=False
    )


def statuses(report, function=None):
    return {t.status for t in report.tests}


def test_the_untouched_reference_passes(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text(solution_path("dropout").read_text())
    report = grade_submission(path, "dropout", FAST, timing=False)
    assert report.passed and report.score == 1.0
    assert report.restarts == 0


@pytest.mark.parametrize("snippet", ["exit_at_import", "os_exit_at_import"])
def test_exit_at_import_fails_every_test(tmp_path, snippet):
    report = grade(tmp_path, snippet)
    assert not report.passed and report.score == 0
    assert report.problem is not None
    assert "exit" in report.problem.message
    assert statuses(report) <= {"error", "crash"}


def test_sys_exit_in_a_function_is_an_error(tmp_path):
    report = grade(tmp_path, "exit_in_function")
    assert not report.passed
    failing = [t for t in report.tests if not t.passed]
    assert failing and all("exit" in t.message for t in failing)
    assert any(t.passed for t in report.tests)  # dropout_backward's own tests still pass


def test_os_exit_in_a_function_is_a_crash_and_the_rest_still_runs(tmp_path):
    report = grade(tmp_path, "os_exit_in_function")
    assert not report.passed
    crashed = [t for t in report.tests if t.status == "crash"]
    assert crashed and all("exited with status 0" in t.message for t in crashed)
    assert any(t.passed for t in report.tests)
    assert report.restarts >= 1


def test_monkeypatching_numpy_pytest_and_builtins_changes_nothing(tmp_path):
    allclose = np.allclose
    report = grade(tmp_path, "monkeypatch")
    assert not report.passed
    assert any(t.status == "fail" for t in report.tests)
    assert np.allclose is allclose and isinstance(1, int)


def test_printing_a_passing_report_changes_nothing(tmp_path):
    report = grade(tmp_path, "fake_report")
    assert not report.passed
    assert "18/18 tests passed" in report.output  # shown to the learner as their output ...
    assert report.to_dict()["passed"] is False  # ... and never read as a verdict


def test_an_infinite_loop_is_a_timeout_in_bounded_time(tmp_path):
    start = time.monotonic()
    report = grade(tmp_path, "infinite_loop", Limits(timeout=1.0))
    elapsed = time.monotonic() - start
    timed_out = [t for t in report.tests if t.status == "timeout"]
    assert timed_out and not report.passed
    # one timeout ends a function's calls: its later tests are not run, and say why
    assert sum(t.message.startswith("dropout_backward() did not return") for t in timed_out) == 1
    assert any(
        t.message.startswith("not run: dropout_backward() already timed out") for t in timed_out
    )
    assert elapsed < 8
    assert any(t.passed for t in report.tests)  # dropout_forward's tests are unaffected


def test_a_loop_at_import_times_out_once(tmp_path):
    start = time.monotonic()
    report = grade(tmp_path, "loop_at_import", Limits(timeout=1.0))
    assert time.monotonic() - start < 6
    assert report.problem is not None and report.problem.kind == "timeout"
    assert statuses(report) == {"timeout"}


@pytest.mark.parametrize("snippet", ["memory_bomb", "numpy_memory_bomb"])
def test_a_memory_bomb_is_a_memory_limit_failure(tmp_path, snippet):
    report = grade(tmp_path, snippet, Limits(timeout=5, memory_mb=768))
    failing = [t for t in report.tests if not t.passed]
    assert failing and not report.passed
    assert any(t.status == "crash" and "memory limit" in t.message for t in failing)
    assert any(t.passed for t in report.tests)  # quizzer survived and went on


def test_a_segfault_is_a_crash(tmp_path):
    report = grade(tmp_path, "segfault")
    crashed = [t for t in report.tests if t.status == "crash"]
    assert crashed and "SIGSEGV" in crashed[0].message
    assert "Segmentation fault" in report.output  # faulthandler's trace, for the learner


def test_100_mb_of_output_is_truncated_without_hanging(tmp_path):
    start = time.monotonic()
    report = grade(tmp_path, "big_output", Limits(timeout=10, output_kb=16))
    assert time.monotonic() - start < 15
    assert report.passed  # the functions are correct: printing is not a failure
    assert report.output_truncated and report.output_bytes >= 100_000_000
    assert len(report.output) <= 16 * 1024


def test_an_object_that_would_run_code_when_unpickled_is_never_unpickled(tmp_path):
    marker = tmp_path / "unpickled"
    report = grade(tmp_path, "pickle_smuggler", marker=marker)
    assert not report.passed
    assert any("got _Payload" in t.message for t in report.tests)
    assert not marker.exists()


def test_forks_and_threads_are_bounded(tmp_path):
    with Sandbox(FAST).start() as probe:
        containment = probe.containment
    if containment == "none":
        pytest.skip("running as root without a pids cgroup: nothing bounds processes")
    start = time.monotonic()
    report = grade(tmp_path, "fork_bomb")
    assert time.monotonic() - start < 20
    assert not report.passed
    messages = " ".join(t.message for t in report.tests if not t.passed)
    assert "can't start new thread" in messages or "Resource temporarily unavailable" in messages


def test_imports_of_quizzer_and_solutions_are_refused(tmp_path):
    report = grade(tmp_path, "import_reference")
    failing = [t for t in report.tests if not t.passed]
    assert failing and not report.passed
    assert all("not allowed in a submission" in t.message for t in failing if t.status == "error")
    assert {"'solutions'", "'quizzer'"} <= {
        word for t in failing for word in t.message.split() if word.startswith("'")
    }


def test_modifying_an_input_in_place_is_seen_by_the_suite(tmp_path):
    report = grade(tmp_path, "modifies_input")
    by_name = {t.name: t for t in report.tests}
    assert by_name["inputs are not modified"].status == "fail"
    assert "modified" in by_name["inputs are not modified"].message


def test_a_syntax_error_is_reported_with_its_line(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text(
        "import numpy as np\n\n\ndef dropout_forward(x, p, rng, training=True)\n    pass\n"
    )
    report = grade_submission(path, "dropout", FAST)
    assert report.problem.kind == "syntax" and report.problem.line == 4
    assert all(t.status == "error" and "line 4" in t.message for t in report.tests)
    assert report.timing == []


def test_a_missing_function_is_named(tmp_path):
    report = grade(tmp_path, "missing_function")
    assert report.missing == ["dropout_backward"]
    messages = [t.message for t in report.tests if not t.passed]
    assert messages and all("dropout_backward" in m for m in messages)


def test_a_wrong_return_type_says_what_was_expected(tmp_path):
    report = grade(tmp_path, "wrong_type")
    messages = " | ".join(t.message for t in report.tests if not t.passed)
    assert "should be a numpy.ndarray" in messages and "got list" in messages
    assert "should return a tuple of 2 values, got dict" in messages


def test_no_process_or_file_is_left_behind(tmp_path, monkeypatch):
    sandboxes = tmp_path / "sandboxes"
    sandboxes.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(sandboxes))
    grade(tmp_path, "os_exit_in_function")
    grade(tmp_path, "infinite_loop", Limits(timeout=0.5))
    assert os.listdir(sandboxes) == []
    children = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        cmdline = (
            Path(f"/proc/{pid}/cmdline").read_bytes() if Path(f"/proc/{pid}").exists() else b""
        )
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and b"worker.py" in cmdline:
            children.append(pid)
    assert children == []


@pytest.mark.slow
def test_a_python_loop_is_flagged_as_slow(tmp_path):
    report = grade_submission(submission(tmp_path, "slow_loop"), "dropout", Limits(timeout=5))
    assert report.passed
    backward = next(t for t in report.timing if t.function == "dropout_backward")
    assert backward.status in ("slow", "timeout")
    assert "vectorise this loop" in backward.note
    assert backward.ratio is None or backward.ratio >= 10
