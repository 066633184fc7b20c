"""``l2``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    say,
)
from quizzer.suites.l2.helpers import _float, _l2_hint


@case(
    "l2_penalty is lam times the squared norm",
    zh="l2_penalty 等于 lam 乘以范数的平方",
    visible=True,
)
def test_penalty_example(impl):
    """
    >>> l2_penalty(np.array([3.0, 4.0]), 0.5)  # 0.5 * (9 + 16), not 0.5 * 5
    12.5
    """
    w = np.array([3.0, 4.0])
    got = _float(impl.l2_penalty, w, 0.5, what="l2_penalty([3, 4], 0.5)")
    assert_close(got, 12.5, "l2_penalty([3, 4], 0.5)", hint=_l2_hint(got, w, 0.5))


@case(
    "weight_decay_step: one SGD step on loss + l2_penalty",
    zh="weight_decay_step：对损失 + l2_penalty 做一步 SGD",
    visible=True,
)
def test_weight_decay_example(impl):
    """
    >>> w = np.array([1.0, -2.0])
    >>> grad = np.array([0.5, 0.5])
    >>> weight_decay_step(w, grad, 0.1, 0.25)  # w - 0.1 * (grad + 2 * 0.25 * w)
    array([ 0.9 , -1.95])
    """
    got = impl.weight_decay_step(np.array([1.0, -2.0]), np.array([0.5, 0.5]), 0.1, 0.25)
    assert_close(
        got,
        [0.9, -1.95],
        "weight_decay_step(w, grad, lr=0.1, lam=0.25)",
        hint=say(
            "w_new = w - lr * (grad + 2*lam*w): the penalty's gradient is 2*lam*w",
            "w_new = w - lr * (grad + 2*lam*w)：惩罚项的梯度是 2*lam*w",
        ),
    )
