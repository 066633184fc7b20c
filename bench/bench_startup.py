"""Benchmark: start-up time of ``quizzer --help`` and ``quizzer list`` against a Typer + Rich hello world.

Both programs run as whole processes, alternately, many times; the script prints
the medians and the ratio quizzer / baseline for each command. The baseline is a
minimal Typer + Rich app written to a temporary file whose ``list`` prints an
11-row Rich table and declares the same options as ``quizzer list`` (--tag, --lang,
--deck, --json: Typer 0.29 builds a pydantic TypeAdapter for every option of the
invoked command, so the option count is part of the baseline); the same table with
no options at all is timed too, for information. ``quizzer list`` runs on the bundled
deck with a warm cache (the first, cache-filling run is not timed).

Both run with Python's bytecode cache on, as they do for a user (``bench/environment.py``):
with ``PYTHONDONTWRITEBYTECODE=1`` from the caller (as on the development machines) quizzer's
own modules (75-80 KB of source for ``--help`` or ``list``) would be compiled again on every
run, 15-20 ms of it, while the hello world's libraries keep the bytecode pip compiled. The
untimed first runs write the cache.

It also runs both quizzer commands under ``python -X importtime`` and checks that
NumPy, pytest and the grader (``quizzer.grading``) are not imported.

Target (issue 2): each ratio <= 1.25.

    python bench/bench_startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import process_env  # noqa: E402

HELLO = '''
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="A minimal Typer + Rich app.", no_args_is_help=True, add_completion=False,
                  rich_markup_mode="rich", pretty_exceptions_enable=False)


@app.command("list")
def list_rows(
    tag: Annotated[list[str] | None, typer.Option("--tag")] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l")] = None,
    deck: Annotated[list[Path] | None, typer.Option("--deck")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print a small table (same options as quizzer list: Typer parses each one)."""
    table = Table("#", "id", "title")
    for i in range(1, 12):
        table.add_row(str(i), f"card-{i}", f"Hello, card {i}")
    Console().print(table)


@app.command("bare")
def bare() -> None:
    """Print the same table, with no options at all."""
    table = Table("#", "id", "title")
    for i in range(1, 12):
        table.add_row(str(i), f"card-{i}", f"Hello, card {i}")
    Console().print(table)


if __name__ == "__main__":
    app()
'''

FORBIDDEN = ("numpy", "pytest", "quizzer.grading")


def quizzer_command() -> list[str]:
    script = Path(sys.executable).with_name("quizzer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "quizzer"]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def imported_modules(args: list[str], env: dict[str, str]) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizzer", *args],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
    )  # fmt: skip
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of each command (median)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="quizzer-bench-startup-"))
    try:
        hello = tmp / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        env = process_env(QUIZZER_HOME=str(tmp / "home"), COLUMNS="100", QUIZZER_LANG="en")
        env.pop("QUIZZER_DECKS", None)
        quizzer = quizzer_command()
        baseline = [sys.executable, str(hello)]
        pairs = {  # name: (quizzer, baseline, judged against the target?)
            "--help": (quizzer + ["--help"], baseline + ["--help"], True),
            "list": (quizzer + ["list"], baseline + ["list"], True),
            "list (vs a list with no options)": (quizzer + ["list"], baseline + ["bare"], False),
        }
        for ours, theirs, _ in pairs.values():  # warm the OS cache and quizzer's deck cache
            timed(ours, env)
            timed(theirs, env)
        failed = False
        print(
            f"python {sys.version.split()[0]}; median of {args.runs} runs each, alternating; "
            "bytecode cached"
        )
        for name, (ours, theirs, judged) in pairs.items():
            a, b = [], []
            for _ in range(args.runs):
                a.append(timed(ours, env))
                b.append(timed(theirs, env))
            ma, mb = statistics.median(a), statistics.median(b)
            ratio = ma / mb
            verdict = ("OK" if ratio <= 1.25 else "SLOW") if judged else "(for information)"
            failed |= judged and ratio > 1.25
            print(f"quizzer {name:<34} {ma * 1000:7.1f} ms   hello world {mb * 1000:7.1f} ms   "
                  f"ratio {ratio:.2f}  {verdict}")  # fmt: skip
        for command in (["--help"], ["list"]):
            found = imported_modules(command, env)
            heavy = sorted(
                m for m in found if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)
            )
            failed |= bool(heavy)
            verdict = "none imported" if not heavy else "IMPORTED: " + ", ".join(heavy)
            print(
                f"python -X importtime -m quizzer {' '.join(command)}: {', '.join(FORBIDDEN)}: {verdict}"
            )
        if failed:
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
