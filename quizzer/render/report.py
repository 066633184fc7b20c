"""Rich views of grading: the check report, a revealed solution, the drill message.

Core modules return data (``quizzer.grading.runner.Report``); this module only
turns that data into renderables, in the learner's language.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

STATUS_STYLES = {
    "pass": "bold green",
    "fail": "bold red",
    "error": "bold magenta",
    "timeout": "bold yellow",
    "crash": "bold red reverse",
}
OUTPUT_LINES = 40
MERGE = 3  # failing tests with the same message, from this many on, share one row

LABELS = {
    "en": {
        "test": "test", "status": "status", "message": "message", "hidden": "hidden",
        "score": "Score", "passed": "PASSED", "failed": "FAILED", "expected": "expected",
        "got": "got", "diagnosis": "Known mistake", "card": "See card",
        "timing": "Speed on the standard input", "function": "function", "yours": "yours",
        "reference": "reference", "ratio": "ratio", "note": "note",
        "output": "Your code's output", "truncated": "truncated: {total} bytes in all",
        "problem": "Your file could not be loaded", "missing": "Missing functions",
        "next_pass": "All tests pass. Compare with the reference: quizzer solution {c}",
        "next_fail": "Fix the failing tests and run the check again (--watch re-checks on save).",
        "solution": "Reference solution for {c}", "drill": "Wrote {path}",
        "drill_next": "Implement the functions, then run: quizzer check {path}",
        "tests": "{n} tests", "of_hidden": "{n} hidden",
        "others_pass": "the other {n} tests pass", "other_passes": "the other test passes",
        "did_you_mean": "your file defines {name}: a typo?",
    },
    "zh": {
        "test": "测试", "status": "状态", "message": "信息", "hidden": "隐藏",
        "score": "得分", "passed": "通过", "failed": "未通过", "expected": "期望",
        "got": "实际", "diagnosis": "常见错误", "card": "参见卡片",
        "timing": "标准输入上的速度", "function": "函数", "yours": "你的",
        "reference": "参考", "ratio": "倍数", "note": "说明",
        "output": "你的代码的输出", "truncated": "已截断：共 {total} 字节",
        "problem": "无法加载你的文件", "missing": "缺少的函数",
        "next_pass": "全部测试通过。与参考答案对比：quizzer solution {c}",
        "next_fail": "修正未通过的测试后再检查（--watch 在保存时自动重新检查）。",
        "solution": "{c} 的参考答案", "drill": "已写入 {path}",
        "drill_next": "实现这些函数，然后运行：quizzer check {path}",
        "tests": "{n} 个测试", "of_hidden": "其中 {n} 个隐藏",
        "others_pass": "其余 {n} 个测试通过", "other_passes": "其余 1 个测试通过",
        "did_you_mean": "你的文件定义的是 {name}，是否拼错了？",
    },
}  # fmt: skip


def _t(lang: str, key: str, **kwargs) -> str:
    return LABELS.get(lang, LABELS["en"])[key].format(**kwargs)


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def report_renderables(report, lang: str = "en") -> list:
    """Everything ``quizzer check`` shows, top to bottom."""
    parts: list = []
    if report.problem is not None:
        body = Text(report.problem.message)
        if report.problem.line and report.problem.text:
            body.append(f"\n\n{report.problem.line:>5} | {report.problem.text}", style="bold")
        parts.append(Panel(body, title=_t(lang, "problem"), border_style="red", box=box.ROUNDED))
    elif report.missing:
        names = [
            f"{name} ({_t(lang, 'did_you_mean', name=report.hints[name])})"
            if name in report.hints
            else name
            for name in report.missing
        ]
        parts.append(Text(f"{_t(lang, 'missing')}: {', '.join(names)}", style="bold red"))
    if report.problem is None:  # otherwise every test only repeats the panel
        parts.append(_tests_table(report, lang))
    verdict = _t(lang, "passed" if report.passed else "failed")
    parts.append(
        Text.assemble(
            (f"{_t(lang, 'score')}: {report.passed_count}/{len(report.tests)}  ", "bold"),
            (verdict, "bold green" if report.passed else "bold red"),
            (f"   {report.challenge} · {report.file} · {report.seconds:.2f} s", "dim"),
        )
    )
    for finding in report.diagnosis:
        explanation = finding.explanation.get(lang) or finding.explanation.get("en", "")
        parts.append(
            Panel(
                Text.assemble(
                    (finding.name + "\n\n", "bold"),
                    explanation,
                    "\n\n",
                    (f"{_t(lang, 'card')}: quizzer show {finding.card}", "cyan"),
                ),
                title=f"{_t(lang, 'diagnosis')}: {finding.mistake}",
                border_style="yellow",
                box=box.ROUNDED,
            )
        )
    if any(t.seconds is not None or t.status in ("slow", "timeout") for t in report.timing):
        parts.append(_timing_table(report, lang))  # not when nothing could be timed
    if not report.passed and report.output_bytes:
        parts.append(_output_panel(report, lang))
    parts.append(
        Text(
            _t(lang, "next_pass" if report.passed else "next_fail", c=report.challenge), style="dim"
        )
    )
    return parts


def _tests_table(report, lang: str) -> Table:
    """Every test when all pass; otherwise the failing ones, same-message failures merged,
    and one line for the tests that pass, so the failures fit on a screen."""
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, expand=False, pad_edge=False)
    table.add_column(_t(lang, "test"), overflow="fold", ratio=2)
    table.add_column(_t(lang, "status"), no_wrap=True)
    table.add_column(_t(lang, "message"), overflow="fold", ratio=3)
    failing = [t for t in report.tests if not t.passed]
    if not failing:
        for test in report.tests:
            table.add_row(_name(test, lang), Text("pass", style=STATUS_STYLES["pass"]), "")
        return table
    alike: dict[tuple[str, str], list] = {}
    for test in failing:
        alike.setdefault((test.status, test.message), []).append(test)
    shown: set[tuple[str, str]] = set()
    for test in failing:
        key = (test.status, test.message)
        group = alike[key]
        if len(group) < MERGE:
            table.add_row(_name(test, lang), _status(test), _message(test, lang))
        elif key not in shown:
            shown.add(key)
            hidden = sum(t.hidden for t in group)
            name = Text(_t(lang, "tests", n=len(group)), style="bold")
            if hidden:
                name.append(f" ({_t(lang, 'of_hidden', n=hidden)})", style="dim")
            table.add_row(name, _status(test), Text(test.message))
    passing = len(report.tests) - len(failing)
    if passing:
        table.add_row(
            Text(
                _t(lang, "others_pass" if passing > 1 else "other_passes", n=passing), style="dim"
            ),
            Text("pass", style=STATUS_STYLES["pass"]),
            "",
        )
    return table


def _name(test, lang: str) -> Text:
    name = Text(test.name)
    if test.hidden:
        name.append(f" ({_t(lang, 'hidden')})", style="dim")
    return name


def _status(test) -> Text:
    return Text(test.status, style=STATUS_STYLES.get(test.status, ""))


def _message(test, lang: str) -> Text:
    message = Text(test.message)
    if not test.hidden and (test.expected or test.got):
        message.append(f"\n{_t(lang, 'expected')}: ", style="green")
        message.append(str(test.expected))
        message.append(f"\n{_t(lang, 'got')}: ", style="red")
        message.append(str(test.got))
    return message


def _timing_table(report, lang: str) -> Table:
    table = Table(title=_t(lang, "timing"), title_justify="left", box=box.SIMPLE, pad_edge=False)
    for key in ("function", "yours", "reference", "ratio", "note"):
        table.add_column(_t(lang, key), overflow="fold", no_wrap=key != "note")
    for t in report.timing:
        if t.ratio is None:
            ratio = "–"
        else:
            ratio = f"≥ {t.ratio:.0f}x" if t.status == "timeout" else f"{t.ratio:.1f}x"
        style = "bold red" if t.status in ("slow", "timeout") else ""
        table.add_row(
            t.function,
            _seconds(t.seconds),
            _seconds(t.reference_seconds),
            Text(ratio, style=style),
            Text(t.note, style=style),
        )
    return table


def _output_panel(report, lang: str) -> Panel:
    lines = report.output.splitlines()
    text = "\n".join(lines[:OUTPUT_LINES])
    cut = report.output_truncated or len(lines) > OUTPUT_LINES
    subtitle = _t(lang, "truncated", total=report.output_bytes) if cut else None
    return Panel(
        Text(text), title=_t(lang, "output"), subtitle=subtitle, border_style="dim", box=box.ROUNDED
    )


def print_report(report, lang: str = "en", console: Console | None = None) -> None:
    from quizzer.render import console as make_console

    out = console or make_console()
    for part in report_renderables(report, lang):
        out.print(part)


def print_solution(
    challenge: str, source: str, lang: str = "en", console: Console | None = None
) -> None:
    """The reference with syntax highlighting."""
    from quizzer.render import console as make_console

    out = console or make_console()
    out.print(Text(_t(lang, "solution", c=challenge), style="bold"))
    out.print(Syntax(source, "python", line_numbers=True, word_wrap=True, theme="ansi_dark"))


def print_drill(path, lang: str = "en", console: Console | None = None) -> None:
    from quizzer.render import console as make_console

    out = console or make_console()
    out.print(f"[bold green]{escape(_t(lang, 'drill', path=path))}[/]")
    out.print(escape(_t(lang, "drill_next", path=path)))


def print_watching(path, console: Console | None = None) -> None:
    from quizzer.render import console as make_console

    out = console or make_console()
    out.rule(f"[dim]watching {escape(str(path))} — Ctrl-C to stop[/]")


__all__ = [
    "Group",
    "print_drill",
    "print_report",
    "print_solution",
    "print_watching",
    "report_renderables",
]
