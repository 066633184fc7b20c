"""Hidden suite for ``batchnorm`` (card 7): training-mode BatchNorm, forward and backward.

The backward pass is checked against central-difference gradients of
``sum(out * dout)`` in float64; the forward pass against a float64 formula, with
the classic wrong formulas recognised in the failure message.
"""

from __future__ import annotations

import numpy as np

from quizzer.cards import Text
from quizzer.suites.base import (
    Failure,
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
    unpack,
)

RNG_SEED = 7


# --------------------------------------------------------------------------- helpers
def _bn64(
    x,
    gamma,
    beta,
    eps=1e-5,
    *,
    per_sample=False,
    spatial=True,
    ddof=0,
    eps_mode="inside",
    swap=False,
):
    """BatchNorm in float64, and the classic wrong variants of it (for hints)."""
    x = np.asarray(x, dtype=np.float64)
    if per_sample:
        axes = tuple(range(1, x.ndim))
    elif spatial:
        axes = (0, *range(2, x.ndim))
    else:
        axes = (0,)
    m = x.size // np.prod([x.shape[a] for a in range(x.ndim) if a not in axes])
    centred = x - x.mean(axis=axes, keepdims=True)
    var = (centred**2).sum(axis=axes, keepdims=True) / (m - ddof)
    if eps_mode == "inside":
        std = np.sqrt(var + eps)
    elif eps_mode == "outside":
        std = np.sqrt(var) + eps
    else:
        std = np.sqrt(var)
    bshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    g = np.asarray(gamma, dtype=np.float64).reshape(bshape)
    b = np.asarray(beta, dtype=np.float64).reshape(bshape)
    if swap:
        g, b = b, g
    with np.errstate(divide="ignore", invalid="ignore"):
        return centred / std * g + b


_WRONG_FORWARDS = (
    (
        {"ddof": 1},
        say(
            "it matches normalising with the unbiased variance (divide by m - 1); BatchNorm "
            "normalises with the biased batch variance (divide by m), the unbiased one only goes "
            "into the running statistics",
            "它与用无偏方差（除以 m - 1）归一化的结果一致；BatchNorm 用 batch 的有偏方差"
            "（除以 m）归一化，无偏方差只用于移动统计量",
        ),
    ),
    (
        {"per_sample": True},
        say(
            "it matches statistics taken per sample over the features, which is LayerNorm; "
            "BatchNorm takes each channel's mean and variance over the batch axis (and the "
            "spatial axes)",
            "它与按样本在特征上求统计量的结果一致，那是 LayerNorm；BatchNorm 在 batch 轴"
            "（以及空间轴）上求每个通道的均值和方差",
        ),
    ),
    (
        {"spatial": False},
        say(
            "it matches statistics over axis 0 only; for (N, C, *spatial) inputs BatchNorm "
            "shares one mean and variance per channel over N and every spatial position",
            "它与只在 axis 0 上求统计量的结果一致；对 (N, C, *spatial) 输入，BatchNorm "
            "每个通道在 N 和所有空间位置上共用一个均值和方差",
        ),
    ),
    (
        {"eps_mode": "none"},
        say(
            "it matches dropping eps; eps belongs inside the square root, sqrt(var + eps)",
            "它与漏掉 eps 的结果一致；eps 应当在平方根内：sqrt(var + eps)",
        ),
    ),
    (
        {"eps_mode": "outside"},
        say(
            "it matches sqrt(var) + eps; eps belongs inside the square root, sqrt(var + eps)",
            "它与 sqrt(var) + eps 的结果一致；eps 应当在平方根内：sqrt(var + eps)",
        ),
    ),
    (
        {"swap": True},
        say(
            "it matches gamma and beta swapped: out = gamma * x_hat + beta, gamma scales and "
            "beta shifts",
            "它与 gamma、beta 对调的结果一致：out = gamma * x_hat + beta，gamma 负责缩放，"
            "beta 负责平移",
        ),
    ),
)


def _why(got, x, gamma, beta, eps):
    """Name the classic wrong formula that ``got`` matches (and the right one does not)."""
    got = np.asarray(got, dtype=np.float64)
    off_right = np.max(np.abs(got - _bn64(x, gamma, beta, eps)))
    for kwargs, text in _WRONG_FORWARDS:
        alt = _bn64(x, gamma, beta, eps, **kwargs)
        off = np.max(np.abs(got - alt)) if got.shape == alt.shape else np.inf
        if off <= 1e-6 * (1 + np.max(np.abs(alt))) and off < 0.01 * off_right:
            return text
    return say(
        "out should be gamma * (x - mean) / sqrt(var + eps) + beta, with each channel's mean "
        "and biased variance taken over every axis but axis 1",
        "out 应当是 gamma * (x - mean) / sqrt(var + eps) + beta，其中每个通道的均值和有偏方差"
        "在除 axis 1 以外的所有轴上计算",
    )


def _forward(impl, x, gamma, beta, *eps, what="batchnorm_forward"):
    """Call the forward pass; check it returns (out, cache) with out of x's shape and dtype."""
    out, cache = unpack(impl.batchnorm_forward(x, gamma, beta, *eps), 2, what)
    dtype = x.dtype if x.dtype.kind == "f" else None
    as_array(out, say("out of {w}", "{w} 的 out", w=what), shape=x.shape, dtype=dtype)
    return out, cache


def _check_out(impl, x, gamma, beta, *eps, what, rtol=1e-6, atol=1e-8):
    out, cache = _forward(impl, x, gamma, beta, *eps, what=what)
    expected = _bn64(x, gamma, beta, *eps)
    if not np.allclose(out, expected, rtol=rtol, atol=atol):
        try:
            assert_close(
                out, expected, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol
            )
        except Failure as exc:
            why = _why(out, x, gamma, beta, eps[0] if eps else 1e-5)
            message = Text(f"{exc.message}: {why.en}", f"{exc.message_zh}：{why.zh}")
            raise Failure(message, expected=exc.expected, got=exc.got) from None
    return out, cache


def _backward(impl, dout, cache, channels, what="batchnorm_backward"):
    dx, dgamma, dbeta = unpack(impl.batchnorm_backward(dout, cache), 3, what)
    as_array(dx, say("dx of {w}", "{w} 的 dx", w=what), shape=dout.shape, dtype=dout.dtype)
    as_array(
        dgamma, say("dgamma of {w}", "{w} 的 dgamma", w=what), shape=(channels,), dtype=dout.dtype
    )
    as_array(
        dbeta, say("dbeta of {w}", "{w} 的 dbeta", w=what), shape=(channels,), dtype=dout.dtype
    )
    return dx, dgamma, dbeta


def _rel_error(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def _numerical(impl, x, gamma, beta, dout, h=1e-5):
    """Central differences of loss = sum(out * dout) with respect to x, gamma and beta."""

    def loss(xv, gv, bv):
        out, _ = unpack(impl.batchnorm_forward(xv, gv, bv), 2, "batchnorm_forward")
        return float(np.sum(np.asarray(out, dtype=np.float64) * dout))

    grads = []
    for which in range(3):
        args = [x, gamma, beta]
        grad = np.zeros_like(args[which])
        for i in range(grad.size):
            plus, minus = args[which].copy(), args[which].copy()
            plus.flat[i] += h
            minus.flat[i] -= h
            hi = loss(*(plus if k == which else a for k, a in enumerate(args)))
            lo = loss(*(minus if k == which else a for k, a in enumerate(args)))
            grad.flat[i] = (hi - lo) / (2 * h)
        grads.append(grad)
    return grads


def _dx_hint(dx, x, gamma, dout) -> str:
    """Why a wrong dx is wrong, when its shape tells: the stats-as-constants gradient, or a
    channel whose gradient does not sum to 0."""
    dx = np.asarray(dx, dtype=np.float64)
    if dx.shape != x.shape:
        return ""
    if _rel_error(dx, _analytic_dx(x, gamma, dout, through_statistics=False)) < 1e-4:
        return say(
            " Yours is dout * gamma / sqrt(var + eps): the batch mean and variance treated as "
            "constants. Every output of a channel depends on every input of that channel "
            "through them, which adds the terms -mean(g) - x_hat * mean(g * x_hat) "
            "(g = dout * gamma).",
            "你的结果是 dout * gamma / sqrt(var + eps)：把 batch 的均值和方差当成了常数。"
            "一个通道的每个输出都通过它们依赖该通道的每个输入，"
            "因此还要加上 -mean(g) - x_hat * mean(g * x_hat) 这两项（g = dout * gamma）。",
        )
    sums = np.abs(dx.sum(axis=(0, *range(2, x.ndim))))
    if sums.max() > 1e-6 * max(1.0, float(np.abs(dx).max())):
        return say(
            " Each channel of dx should sum to 0 (shifting a channel's inputs does not change "
            "its outputs); yours sum to up to {s}.",
            "dx 的每个通道之和应当为 0（平移一个通道的输入不会改变它的输出）；你的结果最大达到 {s}。",
            s=f"{sums.max():.3g}",
        )
    return ""


def _gradient_check(impl, shape):
    rng = np.random.default_rng(RNG_SEED + len(shape))
    channels = shape[1]
    x = rng.normal(0.5, 2.0, size=shape)
    gamma = rng.uniform(0.5, 2.0, channels) * rng.choice([-1.0, 1.0], channels)
    beta = rng.normal(size=channels)
    dout = rng.normal(size=shape)
    _, cache = _forward(impl, x, gamma, beta)
    analytic = _backward(impl, dout, cache, channels)
    numeric = _numerical(impl, x, gamma, beta, dout)
    for name, a, n in zip(("dx", "dgamma", "dbeta"), analytic, numeric, strict=True):
        err = _rel_error(a, n)
        hint = _dx_hint(a, x, gamma, dout) if name == "dx" and err >= 1e-7 else ""
        expect(
            err < 1e-7,
            say(
                "{name} on shape {shape} disagrees with central-difference gradients of "
                "sum(out * dout): relative error {err} (must be below 1e-7).{hint}",
                "形状 {shape} 上的 {name} 与 sum(out * dout) 的中心差分梯度不一致："
                "相对误差 {err}（必须小于 1e-7）。{hint}",
                name=name,
                shape=str(shape),
                err=f"{err:.2g}",
                hint=hint,
            ),
            expected=np.round(n, 6),
            got=np.round(np.asarray(a, dtype=np.float64), 6),
        )


# --------------------------------------------------------------------------- visible
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


# --------------------------------------------------------------------------- hidden: forward
@case(
    "per-channel mean is beta and variance gamma^2 on (N, C)",
    zh="(N, C) 上每个通道的均值为 beta、方差为 gamma^2",
)
def test_moments_2d(impl):
    rng = np.random.default_rng(RNG_SEED)
    x = rng.normal(size=(64, 5)) * np.array([1.0, 3.0, 0.5, 10.0, 2.0]) + np.array(
        [0, 5, -2, 40, 1.0]
    )
    gamma = np.array([1.0, 2.0, 0.5, -1.5, 3.0])
    beta = np.array([0.0, -1.0, 2.0, 0.5, 10.0])
    out, _ = _check_out(
        impl,
        x,
        gamma,
        beta,
        what=say("batchnorm_forward on a (64, 5) batch", "(64, 5) batch 上的 batchnorm_forward"),
    )
    var = x.var(axis=0)
    assert_close(
        out.mean(axis=0),
        beta,
        say("per-channel mean of out", "out 每个通道的均值"),
        atol=1e-9,
        hint=say("each channel's output mean must be beta", "每个通道输出的均值必须是 beta"),
    )
    assert_close(
        out.var(axis=0),
        gamma**2 * var / (var + 1e-5),
        say("per-channel variance of out", "out 每个通道的方差"),
        hint=say(
            "each channel's biased output variance must be gamma^2 (up to eps)",
            "每个通道输出的有偏方差必须是 gamma^2（忽略 eps 的影响）",
        ),
    )


@case("statistics over N, H and W on (N, C, H, W)", zh="(N, C, H, W) 上在 N、H、W 维求统计量")
def test_statistics_4d(impl):
    rng = np.random.default_rng(RNG_SEED + 1)
    pattern = np.linspace(-3, 3, 20).reshape(1, 1, 4, 5)
    x = rng.normal(size=(3, 4, 4, 5)) + pattern + np.arange(4).reshape(1, 4, 1, 1) * 10
    out, _ = _check_out(
        impl,
        x,
        np.ones(4),
        np.zeros(4),
        what=say(
            "batchnorm_forward on a (3, 4, 4, 5) batch", "(3, 4, 4, 5) batch 上的 batchnorm_forward"
        ),
    )
    assert_close(
        out.mean(axis=(0, 2, 3)),
        np.zeros(4),
        say("mean of out over N, H, W", "out 在 N、H、W 上的均值"),
        atol=1e-9,
    )
    assert_close(
        out.var(axis=(0, 2, 3)),
        np.ones(4),
        say("variance of out over N, H, W", "out 在 N、H、W 上的方差"),
        rtol=1e-4,
    )


@case("statistics over N and L on (N, C, L)", zh="(N, C, L) 上在 N、L 维求统计量")
def test_statistics_3d(impl):
    rng = np.random.default_rng(RNG_SEED + 2)
    x = rng.normal(size=(2, 3, 6)) * 2 + np.linspace(0, 4, 6)
    _check_out(
        impl,
        x,
        np.array([1.0, -2.0, 0.5]),
        np.array([0.3, 0.0, -1.0]),
        what=say(
            "batchnorm_forward on a (2, 3, 6) batch", "(2, 3, 6) batch 上的 batchnorm_forward"
        ),
    )


@case("biased variance in the normalisation", zh="归一化使用有偏方差")
def test_biased_variance(impl):
    x = np.array([[0.0, 1.0], [3.0, 2.0], [6.0, 6.0]])  # 3 samples: m/(m-1) = 1.5
    _check_out(
        impl,
        x,
        np.ones(2),
        np.zeros(2),
        what=say(
            "batchnorm_forward on a 3-sample batch", "3 个样本的 batch 上的 batchnorm_forward"
        ),
    )


@case("eps inside the square root", zh="eps 在平方根内")
def test_eps_inside_sqrt(impl):
    x = np.array([[0.5, 1.0], [-0.5, 3.0], [0.5, 5.0], [-0.5, 7.0]])  # channel 0: var 0.25
    _check_out(
        impl,
        x,
        np.ones(2),
        np.zeros(2),
        1.0,
        what=say("batchnorm_forward with eps=1", "eps=1 时的 batchnorm_forward"),
    )


@case("eps defaults to 1e-5", zh="eps 默认为 1e-5")
def test_eps_default(impl):
    a = np.sqrt(1e-5)
    x = np.array([[-a], [a], [-a], [a]])  # var = 1e-5 = eps: x_hat = +-1/sqrt(2)
    out, _ = _forward(impl, x, np.ones(1), np.zeros(1))
    assert_close(
        out[:, 0],
        np.array([-1, 1, -1, 1]) / np.sqrt(2),
        say("out for a channel with var 1e-5", "方差为 1e-5 的通道的 out"),
        rtol=1e-4,
        hint=say(
            "called without eps, batchnorm_forward must use eps=1e-5 inside the square root",
            "不传 eps 时，batchnorm_forward 必须在平方根内使用 eps=1e-5",
        ),
    )


@case("a constant channel gives beta, with no nan", zh="常数通道输出 beta，不出现 nan")
def test_constant_channel(impl):
    x = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 4.0], [0.1, 8.0], [0.1, 3.0]])
    out, _ = _forward(impl, x, np.array([2.0, 1.0]), np.array([-0.5, 0.0]))
    expect(
        np.all(np.isfinite(out)),
        say(
            "a constant channel (variance 0) gave nan or inf: eps inside sqrt(var + eps) is what "
            "keeps the division finite",
            "常数通道（方差为 0）得到了 nan 或 inf：正是 sqrt(var + eps) 中的 eps 让除法保持有限",
        ),
        got=out,
    )
    assert_close(
        out[:, 0],
        np.full(5, -0.5),
        say("out of a constant channel", "常数通道的 out"),
        atol=1e-6,
        hint=say("x - mean is 0, so the output is beta", "x - mean 为 0，所以输出就是 beta"),
    )


@case("gamma scales and beta shifts each channel", zh="每个通道由 gamma 缩放、beta 平移")
def test_affine_per_channel(impl):
    rng = np.random.default_rng(RNG_SEED + 3)
    x = rng.normal(size=(10, 4))
    _check_out(
        impl,
        x,
        np.array([2.0, -1.0, 0.0, 0.25]),
        np.array([1.0, 0.0, -3.0, 5.0]),
        what=say(
            "batchnorm_forward with per-channel gamma and beta",
            "逐通道 gamma、beta 下的 batchnorm_forward",
        ),
    )


@case("a single sample with spatial axes is a valid batch", zh="带空间维的单个样本也是合法的 batch")
def test_single_sample_spatial(impl):
    rng = np.random.default_rng(RNG_SEED + 4)
    x = rng.normal(size=(1, 2, 2, 3))
    _check_out(
        impl,
        x,
        np.array([1.0, 2.0]),
        np.array([0.0, 1.0]),
        what=say(
            "batchnorm_forward on a (1, 2, 2, 3) batch", "(1, 2, 2, 3) batch 上的 batchnorm_forward"
        ),
    )


@case("float32 in, float32 out", zh="输入 float32，输出也是 float32")
def test_float32(impl):
    rng = np.random.default_rng(RNG_SEED + 5)
    x = rng.normal(2.0, 3.0, size=(32, 3, 2, 2)).astype(np.float32)
    gamma = np.array([1.0, 0.5, -2.0], dtype=np.float32)
    beta = np.array([0.0, 1.0, 0.5], dtype=np.float32)
    out, cache = _check_out(
        impl,
        x,
        gamma,
        beta,
        what=say("batchnorm_forward on float32", "float32 上的 batchnorm_forward"),
        rtol=1e-4,
        atol=1e-5,
    )
    dout = rng.normal(size=x.shape).astype(np.float32)
    dx, dgamma, dbeta = _backward(
        impl,
        dout,
        cache,
        3,
        what=say("batchnorm_backward on float32", "float32 上的 batchnorm_backward"),
    )
    ref_dx = _analytic_dx(x, gamma, dout)
    assert_close(
        dx,
        ref_dx,
        say("float32 dx", "float32 的 dx"),
        rtol=1e-3,
        atol=1e-5,
        hint=say(
            "dx must include the gradient through the batch mean and variance",
            "dx 必须包含经过 batch 均值和方差的那部分梯度",
        ),
    )


@case("inputs are not modified", zh="不修改输入")
def test_inputs_not_modified(impl):
    rng = np.random.default_rng(RNG_SEED + 6)
    x, gamma, beta = rng.normal(size=(6, 3)), rng.normal(size=3), rng.normal(size=3)
    dout = rng.normal(size=(6, 3))
    copies = [a.copy() for a in (x, gamma, beta, dout)]
    _, cache = _forward(impl, x, gamma, beta)
    _backward(impl, dout, cache, 3)
    for name, before, after in zip(
        ("x", "gamma", "beta", "dout"), copies, (x, gamma, beta, dout), strict=True
    ):
        expect(
            np.array_equal(before, after),
            say(
                "{n} was modified in place; work on a copy (e.g. x - mean creates a new array, "
                "x -= mean does not)",
                "{n} 被原地修改了；请在副本上计算（例如 x - mean 会创建新数组，x -= mean 不会）",
                n=name,
            ),
        )


# --------------------------------------------------------------------------- hidden: backward
def _analytic_dx(x, gamma, dout, *, through_statistics=True):
    """The exact dx in float64; with ``through_statistics=False``, the classic wrong one that
    treats the batch mean and variance as constants."""
    x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
    axes = (0, *range(2, x.ndim))
    bshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    inv = 1 / np.sqrt(x.var(axis=axes, keepdims=True) + 1e-5)
    x_hat = (x - x.mean(axis=axes, keepdims=True)) * inv
    g = dout * np.asarray(gamma, dtype=np.float64).reshape(bshape)
    if not through_statistics:
        return inv * g
    return inv * (
        g - g.mean(axis=axes, keepdims=True) - x_hat * (g * x_hat).mean(axis=axes, keepdims=True)
    )


@case("backward matches numerical gradients on (N, C)", zh="(N, C) 上反向传播与数值梯度一致")
def test_gradcheck_2d(impl):
    _gradient_check(impl, (4, 3))


@case(
    "backward matches numerical gradients on (N, C, H, W)",
    zh="(N, C, H, W) 上反向传播与数值梯度一致",
)
def test_gradcheck_4d(impl):
    _gradient_check(impl, (2, 3, 2, 2))


@case("backward on a larger (N, C, L) batch", zh="较大 (N, C, L) batch 上的反向传播")
def test_backward_larger(impl):
    rng = np.random.default_rng(RNG_SEED + 7)
    x = rng.normal(1.0, 3.0, size=(16, 4, 3))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    dout = rng.normal(size=x.shape)
    _, cache = _forward(impl, x, gamma, beta)
    dx, dgamma, dbeta = _backward(impl, dout, cache, 4)
    axes = (0, 2)
    x_hat = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + 1e-5)
    assert_close(
        dbeta,
        dout.sum(axis=axes),
        "dbeta",
        hint=say("sum dout over N and L, per channel", "逐通道对 dout 在 N 和 L 上求和"),
    )
    assert_close(
        dgamma,
        (dout * x_hat).sum(axis=axes),
        "dgamma",
        hint=say(
            "sum dout * x_hat over N and L, per channel", "逐通道对 dout * x_hat 在 N 和 L 上求和"
        ),
    )
    assert_close(
        dx,
        _analytic_dx(x, gamma, dout),
        "dx",
        hint="dx = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps), g = dout * gamma",
    )


@case("each cache belongs to its own forward call", zh="每个 cache 只属于产生它的那次前向调用")
def test_cache_independent(impl):
    rng = np.random.default_rng(RNG_SEED + 8)
    xa, xb = rng.normal(size=(5, 2)), rng.normal(3.0, 5.0, size=(5, 2))
    gamma, beta = np.array([1.5, -0.5]), np.zeros(2)
    dout = rng.normal(size=(5, 2))
    _, cache_a = _forward(impl, xa, gamma, beta)
    _forward(impl, xb, gamma, beta)
    dx, _, _ = _backward(impl, dout, cache_a, 2)
    hint = "dx = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps), g = dout * gamma"
    if np.allclose(dx, _analytic_dx(xb, gamma, dout), rtol=1e-6):
        hint = say(
            "dx is the gradient for the second call's batch: keep everything backward needs "
            "in the cache each call returns, not in globals or function attributes",
            "dx 是第二次调用那个 batch 的梯度：反向传播需要的一切都要放在每次调用返回的 cache 里，"
            "而不是放在全局变量或函数属性里",
        )
    assert_close(
        dx,
        _analytic_dx(xa, gamma, dout),
        say("dx from the first call's cache", "用第一次调用的 cache 算出的 dx"),
        hint=hint,
    )


# --------------------------------------------------------------------------- hidden: errors
@case(
    "fewer than 2 values per channel raises ValueError", zh="每个通道少于 2 个值时抛出 ValueError"
)
def test_too_few_values(impl):
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.array([[1.0, 2.0, 3.0]]),
        np.ones(3),
        np.zeros(3),
        what=say("batchnorm_forward on a (1, 3) batch", "(1, 3) batch 上的 batchnorm_forward"),
    )
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.ones((1, 2, 1, 1)),
        np.ones(2),
        np.zeros(2),
        what=say(
            "batchnorm_forward on a (1, 2, 1, 1) batch", "(1, 2, 1, 1) batch 上的 batchnorm_forward"
        ),
    )


@case(
    "gamma or beta of the wrong shape raises ValueError",
    zh="gamma 或 beta 形状错误时抛出 ValueError",
)
def test_bad_affine_shape(impl):
    x = np.arange(12.0).reshape(4, 3)
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        x,
        np.ones(4),
        np.zeros(3),
        what=say(
            "batchnorm_forward with gamma of shape (4,) for 3 channels",
            "3 个通道而 gamma 形状为 (4,) 时的 batchnorm_forward",
        ),
    )
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        x,
        np.ones(3),
        np.zeros(2),
        what=say(
            "batchnorm_forward with beta of shape (2,) for 3 channels",
            "3 个通道而 beta 形状为 (2,) 时的 batchnorm_forward",
        ),
    )


@case("x with fewer than 2 dimensions raises ValueError", zh="x 少于 2 维时抛出 ValueError")
def test_bad_ndim(impl):
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.arange(5.0),
        np.ones(5),
        np.zeros(5),
        what=say("batchnorm_forward on a 1-D x", "x 为一维时的 batchnorm_forward"),
    )


@case(
    "batchnorm_backward rejects a dout of another shape",
    zh="batchnorm_backward 拒绝形状不符的 dout",
)
def test_backward_bad_dout(impl):
    x = np.random.default_rng(RNG_SEED + 9).normal(size=(6, 3))
    _, cache = _forward(impl, x, np.ones(3), np.zeros(3))
    expect_raises(
        ValueError,
        impl.batchnorm_backward,
        np.ones((3, 6)),
        cache,
        what=say(
            "batchnorm_backward(dout of shape (3, 6), cache of a (6, 3) x)",
            "batchnorm_backward(dout, cache)（dout 的形状为 (3, 6)，cache 来自形状为 (6, 3) 的 x）",
        ),
    )


@case("a negative eps raises ValueError", zh="eps 为负时抛出 ValueError")
def test_negative_eps(impl):
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.arange(8.0).reshape(4, 2),
        np.ones(2),
        np.zeros(2),
        -1e-5,
        what="batchnorm_forward(x, gamma, beta, eps=-1e-5)",
    )


# --------------------------------------------------------------------------- probes
def _probe_x(shape, seed):
    return np.random.default_rng(seed).normal(0.5, 2.0, size=shape)


def _probe_forward(impl, shape, eps=1e-9):
    """The output on a random batch; eps is tiny unless the probe is about eps, so that the
    shape probes name an error of the statistics whatever the file does with eps."""
    x = _probe_x(shape, 100 + len(shape))
    channels = shape[1]
    gamma = np.linspace(0.5, 2.0, channels)
    beta = np.linspace(-1.0, 1.0, channels)
    out, _ = impl.batchnorm_forward(x * (0.2 if eps == 1.0 else 1.0), gamma, beta, eps)
    return np.asarray(out, dtype=np.float64)


def _probe_backward(impl, centred):
    """Relative size of dx for a dout constant per channel (dx must be 0: shifting a channel's
    input does not change its output) or equal to (x - mean) + 1 (dx must be ~0 too: neither
    does scaling it)."""
    x = _probe_x((200, 2), 103)
    _, cache = impl.batchnorm_forward(x, np.array([1.5, -0.5]), np.array([0.2, 0.0]))
    dout = x - x.mean(axis=0) + 1 if centred else np.ones_like(x)
    dx = impl.batchnorm_backward(dout, cache)[0]
    return round(float(np.linalg.norm(dx) / np.linalg.norm(dout)), 2)


PROBES = {
    "forward (6, 3)": lambda impl: _probe_forward(impl, (6, 3)),
    "forward (2, 2, 2, 3)": lambda impl: _probe_forward(impl, (2, 2, 2, 3)),
    "forward eps=1": lambda impl: _probe_forward(impl, (4, 3), eps=1.0),
    "backward, constant dout": lambda impl: _probe_backward(impl, centred=False),
    "backward, dout = x - mean + 1": lambda impl: _probe_backward(impl, centred=True),
}


def timing_inputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8192, 256), dtype=np.float32)
    return {"batchnorm_forward": (x, np.ones(256, np.float32), np.zeros(256, np.float32))}
