"""Content checks for cards 1-6 (regularization, l1, l2, l1-sparsity, dropout, l1-drawbacks).

Two kinds of checks:

* the contract's formulas stated on the card (what every card file shares is checked
  in ``test_card_files.py``);
* the claims the cards make about penalties and dropout, proved numerically with small
  NumPy models written here (independent of ``solutions/``, which has its own tests).
  The claims about the Lasso itself are in ``test_card_content_lasso.py``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.test_card_files import CJK, card_data

# contract facts (CHALLENGES.md) that the card's answer must state, as written in its LaTeX
STATED = {
    "regularization": [r"(X^T X + \lambda I)^{-1} X^T y"],
    "l1": [r"\lambda\sum_{i} |w_i|", r"\lambda \cdot sign(w_i)"],
    "l2": [
        r"\lambda\|w\|_2^2 = \lambda\sum_{i} w_i^2",
        r"(1 - 2\eta\lambda) \cdot w - \eta\nabla L",
    ],
    "l1-sparsity": [
        r"S_t(z) = sign(z) \cdot max(|z| - t, 0)",
        r"|L'(0)| \le C",
        r"max_j |x_j^T y|/n",
    ],
    "dropout": [r"\frac{1}{1-p}", r"x' = x \odot m", r"\frac{\partial y}{\partial x'} \odot m"],
    "l1-drawbacks": [r"\alpha\rho\|w\|_1 + \frac{1}{2}\alpha(1-\rho)\|w\|_2^2"],
}


@pytest.mark.parametrize("card_id", STATED)
def test_answer_states_the_contract_formulas(card_id):
    answer = card_data(card_id)["answer"]
    for formula in STATED[card_id]:
        assert formula in answer["en"] and formula in answer["zh"], formula


@pytest.mark.parametrize("card_id", STATED)
def test_chinese_answer_has_no_line_break_between_chinese_characters(card_id):
    """Authors keep a Chinese paragraph on one line (the renderer joins them anyway)."""
    answer = card_data(card_id)["answer"]["zh"]
    assert not re.search(f"{CJK}\\**\n[ \t]*\\**{CJK}", answer)


# --- regularization ------------------------------------------------------------


def test_regularization_ridge_is_unique_when_least_squares_is_not():
    rng = np.random.default_rng(0)
    X, y, lam = rng.normal(size=(10, 30)), rng.normal(size=10), 0.5
    assert np.linalg.matrix_rank(X.T @ X) == 10  # p > n: X^T X is singular
    assert np.linalg.eigvalsh(X.T @ X + lam * np.eye(30)).min() >= lam - 1e-9
    w = np.linalg.solve(X.T @ X + lam * np.eye(30), X.T @ y)
    np.testing.assert_allclose(-2 * X.T @ (y - X @ w) + 2 * lam * w, 0, atol=1e-10)


def test_regularization_ridge_is_more_stable_than_least_squares():
    rng = np.random.default_rng(1)
    base = rng.normal(size=(40, 1))
    X = np.hstack([base, base + 1e-3 * rng.normal(size=(40, 1)), rng.normal(size=(40, 1))])
    w_true = np.array([1.0, 1.0, -1.0])
    fits = {0.0: [], 1.0: []}
    for _ in range(50):
        y = X @ w_true + 0.1 * rng.normal(size=40)
        for lam in fits:
            fits[lam].append(np.linalg.solve(X.T @ X + lam * np.eye(3), X.T @ y))
    spread = {lam: np.std(np.array(ws), axis=0).max() for lam, ws in fits.items()}
    assert spread[1.0] < spread[0.0] / 20


def test_regularization_input_noise_is_an_l2_penalty_in_expectation():
    rng = np.random.default_rng(2)
    n, p, sigma = 8, 3, 0.3
    X, y, w = rng.normal(size=(n, p)), rng.normal(size=n), rng.normal(size=p)
    noise = sigma * rng.normal(size=(20_000, n, p))
    losses = ((y - (X + noise) @ w) ** 2).sum(axis=1)
    expected = ((y - X @ w) ** 2).sum() + n * sigma**2 * (w**2).sum()
    assert abs(losses.mean() - expected) < 4 * losses.std() / np.sqrt(len(losses))
    # the mean squared loss gets sigma^2 ||w||^2: the factor n belongs to the summed loss
    means = ((y - (X + noise) @ w) ** 2).mean(axis=1)
    expected_mean = ((y - X @ w) ** 2).mean() + sigma**2 * (w**2).sum()
    assert abs(means.mean() - expected_mean) < 4 * means.std() / np.sqrt(len(means))
    assert abs(means.mean() - (expected_mean + (n - 1) * sigma**2 * (w**2).sum())) > 0.05


def test_regularization_input_noise_names_its_loss():
    for lang in ("en", "zh"):
        answer = card_data("regularization")["answer"][lang]
        assert r"n\sigma^2\|w\|_2^2" in answer and r"$\sigma^2\|w\|_2^2$" in answer
        assert r"\|y - Xw\|_2^2" in answer


def test_regularization_early_stopping_behaves_like_l2():
    """GD on (1/2)||y - Xw||^2 from 0 for t steps ~ ridge with penalty (lam/2)||w||^2, lam = 1/(eta t)."""
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(50, 6)) * np.array([3, 2, 1, 0.5, 0.2, 0.1]), rng.normal(size=50)
    eta = 0.01 / np.linalg.eigvalsh(X.T @ X).max()
    w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
    w, norms = np.zeros(6), []
    for t in range(1, 20_001):
        w = w - eta * X.T @ (X @ w - y)
        norms.append(np.linalg.norm(w))
        if t in (100, 1_000, 20_000):
            ridge = np.linalg.solve(X.T @ X + np.eye(6) / (eta * t), X.T @ y)
            assert np.linalg.norm(w - ridge) <= 0.21 * np.linalg.norm(w_ols)
    assert np.all(np.diff(norms) > 0)  # like lowering lam: the weights grow with t


# --- l1 ------------------------------------------------------------------------


def _numeric_grad(f, w, h=1e-7):
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(len(w))])


def test_l1_pull_has_constant_size_while_l2_fades():
    lam = 0.3
    for scale in (1e-3, 1.0, 100.0):
        w = scale * np.array([1.0, -2.0, 0.5])
        l1 = _numeric_grad(lambda v: lam * np.abs(v).sum(), w)
        l2 = _numeric_grad(lambda v: lam * (v**2).sum(), w)
        np.testing.assert_allclose(l1, lam * np.sign(w), rtol=1e-5)
        np.testing.assert_allclose(l2, 2 * lam * w, rtol=1e-4, atol=1e-9)
    # the L2 pull 2*lam*|w| beats L1's lam only for |w| > 1/2
    assert 2 * lam * 0.4 < lam < 2 * lam * 0.6


def test_l1_subgradient_descent_hovers_while_the_proximal_step_lands_on_zero():
    """min (1/2)(w - z)^2 + lam*|w| with |z| < lam: the minimum is exactly 0."""
    z, lam, eta = 0.3, 0.5, 0.1
    w_sub, w_prox, subs = 1.0, 1.0, []
    for _ in range(2_000):
        w_sub -= eta * ((w_sub - z) + lam * np.sign(w_sub))  # np.sign(0) == 0, like torch
        v = w_prox - eta * (w_prox - z)
        w_prox = np.sign(v) * max(abs(v) - eta * lam, 0.0)
        subs.append(w_sub)
    assert w_prox == 0.0
    last = np.array(subs[-100:])
    assert np.all(last != 0.0) and np.abs(last).max() < eta * lam + eta * abs(z) + 1e-12


def test_l1_frameworks_use_the_minimum_norm_subgradient_at_zero():
    torch = pytest.importorskip("torch")
    w = torch.tensor([-1.5, 0.0, 2.0], requires_grad=True)
    (0.3 * w.abs().sum()).backward()
    assert torch.equal(torch.sign(torch.tensor(0.0)), torch.tensor(0.0))
    np.testing.assert_allclose(w.grad.numpy(), [-0.3, 0.0, 0.3])


def test_l1_is_the_negative_log_of_a_laplace_prior():
    stats = pytest.importorskip("scipy.stats")
    w, b = np.linspace(-3, 3, 13), 0.7
    np.testing.assert_allclose(-stats.laplace.logpdf(w, scale=b), np.abs(w) / b + np.log(2 * b))


def test_l1_zeros_save_memory_only_in_a_sparse_format():
    sparse = pytest.importorskip("scipy.sparse")
    rng = np.random.default_rng(4)
    w = rng.normal(size=(500, 500)) * (rng.random((500, 500)) < 0.05)
    assert w.nbytes == np.ones((500, 500)).nbytes
    csr = sparse.csr_array(w)
    assert csr.data.nbytes + csr.indices.nbytes + csr.indptr.nbytes < w.nbytes / 5


# --- l2 ------------------------------------------------------------------------


def test_l2_weight_decay_is_one_sgd_step_on_the_squared_penalty():
    rng = np.random.default_rng(5)
    w, grad, lr, lam = rng.normal(size=7), rng.normal(size=7), 0.05, 0.01
    penalty_grad = _numeric_grad(lambda v: lam * (v**2).sum(), w)
    np.testing.assert_allclose(
        w - lr * (grad + penalty_grad), (1 - 2 * lr * lam) * w - lr * grad, rtol=1e-7
    )


def test_l2_unsquared_norm_has_a_constant_length_gradient():
    lam = 0.2
    for scale in (1e-2, 1.0, 50.0):
        w = scale * np.array([3.0, -4.0, 1.0])
        g = _numeric_grad(lambda v: lam * np.linalg.norm(v), w)
        np.testing.assert_allclose(g, lam * w / np.linalg.norm(w), rtol=1e-5)
        assert np.isclose(np.linalg.norm(g), lam, rtol=1e-5)


def test_l2_ridge_scales_an_orthonormal_design_and_never_zeroes():
    rng = np.random.default_rng(6)
    X, _ = np.linalg.qr(rng.normal(size=(30, 5)))  # X^T X = I
    y = rng.normal(size=30)
    w_ols = X.T @ y
    for lam in (0.1, 1.0, 100.0):
        w = np.linalg.solve(X.T @ X + lam * np.eye(5), X.T @ y)
        np.testing.assert_allclose(w, w_ols / (1 + lam), rtol=1e-10)
        assert np.all(w != 0.0)


def test_l2_ridge_shrinks_low_variance_directions_most():
    rng = np.random.default_rng(7)
    X, y, lam = rng.normal(size=(40, 4)) * np.array([5.0, 2.0, 1.0, 0.1]), rng.normal(size=40), 1.0
    U, d, Vt = np.linalg.svd(X, full_matrices=False)
    ridge = np.linalg.solve(X.T @ X + lam * np.eye(4), X.T @ y)
    factors = d**2 / (d**2 + lam)
    np.testing.assert_allclose(ridge, Vt.T @ (factors * (U.T @ y) / d), rtol=1e-10)
    assert np.all(np.diff(factors) < 0)  # d is sorted descending: small d, strongest shrinkage


def test_l2_with_correlated_features_a_coefficient_can_grow_or_flip_while_the_norm_falls():
    """Not every weight shrinks in proportion to its size: only the norm and each
    principal direction (factor d^2/(d^2 + lam)) are guaranteed to shrink."""
    rng = np.random.default_rng(0)
    z = rng.normal(size=50)
    X = np.column_stack([z + 0.1 * rng.normal(size=50), z + 0.1 * rng.normal(size=50)])
    y = X @ np.array([3.0, -1.0]) + 0.1 * rng.normal(size=50)
    lams = np.concatenate([[0.0], np.geomspace(1e-3, 1e4, 400)])
    path = np.array([np.linalg.solve(X.T @ X + lam * np.eye(2), X.T @ y) for lam in lams])
    norms = np.linalg.norm(path, axis=1)
    assert np.all(np.diff(norms) < 0)  # the vector always shrinks
    w2 = path[:, 1]
    assert w2[0] < -0.5 and w2.max() > 0.5  # the second coefficient changes sign ...
    assert np.any(np.diff(np.abs(w2)) > 0)  # ... and its size grows along the way
    U, d, Vt = np.linalg.svd(X, full_matrices=False)
    for lam, w in zip(lams, path, strict=True):  # each principal direction: d^2/(d^2 + lam)
        np.testing.assert_allclose(Vt @ w, d**2 / (d**2 + lam) * (Vt @ path[0]), atol=1e-10)


def test_l2_in_adam_one_step_divides_the_penalty_gradient_by_sqrt_v():
    """With Adam, the L2 term 2*lam*w is divided by sqrt(v_hat) like any gradient, so a
    weight with a large gradient history is decayed less; AdamW's decay lr*lam'*w is not."""
    b1, b2, lr, lam, eps = 0.9, 0.999, 1e-2, 0.05, 1e-8
    w = np.array([1.0, 1.0])
    history = np.array([100.0, 0.01])  # same weight, very different gradient histories
    m, v, t = np.zeros(2), history**2, 1000  # v ~ history^2 after a long run
    g_loss = np.zeros(2)

    def step(g, decoupled=0.0):
        m1, v1 = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        m_hat, v_hat = m1 / (1 - b1 ** (t + 1)), v1 / (1 - b2 ** (t + 1))
        return w - lr * (m_hat / (np.sqrt(v_hat) + eps) + decoupled * w), v_hat

    plain, _ = step(g_loss)
    with_l2, v_hat = step(g_loss + 2 * lam * w)  # the penalty's gradient enters v too
    adamw, _ = step(g_loss, decoupled=2 * lam)
    decay_l2, decay_w = plain - with_l2, plain - adamw
    coupled = lr * (1 - b1) / (1 - b1 ** (t + 1)) * 2 * lam * w / (np.sqrt(v_hat) + eps)
    np.testing.assert_allclose(decay_l2, coupled, rtol=1e-9)
    np.testing.assert_allclose(decay_w, lr * 2 * lam * w, rtol=1e-12)  # the same for both
    assert decay_l2[0] < decay_l2[1] / 1000  # heavily-updated weight: barely decayed


def test_l2_ridge_is_the_map_under_a_gaussian_prior():
    optimize = pytest.importorskip("scipy.optimize")
    rng = np.random.default_rng(8)
    X, y, sigma, tau = rng.normal(size=(20, 3)), rng.normal(size=20), 0.5, 0.8

    def neg_log_posterior(w):
        return ((y - X @ w) ** 2).sum() / (2 * sigma**2) + (w**2).sum() / (2 * tau**2)

    w_map = optimize.minimize(
        neg_log_posterior, np.zeros(3), method="BFGS", options={"gtol": 1e-10}
    ).x
    ridge = np.linalg.solve(X.T @ X + sigma**2 / tau**2 * np.eye(3), X.T @ y)
    np.testing.assert_allclose(w_map, ridge, atol=1e-6)


def _adam(w, grad_fn, steps, lr=1e-2, decoupled=0.0, b1=0.9, b2=0.999, eps=1e-8):
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        g = grad_fn(w)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        w = w - lr * (m / (1 - b1**t) / (np.sqrt(v / (1 - b2**t)) + eps) + decoupled * w)
    return w


def test_l2_in_adam_is_not_weight_decay_adamw_is():
    """Same weights, one with a large loss gradient, one with none; measure what the decay removes."""
    w0, g_loss, lam, steps = np.array([1.0, 1.0]), np.array([10.0, 0.0]), 0.05, 50
    plain = _adam(w0, lambda w: g_loss, steps)
    adam_l2 = _adam(w0, lambda w: g_loss + 2 * lam * w, steps)
    adamw = _adam(w0, lambda w: g_loss, steps, decoupled=2 * lam)
    decay_l2, decay_w = plain - adam_l2, plain - adamw
    assert np.all(decay_w > 0)  # AdamW decays both, proportionally to the weight
    assert (
        decay_l2[0] < decay_w[0] / 10
    )  # the large-gradient weight is barely decayed by L2-in-Adam
    assert decay_l2[1] > decay_w[1] * 5  # and the gradient-free weight is decayed far more


def test_l2_pytorch_sgd_weight_decay_is_twice_lambda():
    torch = pytest.importorskip("torch")
    w0, grad, lr, lam = [0.5, -2.0], [0.1, 0.3], 0.1, 0.05
    w = torch.tensor(w0, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr, weight_decay=2 * lam)
    w.grad = torch.tensor(grad)
    opt.step()
    expected = (1 - 2 * lr * lam) * np.array(w0) - lr * np.array(grad)
    np.testing.assert_allclose(w.detach().numpy(), expected, rtol=1e-6)


# --- dropout -------------------------------------------------------------------


def _mask(rng, shape, p, inverted=True):
    keep = rng.random(shape) >= p
    return keep / (1 - p) if inverted else keep.astype(float)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_inverted_keeps_the_mean_but_not_the_variance(p):
    rng = np.random.default_rng(9)
    x = np.array([1.0, -2.0, 0.5, 3.0])
    draws = x * _mask(rng, (200_000, 4), p)
    se = draws.std(axis=0) / np.sqrt(len(draws))
    assert np.all(np.abs(draws.mean(axis=0) - x) < 5 * se)
    np.testing.assert_allclose(draws.var(axis=0), p / (1 - p) * x**2, rtol=0.03)
    vanilla = x * _mask(rng, (200_000, 4), p, inverted=False)
    assert np.all(
        np.abs(vanilla.mean(axis=0) - (1 - p) * x) < 5 * vanilla.std(axis=0) / np.sqrt(2e5)
    )


def test_dropout_backward_is_the_upstream_gradient_times_the_same_mask():
    rng = np.random.default_rng(10)
    x, c, mask = rng.normal(size=6), rng.normal(size=6), _mask(rng, 6, 0.5)
    jacobian = np.array([(x + 1e-6 * e) * mask - (x - 1e-6 * e) * mask for e in np.eye(6)]).T / 2e-6
    np.testing.assert_allclose(jacobian, np.diag(mask), atol=1e-8)
    np.testing.assert_allclose(_numeric_grad(lambda v: c @ (v * mask), x), c * mask, rtol=1e-6)


def test_dropout_on_linear_regression_inputs_is_an_adaptive_l2_penalty():
    """Exact expectation over all 2^d masks of every row."""
    rng = np.random.default_rng(11)
    n, d, p = 5, 4, 0.3
    X, y, w = rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)
    masks = np.array(np.meshgrid(*[[0, 1]] * d)).reshape(d, -1).T  # all 2^d keep patterns
    probs = np.prod(np.where(masks == 1, 1 - p, p), axis=1)
    expected = sum(probs @ (y[i] - (masks * X[i] / (1 - p)) @ w) ** 2 for i in range(n))
    penalty = p / (1 - p) * ((X**2).sum(axis=0) * w**2).sum()
    np.testing.assert_allclose(expected, ((y - X @ w) ** 2).sum() + penalty, rtol=1e-12)


def test_dropout_before_batchnorm_shifts_the_variance():
    rng = np.random.default_rng(12)
    x = rng.normal(loc=1.0, scale=1.0, size=500_000)
    train = x * _mask(rng, x.shape, 0.5)
    assert train.var() > 1.5 * x.var()  # BN's running variance (train) != what it sees at inference


def test_dropout_pytorch_p_is_the_drop_probability():
    torch = pytest.importorskip("torch")
    layer, x = torch.nn.Dropout(p=0.9), torch.ones(100_000)
    out = layer(x)
    assert abs((out == 0).float().mean().item() - 0.9) < 0.01
    assert torch.allclose(out[out != 0], torch.tensor(10.0))
    layer.eval()
    assert torch.equal(layer(x), x)
