"""Batch grading core: discovery, a mixed folder graded right, every output format's structure."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench.bench_grade import expected_mistake
from quizzer.challenges import solution_path
from quizzer.grading import batch, formats, results
from quizzer.grading.discovery import discover
from quizzer.grading.process import Limits
from quizzer.grading.report import Report
from quizzer.grading.runner import GradingError

FIXTURES = Path(__file__).parent / "fixtures" / "grade"
LIMITS = Limits(timeout=1.5, memory_mb=1024)
WRONG = {path.name: expected_mistake(path.name) for path in sorted(FIXTURES.glob("wrong_*.py"))}
SYNTAX = "import numpy as np\n\n\ndef dropout_forward(x, p, rng, training=True)\n    return x\n"


def make_folder(root: Path) -> Path:
    """Every fixture, the reference as a student folder, a syntax error and an ambiguous folder."""
    folder = root / "subs"
    folder.mkdir()
    for path in FIXTURES.glob("*.py"):
        shutil.copy(path, folder / path.name)
    (folder / "carol").mkdir()
    shutil.copy(solution_path("dropout"), folder / "carol" / "dropout.py")
    (folder / "carol" / "notes.py").write_text("# scratch\n")
    (folder / "syntax.py").write_text(SYNTAX)
    (folder / "dave").mkdir()
    (folder / "dave" / "a.py").write_text("x = 1\n")
    (folder / "dave" / "b.py").write_text("y = 2\n")
    (folder / "empty").mkdir()
    (folder / ".hidden.py").write_text("raise SystemExit\n")
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = make_folder(tmp_path_factory.mktemp("batch"))
    entries = discover(folder, "dropout")
    seen = []
    result = batch.grade_folder(
        entries,
        "dropout",
        batch.Settings(limits=LIMITS, workers=2),
        on_record=lambda record, row: seen.append(row["submission"]),
    )
    records = {r["submission"]: r for r in result.records()}
    yield result, records, seen
    result.spool.close()


# --------------------------------------------------------------------------- discovery
def test_discover_files_and_folders(tmp_path):
    folder = make_folder(tmp_path)
    entries = {e.name: e for e in discover(folder, "dropout")}
    assert entries["carol"].path.name == "dropout.py"  # the file named after the challenge
    assert entries["dave"].path is None and "2 .py files" in entries["dave"].problem
    assert "empty" not in entries and ".hidden.py" not in entries
    assert entries["wrong_no_rescale.py"].path == folder / "wrong_no_rescale.py"


def test_discover_usage_errors(tmp_path):
    with pytest.raises(GradingError, match="no such folder"):
        discover(tmp_path / "nope", "dropout")
    (tmp_path / "f.py").write_text("x = 1\n")
    with pytest.raises(GradingError, match="not a folder"):
        discover(tmp_path / "f.py", "dropout")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GradingError, match="no submissions"):
        discover(tmp_path / "empty", "dropout")
    with pytest.raises(ValueError, match="no challenge"):
        discover(tmp_path, "nope")


# --------------------------------------------------------------------------- verdicts
def test_every_submission_is_graded_once(graded):
    result, records, seen = graded
    assert not result.interrupted and not result.not_graded
    assert sorted(seen) == sorted(records) and len(records) == result.total
    assert len(result.rows) == result.total


def test_correct_submissions_pass(graded):
    _, records, _ = graded
    for name in ("carol", "correct_binomial.py", "correct_where.py"):
        assert records[name]["passed"] and records[name]["score"] == 1.0, name


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_submissions_fail_with_their_mistake_named(graded, name):
    record = graded[1][name]
    assert not record["passed"] and 0 < record["score"] < 1
    assert WRONG[name] in [d["mistake"] for d in record["diagnosis"]]
    assert any(t["status"] == "fail" for t in record["tests"])


def test_hostile_submissions_fail_for_the_right_reason(graded):
    _, records, _ = graded
    statuses = {name: {t["status"] for t in r["tests"]} for name, r in records.items()}
    assert "timeout" in statuses["hostile_hang_loop.py"]
    assert statuses["hostile_hang_import.py"] == {"timeout"}
    assert "crash" in statuses["hostile_segfault.py"]
    memory = records["hostile_memory.py"]
    assert not memory["passed"] and statuses["hostile_memory.py"] & {"crash", "timeout"}
    assert any("memory" in t["message"] for t in memory["tests"])
    assert records["hostile_exit.py"]["score"] == 0
    assert records["hostile_escape.py"]["score"] == 0
    syntax = records["syntax.py"]
    assert syntax["problem"]["kind"] == "syntax" and syntax["problem"]["line"] == 4
    dave = records["dave"]
    assert dave["status"] == "error" and dave["score"] == 0 and dave["total"] == len(dave["tests"])
    for name in ("hostile_hang_loop.py", "hostile_segfault.py"):  # backward still graded
        assert any(t["status"] == "pass" for t in records[name]["tests"]), name


def test_threads_give_the_same_verdicts_as_one_worker(graded, tmp_path):
    _, records, _ = graded
    folder = tmp_path / "few"
    folder.mkdir()
    names = ["correct_binomial.py", *sorted(WRONG)]
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    result = batch.grade_folder(
        discover(folder, "dropout"), "dropout", batch.Settings(limits=LIMITS, workers=1)
    )
    for record in result.records():
        parallel = records[record["submission"]]
        assert [t["status"] for t in record["tests"]] == [t["status"] for t in parallel["tests"]]
        assert record["diagnosis"] == parallel["diagnosis"]
    result.spool.close()


def test_records_hold_what_check_json_holds(graded):
    _, records, _ = graded
    record = records["wrong_no_rescale.py"]
    assert set(Report("dropout", "x", []).to_dict()) <= set(record)
    assert {"submission", "status", "integrity"} <= set(record)
    for test in record["tests"]:
        assert {"name", "status", "message", "hidden"} <= set(test)
    assert {"mistake", "explanation"} <= set(record["diagnosis"][0])


def test_integrity_flags_from_the_run_and_the_code(graded):
    _, records, _ = graded

    def whats(name):
        return [f["what"] for f in records[name]["integrity"] if f["kind"] == "sandbox"]

    escape = whats("hostile_escape.py")
    assert "tried to import solutions (refused)" in escape
    assert any("imports subprocess" in w for w in escape)
    exits = whats("hostile_exit.py")
    assert "exited while graded (sys.exit or os._exit)" in exits
    assert any("sys.exit" in w for w in exits) and any("os._exit" in w for w in exits)
    assert any("ctypes" in w for w in whats("hostile_segfault.py"))
    kinds = {f["kind"] for f in records["carol"]["integrity"]}
    assert "reference-copy" in kinds
    for name in ("correct_binomial.py", "correct_where.py", "wrong_keep_probability.py"):
        assert records[name]["integrity"] == [], name


def test_captured_output_is_capped(tmp_path):
    folder = tmp_path / "loud"
    folder.mkdir()
    (folder / "loud.py").write_text(
        solution_path("dropout").read_text() + "\nprint('spam ' * 100_000)\n"
    )
    result = batch.grade_folder(
        discover(folder, "dropout"), "dropout", batch.Settings(limits=LIMITS)
    )
    (record,) = list(result.records())
    assert record["passed"] and len(record["output"]) <= batch.OUTPUT_KEEP
    assert record["output_truncated"] and record["output_bytes"] > 500_000
    result.spool.close()


# --------------------------------------------------------------------------- formats
def test_json_format(graded):
    result, records, _ = graded
    data = json.loads("".join(results.output_chunks(result, "json")))
    assert [d["submission"] for d in data] == sorted(records)
    for item in data:
        assert {"submission", "passed", "score", "tests", "diagnosis", "integrity"} <= set(item)


def test_csv_format(graded):
    result, records, _ = graded
    rows = list(csv.DictReader(io.StringIO("".join(results.output_chunks(result, "csv")))))
    assert tuple(rows[0]) == formats.CSV_COLUMNS
    by_name = {r["submission"]: r for r in rows}
    assert set(by_name) == set(records)
    row = by_name["wrong_no_rescale.py"]
    record = records["wrong_no_rescale.py"]
    assert row["passed"] == "false" and float(row["score"]) == pytest.approx(record["score"])
    assert int(row["tests_passed"]) == record["passed_count"]
    assert int(row["tests_total"]) == record["total"]
    assert "dropout-no-rescale" in row["mistakes"]
    assert int(by_name["hostile_hang_import.py"]["timeouts"]) == record["total"]
    assert "tried to import solutions" in by_name["hostile_escape.py"]["flags"]


def test_junit_format(graded):
    result, records, _ = graded
    root = ET.fromstring("".join(results.output_chunks(result, "junit")))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == set(records)
    assert int(root.get("tests")) == sum(r["total"] for r in records.values())
    for name, suite in suites.items():
        record = records[name]
        cases = suite.findall("testcase")
        assert len(cases) == record["total"] == int(suite.get("tests"))
        failures = [c for c in cases if c.find("failure") is not None]
        errors = [c for c in cases if c.find("error") is not None]
        assert len(failures) == int(suite.get("failures"))
        assert len(errors) == int(suite.get("errors"))
        assert len(cases) - len(failures) - len(errors) == record["passed_count"]
    hang = suites["hostile_hang_import.py"].find("testcase/error")
    assert hang.get("type") == "timeout" and hang.get("message")
    wrong = suites["wrong_no_rescale.py"]
    assert wrong.find("testcase/failure").get("message")
    props = {p.get("name"): p.get("value") for p in wrong.find("properties")}
    assert props["mistake"] == "dropout-no-rescale"


def test_gradescope_format(graded):
    result, records, _ = graded
    data = json.loads("".join(results.output_chunks(result, "gradescope")))
    assert [d["submission"] for d in data] == sorted(records)
    for item in data:
        gs = item["results"]
        record = records[item["submission"]]
        assert gs["score"] == record["passed_count"] == sum(t["score"] for t in gs["tests"])
        assert gs["max_score"] == record["total"] == len(gs["tests"])
        assert gs["stdout_visibility"] == "hidden" and isinstance(gs["output"], str)
        # the spec's top-level visibility, stated rather than left to Gradescope's default
        assert gs["visibility"] == "visible"
        for test, source in zip(gs["tests"], record["tests"], strict=True):
            assert test["name"] == source["name"] and test["max_score"] == 1.0
            assert test["status"] == ("passed" if source["status"] == "pass" else "failed")
            assert test["visibility"] == ("after_published" if source["hidden"] else "visible")
        assert "integrity" in gs["extra_data"]["quizzer"]
    carol = next(d["results"] for d in data if d["submission"] == "carol")
    assert carol["score"] == carol["max_score"]


def test_gradescope_single_submission_is_exactly_results_json(tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    shutil.copy(FIXTURES / "wrong_no_rescale.py", folder / "dropout.py")
    result = batch.grade_folder(
        discover(folder, "dropout"), "dropout", batch.Settings(limits=LIMITS)
    )
    data = json.loads("".join(results.output_chunks(result, "gradescope")))
    assert isinstance(data, dict) and data["score"] < data["max_score"]
    assert "Known mistake" in data["output"]
    result.spool.close()


def test_per_submission_files(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(FIXTURES / "correct_where.py", folder / "alice.py")
    (folder / "bob").mkdir()
    shutil.copy(FIXTURES / "wrong_no_rescale.py", folder / "bob" / "dropout.py")
    entries = discover(folder, "dropout")
    for fmt, paths in (
        ("json", ("alice.json", "bob.json")),
        ("gradescope", ("alice/results.json", "bob/results.json")),
    ):
        out = tmp_path / f"per-{fmt}"
        result = batch.grade_folder(
            entries,
            "dropout",
            batch.Settings(limits=LIMITS, workers=2),
            per_submission=out,
            per_submission_format=fmt,
        )
        result.spool.close()
        alice, bob = (json.loads((out / p).read_text()) for p in paths)
        if fmt == "json":
            assert alice["submission"] == "alice.py" and alice["passed"]
            assert bob["submission"] == "bob" and not bob["passed"]
        else:
            assert alice["score"] == alice["max_score"] and bob["score"] < bob["max_score"]
            assert {"tests", "output", "stdout_visibility"} <= set(bob)


def test_table_rows_sorted_by_score(graded):
    result, _, _ = graded
    scores = [r["score"] for r in formats.by_score(result.rows)]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0


def test_gradescope_output_names_the_card_once():
    from quizzer.grading.formats import gradescope_result

    record = {
        "challenge": "batchnorm", "passed_count": 5, "total": 20, "tests": [],
        "diagnosis": [
            {"mistake": "batchnorm-unbiased-variance", "name": "unbiased variance",
             "explanation": "Divide by m. See card batchnorm: the formula.", "card": "batchnorm"},
            {"mistake": "x", "name": "other", "explanation": "No pointer.", "card": "dropout"},
        ],
    }  # fmt: skip
    output = gradescope_result(record)["output"]
    assert output.count("card batchnorm") == 1
    assert "No pointer. (card dropout)" in output
