"""Classic wrong answers to ``bn-recsys`` (card 11), as runnable variants of the reference."""

from __future__ import annotations

import numpy as np

from quizzer.challenges import reference
from quizzer.suites.base import mistake

CARD = "bn-recsys"


def _validated(x, mask, gamma, beta, eps):
    reference(CARD).masked_batchnorm(x, mask, gamma, beta, eps)  # the same ValueErrors
    return np.asarray(x), np.asarray(mask) != 0


@np.errstate(all="ignore")
def _padding_in_statistics(x, mask, gamma, beta, eps=1e-5):
    """Plain BN over all N*T positions, padding included, then zero the padded outputs."""
    x, m = _validated(x, mask, gamma, beta, eps)
    flat = x.reshape(-1, x.shape[2])
    out = (x - flat.mean(axis=0)) / np.sqrt(flat.var(axis=0) + eps) * gamma + beta
    return np.where(m[..., None], out, 0).astype(x.dtype)


@np.errstate(all="ignore")
def _multiply_by_mask(x, mask, gamma, beta, eps=1e-5):
    """Right statistics as long as the padding is finite: nan * 0 is nan."""
    x, m = _validated(x, mask, gamma, beta, eps)
    w = m[..., None].astype(x.dtype)
    count = w.sum()
    mean = (x * w).sum(axis=(0, 1)) / count
    var = (((x - mean) ** 2) * w).sum(axis=(0, 1)) / count
    out = (x - mean) / np.sqrt(var + eps) * gamma + beta
    return (out * w).astype(x.dtype)


@np.errstate(all="ignore")
def _divide_by_all_positions(x, mask, gamma, beta, eps=1e-5):
    """Sums over the real positions, but divided by N * T."""
    x, m = _validated(x, mask, gamma, beta, eps)
    real = np.where(m[..., None], x, 0.0)
    total = m.size
    mean = real.sum(axis=(0, 1)) / total
    var = np.where(m[..., None], (x - mean) ** 2, 0.0).sum(axis=(0, 1)) / total
    out = (x - mean) / np.sqrt(var + eps) * gamma + beta
    return np.where(m[..., None], out, 0).astype(x.dtype)


@np.errstate(all="ignore")
def _padded_outputs_beta(x, mask, gamma, beta, eps=1e-5):
    """Right statistics, but x_hat is zeroed on the padding before the affine step."""
    x, m = _validated(x, mask, gamma, beta, eps)
    real = x[m]
    x_hat = np.where(m[..., None], (x - real.mean(axis=0)) / np.sqrt(real.var(axis=0) + eps), 0)
    return (x_hat * gamma + beta).astype(x.dtype)


def _mistake(slug, name, en, zh, fn, *, name_zh):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, masked_batchnorm=fn)


MISTAKES = [
    _mistake(
        "padding-in-statistics",
        "counts the padded positions in the batch statistics",
        "Padding is not data: a batch of short sequences padded with zeros would drag every "
        "feature's mean towards 0 and shrink its variance, and the amount depends on how much "
        "padding the batch happens to hold. The statistics must be taken over the real "
        "positions only, x[mask]. This is the source write-up's point that BN does not suit behaviour "
        "sequences as is. See card bn-recsys.",
        "padding 不是数据：用 0 填充的短序列会把每个特征的均值拉向 0、把方差压小，而且影响程度取决于"
        "这个 batch 恰好有多少 padding。统计量只能在真实位置 x[mask] 上计算。这正是原文所说 BN 不能"
        "直接用于行为序列的原因。见卡片 bn-recsys。",
        _padding_in_statistics,
        name_zh="把 padding 位置也算进 batch 统计量",
    ),
    _mistake(
        "nan-leaks-through-multiply",
        "masks by multiplying with the mask, so nan padding leaks (nan * 0 = nan)",
        "Multiplying by a 0/1 mask removes finite padding but not nan or inf: nan * 0 is nan "
        "and inf * 0 is nan, and one nan in the sums makes every output nan. Padding often "
        "holds garbage (uninitialised buffers, log(0) features), so select the real positions "
        "first: x[mask], or np.where(mask[..., None], x, 0). See card bn-recsys.",
        "乘以 0/1 掩码只能去掉有限值的 padding，去不掉 nan 和 inf：nan * 0 是 nan，inf * 0 也是 "
        "nan，求和里只要有一个 nan，所有输出都会变成 nan。padding 里常有垃圾值（未初始化的缓冲区、"
        "log(0) 特征），所以要先选出真实位置：x[mask] 或 np.where(mask[..., None], x, 0)。见卡片 "
        "bn-recsys。",
        _multiply_by_mask,
        name_zh="用乘以掩码的方式屏蔽，padding 中的 nan 会泄漏（nan * 0 = nan）",
    ),
    _mistake(
        "divides-by-all-positions",
        "sums over the real positions but divides by N * T",
        "The masked sums are right, but the mean and the variance are averages over the real "
        "positions, so they divide by their number, mask.sum(), not by N * T; dividing by "
        "N * T shrinks both by the fraction of real positions. See card bn-recsys.",
        "带掩码的求和是对的，但均值和方差是对真实位置的平均，应除以真实位置数 mask.sum()，而不是 "
        "N * T；除以 N * T 会让二者按真实位置所占比例缩小。见卡片 bn-recsys。",
        _divide_by_all_positions,
        name_zh="只对真实位置求和，却除以 N * T",
    ),
    _mistake(
        "padded-outputs-beta",
        "zeroes x_hat on the padding but applies the affine step there, so padding outputs beta",
        "Padded positions must come out exactly 0, so that the layers after BN (and any pooling "
        "over the sequence) see no signal there. Zeroing x_hat and then computing gamma * x_hat "
        "+ beta everywhere writes beta into every padded position. See card bn-recsys.",
        "padding 位置的输出必须恰好为 0，这样 BN 之后的层（以及对序列的池化）在那里看不到任何信号。"
        "先把 x_hat 置零、再对所有位置计算 gamma * x_hat + beta，会在每个 padding 位置写入 beta。"
        "见卡片 bn-recsys。",
        _padded_outputs_beta,
        name_zh="padding 处 x_hat 置零但仍做仿射变换，padding 输出 beta",
    ),
]
