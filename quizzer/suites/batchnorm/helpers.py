"""Shared by the ``batchnorm`` tests: the float64 formulas, the classic wrong forwards, checked calls and the gradient check."""

from __future__ import annotations

import numpy as np

from quizzer.cards import Text
from quizzer.suites.base import (
    Failure,
    as_array,
    assert_close,
    expect,
    say,
    unpack,
)

RNG_SEED = 7


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
