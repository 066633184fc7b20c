"""``bn-recsys``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    case,
    say,
)
from quizzer.suites.bn_recsys.helpers import _check


@case("masked BN of two padded sequences", zh="两条补齐序列的带掩码 BN", visible=True)
def test_example(impl):
    """
    >>> mask = np.array([[True, True, False], [True, False, False]])
    >>> x = np.array([[[1., 10.], [3., 20.], [99., 99.]],
    ...               [[5., 30.], [np.nan, np.inf], [0., 0.]]])
    >>> out = masked_batchnorm(x, mask, np.ones(2), np.zeros(2))
    >>> np.round(out[0], 4)
    array([[-1.2247, -1.2247],
           [ 0.    ,  0.    ],
           [ 0.    ,  0.    ]])
    >>> np.round(out[1], 4)
    array([[1.2247, 1.2247],
           [0.    , 0.    ],
           [0.    , 0.    ]])
    """
    x = np.array(
        [[[1.0, 10.0], [3.0, 20.0], [99.0, 99.0]], [[5.0, 30.0], [np.nan, np.inf], [0, 0]]]
    )
    mask = np.array([[True, True, False], [True, False, False]])
    _check(
        impl,
        x,
        mask,
        np.ones(2),
        np.zeros(2),
        what=say("masked_batchnorm on two sequences", "两条序列上的 masked_batchnorm"),
    )
