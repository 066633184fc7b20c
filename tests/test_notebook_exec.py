"""``quizzer drill CARD --notebook``: the notebook, and executing it headlessly in a real kernel."""

from __future__ import annotations

import json
import re
import sys

import nbformat
import pytest
from typer.testing import CliRunner

from quizzer.challenges import CHALLENGES, solution_path
from quizzer.cli import app
from quizzer.notebook.starter import build_notebook

WRONG_DROPOUT = """
import numpy as np

def dropout_forward(x, p, rng, training=True):
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy(), np.ones_like(x)
    mask = (rng.random(x.shape) >= p).astype(float)  # vanilla: no 1/(1-p)
    return x * mask, mask

def dropout_backward(dout, mask):
    return dout * mask
"""


def test_drill_notebook_writes_a_valid_notebook(tmp_path):
    r = CliRunner().invoke(app, ["drill", "dropout", "--notebook", "--dir", str(tmp_path)])
    assert r.exit_code == 0, r.stderr
    path = tmp_path / "dropout.ipynb"
    assert "Wrote" in r.stdout and "%quizzer check" in r.stdout
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds[:4] == ["markdown", "code", "markdown", "code"]
    assert "## Card 5: Dropout" in nb.cells[0].source and "?" in nb.cells[0].source
    assert nb.cells[1].source.startswith("%load_ext quizzer")
    compile(nb.cells[3].source, "starter", "exec")
    assert "def dropout_forward(x, p, rng, training=True):" in nb.cells[3].source
    assert "raise NotImplementedError" in nb.cells[3].source
    assert ">>> out, mask = dropout_forward(" in nb.cells[4].source  # the worked examples
    assert nb.cells[-1].source == "%quizzer check dropout"
    again = CliRunner().invoke(app, ["drill", "dropout", "--notebook", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_math_stays_latex_and_chinese_works():
    from quizzer.deck import load_deck

    card = load_deck().find("batchnorm")
    nb = build_notebook("batchnorm", card, "zh")
    assert nb.cells[0].source.startswith("## 卡片 7：")
    assert card.question("zh").strip() in nb.cells[0].source
    assert "检查" in nb.cells[-2].source
    nb = build_notebook("bn-params", None, "en")  # a bare challenge: no card
    assert nb.cells[0].source.startswith("## bn-params")


@pytest.mark.parametrize("challenge", list(CHALLENGES))
def test_every_starter_cell_compiles_and_defines_the_stubs(challenge):
    nb = build_notebook(challenge)
    ns: dict = {"__name__": "__main__"}
    exec(compile(nb.cells[3].source, "cell", "exec"), ns)
    assert all(callable(ns[f]) for f in CHALLENGES[challenge])


def _kernel(tmp_path) -> str:
    """A kernelspec for this interpreter (the venv's python), in a folder of the test's own."""
    from ipykernel.kernelspec import install

    prefix = tmp_path / "jupyter"
    install(kernel_name="quizzer-test", prefix=str(prefix))
    share = prefix / "share" / "jupyter"
    spec = json.loads((share / "kernels" / "quizzer-test" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable  # the kernel runs this venv's python
    return str(share)


def _run(tmp_path, monkeypatch, implementation: str):
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", _kernel(tmp_path))
    r = CliRunner().invoke(app, ["drill", "dropout", "--notebook", "--dir", str(tmp_path)])
    assert r.exit_code == 0, r.stderr
    nb = nbformat.read(tmp_path / "dropout.ipynb", as_version=4)
    nb.cells[3].source = implementation
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "r = quizzer.check('dropout', show=False)\nprint('RESULT', r.passed, r.score)"
        )
    )
    client = NotebookClient(
        nb,
        kernel_name="quizzer-test",
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    check_cell = nb.cells[-2]
    assert check_cell.source == "%quizzer check dropout"
    html = "".join(o.get("data", {}).get("text/html", "") for o in check_cell.outputs)
    text = "".join(o.get("data", {}).get("text/plain", "") for o in check_cell.outputs)
    result = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    return html, text, result


@pytest.mark.slow
def test_generated_notebook_executes_with_a_correct_implementation(tmp_path, monkeypatch):
    reference = solution_path("dropout").read_text(encoding="utf-8")
    html, text, result = _run(tmp_path, monkeypatch, reference)
    assert "<pre" in html and "PASSED" in html  # Rich's HTML in the notebook
    assert "PASSED" in text and re.search(r"\b(\d+)/\1\b", text)  # every test passed
    assert "RESULT True 1.0" in result


@pytest.mark.slow
def test_generated_notebook_executes_with_a_wrong_implementation(tmp_path, monkeypatch):
    html, text, result = _run(tmp_path, monkeypatch, WRONG_DROPOUT)
    assert "FAILED" in html and "FAILED" in text
    assert "Kept units are not scaled by 1/(1-p)" in text  # the diagnosis, shown
    assert "RESULT False" in result
