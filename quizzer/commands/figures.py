"""Commands: (to be filled by the figures work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
