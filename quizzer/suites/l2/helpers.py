"""Shared by the ``l2`` tests: weights, a checked scalar call and the hint that names a wrong penalty."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    as_float,
    expect,
    say,
)


def _w(seed=0, shape=(5, 4)):
    return np.random.default_rng(seed).uniform(-3, 3, size=shape)


def _float(impl_fn, *args, what):
    got = impl_fn(*args)
    expect(
        not isinstance(got, np.ndarray) or got.ndim == 0,
        say(
            "{what} must return a single number (a float), got an array of shape {s}",
            "{what} 应当返回单个数（float），实际返回了形状为 {s} 的数组",
            what=what,
            s=str(np.shape(got)),
        ),
    )
    return as_float(got, what)


def _l2_hint(got, w, lam):
    if np.isclose(got, lam * np.sqrt(np.sum(w**2))):
        return say(
            "that is lam·||w||_2, the norm without the square; the L2 penalty is lam·||w||_2² = "
            "lam·sum w_i² (the source write-up's notation drops the square, its formula keeps it)",
            "这是 lam·||w||_2，没有平方的范数；L2 惩罚是 lam·||w||_2² = lam·sum w_i²"
            "（原文的记号漏了平方，公式里是有的）",
        )
    if np.isclose(got, 0.5 * lam * np.sum(w**2)):
        return say(
            "that is lam/2·||w||²; the contract's L2 penalty is lam·sum w_i² with no 1/2",
            "这是 lam/2·||w||²；题目的 L2 惩罚是 lam·sum w_i²，没有 1/2",
        )
    return "L2 = lam * sum w_i**2"
