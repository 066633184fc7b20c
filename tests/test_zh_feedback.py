"""Under ``--lang zh`` no English sentence reaches the learner.

Each check report is rendered in Chinese on a fixed-width console and scanned
for runs of English words. What may stay in English: identifiers and code
(anything with ``_ . ( ) = *`` or digits), short technical terms (at most two
words in a row: ``BatchNorm``, ``NumPy``, ``Inverted dropout``), and what
Python or the learner's own code said, which the Chinese quotes in 「」.
"""

from __future__ import annotations

import io
import re
import textwrap

import pytest

from quizzer.challenges import CHALLENGES, reference
from quizzer.grading.process import Limits
from quizzer.grading.report import Finding, Report
from quizzer.grading.runner import _test_report, grade_submission
from quizzer.grading.starter import starter_source
from quizzer.suites import diagnose, mistake_impl, mistakes, run_suite

QUOTED = re.compile(r"「[^」]*」")
COMMAND = re.compile(r"quizzer [a-z]+(?: [\w.-]+)?")
CODE = re.compile(r"\S*[_.()=*/\\\[\]{}<>|^`'0-9]\S*")
ENGLISH_RUN = re.compile(r"[A-Za-z][a-z]+(?:[ ,;:]+[A-Za-z][a-z]+){2,}")


def english_runs(text: str) -> list[str]:
    """Runs of three or more plain English words, once quotes and code are taken out."""
    text = QUOTED.sub(" § ", text)
    text = COMMAND.sub(" § ", text)
    text = CODE.sub(" § ", text)
    return ENGLISH_RUN.findall(text)


def typography(text: str) -> list[str]:
    """Spaces that Chinese typesetting does not have: before full-width punctuation, after （."""
    return re.findall(r"\S （| [，。；：、）]|（ ", text)


def test_the_scanner_finds_sentences_and_lets_code_and_terms_through():
    assert english_runs("the values are wrong") == ["the values are wrong"]
    assert english_runs("用 np.asarray(w, dtype=np.float64) 转换 BatchNorm 的 x_hat") == []
    assert english_runs("Inverted dropout 把保留的单元除以 1-p") == []
    assert english_runs("抛出了 TypeError：「unsupported operand type for +」") == []


def _render(report: Report) -> str:
    from quizzer.render import console
    from quizzer.render.report import report_renderables

    out = io.StringIO()
    screen = console(file=out, width=100)
    for part in report_renderables(report, "zh"):
        screen.print(part)
    return out.getvalue()


def _in_process_report(challenge: str, impl) -> Report:
    report = Report(
        challenge, f"{challenge}.py", [_test_report(r) for r in run_suite(challenge, impl)]
    )
    report.functions = dict.fromkeys(CHALLENGES[challenge], "ok")
    report.diagnosis = [
        Finding(m.id, m.name, {"en": m.explanation.en, "zh": m.explanation.zh}, m.card, m.name_zh)
        for m in diagnose(challenge, impl)
    ]
    return report


MISTAKES = [(c, m) for c in CHALLENGES for m in mistakes(c)]


@pytest.mark.parametrize(("challenge", "mistake"), MISTAKES, ids=[m.id for _, m in MISTAKES])
def test_the_report_of_every_catalogued_mistake_is_chinese(challenge, mistake):
    report = _in_process_report(challenge, mistake_impl(challenge, mistake))
    assert not report.passed
    text = _render(report)
    assert english_runs(text) == [], text
    for test in report.tests:  # merged rows show one message of several: read every one
        assert english_runs(test.text("zh")) == [], test.text("zh")
        assert typography(test.text("zh")) == [], test.text("zh")
        assert english_runs(test.to_dict("zh")["message"]) == []


@pytest.mark.parametrize("challenge", list(CHALLENGES))
def test_the_report_of_the_starter_stub_is_chinese(challenge):
    def stub(*args, **kwargs):
        raise NotImplementedError(f"「请实现 {challenge}」")

    from types import SimpleNamespace

    report = _in_process_report(
        challenge, SimpleNamespace(**dict.fromkeys(CHALLENGES[challenge], stub))
    )
    for test in report.tests:
        assert english_runs(test.text("zh")) == [], test.text("zh")


def _check_zh(tmp_path, source: str, challenge: str = "dropout", **limits) -> tuple[Report, str]:
    path = tmp_path / "submission.py"
    path.write_text(textwrap.dedent(source))
    report = grade_submission(path, challenge, Limits(**limits), timing=False)
    report.output, report.output_bytes = "", 0  # what the learner's code printed is theirs
    return report, _render(report)


SUBMISSIONS = {
    "syntax error": "def dropout_forward(x, p, rng, training=True)\n    return x\n",
    "missing function": """
        import numpy as np

        def dropout_forwad(x, p, rng, training=True):
            return x, np.ones_like(x)

        def dropout_backward(dout, mask):
            return dout * mask
        """,
    "exception at import": "import numpy as np\nraise RuntimeError('boom')\n",
    "exit at import": "import sys\nsys.exit(3)\n",
}


@pytest.mark.parametrize("kind", list(SUBMISSIONS))
def test_problem_reports_are_chinese(tmp_path, kind):
    report, text = _check_zh(tmp_path, SUBMISSIONS[kind])
    assert not report.passed
    assert english_runs(text) == [], text
    for test in report.tests:
        assert english_runs(test.text("zh")) == [], test.text("zh")
    if report.problem is not None:
        assert english_runs(report.to_dict("zh")["problem"]["message"]) == []


@pytest.mark.slow
def test_timeouts_and_crashes_are_reported_in_chinese(tmp_path):
    source = """
        import os, signal
        import numpy as np

        def dropout_forward(x, p, rng, training=True):
            while True:
                pass

        def dropout_backward(dout, mask):
            os.kill(os.getpid(), signal.SIGSEGV)
        """
    report, text = _check_zh(tmp_path, source, timeout=1.0)
    assert {t.status for t in report.tests} >= {"timeout", "crash"}
    assert english_runs(text) == [], text
    for test in report.tests:
        assert english_runs(test.text("zh")) == [], test.text("zh")


@pytest.mark.parametrize("challenge", list(CHALLENGES))
def test_the_chinese_starter_explains_the_contract_in_chinese(challenge):
    source = starter_source(challenge, lang="zh")
    docstrings = re.findall(r'"""(.*?)"""', source, flags=re.S)
    assert len(docstrings) == len(CHALLENGES[challenge]) + 1  # the module and every function
    for doc in docstrings:
        assert re.search(r"[\u4e00-\u9fff]", doc), doc
        assert english_runs(doc) == [], doc
        assert typography(doc) == [], doc
    assert reference(challenge)  # the English starter still comes from the reference itself
