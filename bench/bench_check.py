"""Speed of ``quizzer check`` on correct submissions, as ratios to ``python -c "import numpy"``.

Run: ``.venv/bin/python bench/bench_check.py [--repeat N] [CHALLENGE ...]``

For each challenge, the reference solution is copied into a temporary file with
the starter's header line, and ``python -m quizzer check FILE --json`` is run
``N`` times (a fresh quizzer process each time, as a learner runs it; the store
lives in a temporary QUIZZER_HOME). The baseline, ``python -c "import numpy"``,
is measured in the same run, interleaved with the checks so that machine load
affects both alike.

Every check runs with the whole jail (issue 11); for the first challenge, the
same check with no layer of the jail is measured too, interleaved, to show what
the jail costs. Reference times are cached in the data directory for a day, so
after each challenge's first run a check starts one sandbox worker, not two.

Targets (issue 4): at most 1.0 s median per challenge on a 2-core machine;
grading the eleven references one after another under 8 s in all (measured
twice: eleven ``quizzer check`` processes in a row, and eleven
``grade_submission`` calls in one process, as batch grading does).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.environment import process_env  # noqa: E402
from quizzer.challenges import CHALLENGES, module_name, solution_path  # noqa: E402

TARGET_CHECK = 1.0
TARGET_ALL = 8.0
NO_JAIL = """\
import contextvars, sys
import quizzer.grading.sandbox as sandbox
from quizzer.cli import app
sandbox.LAYERS = contextvars.ContextVar("bench_layers", default=())
app(sys.argv[1:], prog_name="quizzer")
"""


def wall(cmd: list[str], env: dict) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("challenges", nargs="*", default=list(CHALLENGES))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-check-"))
    env = process_env(QUIZZER_HOME=str(tmp / "home"))
    files = {}
    for c in args.challenges:
        path = tmp / f"{module_name(c)}.py"
        path.write_text(f"# quizzer challenge: {c}\n" + solution_path(c).read_text())
        files[c] = path

    base_cmd = [sys.executable, "-c", "import numpy"]
    wall(base_cmd, env)  # warm the page cache
    baseline: list[float] = []
    times: dict[str, list[float]] = {c: [] for c in files}
    failures = []
    unjailed: list[float] = []
    first = next(iter(files))
    for _ in range(args.repeat):
        unjailed.append(
            wall([sys.executable, "-c", NO_JAIL, "check", str(files[first]), "--json"], env)[0]
        )
        for c, path in files.items():
            baseline.append(wall(base_cmd, env)[0])
            seconds, code = wall(
                [sys.executable, "-m", "quizzer", "check", str(path), "--json"], env
            )
            times[c].append(seconds)
            if code != 0:
                failures.append(c)

    base = statistics.median(baseline)
    print(f'baseline  python -c "import numpy": median {base:.3f} s over {len(baseline)} runs')
    print(f"{'challenge':<16}{'median s':>10}{'ratio':>9}{'target':>10}  verdict")
    worst = 0.0
    for c, samples in times.items():
        med = statistics.median(samples)
        worst = max(worst, med)
        ok = med <= TARGET_CHECK and c not in failures
        print(
            f"{c:<16}{med:>10.3f}{med / base:>8.1f}x{TARGET_CHECK:>9.1f}s  {'ok' if ok else 'MISSED'}"
        )
    print(
        f"worst median {worst:.3f} s = {worst / base:.1f}x import numpy (target <= {TARGET_CHECK} s)"
    )
    bare = statistics.median(unjailed)
    jailed = statistics.median(times[first])
    print(
        f"{first} without the jail: median {bare:.3f} s; with every layer {jailed:.3f} s "
        f"({jailed / bare:.2f}x)"
    )

    in_a_row = sum(statistics.median(s) for s in times.values())
    print(
        f"eleven checks one after another (sum of medians, separate processes): {in_a_row:.2f} s "
        f"= {in_a_row / base:.0f}x import numpy (target < {TARGET_ALL:.0f} s)"
    )

    from quizzer.grading.runner import grade_submission

    start = time.perf_counter()
    passed = [grade_submission(path, c).passed for c, path in files.items()]
    one_process = time.perf_counter() - start
    print(
        f"eleven grade_submission calls in one process: {one_process:.2f} s "
        f"= {one_process / base:.0f}x import numpy (target < {TARGET_ALL:.0f} s)"
    )
    if failures or not all(passed):
        print(f"FAILED: a reference did not pass its own check: {sorted(set(failures))}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
