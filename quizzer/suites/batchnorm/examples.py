"""``batchnorm``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    say,
)
from quizzer.suites.batchnorm.helpers import _analytic_dx, _backward, _check_out, _forward


@case("forward on a small (N, C) batch", zh="小 (N, C) batch 上的前向传播", visible=True)
def test_forward_small(impl):
    """
    >>> x = np.array([[1., 10.], [3., 20.], [5., 30.], [7., 40.]])
    >>> out, cache = batchnorm_forward(x, np.array([1., 2.]), np.array([0., 1.]))
    >>> np.round(out, 4)
    array([[-1.3416, -1.6833],
           [-0.4472,  0.1056],
           [ 0.4472,  1.8944],
           [ 1.3416,  3.6833]])
    """
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    _check_out(
        impl,
        x,
        np.array([1.0, 2.0]),
        np.array([0.0, 1.0]),
        what="batchnorm_forward(x, [1, 2], [0, 1])",
    )


@case("backward on the same batch", zh="同一 batch 上的反向传播", visible=True)
def test_backward_small(impl):
    """
    >>> x = np.array([[1., 10.], [3., 20.], [5., 30.], [7., 40.]])
    >>> out, cache = batchnorm_forward(x, np.array([1., 2.]), np.array([0., 1.]))
    >>> dout = np.array([[1., 0.], [0., 0.], [0., 0.], [0., 1.]])
    >>> dx, dgamma, dbeta = batchnorm_backward(dout, cache)
    >>> np.round(dx, 4)
    array([[ 0.1342,  0.0358],
           [-0.1789, -0.0179],
           [-0.0447, -0.0716],
           [ 0.0894,  0.0537]])
    >>> np.round(dgamma, 4)
    array([-1.3416,  1.3416])
    >>> dbeta
    array([1., 1.])
    """
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    _, cache = _forward(impl, x, np.array([1.0, 2.0]), np.array([0.0, 1.0]))
    dout = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    dx, dgamma, dbeta = _backward(impl, dout, cache, 2)
    assert_close(
        dbeta,
        [1.0, 1.0],
        "dbeta",
        hint=say("dbeta is the sum of dout over the batch", "dbeta 是 dout 在 batch 上的和"),
    )
    assert_close(
        dgamma,
        [-3 / np.sqrt(5 + 1e-5), 15 / np.sqrt(125 + 1e-5)],
        "dgamma",
        hint=say(
            "dgamma is the sum of dout * x_hat over the batch",
            "dgamma 是 dout * x_hat 在 batch 上的和",
        ),
    )
    assert_close(
        dx,
        _analytic_dx(x, np.array([1.0, 2.0]), dout),
        "dx",
        hint=say(
            "dx must include the gradient through the batch mean and variance",
            "dx 必须包含经过 batch 均值和方差的那部分梯度",
        ),
    )
