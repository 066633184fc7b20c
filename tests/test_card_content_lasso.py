"""Claims of cards 4 (l1-sparsity) and 6 (l1-drawbacks), proved numerically.

Small models written here, independent of ``solutions/``: soft thresholding, the 1-D
condition |L'(0)| <= C, the orthonormal closed forms, the all-zero threshold, the
Lagrangian picture, MAP versus posterior mean, and the Lasso's limits (n-feature cap,
correlated features, bias, scale and rotation) with the elastic net as the fix.
scikit-learn (a dev dependency) is the independent solver where one is needed.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.test_card_files import card_data


def soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def _sklearn():
    return pytest.importorskip("sklearn.linear_model")


def _lasso(X, y, alpha):
    model = _sklearn().Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000)
    return model.fit(X, y).coef_


def _enet(X, y, alpha, rho):
    model = _sklearn().ElasticNet(
        alpha=alpha, l1_ratio=rho, fit_intercept=False, tol=1e-12, max_iter=100_000
    )
    return model.fit(X, y).coef_


def _orthonormal(rng, n, p):
    q, _ = np.linalg.qr(rng.normal(size=(n, p)))
    return np.sqrt(n) * q  # X^T X / n = I


# --- l1-sparsity ---------------------------------------------------------------


def test_l1_sparsity_soft_threshold_is_the_prox_of_t_abs():
    grid = np.linspace(-4, 4, 80_001)
    for t in (0.0, 0.5, 1.5):
        for z in (-3.0, -1.5, -0.2, 0.0, 0.7, 1.5, 2.5):
            brute = grid[np.argmin(0.5 * (grid - z) ** 2 + t * np.abs(grid))]
            assert abs(soft(z, t) - brute) <= 1e-4
            assert (soft(z, t) == 0.0) == (abs(z) <= t)  # exact zeros, equality included


def test_l1_sparsity_the_l2_prox_only_scales():
    grid = np.linspace(-4, 4, 80_001)
    for t in (0.5, 3.0, 50.0):
        for z in (-2.0, 0.3, 1.7):
            brute = grid[np.argmin(0.5 * (grid - z) ** 2 + t / 2 * grid**2)]
            assert abs(z / (1 + t) - brute) <= 1e-4 and z / (1 + t) != 0.0


@pytest.mark.parametrize("a, b", [(2.0, 0.3), (-1.0, 1.2), (0.5, -0.8)])
def test_l1_sparsity_minimum_of_l_plus_c_abs_is_zero_iff_derivative_at_zero_within_c(a, b):
    """L(w) = log(1 + exp(a w)) - b w (convex, not quadratic); L'(0) = a/2 - b."""
    grid = np.linspace(-5, 5, 200_001)
    loss = np.logaddexp(0.0, a * grid) - b * grid
    d0 = abs(a / 2 - b)
    for c in (0.8 * d0, 1.25 * d0):
        w_star = grid[np.argmin(loss + c * np.abs(grid))]
        assert (abs(w_star) < 1e-9) == (d0 <= c)
        assert abs(grid[np.argmin(loss + c * grid**2)]) > 1e-3  # L2 only shrinks: L'(0) != 0


def test_l1_sparsity_orthonormal_lasso_soft_thresholds_and_ridge_scales():
    rng = np.random.default_rng(0)
    n, p = 60, 8
    X = _orthonormal(rng, n, p)
    y = X @ np.array([3.0, -2.0, 0.5, 0.1, 0.0, 0.0, -0.3, 1.0]) + 0.1 * rng.normal(size=n)
    w_ols = X.T @ y / n
    for alpha in (0.05, 0.4, 1.0):
        w = _lasso(X, y, alpha)
        np.testing.assert_allclose(w, soft(w_ols, alpha), atol=1e-9)
        assert np.array_equal(w == 0.0, np.abs(w_ols) <= alpha)
        ridge = np.linalg.solve(X.T @ X / n + alpha * np.eye(p), X.T @ y / n)  # (alpha/2)||w||^2
        np.testing.assert_allclose(ridge, w_ols / (1 + alpha), rtol=1e-10)
        assert np.all(ridge != 0.0)


def test_l1_sparsity_kkt_and_the_all_zero_threshold():
    rng = np.random.default_rng(1)
    n, p = 80, 30
    X, y = rng.normal(size=(n, p)), rng.normal(size=n)
    alpha_max = np.abs(X.T @ y).max() / n
    assert np.all(_lasso(X, y, alpha_max * 1.0001) == 0.0)
    assert np.any(_lasso(X, y, alpha_max * 0.99) != 0.0)
    alpha = 0.2 * alpha_max
    w = _lasso(X, y, alpha)
    corr = X.T @ (y - X @ w) / n
    nz = w != 0.0
    assert 0 < nz.sum() < p
    np.testing.assert_allclose(corr[nz], alpha * np.sign(w[nz]), atol=1e-8)
    assert np.all(np.abs(corr[~nz]) <= alpha + 1e-8)
    # a strict inequality implies w_j = 0 ...
    assert np.all(w[np.abs(corr) < alpha - 1e-6] == 0.0)
    # ... but "w_j = 0 whenever |corr_j| <= alpha" is the converse, and false: every
    # feature satisfies the bound, the non-zero ones with equality
    assert np.all(np.abs(corr) <= alpha + 1e-8) and np.any(w != 0.0)


def test_l1_sparsity_card_states_kkt_in_the_right_direction():
    for lang in ("en", "zh"):
        answer = card_data("l1-sparsity")["answer"][lang]
        assert r"x_j^T(y - Xw)/n = \alpha \cdot sign(w_j)" in answer
        assert r"w_j \neq 0" in answer
        assert r"\frac{\alpha}{2}\|w\|_2^2" in answer  # the ridge objective behind 1/(1+alpha)


def test_l1_sparsity_non_convex_loss_needs_the_strict_inequality():
    """|L'(0)| < C makes 0 a local minimum of L + C|w|; equality does not, and even the
    strict case says nothing about the global minimum."""
    c, h = 1.0, np.linspace(1e-4, 1e-2, 50)
    for loss, local in (
        (lambda w: -c * w - w**2, False),  # L'(0) = -C: just right of 0 the objective is -w^2
        (lambda w: -0.9 * c * w - w**2, True),  # |L'(0)| < C: 0 is a strict local minimum
    ):
        f = lambda w, loss=loss: loss(w) + c * np.abs(w)  # noqa: E731
        assert np.all((f(h) > f(0.0)) & (f(-h) > f(0.0))) == local
    f = lambda w: -0.9 * c * w - w**2 + 0.25 * w**4 + c * np.abs(w)  # noqa: E731
    grid = np.linspace(-3, 3, 60_001)
    assert f(grid).min() < f(0.0) - 0.1  # a local minimum at 0, the global one elsewhere


def test_l1_sparsity_penalized_is_the_lagrangian_form_of_the_constrained_problem():
    optimize = pytest.importorskip("scipy.optimize")
    rng = np.random.default_rng(2)
    n, p = 40, 4
    X = rng.normal(size=(n, p))
    y = X @ np.array([2.0, -1.0, 0.05, 0.0]) + 0.3 * rng.normal(size=n)
    w_pen = _lasso(X, y, 0.3)
    m = np.abs(w_pen).sum()

    def loss(uv):  # w = u - v with u, v >= 0, so ||w||_1 <= sum(u + v)
        r = y - X @ (uv[:p] - uv[p:])
        return r @ r / (2 * n)

    res = optimize.minimize(
        loss, np.full(2 * p, 0.1), method="SLSQP", bounds=[(0, None)] * (2 * p),
        constraints=[{"type": "ineq", "fun": lambda uv: m - uv.sum()}], options={"ftol": 1e-14, "maxiter": 1000},
    )  # fmt: skip
    np.testing.assert_allclose(res.x[:p] - res.x[p:], w_pen, atol=1e-5)
    assert np.sum(w_pen == 0.0) >= 1  # the budget's corner: a coordinate exactly 0


def test_l1_sparsity_laplace_map_is_zero_but_the_posterior_mean_is_not():
    """1-D: z ~ N(w, s^2), prior Laplace(0, b). MAP = S_{s^2/b}(z); P(w = 0) = 0."""
    z, s, b = 0.4, 1.0, 1.0
    grid = np.linspace(-8, 8, 160_001)
    laplace_post = np.exp(-((z - grid) ** 2) / (2 * s**2) - np.abs(grid) / b)
    assert soft(z, s**2 / b) == 0.0 and abs(grid[np.argmax(laplace_post)]) < 1e-9
    mean = (grid * laplace_post).sum() / laplace_post.sum()
    assert mean > 0.05  # not sparse
    gauss_post = np.exp(-((z - grid) ** 2) / (2 * s**2) - grid**2 / 2)
    assert abs(grid[np.argmax(gauss_post)] - z / 2) < 1e-3  # Gaussian prior: shrunk, not zero


# --- l1-drawbacks --------------------------------------------------------------


def test_l1_drawbacks_at_most_n_features_when_p_exceeds_n_but_elastic_net_can_exceed():
    rng = np.random.default_rng(3)
    n, p = 20, 100
    X = rng.normal(size=(n, p))
    y = X[:, :40] @ rng.normal(size=40)
    alpha_max = np.abs(X.T @ y).max() / n
    counts = [(_lasso(X, y, f * alpha_max) != 0).sum() for f in (0.3, 0.05, 0.005)]
    assert max(counts) <= n and counts[-1] >= n - 2
    assert (_enet(X, y, 0.05 * alpha_max, 0.1) != 0).sum() > n


def test_l1_drawbacks_identical_columns_lasso_arbitrary_elastic_net_groups():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(50, 1))
    X = np.hstack([x, x, rng.normal(size=(50, 1))])
    y = 2 * x[:, 0] + 0.1 * rng.normal(size=50)
    w = _lasso(X, y, 0.1)

    def objective(v):
        return ((y - X @ v) ** 2).sum() / 100 + 0.1 * np.abs(v).sum()

    split = np.array([w[0] + w[1], 0.0, w[2]]), np.array([0.0, w[0] + w[1], w[2]]), np.array([(w[0] + w[1]) / 2] * 2 + [w[2]])  # fmt: skip
    assert np.allclose([objective(v) for v in split], objective(w), rtol=1e-12)  # not unique
    assert min(abs(w[0]), abs(w[1])) < 1e-12  # the solver kept one of the pair
    we = _enet(X, y, 0.1, 0.5)
    assert np.isclose(we[0], we[1], rtol=1e-6) and we[0] > 0  # grouping effect


@pytest.mark.filterwarnings("ignore:Objective did not converge")
def test_l1_drawbacks_selection_among_correlated_features_is_unstable():
    """Two features with correlation ~0.9999, both truly active; refit on bootstrap resamples."""
    rng = np.random.default_rng(5)
    n = 60
    z = rng.normal(size=n)
    X = np.column_stack(
        [z + 0.01 * rng.normal(size=n), z + 0.01 * rng.normal(size=n), rng.normal(size=(n, 3))]
    )
    y = X[:, 0] + X[:, 1] + 0.5 * rng.normal(size=n)
    alone, lasso_both, enet_both = [0, 0], 0, 0
    for _ in range(40):
        idx = rng.integers(0, n, size=n)
        kept = np.abs(_lasso(X[idx], y[idx], 0.05)[:2]) > 1e-10
        if kept.sum() == 1:
            alone[int(np.flatnonzero(kept)[0])] += 1
        lasso_both += int(kept.all())
        enet_both += int(np.all(np.abs(_enet(X[idx], y[idx], 0.05, 0.2)[:2]) > 1e-10))
    assert min(alone) >= 5  # sometimes one survives alone, sometimes the other
    assert lasso_both <= 20 and enet_both >= 38


def test_l1_drawbacks_large_coefficients_are_biased_by_alpha_and_refitting_removes_it():
    rng = np.random.default_rng(6)
    n, alpha = 50, 0.3
    X = _orthonormal(rng, n, 5)
    y = X @ np.array([5.0, -4.0, 0.1, 0.0, 0.0]) + 0.1 * rng.normal(size=n)
    w_ols, w = X.T @ y / n, _lasso(X, y, alpha)
    np.testing.assert_allclose(np.abs(w[:2]), np.abs(w_ols[:2]) - alpha, atol=1e-9)
    support = w != 0
    refit = np.linalg.lstsq(X[:, support], y, rcond=None)[0]  # relaxed Lasso
    np.testing.assert_allclose(refit, w_ols[support], atol=1e-9)


def test_l1_drawbacks_cross_validated_alpha_keeps_noise_features():
    lm = _sklearn()
    false_positives = []
    for seed in range(5):
        rng = np.random.default_rng(100 + seed)
        X = rng.normal(size=(100, 50))
        y = X[:, :5] @ np.full(5, 2.0) + rng.normal(size=100)
        w = lm.LassoCV(cv=5, fit_intercept=False, random_state=0).fit(X, y).coef_
        assert np.all(w[:5] != 0)
        false_positives.append(int((w[5:] != 0).sum()))
    assert np.mean(false_positives) >= 2


def test_l1_drawbacks_lasso_works_in_high_dimensions_with_a_sparse_truth():
    rng = np.random.default_rng(7)
    n, p = 100, 1000
    X = rng.normal(size=(n, p))
    y = X[:, :5] @ np.array([3.0, -3.0, 2.0, -2.0, 2.5]) + 0.5 * rng.normal(size=n)
    w = _lasso(X, y, 0.5 * np.sqrt(2 * np.log(p) / n))
    assert np.all(w[:5] != 0) and (w[5:] != 0).sum() <= 5


def test_l1_drawbacks_lasso_depends_on_scale_and_rotation_ridge_on_neither_rotation():
    rng = np.random.default_rng(8)
    n = 60
    X = rng.normal(size=(n, 3))
    y = X @ np.array([1.0, 0.4, 0.0]) + 0.1 * rng.normal(size=n)
    scaled = X * np.array([1.0, 0.1, 1.0])
    w, w_scaled = _lasso(X, y, 0.2), _lasso(scaled, y, 0.2)
    assert w[1] != 0 and w_scaled[1] == 0  # shrinking a feature's scale can drop it
    R, _ = np.linalg.qr(rng.normal(size=(3, 3)))

    def ridge(A):
        return np.linalg.solve(A.T @ A + np.eye(3), A.T @ y)

    np.testing.assert_allclose(ridge(X @ R), R.T @ ridge(X), atol=1e-10)
    assert not np.allclose(_lasso(X @ R, y, 0.2), R.T @ w, atol=1e-3)


def test_l1_drawbacks_coordinate_descent_update_reaches_the_elastic_net_optimum():
    rng = np.random.default_rng(9)
    n, p, alpha, rho = 50, 8, 0.1, 0.6
    X, y = rng.normal(size=(n, p)), rng.normal(size=n)
    w = np.zeros(p)
    for _ in range(500):
        for j in range(p):
            r_j = y - X @ w + X[:, j] * w[j]
            w[j] = soft(X[:, j] @ r_j / n, alpha * rho) / (
                X[:, j] @ X[:, j] / n + alpha * (1 - rho)
            )
    np.testing.assert_allclose(w, _enet(X, y, alpha, rho), atol=1e-8)
    grad = -X.T @ (y - X @ w) / n + alpha * (1 - rho) * w  # smooth part of the objective
    nz = w != 0
    np.testing.assert_allclose(grad[nz], -alpha * rho * np.sign(w[nz]), atol=1e-8)
    assert np.all(np.abs(grad[~nz]) <= alpha * rho + 1e-8)


def test_l1_drawbacks_the_subgradient_method_is_not_among_the_exact_solvers():
    """The subgradient method approaches the optimal loss but never lands on exact zeros;
    ISTA (gradient step, then soft thresholding) does. The card lists only the latter."""
    rng = np.random.default_rng(10)
    n, p, alpha = 60, 10, 0.3
    X = rng.normal(size=(n, p))
    y = X[:, :3] @ np.array([2.0, -1.5, 1.0]) + 0.5 * rng.normal(size=n)
    w_star = _lasso(X, y, alpha)
    assert np.sum(w_star == 0.0) >= 3

    def objective(v):
        return ((y - X @ v) ** 2).sum() / (2 * n) + alpha * np.abs(v).sum()

    step = 1.0 / np.linalg.eigvalsh(X.T @ X / n).max()
    w_sub, w_ista = np.zeros(p) + 0.1, np.zeros(p) + 0.1
    for t in range(1, 5001):
        grad = -X.T @ (y - X @ w_sub) / n + alpha * np.sign(w_sub)
        w_sub = w_sub - step / np.sqrt(t) * grad
        w_ista = soft(w_ista + step * X.T @ (y - X @ w_ista) / n, step * alpha)
    assert objective(w_sub) - objective(w_star) < 1e-2  # close in loss ...
    assert np.all(w_sub != 0.0)  # ... but no exact zero
    np.testing.assert_array_equal(w_ista == 0.0, w_star == 0.0)
    for lang, word in (("en", "subgradient"), ("zh", "次梯度")):
        card = card_data("l1-drawbacks")
        solvers = card["answer"][lang].split("LARS")[0]  # §1's list of exact solvers
        assert word not in solvers.lower()
        note = next(n for n in card["notes"] if "梯度不连续" in n["seed"])["text"][lang]
        assert word not in note.split("LARS")[0].lower()
