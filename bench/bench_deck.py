"""Benchmark: ``quizzer list --deck BIG`` on a generated deck of 10,000 cards.

Generates valid cards (about 2 KB of YAML each, with math, three key points and
three distractors) into a temporary folder, then times ``quizzer list --deck BIG``
as a whole process: first with a cold cache (every file parsed and validated),
then again (the parsed deck comes from the cache in the data directory).

Targets (issue 2): first run <= 3 s, second run <= 0.5 s.

    python bench/bench_deck.py [--cards 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CARD = """\
# yaml-language-server: $schema=card.schema.json
format_version: 1
id: {id}
number: {number}
title:
  en: "Generated card {number}: batch statistics"
  zh: "生成的卡片 {number}：批统计量"
question:
  en: "Why does card {number} normalise with the batch mean and variance?"
  zh: "第 {number} 张卡片为什么用批均值和方差做归一化？"
answer:
  en: |
    Each feature is standardised with the statistics of the mini-batch,
    $\\hat{{x}}_i = \\frac{{x_i - \\mu_B}}{{\\sqrt{{\\sigma_B^2 + \\epsilon}}}}$, then scaled and
    shifted, $y_i = \\gamma \\hat{{x}}_i + \\beta$. The learnable $\\gamma$ and $\\beta$ let
    the layer undo the normalisation when that helps.
  zh: |
    每个特征用当前 mini-batch 的统计量标准化，
    $\\hat{{x}}_i = \\frac{{x_i - \\mu_B}}{{\\sqrt{{\\sigma_B^2 + \\epsilon}}}}$，再做缩放和平移
    $y_i = \\gamma \\hat{{x}}_i + \\beta$；可学习的 $\\gamma$、$\\beta$ 让网络在需要时还原分布。
key_points:
  - text: {{en: "Standardise with the batch mean and variance", zh: "用批均值和方差标准化"}}
    keywords: {{en: [batch mean, batch statistics], zh: [批均值, 批统计量]}}
  - text: {{en: "Scale and shift with gamma and beta", zh: "用 gamma 和 beta 缩放平移"}}
    keywords: {{en: [gamma, scale and shift], zh: [缩放, 平移]}}
  - text: {{en: "Epsilon keeps the division stable", zh: "epsilon 防止除零"}}
    keywords: {{en: [epsilon, numerical stability], zh: [除零, 数值稳定]}}
choices:
  correct: {{en: "It standardises each feature over the batch", zh: "对每个特征在批内做标准化"}}
  distractors:
    - text: {{en: "It normalises each sample over its features", zh: "对每个样本在特征上归一化"}}
      why: {{en: "That is LayerNorm", zh: "那是 LayerNorm"}}
    - text: {{en: "It divides by the L2 norm of the weights", zh: "除以权重的 L2 范数"}}
      why: {{en: "That is weight normalisation", zh: "那是权重归一化"}}
    - text: {{en: "It clips activations to [0, 1]", zh: "把激活值截断到 [0, 1]"}}
      why: {{en: "Normalising is not clipping", zh: "归一化不是截断"}}
tags: [generated, batchnorm]
difficulty: {difficulty}
notes: []
challenge: {challenge}
solution: {solution}
"""


def write_deck(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        with_challenge = i % 2 == 0
        text = CARD.format(
            id=f"gen-{i:05d}",
            number=100 + i,
            difficulty=1 + i % 5,
            challenge="batchnorm" if with_challenge else "null",
            solution="solutions/batchnorm.py" if with_challenge else "null",
        )
        (folder / f"{i:05d}.yaml").write_text(text, encoding="utf-8")


def run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument(
        "--runs", type=int, default=3, help="repetitions of the cold/warm pair (median)"
    )
    args = parser.parse_args()

    quizzer = [sys.executable, "-m", "quizzer"]
    tmp = Path(tempfile.mkdtemp(prefix="quizzer-bench-deck-"))
    try:
        deck = tmp / "BIG" / "cards"
        write_deck(deck, args.cards)
        size = sum(p.stat().st_size for p in deck.iterdir())
        print(f"generated {args.cards} cards ({size / 1e6:.1f} MB of YAML) in {deck}")
        time.sleep(
            2.1
        )  # let the files age past the cache's racy-mtime window, as a real deck would be
        cold, warm = [], []
        for r in range(args.runs):
            env = {**os.environ, "QUIZZER_HOME": str(tmp / f"home{r}"), "COLUMNS": "120"}
            cmd = [*quizzer, "list", "--deck", str(deck), "--lang", "en"]
            cold.append(run(cmd, env))
            warm.append(run(cmd, env))
        first, second = statistics.median(cold), statistics.median(warm)
        print(
            f"quizzer list --deck BIG, first run (cold cache): {first:.2f} s  (target <= 3 s)  "
            f"{'OK' if first <= 3 else 'SLOW'}"
        )
        print(
            f"quizzer list --deck BIG, second run (cached):    {second:.2f} s  (target <= 0.5 s)  "
            f"{'OK' if second <= 0.5 else 'SLOW'}"
        )
        print(f"(median of {args.runs} runs each; python {sys.version.split()[0]})")
        if first > 3 or second > 0.5:
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
