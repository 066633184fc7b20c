"""The Gradescope zip as Gradescope uses it: ``setup.sh`` installs quizzer from the bundled wheel
into ``$AUTOGRADER_ROOT/venv``, then ``run_autograder`` grades with that installation only.

Then that installed quizzer (a wheel install: no source checkout) bundles again, which
repacks the installed distribution; the wheel it ships holds the same files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from quizzer.bundles import Spec, make_bundle, selfcheck

pytestmark = pytest.mark.slow

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"


def _clean_env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("QUIZZER_PYTHON", "PYTHONPATH", "VIRTUAL_ENV"))
    }
    return {**env, **extra}


def _wheel_files(zip_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as z:
        name = next(n for n in z.namelist() if n.endswith(".whl"))
        data = z.read(name)
    tmp = zip_path.with_suffix(".whl")
    tmp.write_bytes(data)
    with zipfile.ZipFile(tmp) as whl:
        return {n: whl.read(n) for n in whl.namelist() if not n.endswith("RECORD")}


def test_setup_sh_installs_the_wheel_and_run_autograder_grades_with_it(tmp_path):
    out = tmp_path / "dropout.zip"
    make_bundle(Spec("gradescope", ("dropout",)), out)
    root = tmp_path / "autograder"
    check, spec = selfcheck.unpack(out, root)
    assert check.layout == []
    env = _clean_env(AUTOGRADER_ROOT=str(root), QUIZZER_HOME=str(tmp_path / "home"))
    setup = subprocess.run(
        ["bash", str(root / "source" / "setup.sh")],
        env=env,
        cwd=root / "source",
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "quizzer autograder ready: " in setup.stdout
    python = root / "venv" / "bin" / "python3"
    where = subprocess.run(
        [python, "-c", "import quizzer; print(quizzer.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(root / "venv"))  # the bundled wheel, not this checkout

    (root / "submission").mkdir()
    shutil.copy(SOLUTIONS / "dropout.py", root / "submission" / "dropout.py")
    subprocess.run([root / "run_autograder"], env=env, cwd=root, timeout=300, check=True)
    result = json.loads((root / "results" / "results.json").read_text())
    assert selfcheck.schema_errors(result, "gradescope") == []
    assert result["score"] == len(result["tests"]) > 0

    # the installed (wheel) quizzer bundles again: no source checkout, so it repacks itself
    again = tmp_path / "again.zip"
    subprocess.run(
        [
            root / "venv" / "bin" / "quizzer",
            "bundle",
            "dropout",
            "--for",
            "gradescope",
            "--out",
            again,
        ],
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=True,
        capture_output=True,
    )
    assert _wheel_files(again) == _wheel_files(out)
