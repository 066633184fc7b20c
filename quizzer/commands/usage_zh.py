"""Usage errors in Chinese: what Typer's parser says when a command line is wrong, for ``--lang zh``.

A wrong command line (a missing file, an unknown option, a misspelt command) is
refused by Typer's parser before any quizzer code runs, with English sentences of
its own. When the learner asked for Chinese (``--lang zh`` anywhere on the line,
else ``$QUIZZER_LANG``, else the locale), ``translated(error, argv)`` gives the
same error in Chinese: the parser's fixed sentences are matched here (names,
values and suggestions kept as they were), the ``Error`` title and the "Try ...
for help" line follow. A sentence not in the table stays English. Exit code 2, as
before.
"""

from __future__ import annotations

import re

from quizzer.commands.lazy import UsageError

# The parser's sentences (typer/_click: core.py, exceptions.py, types.py) -> Chinese.
_SENTENCES = (
    (r"Missing argument '(?P<n>[^']+)'\.", "缺少参数 '{n}'。"),
    (r"Missing option '(?P<n>[^']+)'\.", "缺少选项 '{n}'。"),
    (r"No such option: (?P<n>\S+)", "没有这个选项：{n}"),
    (r"No such command '(?P<n>[^']+)'\.", "没有这个命令 '{n}'。"),
    (r"Got unexpected extra arguments?(?:\(s\))? \((?P<n>.*)\)", "多余的参数（{n}）"),
    (r"Option '(?P<n>[^']+)' requires an argument\.", "选项 '{n}' 需要一个值。"),
    (r"Option '(?P<n>[^']+)' does not take a value\.", "选项 '{n}' 不接受值。"),
    (r"Invalid value for (?P<n>.+?): ", "{n} 的值无效："),
    (r"'(?P<v>[^']*)' is not a valid (?:integer|int range|int)\.", "'{v}' 不是有效的整数。"),
    (r"'(?P<v>[^']*)' is not a valid (?:float|float range)\.", "'{v}' 不是有效的数字。"),
    (r"'(?P<v>[^']*)' is not one of (?P<n>.+?)\.", "'{v}' 不是 {n} 之一。"),
    (r"(?P<v>\S+) is not in the range (?P<n>.+?)\.", "{v} 不在范围 {n} 内。"),
    (r"(?P<k>File|Directory|Path) '(?P<v>[^']*)' does not exist\.", "路径 '{v}' 不存在。"),
    (r"Did you mean (?P<n>[^?]+)\?", "是不是想用 {n}？"),
    (r"\(Possible options: (?P<n>[^)]+)\)", "（可用的选项：{n}）"),
)
_COMPILED = tuple((re.compile(p), zh) for p, zh in _SENTENCES)
TITLE_ZH = "错误"
HELP_ZH = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"


def wants_chinese(argv: list[str]) -> bool:
    """``--lang zh`` (or ``--lang=zh``) on the command line, else the environment and locale."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1].strip().lower() == "zh"
        if arg.startswith("--lang="):
            return arg.partition("=")[2].strip().lower() == "zh"
    from quizzer.config import resolve_lang

    try:
        return resolve_lang(None) == "zh"
    except ValueError:  # $QUIZZER_LANG is not a language: the command itself says so
        return False


def in_chinese(message: str) -> str:
    """``message`` with every sentence of the parser's that it holds in Chinese."""
    for pattern, zh in _COMPILED:
        message = pattern.sub(lambda m, zh=zh: zh.format(**m.groupdict()), message)
    return re.sub(r"\s{2,}", " ", message).strip()


def translated(error: UsageError, argv: list[str]) -> UsageError:
    """``error`` in Chinese when the command line asks for it; else ``error`` itself."""
    if type(error).__name__ == "NoArgsIsHelpError":  # help, shown as it is (Typer knows it by name)
        return error
    chinese = wants_chinese(argv)
    _titles(chinese)
    if not chinese:
        return error
    zh = UsageError(in_chinese(error.format_message()), ctx=error.ctx)
    zh.exit_code = error.exit_code
    return zh


_ENGLISH: dict[str, str] = {}


def _titles(chinese: bool) -> None:
    """The error panel's title and help line, which Typer reads from its module when it prints
    (set back to English for an English error: a process may print more than one)."""
    if not chinese and not _ENGLISH:
        return  # never changed
    from typer import rich_utils

    if not _ENGLISH:
        _ENGLISH.update(title=rich_utils.ERRORS_PANEL_TITLE, help=rich_utils.RICH_HELP)
    rich_utils.ERRORS_PANEL_TITLE = TITLE_ZH if chinese else _ENGLISH["title"]
    rich_utils.RICH_HELP = HELP_ZH if chinese else _ENGLISH["help"]
