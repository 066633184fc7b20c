"""Checking from a notebook: functions back to source, graded by the same sandbox; the magic."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from quizzer.notebook import magic
from quizzer.notebook.check import check
from quizzer.notebook.source import submission_source

# A learner's notebook: a helper, a constant, an aliased import, a second-level helper.
GOOD = """
import numpy as numpy_alias
from numpy import multiply

SCALE_TO_ONE = 1.0

def _scale(p):
    return SCALE_TO_ONE / (1.0 - p)

def _mask(shape, p, rng, dtype):
    keep = rng.random(shape) >= p
    return multiply(keep, _scale(p)).astype(dtype)

def dropout_forward(x, p, rng, training=True):
    x = numpy_alias.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(float)
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    if not training or p == 0:
        return x.copy(), numpy_alias.ones_like(x)
    if p == 1:
        return numpy_alias.zeros_like(x), numpy_alias.zeros_like(x)
    mask = _mask(x.shape, p, rng, x.dtype)
    return x * mask, mask

def dropout_backward(dout, mask):
    dout, mask = numpy_alias.asarray(dout), numpy_alias.asarray(mask)
    if dout.shape != mask.shape:
        raise ValueError("shapes differ")
    return dout * mask
"""

# vanilla dropout: kept units are not scaled by 1/(1-p)
WRONG = GOOD.replace("SCALE_TO_ONE / (1.0 - p)", "SCALE_TO_ONE")


def notebook(tmp_path, source: str, name: str = "cell") -> dict:
    """Run ``source`` as a notebook would: ``__main__`` globals, source findable by inspect."""
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    namespace = {"__name__": "__main__"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def test_source_has_the_functions_and_everything_they_use(tmp_path):
    text = submission_source("dropout", notebook(tmp_path, GOOD))
    assert text.startswith("# quizzer challenge: dropout\n")
    for line in (
        "import numpy as numpy_alias",
        "from numpy import multiply",  # a library function: imported, not copied
        "SCALE_TO_ONE = 1.0",
        "def _scale(p):",  # the helper's helper
        "def _mask(shape, p, rng, dtype):",
        "def dropout_forward(x, p, rng, training=True):",
        "def dropout_backward(dout, mask):",
    ):
        assert line in text.splitlines(), line
    compile(text, "submission", "exec")


def test_a_correct_notebook_passes_and_a_wrong_one_is_diagnosed(tmp_path):
    good = check("dropout", notebook(tmp_path, GOOD, "good"), show=False)
    assert good.passed and good.score == 1.0 and good.problem is None
    assert good.tests and all(t["status"] == "pass" for t in good.tests)
    wrong = check("dropout", notebook(tmp_path, WRONG, "wrong"), show=False)
    assert not wrong.passed and 0 <= wrong.score < 1
    assert "dropout-no-rescale" in [d["mistake"] for d in wrong.diagnosis]
    assert "CheckResult('dropout', passed=False" in repr(wrong)


def test_the_reference_solution_passes_with_its_private_helpers(tmp_path):
    from quizzer.challenges import solution_path

    ns = notebook(tmp_path, solution_path("bn-vs-ln").read_text(encoding="utf-8"))
    result = check("10", ns, show=False)  # a card number works too
    assert result.passed and result.challenge == "bn-vs-ln"


def test_the_sandbox_still_holds(tmp_path):
    hostile = GOOD + "\ndef dropout_backward(dout, mask):\n    import os\n    os._exit(0)\n"
    result = check("dropout", notebook(tmp_path, hostile), show=False)
    assert not result.passed
    assert {t["status"] for t in result.tests} - {"pass"}


def _problem(ns: dict) -> str:
    result = check("dropout", ns, show=False)
    assert not result.passed and result.score == 0.0 and result.tests == []
    return result.problem


def test_functions_without_source_get_a_message_not_a_traceback(tmp_path):
    ns = {"__name__": "__main__"}
    exec("def dropout_forward(x, p, rng, training=True):\n    return x, x\n", ns)
    assert "not available (was it made by exec" in _problem(ns)
    lam = notebook(tmp_path, "dropout_forward = lambda x, p, rng, training=True: (x, x)\n", "lam")
    assert "is a lambda" in _problem(lam)
    assert "not a Python function defined in this notebook" in _problem(
        {"__name__": "__main__", "dropout_forward": np.exp}
    )
    ns = notebook(tmp_path, GOOD)
    ns["SCALE_TO_ONE"] = np.ones(3)  # a global array cannot be written as source
    assert "SCALE_TO_ONE (used by _scale) is a global ndarray" in _problem(ns)
    assert "no card 'nope'" in check("nope", {}, show=False).problem


def test_an_alias_of_a_notebook_function_is_graded(tmp_path):
    source = GOOD.replace("def dropout_forward(", "def my_dropout(") + (
        "\ndropout_forward = my_dropout\n"
    )
    ns = notebook(tmp_path, source)
    text = submission_source("dropout", ns)
    assert "dropout_forward = my_dropout" in text
    assert check("dropout", ns, show=False).passed


def test_problems_are_shown_as_one_message(tmp_path, capsys):
    check("dropout", {"__name__": "__main__", "dropout_forward": len})
    out = capsys.readouterr().out
    assert out.startswith("cannot check: dropout_forward is builtin_function_or_method len")
    assert "Traceback" not in out


def test_default_namespace_is_the_callers_globals(tmp_path):
    script = tmp_path / "learner.py"
    script.write_text(
        GOOD + "\nimport quizzer\nr = quizzer.check('dropout', show=False)\n"
        "print(r.passed, r.score, len(r.tests))\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:2] == ["True", "1.0"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("check dropout", ("dropout", {})),
        ("check 7 --lang zh --timeout 2.5", ("7", {"lang": "zh", "timeout": 2.5})),
        ("check l1 --lang=en", ("l1", {"lang": "en"})),
    ],
)
def test_magic_parses_its_line(line, expected):
    assert magic.parse(line) == expected


@pytest.mark.parametrize("line", ["", "grade dropout", "check", "check x --lang", "check x -q"])
def test_magic_rejects_bad_lines_with_the_usage(line):
    with pytest.raises(ValueError, match="usage: %quizzer check CARD"):
        magic.parse(line)


def test_magic_in_ipython_reads_cells_and_grades_them(tmp_path, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert shell.run_cell("%load_ext quizzer").success
    assert shell.run_cell(GOOD).success
    capsys.readouterr()
    shell.run_cell("%quizzer check dropout")
    out = capsys.readouterr().out
    assert "PASSED" in out and "notebook" in out
    shell.run_cell("r = quizzer.check('dropout', show=False)", store_history=False)
    shell.run_cell("import quizzer; r = quizzer.check('dropout', show=False)")
    assert shell.user_ns["r"].passed
    shell.run_cell("%quizzer check")
    assert "usage: %quizzer check CARD" in capsys.readouterr().out
    shell.run_cell("dropout_backward = lambda dout, mask: dout * mask")
    shell.run_cell("%quizzer check dropout")
    out = capsys.readouterr().out
    assert "dropout_backward is a lambda" in out and "Traceback" not in out
    shell.run_cell(WRONG)
    shell.run_cell("%quizzer check dropout --lang zh")
    out = capsys.readouterr().out
    assert "未通过" in out and "重新运行定义函数的单元格" in out and "--watch" not in out


def test_import_quizzer_stays_light():
    code = (
        "import sys, quizzer; quizzer.load_ipython_extension; "
        "print(sorted(m for m in ('numpy', 'IPython', 'nbformat', 'quizzer.grading') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_attribute_names_are_not_globals(tmp_path):
    source = GOOD.replace("return dout * mask\n", "return (dout * mask).reshape(dout.shape)\n")
    ns = notebook(tmp_path, source + "\nshape = numpy_alias.zeros(3)\nreshape = object()\n")
    text = submission_source("dropout", ns)
    assert "shape =" not in text and "reshape" not in text.replace(".reshape(", "")
    assert check("dropout", ns, show=False).passed
