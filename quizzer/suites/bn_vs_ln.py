"""Hidden suite for ``bn-vs-ln`` (card 10): LayerNorm, GroupNorm and InstanceNorm.

Each output is compared with a float64 formula; a failure names the classic
wrong axis choice it matches (the batch axis, strided groups, channels pooled
into instance norm...).
"""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, expect_raises, say

SEED = 10


# --------------------------------------------------------------------------- formulas
def _standardise(x, axes, eps=1e-5, ddof=0):
    x = np.asarray(x, dtype=np.float64)
    m = int(np.prod([x.shape[a] for a in axes]))
    centred = x - x.mean(axis=axes, keepdims=True)
    var = (centred**2).sum(axis=axes, keepdims=True) / (m - ddof)
    return centred / np.sqrt(var + eps)


def _ln64(x, gamma, beta, eps=1e-5, *, axes=None, ddof=0):
    axes = (np.ndim(x) - 1,) if axes is None else axes
    return _standardise(x, axes, eps, ddof) * gamma + beta


def _affine(y, gamma, beta):
    s = (1, y.shape[1]) + (1,) * (y.ndim - 2)
    return y * np.reshape(gamma, s) + np.reshape(beta, s)


def _gn64(x, groups, gamma, beta, eps=1e-5, *, strided=False):
    x = np.asarray(x, dtype=np.float64)
    n, c = x.shape[:2]
    if strided:  # channel c in group c % G
        r = x.reshape(n, c // groups, groups, -1)
        y = _standardise(r, (1, 3), eps).reshape(x.shape)
    else:
        y = _standardise(x.reshape(n, groups, -1), (2,), eps).reshape(x.shape)
    return _affine(y, gamma, beta)


def _in64(x, eps=1e-5):
    return _standardise(x, tuple(range(2, np.ndim(x))), eps)


def _first_match(got, candidates, right):
    """The message of the first wrong formula ``got`` matches (and the right one does not)."""
    got = np.asarray(got, dtype=np.float64)
    off_right = np.max(np.abs(got - right))
    for alt, text in candidates:
        if alt.shape == got.shape:
            off = np.max(np.abs(got - alt))
            if off <= 1e-6 * (1 + np.max(np.abs(alt))) and off < 0.01 * off_right:
                return text
    return ""


def _call(fn, x, *args, what):
    return as_array(
        fn(x, *args), say("out of {w}", "{w} 的 out", w=what), shape=x.shape, dtype=x.dtype
    )


# --------------------------------------------------------------------------- checks
def _check_ln(impl, x, gamma, beta, *eps, what, rtol=1e-7, atol=1e-9):
    out = _call(impl.layer_norm, x, gamma, beta, *eps, what=what)
    right = _ln64(x, gamma, beta, *eps)
    if not np.allclose(out, right, rtol=rtol, atol=atol):
        e = eps[0] if eps else 1e-5
        candidates = [
            (
                _ln64(x, gamma, beta, e, axes=(0,)),
                say(
                    "it matches statistics over the batch axis (axis 0), which is BatchNorm; "
                    "LayerNorm standardises each row over its own last axis, the D features",
                    "它与在 batch 轴（axis 0）上求统计量的结果一致，那是 BatchNorm；"
                    "LayerNorm 对每一行在它自己的最后一个轴（D 个特征）上标准化",
                ),
            ),
            (
                _ln64(x, gamma, beta, e, axes=tuple(range(1, x.ndim))),
                say(
                    "it matches statistics over every axis but the batch; for (N, T, D) "
                    "LayerNorm standardises each token over its D features only",
                    "它与在除 batch 以外的所有轴上求统计量的结果一致；对 (N, T, D)，"
                    "LayerNorm 只在每个 token 的 D 个特征上标准化",
                ),
            ),
            (
                _ln64(x, gamma, beta, e, ddof=1),
                say(
                    "it matches the unbiased variance (divide by D - 1); normalisation layers "
                    "use the biased one (divide by D)",
                    "它与无偏方差（除以 D - 1）的结果一致；归一化层用的是有偏方差（除以 D）",
                ),
            ),
        ]
        hint = _first_match(out, candidates, right) or say(
            "out = gamma * (x - mean) / sqrt(var + eps) + beta, statistics over the last axis",
            "out = gamma * (x - mean) / sqrt(var + eps) + beta，统计量在最后一个轴上计算",
        )
        assert_close(
            out, right, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol, hint=hint
        )
    return out


def _check_gn(impl, x, groups, gamma, beta, *eps, what, rtol=1e-7, atol=1e-9):
    out = _call(impl.group_norm, x, groups, gamma, beta, *eps, what=what)
    right = _gn64(x, groups, gamma, beta, *eps)
    if not np.allclose(out, right, rtol=rtol, atol=atol):
        candidates = [
            (
                _gn64(x, groups, gamma, beta, *eps, strided=True),
                say(
                    "it matches strided groups (channel c in group c % G); groups are "
                    "contiguous: channels 0..C/G-1 form group 0, as x.reshape(N, G, C // G, ...) "
                    "gives",
                    "它与跳跃分组（通道 c 属于第 c % G 组）的结果一致；分组应当是连续的："
                    "通道 0..C/G-1 组成第 0 组，正如 x.reshape(N, G, C // G, ...) 所给出的",
                ),
            )
        ]
        hint = _first_match(out, candidates, right) or say(
            "per sample and contiguous group of C/G channels: mean and biased variance over the "
            "group's channels and positions; then gamma[c] * x_hat + beta[c] per channel",
            "对每个样本、每组连续的 C/G 个通道，在该组的通道和位置上求均值和有偏方差；"
            "再逐通道计算 gamma[c] * x_hat + beta[c]",
        )
        assert_close(
            out, right, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol, hint=hint
        )
    return out


def _check_in(impl, x, *eps, what, rtol=1e-7, atol=1e-9):
    out = _call(impl.instance_norm, x, *eps, what=what)
    right = _in64(x, *eps)
    if not np.allclose(out, right, rtol=rtol, atol=atol):
        e = eps[0] if eps else 1e-5
        candidates = [
            (
                _standardise(x, tuple(range(1, x.ndim)), e),
                say(
                    "it matches statistics over the channels too, which is LayerNorm over "
                    "(C, *spatial); InstanceNorm takes each channel of each sample on its own",
                    "它与把通道也一起统计的结果一致，那是 (C, *spatial) 上的 LayerNorm；"
                    "InstanceNorm 对每个样本的每个通道单独统计",
                ),
            ),
            (
                _standardise(x, (0, *range(2, x.ndim)), e),
                say(
                    "it matches statistics over the batch too, which is BatchNorm; "
                    "InstanceNorm takes each sample on its own",
                    "它与把 batch 也一起统计的结果一致，那是 BatchNorm；InstanceNorm 对每个样本单独统计",
                ),
            ),
        ]
        hint = _first_match(out, candidates, right) or say(
            "per sample and channel: (x - mean) / sqrt(var + eps) over the spatial axes",
            "对每个样本、每个通道，在空间轴上计算 (x - mean) / sqrt(var + eps)",
        )
        assert_close(
            out, right, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol, hint=hint
        )
    return out


# --------------------------------------------------------------------------- visible
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


# --------------------------------------------------------------------------- layer norm
@case("layer norm on (N, D) uses the last axis only", zh="(N, D) 上的 LayerNorm 只在最后一维上统计")
def test_ln_2d(impl):
    rng = np.random.default_rng(SEED)
    x = rng.normal(size=(8, 6)) * np.linspace(0.5, 3, 6) + np.linspace(-4, 4, 6)
    _check_ln(
        impl,
        x,
        rng.normal(size=6),
        rng.normal(size=6),
        what=say("layer_norm on (8, 6)", "(8, 6) 上的 layer_norm"),
    )


@case(
    "layer norm on (N, T, D) normalises each token",
    zh="(N, T, D) 上的 LayerNorm 对每个 token 归一化",
)
def test_ln_3d(impl):
    rng = np.random.default_rng(SEED + 1)
    x = rng.normal(size=(2, 3, 5)) + np.arange(3).reshape(1, 3, 1) * 5
    _check_ln(
        impl,
        x,
        rng.normal(size=5),
        rng.normal(size=5),
        what=say("layer_norm on (2, 3, 5)", "(2, 3, 5) 上的 layer_norm"),
    )


@case(
    "layer norm: a sample's output ignores the other samples",
    zh="LayerNorm：一个样本的输出与其他样本无关",
)
def test_ln_independent(impl):
    rng = np.random.default_rng(SEED + 2)
    x = rng.normal(size=(4, 5))
    gamma, beta = rng.normal(size=5), rng.normal(size=5)
    first = _call(impl.layer_norm, x, gamma, beta, what="layer_norm")
    changed = x.copy()
    changed[1:] = rng.normal(50.0, 10.0, size=(3, 5))
    second = _call(impl.layer_norm, changed, gamma, beta, what="layer_norm")
    assert_close(
        second[0],
        first[0],
        say("sample 0 after changing samples 1-3", "改动样本 1-3 之后的样本 0"),
        rtol=1e-12,
        atol=1e-12,
        hint=say(
            "LayerNorm statistics belong to one sample; nothing may be computed across the "
            "batch axis",
            "LayerNorm 的统计量只属于一个样本；不能跨 batch 轴计算任何东西",
        ),
    )
    single = _call(
        impl.layer_norm,
        x[:1].copy(),
        gamma,
        beta,
        what=say("layer_norm on one sample", "只有一个样本时的 layer_norm"),
    )
    assert_close(
        single[0],
        first[0],
        say("a batch of one sample", "只有一个样本的 batch"),
        rtol=1e-12,
        atol=1e-12,
    )


@case(
    "layer norm: biased variance, eps inside the square root",
    zh="LayerNorm：有偏方差，eps 在平方根内",
)
def test_ln_variance_eps(impl):
    x = np.array([[0.0, 1.0], [2.0, 5.0]])  # D = 2: unbiased would double the variance
    _check_ln(
        impl, x, np.ones(2), np.zeros(2), what=say("layer_norm with D = 2", "D = 2 时的 layer_norm")
    )
    _check_ln(
        impl,
        x,
        np.ones(2),
        np.zeros(2),
        1.0,
        what=say("layer_norm with eps=1", "eps=1 时的 layer_norm"),
    )
    a = np.sqrt(1e-5)
    _check_ln(
        impl,
        np.array([[-a, a]]),
        np.ones(2),
        np.zeros(2),
        what=say(
            "layer_norm of a row with variance 1e-5 and the default eps",
            "方差为 1e-5 的一行、默认 eps 时的 layer_norm",
        ),
    )


@case("layer norm: gamma and beta act per feature", zh="LayerNorm：gamma 和 beta 逐特征作用")
def test_ln_affine(impl):
    x = np.random.default_rng(SEED + 3).normal(size=(3, 4))
    _check_ln(
        impl,
        x,
        np.array([2.0, 0.0, -1.0, 0.5]),
        np.array([0.0, 1.0, 2.0, -3.0]),
        what=say(
            "layer_norm with per-feature gamma and beta", "逐特征 gamma、beta 下的 layer_norm"
        ),
    )


# --------------------------------------------------------------------------- group norm
@case("group norm on (N, C, H, W) with 3 groups", zh="(N, C, H, W) 上分 3 组的 GroupNorm")
def test_gn_4d(impl):
    rng = np.random.default_rng(SEED + 4)
    x = rng.normal(size=(2, 6, 3, 3)) + np.arange(6).reshape(1, 6, 1, 1) * 3
    _check_gn(
        impl,
        x,
        3,
        rng.normal(size=6),
        rng.normal(size=6),
        what=say("group_norm with 3 groups", "分 3 组的 group_norm"),
    )


@case(
    "group norm with 1 group is layer norm over (C, H, W)",
    zh="分 1 组的 GroupNorm 即 (C, H, W) 上的 LayerNorm",
)
def test_gn_one_group(impl):
    rng = np.random.default_rng(SEED + 5)
    x = rng.normal(size=(3, 4, 2, 2)) * np.arange(1, 5).reshape(1, 4, 1, 1)
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    out = _check_gn(
        impl, x, 1, gamma, beta, what=say("group_norm with 1 group", "分 1 组的 group_norm")
    )
    flat = _standardise(x.reshape(3, -1), (1,)).reshape(x.shape)
    assert_close(
        out,
        _affine(flat, gamma, beta),
        say(
            "group_norm(x, 1) vs layer norm over (C, H, W)",
            "group_norm(x, 1)（应等于 (C, H, W) 上的 LayerNorm）",
        ),
    )


@case(
    "group norm with C groups is instance norm with an affine",
    zh="分 C 组的 GroupNorm 即带仿射变换的 InstanceNorm",
)
def test_gn_c_groups(impl):
    rng = np.random.default_rng(SEED + 6)
    x = rng.normal(size=(2, 3, 4, 2))
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    out = _check_gn(
        impl, x, 3, gamma, beta, what=say("group_norm with C groups", "分 C 组的 group_norm")
    )
    assert_close(
        out,
        _affine(_in64(x), gamma, beta),
        say("group_norm(x, C) vs instance norm", "group_norm(x, C)（应等于 InstanceNorm）"),
    )


@case("group norm on (N, C) input and with eps", zh="(N, C) 输入及指定 eps 时的 GroupNorm")
def test_gn_2d_eps(impl):
    rng = np.random.default_rng(SEED + 7)
    x = rng.normal(size=(3, 4)) * 0.5
    _check_gn(
        impl,
        x,
        2,
        np.ones(4),
        np.zeros(4),
        what=say("group_norm on (3, 4) with 2 groups", "(3, 4) 上分 2 组的 group_norm"),
    )
    _check_gn(
        impl,
        x,
        2,
        np.ones(4),
        np.zeros(4),
        1.0,
        what=say("group_norm with eps=1", "eps=1 时的 group_norm"),
    )


@case(
    "group norm: a bad num_groups (C not divisible, or 0) or gamma shape raises ValueError",
    zh="GroupNorm：num_groups 不合法（不能整除 C 或为 0）或 gamma 形状不对时抛出 ValueError",
)
def test_gn_errors(impl):
    x = np.ones((2, 6, 2))
    expect_raises(
        ValueError,
        impl.group_norm,
        x,
        4,
        np.ones(6),
        np.zeros(6),
        what=say("group_norm with C = 6 and 4 groups", "C = 6、分 4 组时的 group_norm"),
    )
    expect_raises(
        ValueError,
        impl.group_norm,
        x,
        0,
        np.ones(6),
        np.zeros(6),
        what=say("group_norm with 0 groups", "分 0 组时的 group_norm"),
    )
    expect_raises(
        ValueError,
        impl.group_norm,
        x,
        3,
        np.ones(3),
        np.zeros(3),
        what=say(
            "group_norm with gamma of shape (3,) (one per group) for 6 channels",
            "6 个通道而 gamma 形状为 (3,)（每组一个）时的 group_norm",
        ),
    )


# --------------------------------------------------------------------------- instance norm
@case("instance norm on (N, C, H, W)", zh="(N, C, H, W) 上的 InstanceNorm")
def test_in_4d(impl):
    rng = np.random.default_rng(SEED + 8)
    x = rng.normal(size=(2, 3, 4, 4)) * np.array([1.0, 4.0, 0.2]).reshape(1, 3, 1, 1) + 2.0
    out = _check_in(
        impl, x, what=say("instance_norm on (2, 3, 4, 4)", "(2, 3, 4, 4) 上的 instance_norm")
    )
    assert_close(
        out.mean(axis=(2, 3)),
        np.zeros((2, 3)),
        say("mean per sample and channel", "每个样本、每个通道的均值"),
        atol=1e-9,
    )


@case(
    "instance norm on (N, C, L), eps inside the square root",
    zh="(N, C, L) 上的 InstanceNorm，eps 在平方根内",
)
def test_in_3d_eps(impl):
    rng = np.random.default_rng(SEED + 9)
    x = rng.normal(size=(3, 2, 5)) * 0.5
    _check_in(impl, x, what=say("instance_norm on (3, 2, 5)", "(3, 2, 5) 上的 instance_norm"))
    _check_in(impl, x, 1.0, what=say("instance_norm with eps=1", "eps=1 时的 instance_norm"))


@case("instance norm needs spatial positions", zh="InstanceNorm 需要空间位置")
def test_in_errors(impl):
    expect_raises(
        ValueError,
        impl.instance_norm,
        np.ones((4, 3)),
        what=say(
            "instance_norm on (N, C) input (no spatial axes)",
            "(N, C) 输入（没有空间轴）上的 instance_norm",
        ),
    )
    expect_raises(
        ValueError,
        impl.instance_norm,
        np.ones((4, 3, 1)),
        what=say("instance_norm with one spatial position", "只有一个空间位置时的 instance_norm"),
    )


# --------------------------------------------------------------------------- all three
@case("float32 in, float32 out", zh="输入 float32，输出 float32")
def test_float32(impl):
    rng = np.random.default_rng(SEED + 10)
    x = rng.normal(3.0, 2.0, size=(4, 6, 5)).astype(np.float32)
    g, b = rng.normal(size=6).astype(np.float32), rng.normal(size=6).astype(np.float32)
    gl, bl = g[:5].copy(), b[:5].copy()
    _check_ln(
        impl,
        x,
        gl,
        bl,
        what=say("layer_norm on float32", "float32 上的 layer_norm"),
        rtol=1e-4,
        atol=1e-5,
    )
    _check_gn(
        impl,
        x,
        2,
        g,
        b,
        what=say("group_norm on float32", "float32 上的 group_norm"),
        rtol=1e-4,
        atol=1e-5,
    )
    _check_in(
        impl,
        x,
        what=say("instance_norm on float32", "float32 上的 instance_norm"),
        rtol=1e-4,
        atol=1e-5,
    )


@case("inputs are not modified", zh="不修改输入")
def test_inputs_untouched(impl):
    rng = np.random.default_rng(SEED + 11)
    x, g, b = rng.normal(size=(2, 4, 3)), rng.normal(size=4), rng.normal(size=4)
    arrays = (x, g, b)
    copies = [a.copy() for a in arrays]
    impl.layer_norm(x[:, :, 0].copy(), g, b)
    impl.group_norm(x, 2, g, b)
    impl.instance_norm(x)
    impl.layer_norm(x.transpose(0, 2, 1), g, b)
    for name, before, after in zip(("x", "gamma", "beta"), copies, arrays, strict=True):
        expect(
            np.array_equal(before, after),
            say("{n} was modified in place", "{n} 被原地修改了", n=name),
        )


@case(
    "the other bad arguments of the contract raise ValueError",
    zh="题目约定的其他非法参数也抛出 ValueError",
)
def test_more_bad_arguments(impl):
    x = np.ones((2, 6, 2))
    for args, what in (
        (
            (x, 3, np.ones(6), np.zeros(3)),
            say("beta of shape (3,) for 6 channels", "6 个通道而 beta 形状为 (3,)"),
        ),
        ((x, -2, np.ones(6), np.zeros(6)), "num_groups=-2"),
        ((np.ones(6), 1, np.ones(6), np.zeros(6)), say("a 1-D x", "一维的 x")),
    ):
        expect_raises(
            ValueError,
            impl.group_norm,
            *args,
            what=say("group_norm with {w}", "{w} 时的 group_norm", w=what),
        )
    expect_raises(
        ValueError,
        impl.layer_norm,
        np.float64(1.0),
        np.ones(1),
        np.zeros(1),
        what=say("layer_norm on a 0-dimensional x", "x 为 0 维时的 layer_norm"),
    )


@case("a negative eps raises ValueError", zh="eps 为负时抛出 ValueError")
def test_negative_eps(impl):
    x = np.random.default_rng(SEED + 20).normal(size=(2, 4, 3))
    ones, zeros = np.ones(4), np.zeros(4)
    for fn, args in (
        ("layer_norm", (np.ones(3), np.zeros(3))),
        ("group_norm", (2, ones, zeros)),
        ("instance_norm", ()),
    ):
        expect_raises(
            ValueError, getattr(impl, fn), x, *args, -1e-5, what=f"{fn}(x, ..., eps=-1e-5)"
        )


@case(
    "layer norm: gamma or beta of the wrong shape raises ValueError",
    zh="LayerNorm：gamma 或 beta 形状不对时抛出 ValueError",
)
def test_ln_errors(impl):
    expect_raises(
        ValueError,
        impl.layer_norm,
        np.ones((3, 4)),
        np.ones(3),
        np.zeros(4),
        what=say(
            "layer_norm with gamma of shape (3,) for D = 4",
            "D = 4 而 gamma 形状为 (3,) 时的 layer_norm",
        ),
    )
    expect_raises(
        ValueError,
        impl.layer_norm,
        np.ones((3, 4)),
        np.ones(4),
        np.zeros(3),
        what=say(
            "layer_norm with beta of shape (3,) for D = 4",
            "D = 4 而 beta 形状为 (3,) 时的 layer_norm",
        ),
    )


# --------------------------------------------------------------------------- probes
def _px(shape, seed):
    return np.random.default_rng(seed).normal(1.0, 2.0, size=shape)


# eps is tiny, so that the axes and the variance are named whatever the file does with eps.
PROBES = {
    "layer_norm (5, 4)": lambda impl: impl.layer_norm(
        _px((5, 4), 100), np.array([1.0, 2.0, 0.5, -1.0]), np.array([0.0, 1.0, -1.0, 0.5]), 1e-9
    ),
    "layer_norm (2, 3, 4)": lambda impl: impl.layer_norm(
        _px((2, 3, 4), 101), np.ones(4), np.zeros(4), 1e-9
    ),
    "group_norm (2, 6, 2), 3 groups": lambda impl: impl.group_norm(
        _px((2, 6, 2), 102), 3, np.ones(6), np.zeros(6), 1e-9
    ),
    "instance_norm (2, 3, 4)": lambda impl: impl.instance_norm(_px((2, 3, 4), 103), 1e-9),
}


def timing_inputs():
    """A few MB each: a Python loop shows as 100x slower without slowing every check down
    (bench/ compares the reference with PyTorch on (64, 256, 28, 28))."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 64, 16, 16), dtype=np.float32)
    tokens = rng.standard_normal((32, 64, 256), dtype=np.float32)
    ones, zeros = np.ones(64, np.float32), np.zeros(64, np.float32)
    return {
        "layer_norm": (tokens, np.ones(256, np.float32), np.zeros(256, np.float32)),
        "group_norm": (x, 8, ones, zeros),
        "instance_norm": (x,),
    }
