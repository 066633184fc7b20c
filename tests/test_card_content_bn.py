"""Content checks for cards 7-11 (the BatchNorm family).

Two kinds of checks:

* a vague answer makes no key point (what every card file shares is checked in
  ``test_card_files.py``);
* the claims the cards make, proved numerically with small NumPy models written
  here (independent of ``solutions/``, which has its own tests): the backward
  formula, the identity parameters, folding, the running-variance update, the
  relations between BN, LN, IN and GN, and the recsys pitfalls.
"""

from __future__ import annotations

import numpy as np
import pytest

from quizzer.cards import card_from_data
from quizzer.review.answers import check_typed
from tests.test_card_files import card_data

EPS = 1e-5


def test_a_vague_answer_makes_no_key_point():
    for card_id in ("batchnorm", "bn-inference", "bn-params", "bn-vs-ln", "bn-recsys"):
        card = card_from_data(card_data(card_id))
        for vague in (
            "It normalizes the data so that training is faster.",
            "它对数据做归一化，让训练更快。",
        ):
            assert check_typed(card, vague).hit == (), card_id


# --- small NumPy models of what the cards state ----------------------------------


def _axes(x):
    return (0, *range(2, x.ndim))


def _shape(v, x):
    return v.reshape((1, -1) + (1,) * (x.ndim - 2))


def bn_train(x, gamma, beta, eps=EPS):
    mu = x.mean(axis=_axes(x), keepdims=True)
    var = x.var(axis=_axes(x), keepdims=True)  # biased
    z = (x - mu) / np.sqrt(var + eps)
    return _shape(gamma, x) * z + _shape(beta, x), (z, var)


def bn_backward_compact(dy, z, var, gamma):
    """Card 7's formula: dx = gamma/sqrt(var+eps) * (1/m) * (m dy - sum dy - z sum(dy z))."""
    axes = _axes(dy)
    m = dy.size // dy.shape[1]
    s = dy.sum(axis=axes, keepdims=True)
    sz = (dy * z).sum(axis=axes, keepdims=True)
    return _shape(gamma, dy) / np.sqrt(var + EPS) / m * (m * dy - s - z * sz)


def bn_eval(x, gamma, beta, mean, var, eps=EPS):
    s = gamma / np.sqrt(var + eps)
    return _shape(s, x) * x + _shape(beta - s * mean, x)


def norm_over(x, axes, eps=EPS):
    mu = x.mean(axis=axes, keepdims=True)
    return (x - mu) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)


def group_norm(x, groups, eps=EPS):
    n, c = x.shape[:2]
    g = x.reshape(n, groups, -1)
    return norm_over(g, (2,), eps).reshape(x.shape)


def conv2d(x, w, b):
    """Valid cross-correlation, x (N, I, H, W), w (O, I, kh, kw)."""
    kh, kw = w.shape[2:]
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))
    return np.einsum("nihwab,oiab->nohw", win, w) + b[None, :, None, None]


@pytest.fixture
def rng():
    return np.random.default_rng(7)


# card 7 -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 2, 5)])
def test_card7_backward_formula_matches_finite_differences(rng, shape):
    x = rng.normal(1.0, 2.0, shape)
    gamma, beta = rng.normal(size=shape[1]), rng.normal(size=shape[1])
    w = rng.normal(size=shape)  # loss = sum(w * y)
    _, (z, var) = bn_train(x, gamma, beta)
    dx = bn_backward_compact(w, z, var, gamma)
    num = np.zeros_like(x)
    h = 1e-6
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        num[i] = (
            (w * bn_train(xp, gamma, beta)[0]).sum() - (w * bn_train(xm, gamma, beta)[0]).sum()
        ) / (2 * h)
    np.testing.assert_allclose(dx, num, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dx.sum(axis=_axes(x)), 0.0, atol=1e-10)  # sum_i dx_i = 0
    naive = _shape(gamma, x) * w / np.sqrt(var + EPS)  # statistics treated as constants
    assert not np.allclose(naive, num, atol=1e-3)


def test_card7_normalisation_uses_the_biased_variance(rng):
    x = rng.normal(size=(5, 4))
    y, _ = bn_train(x, np.ones(4), np.zeros(4), eps=0.0)
    np.testing.assert_allclose(y.var(axis=0), 1.0)  # ddof=0 gives exactly 1
    assert not np.allclose(y.var(axis=0, ddof=1), 1.0)


def test_card7_output_ignores_a_preceding_bias_and_weight_scale(rng):
    x = rng.normal(size=(8, 3, 2, 2))
    g, b = rng.normal(size=3), rng.normal(size=3)
    y, _ = bn_train(x, g, b, eps=0.0)
    shifted, _ = bn_train(x + _shape(np.array([3.0, -1.0, 7.0]), x), g, b, eps=0.0)
    scaled, _ = bn_train(5.0 * x, g, b, eps=0.0)
    np.testing.assert_allclose(shifted, y, atol=1e-12)
    np.testing.assert_allclose(scaled, y, atol=1e-12)


# card 8 -----------------------------------------------------------------------


def test_card8_running_variance_takes_the_unbiased_batch_variance(rng):
    batches = [rng.normal(2.0, 3.0, size=(4, 2)) for _ in range(3)]
    mean, var, a = np.zeros(2), np.ones(2), 0.1
    for x in batches:
        mean = (1 - a) * mean + a * x.mean(axis=0)
        var = (1 - a) * var + a * x.var(axis=0) * 4 / 3
    np.testing.assert_allclose(var, _ema([x.var(axis=0, ddof=1) for x in batches], a, 1.0))
    # Keras' momentum is the weight of the old value: Keras 0.9 == PyTorch 0.1
    np.testing.assert_allclose(mean, _ema([x.mean(axis=0) for x in batches], 1 - 0.9, 0.0))


def _ema(values, a, start):
    out = start
    for v in values:
        out = (1 - a) * out + a * v
    return out


def test_card8_paper_formula_equals_the_mean_of_unbiased_batch_variances(rng):
    batches = [rng.normal(size=(5, 3)) for _ in range(4)]
    paper = 5 / 4 * np.mean([x.var(axis=0) for x in batches], axis=0)
    np.testing.assert_allclose(paper, np.mean([x.var(axis=0, ddof=1) for x in batches], axis=0))


def test_card8_eval_bn_is_the_stated_affine_map(rng):
    x = rng.normal(size=(3, 4, 2, 2))
    g, b, mean, var = (
        rng.normal(size=4),
        rng.normal(size=4),
        rng.normal(size=4),
        rng.uniform(0.5, 2, 4),
    )
    expected = _shape(g, x) * (x - _shape(mean, x)) / np.sqrt(_shape(var, x) + EPS) + _shape(b, x)
    np.testing.assert_allclose(bn_eval(x, g, b, mean, var), expected)
    # and a sample's output does not depend on the rest of the batch
    np.testing.assert_allclose(bn_eval(x[:1], g, b, mean, var), bn_eval(x, g, b, mean, var)[:1])


@pytest.mark.parametrize("with_bias", [True, False])
def test_card8_folding_scales_output_channels(rng, with_bias):
    out, inp = 5, 3
    g, b, mean, var = (
        rng.normal(size=out),
        rng.normal(size=out),
        rng.normal(size=out),
        rng.uniform(0.5, 2, out),
    )
    s = g / np.sqrt(var + EPS)
    bias = rng.normal(size=out) if with_bias else np.zeros(out)
    # Linear (out, in)
    W = rng.normal(size=(out, inp))
    x = rng.normal(size=(7, inp))
    ref = bn_eval(x @ W.T + bias, g, b, mean, var)
    np.testing.assert_allclose(x @ (s[:, None] * W).T + s * (bias - mean) + b, ref, atol=1e-12)
    # the distractor: scaling the input axis is a different function (and needs a square W)
    Wsq = rng.normal(size=(out, out))
    xsq = rng.normal(size=(7, out))
    wrong = xsq @ (Wsq * s[None, :]).T + s * (bias - mean) + b
    assert not np.allclose(wrong, bn_eval(xsq @ Wsq.T + bias, g, b, mean, var))
    # Conv (out, in, kh, kw)
    K = rng.normal(size=(out, inp, 3, 2))
    xc = rng.normal(size=(2, inp, 5, 4))
    ref = bn_eval(conv2d(xc, K, bias), g, b, mean, var)
    folded = conv2d(xc, s[:, None, None, None] * K, s * (bias - mean) + b)
    np.testing.assert_allclose(folded, ref, atol=1e-12)


# card 9 -----------------------------------------------------------------------


def test_card9_identity_parameters_switch_bn_off(rng):
    x = rng.normal(3.0, 2.0, size=(6, 4, 3))
    mu, var = x.mean(axis=(0, 2)), x.var(axis=(0, 2))
    y, _ = bn_train(x, np.sqrt(var + EPS), mu)
    np.testing.assert_allclose(y, x, atol=1e-12)
    swapped, _ = bn_train(x, mu, np.sqrt(var + EPS))  # the seed's assignment
    default, _ = bn_train(x, np.ones(4), np.zeros(4))  # the initial values
    assert not np.allclose(swapped, x, atol=1e-3)
    assert not np.allclose(default, x, atol=1e-3)
    # in eval mode the running statistics play that role, for any input
    mean, rvar = rng.normal(size=4), rng.uniform(0.5, 2, 4)
    np.testing.assert_allclose(bn_eval(x, np.sqrt(rvar + EPS), mean, mean, rvar), x, atol=1e-12)


def test_card9_the_bias_before_bn_gets_no_gradient(rng):
    x = rng.normal(size=(6, 3))
    g = rng.normal(size=3)
    _, (z, var) = bn_train(x, g, np.zeros(3))
    dx = bn_backward_compact(rng.normal(size=(6, 3)), z, var, g)
    np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-12)  # d(bias) = sum of dx


# card 10 ----------------------------------------------------------------------


def test_card10_group_norm_limits_and_bn_with_one_sample(rng):
    x = rng.normal(size=(3, 6, 4, 5))
    layer = norm_over(x, (1, 2, 3))
    instance = norm_over(x, (2, 3))
    np.testing.assert_allclose(group_norm(x, 1), layer, atol=1e-12)
    np.testing.assert_allclose(group_norm(x, 6), instance, atol=1e-12)
    assert not np.allclose(group_norm(x, 1), instance)  # not the other way round
    one = x[:1]
    bn_one, _ = bn_train(one, np.ones(6), np.zeros(6))
    np.testing.assert_allclose(bn_one, norm_over(one, (2, 3)), atol=1e-12)  # IN, not LN
    assert not np.allclose(bn_one, norm_over(one, (1, 2, 3)))


def test_card10_ln_ignores_the_rest_of_the_batch_and_bn_does_not(rng):
    x = rng.normal(size=(4, 7, 8))  # (N, T, d)
    ln = norm_over(x, (2,))
    np.testing.assert_allclose(norm_over(x[:1], (2,)), ln[:1])
    bn = norm_over(x.reshape(-1, 8), (0,))
    assert not np.allclose(norm_over(x[:1].reshape(-1, 8), (0,)), bn[:7])


# card 11 ----------------------------------------------------------------------


@pytest.mark.parametrize("value", [2.0, 30.0, 250.0])
def test_card11_a_rare_sparse_value_becomes_sqrt_m_minus_1(value):
    m = 4096
    col = np.zeros((m, 1))
    col[17] = value
    y, _ = bn_train(col, np.ones(1), np.zeros(1))
    np.testing.assert_allclose(y[17, 0], np.sqrt(m - 1), rtol=0.01)
    assert round(float(np.sqrt(m - 1))) == 64


def test_card11_the_blow_up_needs_a_variance_above_eps():
    m = 4096
    col = np.zeros((m, 1))
    col[17] = 0.01  # variance about 2.4e-8, far below eps
    y, _ = bn_train(col, np.ones(1), np.zeros(1))
    assert y[17, 0] < 0.1 * np.sqrt(m - 1)


def test_card11_zero_padding_biases_mean_and_variance(rng):
    real = rng.normal(2.0, 1.5, size=3000)
    p = 0.25
    mixed = np.concatenate([real, np.zeros(1000)])
    mu, var = real.mean(), real.var()
    np.testing.assert_allclose(mixed.mean(), (1 - p) * mu)
    np.testing.assert_allclose(mixed.var(), (1 - p) * var + p * (1 - p) * mu**2)


def masked_bn(x, mask, eps=EPS):
    keep = mask[..., None]
    k = mask.sum()
    mu = np.where(keep, x, 0.0).sum(axis=(0, 1)) / k
    var = np.where(keep, (x - mu) ** 2, 0.0).sum(axis=(0, 1)) / k
    return np.where(keep, (x - mu) / np.sqrt(var + eps), 0.0)


def test_card11_masking_by_multiplication_leaks_nan_and_where_does_not(rng):
    x = rng.normal(size=(3, 5, 2))
    mask = np.ones((3, 5), dtype=bool)
    mask[0, 3:] = mask[2, 1:] = False
    poisoned = x.copy()
    poisoned[~mask] = np.nan
    with np.errstate(invalid="ignore"):
        assert np.isnan((poisoned * mask[..., None]).sum(axis=(0, 1))).all()
    y = masked_bn(poisoned, mask)
    np.testing.assert_allclose(y, masked_bn(x, mask))
    assert (y[~mask] == 0).all()
    np.testing.assert_allclose(
        y[mask], norm_over(x[mask], (0,))
    )  # statistics of real positions only
