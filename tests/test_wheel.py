"""The wheel carries everything the CLI needs: build it, install it in a clean venv, run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quizzer.challenges import CHALLENGES, module_name

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, timeout=900, **kwargs
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    )
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, ROOT])
    (built,) = dist.glob("quizzer-*.whl")
    return built


def test_wheel_contains_cards_schema_and_solutions(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    cards = sorted(n for n in names if n.startswith("quizzer/_data/cards/") and n.endswith(".yaml"))
    assert len(cards) == len(CHALLENGES) == 11
    assert "quizzer/_data/cards/card.schema.json" in names
    for challenge in CHALLENGES:
        assert f"quizzer/_data/solutions/{module_name(challenge)}.py" in names
    assert "quizzer/cli.py" in names and "quizzer/mathtext.py" in names


def test_installed_wheel_runs_in_a_clean_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv])
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    # dependencies come from the package indexes pip is configured with (offline mirrors here)
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel])
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("QUIZZER_", "PYTHONPATH", "VIRTUAL_ENV"))
    }
    env.update(QUIZZER_HOME=str(tmp_path / "home"), COLUMNS="120")
    quizzer = bin_dir / "quizzer"
    cwd = tmp_path  # nowhere near the source tree

    listed = _run([quizzer, "list"], env=env, cwd=cwd).stdout
    for challenge in CHALLENGES:
        assert challenge in listed
    data = json.loads(_run([quizzer, "list", "--json", "--lang", "zh"], env=env, cwd=cwd).stdout)
    assert [c["number"] for c in data] == list(range(1, 12))
    assert all(
        c["source"].startswith(str(venv)) for c in data
    )  # the installed copy, not the checkout

    for lang in ("en", "zh"):
        shown = _run([quizzer, "show", "dropout", "--lang", lang], env=env, cwd=cwd).stdout
        assert "Dropout" in shown and "⊙" in shown and "1/(1 − p)" in shown
        answer = [
            line for line in shown.splitlines() if "「" not in line
        ]  # seed quotes stay verbatim
        assert not [line for line in answer if "\\frac" in line]

    assert "OK: 11 cards in 11 files" in _run([quizzer, "validate"], env=env, cwd=cwd).stdout
    schema = json.loads(_run([quizzer, "schema"], env=env, cwd=cwd).stdout)
    assert schema == json.loads((ROOT / "cards" / "card.schema.json").read_text(encoding="utf-8"))
    assert (
        _run([bin_dir / "python", "-m", "quizzer", "--help"], env=env, cwd=cwd).stdout.count("list")
        >= 1
    )

    # the jail holds with quizzer installed in site-packages (its solutions beside it, hidden)
    (cwd / "dropout.py").write_text((ROOT / "solutions" / "dropout.py").read_text())
    checked = json.loads(_run([quizzer, "check", "dropout.py", "--json"], env=env, cwd=cwd).stdout)
    assert checked["passed"], checked["problem"]
    if sys.platform.startswith("linux"):
        assert checked["isolation"]["filesystem"]["active"], checked["isolation"]
