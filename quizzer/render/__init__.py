"""Everything Rich: core modules return data, this package turns data into renderables.

Only modules of this package import Rich (the ruff banned-api rule enforces it):
``deck.py`` (list/show/validate), ``quiz.py`` (sessions), ``stats.py`` (progress
statistics), ``report.py`` (grading reports), ``figures.py`` (terminal figures, drawn on
``canvas.py``).
"""

from __future__ import annotations

import sys

from rich.console import Console


def console(
    *,
    stderr: bool = False,
    width: int | None = None,
    file=None,
    height: int | None = None,
    terminal: bool | None = None,
) -> Console:
    """A console on stdout (or stderr); tests pass ``file=io.StringIO()`` and a fixed width
    (and ``height=24, terminal=True`` for a terminal's screen, without colours)."""
    extra = {"force_terminal": True, "color_system": None} if terminal else {}
    return Console(stderr=stderr, width=width, height=height, file=file, highlight=False,
                   soft_wrap=False, **extra)  # fmt: skip


def print_error(message: str) -> None:
    sys.stdout.flush()  # what was printed before comes first when both streams share a pipe
    from rich.markup import escape  # a message may hold brackets: pip install 'quizzer[plots]'

    console(stderr=True).print(
        f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False
    )
    sys.stderr.flush()
