"""Where quizzer finds its bundled data and keeps its state.

Bundled data (cards, reference solutions) lives in ``quizzer/_data`` inside an
installed wheel and at the repository root in a source checkout. State (the
SQLite store, the deck cache) lives in the data directory: ``$QUIZZER_HOME``
when set, else the platform's user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder that holds ``cards/`` and ``solutions/``."""
    bundled = _PACKAGE / "_data"
    if (bundled / "cards").is_dir():
        return bundled
    return _PACKAGE.parent


def cards_dir() -> Path:
    return data_root() / "cards"


def solutions_dir() -> Path:
    return data_root() / "solutions"


def home() -> Path:
    """The data directory, created on first use."""
    env = os.environ.get("QUIZZER_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_data_path

        path = user_data_path("quizzer", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path
