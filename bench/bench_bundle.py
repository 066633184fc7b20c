"""Speed of ``quizzer bundle`` and of the Gradescope entrypoint, with ratios to ``quizzer check``.

Run: ``.venv/bin/python bench/bench_bundle.py [--repeat N] [CHALLENGE]``

- ``quizzer bundle CHALLENGE --for gradescope --out X.zip`` and ``--for prairielearn``: whole
  processes, the wheel built each time (target: under 5 s each);
- ``run_autograder`` of the unpacked zip on the correct reference, quizzer installed (this
  environment's, through ``$QUIZZER_PYTHON``), whole process, wall time (target: under 3 s);
- the baseline, ``quizzer check`` of the same file, measured in the same run, interleaved
  with the others so that machine load affects all alike.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_check import wall  # noqa: E402
from bench.environment import process_env  # noqa: E402
from quizzer.challenges import module_name, solution_path  # noqa: E402

TARGET_BUNDLE = 5.0
TARGET_RUN = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("challenge", nargs="?", default="dropout")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    c = args.challenge
    tmp = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    env = process_env(QUIZZER_HOME=str(tmp / "home"), QUIZZER_PYTHON=sys.executable)
    quizzer = [sys.executable, "-m", "quizzer"]

    # one bundle, unpacked the way Gradescope lays it out
    root = tmp / "autograder"
    zip_path = tmp / "ag.zip"
    subprocess.run(
        [*quizzer, "bundle", c, "--for", "gradescope", "--out", str(zip_path)],
        env=env,
        check=True,
        capture_output=True,
    )
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    submitted = root / "submission" / f"{module_name(c)}.py"
    submitted.write_text(solution_path(c).read_text())
    checked = tmp / f"{module_name(c)}.py"
    checked.write_text(solution_path(c).read_text())
    run_env = {**env, "AUTOGRADER_ROOT": str(root)}

    times: dict[str, list[float]] = {
        "check": [],
        "run_autograder": [],
        "bundle gradescope": [],
        "bundle prairielearn": [],
    }
    failures = []
    wall([*quizzer, "check", str(checked), "--json"], env)  # warm the page cache
    for i in range(args.repeat):
        s, code = wall([*quizzer, "check", str(checked), "--json"], env)
        times["check"].append(s)
        s, code = wall([str(root / "run_autograder")], run_env)
        times["run_autograder"].append(s)
        result = json.loads((root / "results" / "results.json").read_text())
        if result.get("score") != len(result.get("tests", [])) or not result.get("tests"):
            failures.append("run_autograder: the reference did not get full marks")
        out = tmp / f"b{i}.zip"
        s, code = wall([*quizzer, "bundle", c, "--for", "gradescope", "--out", str(out)], env)
        times["bundle gradescope"].append(s)
        failures += [] if code == 0 else ["bundle gradescope failed"]
        s, code = wall(
            [
                *quizzer,
                "bundle",
                c,
                "--for",
                "prairielearn",
                "--image",
                "me/q:1",
                "--out",
                str(tmp / f"pl{i}"),
            ],
            env,
        )
        times["bundle prairielearn"].append(s)
        failures += [] if code == 0 else ["bundle prairielearn failed"]

    base = statistics.median(times["check"])
    print(
        f"baseline  quizzer check {c}.py (reference): median {base:.3f} s over {args.repeat} runs"
    )
    print(f"{'what':<22}{'median s':>10}{'max s':>8}{'ratio':>8}{'target':>9}  verdict")
    ok_all = not failures
    for what, target in (
        ("run_autograder", TARGET_RUN),
        ("bundle gradescope", TARGET_BUNDLE),
        ("bundle prairielearn", TARGET_BUNDLE),
    ):
        med, worst = statistics.median(times[what]), max(times[what])
        ok = med < target
        ok_all &= ok
        print(
            f"{what:<22}{med:>10.3f}{worst:>8.3f}{med / base:>7.2f}x{target:>8.1f}s  {'ok' if ok else 'OVER'}"
        )
    for failure in sorted(set(failures)):
        print("FAILED:", failure)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
