"""The polish: --version, -h, shell completion, ids that never wrap, one exit code for an empty
filter, and plain words ("the source write-up") instead of "seed"."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

import quizzer
from quizzer.challenges import CHALLENGES
from quizzer.cli import app
from quizzer.commands.common import (
    complete_card,
    complete_challenge,
    complete_challenge_ref,
    complete_figure,
    complete_lang,
)
from quizzer.deck import load_deck
from quizzer.schema import FIGURES

runner = CliRunner()
IDS = [card.id for card in load_deck([])]


def invoke(*args: str, **kwargs):
    result = runner.invoke(app, list(args), **kwargs)
    assert "Traceback" not in result.stdout + result.stderr
    return result


# --------------------------------------------------------------------------- --version, -h
@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = invoke(flag)
    assert result.exit_code == 0 and result.stdout == f"quizzer {quizzer.__version__}\n"


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["list", "-h"], ["challenges", "-h"]])
def test_dash_h_is_help(args):
    result = invoke(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0 and "Usage: quizzer" in result.stdout


def test_new_commands_have_help_with_examples():
    for command in ("challenges", "next", "hint"):
        out = invoke(command, "--help", env={"COLUMNS": "100"}).stdout
        assert "Examples:" in out and f"quizzer {command}" in out


# --------------------------------------------------------------------------- completion
def test_completion_is_switched_on():
    out = invoke("--help", env={"COLUMNS": "100"}).stdout
    assert "--install-completion" in out and "--show-completion" in out


def test_card_ids_challenge_ids_figures_and_languages_complete():
    assert [value for value, _ in complete_card("bn-")] == [i for i in IDS if i.startswith("bn-")]
    assert dict(complete_card("drop")) == {"dropout": load_deck([]).find("dropout").title.en}
    assert complete_card("zzz") == []
    assert complete_challenge("l1") == ["l1", "l1-sparsity", "l1-drawbacks"]
    assert complete_challenge("") == list(CHALLENGES)
    assert complete_figure("n") == ["norm-axes"] and complete_figure("") == list(FIGURES)
    assert complete_lang("z") == ["zh"]


def test_a_file_or_a_card_completes_for_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dropout.py").write_text("")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "dropout_v2.py").write_text("")
    found = complete_challenge_ref("drop")
    assert found[0] == "dropout.py" and ("dropout", load_deck([]).find("dropout").title.en) in found
    assert complete_challenge_ref("work/d") == ["work/dropout_v2.py"]
    assert complete_challenge_ref("no/such/dir/x") == []


def test_a_broken_deck_completes_nothing_and_never_raises(tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n")
    monkeypatch.setenv("QUIZZER_DECKS", str(tmp_path))
    assert complete_card("d") == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("quizzer show bn-p", ["bn-params"]),
        ("quizzer drill l1-d", ["l1-drawbacks"]),
        ("quizzer solution reg", ["regularization"]),
        ("quizzer figure pri", ["priors"]),
        ("quizzer check x.py -c bn-r", ["bn-recsys"]),
        ("quizzer ch", ["check", "challenges"]),
    ],
)
def test_completion_through_the_shell_protocol(words, expected):
    """What bash asks for (typer's ``_QUIZZER_COMPLETE=complete_bash``) and gets back."""
    cword = len(words.split()) - 1
    env = {"_QUIZZER_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = runner.invoke(app, [], env=env, prog_name="quizzer")
    assert result.stdout.split() == expected


# --------------------------------------------------------------------------- ids never wrap
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 60, 80, 120])
def test_list_never_splits_an_id(lang, width):
    out = invoke("list", "--lang", lang, env={"COLUMNS": str(width)}).stdout
    for card_id in IDS:
        assert re.search(rf"(^|\s){re.escape(card_id)}(\s|$)", out, re.M), (card_id, out)
    assert "regula" not in out.replace("regularization", "")
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width


# --------------------------------------------------------------------------- exit codes
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_filter_that_matches_nothing_is_exit_2_with_one_message(lang):
    results = [
        invoke("list", "--tag", "nosuch", "--lang", lang),
        invoke("list", "--tag", "nosuch", "--json", "--lang", lang),
        invoke("quiz", "--tag", "nosuch", "--lang", lang),
    ]
    assert [r.exit_code for r in results] == [2, 2, 2]
    messages = {" ".join(r.stderr.split()) for r in results}
    assert len(messages) == 1
    wanted = "no card matches --tag nosuch" if lang == "en" else "没有符合 --tag nosuch 的卡片"
    assert wanted in messages.pop()
    assert all(not r.stdout for r in results)


def test_tags_that_no_single_card_has_together_are_an_empty_filter_for_list():
    result = invoke("list", "--tag", "dropout", "--tag", "lasso")
    assert result.exit_code == 2 and "no card matches --tag dropout --tag lasso" in result.stderr
    assert invoke("list", "--tag", "dropout").exit_code == 0


def test_quiz_limit_zero_is_a_usage_error_not_nothing_due():
    result = invoke("quiz", "-n", "0", input="")
    assert result.exit_code == 2
    assert "Nothing to review" not in result.stdout and "--limit" in result.stderr


# --------------------------------------------------------------------------- plain words
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_seed_in_what_show_and_figure_list_print(lang):
    show = invoke("show", "dropout", "--lang", lang, env={"COLUMNS": "120"}).stdout
    label = "Where the write-up is wrong or loose" if lang == "en" else "原文的错误与不严谨之处"
    assert label in show
    named = "The write-up: the Chinese interview notes" if lang == "en" else "原文：这些卡片所依据"
    assert show.count(named) == 1  # the write-up is named once
    figures = invoke("figure", "--list", "--lang", lang, env={"COLUMNS": "120"}).stdout
    if lang == "en":
        assert "Seed" not in show and "seed picture" not in figures
        assert "picture in the write-up" in figures
    else:
        assert "原文图片" in figures


def test_show_json_carries_the_hints_and_no_answer_hides_them():
    import json

    whole = json.loads(invoke("show", "dropout", "--json").stdout)
    assert len(whole["hints"]) == 3 and set(whole["hints"][0]) == {"en", "zh"}
    hidden = json.loads(invoke("show", "dropout", "--json", "--no-answer").stdout)
    assert "hints" not in hidden and "answer" not in hidden
