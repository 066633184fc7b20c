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

from quizzer.suites.base import (
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
    unpack,
)

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
        hint = say(
            " The mean is about (1-p)·x: did you forget to divide the kept units by 1-p?",
            "均值约为 (1-p)·x：是不是忘了把保留的单元除以 1-p？",
        )
    elif abs(float(np.mean(ratio)) - p / (1 - p)) < bound:
        hint = say(
            " The mean is about p/(1-p)·x: is p read as the keep probability?",
            "均值约为 p/(1-p)·x：是不是把 p 当成了保留概率？",
        )
    expect(
        worst <= bound,
        say(
            "{what}: the average of out over {n} draws should equal x (E[out] = x for inverted "
            "dropout); mean(out)/x is off by {worst}, more than the allowed {bound} "
            "(= {k} standard deviations, sqrt(p/((1-p)·n)) each).{hint}",
            "{what}：out 在 {n} 次抽样上的平均值应当等于 x（inverted dropout 满足 E[out] = x）；"
            "mean(out)/x 偏离了 {worst}，超过允许的 {bound}（= {k} 个标准差，"
            "每个标准差为 sqrt(p/((1-p)·n))）。{hint}",
            what=what,
            n=str(n),
            worst=f"{worst:.4f}",
            bound=f"{bound:.4f}",
            k=f"{SIGMAS:g}",
            hint=hint,
        ),
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


# --------------------------------------------------------------------------- hidden
@case("out and mask have x's shape and dtype", zh="out 和 mask 的形状、dtype 与 x 相同")
def test_shapes_and_dtypes(impl):
    for shape, dtype in (
        ((6, 5), np.float64),
        ((2, 3, 4, 5), np.float64),
        ((7, 9), np.float32),
        ((4, 3), np.int32),  # integer x: float64 out and mask
    ):
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
            say(
                " Is p read as the keep probability? p is the probability to DROP a unit.",
                "是不是把 p 当成了保留概率？p 是丢弃一个单元的概率。",
            )
            if abs(rate - (1 - p)) < bound
            else ""
        )
        expect(
            abs(rate - p) <= bound,
            say(
                "with p={p} a fraction {rate} of the units were dropped; expected p within "
                "{bound} ({k} standard deviations of a binomial proportion, sqrt(p(1-p)/n) with "
                "n={n}).{hint}",
                "p={p} 时被丢弃的单元比例为 {rate}；应当在 p 的 {bound} 以内"
                "（二项比例的 {k} 个标准差，sqrt(p(1-p)/n)，n={n}）。{hint}",
                p=str(p),
                rate=f"{rate:.4f}",
                bound=f"{bound:.4f}",
                k=f"{SIGMAS:g}",
                n=str(mask.size),
                hint=hint,
            ),
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
            say(
                "out must equal x * mask exactly ({d}): compute out by multiplying x by the mask "
                "you return",
                "out 必须严格等于 x * mask（{d}）：请用返回的 mask 乘以 x 来计算 out",
                d=str(np.dtype(dtype)),
            ),
        )


@case("float32 mask values are 1/(1-p) in float32", zh="float32 掩码的取值是 float32 下的 1/(1-p)")
def test_float32_mask_values(impl):
    x = _data((50, 40), np.float32)
    for p in (0.1, 0.7):
        _, mask = _forward(impl, x, p, np.random.default_rng(6))
        scale = 1.0 / (1.0 - p)
        kept = mask[mask != 0].astype(np.float64)
        expect(
            kept.size > 0,
            say(
                "with p={p} no unit was kept out of {n}",
                "p={p} 时 {n} 个单元一个都没有保留",
                p=str(p),
                n=str(mask.size),
            ),
        )
        expect(
            bool(np.all(np.abs(kept - scale) <= 1e-6 * scale)),
            say(
                "with p={p} (float32) kept units must be scaled by 1/(1-p) = {s} (float32 "
                "rounding allowed); got {v}",
                "p={p}（float32）时保留的单元必须乘以 1/(1-p) = {s}（允许 float32 的舍入误差）；"
                "实际得到 {v}",
                p=str(p),
                s=f"{scale:.7g}",
                v=str(np.unique(np.round(kept, 6))[:4].tolist()),
            ),
        )


@case("elements are dropped independently", zh="每个元素独立丢弃")
def test_independent(impl):
    x = _data((400, 64))
    _, mask = _forward(impl, x, 0.5, np.random.default_rng(8))
    rows = float(np.mean(np.all(mask == mask[0], axis=1)))
    cols = float(np.mean(np.all(mask == mask[:, :1], axis=0)))
    expect(
        rows < 0.05 and cols < 0.05,
        say(
            "{r} of the rows repeat the first row's mask and {c} of the columns repeat the first "
            "column's: draw one independent random number per element (shape x.shape), not one "
            "per feature or per sample",
            "{r} 的行与第一行的 mask 相同，{c} 的列与第一列相同：应当为每个元素独立抽一个随机数"
            "（形状为 x.shape），而不是每个特征或每个样本抽一个",
            r=f"{rows:.0%}",
            c=f"{cols:.0%}",
        ),
    )


@case("p = 0 in training is the identity", zh="训练时 p = 0 为恒等映射")
def test_p_zero(impl):
    x = _data((30, 7))
    out, mask = _forward(impl, x, 0.0, np.random.default_rng(0))
    expect(
        np.array_equal(mask, np.ones_like(x)),
        say(
            "with p=0 nothing is dropped: the mask must be all ones",
            "p=0 时什么都不丢弃：mask 必须全为 1",
        ),
    )
    assert_close(
        out,
        x,
        say("out with p=0", "p=0 时的 out"),
        rtol=0,
        atol=0,
        hint=say("with p=0 dropout returns x unchanged", "p=0 时 dropout 原样返回 x"),
    )


@case("p = 1 gives zeros without nan or inf", zh="p = 1 时输出全零，没有 nan 或 inf")
def test_p_one(impl):
    x = _data((30, 7))
    for dtype in (np.float64, np.float32):
        out, mask = _forward(impl, x.astype(dtype), 1.0, np.random.default_rng(0))
        finite = bool(np.isfinite(out).all() and np.isfinite(mask).all())
        expect(
            finite,
            say(
                "with p=1 out and mask hold nan or inf: 1/(1-p) is 1/0 there; every unit is "
                "dropped, so handle p == 1 separately and return zeros",
                "p=1 时 out 和 mask 中出现了 nan 或 inf：此时 1/(1-p) 是 1/0；所有单元都被丢弃，"
                "应单独处理 p == 1 并返回全零",
            ),
        )
        expect(
            not np.any(out) and not np.any(mask),
            say(
                "with p=1 every unit is dropped: out and mask must be all zeros",
                "p=1 时所有单元都被丢弃：out 和 mask 必须全为 0",
            ),
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


@case("p = nan raises ValueError", zh="p = nan 时抛出 ValueError")
def test_nan_p(impl):
    expect_raises(
        ValueError,
        impl.dropout_forward,
        _data((4, 3)),
        float("nan"),
        np.random.default_rng(0),
        what="dropout_forward(x, p=nan, rng)",
        hint=say(
            "nan is not in [0, 1], but p < 0 and p > 1 are both False for nan: test "
            "not 0 <= p <= 1",
            "nan 不在 [0, 1] 内，但对 nan 来说 p < 0 和 p > 1 都是 False：应判断 not 0 <= p <= 1",
        ),
    )


@case("the same seed gives the same mask", zh="相同种子得到相同掩码")
def test_same_seed(impl):
    x = _data((50, 20))
    _, m1 = _forward(impl, x, 0.4, np.random.default_rng(2024))
    _, m2 = _forward(impl, x, 0.4, np.random.default_rng(2024))
    expect(
        np.array_equal(m1, m2),
        say(
            "two calls with np.random.default_rng(2024) gave different masks: draw every random "
            "number from the rng argument (not np.random.* or a generator of your own)",
            "两次用 np.random.default_rng(2024) 调用得到了不同的 mask：所有随机数都必须取自参数 rng"
            "（不要用 np.random.* 或自己新建的生成器）",
        ),
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
        say(
            "seeds 1 and 2 gave the same mask: the mask must come from the rng argument",
            "种子 1 和 2 得到了相同的 mask：mask 必须由参数 rng 生成",
        ),
    )
    rng = np.random.default_rng(3)
    _, m3 = _forward(impl, x, 0.4, rng)
    _, m4 = _forward(impl, x, 0.4, rng)
    expect(
        not np.array_equal(m3, m4),
        say(
            "two successive calls with one rng gave the same mask: draw from the rng you are given",
            "用同一个 rng 连续调用两次得到了相同的 mask：请从传入的 rng 中抽样",
        ),
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
