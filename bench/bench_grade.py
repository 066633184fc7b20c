"""Benchmark: ``quizzer grade`` on a generated folder of 200 dropout submissions.

The folder mixes correct submissions (copies of the reference, lightly edited
copies, two different correct implementations), wrong ones (the catalogued
mistakes of ``quizzer/mistakes/dropout.py`` written out as a student would, in
``tests/fixtures/grade/wrong_*.py``) and hostile ones (busy loops, a file that
sleeps while imported, segfaults, memory hoarders, exit calls, escape attempts,
syntax errors). Hostile runs use short limits so the run stays short:
``--timeout 2`` (seconds per call; a hanging function costs one timeout, then the
grader stops calling it) and ``--memory-mb 1024``.

The same folder is graded as a whole ``quizzer grade`` process with 1 worker
and with 2 workers, in the same run; each result is checked (every correct
submission passes, every wrong one fails with its catalogued mistake named,
every hostile one fails) before its time counts.

Targets (issues 6 and 11), on this 2-core machine, with every layer of the
jail on: >= 8 submissions/s with 2 workers, and 2 workers >= 1.6x the
throughput of 1 worker. Also printed: the peak resident memory of the quizzer
process (the sandboxes are separate processes), and the per-sandbox cost of
each layer of the jail (``--layers``: a sandbox forked by the fork server,
started, given a one-line file, closed; layers added one at a time, the
baseline with none measured in the same run, interleaved).

    python bench/bench_grade.py [--submissions 200] [--workers 2] [--layers 40]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import process_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "grade"
TIMEOUT = 2.0
MEMORY_MB = 1024

# How many of each kind, per 200 submissions (scaled for other sizes).
MIX = {
    "reference": 40,
    "reference_edited": 20,
    "correct_binomial.py": 12,
    "correct_where.py": 12,
    "wrong_no_rescale.py": 15,
    "wrong_keep_probability.py": 15,
    "wrong_scale_at_test.py": 14,
    "wrong_global_rng.py": 14,
    "wrong_backward_unscaled.py": 14,
    "wrong_active_in_eval.py": 14,
    "hostile_hang_loop.py": 3,
    "hostile_hang_import.py": 2,
    "hostile_segfault.py": 4,
    "hostile_memory.py": 3,
    "hostile_exit.py": 4,
    "hostile_escape.py": 4,
    "syntax": 6,
}


def expected_mistake(kind: str) -> str | None:
    """``wrong_no_rescale.py`` renders ``dropout-no-rescale`` (tests/fixtures/grade/README.md)."""
    if not kind.startswith("wrong_"):
        return None
    return "dropout-" + kind.removeprefix("wrong_").removesuffix(".py").replace("_", "-")


SYNTAX = "import numpy as np\n\ndef dropout_forward(x, p, rng, training=True)\n    return x\n"

RUNNER = """\
import contextvars, os, sys
from quizzer.cli import app
if os.environ.get("BENCH_NO_JAIL"):  # the baseline: the same grading with no layer of the jail
    import quizzer.grading.sandbox as sandbox
    sandbox.LAYERS = contextvars.ContextVar("bench_layers", default=())
    sys.argv.append("--allow-unisolated")
try:
    app(sys.argv[1:], prog_name="quizzer")
finally:
    with open("/proc/self/status") as f:
        peak = next(line.split()[1] for line in f if line.startswith("VmHWM"))
    print(f"PEAK_RSS_KB {peak}", file=sys.stderr)
"""


def make_folder(folder: Path, n: int) -> dict[str, str]:
    """Write ``n`` submissions; return name -> kind."""
    reference = (ROOT / "solutions" / "dropout.py").read_text()
    total = sum(MIX.values())
    counts = {kind: max(1, round(c * n / total)) for kind, c in MIX.items()}
    counts["reference"] = max(1, counts["reference"] + n - sum(counts.values()))
    kinds: dict[str, str] = {}
    i = 0
    for kind, count in counts.items():
        for j in range(count):
            i += 1
            name = f"student{i:04d}.py"
            if kind == "reference":
                text = reference
            elif kind == "reference_edited":
                text = f"# my submission, attempt {j}\n" + reference.replace(
                    "dtype = _float_dtype(x)", "dtype = _float_dtype(x)  # keep float32"
                )
            elif kind == "syntax":
                text = SYNTAX
            else:
                text = (FIXTURES / kind).read_text()
            (folder / name).write_text(text)
            kinds[name] = kind
    return kinds


def check(records: list[dict], kinds: dict[str, str]) -> list[str]:
    """Every result right: the problems found, empty when all is well."""
    problems = []
    seen = {r["submission"] for r in records}
    problems += [f"{name}: missing from the results" for name in kinds if name not in seen]
    for r in records:
        kind = kinds[r["submission"]]
        if kind.startswith(("reference", "correct")):
            if not r["passed"]:
                problems.append(f"{r['submission']} ({kind}) should pass, scored {r['score']}")
        elif r["passed"]:
            problems.append(f"{r['submission']} ({kind}) should fail but passed")
        elif expected_mistake(kind):
            named = [d["mistake"] for d in r["diagnosis"]]
            if expected_mistake(kind) not in named:
                problems.append(f"{r['submission']} ({kind}): diagnosis {named}")
    return problems


def run(folder: Path, workers: int, out: Path, jail: bool = True) -> tuple[float, int]:
    cmd = [
        sys.executable, "-c", RUNNER, "grade", str(folder), "--challenge", "dropout",
        "--workers", str(workers), "--timeout", str(TIMEOUT), "--memory-mb", str(MEMORY_MB),
        "--format", "json", "--out", str(out), "--no-progress",
    ]  # fmt: skip
    env = process_env(**({} if jail else {"BENCH_NO_JAIL": "1"}))
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"quizzer grade failed ({proc.returncode}):\n{proc.stderr}")
    peak = next(
        (int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK")), 0
    )
    return seconds, peak


LAYER_STEPS = (  # cumulative: each row adds one layer to the one above
    ("no jail", ()),
    ("+ namespaces (user, mount, net, PID; 2 forks, /proc)", ("namespaces",)),
    ("+ processes (signal scoping)", ("namespaces", "processes")),
    ("+ network (Landlock TCP)", ("namespaces", "processes", "network")),
    (
        "+ filesystem (allow-list built in the child)",
        ("namespaces", "processes", "network", "filesystem"),
    ),
    (
        "every layer (ruleset built once, private tmpfs)",
        ("namespaces", "processes", "network", "filesystem", "privileges"),
    ),
)


ROOT_STEPS = (  # as root, the container case: no namespaces, the sandbox drops its uid
    ("root, no namespaces: uid drop (user)", ("user",)),
    ("root, no namespaces: user, processes, privileges", ("user", "processes", "privileges")),
)


def layer_costs(rounds: int) -> None:
    """Median wall time of one forked sandbox's life, per set of layers (interleaved rounds)."""
    import statistics

    sys.path.insert(0, str(ROOT))
    from quizzer.grading.forkserver import FORK_SERVER, ForkServer
    from quizzer.grading.process import Limits
    from quizzer.grading.sandbox import LAYERS, Sandbox

    def one(layers) -> float:
        token = LAYERS.set(layers)
        try:
            start = time.perf_counter()
            with Sandbox(Limits(timeout=10)) as box:
                box.request({"op": "compile", "source": "x = 1\n", "filename": "s.py"})
            return time.perf_counter() - start
        finally:
            LAYERS.reset(token)

    with ForkServer() as server:
        token = FORK_SERVER.set(server)
        try:
            steps = LAYER_STEPS + (ROOT_STEPS if os.geteuid() == 0 else ())
            samples = {name: [] for name, _ in steps}
            for _ in range(rounds):
                for name, layers in steps:
                    samples[name].append(one(layers))
        finally:
            FORK_SERVER.reset(token)
    direct = [one(LAYER_STEPS[-1][1]) for _ in range(max(3, rounds // 4))]
    base = statistics.median(samples["no jail"])
    print(f"per-sandbox cost of the jail's layers (fork server, median of {rounds}):")
    previous = base
    for name, _ in LAYER_STEPS:
        med = statistics.median(samples[name])
        print(
            f"  {name:<52}{med * 1000:7.1f} ms  (+{(med - previous) * 1000:5.1f} ms, "
            f"{med / base:4.2f}x no jail)"
        )
        previous = med
    for name, _ in ROOT_STEPS if os.geteuid() == 0 else ():  # each against "no jail"
        med = statistics.median(samples[name])
        print(f"  {name:<52}{med * 1000:7.1f} ms  ({med / base:4.2f}x no jail)")
    print(
        f"  {'all layers, worker started directly (check)':<52}"
        f"{statistics.median(direct) * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--layers", type=int, default=40, help="rounds of the per-layer cost")
    parser.add_argument(
        "--baseline", action="store_true", help="also grade with no jail (same run, 2 workers)"
    )
    args = parser.parse_args()
    if args.layers:
        layer_costs(args.layers)
    tmp = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    try:
        folder = tmp / "submissions"
        folder.mkdir()
        kinds = make_folder(folder, args.submissions)
        n = len(kinds)
        print(
            f"{n} submissions ({sum(k.startswith(('reference', 'correct')) for k in kinds.values())}"
            f" correct, {sum(k.startswith('wrong') for k in kinds.values())} wrong, "
            f"{sum(k.startswith(('hostile', 'syntax')) for k in kinds.values())} hostile); "
            f"--timeout {TIMEOUT:g} --memory-mb {MEMORY_MB}; {os.cpu_count()} cores"
        )
        rates = {}
        runs = [(1, True), (args.workers, True)] + (
            [(args.workers, False)] if args.baseline else []
        )
        for workers, jail in runs:
            out = tmp / f"w{workers}{jail}.json"
            seconds, peak = run(folder, workers, out, jail)
            records = json.loads(out.read_text())
            problems = check(records, kinds)
            if jail and any(not all(v["active"] for v in r["isolation"].values()) for r in records):
                problems.append("a submission ran without every layer of the jail")
            if problems:
                sys.exit("wrong results:\n  " + "\n  ".join(problems[:20]))
            rate = n / seconds
            if jail:
                rates[workers] = rate
            label = "every layer" if jail else "NO jail (baseline)"
            print(
                f"  {workers} worker(s), {label}: {seconds:6.1f} s  {rate:5.2f} submissions/s  "
                f"peak RSS of quizzer {peak / 1024:.0f} MB  (all {n} results right)"
            )
            if not jail:
                print(f"  the jail costs {rate / rates[workers]:.2f}x in throughput (same run)")
        speedup = rates[args.workers] / rates[1]
        ok_rate = rates[args.workers] >= 8.0
        ok_speedup = speedup >= 1.6
        print(
            f"throughput with {args.workers} workers: {rates[args.workers]:.2f}/s "
            f"(target >= 8): {'OK' if ok_rate else 'MISSED'}"
        )
        print(
            f"speed-up {args.workers} workers / 1 worker: {speedup:.2f}x (target >= 1.6x): "
            f"{'OK' if ok_speedup else 'MISSED'}"
        )
        sys.exit(0 if ok_rate and ok_speedup else 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
