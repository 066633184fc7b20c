"""The codebase rules that a linter can check run with the tests: ruff's rule set from
pyproject.toml, including the banned-api rule that keeps Rich inside quizzer.render."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    return [exe]


def test_ruff_check_is_clean():
    result = subprocess.run(
        [*_ruff(), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("filename", "flagged"),
    [("quizzer/review/session.py", True), ("quizzer/render/quiz.py", False)],
)
def test_rich_is_imported_only_in_the_render_package(filename, flagged):
    result = subprocess.run(
        [*_ruff(), "check", "--no-cache", "--select", "TID251", "--stdin-filename", filename],
        cwd=ROOT,
        input="from rich.console import Console\n\nConsole()\n",
        capture_output=True,
        text=True,
    )
    assert ("TID251" in result.stdout) == flagged, result.stdout
