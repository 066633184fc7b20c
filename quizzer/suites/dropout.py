"""Hidden suite for the ``dropout`` challenge (inverted dropout, card ``dropout``).

Statistical tests state their bound. With drop probability p each mask entry is
0 or s = 1/(1-p), with P(s) = 1-p, so it has mean 1 and variance p/(1-p): the
mean of n independent entries has standard deviation sqrt(p/((1-p) n)), and
the fraction of dropped entries has standard deviation sqrt(p(1-p)/n). The
tests allow 6 standard deviations (a false alarm is rarer than 1 in 10^8), far
less than the gaps the classic mistakes open (a factor 1-p, or p read as 1-p).
"""

from __future__ import annotations

import math

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, expect_raises, unpack

SIGMAS = 6.0
_ROW = np.array([1.0, -2.0, 0.5, 3.0, -0.25, 4.0, -1.5, 2.0])


def _forward(impl, x, p, rng, training=True, what=None):
    what = what or f"dropout_forward(x, p={p}, rng, training={training})"
    out, mask = unpack(impl.dropout_forward(x, p, rng, training=training), 2, what)
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    out = as_array(out, f"{what}: out", shape=x.shape, dtype=dtype)
    mask = as_array(mask, f"{what}: mask", shape=x.shape, dtype=dtype)
    return out, mask


def _data(shape, dtype=np.float64, seed=1):
    """Values of magnitude 0.5..2 with random signs: never 0, so out == 0 iff dropped."""
    gen = np.random.default_rng(seed)
    x = gen.uniform(0.5, 2.0, size=shape) * np.where(gen.random(shape) < 0.5, -1.0, 1.0)
    return x.astype(dtype)


def _check_scale(out, row, p, n, what):
    """Each column of out/x averages to 1 within SIGMAS standard deviations."""
    ratio = out.astype(np.float64).mean(axis=0) / row
    bound = SIGMAS * math.sqrt(p / ((1 - p) * n))
    worst = float(np.max(np.abs(ratio - 1.0)))
    hint = ""
    if abs(float(np.mean(ratio)) - (1 - p)) < bound:
        hint = " The mean is about (1-p)·x: did you forget to divide the kept units by 1-p?"
    elif abs(float(np.mean(ratio)) - p / (1 - p)) < bound:
        hint = " The mean is about p/(1-p)·x: is p read as the keep probability?"
    expect(
        worst <= bound,
        f"{what}: the average of out over {n} draws should equal x (E[out] = x for inverted "
        f"dropout); mean(out)/x is off by {worst:.4f}, more than the allowed {bound:.4f} "
        f"(= {SIGMAS:g} standard deviations, sqrt(p/((1-p)·n)) each).{hint}",
        expected="mean(out)/x = 1",
        got=np.round(ratio, 4),
    )


# --------------------------------------------------------------------------- visible
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
        "with training=False the mask must be all ones: dropout is switched off at test time "
        "(inverted dropout already did the rescaling during training)",
        expected=np.ones_like(x),
        got=mask,
    )
    assert_close(
        out,
        x,
        "out with training=False",
        rtol=0,
        atol=0,
        hint="in evaluation mode dropout returns x unchanged (no 1-p factor either)",
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
            f"with p={p} every mask entry must be 0 (dropped) or 1/(1-p) = {scale:g} (kept, "
            f"rescaled); got the values {np.round(values[:6], 4).tolist()}"
            + (
                " — kept units must be scaled by 1/(1-p), not left at 1"
                if np.any(mask == 1.0)
                else ""
            ),
            expected=[0.0, scale],
            got=np.round(values[:6], 4),
        )
        expect(
            np.array_equal(out, x * mask),
            f"with p={p}, out must be exactly x * mask (the mask you return is the one you applied)",
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
        hint="dx = dout * mask, the scale 1/(1-p) included: out = x * mask, so d out/dx = mask",
    )


# --------------------------------------------------------------------------- hidden
@case("out and mask have x's shape and dtype", zh="out 和 mask 的形状、dtype 与 x 相同")
def test_shapes_and_dtypes(impl):
    for shape, dtype in (((6, 5), np.float64), ((2, 3, 4, 5), np.float64), ((7, 9), np.float32)):
        _forward(impl, _data(shape, dtype), 0.3, np.random.default_rng(0))
        _forward(impl, _data(shape, dtype), 0.3, np.random.default_rng(0), training=False)


@case("E[out] equals x in training (float64)", zh="训练时 E[out] 等于 x（float64）")
def test_expectation_float64(impl):
    n, p = 20_000, 0.3
    x = np.tile(_ROW, (n, 1))
    out, _ = _forward(impl, x, p, np.random.default_rng(11))
    _check_scale(out, _ROW, p, n, f"p={p}")


@case(
    "E[out] equals x in training (float32, p = 0.5)", zh="训练时 E[out] 等于 x（float32，p = 0.5）"
)
def test_expectation_float32(impl):
    n, p = 20_000, 0.5
    x = np.tile(_ROW, (n, 1)).astype(np.float32)
    out, _ = _forward(impl, x, p, np.random.default_rng(12))
    _check_scale(out, _ROW.astype(np.float32), p, n, f"float32, p={p}")


@case("the drop rate is close to p", zh="丢弃比例接近 p")
def test_drop_rate(impl):
    x = _data((20_000, 8))
    for p in (0.3, 0.8):
        _, mask = _forward(impl, x, p, np.random.default_rng(13))
        rate = float(np.mean(mask == 0))
        bound = SIGMAS * math.sqrt(p * (1 - p) / mask.size)
        hint = (
            " Is p read as the keep probability? p is the probability to DROP a unit."
            if abs(rate - (1 - p)) < bound
            else ""
        )
        expect(
            abs(rate - p) <= bound,
            f"with p={p} a fraction {rate:.4f} of the units were dropped; expected p within "
            f"{bound:.4f} ({SIGMAS:g} standard deviations of a binomial proportion, "
            f"sqrt(p(1-p)/n) with n={mask.size}).{hint}",
            expected=p,
            got=round(rate, 4),
        )


@case("out is exactly x * mask", zh="out 严格等于 x * mask")
def test_out_is_x_times_mask(impl):
    for dtype in (np.float64, np.float32):
        x = _data((64, 33), dtype)
        out, mask = _forward(impl, x, 0.1, np.random.default_rng(5))
        expect(
            np.array_equal(out, x * mask),
            f"out must equal x * mask exactly ({np.dtype(dtype)}): compute out by multiplying x "
            "by the mask you return",
        )


@case("float32 mask values are 1/(1-p) in float32", zh="float32 掩码的取值是 float32 下的 1/(1-p)")
def test_float32_mask_values(impl):
    x = _data((50, 40), np.float32)
    for p in (0.1, 0.7):
        _, mask = _forward(impl, x, p, np.random.default_rng(6))
        scale = 1.0 / (1.0 - p)
        kept = mask[mask != 0].astype(np.float64)
        expect(kept.size > 0, f"with p={p} no unit was kept out of {mask.size}")
        expect(
            bool(np.all(np.abs(kept - scale) <= 1e-6 * scale)),
            f"with p={p} (float32) kept units must be scaled by 1/(1-p) = {scale:.7g} "
            f"(float32 rounding allowed); got {np.unique(np.round(kept, 6))[:4].tolist()}",
        )


@case("elements are dropped independently", zh="每个元素独立丢弃")
def test_independent(impl):
    x = _data((400, 64))
    _, mask = _forward(impl, x, 0.5, np.random.default_rng(8))
    rows = float(np.mean(np.all(mask == mask[0], axis=1)))
    cols = float(np.mean(np.all(mask == mask[:, :1], axis=0)))
    expect(
        rows < 0.05 and cols < 0.05,
        f"{rows:.0%} of the rows repeat the first row's mask and {cols:.0%} of the columns repeat "
        "the first column's: draw one independent random number per element (shape x.shape), "
        "not one per feature or per sample",
    )


@case("p = 0 in training is the identity", zh="训练时 p = 0 为恒等映射")
def test_p_zero(impl):
    x = _data((30, 7))
    out, mask = _forward(impl, x, 0.0, np.random.default_rng(0))
    expect(
        np.array_equal(mask, np.ones_like(x)),
        "with p=0 nothing is dropped: the mask must be all ones",
    )
    assert_close(
        out, x, "out with p=0", rtol=0, atol=0, hint="with p=0 dropout returns x unchanged"
    )


@case("p = 1 gives zeros without nan or inf", zh="p = 1 时输出全零，没有 nan 或 inf")
def test_p_one(impl):
    x = _data((30, 7))
    for dtype in (np.float64, np.float32):
        out, mask = _forward(impl, x.astype(dtype), 1.0, np.random.default_rng(0))
        finite = bool(np.isfinite(out).all() and np.isfinite(mask).all())
        expect(
            finite,
            "with p=1 out and mask hold nan or inf: 1/(1-p) is 1/0 there; every unit is dropped, "
            "so handle p == 1 separately and return zeros",
        )
        expect(
            not np.any(out) and not np.any(mask),
            "with p=1 every unit is dropped: out and mask must be all zeros",
        )


@case("p outside [0, 1] raises ValueError", zh="p 不在 [0, 1] 内时抛出 ValueError")
def test_bad_p(impl):
    x = _data((4, 3))
    for p in (-0.1, 1.5, 2.0):
        expect_raises(
            ValueError,
            impl.dropout_forward,
            x,
            p,
            np.random.default_rng(0),
            what=f"dropout_forward(x, p={p}, rng)",
        )


@case("the same seed gives the same mask", zh="相同种子得到相同掩码")
def test_same_seed(impl):
    x = _data((50, 20))
    _, m1 = _forward(impl, x, 0.4, np.random.default_rng(2024))
    _, m2 = _forward(impl, x, 0.4, np.random.default_rng(2024))
    expect(
        np.array_equal(m1, m2),
        "two calls with np.random.default_rng(2024) gave different masks: draw every random "
        "number from the rng argument (not np.random.* or a generator of your own)",
    )


@case(
    "different seeds and successive draws give different masks",
    zh="不同种子以及连续两次抽样得到不同掩码",
)
def test_different_draws(impl):
    x = _data((50, 20))
    _, m1 = _forward(impl, x, 0.4, np.random.default_rng(1))
    _, m2 = _forward(impl, x, 0.4, np.random.default_rng(2))
    expect(
        not np.array_equal(m1, m2),
        "seeds 1 and 2 gave the same mask: the mask must come from the rng argument",
    )
    rng = np.random.default_rng(3)
    _, m3 = _forward(impl, x, 0.4, rng)
    _, m4 = _forward(impl, x, 0.4, rng)
    expect(
        not np.array_equal(m3, m4),
        "two successive calls with one rng gave the same mask: draw from the rng you are given",
    )


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
            f"dropout_backward(dout, mask) with p={p}",
            rtol=1e-12,
            atol=0,
            hint="the gradient goes through the same mask, including its 1/(1-p) scale "
            "(not dout * (mask > 0))",
        )


@case("dropout_backward keeps float32", zh="dropout_backward 保持 float32")
def test_backward_float32(impl):
    dout = _data((20, 10), np.float32, seed=2)
    mask = np.where(_data((20, 10), seed=3) > 0, np.float32(1 / 0.75), np.float32(0))
    dx = impl.dropout_backward(dout, mask)
    as_array(dx, "dropout_backward(float32 dout, float32 mask)", shape=dout.shape, dtype=np.float32)
    assert_close(dx, dout * mask, "dropout_backward in float32", rtol=1e-6, atol=0)


@case("dropout_backward rejects a mask of another shape", zh="dropout_backward 拒绝形状不符的掩码")
def test_backward_shape(impl):
    expect_raises(
        ValueError,
        impl.dropout_backward,
        np.ones((6, 4)),
        np.ones((4, 6)),
        what="dropout_backward(dout of shape (6, 4), mask of shape (4, 6))",
    )


@case("inputs are not modified", zh="不修改输入")
def test_inputs_unchanged(impl):
    x = _data((20, 10))
    x0 = x.copy()
    out, mask = _forward(impl, x, 0.5, np.random.default_rng(0))
    expect(np.array_equal(x, x0), "dropout_forward modified x in place: return a new array")
    _forward(impl, x, 0.5, np.random.default_rng(0), training=False)
    expect(np.array_equal(x, x0), "dropout_forward(training=False) modified x in place")
    dout = _data((20, 10), seed=5)
    d0, m0 = dout.copy(), mask.copy()
    impl.dropout_backward(dout, mask)
    expect(
        np.array_equal(dout, d0) and np.array_equal(mask, m0),
        "dropout_backward modified dout or mask in place: return a new array",
    )


# --------------------------------------------------------------------------- diagnosis
def _ones_forward(impl, p, training=True, seed=0, shape=(400, 250), dtype=np.float64):
    return impl.dropout_forward(
        np.ones(shape, dtype=dtype), p, np.random.default_rng(seed), training=training
    )


def _probe_train_mean(impl):
    out, _ = _ones_forward(impl, 0.3)
    return round(float(np.mean(out)), 1)


def _probe_drop_rate(impl):
    _, mask = _ones_forward(impl, 0.3)
    return round(float(np.mean(np.asarray(mask) == 0)), 1)


def _probe_kept_value(impl):
    _, mask = _ones_forward(impl, 0.5)
    mask = np.asarray(mask, dtype=np.float64)
    return round(float(np.max(mask)), 3)


def _probe_eval_mean(impl):
    out, _ = _ones_forward(impl, 0.3, training=False)
    return round(float(np.mean(out)), 1)


def _probe_eval_exact(impl):
    out, mask = _ones_forward(impl, 0.3, training=False)
    return float(
        np.array_equal(out, np.ones((400, 250))) and np.array_equal(mask, np.ones((400, 250)))
    )


def _probe_eval_kept_value(impl):
    _, mask = _ones_forward(impl, 0.3, training=False)
    return round(float(np.max(np.asarray(mask, dtype=np.float64))), 3)


def _probe_p1_finite(impl):
    out, mask = _ones_forward(impl, 1.0)
    return float(
        np.isfinite(np.asarray(out, dtype=float)).all()
        and np.isfinite(np.asarray(mask, dtype=float)).all()
    )


def _probe_p1_sum(impl):
    out, _ = _ones_forward(impl, 1.0)
    return float(np.nansum(np.abs(np.asarray(out, dtype=float))) > 0)


def _probe_backward(impl):
    return np.asarray(
        impl.dropout_backward(np.array([1.0, -2.0, 3.0, 4.0]), np.array([0.0, 2.5, 2.5, 0.0])),
        dtype=float,
    )


def _probe_out_itemsize(impl):
    out, _ = _ones_forward(impl, 0.3, dtype=np.float32, shape=(20, 20))
    return float(np.asarray(out).dtype.itemsize)


def _probe_mask_kind(impl):
    """1 for a float mask of x's dtype, 0 for a boolean or integer mask, 2 for another float dtype."""
    _, mask = _ones_forward(impl, 0.3, dtype=np.float32, shape=(20, 20))
    mask = np.asarray(mask)
    if mask.dtype.kind != "f":
        return 0.0
    return 1.0 if mask.dtype == np.float32 else 2.0


def _probe_rejects_bad_p(impl):
    try:
        impl.dropout_forward(np.ones(10), 1.5, np.random.default_rng(0))
    except ValueError:
        return 1.0
    return 0.0


def _probe_modifies_x(impl):
    x = np.ones((20, 20))
    impl.dropout_forward(x, 0.5, np.random.default_rng(0))
    return float(not np.array_equal(x, np.ones((20, 20))))


def _probe_repeated_rows(impl):
    _, mask = _ones_forward(impl, 0.5, shape=(200, 64))
    mask = np.asarray(mask)
    return round(float(np.mean(np.all(mask == mask[0], axis=1))), 1)


def _probe_same_seed(impl):
    _, m1 = _ones_forward(impl, 0.5, seed=5, shape=(30, 30))
    _, m2 = _ones_forward(impl, 0.5, seed=5, shape=(30, 30))
    return float(np.array_equal(m1, m2))


PROBES = {
    "train_mean": _probe_train_mean,
    "drop_rate": _probe_drop_rate,
    "kept_value": _probe_kept_value,
    "eval_mean": _probe_eval_mean,
    "eval_exact": _probe_eval_exact,
    "eval_kept_value": _probe_eval_kept_value,
    "p1_finite": _probe_p1_finite,
    "p1_nonzero": _probe_p1_sum,
    "backward": _probe_backward,
    "out_itemsize_f32": _probe_out_itemsize,
    "mask_kind_f32": _probe_mask_kind,
    "rejects_p_1.5": _probe_rejects_bad_p,
    "modifies_x": _probe_modifies_x,
    "repeated_rows": _probe_repeated_rows,
    "same_seed": _probe_same_seed,
}


def timing_inputs() -> dict[str, tuple]:
    """A (2048, 512) float32 activation: 4 MB, large enough that a Python loop is 100x slower,
    small enough to cross the sandbox quickly (bench/ compares the reference with PyTorch at
    (8192, 1024))."""
    gen = np.random.default_rng(0)
    x = gen.standard_normal((2048, 512), dtype=np.float32)
    mask = np.where(gen.random((2048, 512), dtype=np.float32) >= 0.5, np.float32(2), np.float32(0))
    return {
        "dropout_forward": (x, 0.5, np.random.default_rng(1)),
        "dropout_backward": (x, mask),
    }
