"""``dropout``: hidden tests of ``dropout_backward``, and that neither function modifies its inputs."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
)
from quizzer.suites.dropout.helpers import _data, _forward


@case("dropout_backward equals dout * mask", zh="dropout_backward 等于 dout * mask")
def test_backward(impl):
    x = _data((60, 30))
    dout = _data((60, 30), seed=9)
    for p in (0.25, 0.6):
        _, mask = _forward(impl, x, p, np.random.default_rng(4))
        dx = impl.dropout_backward(dout, mask)
        assert_close(
            dx,
            dout * mask,
            say(
                "dropout_backward(dout, mask) with p={p}",
                "p={p} 时的 dropout_backward(dout, mask)",
                p=str(p),
            ),
            rtol=1e-12,
            atol=0,
            hint=say(
                "the gradient goes through the same mask, including its 1/(1-p) scale "
                "(not dout * (mask > 0))",
                "梯度要经过同一个 mask，包括它的 1/(1-p) 缩放（不是 dout * (mask > 0)）",
            ),
        )


@case("dropout_backward keeps float32", zh="dropout_backward 保持 float32")
def test_backward_float32(impl):
    dout = _data((20, 10), np.float32, seed=2)
    mask = np.where(_data((20, 10), seed=3) > 0, np.float32(1 / 0.75), np.float32(0))
    dx = impl.dropout_backward(dout, mask)
    assert_close(dx, dout * mask, "dropout_backward(float32 dout, float32 mask)", rtol=1e-6, atol=0)
    as_array(dx, "dropout_backward(float32 dout, float32 mask)", shape=dout.shape, dtype=np.float32)


@case(
    "dropout_backward multiplies by whatever the mask holds",
    zh="dropout_backward 乘以掩码中的任意取值",
)
def test_backward_any_mask(impl):
    dout = _data((8, 5), seed=11)
    for mask in (
        np.where(_data((8, 5), seed=12) > 0, 1.25, 0.0),  # p = 0.2
        np.where(_data((8, 5), seed=13) > 0, 10.0, 0.0),  # p = 0.9
        np.abs(_data((8, 5), seed=14)),  # not a dropout mask at all: still dout * mask
    ):
        assert_close(
            impl.dropout_backward(dout, mask),
            dout * mask,
            "dropout_backward(dout, mask)",
            rtol=1e-12,
            atol=0,
            hint=say(
                "dx = dout * mask for any values in the mask (not dout * (mask > 0), not a "
                "scale recomputed from p)",
                "无论 mask 取什么值，dx 都等于 dout * mask（不是 dout * (mask > 0)，"
                "也不是根据 p 重新算出的缩放）",
            ),
        )


@case(
    "dropout_backward rejects a mask of another shape, even one that broadcasts",
    zh="dropout_backward 拒绝形状不符的掩码，即使它能广播",
)
def test_backward_shape(impl):
    for dout_shape, mask_shape in (((6, 4), (4, 6)), ((6, 4), (1, 4)), ((6, 4), (4,))):
        expect_raises(
            ValueError,
            impl.dropout_backward,
            np.ones(dout_shape),
            np.ones(mask_shape),
            what=say(
                "dropout_backward(dout of shape {a}, mask of shape {b})",
                "dropout_backward(dout, mask)（dout 的形状为 {a}，mask 的形状为 {b}）",
                a=str(dout_shape),
                b=str(mask_shape),
            ),
            hint=say(
                "the contract asks for the same shape: a mask that broadcasts is not the mask "
                "of the forward pass",
                "题目要求二者形状相同：能广播的 mask 不是前向传播用的那个 mask",
            ),
        )


@case("inputs are not modified", zh="不修改输入")
def test_inputs_unchanged(impl):
    x = _data((20, 10))
    x0 = x.copy()
    out, mask = _forward(impl, x, 0.5, np.random.default_rng(0))
    expect(
        np.array_equal(x, x0),
        say(
            "dropout_forward modified x in place: return a new array",
            "dropout_forward 原地修改了 x：请返回新数组",
        ),
    )
    _forward(impl, x, 0.5, np.random.default_rng(0), training=False)
    expect(
        np.array_equal(x, x0),
        say(
            "dropout_forward(training=False) modified x in place",
            "dropout_forward(training=False) 原地修改了 x",
        ),
    )
    dout = _data((20, 10), seed=5)
    d0, m0 = dout.copy(), mask.copy()
    impl.dropout_backward(dout, mask)
    expect(
        np.array_equal(dout, d0) and np.array_equal(mask, m0),
        say(
            "dropout_backward modified dout or mask in place: return a new array",
            "dropout_backward 原地修改了 dout 或 mask：请返回新数组",
        ),
    )
