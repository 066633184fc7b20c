"""Batch grading views: the progress bar, the summary table sorted by score, integrity flags."""

from __future__ import annotations

from rich.console import Console, Group
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from quizzer.grading.formats import by_score

_STATUS_STYLE = {"fail": "red", "error": "magenta", "timeout": "yellow", "crash": "bold red"}


class BatchProgress:
    """A progress bar on stderr with counts and ETA; does nothing when disabled.

    Use as a context manager; ``advance(record, row)`` is ``grade_folder``'s ``on_record``.
    """

    def __init__(
        self, total: int, challenge: str, *, enabled: bool, console: Console | None = None
    ):
        self.enabled = enabled
        self.passed = self.failed = self.problems = 0
        self._progress = None
        if enabled:
            self._progress = Progress(
                TextColumn("[bold]grading[/] {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(
                    "[green]✓ {task.fields[passed]}[/] [red]✗ {task.fields[failed]}[/]"
                    " [yellow]⚠ {task.fields[problems]}[/]"
                ),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console or Console(stderr=True),
                transient=False,
            )
            self._task = self._progress.add_task(
                challenge, total=total, passed=0, failed=0, problems=0
            )

    def __enter__(self) -> BatchProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, record: dict, row: dict) -> None:
        if row["passed"]:
            self.passed += 1
        else:
            self.failed += 1
        if row["counts"].get("timeout") or row["counts"].get("crash") or row["status"] != "graded":
            self.problems += 1
        if self._progress is not None:
            self._progress.update(
                self._task,
                advance=1,
                passed=self.passed,
                failed=self.failed,
                problems=self.problems,
            )


def _problems(row: dict) -> Text:
    text = Text()
    for status, n in row["counts"].items():
        if text:
            text.append(" ")
        text.append(f"{n} {status}", style=_STATUS_STYLE.get(status, ""))
    if row["status"] != "graded":
        return Text("not graded", style="bold magenta")
    kind = row.get("problem_kind")
    if kind:  # why nothing ran: syntax error, failed import, crash at import...
        line = row.get("problem_line")
        text.append(f"\n{kind}" + (f", line {line}" if line else ""), style="bold")
    return text


def _mistake_label(mistake: str, challenge: str) -> str:
    """A catalogued mistake id as words that wrap at 80 columns, without the challenge prefix."""
    return mistake.removeprefix(f"{challenge}-").replace("-", " ")


def summary_table(rows: list[dict], challenge: str) -> Table:
    """One line per submission, best score first."""
    table = Table(title=f"quizzer grade: {challenge}", title_justify="left", expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("submission", overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("tests", justify="right")
    table.add_column("problems")
    table.add_column("known mistakes", ratio=1)
    table.add_column("flags", no_wrap=True)
    for i, row in enumerate(by_score(rows), 1):
        style = "green" if row["passed"] else ("red" if row["score"] == 0 else "yellow")
        table.add_row(
            str(i),
            row["submission"],
            Text(f"{row['score'] * 100:.0f}%", style=style),
            f"{row['passed_count']}/{row['total']}",
            _problems(row),
            "\n".join(_mistake_label(m, challenge) for m in row["mistakes"]),
            Text("\n".join(row["flag_kinds"]), style="bold yellow") if row["flag_kinds"] else "",
        )
    return table


def integrity_view(rows: list[dict]) -> Group | None:
    """The integrity flags, one line each, or None when there are none."""
    flagged = [r for r in sorted(rows, key=lambda r: r["submission"]) if r["flags"]]
    if not flagged:
        return None
    lines = [Text("Integrity signals (for a human to look at, not verdicts):", style="bold yellow")]
    for row in flagged:
        for message in row["flags"]:
            line = Text("  ")
            line.append(row["submission"], style="bold")
            line.append(f": {message}")
            lines.append(line)
    return Group(*lines)


def footer(rows: list[dict], total: int, seconds: float, not_graded: list[str]) -> Text:
    graded = len(rows)
    passed = sum(r["passed"] for r in rows)
    mean = sum(r["score"] for r in rows) / graded if graded else 0.0
    rate = graded / seconds if seconds > 0 else 0.0
    text = Text(
        f"{graded} of {total} submissions graded in {seconds:.1f} s ({rate:.1f}/s): "
        f"{passed} passed, mean score {mean * 100:.0f}%"
    )
    if not_graded:
        text.append(f"; {len(not_graded)} not graded (interrupted)", style="bold yellow")
    return text


def print_summary(
    console: Console,
    rows: list[dict],
    challenge: str,
    total: int,
    seconds: float,
    not_graded: list[str],
) -> None:
    console.print(summary_table(rows, challenge))
    view = integrity_view(rows)
    if view is not None:
        console.print(view)
    console.print(footer(rows, total, seconds, not_graded))
