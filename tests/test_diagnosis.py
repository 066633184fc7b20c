"""The diagnosis names a catalogued mistake by its own signature, even when the file also
differs from the reference elsewhere, and names nothing for a correct file written
differently.

``test_suites.py`` proves the single-mistake variants; here each catalogued mistake is
combined with an unrelated difference, as a learner's file would be: a different eps
handling, another error in the same function, or a bug in another function.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from quizzer.challenges import CHALLENGES, reference, variant
from quizzer.mistakes import batchnorm as bn_mistakes
from quizzer.mistakes import bn_vs_ln as ln_mistakes
from quizzer.mistakes import dropout as drop_mistakes
from quizzer.mistakes import l1 as l1_mistakes
from quizzer.mistakes import l1_drawbacks as en_mistakes
from quizzer.mistakes import l1_sparsity as lasso_mistakes
from quizzer.mistakes import l2 as l2_mistakes
from quizzer.suites import diagnose, mistakes
from quizzer.suites import signature as signature_of


def _named(challenge, **functions):
    return {m.id for m in diagnose(challenge, variant(challenge, **functions))}


# --------------------------------------------------------------------------- dropout variants
def _keep_probability_p1_right(x, p, rng, training=True):
    """p read as the keep probability, but p = 1 (and p = 0) handled as the contract says."""
    if not 0 <= p <= 1:
        raise ValueError("p")
    x = np.asarray(x)
    if not training or p == 0:
        return x.copy(), np.ones_like(x)
    if p == 1:
        return np.zeros_like(x), np.zeros_like(x)
    keep = rng.random(x.shape) < p
    mask = (keep / p).astype(x.dtype)
    return x * mask, mask


def _no_rescale_float64(x, p, rng, training=True):
    """0/1 mask drawn with rng.random(shape) in float64, so float32 x is promoted too."""
    if not 0 <= p <= 1:
        raise ValueError("p")
    x = np.asarray(x)
    if not training:
        return x.astype(np.float64), np.ones(x.shape)
    mask = (rng.random(x.shape) >= p).astype(np.float64)
    return x * mask, mask


def _no_rescale_no_validation(x, p, rng, training=True):
    x = np.asarray(x)
    if not training:
        return x.copy(), np.ones_like(x)
    mask = (rng.random(x.shape) >= p).astype(x.dtype)
    return x * mask, mask


def _scale_at_test_p1_nan(x, p, rng, training=True):
    """Vanilla dropout, and p = 1 is not special-cased (fine here: no 1/(1-p) in training)."""
    if not 0 <= p <= 1:
        raise ValueError("p")
    x = np.asarray(x)
    if not training:
        return x * (1 - p), np.full(x.shape, 1 - p, dtype=x.dtype)
    mask = (rng.random(x.shape) >= p).astype(x.dtype)
    return x * mask, mask


def _active_in_eval_global_rng(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p")
    x = np.asarray(x)
    if p == 1:
        return np.zeros_like(x), np.zeros_like(x)
    mask = ((np.random.random(x.shape) >= p) / (1 - p)).astype(x.dtype)
    return x * mask, mask


def _nan_at_p_one_shared_mask(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p")
    x = np.asarray(x)
    if not training or p == 0:
        return x.copy(), np.ones_like(x)
    with np.errstate(all="ignore"):
        row = (rng.random(x.shape[-1]) >= p) * (1 / (1 - np.float64(p)))
        mask = np.broadcast_to(row, x.shape).astype(x.dtype)
    return x * mask, mask


def _bool_mask_in_place(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p")
    if not training or p == 0:
        return x, np.ones(x.shape, bool)
    if p == 1:
        x *= 0
        return x, np.zeros(x.shape, bool)
    keep = rng.random(x.shape) >= p
    x *= keep / (1 - p)
    return x, keep


DROPOUT = [
    ({"dropout_forward": _keep_probability_p1_right}, {"dropout-keep-probability"}),
    ({"dropout_forward": _no_rescale_float64}, {"dropout-no-rescale", "dropout-float64-mask"}),
    (
        {"dropout_forward": _no_rescale_no_validation},
        {"dropout-no-rescale", "dropout-no-validation"},
    ),
    ({"dropout_forward": _scale_at_test_p1_nan}, {"dropout-scale-at-test"}),
    (
        {"dropout_forward": _active_in_eval_global_rng},
        {"dropout-active-in-eval", "dropout-global-rng"},
    ),
    (
        {"dropout_forward": _nan_at_p_one_shared_mask},
        {"dropout-nan-at-p-one", "dropout-shared-mask"},
    ),
    ({"dropout_forward": _bool_mask_in_place}, {"dropout-bool-mask", "dropout-in-place"}),
    (
        {
            "dropout_forward": _keep_probability_p1_right,
            "dropout_backward": drop_mistakes.backward_unscaled,
        },
        {"dropout-keep-probability", "dropout-backward-unscaled"},
    ),
]


# --------------------------------------------------------------------------- regression
def _ridge_half_lam_no_validation(X, y, lam):
    X, y = np.asarray(X, float), np.asarray(y, float)
    return np.linalg.solve(X.T @ X + lam / 2 * np.eye(X.shape[1]), X.T @ y)


def _ridge_n_scaled_lstsq(X, y, lam):
    """(1/n)||y - Xw||^2 + lam||w||^2 solved as an augmented least-squares problem."""
    if lam < 0:
        raise ValueError("lam")
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, d = X.shape
    A = np.vstack([X, np.sqrt(n * lam) * np.eye(d)])
    return np.linalg.lstsq(A, np.concatenate([y, np.zeros(d)]), rcond=None)[0]


def _ridge_lam_everywhere_no_validation(X, y, lam):
    X, y = np.asarray(X, float), np.asarray(y, float)
    return np.linalg.solve(X.T @ X + lam, X.T @ y)


def _ridge_penalty_ignored_pinv(X, y, lam):
    return np.linalg.pinv(np.asarray(X, float)) @ np.asarray(y, float)


def _l1_abs_of_sum_no_validation(w, lam):
    return float(lam * np.abs(np.sum(w)))


def _subgradient_plus_minus_no_validation(w, lam):
    return np.where(np.asarray(w) < 0, -lam, lam).astype(float)


def _subgradient_without_lam_float32(w, lam):
    if lam < 0:
        raise ValueError("lam")
    return np.sign(np.asarray(w, np.float32))


def _decay_wrong_sign_in_place(w, grad, lr, lam):
    w += lr * (2 * lam * w - np.asarray(grad))
    return w


def _elastic_unsquared_float32(w, lam1, lam2):
    w = np.asarray(w, np.float32)
    return np.float32(lam1 * np.abs(w).sum() + lam2 * np.sqrt((w * w).sum()))


def _soft_no_sign_no_validation(w, t):
    return np.clip(np.abs(np.asarray(w, float)) - t, 0.0, None)


def _enet_l2_dropped_by_subgradient(X, y, alpha, l1_ratio):
    return en_mistakes.subgradient_descent(X, y, alpha * l1_ratio, 1.0)


def _enet_no_half_as_list(X, y, alpha, l1_ratio):
    """The L2 term without its 0.5 (alpha' = alpha(2 - l1_ratio)), returned as a list."""
    strength = alpha * (2 - l1_ratio)
    w = reference("l1-drawbacks").elastic_net(X, y, strength, alpha * l1_ratio / strength)
    return w.tolist()


def _l1_squared_float32(w, lam):
    """The squared entries (that is L2), returned as float32 and without validation."""
    return np.float32(lam * np.sum(np.square(w)))


def _l1_mean_no_validation(w, lam):
    return float(lam * np.mean(np.abs(w)))


def _subgradient_no_validation(w, lam):
    return lam * np.sign(np.asarray(w, float))


def _subgradient_nan_written_differently(w, lam):
    w = np.asarray(w, float)
    return np.where(w == 0, np.nan, lam * np.sign(w))


def _l2_no_square_float32(w, lam):
    return np.float32(lam * np.sqrt(np.sum(np.square(w))))


def _decay_lr_lam_in_place(w, grad, lr, lam):
    w *= 1 - lr * lam
    w -= lr * np.asarray(grad)
    return w


def _elastic_half_l2_no_validation(w, lam1, lam2):
    w = np.asarray(w, float)
    return float(lam1 * np.abs(w).sum() + lam2 / 2 * (w**2).sum())


def _lasso_no_1_over_n_by_subgradient(X, y, alpha):
    """The objective without 1/n, minimised by subgradient descent: no exact zeros either."""
    return lasso_mistakes.subgradient_descent(X, y, alpha / np.shape(X)[0])


def _lasso_no_half_ista(X, y, alpha):
    """(1/n)||y - Xw||^2 + alpha||w||_1 by ISTA to high precision, written differently."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, d = X.shape
    gram, corr = X.T @ X / n, X.T @ y / n
    step = 1 / np.linalg.eigvalsh(gram)[-1]
    w = np.zeros(d)
    for _ in range(20_000):
        z = w - step * (gram @ w - corr)
        w = np.sign(z) * np.maximum(np.abs(z) - step * alpha / 2, 0.0)
    return w


def _soft_no_clip_float32(w, t):
    w = np.asarray(w, np.float32)
    return w - np.float32(t) * np.sign(w)


def _hard_threshold_no_validation(w, t):
    w = np.asarray(w, float)
    return np.where(np.abs(w) > t, w, 0.0)


def _enet_ratio_swapped_by_subgradient(X, y, alpha, l1_ratio):
    return en_mistakes.subgradient_descent(X, y, alpha, 1 - l1_ratio)


def _enet_no_1_over_n_by_subgradient(X, y, alpha, l1_ratio):
    return en_mistakes.subgradient_descent(X, y, alpha / np.shape(X)[0], l1_ratio)


REGRESSION = [
    (
        "regularization",
        {"ridge_fit": _ridge_half_lam_no_validation},
        {"regularization-half-lam", "regularization-no-validation"},
    ),  # noqa: E501
    ("regularization", {"ridge_fit": _ridge_n_scaled_lstsq}, {"regularization-n-scaled"}),
    (
        "regularization",
        {"ridge_fit": _ridge_lam_everywhere_no_validation},
        {"regularization-lam-everywhere", "regularization-no-validation"},
    ),
    (
        "regularization",
        {"ridge_fit": _ridge_penalty_ignored_pinv},
        {"regularization-penalty-ignored"},
    ),
    (
        "l1",
        {
            "l1_penalty": _l1_abs_of_sum_no_validation,
            "l1_subgradient": _subgradient_plus_minus_no_validation,
        },
        {"l1-abs-of-sum", "l1-plus-minus-lam-at-zero", "l1-no-validation"},
    ),
    ("l1", {"l1_subgradient": _subgradient_without_lam_float32}, {"l1-subgradient-without-lam"}),
    (
        "l2",
        {"weight_decay_step": _decay_wrong_sign_in_place},
        {"l2-decay-wrong-sign", "l2-decay-in-place"},
    ),
    ("l2", {"elastic_net_penalty": _elastic_unsquared_float32}, {"l2-elastic-unsquared"}),
    ("l1-sparsity", {"soft_threshold": _soft_no_sign_no_validation}, {"l1-sparsity-no-sign"}),
    (
        "l1-sparsity",
        {"lasso": lasso_mistakes.ista_unscaled_threshold, "soft_threshold": _soft_no_clip_float32},
        {"l1-sparsity-ista-unscaled-threshold", "l1-sparsity-no-clip"},
    ),
    (
        "l1-drawbacks",
        {"elastic_net": _enet_l2_dropped_by_subgradient},
        {"l1-drawbacks-l2-dropped", "l1-drawbacks-subgradient-descent"},
    ),
    ("l1-drawbacks", {"elastic_net": _enet_no_half_as_list}, {"l1-drawbacks-no-half"}),
    ("l1", {"l1_penalty": _l1_squared_float32}, {"l1-squared"}),
    (
        "l1",
        {"l1_penalty": _l1_mean_no_validation, "l1_subgradient": _subgradient_no_validation},
        {"l1-mean", "l1-no-validation"},
    ),
    (
        "l1",
        {
            "l1_subgradient": _subgradient_nan_written_differently,
            "l1_penalty": l1_mistakes.penalty_mean,
        },
        {"l1-nan-at-zero", "l1-mean"},
    ),
    ("l2", {"l2_penalty": _l2_no_square_float32}, {"l2-no-square"}),
    ("l2", {"weight_decay_step": _decay_lr_lam_in_place}, {"l2-decay-lr-lam", "l2-decay-in-place"}),
    ("l2", {"elastic_net_penalty": _elastic_half_l2_no_validation}, {"l2-elastic-half-l2"}),
    (
        "l2",
        {
            "l2_penalty": l2_mistakes.penalty_half,
            "l2_gradient": l2_mistakes.gradient_without_two,
        },
        {"l2-half", "l2-gradient-no-2"},
    ),
    (
        "l1-sparsity",
        {"lasso": _lasso_no_1_over_n_by_subgradient},
        {"l1-sparsity-no-1-over-n", "l1-sparsity-subgradient-descent"},
    ),
    ("l1-sparsity", {"lasso": _lasso_no_half_ista}, {"l1-sparsity-no-half"}),
    ("l1-sparsity", {"soft_threshold": _soft_no_clip_float32}, {"l1-sparsity-no-clip"}),
    (
        "l1-sparsity",
        {"soft_threshold": _hard_threshold_no_validation, "lasso": lasso_mistakes.missing_half},
        {"l1-sparsity-hard-threshold", "l1-sparsity-no-half"},
    ),
    (
        "l1-drawbacks",
        {"elastic_net": _enet_ratio_swapped_by_subgradient},
        {"l1-drawbacks-ratio-swapped", "l1-drawbacks-subgradient-descent"},
    ),
    (
        "l1-drawbacks",
        {"elastic_net": _enet_no_1_over_n_by_subgradient},
        {"l1-drawbacks-no-1-over-n", "l1-drawbacks-subgradient-descent"},
    ),
]


# --------------------------------------------------------------------------- normalisation
def _bn(**switches):
    return bn_mistakes._batchnorm(**switches)


def _update_both(running_mean, running_var, x, momentum=0.1):
    """Momentum flipped AND the biased variance."""
    x = np.asarray(x)
    mean = momentum * np.asarray(running_mean) + (1 - momentum) * x.mean(axis=0)
    var = momentum * np.asarray(running_var) + (1 - momentum) * x.var(axis=0)
    return mean, var


def _update_biased_mean_wrong(running_mean, running_var, x, momentum=0.1):
    """The biased variance, and the running mean is replaced by the batch mean."""
    x = np.asarray(x)
    var = (1 - momentum) * np.asarray(running_var) + momentum * x.var(axis=0)
    return x.mean(axis=0), var


def _fold(*errors):
    def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
        W = np.asarray(W, float)
        b = np.zeros(W.shape[0]) if b is None else np.asarray(b, float)
        var = np.asarray(running_var)
        scale = np.asarray(gamma) / np.sqrt(var if "no-eps" in errors else var + eps)
        if "input-axis" in errors:
            Wf = W * scale.reshape((1, -1) + (1,) * (W.ndim - 2))
        else:
            Wf = W * scale.reshape((-1,) + (1,) * (W.ndim - 1))
        mean = 0.0 if "no-mean-shift" in errors else np.asarray(running_mean)
        bias = b if "bias-not-scaled" in errors else b * scale
        return Wf, bias - mean * scale + np.asarray(beta)

    return fold_batchnorm


def _eval_batch_stats_no_eps(x, gamma, beta, running_mean, running_var, eps=1e-5):
    x = np.asarray(x)
    return (x - x.mean(axis=0)) / x.std(axis=0) * gamma + beta


def _params_variance_no_eps(x, eps=1e-5):
    x = np.asarray(x)
    return x.var(axis=0), x.mean(axis=0)


def _params_unbiased_eps_outside(x, eps=1e-5):
    x = np.asarray(x)
    return x.std(axis=0, ddof=1) + eps, x.mean(axis=0)


def _params_swapped_eps_outside(x, eps=1e-5):
    x = np.asarray(x)
    return x.mean(axis=0), x.std(axis=0) + eps


def _params_no_eps_as_lists(x, eps=1e-5):
    x = np.asarray(x)
    return list(x.std(axis=0)), list(x.mean(axis=0))


def _ln_unbiased_eps_outside(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, float)
    centred = x - x.mean(axis=-1, keepdims=True)
    return centred / (x.std(axis=-1, ddof=1, keepdims=True) + eps) * gamma + beta


def _ln_batch_axis_eps_outside(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, float)
    return (x - x.mean(axis=0)) / (x.std(axis=0) + eps) * gamma + beta


def _in_over_channels_eps_outside(x, eps=1e-5):
    x = np.asarray(x, float)
    axes = tuple(range(1, x.ndim))
    return (x - x.mean(axis=axes, keepdims=True)) / (x.std(axis=axes, keepdims=True) + eps)


def _in_over_batch_float64(x, eps=1e-5):
    """BatchNorm's statistics, and float32 input comes back as float64."""
    x = np.asarray(x, np.float64)
    axes = (0, *range(2, x.ndim))
    return (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)


def _ln_all_feature_axes_eps_outside(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, float)
    axes = tuple(range(1, x.ndim))
    return (x - x.mean(axis=axes, keepdims=True)) / (x.std(axis=axes, keepdims=True) + eps) * (
        gamma
    ) + beta


@np.errstate(all="ignore")
def _masked_beta_and_all_positions(x, mask, gamma, beta, eps=1e-5):
    """Divides by N * T, and leaves beta on the padded outputs."""
    x = np.asarray(x, float)
    m = np.asarray(mask, bool)[..., None]
    real = np.where(m, x, 0.0)
    mean = real.sum(axis=(0, 1)) / m[..., 0].size
    var = np.where(m, (x - mean) ** 2, 0.0).sum(axis=(0, 1)) / m[..., 0].size
    x_hat = np.where(m, (x - mean) / np.sqrt(var + eps), 0.0)
    return x_hat * gamma + beta


@np.errstate(all="ignore")
def _masked_nan_leak_eps_outside(x, mask, gamma, beta, eps=1e-5):
    """Multiplies by the mask (nan * 0 = nan), and eps outside the square root."""
    x = np.asarray(x, float)
    w = np.asarray(mask, float)[..., None]
    mean = (x * w).sum(axis=(0, 1)) / w.sum()
    std = np.sqrt((((x - mean) ** 2) * w).sum(axis=(0, 1)) / w.sum())
    return ((x - mean) / (std + eps) * gamma + beta) * w


@np.errstate(all="ignore")
def _masked_padding_in_stats_eps_outside(x, mask, gamma, beta, eps=1e-5):
    x = np.asarray(x, float)
    m = np.asarray(mask, bool)[..., None]
    flat = x.reshape(-1, x.shape[2])
    out = (x - flat.mean(axis=0)) / (flat.std(axis=0) + eps) * gamma + beta
    return np.where(m, out, 0.0)


NORMS = [
    (
        "batchnorm",
        _bn(eps_mode="none", backward="no-variance-path"),
        {"batchnorm-eps-dropped", "batchnorm-backward-no-variance-path"},
    ),
    ("batchnorm", _bn(ddof=1, eps_mode="outside"), {"batchnorm-unbiased-variance"}),
    ("batchnorm", _bn(ddof=1, eps_mode="none"), {"batchnorm-unbiased-variance"}),
    ("batchnorm", _bn(stats="axis-0", eps_mode="outside"), {"batchnorm-spatial-axes-ignored"}),
    ("batchnorm", _bn(swap=True, eps_mode="outside"), {"batchnorm-gamma-beta-swapped"}),
    ("batchnorm", _bn(stats="per-sample", eps_mode="none"), {"batchnorm-per-sample-statistics"}),
    (
        "batchnorm",
        _bn(ddof=1, backward="no-variance-path"),
        {"batchnorm-unbiased-variance", "batchnorm-backward-no-variance-path"},
    ),
    (
        "batchnorm",
        _bn(eps_mode="outside", backward="constants"),
        {"batchnorm-eps-outside-sqrt", "batchnorm-backward-constant-statistics"},
    ),
    (
        "bn-inference",
        {"update_running_stats": _update_both},
        {"bn-inference-momentum-flipped", "bn-inference-running-var-biased"},
    ),
    (
        "bn-inference",
        {"update_running_stats": _update_biased_mean_wrong},
        {"bn-inference-running-var-biased"},
    ),
    (
        "bn-inference",
        {"fold_batchnorm": _fold("no-mean-shift", "no-eps")},
        {"bn-inference-fold-no-mean-shift", "bn-inference-fold-no-eps"},
    ),
    (
        "bn-inference",
        {"fold_batchnorm": _fold("input-axis", "bias-not-scaled")},
        {"bn-inference-fold-input-axis", "bn-inference-fold-bias-not-scaled"},
    ),
    (
        "bn-inference",
        {"fold_batchnorm": _fold("input-axis", "no-eps")},
        {"bn-inference-fold-input-axis", "bn-inference-fold-no-eps"},
    ),
    (
        "bn-inference",
        {"batchnorm_inference": _eval_batch_stats_no_eps},
        {"bn-inference-eval-batch-statistics"},
    ),
    (
        "bn-params",
        {"bn_identity_params": _params_variance_no_eps},
        {"bn-params-variance-not-std"},
    ),
    (
        "bn-params",
        {"bn_identity_params": _params_unbiased_eps_outside},
        {"bn-params-unbiased-std"},
    ),
    ("bn-params", {"bn_identity_params": _params_no_eps_as_lists}, {"bn-params-std-without-eps"}),
    (
        "bn-params",
        {"bn_identity_params": _params_swapped_eps_outside},
        {"bn-params-gamma-beta-swapped"},
    ),
    ("bn-vs-ln", {"instance_norm": _in_over_batch_float64}, {"bn-vs-ln-instance-norm-over-batch"}),
    (
        "bn-vs-ln",
        {"layer_norm": _ln_all_feature_axes_eps_outside},
        {"bn-vs-ln-layer-norm-all-feature-axes"},
    ),
    (
        "bn-recsys",
        {"masked_batchnorm": _masked_nan_leak_eps_outside},
        {"bn-recsys-nan-leaks-through-multiply"},
    ),
    (
        "bn-vs-ln",
        {"layer_norm": _ln_unbiased_eps_outside},
        {"bn-vs-ln-layer-norm-unbiased-variance"},
    ),
    ("bn-vs-ln", {"layer_norm": _ln_batch_axis_eps_outside}, {"bn-vs-ln-layer-norm-batch-axis"}),
    (
        "bn-vs-ln",
        {
            "instance_norm": _in_over_channels_eps_outside,
            "group_norm": ln_mistakes._strided_group_norm,
        },
        {"bn-vs-ln-instance-norm-over-channels", "bn-vs-ln-group-norm-strided-groups"},
    ),
    (
        "bn-recsys",
        {"masked_batchnorm": _masked_beta_and_all_positions},
        {"bn-recsys-divides-by-all-positions", "bn-recsys-padded-outputs-beta"},
    ),
    (
        "bn-recsys",
        {"masked_batchnorm": _masked_padding_in_stats_eps_outside},
        {"bn-recsys-padding-in-statistics"},
    ),
]

COMBINED = (
    [("dropout", f, want) for f, want in DROPOUT]
    + REGRESSION
    + [(c, f if isinstance(f, dict) else f, want) for c, f, want in NORMS]
)


@pytest.mark.parametrize(
    ("challenge", "functions", "expected"),
    COMBINED,
    ids=[f"{c}:{'+'.join(sorted(w))}" for c, _, w in COMBINED],
)
def test_a_mistake_is_named_despite_an_unrelated_difference(challenge, functions, expected):
    found = _named(challenge, **functions)
    assert expected <= found, f"expected {sorted(expected)} among {sorted(found)}"


def test_every_catalogued_mistake_is_combined_with_something_else_somewhere():
    combined = set().union(*(want for _, _, want in COMBINED))
    catalogue = {m.id for c in CHALLENGES for m in mistakes(c)}
    assert combined == catalogue, sorted(catalogue - combined)


def _pairs():
    for challenge in CHALLENGES:
        for a, b in itertools.combinations(mistakes(challenge), 2):
            if not set(a.functions) & set(b.functions):
                yield challenge, a, b


@pytest.mark.parametrize(("challenge", "a", "b"), list(_pairs()), ids=lambda v: getattr(v, "id", v))
def test_mistakes_in_two_functions_are_both_named(challenge, a, b):
    assert {a.id, b.id} <= _named(challenge, **a.functions, **b.functions)


@pytest.mark.parametrize("challenge", list(CHALLENGES))
def test_each_signature_tells_its_mistake_from_the_reference_and_from_the_others(challenge):
    """Every signature probe differs from the reference (so a correct file matches none), and
    no other catalogued mistake matches a signature unless its own is larger (more specific)."""
    from quizzer.suites import _catalogue_features, _same

    ref, catalogue = _catalogue_features(challenge)
    for m, feats in catalogue:
        keys = signature_of(challenge, m)
        assert keys, f"{m.id}: empty signature"
        for k in keys:
            assert not _same(feats[k], ref[k]), (
                f"{m.id}: signature probe {k!r} equals the reference"
            )
        for other, other_feats in catalogue:
            if other is m or not all(_same(other_feats[k], feats[k]) for k in keys):
                continue
            assert set(keys) < set(signature_of(challenge, other)), (
                f"{other.id} also matches the signature of {m.id} ({keys})"
            )


# --------------------------------------------------------------------------- no false naming
def _dropout_written_differently(x, p, rng, training=True):
    if isinstance(p, bool) or not 0 <= float(p) <= 1:
        raise ValueError("p must lie in [0, 1]")
    x = np.asarray(x)
    dt = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    if not training or p == 0:
        return np.array(x, dtype=dt), np.ones(x.shape, dt)
    if p == 1:
        return np.zeros(x.shape, dt), np.zeros(x.shape, dt)
    keep = rng.binomial(1, 1 - p, size=x.shape).astype(dt)
    mask = keep * dt.type(1 / (1 - p))
    return x * mask, mask


def _bn_inference_written_differently(x, gamma, beta, running_mean, running_var, eps=1e-5):
    x = np.asarray(x)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    inv = 1 / np.sqrt(np.asarray(running_var) + eps)
    a = np.reshape(np.asarray(gamma) * inv, shape)
    c = np.reshape(np.asarray(beta) - np.asarray(running_mean) * np.asarray(gamma) * inv, shape)
    return (x * a + c).astype(x.dtype)


@pytest.mark.parametrize(
    ("challenge", "functions"),
    [
        ("dropout", {"dropout_forward": _dropout_written_differently}),
        ("bn-inference", {"batchnorm_inference": _bn_inference_written_differently}),
    ],
)
def test_a_correct_file_written_differently_names_nothing(challenge, functions):
    assert _named(challenge, **functions) == set()


def test_a_wrong_file_with_no_catalogued_mistake_names_nothing():
    """Every value off by a factor no mistake has: nothing is named (better than a wrong name)."""

    def l1_penalty(w, lam):
        return 3.0 * lam * float(np.abs(w).sum())

    assert _named("l1", l1_penalty=l1_penalty) == set()
    assert reference("l1")  # the reference itself is untouched


KEEP_PROBABILITY_FILE = """
import numpy as np


def dropout_forward(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p must lie in [0, 1]")
    x = np.asarray(x)
    if not training or p == 0:
        return x.copy(), np.ones_like(x)
    if p == 1:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (rng.random(x.shape) < p) / p  # p read as the probability to keep
    return x * mask.astype(x.dtype), mask.astype(x.dtype)


def dropout_backward(dout, mask):
    if np.shape(dout) != np.shape(mask):
        raise ValueError("shapes differ")
    return dout * mask
"""


def test_a_learners_file_with_the_mistake_and_p_1_right_is_named_through_the_sandbox(tmp_path):
    from quizzer.grading.runner import grade_submission

    path = tmp_path / "dropout.py"
    path.write_text(KEEP_PROBABILITY_FILE)
    report = grade_submission(path, "dropout", timing=False)
    assert not report.passed
    assert [f.mistake for f in report.diagnosis] == ["dropout-keep-probability"]


# --------------------------------------------------------------------------- shared probe calls
def test_probes_of_the_same_call_share_it():
    """Diagnosis calls ``dropout_forward`` once per distinct input: the probes reading the
    mean of ``out`` and the drop rate of ``mask`` share one call, yet the probe that
    compares two calls with the same seed still makes both."""
    ref = reference("dropout")
    calls = []

    def counted(x, p, rng, training=True):
        calls.append((np.shape(x), p, training))
        return ref.dropout_forward(x, p, rng, training=training)

    assert diagnose("dropout", variant("dropout", dropout_forward=counted)) == []
    assert len(calls) == len(set(calls)) + 1  # only the same-seed pair repeats
    assert calls.count(((30, 30), 0.5, True)) == 2


def test_shared_calls_share_failures_and_only_inside_a_pass():
    from quizzer.suites.sharing import shared, sharing

    made = []

    def boom():
        made.append(1)
        raise ValueError("bad p")

    with sharing():
        for _ in range(3):
            with pytest.raises(ValueError, match="bad p"):
                shared(("k",), boom)
    assert made == [1]
    assert [shared(("k",), lambda: len(made)) for _ in range(2)] == [1, 1]  # outside: each time
    made.clear()
    with sharing():
        assert shared(("k",), lambda: made.append(1) or len(made)) == 1
    with sharing():  # a new pass starts empty
        assert shared(("k",), lambda: made.append(1) or len(made)) == 2
