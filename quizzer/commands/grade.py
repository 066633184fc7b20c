"""Command ``grade``: a teacher's batch grading of a folder of submissions."""

import os
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands.common import (
    JsonOption,
    LangOption,
    MemoryOption,
    TimeoutOption,
    fail,
    guard,
    lang,
)

FORMATS = ("table", "json", "csv", "junit", "gradescope")

GRADE_HELP = """Grade every submission in DIR against one challenge's hidden suite.

A submission is a .py file directly in DIR, or a sub-folder of DIR holding one
.py file (or, when it holds several, the one named after the challenge, e.g.
dropout.py). Each one is graded exactly as `quizzer check` grades a file: in its
own sandbox process with time, memory and CPU limits; one that crashes, hangs
or tampers only fails itself.

Output: a summary table sorted by score (default), or --format json | csv |
junit | gradescope, on stdout or in --out FILE; --per-submission DIR also
writes one JSON file per student (Gradescope's results.json with --format
gradescope). Integrity signals flag identical or near-identical submissions
and attempts to leave the sandbox. Formats: docs/grading-formats.md.

Every submission runs in a jail (see `quizzer doctor` and docs/security.md):
it reads only Python, NumPy and system libraries, writes only its own temporary
folder, has no network and sees no other process. Grading refuses to start on
a machine without the filesystem and processes layers unless given
--allow-unisolated; every format records the layers that were active.

Ctrl-C stops cleanly: the results of what finished are still written and the
exit code is 130. Exit code 0 when grading completed, whatever the scores;
2 for a usage error.

Examples:
  quizzer grade submissions/ --challenge dropout
  quizzer grade submissions/ -c dropout --format csv --out grades.csv
  quizzer grade /autograder/submission -c dropout --format gradescope \\
      --out /autograder/results/results.json
"""


def grade(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder of submissions.", show_default=False)
    ],
    challenge: Annotated[
        str,
        typer.Option("--challenge", "-c", metavar="ID", help="Challenge id, e.g. dropout."),
    ],
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", min=1, help="Submissions graded at once. Default: number of cores."
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="table, json, csv, junit or gradescope."
        ),
    ] = "table",
    json_: JsonOption = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", help="Write the results here, not on stdout."),
    ] = None,
    per_submission: Annotated[
        Path | None,
        typer.Option(
            "--per-submission",
            metavar="DIR",
            help="Also write one result file per submission in DIR (DIR/<name>.json; "
            "DIR/<name>/results.json with --format gradescope).",
        ),
    ] = None,
    timeout: TimeoutOption = 10.0,
    memory_mb: MemoryOption = 3072,
    timing: Annotated[
        bool,
        typer.Option(
            "--timing/--no-timing",
            help="Also time each function against the reference, as `quizzer check` does "
            "(about 0.5 s more per submission).",
        ),
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr. Default: only when stderr is a terminal.",
            show_default=False,
        ),
    ] = None,
    allow_unisolated: Annotated[
        bool,
        typer.Option(
            "--allow-unisolated",
            help="Grade even where the sandbox lacks its filesystem or processes layer "
            "(see quizzer doctor): submissions could then read the hidden suite and each "
            "other's files, and harm this account.",
        ),
    ] = False,
    lang_: LangOption = None,
) -> None:
    """Grade every submission in a folder (batch grading for teachers)."""
    fmt = "json" if json_ else fmt.lower()
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    language = lang(lang_)

    from quizzer.grading import batch, results
    from quizzer.grading.discovery import discover
    from quizzer.grading.process import Limits
    from quizzer.render import console
    from quizzer.render.batch import BatchProgress, print_summary

    exclude = tuple(p for p in (per_submission, out) if p is not None)
    entries = guard(lambda: discover(folder, challenge, exclude))
    settings = batch.Settings(
        limits=Limits(timeout=timeout, memory_mb=memory_mb),
        workers=workers or os.cpu_count() or 1,
        timing=timing,
        lang=language,
        require=() if allow_unisolated else batch.REQUIRED_FOR_GRADE,
    )
    if settings.require:
        guard(lambda: batch.require_isolation(settings))
    show = sys.stderr.isatty() if progress is None else progress
    per_format = "gradescope" if fmt == "gradescope" else "json"
    with _sigterm_as_interrupt(), BatchProgress(len(entries), challenge, enabled=show) as bar:
        result = guard(
            lambda: batch.grade_folder(
                entries,
                challenge,
                settings,
                on_record=bar.advance,
                per_submission=per_submission,
                per_submission_format=per_format,
            )
        )
    try:
        if fmt == "table":
            target = None if out is None else guard(lambda: out.open("w", encoding="utf-8"))
            try:
                view = console(file=target, width=120 if target else None)
                print_summary(
                    view, result.rows, challenge, result.total, result.seconds, result.not_graded
                )
            finally:
                if target is not None:
                    target.close()
        else:
            guard(lambda: results.write_output(result, fmt, out))
    finally:
        result.spool.close()
    if fmt != "table":
        from quizzer.render.batch import footer

        console(stderr=True).print(
            footer(result.rows, result.total, result.seconds, result.not_graded)
        )
    if result.interrupted:
        where = f" in {out}" if out else ""
        fail(
            f"interrupted: {len(result.not_graded)} of {result.total} submissions were not graded; "
            f"the results of the {len(result.rows)} graded are written{where}",
            130,
        )


class _sigterm_as_interrupt:
    """SIGTERM (a CI job cancelled) stops grading like Ctrl-C does."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def register(app: typer.Typer) -> None:
    app.command("grade", help=GRADE_HELP)(grade)
