"""Shared by the ``dropout`` tests: the statistical bound, the data and the check of the mask's scale."""

from __future__ import annotations

import functools
import math

import numpy as np

from quizzer.suites.base import (
    as_array,
    expect,
    say,
    unpack,
)

SIGMAS = 6.0
_ROW = np.array([1.0, -2.0, 0.5, 3.0, -0.25, 4.0, -1.5, 2.0])


def _forward(impl, x, p, rng, training=True, what=None):
    what = what or f"dropout_forward(x, p={p}, rng, training={training})"
    out, mask = unpack(impl.dropout_forward(x, p, rng, training=training), 2, what)
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    out = as_array(out, f"{what}: out", shape=x.shape, dtype=dtype)
    mask = as_array(mask, f"{what}: mask", shape=x.shape, dtype=dtype)
    return out, mask


def _data(shape, dtype=np.float64, seed=1):
    """Values of magnitude 0.5..2 with random signs: never 0, so out == 0 iff dropped.

    A fresh copy each time (an implementation may write into its input), of one array
    drawn once per process and arguments (the suite asks for the same data 30 times).
    """
    return _drawn(tuple(shape), np.dtype(dtype), seed).copy()


@functools.lru_cache(maxsize=64)
def _drawn(shape, dtype, seed):
    gen = np.random.default_rng(seed)
    x = gen.uniform(0.5, 2.0, size=shape) * np.where(gen.random(shape) < 0.5, -1.0, 1.0)
    x = x.astype(dtype)
    x.flags.writeable = False  # the cached draw itself is never handed out
    return x


def _check_scale(out, row, p, n, what):
    """Each column of out/x averages to 1 within SIGMAS standard deviations."""
    ratio = out.astype(np.float64).mean(axis=0) / row
    bound = SIGMAS * math.sqrt(p / ((1 - p) * n))
    worst = float(np.max(np.abs(ratio - 1.0)))
    hint = ""
    if abs(float(np.mean(ratio)) - (1 - p)) < bound:
        hint = say(
            " The mean is about (1-p)·x: did you forget to divide the kept units by 1-p?",
            "均值约为 (1-p)·x：是不是忘了把保留的单元除以 1-p？",
        )
    elif abs(float(np.mean(ratio)) - p / (1 - p)) < bound:
        hint = say(
            " The mean is about p/(1-p)·x: is p read as the keep probability?",
            "均值约为 p/(1-p)·x：是不是把 p 当成了保留概率？",
        )
    expect(
        worst <= bound,
        say(
            "{what}: the average of out over {n} draws should equal x (E[out] = x for inverted "
            "dropout); mean(out)/x is off by {worst}, more than the allowed {bound} "
            "(= {k} standard deviations, sqrt(p/((1-p)·n)) each).{hint}",
            "{what}：out 在 {n} 次抽样上的平均值应当等于 x（inverted dropout 满足 E[out] = x）；"
            "mean(out)/x 偏离了 {worst}，超过允许的 {bound}（= {k} 个标准差，"
            "每个标准差为 sqrt(p/((1-p)·n))）。{hint}",
            what=what,
            n=str(n),
            worst=f"{worst:.4f}",
            bound=f"{bound:.4f}",
            k=f"{SIGMAS:g}",
            hint=hint,
        ),
        expected="mean(out)/x = 1",
        got=np.round(ratio, 4),
    )
