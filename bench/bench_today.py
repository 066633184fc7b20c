"""Benchmark: the today screen, and a rating or an undo to the next card on screen.

1. Bare ``quizzer`` (the today screen) on a store holding 10,000 review rows,
   against ``quizzer list`` in the same run (target: at most 1.5x). Whole
   processes, alternately, median of ``--runs`` each, after one untimed run of
   each (the deck cache is warm, as it is for a learner).

2. In a session over the bundled deck on that store (learning cards coming back,
   as in Anki): from a rating to the next card on screen (commit, requeue, pick,
   render to an in-memory console) and from ``u`` to the previous card back on
   screen (undo in the store, restore, render). Target: under 50 ms each.
   Baseline: one bare SQLite INSERT + COMMIT in WAL mode in the same folder.

    python bench/bench_today.py [--reviews 10000] [--runs 20] [--steps 200]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_quiz import bare_insert_ms, fill_store  # noqa: E402
from bench.environment import process_env  # noqa: E402

PYTHON = sys.executable


def time_pair(a: list[str], b: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time of two commands run alternately (after one untimed run of each)."""
    times: dict[int, list[float]] = {0: [], 1: []}
    for i in range(runs + 1):
        for which, args in enumerate((a, b)):
            start = time.perf_counter()
            done = subprocess.run(args, env=env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
            if i:
                times[which].append(elapsed)
    return statistics.median(times[0]), statistics.median(times[1])


def rating_and_undo(store_file: Path, folder: Path, steps: int) -> tuple[list[float], list[float]]:
    from quizzer.deck import load_deck
    from quizzer.render import console as make_console
    from quizzer.render.quiz import question_view, saved_line
    from quizzer.review.session import prepare
    from quizzer.review.store import Store

    deck = load_deck()
    rate_ms: list[float] = []
    undo_ms: list[float] = []
    run = 0
    while len(rate_ms) < steps:
        run += 1
        copy = folder / f"session{run}.sqlite3"
        shutil.copy(store_file, copy)
        with Store.open(copy) as store:
            session = prepare(deck, store, mode="flash", seed=run, new_limit=len(deck.cards))
            out = make_console(file=io.StringIO(), width=100)
            out.print(question_view(session.current(), "en"))
            i = 0
            while not session.done and len(rate_ms) < steps:
                i += 1
                rating = (3, 3, 1, 4, 2)[i % 5]
                start = time.perf_counter()
                answered = session.rate(rating)
                out.print(saved_line(answered))
                q = session.current()
                if q is not None:
                    out.print(question_view(q, "en"))
                rate_ms.append((time.perf_counter() - start) * 1000)
                if i % 2:
                    start = time.perf_counter()
                    session.undo()
                    out.print(question_view(session.current(), "en"))
                    undo_ms.append((time.perf_counter() - start) * 1000)
                    session.rate(rating)  # the learner rates again (not timed)
    return rate_ms, undo_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quizzer-bench-") as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        os.environ["QUIZZER_HOME"] = str(home)
        store_file = home / "quizzer.sqlite3"
        fill_store(store_file, args.reviews)
        env = process_env(COLUMNS="100")

        print(f"1. bare quizzer (today) vs quizzer list, {args.reviews:,} reviews in the store")
        today, listing = time_pair(
            [PYTHON, "-m", "quizzer"], [PYTHON, "-m", "quizzer", "list"], env, args.runs
        )
        ratio = today / listing
        print(f"   baseline: quizzer list                      {listing * 1000:8.0f} ms")
        print(
            f"   quizzer (today)                             {today * 1000:8.0f} ms  ({ratio:.2f}x)"
        )
        print(f"   target 1.5x: {'OK' if ratio <= 1.5 else 'MISSED'} (median of {args.runs})")

        print("2. a rating / an undo to the next card on screen (deck loaded once)")
        bare = bare_insert_ms(folder, 200)
        rate_ms, undo_ms = rating_and_undo(store_file, folder, args.steps)
        print(f"   baseline: bare SQLite insert+commit (WAL)   {bare:8.2f} ms")
        for name, samples in (("rating -> next card", rate_ms), ("undo -> card back", undo_ms)):
            med, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[-1]
            print(f"   {name:20s} median / p95          {med:8.2f} / {p95:.2f} ms "
                  f"({med / bare:.1f}x baseline)  target 50 ms: {'OK' if p95 < 50 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
