"""``bn-vs-ln``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import case, say
from quizzer.suites.bn_vs_ln.helpers import _check_gn, _check_in, _check_ln


@case("layer norm standardises each sample", zh="LayerNorm 对每个样本做标准化", visible=True)
def test_ln_example(impl):
    """
    >>> x = np.array([[1., 2., 3.], [10., 20., 30.]])
    >>> np.round(layer_norm(x, np.ones(3), np.zeros(3)), 4)
    array([[-1.2247,  0.    ,  1.2247],
           [-1.2247,  0.    ,  1.2247]])
    """
    x = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]])
    _check_ln(
        impl,
        x,
        np.ones(3),
        np.zeros(3),
        what=say("layer_norm on two samples", "两个样本上的 layer_norm"),
    )


@case("group norm uses contiguous groups of channels", zh="GroupNorm 按相邻通道分组", visible=True)
def test_gn_example(impl):
    """
    >>> x = np.arange(8.).reshape(1, 4, 2)   # channels 0-1 form group 0, channels 2-3 group 1
    >>> np.round(group_norm(x, 2, np.ones(4), np.zeros(4)), 4)
    array([[[-1.3416, -0.4472],
            [ 0.4472,  1.3416],
            [-1.3416, -0.4472],
            [ 0.4472,  1.3416]]])
    """
    x = np.arange(8.0).reshape(1, 4, 2)
    _check_gn(
        impl,
        x,
        2,
        np.ones(4),
        np.zeros(4),
        what=say("group_norm(x, 2, ...) on (1, 4, 2)", "(1, 4, 2) 上的 group_norm(x, 2, ...)"),
    )


@case(
    "instance norm standardises each channel of each sample",
    zh="InstanceNorm 对每个样本的每个通道做标准化",
    visible=True,
)
def test_in_example(impl):
    """
    >>> x = np.array([[[1., 2., 3., 4.], [0., 0., 10., 10.]]])
    >>> np.round(instance_norm(x), 4)
    array([[[-1.3416, -0.4472,  0.4472,  1.3416],
            [-1.    , -1.    ,  1.    ,  1.    ]]])
    """
    x = np.array([[[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 10.0, 10.0]]])
    _check_in(impl, x, what=say("instance_norm on (1, 2, 4)", "(1, 2, 4) 上的 instance_norm"))
