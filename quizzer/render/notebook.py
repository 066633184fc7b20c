"""What a notebook shows: the check report and problems, as Rich output (HTML in Jupyter).

A Rich console created inside Jupyter renders to HTML by itself; in a plain
Python session the same calls print to the terminal.
"""

from __future__ import annotations

from rich.text import Text

from quizzer.render import console


def show_report(report, lang: str = "en") -> None:
    from quizzer.render.report import print_report

    print_report(report, lang, console())


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
