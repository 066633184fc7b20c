"""Rich views of grading: the check report, a revealed solution, the drill message.

Core modules return data (``quizzer.grading.report.Report``); this module only
turns that data into renderables, in the learner's language.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from quizzer.i18n import t
from quizzer.render.wrap import Wrapped

STATUS_STYLES = {
    "pass": "bold green",
    "fail": "bold red",
    "error": "bold magenta",
    "timeout": "bold yellow",
    "crash": "bold red reverse",
}
OUTPUT_LINES = 40
MERGE = 3  # failing tests with the same message, from this many on, share one row

STATUS_KEYS = {
    "pass": "status.pass",
    "fail": "status.fail",
    "error": "status.error",
    "timeout": "status.timeout",
    "crash": "status.crash",
}

PROBLEM_KEYS = {
    "syntax": "problem.syntax",
    "import": "problem.import",
    "timeout": "problem.timeout",
    "crash": "problem.crash",
    "memory": "problem.memory",
    "exit": "problem.exit",
}


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def report_renderables(
    report, lang: str = "en", *, mine=None, upcoming=None, watching: bool = False
) -> list:
    """Everything ``quizzer check`` shows, top to bottom.

    ``mine``/``upcoming``: this challenge's status after the check and the next
    challenge not passed (``grading.path.ChallengeStatus``), when known.
    ``watching`` (``--watch``): the score, the first failing test and the
    diagnosis come first, then what to do next, then the details.
    """
    problem = _problem_parts(report, lang)
    tests = [_tests_table(report, lang)] if report.problem is None else []
    score = _score_line(report, lang, mine)
    diagnosis = [_finding_panel(finding, lang) for finding in report.diagnosis]
    details: list = []
    if any(x.seconds is not None or x.status in ("slow", "timeout") for x in report.timing):
        details.append(_TimingView(report, lang))  # not when nothing could be timed
    if not report.passed and report.output_bytes:
        details.append(_output_panel(report, lang))
    if watching:
        first = next((test for test in report.tests if not test.passed), None)
        top = [score]
        if first is not None and report.problem is None:
            top.append(Text(t("watch.first_fail", lang, name=first.title(lang)), style="bold red"))
            top.append(_message(first, lang))
        return [*top, *problem, *diagnosis, *tests, *details, _advice(report, lang, upcoming, True)]
    return [*problem, *tests, score, *diagnosis, *details, _advice(report, lang, upcoming, False)]


def _problem_parts(report, lang: str) -> list:
    if report.problem is not None:
        problem = report.problem
        body = Text(problem.text_in(lang))
        if problem.line and problem.text:
            body.append(f"\n\n{problem.line:>5} | {problem.text}", style="bold")
        title = t("report.problem", lang)
        if problem.kind in PROBLEM_KEYS:
            title += t("report.problem_kind", lang, kind=t(PROBLEM_KEYS[problem.kind], lang))
        return [Panel(body, title=title, border_style="red", box=box.ROUNDED)]
    if report.missing:
        names = [
            f"{name}{t('report.did_you_mean', lang, name=report.hints[name])}"
            if name in report.hints
            else name
            for name in report.missing
        ]
        return [
            Text(t("report.missing", lang, names=t("list.sep", lang).join(names)), style="bold red")
        ]
    return []


def _score_line(report, lang: str, mine) -> Text:
    verdict = t("report.passed" if report.passed else "report.failed", lang)
    line = Text.assemble(
        (t("report.score", lang, n=report.passed_count, total=len(report.tests)) + "  ", "bold"),
        (verdict, "bold green" if report.passed else "bold red"),
    )
    if report.passed and mine is not None and mine.with_hints:
        hints = t("report.with_hints", lang, n=mine.hints_shown, total=mine.hints_total)
        line.append(f" · {hints}", style="green")
    line.append(f"   {report.challenge} · {report.file} · {report.seconds:.2f} s", style="dim")
    return line


def _finding_panel(finding, lang: str) -> Panel:
    explanation = finding.explanation.get(lang) or finding.explanation.get("en", "")
    return Panel(
        Group(
            Text(finding.title(lang), style="bold"),
            Text(),
            Wrapped(explanation),  # Chinese wraps between characters
            Text(),
            Text(t("report.card", lang, card=finding.card), style="cyan"),
        ),
        title=t("report.diagnosis", lang, mistake=finding.mistake),
        border_style="yellow",
        box=box.ROUNDED,
    )


def _advice(report, lang: str, upcoming, watching: bool) -> Wrapped:
    """What to do now. Watching, never "run the check again": saving does that."""
    if not report.passed:
        return Wrapped(t("watch.fix" if watching else "report.next_fail", lang), style="dim")
    lines = [] if watching else [t("report.next_pass", lang, c=report.challenge)]
    if upcoming is not None:
        key = "watch.next" if watching else "path.next"
        lines.append(t(key, lang, c=upcoming.challenge, number=upcoming.number))
    elif watching:
        lines.append(t("watch.done", lang))
    return Wrapped("\n".join(lines), style="bold" if watching else "dim")


def _tests_table(report, lang: str) -> Table:
    """Every test when all pass; otherwise the failing ones, same-message failures merged,
    and one line for the tests that pass, so the failures fit on a screen."""
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, expand=False, pad_edge=False)
    table.add_column(t("report.test", lang), overflow="fold", ratio=2)
    table.add_column(t("report.status", lang), no_wrap=True)
    table.add_column(t("report.message", lang), overflow="fold", ratio=3)
    failing = [t for t in report.tests if not t.passed]
    if not failing:
        for test in report.tests:
            table.add_row(
                _name(test, lang), Text(t("status.pass", lang), style=STATUS_STYLES["pass"]), ""
            )
        return table
    alike: dict[tuple[str, str], list] = {}  # same status and message: one row
    for test in failing:
        alike.setdefault((test.status, test.message), []).append(test)
    shown: set[tuple[str, str]] = set()
    for test in failing:
        key = (test.status, test.message)
        group = alike[key]
        if len(group) < MERGE:
            table.add_row(_name(test, lang), _status(test, lang), _message(test, lang))
        elif key not in shown:
            shown.add(key)
            hidden = sum(t.hidden for t in group)
            name = Text(t("report.tests", lang, n=len(group)), style="bold")
            if hidden:
                name.append(t("report.of_hidden", lang, n=hidden), style="dim")
            table.add_row(name, _status(test, lang), Text(test.text(lang)))
    passing = len(report.tests) - len(failing)
    if passing:
        table.add_row(
            Text(
                t("report.others_pass" if passing > 1 else "report.other_passes", lang, n=passing),
                style="dim",
            ),
            Text(t("status.pass", lang), style=STATUS_STYLES["pass"]),
            "",
        )
    return table


def _name(test, lang: str) -> Text:
    name = Text(test.title(lang))
    if test.hidden:
        name.append(t("report.hidden", lang), style="dim")
    return name


def _status(test, lang: str) -> Text:
    word = t(STATUS_KEYS[test.status], lang) if test.status in STATUS_KEYS else test.status
    return Text(word, style=STATUS_STYLES.get(test.status, ""))


def _message(test, lang: str) -> Text:
    message = Text(test.text(lang))
    if not test.hidden and (test.expected or test.got):
        message.append("\n" + t("report.expected", lang), style="green")
        message.append(str(test.expected))
        message.append("\n" + t("report.got", lang), style="red")
        message.append(str(test.got))
    return message


NOTE_MIN = 24  # narrower than this, the notes go under the speed table


class _TimingView:
    """The speed table; on a narrow terminal its notes follow it as lines, not a thin column."""

    def __init__(self, report, lang: str):
        self.report, self.lang = report, lang

    def __rich_console__(self, console: Console, options):
        report, lang = self.report, self.lang
        rows = []
        for timing in report.timing:
            if timing.ratio is None:
                ratio = "–"
            elif timing.status == "timeout":
                ratio = f"≥ {timing.ratio:.0f}x"
            else:
                ratio = f"{timing.ratio:.1f}x"
            cells = (
                timing.function,
                _seconds(timing.seconds),
                _seconds(timing.reference_seconds),
                ratio,
            )
            style = "bold red" if timing.status in ("slow", "timeout") else ""
            rows.append((cells, timing_note(timing, report, lang), style))
        keys = ("timing.function", "timing.yours", "timing.reference", "timing.ratio")
        headers = [t(key, lang) for key in keys]
        used = sum(
            max([cell_len(h)] + [cell_len(cells[i]) for cells, _, _ in rows]) + 2
            for i, h in enumerate(headers)
        )
        inline = options.max_width - used - 2 >= NOTE_MIN
        table = Table(
            title=t("timing.title", lang), title_justify="left", box=box.SIMPLE, pad_edge=False
        )
        for header in headers:
            table.add_column(header, overflow="fold", no_wrap=True)
        if inline:
            table.add_column(t("timing.note", lang), overflow="fold")
        for cells, note, style in rows:
            row = [*cells[:3], Text(cells[3], style=style)]
            table.add_row(*row, *([Wrapped(note, style=style)] if inline else []))
        yield table
        if not inline:
            for cells, note, style in rows:
                if note:
                    yield Wrapped(Text.assemble((cells[0] + ": ", "bold"), (note, style)))


def timing_note(timing, report, lang: str) -> str:
    """The advice of ``grading.timing`` (its ``note``, kept English in ``--json``) in ``lang``."""
    if timing.status == "slow":
        return t("timing.slow", lang, ratio=f"{timing.ratio:.0f}")
    if timing.status == "timeout":
        if timing.ratio and timing.reference_seconds:  # ratio = limit / reference
            limit = timing.ratio * timing.reference_seconds
        else:
            limit = report.limits.timeout
        return t("timing.timeout", lang, limit=f"{limit:.2g}")
    if timing.status == "error":
        reason = timing.note.partition(": ")[2] or timing.note
        return t("timing.error", lang, reason=reason)
    if timing.status == "skipped":
        defined = report.functions.get(timing.function) == "ok"
        return t("timing.not_timed" if defined else "timing.undefined", lang)
    if timing.status == "ok" and timing.note:
        return t("timing.par", lang)
    return timing.note


def _output_panel(report, lang: str) -> Panel:
    lines = report.output.splitlines()
    text = "\n".join(lines[:OUTPUT_LINES])
    cut = report.output_truncated or len(lines) > OUTPUT_LINES
    subtitle = t("report.truncated", lang, total=report.output_bytes) if cut else None
    return Panel(
        Text(text),
        title=t("report.output", lang),
        subtitle=subtitle,
        border_style="dim",
        box=box.ROUNDED,
    )


def print_report(
    report,
    lang: str = "en",
    console: Console | None = None,
    *,
    mine=None,
    upcoming=None,
    watching: bool = False,
) -> None:
    """The report; watching, on a cleared screen and followed by the "watching" rule."""
    from quizzer.render import console as make_console

    out = console or make_console()
    if watching:
        out.clear()
    for part in report_renderables(report, lang, mine=mine, upcoming=upcoming, watching=watching):
        out.print(part)
    if watching:
        out.rule(f"[dim]{escape(t('report.watching', lang, path=report.file))}[/]")


def print_solution(
    challenge: str, source: str, lang: str = "en", console: Console | None = None
) -> None:
    """The reference with syntax highlighting."""
    from quizzer.render import console as make_console

    out = console or make_console()
    out.print(Text(t("solution.title", lang, c=challenge), style="bold"))
    out.print(Syntax(source, "python", line_numbers=True, word_wrap=True, theme="ansi_dark"))


def print_drill(path, lang: str = "en", console: Console | None = None) -> None:
    from quizzer.render import console as make_console

    out = console or make_console()
    out.print(f"[bold green]{escape(t('drill.wrote', lang, path=path))}[/]")
    out.print(escape(t("drill.next", lang, path=path)))


__all__ = [
    "Group",
    "print_drill",
    "print_report",
    "print_solution",
    "report_renderables",
]
