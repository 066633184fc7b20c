"""The environment of the whole processes a benchmark times: the caller's, as a user's shell has it.

One difference, on purpose: ``PYTHONDONTWRITEBYTECODE`` is dropped. Some machines
(this project's development machines among them) set it, and then every run of
``quizzer`` compiles its own ~50 modules from source again (about 0.1 s), which
no installed copy does: ``pip install`` compiles them once, and an editable
install writes the ``.pyc`` files on its first run. The baseline processes
(``python -c "import numpy"``, a Typer hello world) read NumPy's and Typer's
compiled files either way, so without this the comparison would not be like
with like. Each benchmark warms up once, which writes the files.
"""

from __future__ import annotations

import os


def process_env(**extra: str) -> dict[str, str]:
    """``os.environ`` without ``PYTHONDONTWRITEBYTECODE``, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env
