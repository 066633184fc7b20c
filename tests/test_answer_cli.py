"""``quizzer answer``: one typed answer graded outside a session, nothing stored."""

from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from quizzer.cli import app

runner = CliRunner()

GOOD = (
    "In training each unit is zeroed with probability p and the kept ones are divided by "
    "1 − p so the expectation is unchanged; at inference dropout is the identity."
)


def run(*args: str, **kwargs):
    result = runner.invoke(app, list(args), **kwargs)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_json_from_a_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = run("answer", "dropout", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["card"] == "dropout" and data["suggested"] == 3 and data["reason"] == "core"
    assert {"text", "level", "clause"} <= set(data["hit"][0]) and data["hit"][0]["level"] == "core"
    assert all(set(m) == {"text", "level"} for m in data["missed"])
    assert data["contradictions"] == [] and data["statements"] >= 2
    stored = [
        f for _, _, files in os.walk(os.environ["QUIZZER_HOME"]) for f in files if "sqlite" in f
    ]
    assert stored == []  # no review store is even created


def test_stdin_text_and_chinese(tmp_path):
    result = run("answer", "5", "-", "--lang", "zh", input="推理时仍以概率 p 丢弃神经元。\n")
    assert result.exit_code == 0, result.stderr
    assert "错误的说法" in result.stdout and "纠正：" in result.stdout
    assert "建议评分：1 重来" in result.stdout


def test_a_wrong_statement_in_json():
    result = run(
        "answer", "bn-vs-ln", "--json", input="LayerNorm normalizes each channel across the batch."
    )
    data = json.loads(result.stdout)
    assert data["suggested"] == 1 and data["contradictions"]
    assert {"statement", "wrong", "correction"} == set(data["contradictions"][0])


def test_a_list_of_terms_says_so():
    result = run("answer", "l1-sparsity", input="diamond, corner, contour, Laplace prior, MAP")
    assert result.exit_code == 0
    assert "no statement" in result.stdout and "suggested: 1 again" in result.stdout


def test_bad_input_is_a_clear_error(tmp_path):
    cases = [
        (("answer", "dropout", str(tmp_path / "missing.txt")), "no such file"),
        (("answer", "dropout", str(tmp_path)), "is a folder"),
        (("answer", "nonesuch", "-"), "no card"),
    ]
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    empty = tmp_path / "e.txt"
    empty.write_text("  \n", encoding="utf-8")
    cases += [
        (("answer", "dropout", str(binary)), "not UTF-8"),
        (("answer", "dropout", str(empty)), "empty"),
    ]
    for args, message in cases:
        result = run(*args, input="some answer text is here")
        assert result.exit_code == 2, (args, result.stdout)
        assert message in " ".join(result.stderr.split()), (args, result.stderr)


def test_help_has_examples():
    result = run("answer", "--help")
    assert result.exit_code == 0 and "quizzer answer dropout my-answer.txt" in result.stdout
