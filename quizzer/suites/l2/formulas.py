"""``l2``: hidden tests of each function's values: the penalty, its gradient, weight decay
and the elastic-net penalty."""

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
from quizzer.suites.l2.helpers import _float, _l2_hint, _w


@case("l2_penalty on a 2-D array", zh="二维数组上的 l2_penalty")
def test_penalty_2d(impl):
    w = _w()
    what = say("l2_penalty of a (5, 4) array", "(5, 4) 数组的 l2_penalty")
    got = _float(impl.l2_penalty, w, 0.3, what=what)
    assert_close(
        got,
        0.3 * np.sum(w**2),
        what,
        rtol=1e-12,
        hint=_l2_hint(got, w, 0.3),
    )


@case(
    "l2_penalty scales with the square of w, and lam = 0 gives 0",
    zh="l2_penalty 随 w 的平方缩放，lam = 0 时为 0",
)
def test_penalty_quadratic(impl):
    w = _w(seed=1, shape=(20,))
    base = _float(impl.l2_penalty, w, 1.0, what="l2_penalty(w, 1)")
    scaled = _float(impl.l2_penalty, 3.0 * w, 1.0, what="l2_penalty(3w, 1)")
    assert_close(
        scaled,
        9.0 * base,
        say("l2_penalty(3w) vs 9 * l2_penalty(w)", "l2_penalty(3w)（应等于 9 * l2_penalty(w)）"),
        rtol=1e-12,
        hint=say(
            "the squared norm grows like c² when w is scaled by c; the plain norm would grow "
            "like c",
            "w 放大 c 倍时，范数的平方放大 c² 倍；不带平方的范数只放大 c 倍",
        ),
    )
    expect(
        _float(impl.l2_penalty, w, 0.0, what="l2_penalty(w, 0)") == 0.0,
        say("with lam = 0 the penalty is 0", "lam = 0 时惩罚项为 0"),
    )


@case("l2_gradient is 2 * lam * w", zh="l2_gradient 等于 2 * lam * w")
def test_gradient(impl):
    w = _w(seed=2)
    got = as_array(impl.l2_gradient(w, 0.7), "l2_gradient(w, 0.7)", shape=w.shape)
    hint = "d/dw (lam * sum w²) = 2 * lam * w"
    if np.allclose(got, 0.7 * w):
        hint = say(
            "lam * w is the gradient of lam/2·||w||²; for lam·||w||² the factor 2 stays",
            "lam * w 是 lam/2·||w||² 的梯度；lam·||w||² 的梯度要保留系数 2",
        )
    assert_close(got, 1.4 * w, "l2_gradient(w, 0.7)", rtol=1e-12, hint=hint)


@case(
    "l2_gradient matches finite differences of the penalty", zh="l2_gradient 与惩罚项的有限差分一致"
)
def test_gradient_numeric(impl):
    w = _w(seed=3, shape=(6,))
    lam, h = 0.9, 1e-6
    grad = np.asarray(impl.l2_gradient(w, lam), dtype=np.float64)
    numeric = np.array(
        [
            (lam * np.sum((w + h * e) ** 2) - lam * np.sum((w - h * e) ** 2)) / (2 * h)
            for e in np.eye(6)
        ]
    )
    assert_close(
        grad,
        numeric,
        say(
            "l2_gradient vs central differences of lam*sum(w**2)",
            "l2_gradient（应等于 lam*sum(w**2) 的中心差分）",
        ),
        rtol=1e-6,
        atol=1e-8,
    )


@case(
    "weight_decay_step equals w - lr*(grad + 2*lam*w)",
    zh="weight_decay_step 等于 w - lr*(grad + 2*lam*w)",
)
def test_weight_decay(impl):
    gen = np.random.default_rng(4)
    w, grad = gen.standard_normal((4, 6)), gen.standard_normal((4, 6))
    for lr, lam in ((0.01, 0.1), (0.5, 0.02), (0.1, 0.0)):
        expected = w - lr * (grad + 2 * lam * w)
        got = impl.weight_decay_step(w.copy(), grad.copy(), lr, lam)
        hint = "w_new = w - lr * (grad + 2*lam*w)"
        got_arr = np.asarray(got, dtype=np.float64)
        if got_arr.shape == w.shape:
            if np.allclose(got_arr, w - lr * (grad - 2 * lam * w)):
                hint = say(
                    "the decay has the wrong sign: the penalty's gradient 2*lam*w is ADDED to "
                    "grad, so w shrinks",
                    "衰减的符号反了：惩罚项的梯度 2*lam*w 要加到 grad 上，w 才会缩小",
                )
            elif np.allclose(got_arr, w - lr * (grad + lam * w)):
                hint = say(
                    "the decay is lr*lam*w; with L2 = lam*||w||² the gradient is 2*lam*w, so it "
                    "is 2*lr*lam*w",
                    "衰减量写成了 lr*lam*w；L2 = lam*||w||² 的梯度是 2*lam*w，所以应为 2*lr*lam*w",
                )
        assert_close(
            got,
            expected,
            f"weight_decay_step(w, grad, lr={lr}, lam={lam})",
            rtol=1e-12,
            atol=1e-15,
            hint=hint,
        )


@case(
    "weight_decay_step with zero loss gradient shrinks w by 1 - 2*lr*lam",
    zh="损失梯度为 0 时 weight_decay_step 把 w 乘以 1 - 2*lr*lam",
)
def test_pure_decay(impl):
    w = _w(seed=5, shape=(10,))
    expected = 0.9 * w
    got = impl.weight_decay_step(w, np.zeros(10), 0.1, 0.5)
    assert_close(
        got,
        expected,
        "weight_decay_step(w, 0, lr=0.1, lam=0.5)",
        rtol=1e-12,
        hint=say(
            "the penalty alone multiplies w by (1 - 2*lr*lam) = 0.9: weight decay",
            "只有惩罚项时 w 乘以 (1 - 2*lr*lam) = 0.9：这就是 weight decay",
        ),
    )


@case(
    "weight_decay_step: shape mismatch and negative lr or lam raise ValueError",
    zh="weight_decay_step：形状不匹配、lr 或 lam 为负时抛出 ValueError",
)
def test_weight_decay_errors(impl):
    w = np.ones(3)
    expect_raises(
        ValueError,
        impl.weight_decay_step,
        w,
        np.ones(4),
        0.1,
        0.1,
        what=say(
            "weight_decay_step(w of shape (3,), grad of shape (4,))",
            "weight_decay_step(w, grad)（w 的形状为 (3,)，grad 的形状为 (4,)）",
        ),
    )
    expect_raises(
        ValueError,
        impl.weight_decay_step,
        w,
        np.ones(3),
        0.1,
        -0.1,
        what="weight_decay_step(w, grad, lr=0.1, lam=-0.1)",
    )
    expect_raises(
        ValueError,
        impl.weight_decay_step,
        w,
        np.ones(3),
        -0.1,
        0.1,
        what="weight_decay_step(w, grad, lr=-0.1, lam=0.1)",
    )


@case(
    "elastic_net_penalty = lam1 * L1 + lam2 * squared L2",
    zh="elastic_net_penalty = lam1 * L1 + lam2 * L2 范数的平方",
)
def test_elastic_net_penalty(impl):
    w = np.array([1.0, -2.0, 0.0, 3.0])
    got = _float(impl.elastic_net_penalty, w, 0.5, 0.25, what="elastic_net_penalty(w, 0.5, 0.25)")
    hint = "lam1 * sum|w| + lam2 * sum w² = 0.5*6 + 0.25*14"
    if np.isclose(got, 3.0 + 0.5 * 0.25 * 14):
        hint = say(
            "lam2 is applied with a 1/2; the contract's elastic-net penalty is "
            "lam1*sum|w| + lam2*sum w² (no 1/2)",
            "lam2 多乘了 1/2；题目的 elastic net 惩罚是 lam1*sum|w| + lam2*sum w²（没有 1/2）",
        )
    elif np.isclose(got, 3.0 + 0.25 * np.sqrt(14)):
        hint = say("the L2 part must be the squared norm, sum w²", "L2 部分必须是范数的平方 sum w²")
    assert_close(got, 6.5, "elastic_net_penalty([1, -2, 0, 3], 0.5, 0.25)", hint=hint)


@case("elastic_net_penalty reduces to L1 and to L2", zh="elastic_net_penalty 可退化为 L1 和 L2")
def test_elastic_net_limits(impl):
    w = _w(seed=6)
    l1 = _float(impl.elastic_net_penalty, w, 0.4, 0.0, what="elastic_net_penalty(w, 0.4, 0)")
    l2 = _float(impl.elastic_net_penalty, w, 0.0, 0.4, what="elastic_net_penalty(w, 0, 0.4)")
    assert_close(
        l1,
        0.4 * np.abs(w).sum(),
        "elastic_net_penalty(w, lam1=0.4, lam2=0)",
        rtol=1e-12,
        hint=say("with lam2 = 0 it is the L1 penalty", "lam2 = 0 时它就是 L1 惩罚"),
    )
    assert_close(
        l2,
        0.4 * np.sum(w**2),
        "elastic_net_penalty(w, lam1=0, lam2=0.4)",
        rtol=1e-12,
        hint=say(
            "with lam1 = 0 it is the (squared) L2 penalty", "lam1 = 0 时它就是（平方的）L2 惩罚"
        ),
    )
