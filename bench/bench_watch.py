"""``quizzer check --watch``: from a save to the new report, as a ratio to a cold ``quizzer check``.

Run: ``.venv/bin/python bench/bench_watch.py [--repeat N] [--warm/--no-warm] [CHALLENGE ...]``

For each challenge, the reference solution is copied into a temporary file. The
baseline is a cold ``python -m quizzer check FILE --json`` (a fresh process, as a
learner runs it once). The watched time starts ``python -m quizzer check FILE
--watch --json`` once, waits for its first report, then ``N`` times saves the
file (a new comment line, written whole as editors do) and measures the wall
time until the next JSON line arrives: the file watcher's latency, the re-check
and the report, everything the learner waits for. Saves and cold checks are
interleaved so that machine load affects both alike.

Target (issue 13): at most 0.5 s median from a save to the new report.
"""

from __future__ import annotations

import argparse
import json
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.environment import process_env  # noqa: E402
from quizzer.challenges import module_name, solution_path  # noqa: E402

TARGET = 0.5
DEFAULT = ("dropout", "batchnorm", "l1-sparsity")


def cold(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def read_line(proc: subprocess.Popen, timeout: float = 30.0) -> str:
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    if not selector.select(timeout):
        raise TimeoutError("no report from the watching quizzer")
    return proc.stdout.readline()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("challenges", nargs="*", default=list(DEFAULT))
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    env = process_env(QUIZZER_HOME=str(tmp / "home"), QUIZZER_LANG="en")
    quizzer = [sys.executable, "-m", "quizzer", "check"]
    worst = 0.0
    print(f"{'challenge':<14} {'cold check':>11} {'save -> report':>15} {'ratio':>6}")
    for challenge in args.challenges:
        path = tmp / f"{module_name(challenge)}.py"
        source = f"# quizzer challenge: {challenge}\n" + solution_path(challenge).read_text()
        path.write_text(source)
        cold(quizzer + [str(path), "--json"], env)  # warm the page cache
        proc = subprocess.Popen(
            quizzer + [str(path), "--watch", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert json.loads(read_line(proc))["passed"]
            time.sleep(0.5)  # the watcher is set up after the first report
            baseline, watched = [], []
            for i in range(args.repeat):
                baseline.append(cold(quizzer + [str(path), "--json"], env))
                time.sleep(0.3)
                start = time.perf_counter()
                path.write_text(source + f"# save {i}\n")
                report = json.loads(read_line(proc))
                watched.append(time.perf_counter() - start)
                assert report["passed"], report
        finally:
            proc.terminate()
            proc.wait(10)
        b, w = statistics.median(baseline), statistics.median(watched)
        worst = max(worst, w)
        print(f"{challenge:<14} {b:>9.3f} s {w:>13.3f} s {w / b:>5.2f}x")
    verdict = "ok" if worst <= TARGET else "OVER"
    print(f"worst median save -> report: {worst:.3f} s (target <= {TARGET} s): {verdict}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
