"""PrairieLearn: the question folder, the grading image, and what the entrypoint does.

``quizzer bundle CHALLENGE --for prairielearn --out DIR`` writes:

- ``DIR/question/``: ``info.json`` (``gradingMethod: External``; the
  ``externalGradingOptions`` name the image, the entrypoint
  ``/grade/tests/run_quizzer``, the course's ``serverFilesCourse`` (none needed)
  and a timeout), ``question.html`` (the task, one ``pl-file-editor`` per
  file, prefilled with the starter file, and the results panel), the starter
  files, and ``tests/`` (the entrypoint and ``quizzer-bundle.json``);
- ``DIR/image/``: a ``Dockerfile`` on ``prairielearn/grader-python`` that
  installs this exact quizzer from the wheel beside it.

The entrypoint reads ``$GRADE_ROOT/student`` (default ``/grade``), creates
``$GRADE_ROOT/results/`` and writes ``results.json``: ``score`` in [0, 1], one
test per hidden-suite test, ``gradable: false`` with ``format_errors`` when the
file cannot be graded (missing, misnamed, empty, syntax error, a function
missing), so the student loses no attempt; always under PrairieLearn's 1 MB.
"""

from __future__ import annotations

import html
import json
import shutil
import time
import uuid
from pathlib import Path

from quizzer.bundles.common import (
    MANIFEST,
    Outcome,
    Spec,
    entrypoint_script,
    grade_folder,
    installed_version,
    isolation,
    isolation_line,
    speed_text,
)
from quizzer.i18n import t

ENTRYPOINT = "run_quizzer"
BASE_IMAGE = "prairielearn/grader-python"
MAX_BYTES = 1_000_000  # PrairieLearn's limit for results.json
_BUDGET = 900_000  # what we aim under, leaving room for the platform's own additions


DOCKERFILE = """# The grading image of a quizzer PrairieLearn question: PrairieLearn's Python grader
# with this exact quizzer installed from the bundled wheel.
#   docker build -t IMAGE .   &&   docker push IMAGE     (IMAGE as in question/info.json)
FROM __BASE__
COPY __WHEEL__ /tmp/__WHEEL__
RUN uv pip install --python /venv/bin/python /tmp/__WHEEL__ && rm /tmp/__WHEEL__ \\
    && /venv/bin/python -c "import numpy, quizzer.bundles.prairielearn, quizzer.suites"
"""


# --------------------------------------------------------------------------- building
def write_folder(spec: Spec, out: Path, wheel: Path, manifest: Path) -> Path:
    """The question folder and the image folder under ``out``."""
    from quizzer.grading.starter import starter_source

    out = Path(out)
    question, image = out / "question", out / "image"
    tests = question / "tests"
    for folder in (tests, image):
        folder.mkdir(parents=True, exist_ok=True)
    (question / "info.json").write_text(
        json.dumps(info_json(spec), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (question / "question.html").write_text(question_html(spec), encoding="utf-8")
    for challenge in spec.challenges:
        starter = starter_source(challenge, lang=spec.lang, shown_path=spec.filename(challenge))
        (question / _starter_name(spec, challenge)).write_text(starter, encoding="utf-8")
    entry = tests / ENTRYPOINT
    fallback = internal_error("quizzer exit status $STATUS")
    script = entrypoint_script("prairielearn", "student", f"tests/{MANIFEST}", "python3", fallback)
    entry.write_text(script, encoding="utf-8")
    entry.chmod(0o755)
    shutil.copyfile(manifest, tests / MANIFEST)
    shutil.copyfile(wheel, image / wheel.name)
    (image / "Dockerfile").write_text(
        DOCKERFILE.replace("__BASE__", BASE_IMAGE).replace("__WHEEL__", wheel.name),
        encoding="utf-8",
    )
    return out


def _starter_name(spec: Spec, challenge: str) -> str:
    return "starter_" + spec.filename(challenge)


def info_json(spec: Spec) -> dict:
    names = ", ".join(spec.challenges)
    return {
        # the same challenges give the same uuid: a re-bundled question keeps students' records
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, "quizzer:" + ",".join(spec.challenges))),
        "title": f"Implement it in NumPy: {names}",
        "topic": "Regularization",
        "tags": ["quizzer", *spec.challenges],
        "type": "v3",
        "singleVariant": True,
        "gradingMethod": "External",
        "externalGradingOptions": {
            "enabled": True,
            "image": spec.image,
            "entrypoint": f"/grade/tests/{ENTRYPOINT}",
            "serverFilesCourse": [],
            "timeout": spec.grading_timeout,
        },
    }


def question_html(spec: Spec) -> str:
    from quizzer.challenges import CHALLENGES

    parts = ["<pl-question-panel>"]
    for challenge in spec.challenges:
        filename = spec.filename(challenge)
        functions = ", ".join(f"<code>{html.escape(f)}()</code>" for f in CHALLENGES[challenge])
        parts += [
            f"  <p>Implement {functions} in <code>{filename}</code> with NumPy. The docstrings in "
            "the editor give the contract and worked examples. Your file is graded against a "
            "hidden test suite; a failing test names the classic mistake your outputs match, "
            "and your speed is compared with the reference's.</p>",
            f'  <pl-file-editor file-name="{filename}" ace-mode="ace/mode/python" '
            f'source-file-name="{_starter_name(spec, challenge)}"></pl-file-editor>',
        ]
    parts += [
        "</pl-question-panel>",
        "",
        "<pl-submission-panel>",
        "  <pl-external-grader-results></pl-external-grader-results>",
        "  <pl-file-preview></pl-file-preview>",
        "</pl-submission-panel>",
        "",
    ]
    return "\n".join(parts)


# --------------------------------------------------------------------------- grading
def run(root: Path, spec: Spec) -> dict:
    """Grade ``root/student``; the results.json object (under 1 MB)."""
    started = time.perf_counter()
    outcomes = grade_folder(root / "student", spec)
    return fit(results(outcomes, spec, time.perf_counter() - started))


def results(outcomes: list[Outcome], spec: Spec, seconds: float = 0.0) -> dict:
    """PrairieLearn's results.json for the outcomes of one submission."""
    errors = [e for o in outcomes for e in o.fix]
    extra = {
        "quizzer_version": installed_version(),
        "isolation": isolation(outcomes, spec),
        "seconds": round(seconds, 3),
    }
    if errors:
        return {
            "gradable": False,
            "format_errors": errors,
            "message": t("bundle.not_gradable", spec.lang, errors=" ".join(errors)),
            "tests": [],
            "quizzer": extra,
        }
    several = len(outcomes) > 1
    tests, sections = [], []
    passed = total = 0
    for outcome in outcomes:
        record = outcome.record
        for test in record.get("tests", []):
            tests.append(_test(test, outcome.challenge if several else None, spec.lang))
        passed += int(record.get("passed_count", 0))
        total += int(record.get("total", 0))
        sections.append(_section(outcome, spec.lang))
    score = passed / total if total else 0.0
    message = t("bundle.passed", spec.lang, passed=passed, total=total)
    if passed < total:
        message += t("bundle.hidden_note", spec.lang)
    return {
        "gradable": True,
        "score": round(score, 6),
        "message": message,
        "output": "\n\n".join([*sections, isolation_line(extra["isolation"], spec.lang)]),
        "tests": tests,
        "quizzer": extra,
    }


def _test(test: dict, challenge: str | None, lang: str) -> dict:
    passed = test.get("status") == "pass"
    output = ""
    if not passed and not test.get("hidden") and test.get("expected") is not None:
        output = f"expected: {test.get('expected')}\ngot:      {test.get('got')}"
    name = str(test.get("name", ""))
    return {
        "name": f"{challenge}: {name}" if challenge else name,
        "description": t(
            "bundle.test.hidden" if test.get("hidden") else "bundle.test.visible", lang
        ),
        "points": 1 if passed else 0,
        "max_points": 1,
        "message": "" if passed else f"{test.get('status')}: {test.get('message', '')}",
        "output": output,
    }


def _section(outcome: Outcome, lang: str) -> str:
    record = outcome.record
    lines = [
        t(
            "bundle.section",
            lang,
            challenge=outcome.challenge,
            file=outcome.file,
            passed=record.get("passed_count", 0),
            total=record.get("total", 0),
        )
    ]
    problem = record.get("problem")
    if problem:
        lines.append(str(problem.get("message", "")))
    for finding in record.get("diagnosis", []):
        name, explanation = finding.get("name"), finding.get("explanation")
        lines.append(t("bundle.known_mistake", lang, name=name, explanation=explanation))
    speed = speed_text(record, lang)
    if speed:
        lines.append(speed)
    if record.get("output"):
        lines.append(t("bundle.printed", lang) + "\n" + str(record["output"]))
    return "\n".join(lines)


def fit(result: dict, budget: int = _BUDGET) -> dict:
    """Shorten the longest texts until the JSON is under ``budget`` bytes (PrairieLearn: 1 MB)."""

    def size() -> int:
        return len(json.dumps(result, ensure_ascii=False).encode("utf-8"))

    while size() > budget:
        holders = [(result, "output"), (result, "message")] + [
            (t, key) for t in result.get("tests", []) for key in ("output", "message")
        ]
        holder, key = max(holders, key=lambda hk: len(str(hk[0].get(hk[1], ""))))
        text = str(holder.get(key, ""))
        if len(text) <= 200:  # nothing long left: drop tests' texts entirely
            for test in result.get("tests", []):
                test["output"] = test["message"] = ""
            break
        holder[key] = text[: len(text) // 2] + "\n... (cut: PrairieLearn keeps results under 1 MB)"
    return result


def internal_error(message: str) -> dict:
    """The result when quizzer itself failed: not gradable, so the attempt does not count."""
    text = f"The autograder failed ({message}). This attempt does not count; please tell the course staff."
    return {"gradable": False, "format_errors": [text], "message": text, "tests": []}
