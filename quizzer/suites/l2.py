"""Hidden suite for the ``l2`` challenge (L2 penalty, its gradient, weight decay, elastic-net penalty).

The L2 penalty is lam times the SQUARED norm (the seed writes lam*||w||_2 but
sums squares): an implementation returning lam*||w||_2 must fail here.
"""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    as_array,
    as_float,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
    values_right_on_arrays,
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
            "lam·sum w_i² (the seed's notation drops the square, its formula keeps it)",
            "这是 lam·||w||_2，没有平方的范数；L2 惩罚是 lam·||w||_2² = lam·sum w_i²"
            "（原文的记号漏了平方，公式里是有的）",
        )
    if np.isclose(got, 0.5 * lam * np.sum(w**2)):
        return say(
            "that is lam/2·||w||²; the contract's L2 penalty is lam·sum w_i² with no 1/2",
            "这是 lam/2·||w||²；题目的 L2 惩罚是 lam·sum w_i²，没有 1/2",
        )
    return "L2 = lam * sum w_i**2"


# --------------------------------------------------------------------------- visible
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


# --------------------------------------------------------------------------- hidden
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


@case("negative strengths raise ValueError", zh="正则强度为负时抛出 ValueError")
def test_negative(impl):
    w = np.array([1.0, -2.0])
    expect_raises(ValueError, impl.l2_penalty, w, -1.0, what="l2_penalty(w, lam=-1)")
    expect_raises(ValueError, impl.l2_gradient, w, -1.0, what="l2_gradient(w, lam=-1)")
    expect_raises(
        ValueError,
        impl.elastic_net_penalty,
        w,
        -0.1,
        0.1,
        what="elastic_net_penalty(w, lam1=-0.1, lam2=0.1)",
    )
    expect_raises(
        ValueError,
        impl.elastic_net_penalty,
        w,
        0.1,
        -0.1,
        what="elastic_net_penalty(w, lam1=0.1, lam2=-0.1)",
    )


@case("inputs are not modified; float64 results", zh="不修改输入；结果为 float64")
def test_inputs_unchanged(impl):
    w, grad = _w(seed=7), _w(seed=8)
    w0, g0 = w.copy(), grad.copy()
    impl.l2_penalty(w, 0.5)
    g = impl.l2_gradient(w, 0.5)
    new = impl.weight_decay_step(w, grad, 0.1, 0.5)
    impl.elastic_net_penalty(w, 0.5, 0.5)
    expect(
        np.array_equal(w, w0) and np.array_equal(grad, g0),
        say(
            "w or grad was modified in place: weight_decay_step must return a new array "
            "(no w -= ...)",
            "w 或 grad 被原地修改了：weight_decay_step 必须返回新数组（不要写 w -= ...）",
        ),
    )
    as_array(g, "l2_gradient(float64 w, 0.5)", shape=w.shape, dtype=np.float64)
    as_array(new, "weight_decay_step(float64 w, ...)", shape=w.shape, dtype=np.float64)


@case(
    "float32 w: penalties are summed in float64, gradients and steps are float64",
    zh="float32 的 w：惩罚项按 float64 求和，梯度和更新结果为 float64",
)
def test_float32_weights(impl):
    w = np.random.default_rng(10).uniform(-1, 1, 100_000).astype(np.float32)
    w64 = w.astype(np.float64)
    in_float64 = say(
        "the contract computes in float64: a float32 sum of 10^5 terms is off by about 1e-7 "
        "relative; convert with np.asarray(w, dtype=np.float64)",
        "题目要求用 float64 计算：10^5 个 float32 相加会有约 1e-7 的相对误差；"
        "请用 np.asarray(w, dtype=np.float64) 转换",
    )
    for name, args, exact in (
        ("l2_penalty", (0.5,), 0.5 * float(np.sum(w64 * w64))),
        (
            "elastic_net_penalty",
            (0.5, 0.25),
            0.5 * float(np.abs(w64).sum()) + 0.25 * float(np.sum(w64 * w64)),
        ),
    ):
        fn = getattr(impl, name)
        values_right_on_arrays(
            _float(fn, w64, *args, what=f"{name}(float64 w)"),
            exact,
            f"{name}(float64 w)",
            rtol=1e-12,
        )
        got = _float(fn, w, *args, what=f"{name}(float32 w)")
        assert_close(got, exact, f"{name}(float32 w)", rtol=1e-12, hint=in_float64)
    small = w[:6]
    g = impl.l2_gradient(small, 0.5)
    assert_close(g, small.astype(np.float64), "l2_gradient(float32 w, 0.5)", rtol=1e-12)
    step = impl.weight_decay_step(small, np.ones(6, np.float32), 0.1, 0.5)
    assert_close(
        step, 0.9 * small.astype(np.float64) - 0.1, "weight_decay_step(float32 w, ...)", rtol=1e-12
    )
    as_array(g, "l2_gradient(float32 w, 0.5)", shape=(6,), dtype=np.float64)
    as_array(step, "weight_decay_step(float32 w, ...)", shape=(6,), dtype=np.float64)


@case("array-likes (lists) are accepted", zh="接受类数组输入（列表）")
def test_lists(impl):
    convert = say("convert w and grad with np.asarray", "请先用 np.asarray 转换 w 和 grad")
    a, b = np.array([1.0, 2.0]), np.array([0.0, 1.0])
    values_right_on_arrays(
        _float(impl.l2_penalty, a, 1.0, what="l2_penalty(np.array([1, 2]), 1)"),
        5.0,
        "l2_penalty(np.array([1, 2]), 1)",
    )
    assert_close(
        _float(impl.l2_penalty, [1.0, 2.0], 1.0, what="l2_penalty([1, 2], 1)"),
        5.0,
        "l2_penalty([1, 2], 1)",
        hint=convert,
    )
    values_right_on_arrays(impl.l2_gradient(a, 1.0), [2.0, 4.0], "l2_gradient(np.array([1, 2]), 1)")
    assert_close(
        impl.l2_gradient([1.0, 2.0], 1.0), [2.0, 4.0], "l2_gradient([1, 2], 1)", hint=convert
    )
    values_right_on_arrays(
        impl.weight_decay_step(a, b, 0.5, 0.5),
        [0.5, 0.5],
        "weight_decay_step(np.array([1, 2]), np.array([0, 1]), 0.5, 0.5)",
    )
    assert_close(
        impl.weight_decay_step([1.0, 2.0], [0.0, 1.0], 0.5, 0.5),
        [0.5, 0.5],
        "weight_decay_step([1, 2], [0, 1], 0.5, 0.5)",
        hint=convert,
    )


# --------------------------------------------------------------------------- diagnosis
_PROBE_W = np.array([3.0, -4.0, 0.0, 1.0])
_PROBE_G = np.array([1.0, 1.0, -1.0, 0.5])


def _probe_penalty(impl):
    return float(impl.l2_penalty(_PROBE_W.copy(), 0.5))


def _probe_gradient(impl):
    return np.asarray(impl.l2_gradient(_PROBE_W.copy(), 0.5), dtype=float)


def _probe_step(impl):
    return np.asarray(
        impl.weight_decay_step(_PROBE_W.copy(), _PROBE_G.copy(), 0.1, 0.5), dtype=float
    )


def _probe_elastic(impl):
    return float(impl.elastic_net_penalty(_PROBE_W.copy(), 0.5, 0.25))


def _probe_modifies(impl):
    w = _PROBE_W.copy()
    impl.weight_decay_step(w, _PROBE_G.copy(), 0.1, 0.5)
    return float(not np.array_equal(w, _PROBE_W))


PROBES = {
    "penalty": _probe_penalty,
    "gradient": _probe_gradient,
    "step": _probe_step,
    "elastic_net_penalty": _probe_elastic,
    "modifies_w": _probe_modifies,
}


def timing_inputs() -> dict[str, tuple]:
    """A weight matrix of 10^6 entries and its loss gradient."""
    gen = np.random.default_rng(0)
    w, grad = gen.standard_normal((1000, 1000)), gen.standard_normal((1000, 1000))
    return {
        "l2_penalty": (w, 1e-4),
        "l2_gradient": (w, 1e-4),
        "weight_decay_step": (w, grad, 0.01, 1e-4),
        "elastic_net_penalty": (w, 1e-4, 1e-4),
    }
