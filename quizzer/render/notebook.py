"""What a notebook shows: the check report and problems, as Rich output (HTML in Jupyter).

A Rich console created inside Jupyter renders to HTML by itself; in a plain
Python session the same calls print to the terminal.
"""

from __future__ import annotations

from rich.text import Text

from quizzer.render import console

NEXT_FAIL = {
    "en": "Fix the failing tests, run the cell with your functions again, then this check.",
    "zh": "修正未通过的测试，重新运行定义函数的单元格，再运行这个检查。",
}


def show_report(report, lang: str = "en") -> None:
    """``quizzer check``'s report, its advice for a file (``--watch``) told for a notebook."""
    from quizzer.i18n import t
    from quizzer.render.report import report_renderables
    from quizzer.render.wrap import Wrapped

    out = console()
    file_advice = t("report.next_fail", lang, c=report.challenge)
    for part in report_renderables(report, lang):
        if isinstance(part, Wrapped) and part.text.plain == file_advice:
            part = Wrapped(NEXT_FAIL.get(lang, NEXT_FAIL["en"]), style="dim")
        out.print(part)


def show_problem(message: str, lang: str = "en") -> None:
    """A problem the learner can fix (no source for a function, no such challenge): one message."""
    head = "无法检查：" if lang == "zh" else "cannot check: "
    console().print(Text.assemble((head, "bold red"), message))


def print_drill_notebook(path, lang: str = "en") -> None:
    from rich.markup import escape

    from quizzer.i18n import t

    out = console()
    out.print(f"[bold green]{escape(t('drill.wrote', lang, path=path))}[/]")
    out.print(
        f"打开它（jupyter lab {escape(str(path))}），实现这些函数，然后运行最后的检查单元格。"
        if lang == "zh"
        else f"Open it (jupyter lab {escape(str(path))}), implement the functions, then run "
        "its last cell: %quizzer check"
    )
