"""The verdict on one submission, as plain data: ``Report``, its ``CaseReport`` per test and
``Finding`` per catalogued mistake.

``runner.grade_submission`` fills it in. It is picklable (batch grading) and
``to_dict`` is the ``--json`` object (documented in the README) and the record
of batch grading; rendering lives in ``quizzer.render.report``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from quizzer.cards import Titled
from quizzer.grading.problems import LoadProblem
from quizzer.grading.process import Limits


@dataclass
class CaseReport(Titled):
    name: str
    status: str  # pass | fail | error | timeout | crash
    message: str
    hidden: bool
    expected: str | None = None  # visible tests only
    got: str | None = None
    seconds: float = 0.0
    name_zh: str | None = None
    id: str = ""  # the suite's test function: stable across languages and versions of the name
    message_zh: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.message_zh if lang == "zh" and self.message_zh else self.message

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The test's ``--json`` object: ``id`` first, ``name`` and ``message`` in ``lang``."""
        out = asdict(self)
        del out["name_zh"], out["message_zh"]
        return {"id": out.pop("id"), **out, "name": self.title(lang), "message": self.text(lang)}


@dataclass
class Finding(Titled):
    """A catalogued mistake the submission's outputs reproduce."""

    mistake: str
    name: str
    explanation: dict[str, str]  # {"en": ..., "zh": ...}
    card: str
    name_zh: str | None = None


@dataclass
class Report:
    challenge: str
    file: str
    tests: list[CaseReport]
    diagnosis: list[Finding] = field(default_factory=list)
    timing: list = field(default_factory=list)  # list[timing.Timing]
    problem: LoadProblem | None = None  # the file could not be compiled or imported
    functions: dict[str, str] = field(default_factory=dict)  # name -> ok | missing | not callable
    hints: dict[str, str] = field(default_factory=dict)  # missing function -> a similar name
    output: str = ""
    output_bytes: int = 0
    output_truncated: bool = False
    restarts: int = 0
    seconds: float = 0.0
    limits: Limits = field(default_factory=Limits)
    isolation: dict = field(default_factory=dict)  # layer -> {"active", "how" | "why"}
    escapes: list = field(default_factory=list)  # attempts the jail refused: {"what", "target"}

    @property
    def passed_count(self) -> int:
        return sum(t.passed for t in self.tests)

    @property
    def passed(self) -> bool:
        return bool(self.tests) and self.passed_count == len(self.tests)

    @property
    def score(self) -> float:
        return self.passed_count / len(self.tests) if self.tests else 0.0

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    @property
    def missing(self) -> list[str]:
        return [f for f, state in self.functions.items() if state != "ok"]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The ``--json`` object (documented in the README)."""
        return {
            "challenge": self.challenge,
            "file": self.file,
            "passed": self.passed,
            "score": round(self.score, 4),
            "passed_count": self.passed_count,
            "total": len(self.tests),
            "tests": [t.to_dict(lang) for t in self.tests],
            "diagnosis": [
                {
                    "mistake": f.mistake,
                    "name": f.title(lang),
                    "explanation": f.explanation.get(lang) or f.explanation.get("en", ""),
                    "card": f.card,
                }
                for f in self.diagnosis
            ],
            "timing": [t.to_dict() for t in self.timing],
            "problem": self.problem.to_dict(lang) if self.problem else None,
            "missing": self.missing,
            "output": self.output,
            "output_bytes": self.output_bytes,
            "output_truncated": self.output_truncated,
            "restarts": self.restarts,
            "seconds": round(self.seconds, 3),
            "limits": self.limits.to_dict(),
            "isolation": self.isolation,
            "escapes": self.escapes,
        }
