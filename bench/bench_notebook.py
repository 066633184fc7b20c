"""Speed of the notebook, Anki and picture paths, as ratios to baselines measured in the same run.

Run: ``.venv/bin/python bench/bench_notebook.py [--repeat N]``

- ``%quizzer check dropout`` on a correct implementation defined in an IPython
  shell (in this process, as a notebook's kernel runs it; the report printed to a
  buffer), first call (imports included) and warm calls; baseline: ``quizzer check``
  of the same code as a file (a whole process), interleaved.
- ``quizzer export-anki`` of the eleven cards with their figures (a whole process),
  cold (a new data directory: every figure drawn) and warm (the images kept from the
  cold run); baseline: ``quizzer list``.
- ``quizzer figure NAME --save x.png`` for each figure (a whole process, matplotlib's
  import included); baseline: ``python -c "import matplotlib.pyplot"``.

Targets (issue 15): check <= 1.5 s, export-anki < 5 s, figure --save < 3 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.environment import process_env  # noqa: E402
from quizzer.challenges import solution_path  # noqa: E402
from quizzer.figures import FIGURES  # noqa: E402

TARGETS = {"check": 1.5, "anki": 5.0, "figure": 3.0}


def wall(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr.decode()}")
    return seconds


def line(label: str, samples: list[float], base: float, target: float | None) -> bool:
    med = statistics.median(samples)
    ok = target is None or med <= target
    goal = f"<= {target:.1f} s" if target else ""
    verdict = ("ok" if ok else "OVER") if target else ""
    print(f"{label:<40}{med:>9.3f} s{med / base:>8.2f}x  {goal:<10}{verdict}")
    return ok


def bench_check(repeat: int, env: dict, tmp: Path) -> bool:
    from IPython.core.interactiveshell import InteractiveShell

    source = solution_path("dropout").read_text(encoding="utf-8")
    file = tmp / "dropout.py"
    file.write_text("# quizzer challenge: dropout\n" + source, encoding="utf-8")
    shell = InteractiveShell.instance()
    shell.run_cell("%load_ext quizzer")
    shell.run_cell(source)

    def magic() -> float:
        out = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out):
            shell.run_cell("%quizzer check dropout")
        seconds = time.perf_counter() - start
        if "PASSED" not in out.getvalue():
            sys.exit("the notebook check did not pass:\n" + out.getvalue())
        return seconds

    first = magic()
    warm, baseline = [], []
    for _ in range(repeat):
        baseline.append(wall([sys.executable, "-m", "quizzer", "check", str(file)], env))
        warm.append(magic())
    base = statistics.median(baseline)
    print(f"baseline  quizzer check dropout.py (a process): median {base:.3f} s")
    ok = line("%quizzer check dropout, first call", [first], base, TARGETS["check"])
    return line("%quizzer check dropout, warm", warm, base, TARGETS["check"]) and ok


def bench_anki(repeat: int, env: dict, tmp: Path) -> bool:
    q = [sys.executable, "-m", "quizzer"]
    baseline, cold, warm = [], [], []
    for i in range(repeat):
        baseline.append(wall([*q, "list"], env))
        fresh = {**env, "QUIZZER_HOME": str(tmp / f"cold{i}")}  # no figure images kept yet
        cold.append(wall([*q, "export-anki", str(tmp / f"c{i}.apkg")], fresh))
        warm.append(wall([*q, "export-anki", str(tmp / f"w{i}.apkg")], fresh))
    base = statistics.median(baseline)
    print(f"baseline  quizzer list: median {base:.3f} s")
    ok = line("export-anki, en+zh, figures drawn", cold, base, TARGETS["anki"])
    return line("export-anki, en+zh, figures kept", warm, base, TARGETS["anki"]) and ok


def bench_figures(repeat: int, env: dict, tmp: Path) -> bool:
    base_cmd = [sys.executable, "-c", "import matplotlib.pyplot"]
    baseline, times = [], {name: [] for name in FIGURES}
    for _ in range(repeat):
        for name in FIGURES:
            baseline.append(wall(base_cmd, env))
            cmd = [sys.executable, "-m", "quizzer", "figure", name, "--save", str(tmp / "x.png")]
            times[name].append(wall(cmd, env))
    base = statistics.median(baseline)
    print(f'baseline  python -c "import matplotlib.pyplot": median {base:.3f} s')
    verdicts = [
        line(f"figure {name} --save x.png", samples, base, TARGETS["figure"])
        for name, samples in times.items()
    ]
    return all(verdicts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-notebook-"))
    os.environ["QUIZZER_HOME"] = str(tmp / "home")
    env = process_env()
    print(f"{'what':<40}{'median':>11}{'ratio':>9}  {'target':<10}verdict")
    ok = bench_check(args.repeat, env, tmp)
    ok = bench_anki(args.repeat, env, tmp) and ok
    ok = bench_figures(args.repeat, env, tmp) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
