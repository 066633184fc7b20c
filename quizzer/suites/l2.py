"""Hidden suite for the ``l2`` challenge (L2 penalty, its gradient, weight decay, elastic-net penalty).

The L2 penalty is lam times the SQUARED norm (the seed writes lam*||w||_2 but
sums squares): an implementation returning lam*||w||_2 must fail here.
"""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, as_float, assert_close, case, expect, expect_raises


def _w(seed=0, shape=(5, 4)):
    return np.random.default_rng(seed).uniform(-3, 3, size=shape)


def _float(impl_fn, *args, what):
    got = impl_fn(*args)
    expect(
        not isinstance(got, np.ndarray) or got.ndim == 0,
        f"{what} must return a single number (a float), got an array of shape {np.shape(got)}",
    )
    return as_float(got, what)


def _l2_hint(got, w, lam):
    if np.isclose(got, lam * np.sqrt(np.sum(w**2))):
        return (
            "that is lam·||w||_2, the norm without the square; the L2 penalty is lam·||w||_2² = "
            "lam·sum w_i² (the source write-up's notation drops the square, its formula keeps it)"
        )
    if np.isclose(got, 0.5 * lam * np.sum(w**2)):
        return "that is lam/2·||w||²; the contract's L2 penalty is lam·sum w_i² with no 1/2"
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
        hint="w_new = w - lr * (grad + 2*lam*w): the penalty's gradient is 2*lam*w",
    )


# --------------------------------------------------------------------------- hidden
@case("l2_penalty on a 2-D array", zh="二维数组上的 l2_penalty")
def test_penalty_2d(impl):
    w = _w()
    got = _float(impl.l2_penalty, w, 0.3, what="l2_penalty of a (5, 4) array")
    assert_close(
        got,
        0.3 * np.sum(w**2),
        "l2_penalty of a (5, 4) array",
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
        "l2_penalty(3w) vs 9 * l2_penalty(w)",
        rtol=1e-12,
        hint="the squared norm grows like c² when w is scaled by c; the plain norm would grow like c",
    )
    expect(
        _float(impl.l2_penalty, w, 0.0, what="l2_penalty(w, 0)") == 0.0,
        "with lam = 0 the penalty is 0",
    )


@case("l2_gradient is 2 * lam * w", zh="l2_gradient 等于 2 * lam * w")
def test_gradient(impl):
    w = _w(seed=2)
    got = as_array(impl.l2_gradient(w, 0.7), "l2_gradient(w, 0.7)", shape=w.shape)
    hint = "d/dw (lam * sum w²) = 2 * lam * w"
    if np.allclose(got, 0.7 * w):
        hint = "lam * w is the gradient of lam/2·||w||²; for lam·||w||² the factor 2 stays"
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
        grad, numeric, "l2_gradient vs central differences of lam*sum(w**2)", rtol=1e-6, atol=1e-8
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
                hint = "the decay has the wrong sign: the penalty's gradient 2*lam*w is ADDED to grad, so w shrinks"
            elif np.allclose(got_arr, w - lr * (grad + lam * w)):
                hint = "the decay is lr*lam*w; with L2 = lam*||w||² the gradient is 2*lam*w, so it is 2*lr*lam*w"
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
        hint="the penalty alone multiplies w by (1 - 2*lr*lam) = 0.9: weight decay",
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
        what="weight_decay_step(w of shape (3,), grad of shape (4,))",
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
        hint = "lam2 is applied with a 1/2; the contract's elastic-net penalty is lam1*sum|w| + lam2*sum w² (no 1/2)"
    elif np.isclose(got, 3.0 + 0.25 * np.sqrt(14)):
        hint = "the L2 part must be the squared norm, sum w²"
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
        hint="with lam2 = 0 it is the L1 penalty",
    )
    assert_close(
        l2,
        0.4 * np.sum(w**2),
        "elastic_net_penalty(w, lam1=0, lam2=0.4)",
        rtol=1e-12,
        hint="with lam1 = 0 it is the (squared) L2 penalty",
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
        "w or grad was modified in place: weight_decay_step must return a new array (no w -= ...)",
    )
    as_array(g, "l2_gradient(float64 w, 0.5)", shape=w.shape, dtype=np.float64)
    as_array(new, "weight_decay_step(float64 w, ...)", shape=w.shape, dtype=np.float64)


@case("array-likes (lists) are accepted", zh="接受类数组输入（列表）")
def test_lists(impl):
    assert_close(
        _float(impl.l2_penalty, [1.0, 2.0], 1.0, what="l2_penalty([1, 2], 1)"),
        5.0,
        "l2_penalty([1, 2], 1)",
    )
    assert_close(
        impl.l2_gradient([1.0, 2.0], 1.0),
        [2.0, 4.0],
        "l2_gradient([1, 2], 1)",
        hint="convert w with np.asarray",
    )
    assert_close(
        impl.weight_decay_step([1.0, 2.0], [0.0, 1.0], 0.5, 0.5),
        [0.5, 0.5],
        "weight_decay_step([1, 2], [0, 1], 0.5, 0.5)",
        hint="convert w and grad with np.asarray",
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
