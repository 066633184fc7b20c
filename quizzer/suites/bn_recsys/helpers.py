"""Shared by the ``bn-recsys`` tests: the float64 reference, the hint that names a wrong formula, checked calls and padded batches."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    Failure,
    as_array,
    assert_close,
    join,
    say,
)

SEED = 11


def _expected(x, mask, gamma, beta, eps=1e-5):
    mask = np.asarray(mask) != 0
    real = np.asarray(x, dtype=np.float64)[mask]
    out = np.zeros(np.shape(x))
    out[mask] = (real - real.mean(axis=0)) / np.sqrt(real.var(axis=0) + eps) * gamma + beta
    return out


def _hint(out, x, mask, gamma, beta):
    mask = np.asarray(mask) != 0
    out = np.asarray(out, dtype=np.float64)
    if not np.all(np.isfinite(out[mask])):
        return say(
            "real positions came out nan or inf, so padding leaked in: x * mask keeps nan "
            "(nan * 0 is nan); select the real positions (x[mask], or np.where) before any "
            "arithmetic",
            "真实位置上出现了 nan 或 inf，说明 padding 泄漏进来了：x * mask 会保留 nan"
            "（nan * 0 仍是 nan）；请在做任何运算之前先选出真实位置（x[mask] 或 np.where）",
        )
    pads = out[~mask]
    if pads.size and np.any(beta != 0) and np.allclose(pads, np.broadcast_to(beta, pads.shape)):
        return say(
            "padded outputs equal beta: padded outputs must be exactly 0",
            "padding 位置的输出等于 beta：它们必须恰好为 0",
        )
    if pads.size and not np.all(pads == 0):
        return say("padded outputs must be exactly 0", "padding 位置的输出必须恰好为 0")
    real_mean = out[mask].mean(axis=0)
    if not np.allclose(real_mean, beta, atol=1e-6):
        return say(
            "the real outputs do not average to beta: take each feature's statistics over "
            "the real positions only, dividing by their number mask.sum(), not by N * T",
            "真实位置输出的均值不等于 beta：每个特征的统计量只能在真实位置上计算，"
            "除以真实位置的个数 mask.sum()，而不是 N * T",
        )
    return say(
        "on real positions out = gamma * (x - mean) / sqrt(var + eps) + beta, with each "
        "feature's mean and biased variance over the real positions",
        "真实位置上 out = gamma * (x - mean) / sqrt(var + eps) + beta，"
        "其中均值和有偏方差都只在真实位置上按特征计算",
    )


def _run(impl, x, mask, gamma, beta, *eps, what):
    out = impl.masked_batchnorm(x, mask, gamma, beta, *eps)
    return as_array(out, say("out of {w}", "{w} 的 out", w=what), shape=x.shape, dtype=x.dtype)


def _check(impl, x, mask, gamma, beta, *eps, what, rtol=1e-7, atol=1e-9):
    out = _run(impl, x, mask, gamma, beta, *eps, what=what)
    right = _expected(x, mask, gamma, beta, *eps)
    if not np.all(np.isfinite(out)):
        raise Failure(
            join(
                say("out of {w} holds nan or inf: ", "{w} 的 out 含有 nan 或 inf：", w=what),
                _hint(out, x, mask, gamma, beta),
            ),
            expected="finite values",
            got=f"{int(np.sum(~np.isfinite(out)))} non-finite values",
        )
    if not np.allclose(out, right, rtol=rtol, atol=atol):
        assert_close(
            out,
            right,
            say("out of {w}", "{w} 的 out", w=what),
            rtol=rtol,
            atol=atol,
            hint=_hint(out, x, mask, gamma, beta),
        )
    return out


def _batch(rng, n=4, t=6, d=3, pad_value=None):
    """Random sequences with random lengths (at least one real position each)."""
    lengths = rng.integers(1, t + 1, size=n)
    mask = np.arange(t)[None, :] < lengths[:, None]
    x = rng.normal(size=(n, t, d)) * np.linspace(0.5, 3, d) + np.linspace(-2, 5, d)
    if pad_value is not None:
        x[~mask] = pad_value
    return x, mask
