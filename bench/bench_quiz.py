"""Benchmark: typed-answer grading, the quiz loop and ``quizzer stats`` on a big review log.

0. Grading one typed answer (target: median < 30 ms): every answer of the
   evaluation sets in ``tests/eval/`` and each card's own answer (about 3,000
   characters, the worst case) in both languages, graded with ``check_typed``
   on the loaded deck. Baseline: NFKC + casefold + split of the same text.

1. From an answer to the next card on screen (target: < 50 ms). The deck is
   loaded once, as in a session; each sample is the core of one step: grade a
   typed answer (half of them a few keywords, half the card's whole
   answer, in English and Chinese), commit the rating (one SQLite transaction, fsync'd in WAL
   mode), pick the next card and render it to an in-memory Rich console.
   Baseline: one bare SQLite INSERT + COMMIT in WAL mode in the same folder.

2. ``quizzer stats`` and ``quizzer stats --json`` as whole processes on a store
   holding 100,000 review rows (target: < 1 s). Baseline: ``python -c pass``.

    python bench/bench_quiz.py [--reviews 100000] [--steps 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import process_env  # noqa: E402

PYTHON = sys.executable


def bare_insert_ms(folder: Path, n: int) -> float:
    conn = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b REAL)")
    times = []
    for i in range(n):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (a, b) VALUES (?, ?)", (f"row {i}", i * 0.5))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return statistics.median(times) * 1000


def answer_to_next_card(folder: Path, steps: int) -> list[float]:
    from quizzer.deck import load_deck
    from quizzer.render import console as make_console
    from quizzer.render.quiz import question_view, saved_line, typed_feedback
    from quizzer.review.session import prepare
    from quizzer.review.store import Store

    deck = load_deck()  # once per session, as ``quizzer quiz`` does
    samples: list[float] = []
    rng = random.Random(0)
    run = 0
    while len(samples) < steps:
        run += 1
        with Store.open(folder / f"session{run}.sqlite3") as store:
            session = prepare(deck, store, mode="typed", seed=run)
            console = make_console(file=io.StringIO(), width=100)
            console.print(question_view(session.current(), "en"))
            while not session.done and len(samples) < steps:
                card = session.current().card
                lang = ("en", "zh")[len(samples) % 2]
                if len(samples) % 4 < 2:  # a few of the card's terms typed
                    words = [w for terms in card.concepts.values() for w in terms[lang]]
                    answer = " and ".join(rng.sample(words, k=min(3, len(words))))
                else:  # worst case: the card's whole answer (about 3,000 characters)
                    answer = card.answer(lang)
                start = time.perf_counter()
                result = session.check_typed(answer)
                console.print(typed_feedback(result, "en"))
                answered = session.rate(result.suggested)
                console.print(saved_line(answered))
                q = session.current()
                if q is not None:
                    console.print(question_view(q, "en"))
                samples.append(time.perf_counter() - start)
    return [s * 1000 for s in samples]


def typed_grading() -> tuple[list[float], list[float], float]:
    """Milliseconds per graded answer, per baseline pass, and the slowest answer."""
    import unicodedata

    import yaml

    from quizzer.deck import load_deck
    from quizzer.mathmarkdown import markdown_math_to_text
    from quizzer.review.answers import check_typed

    deck = load_deck()
    root = Path(__file__).resolve().parents[1] / "tests" / "eval"
    answers = [
        (deck.get(item["card"]), item["text"])
        for name in ("typed_answers.yaml", "typed_answers_heldout.yaml")
        for item in yaml.safe_load((root / name).read_text(encoding="utf-8"))
    ]
    answers += [
        (card, markdown_math_to_text(card.answer(lang))) for card in deck for lang in ("en", "zh")
    ]
    graded, base = [], []
    for card, text in answers:
        start = time.perf_counter()
        check_typed(card, text)
        graded.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        unicodedata.normalize("NFKC", text).casefold().split()
        base.append((time.perf_counter() - start) * 1000)
    return graded, base, max(graded)


def fill_store(path: Path, reviews: int) -> None:
    """``reviews`` review rows over the bundled cards, with a schedule for each card."""
    from quizzer.challenges import CHALLENGES
    from quizzer.review.database import iso
    from quizzer.review.schedule import Scheduler
    from quizzer.review.store import Store

    ids = list(CHALLENGES)
    now = datetime.now(UTC)
    scheduler = Scheduler(fuzz=False)
    rng = random.Random(1)
    with Store.open(path) as store:
        for i, card_id in enumerate(ids):
            card = scheduler.new_card(card_id, now - timedelta(days=30))
            at = now - timedelta(days=30)
            for _ in range(4):
                outcome = scheduler.preview(card, at)[rng.choice((2, 3, 3, 4))]
                card = scheduler.load(outcome.state)
                at = max(outcome.due, at + timedelta(hours=1))
            store.record_review(
                card_id, reviewed_at=outcome.reviewed_at, mode="flash", rating=3, duration=5.0,
                new_state=outcome.state,
            )  # fmt: skip
            store.record_attempt(card_id, i % 3 == 0, (i % 3) / 2, f"{card_id}.py", 0.5)
    start = now - timedelta(days=365)
    rows = (
        (
            ids[i % len(ids)],
            iso(start + timedelta(seconds=i * 300)),
            ("flash", "choice", "typed")[i % 3],
            rng.choice((1, 2, 3, 3, 3, 4)),
            rng.uniform(2, 60),
            None,
            int(i % 10 == 0),
            rng.choice((None, 1, 2, 3)),
        )
        for i in range(reviews)
    )
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO reviews (card_id, reviewed_at, mode, rating, duration, typed, cram, "
            "state_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()


def time_process(args: list[str], env: dict[str, str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quizzer-bench-") as tmp:
        folder = Path(tmp)
        os.environ["QUIZZER_HOME"] = str(folder / "home")

        print("0. grading one typed answer (claims, clauses, misconceptions)")
        graded, base, worst = typed_grading()
        med, base_med = statistics.median(graded), statistics.median(base)
        print(f"   baseline: NFKC + casefold + split            {base_med:8.3f} ms")
        print(
            f"   check_typed, median of {len(graded)} answers        {med:8.2f} ms  ({med / base_med:.0f}x baseline)"
        )
        print(f"   check_typed, slowest (a card's whole answer) {worst:8.2f} ms")
        print(f"   target 30 ms (median): {'OK' if med < 30 else 'MISSED'}")

        print("1. answer -> next card on screen (deck loaded once)")
        bare = bare_insert_ms(folder, 200)
        steps = answer_to_next_card(folder, args.steps)
        med, p95 = statistics.median(steps), statistics.quantiles(steps, n=20)[-1]
        print(f"   baseline: bare SQLite insert+commit (WAL)   {bare:8.2f} ms")
        print(
            f"   grade + commit + next + render, median      {med:8.2f} ms  ({med / bare:.1f}x baseline)"
        )
        print(
            f"   grade + commit + next + render, p95         {p95:8.2f} ms  ({p95 / bare:.1f}x baseline)"
        )
        print(f"   target 50 ms: {'OK' if p95 < 50 else 'MISSED'} ({len(steps)} steps)")

        print(f"2. quizzer stats with {args.reviews:,} review rows")
        home = folder / "home"
        home.mkdir(exist_ok=True)
        fill_store(home / "quizzer.sqlite3", args.reviews)
        env = process_env(QUIZZER_HOME=str(home), COLUMNS="100")
        base = time_process([PYTHON, "-c", "pass"], env, args.runs)
        table = time_process([PYTHON, "-m", "quizzer", "stats"], env, args.runs)
        as_json = time_process([PYTHON, "-m", "quizzer", "stats", "--json"], env, args.runs)
        print(f"   baseline: python -c pass                    {base * 1000:8.0f} ms")
        print(
            f"   quizzer stats                               {table * 1000:8.0f} ms  ({table / base:.1f}x baseline)"
        )
        print(
            f"   quizzer stats --json                        {as_json * 1000:8.0f} ms  ({as_json / base:.1f}x baseline)"
        )
        print(
            f"   target 1 s: {'OK' if max(table, as_json) < 1 else 'MISSED'} (best of {args.runs})"
        )


if __name__ == "__main__":
    main()
