"""Speed of the reference solutions against the libraries a learner would compare them with.

Run: ``.venv/bin/python bench/bench_references.py [NAME ...]`` (NAME filters the
comparisons by substring). Each ``bench_*`` function below is one comparison: it
times the reference and its baseline in the same run, prints the ratio and the
target, and returns a dict of the numbers. A comparison whose baseline library
(PyTorch, scikit-learn) is not installed is skipped with a note; neither is a
dependency of quizzer.

To add a comparison, append a ``bench_<name>()`` function; ``main`` finds it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizzer.challenges import reference  # noqa: E402


def best_time(func: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> float:
    """The fastest of ``repeat`` timed calls, in seconds (after ``warmup`` untimed calls)."""
    for _ in range(warmup):
        func()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def report(
    name: str, ours: float, baseline: float | None, baseline_name: str, target: str, **extra
) -> dict:
    """Print one comparison line and return its numbers."""
    line = f"{name:<40} reference {ours * 1e3:9.2f} ms"
    result = {"name": name, "reference_s": ours, **extra}
    if baseline is not None:
        ratio = ours / baseline
        line += (
            f" | {baseline_name} {baseline * 1e3:9.2f} ms | ratio {ratio:5.2f}x (target {target})"
        )
        result.update(baseline_s=baseline, ratio=ratio)
    for key, value in extra.items():
        line += f" | {key} {value:.3g}" if isinstance(value, float) else f" | {key} {value}"
    print(line, flush=True)
    return result


def skipped(name: str, why: str) -> dict:
    print(f"{name:<40} skipped: {why}", flush=True)
    return {"name": name, "skipped": why}


# --------------------------------------------------------------------------- regularizers
def bench_dropout_forward_vs_torch() -> dict:
    """dropout forward on (8192, 1024) float32, p = 0.5, against torch.nn.functional.dropout (CPU)."""
    name = "dropout forward (8192, 1024) float32"
    ref = reference("dropout")
    x = np.random.default_rng(0).standard_normal((8192, 1024), dtype=np.float32)
    rng = np.random.default_rng(1)
    ours = best_time(lambda: ref.dropout_forward(x, 0.5, rng))
    try:
        import torch
    except ImportError:
        report(name, ours, None, "", "")
        return skipped(
            name + " vs torch", "PyTorch is not installed (pip install torch to compare)"
        )
    xt = torch.from_numpy(x)
    theirs = best_time(lambda: torch.nn.functional.dropout(xt, 0.5, training=True))
    return report(
        name,
        ours,
        theirs,
        f"torch {torch.__version__} ({torch.get_num_threads()} threads)",
        "<= 2x",
    )


def bench_lasso_vs_sklearn() -> dict:
    """lasso on a 1000 x 200 sparse regression against scikit-learn's Lasso(fit_intercept=False)."""
    name = "lasso 1000 x 200"
    ref = reference("l1-sparsity")
    gen = np.random.default_rng(0)
    X = gen.standard_normal((1000, 200))
    w_true = np.zeros(200)
    w_true[:20] = 2 * gen.standard_normal(20)
    y = X @ w_true + 0.5 * gen.standard_normal(1000)
    try:
        from sklearn.linear_model import Lasso
    except ImportError:
        Lasso = None
    results = []
    for alpha in (0.01, 0.05, 0.2):
        label = f"{name}, alpha={alpha:g}"
        ours = best_time(lambda a=alpha: ref.lasso(X, y, a), repeat=5)
        w = ref.lasso(X, y, alpha)
        if Lasso is None:
            report(label, ours, None, "", "")
            results.append(skipped(label + " vs scikit-learn", "scikit-learn is not installed"))
            continue

        def fit(a=alpha):
            return (
                Lasso(alpha=a, fit_intercept=False, tol=1e-12, max_iter=1_000_000).fit(X, y).coef_
            )

        theirs = best_time(fit, repeat=5)
        gap = float(np.max(np.abs(w - fit())))
        results.append(
            report(
                label,
                ours,
                theirs,
                "sklearn (tol=1e-12)",
                "< 1 s absolute, |w - w_sklearn| <= 1e-6",
                max_abs_diff=gap,
                zeros=int(np.sum(w == 0.0)),
            )
        )
    return {"name": name, "runs": results}


def bench_elastic_net_vs_sklearn() -> dict:
    """elastic_net on a 1000 x 200 regression against scikit-learn's ElasticNet(fit_intercept=False)."""
    name = "elastic_net 1000 x 200"
    ref = reference("l1-drawbacks")
    gen = np.random.default_rng(0)
    X = gen.standard_normal((1000, 200))
    w_true = np.zeros(200)
    w_true[:20] = 2 * gen.standard_normal(20)
    y = X @ w_true + 0.5 * gen.standard_normal(1000)
    alpha, l1_ratio = 0.05, 0.5
    ours = best_time(lambda: ref.elastic_net(X, y, alpha, l1_ratio), repeat=5)
    w = ref.elastic_net(X, y, alpha, l1_ratio)
    try:
        from sklearn.linear_model import ElasticNet
    except ImportError:
        report(name, ours, None, "", "")
        return skipped(name + " vs scikit-learn", "scikit-learn is not installed")

    def fit():
        model = ElasticNet(
            alpha=alpha, l1_ratio=l1_ratio, fit_intercept=False, tol=1e-12, max_iter=1_000_000
        )
        return model.fit(X, y).coef_

    theirs = best_time(fit, repeat=5)
    gap = float(np.max(np.abs(w - fit())))
    return report(name, ours, theirs, "sklearn (tol=1e-12)", "informative", max_abs_diff=gap)


# --------------------------------------------------------------------------- main
def main(argv: list[str]) -> int:
    benches = [(n, f) for n, f in globals().items() if n.startswith("bench_") and callable(f)]
    wanted = [n for n, _ in benches if not argv or any(a in n for a in argv)]
    if not wanted:
        print(
            f"no comparison matches {argv}; available: {', '.join(n for n, _ in benches)}",
            file=sys.stderr,
        )
        return 2
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}; best of several runs each")
    for n, func in benches:
        if n in wanted:
            func()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
