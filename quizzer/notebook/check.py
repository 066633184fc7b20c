"""``quizzer.check("dropout")``: grade the challenge's functions as a notebook defines them.

The functions (and the helpers, imports and constants they use) are written back
to source (``quizzer.notebook.source``), saved to a temporary file and graded by
the same jailed ``grade_submission`` as ``quizzer check``: the learner's code
runs in the sandbox, never in quizzer's process, and never in the notebook's
kernel again. The report is shown (HTML in Jupyter) and a ``CheckResult`` returned.
Problems the learner can fix (a function with no source, an unknown challenge)
become a message and a failed result, never a traceback.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CheckResult:
    """What a script needs: ``passed``, ``score`` (0-1), ``tests`` and ``diagnosis`` (as in ``--json``)."""

    challenge: str
    passed: bool
    score: float
    tests: list[dict[str, Any]] = field(default_factory=list)
    diagnosis: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None  # why nothing was graded
    source: str = ""  # the submission made from the notebook
    report: Any = field(default=None, repr=False)  # quizzer.grading.report.Report

    def __repr__(self) -> str:  # short: the report itself was shown already
        if self.problem is not None:
            return f"CheckResult({self.challenge!r}, passed=False, problem={self.problem!r})"
        done = sum(t["status"] == "pass" for t in self.tests)
        mistakes = [d["mistake"] for d in self.diagnosis]
        return (
            f"CheckResult({self.challenge!r}, passed={self.passed}, score={self.score:.2f}, "
            f"tests={done}/{len(self.tests)} passed, diagnosis={mistakes})"
        )

    def __bool__(self) -> bool:
        return self.passed

    def to_dict(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "passed": self.passed,
            "score": self.score,
            "tests": self.tests,
            "diagnosis": self.diagnosis,
            "problem": self.problem,
        }


def resolve_challenge(ref: str) -> str:
    """A challenge id, a card id or a card number -> the challenge id (``ValueError`` if none)."""
    from quizzer.challenges import CHALLENGES

    ref = str(ref).strip()
    if ref in CHALLENGES:
        return ref
    from quizzer.grading.runner import challenge_for_card

    return challenge_for_card(ref)[0]


def check(
    challenge: str,
    namespace: dict | None = None,
    *,
    lang: str | None = None,
    timeout: float = 10.0,
    show: bool = True,
    record: bool = True,
) -> CheckResult:
    """Grade ``challenge`` (an id, card id or number) on the functions in ``namespace``.

    ``namespace`` defaults to the caller's globals (a notebook's). ``show`` displays
    the report; ``record`` logs the attempt like ``quizzer check`` (a pass unlocks
    ``quizzer solution``).
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    from quizzer.config import resolve_lang

    language = resolve_lang(lang)
    try:
        result = _check(challenge, namespace, language, timeout, record)
    except ValueError as exc:  # SourceUnavailable, GradingError, DeckError: the learner can fix it
        result = CheckResult(str(challenge), False, 0.0, problem=str(exc))
    if show:
        from quizzer.render.notebook import show_problem, show_report

        if result.problem is not None:
            show_problem(result.problem, language)
        else:
            show_report(result.report, language)
    return result


def _check(ref: str, namespace: dict, lang: str, timeout: float, record: bool) -> CheckResult:
    from quizzer.grading import runner
    from quizzer.grading.process import Limits
    from quizzer.notebook.source import submission_source

    if not timeout > 0:
        raise ValueError("timeout must be a positive number of seconds")
    challenge = resolve_challenge(ref)
    source = submission_source(challenge, namespace)
    with tempfile.TemporaryDirectory(prefix="quizzer-notebook-") as folder:
        path = Path(folder) / f"{challenge.replace('-', '_')}.py"
        path.write_text(source, encoding="utf-8")
        report = runner.grade_submission(path, challenge, Limits(timeout=timeout))
    report.file = "notebook"
    if record:
        try:
            runner.record(report)
        except (
            ValueError,
            OSError,
        ):  # the verdict still stands; the store is not the learner's fault
            pass
    data = report.to_dict(lang)
    return CheckResult(
        challenge,
        report.passed,
        report.score,
        data["tests"],
        data["diagnosis"],
        source=source,
        report=report,
    )
