"""The deck commands through the CLI: list, show, validate, schema."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from typer.testing import CliRunner

from quizzer import paths
from quizzer.cli import app
from quizzer.schema import schema_text
from tests.test_cards import BAD_CASES, card_text, make_deck

runner = CliRunner()


@pytest.fixture
def bundled(tmp_path, monkeypatch):
    """A small deck standing in for the bundled one (the real one is tested at the end)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    cards = make_deck(
        tmp_path / "data",
        {
            "05-dropout.yaml": card_text("dropout", 5),
            "02-l1.yaml": card_text("l1", 2, "l1").replace(
                "tags: [demo, test]", "tags: [demo, sparse]"
            ),
        },
    )
    monkeypatch.setattr(paths, "cards_dir", lambda: cards)
    monkeypatch.setattr(paths, "data_root", lambda: cards.parent)
    return cards


def run(*args: str, **kwargs):
    result = runner.invoke(app, list(args), **kwargs)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_list_table(bundled):
    result = run("list", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("difficulty" in line and "challenge" in line for line in lines)
    l1 = next(i for i, line in enumerate(lines) if " l1 " in line)
    dropout = next(i for i, line in enumerate(lines) if " dropout " in line)
    assert l1 < dropout  # sorted by number
    assert "Title dropout" in lines[dropout] and "★★☆☆☆" in lines[dropout] and "✓" in lines[dropout]
    assert result.stderr == ""


def test_list_in_chinese_and_from_the_environment(bundled, monkeypatch):
    assert "标题 dropout" in run("list", "--lang", "zh").stdout
    monkeypatch.setenv("QUIZZER_LANG", "zh")
    assert "标题 dropout" in run("list").stdout


def test_list_json_and_tag_filter(bundled):
    result = run("list", "--json", "--lang", "zh")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["id"] for c in data] == ["l1", "dropout"]
    first = data[0]
    assert {"id", "number", "title", "tags", "difficulty", "challenge"} <= set(first)
    assert (
        first["title"] == "标题 l1" and first["number"] == 2 and first["tags"] == ["demo", "sparse"]
    )
    assert first["challenge"] == "l1" and first["difficulty"] == 2
    only = json.loads(run("list", "--json", "--tag", "sparse").stdout)
    assert [c["id"] for c in only] == ["l1"]
    # a filter that matches nothing is a usage error (exit 2), with --json too
    both = run("list", "--json", "--tag", "sparse", "--tag", "test")
    assert both.exit_code == 2 and not both.stdout
    assert "no card matches --tag sparse --tag test" in both.stderr
    none = run("list", "--tag", "nothing")
    assert none.exit_code == 2 and "no card matches --tag nothing" in none.stderr


def _cells(text: str) -> int:
    """Terminal cells: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize(("lang", "width"), [("en", 100), ("zh", 100), ("en", 60), ("zh", 60)])
def test_list_of_a_big_deck_prints_aligned_columns(bundled, tmp_path, monkeypatch, lang, width):
    """Above 300 rows ``list`` lays out the columns itself: same content as the table."""
    files = {f"{i:03d}.yaml": card_text(f"card-{i:03d}", 100 + i, None) for i in range(310)}
    files["long.yaml"] = (
        card_text("long", 999, "l1")
        .replace('en: "Title long"', f'en: "{"A very long title " * 6}"')
        .replace('zh: "标题 long"', f'zh: "{"一个很长的标题" * 6}"')
    )
    big = make_deck(tmp_path / "big", files)
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("list", "--deck", str(big), "--lang", lang)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 2 + 311  # header, rule, the 2 bundled stand-ins, the big deck
    assert lines[0].split()[:2] == ["#", "id"] and set(lines[1]) == {"─", " "}
    assert max(map(_cells, lines)) <= width
    row = next(line for line in lines if " card-042 " in line)
    number, card_id, cell, tags, stars, tick = re.split(r"\s{2,}", row.strip())
    assert (number, card_id, tags, stars, tick) == ("142", "card-042", "demo, test", "★★☆☆☆", "–")
    title = "标题 card-042" if lang == "zh" else "Title card-042"
    assert cell == title or cell.endswith("…") and title.startswith(cell[:-1].rstrip())
    rule = [len(m.group()) for m in re.finditer("─+", lines[1])]
    assert _cells(row[: row.index("card-042") - 2]) == rule[0]  # right-aligned numbers
    long = next(line for line in lines if " long " in line)
    assert "…" in long and long.rstrip().endswith("✓")  # the title cut to fit, not wrapped


def test_list_with_an_extra_deck_option_and_env(bundled, tmp_path, monkeypatch):
    mine = make_deck(tmp_path / "mine", {"x.yaml": card_text("my-card", 42, None)})
    ids = [c["id"] for c in json.loads(run("list", "--json", "--deck", str(mine)).stdout)]
    assert ids == ["l1", "dropout", "my-card"]
    monkeypatch.setenv("QUIZZER_DECKS", str(mine / "x.yaml"))
    ids = [c["id"] for c in json.loads(run("list", "--json").stdout)]
    assert ids == ["l1", "dropout", "my-card"]


def test_show_question_answer_key_points_notes(bundled):
    result = run("show", "dropout", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    order = [
        out.index(s)
        for s in (
            "Question",
            "What is dropout?",
            "Answer",
            "Key points",
            "three",
            "Where the write-up",
        )
    ]
    assert order == sorted(order)
    assert "(xᵢ − μ)/√(σ² + ε)" in out  # math converted
    assert "\\frac" not in out
    assert "The seed says X." in out and "原文" in out
    assert "Implement it: dropout" in out and "dropout_forward" in out


def test_show_by_number_in_chinese(bundled):
    result = run("show", "2", "--lang", "zh")
    assert result.exit_code == 0
    assert "l1 是什么？" in result.stdout and "λ‖w‖₁" in result.stdout and "要点" in result.stdout


def test_show_no_answer_hides_answer_key_points_and_notes(bundled):
    result = run("show", "dropout", "--no-answer", "--lang", "en")
    assert result.exit_code == 0
    assert "What is dropout?" in result.stdout
    for hidden in ("Answer", "(xᵢ − μ)", "Key points", "three", "The seed says X."):
        assert hidden not in result.stdout


def test_show_json(bundled):
    data = json.loads(run("show", "dropout", "--json").stdout)
    assert data["id"] == "dropout" and data["title"] == {
        "en": "Title dropout",
        "zh": "标题 dropout",
    }
    assert data["key_points"][0]["claims"] == ["training"]
    assert data["answer"]["en"].startswith("It is $\\frac")
    hidden = json.loads(run("show", "dropout", "--json", "--no-answer").stdout)
    assert "answer" not in hidden and "key_points" not in hidden and "choices" not in hidden
    assert "concepts" not in hidden and "misconceptions" not in hidden
    assert hidden["question"]["en"] == "What is dropout?"


def test_show_unknown_card(bundled):
    result = run("show", "dropuot")
    assert result.exit_code == 2
    assert "no card 'dropuot'; did you mean 'dropout'?" in result.stderr
    assert run("show", "9").exit_code == 2


def test_show_calls_the_figure_hook(bundled, monkeypatch):
    figures = pytest.importorskip("quizzer.render.figures")
    calls = []

    def fake_figure(name, lang, width):
        calls.append((name, lang, width))
        return "FIGURE GOES HERE"

    monkeypatch.setattr(figures, "figure_renderable", fake_figure)
    out = run("show", "dropout", "--lang", "zh").stdout
    assert calls and calls[0][:2] == ("dropout", "zh") and 20 <= calls[0][2] <= 100
    assert "FIGURE GOES HERE" in out
    calls.clear()
    run("show", "dropout", "--no-answer")
    assert calls == []


def test_bad_language(bundled):
    result = run("list", "--lang", "fr")
    assert result.exit_code == 2 and "unknown language 'fr'" in result.stderr


def test_validate_ok(bundled):
    result = run("validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "OK: 2 cards in 2 files, no problems"


def test_validate_reports_every_problem(bundled, tmp_path):
    mine = make_deck(
        tmp_path / "mine",
        {
            "a.yaml": card_text("l2", 3, "l2").replace("difficulty: 2", "difficulty: 7"),
            "b.yaml": "",
            "c.yaml": card_text(),
        },
    )
    result = run("validate", str(mine))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "mine/cards/a.yaml:33: difficulty: must be between 1 and 5, got 7",
        "mine/cards/b.yaml:1: file: the file is empty",
    ]
    assert "2 problems in 3 files" in result.stderr
    # without a path, --deck adds to the bundled deck: c.yaml repeats the bundled id
    result = run("validate", "--deck", str(mine / "c.yaml"))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "mine/cards/c.yaml:3: id: duplicate id 'dropout' (also in data/cards/05-dropout.yaml:3)"
    ]


def test_validate_json(bundled, tmp_path):
    mine = make_deck(tmp_path / "mine", {"a.yaml": "id: [\n"})
    result = run("validate", "--json", str(mine))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["files"] == 1 and data["cards"] == 0
    (problem,) = data["problems"]
    assert (
        problem["path"] == "mine/cards/a.yaml"
        and problem["line"] == 2
        and problem["field"] == "yaml"
    )
    good = json.loads(run("validate", "--json").stdout)
    assert good == {"ok": True, "files": 2, "cards": 2, "problems": []}


@pytest.mark.parametrize("case", list(BAD_CASES))
@pytest.mark.parametrize("command", [["list"], ["show", "dropout"], ["list", "--json"]])
def test_a_bad_card_never_shows_a_traceback(bundled, tmp_path, case, command):
    text, expected = BAD_CASES[case]
    text = text.replace(
        "\nid: dropout\n", "\nid: my-dropout\n"
    )  # not a duplicate of the bundled card
    mine = make_deck(tmp_path / "mine", {"x.yaml": text})
    result = run(*command, "--deck", str(mine))
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    if expected:
        assert first == expected[0].replace("cards/x.yaml", "mine/cards/x.yaml")
    else:
        assert first.startswith("mine/cards/x.yaml:")
    assert "problem" in result.stderr.splitlines()[-1] and "quizzer validate" in result.stderr


def test_non_utf8_and_missing_deck_on_the_command_line(bundled, tmp_path):
    mine = make_deck(tmp_path / "mine", {"x.yaml": b"id: \xff\n"})
    result = run("list", "--deck", str(mine))
    assert result.exit_code == 1
    assert (
        "mine/cards/x.yaml:1: file: not valid UTF-8 (byte 0xff); save the file as UTF-8"
        in result.stderr
    )
    result = run("list", "--deck", "nowhere")
    assert result.exit_code == 1 and "nowhere: deck: no such file or folder" in result.stderr


def test_schema_prints_and_writes(tmp_path):
    result = run("schema")
    assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "quizzer card"
    assert result.stdout == schema_text()
    target = tmp_path / "card.schema.json"
    result = run("schema", "--out", str(target))
    assert result.exit_code == 0 and target.read_text(encoding="utf-8") == schema_text()
    bad = run("schema", "--out", str(tmp_path / "no" / "such" / "dir" / "x.json"))
    assert bad.exit_code == 1 and "cannot write" in bad.stderr


def test_help_teaches():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("list", "show", "validate", "schema"):
        assert command in result.stdout
    show_help = run("show", "--help").stdout
    assert "--no-answer" in show_help and "--lang" in show_help and "--deck" in show_help


# --- the real bundled deck ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_deck_lists_eleven_cards(lang):
    result = run("list", "--json", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["number"] for c in data] == list(range(1, 12))
    assert all(c["title"] == c["titles"][lang] for c in data)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_deck_shows_every_card(lang, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # seed quotes on one line each
    for number in range(1, 12):
        result = run("show", str(number), "--lang", lang)
        assert result.exit_code == 0, result.stderr
        # the seed's own words are quoted verbatim (LaTeX and all); everything else is converted
        converted = [line for line in result.stdout.splitlines() if "「" not in line]
        assert not [line for line in converted if re.search(r"\\[a-zA-Z]+", line)]
