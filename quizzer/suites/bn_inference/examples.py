"""``bn-inference``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    say,
)
from quizzer.suites.bn_inference.helpers import _check_eval, _check_update, _fold, _fold_hint


@case("running statistics after one batch", zh="一个 batch 之后的移动统计量", visible=True)
def test_update_example(impl):
    """
    >>> x = np.array([[1., 10.], [3., 20.], [5., 30.], [7., 40.]])
    >>> mean, var = update_running_stats(np.zeros(2), np.ones(2), x)
    >>> mean
    array([0.4, 2.5])
    >>> np.round(var, 4)
    array([ 1.5667, 17.5667])
    """
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    _check_update(
        impl,
        np.zeros(2),
        np.ones(2),
        x,
        what=say("one batch with momentum 0.1", "用一个 batch、momentum 0.1 更新"),
    )


@case(
    "eval mode normalises with the running statistics",
    zh="eval 模式用移动统计量归一化",
    visible=True,
)
def test_eval_example(impl):
    """
    >>> x = np.array([[1., 10.], [3., 20.]])
    >>> batchnorm_inference(x, np.array([1., 2.]), np.array([0., 1.]),
    ...                     np.array([2., 0.]), np.array([4., 100.]), eps=0.0)
    array([[-0.5,  3. ],
           [ 0.5,  5. ]])
    """
    x = np.array([[1.0, 10.0], [3.0, 20.0]])
    _check_eval(
        impl,
        x,
        np.array([1.0, 2.0]),
        np.array([0.0, 1.0]),
        np.array([2.0, 0.0]),
        np.array([4.0, 100.0]),
        0.0,
        what="batchnorm_inference(x, ..., eps=0)",
    )


@case("folding BN into a Linear layer", zh="把 BN 融合进 Linear 层", visible=True)
def test_fold_example(impl):
    """
    >>> W = np.array([[1., 2., 0.], [0., -1., 3.]])
    >>> b = np.array([0.5, -1.])
    >>> W_folded, b_folded = fold_batchnorm(W, b, np.array([2., 1.]), np.array([0., 1.]),
    ...                                     np.array([1., 0.]), np.array([1., 4.]), eps=0.0)
    >>> W_folded
    array([[ 2. ,  4. ,  0. ],
           [ 0. , -0.5,  1.5]])
    >>> b_folded
    array([-1. ,  0.5])
    """
    W, b = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]]), np.array([0.5, -1.0])
    args = (np.array([2.0, 1.0]), np.array([0.0, 1.0]), np.array([1.0, 0.0]), np.array([1.0, 4.0]))
    Wf, bf = _fold(impl, W, b, *args, 0.0)
    hint = _fold_hint(Wf, bf, W, b, *args, 0.0)
    assert_close(Wf, [[2.0, 4.0, 0.0], [0.0, -0.5, 1.5]], "W_folded", hint=hint)
    assert_close(bf, [-1.0, 0.5], "b_folded", hint=hint)
