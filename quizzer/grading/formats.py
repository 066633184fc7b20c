"""Batch results as text: table rows, JSON, CSV, JUnit XML and Gradescope's results.json.

Pure functions from graded records to text (documented in docs/grading-formats.md).
A *record* is one submission's ``Report.to_dict()`` plus ``submission`` (its file
or folder name), ``status`` (``graded``, or ``error`` when quizzer could not
grade it) and ``integrity`` (flags); a *row* (``summary_row``) is the small
summary the table and the CSV need. The formats that need every test
(JSON, JUnit, Gradescope) take an iterator of records and yield text chunks, so
a folder of any size is written without holding it in memory.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator

FORMATS = ("table", "json", "csv", "junit", "gradescope")
PROBLEMS = ("fail", "error", "timeout", "crash")
HIDDEN_VISIBILITY = "after_published"  # Gradescope visibility of the hidden suite's tests
CSV_COLUMNS = (
    "submission",
    "status",
    "score",
    "passed",
    "tests_passed",
    "tests_total",
    "failed",
    "errors",
    "timeouts",
    "crashes",
    "mistakes",
    "flags",
    "seconds",
    "isolation",
)


# --------------------------------------------------------------------------- rows
def summary_row(record: dict) -> dict:
    """What the summary table and the CSV show of one record."""
    counts = Counter(t.get("status") for t in record.get("tests", []))
    problem = record.get("problem") or {}
    flags = record.get("integrity", [])
    return {
        "submission": record["submission"],
        "status": record.get("status", "graded"),
        "score": float(record.get("score", 0.0)),
        "passed": bool(record.get("passed")),
        "passed_count": int(record.get("passed_count", 0)),
        "total": int(record.get("total", 0)),
        "counts": {s: counts[s] for s in PROBLEMS if counts[s]},
        "problem": str(problem.get("message") or "")[:300],
        "problem_kind": str(problem.get("kind") or ""),
        "problem_line": problem.get("line"),
        "mistakes": [d.get("mistake", "") for d in record.get("diagnosis", [])],
        "flags": [f.get("message", f.get("kind", "")) for f in flags],
        "flag_kinds": sorted({f.get("kind", "") for f in flags}),
        "seconds": float(record.get("seconds", 0.0)),
        "isolation": isolation_text(record.get("isolation")),
    }


def isolation_text(isolation: dict | None) -> str:
    """The jail's layers that were on, as ``filesystem+network+...`` (``none`` when none was)."""
    on = [name for name, layer in (isolation or {}).items() if layer.get("active")]
    return "+".join(on) or "none"


def by_score(rows: Iterable[dict]) -> list[dict]:
    """Best first; ties by name."""
    return sorted(rows, key=lambda r: (-r["score"], r["submission"]))


def by_name(rows: Iterable[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: r["submission"])


# --------------------------------------------------------------------------- json
def json_chunks(records: Iterable[dict]) -> Iterator[str]:
    """A JSON list, one object per submission, in submission-name order."""
    yield "["
    for i, record in enumerate(records):
        yield ("," if i else "") + "\n" + _indent(json.dumps(record, indent=2, ensure_ascii=False))
    yield "\n]\n"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


# --------------------------------------------------------------------------- csv
def csv_text(rows: Iterable[dict]) -> str:
    """One row per submission (by name): score, counts, mistakes and flags joined by '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in by_name(rows):
        counts = row["counts"]
        writer.writerow(
            [
                row["submission"],
                row["status"],
                f"{row['score']:.4f}",
                "true" if row["passed"] else "false",
                row["passed_count"],
                row["total"],
                counts.get("fail", 0),
                counts.get("error", 0),
                counts.get("timeout", 0),
                counts.get("crash", 0),
                "; ".join(row["mistakes"]),
                "; ".join(row["flags"]),
                f"{row['seconds']:.3f}",
                row["isolation"],
            ]
        )
    return out.getvalue()


# --------------------------------------------------------------------------- junit
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text) -> str:
    return _NOT_XML.sub("\ufffd", str(text if text is not None else ""))


def junit_chunks(records: Iterable[dict], rows: list[dict], challenge: str) -> Iterator[str]:
    """JUnit XML: one ``testsuite`` per submission, one ``testcase`` per test.

    ``fail`` is a ``failure``; ``error``, ``timeout`` and ``crash`` are ``error``
    elements whose ``type`` is the status. Totals come from ``rows``.
    """
    tests = sum(r["total"] for r in rows)
    failures = sum(r["counts"].get("fail", 0) for r in rows)
    errors = sum(r["counts"].get(s, 0) for r in rows for s in ("error", "timeout", "crash"))
    seconds = sum(r["seconds"] for r in rows)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        f'<testsuites name="{_attr(f"quizzer grade {challenge}")}" tests="{tests}" '
        f'failures="{failures}" errors="{errors}" time="{seconds:.3f}">\n'
    )
    for record in records:
        suite = _testsuite(record, challenge)
        ET.indent(suite, space="  ", level=1)
        yield "  " + ET.tostring(suite, encoding="unicode") + "\n"
    yield "</testsuites>\n"


def _attr(text: str) -> str:
    return _xml(text).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _testsuite(record: dict, challenge: str) -> ET.Element:
    counts = Counter(t.get("status") for t in record.get("tests", []))
    name = record["submission"]
    suite = ET.Element(
        "testsuite",
        {
            "name": _xml(name),
            "tests": str(len(record.get("tests", []))),
            "failures": str(counts["fail"]),
            "errors": str(counts["error"] + counts["timeout"] + counts["crash"]),
            "skipped": "0",
            "time": f"{float(record.get('seconds', 0.0)):.3f}",
        },
    )
    props = ET.SubElement(suite, "properties")
    for key, value in (
        ("challenge", challenge),
        ("score", f"{float(record.get('score', 0.0)):.4f}"),
        ("status", record.get("status", "graded")),
        ("isolation", isolation_text(record.get("isolation"))),
    ):
        ET.SubElement(props, "property", {"name": key, "value": _xml(value)})
    for finding in record.get("diagnosis", []):
        ET.SubElement(props, "property", {"name": "mistake", "value": _xml(finding.get("mistake"))})
    for flag in record.get("integrity", []):
        ET.SubElement(props, "property", {"name": "integrity", "value": _xml(flag.get("message"))})
    classname = challenge + "." + re.sub(r"[^\w-]+", "_", name.removesuffix(".py"))
    for test in record.get("tests", []):
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": _xml(classname),
                "name": _xml(test.get("name")),
                "time": f"{float(test.get('seconds', 0.0)):.4f}",
            },
        )
        status = test.get("status")
        if status == "pass":
            continue
        message = _xml(test.get("message"))
        body = message
        if test.get("expected") is not None or test.get("got") is not None:
            body += f"\nexpected: {_xml(test.get('expected'))}\ngot:      {_xml(test.get('got'))}"
        tag = "failure" if status == "fail" else "error"
        ET.SubElement(case, tag, {"message": message, "type": _xml(status)}).text = body
    notes = [f"{d.get('mistake')}: {d.get('explanation')}" for d in record.get("diagnosis", [])]
    if record.get("output"):
        notes.append("output of the submission:\n" + str(record["output"]))
    if notes:
        ET.SubElement(suite, "system-out").text = _xml("\n\n".join(notes))
    return suite


# --------------------------------------------------------------------------- gradescope
def gradescope_result(record: dict) -> dict:
    """Gradescope's results.json for one submission (autograder specification).

    One point per test. Visible tests are ``visible``; the hidden suite's tests
    are ``after_published`` (students see their names and messages once grades
    are published, never their inputs; ``hidden`` would also hide the total
    score from students). Integrity flags go to ``extra_data``, which is stored
    for instructors and never shown to students.
    """
    tests = []
    for test in record.get("tests", []):
        passed = test.get("status") == "pass"
        output = "" if passed else f"{test.get('status')}: {test.get('message', '')}"
        if not passed and not test.get("hidden") and test.get("expected") is not None:
            output += f"\nexpected: {test.get('expected')}\ngot:      {test.get('got')}"
        entry = {
            "name": test.get("name", ""),
            "score": 1.0 if passed else 0.0,
            "max_score": 1.0,
            "status": "passed" if passed else "failed",
            "visibility": HIDDEN_VISIBILITY if test.get("hidden") else "visible",
        }
        if output:
            entry["output"] = output
        tests.append(entry)
    return {
        "score": float(record.get("passed_count", 0)),
        "max_score": float(record.get("total", len(tests))),
        "execution_time": round(float(record.get("seconds", 0.0)), 3),
        "output": _gradescope_output(record),
        "output_format": "text",
        "visibility": "visible",  # the score and the visible tests; hidden ones say their own
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "quizzer": {
                "submission": record.get("submission"),
                "challenge": record.get("challenge"),
                "status": record.get("status", "graded"),
                "mistakes": [d.get("mistake") for d in record.get("diagnosis", [])],
                "integrity": record.get("integrity", []),
                "isolation": record.get("isolation", {}),
            }
        },
    }


def _gradescope_output(record: dict) -> str:
    lines = [
        f"quizzer {record.get('challenge')}: {record.get('passed_count', 0)}/"
        f"{record.get('total', 0)} tests passed."
    ]
    problem = record.get("problem")
    if problem:
        lines.append(str(problem.get("message", "")))
    if record.get("missing"):
        lines.append("Missing functions: " + ", ".join(record["missing"]) + ".")
    for finding in record.get("diagnosis", []):
        explanation = str(finding.get("explanation", ""))
        card = f"card {finding.get('card')}"
        # most explanations already end with "See card X: ..."; say it once
        where = "" if card in explanation else f" ({card})"
        lines.append(f"Known mistake: {finding.get('name')}. {explanation}{where}")
    return "\n\n".join(lines)


def gradescope_chunks(records: Iterable[dict], count: int) -> Iterator[str]:
    """A folder of one submission: exactly its results.json (what an autograder writes).
    Otherwise a JSON list of ``{"submission": name, "results": <results.json>}``
    (``--per-submission DIR`` writes the individual files)."""
    records = iter(records)
    if count == 1:
        first = next(records, None)
        if first is not None:
            yield json.dumps(gradescope_result(first), indent=2, ensure_ascii=False) + "\n"
            return
    yield "["
    for i, record in enumerate(records):
        item = {"submission": record["submission"], "results": gradescope_result(record)}
        yield ("," if i else "") + "\n" + _indent(json.dumps(item, indent=2, ensure_ascii=False))
    yield "\n]\n"
