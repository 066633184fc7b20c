"""``dropout``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    expect,
    say,
)
from quizzer.suites.dropout.helpers import _data, _forward


@case("eval mode is the identity", zh="eval 模式下是恒等映射", visible=True)
def test_eval_identity(impl):
    """
    >>> x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]])
    >>> out, mask = dropout_forward(x, 0.5, np.random.default_rng(0), training=False)
    >>> out
    array([[ 1. , -2. ,  3. ],
           [ 0.5,  0. , -1.5]])
    >>> mask
    array([[1., 1., 1.],
           [1., 1., 1.]])
    """
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]])
    out, mask = _forward(impl, x, 0.5, np.random.default_rng(0), training=False)
    expect(
        np.array_equal(mask, np.ones_like(x)),
        say(
            "with training=False the mask must be all ones: dropout is switched off at test "
            "time (inverted dropout already did the rescaling during training)",
            "training=False 时 mask 必须全为 1：测试时 dropout 关闭"
            "（inverted dropout 已经在训练时做过缩放）",
        ),
        expected=np.ones_like(x),
        got=mask,
    )
    assert_close(
        out,
        x,
        say("out with training=False", "training=False 时的 out"),
        rtol=0,
        atol=0,
        hint=say(
            "in evaluation mode dropout returns x unchanged (no 1-p factor either)",
            "评估模式下 dropout 原样返回 x（也不乘 1-p）",
        ),
    )


@case(
    "the mask holds only 0 and 1/(1-p), and out = x * mask",
    zh="掩码只取 0 和 1/(1-p)，且 out = x * mask",
    visible=True,
)
def test_mask_values(impl):
    """
    >>> x = np.ones(1000)
    >>> out, mask = dropout_forward(x, 0.5, np.random.default_rng(0))
    >>> np.unique(mask)
    array([0., 2.])
    >>> bool(np.array_equal(out, x * mask))
    True
    """
    x = _data((40, 50))
    for p in (0.5, 0.2):
        out, mask = _forward(impl, x, p, np.random.default_rng(3))
        scale = 1.0 / (1.0 - p)
        ok = (mask == 0) | np.isclose(mask, scale, rtol=1e-12, atol=0)
        values = np.unique(mask)
        expect(
            bool(ok.all()),
            say(
                "with p={p} every mask entry must be 0 (dropped) or 1/(1-p) = {s} (kept, "
                "rescaled); got the values {v}{ones}",
                "p={p} 时 mask 的每个元素必须是 0（丢弃）或 1/(1-p) = {s}（保留并缩放）；"
                "实际取值为 {v}{ones}",
                p=str(p),
                s=f"{scale:g}",
                v=str(np.round(values[:6], 4).tolist()),
                ones=say(
                    " — kept units must be scaled by 1/(1-p), not left at 1",
                    "——保留的单元必须乘以 1/(1-p)，不能停留在 1",
                )
                if np.any(mask == 1.0)
                else "",
            ),
            expected=[0.0, scale],
            got=np.round(values[:6], 4),
        )
        expect(
            np.array_equal(out, x * mask),
            say(
                "with p={p}, out must be exactly x * mask (the mask you return is the one you "
                "applied)",
                "p={p} 时 out 必须严格等于 x * mask（返回的 mask 必须就是实际使用的那个）",
                p=str(p),
            ),
        )


@case("dropout_backward multiplies by the mask", zh="dropout_backward 乘以掩码", visible=True)
def test_backward_example(impl):
    """
    >>> dropout_backward(np.array([1.0, 2.0, 3.0, -4.0]), np.array([2.0, 0.0, 2.0, 2.0]))
    array([ 2.,  0.,  6., -8.])
    """
    got = impl.dropout_backward(np.array([1.0, 2.0, 3.0, -4.0]), np.array([2.0, 0.0, 2.0, 2.0]))
    assert_close(
        got,
        [2.0, 0.0, 6.0, -8.0],
        "dropout_backward(dout, mask)",
        hint=say(
            "dx = dout * mask, the scale 1/(1-p) included: out = x * mask, so d out/dx = mask",
            "dx = dout * mask，包括缩放 1/(1-p)：out = x * mask，所以 d out/dx = mask",
        ),
    )
