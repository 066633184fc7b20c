"""A wrong command line is refused in the learner's language: Typer's parser's sentences in Chinese."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.commands.usage_zh import in_chinese, wants_chinese

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (["check", "--lang", "zh"], "缺少参数 'file'。", "Missing argument"),
        (["list", "--nope", "--lang", "zh"], "没有这个选项：--nope", "No such option"),
        (["check", "a.py", "b.py", "--lang=zh"], "多余的参数（b.py）", "unexpected extra"),
        (["grade", ".", "--workers", "x", "--lang", "zh"], "'x' 不是有效的整数", "Invalid value"),
    ],
)
def test_a_wrong_command_line_is_refused_in_chinese(args, chinese, english):
    result = runner.invoke(app, args, env={"COLUMNS": "200", "QUIZZER_LANG": "en"})
    assert result.exit_code == 2
    assert chinese in result.stderr and "错误" in result.stderr and "查看帮助" in result.stderr
    assert english not in result.stderr and "Error" not in result.stderr


def test_the_environment_asks_for_chinese_too_and_english_stays_english():
    unknown = runner.invoke(app, ["lsit"], env={"COLUMNS": "200", "QUIZZER_LANG": "zh"})
    assert unknown.exit_code == 2
    assert "没有这个命令 'lsit'。" in unknown.stderr and "是不是想用 'list'？" in unknown.stderr
    english = runner.invoke(app, ["check"], env={"COLUMNS": "200", "QUIZZER_LANG": "en"})
    assert english.exit_code == 2  # after a Chinese error in the same process: English again
    assert "Missing argument 'file'." in english.stderr and "Error" in english.stderr
    assert "错误" not in english.stderr and "for help" in english.stderr


def test_the_command_line_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("QUIZZER_LANG", "zh")
    assert not wants_chinese(["check", "--lang", "en"])
    assert wants_chinese(["check"])
    monkeypatch.setenv("QUIZZER_LANG", "en")
    assert wants_chinese(["list", "--lang=zh"])
    monkeypatch.setenv("QUIZZER_LANG", "fr")  # not a language: the command itself says so
    assert not wants_chinese(["list"])


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Missing option '--challenge'.", "缺少选项 '--challenge'。"),
        ("Option '--lang' requires an argument.", "选项 '--lang' 需要一个值。"),
        (
            "No such option: --limt  Did you mean --limit?",
            "没有这个选项：--limt 是不是想用 --limit？",
        ),
        (
            "Invalid value for '--lang': 'fr' is not one of 'en', 'zh'.",
            "'--lang' 的值无效：'fr' 不是 'en', 'zh' 之一。",
        ),
        (
            "Invalid value for 'FILE': Path 'x.py' does not exist.",
            "'FILE' 的值无效：路径 'x.py' 不存在。",
        ),
        ("A sentence quizzer does not know.", "A sentence quizzer does not know."),
    ],
)
def test_each_sentence_of_the_parser(english, chinese):
    assert in_chinese(english) == chinese


def test_help_shown_for_no_arguments_is_not_turned_into_an_error():
    from quizzer.commands.lazy import UsageError
    from quizzer.commands.usage_zh import translated

    class NoArgsIsHelpError(UsageError):  # Typer's own, recognised by its name
        pass

    shown = NoArgsIsHelpError("Usage: quizzer show CARD ...")
    assert translated(shown, ["show", "--lang", "zh"]) is shown
    refused = UsageError("Missing argument 'card'.")
    assert translated(refused, ["show", "--lang", "zh"]).format_message() == "缺少参数 'card'。"
    assert translated(refused, ["show", "--lang", "en"]) is refused
