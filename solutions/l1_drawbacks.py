"""The elastic net, the usual answer to the Lasso's drawbacks (card ``l1-drawbacks``, section 6 of the write-up).

With correlated features the Lasso picks one of them more or less arbitrarily and
its solution is not unique; adding a small L2 term makes the objective strictly
convex, so the solution is unique and correlated features share the weight (the
grouping effect), while the L1 term still produces exact zeros.
"""

from __future__ import annotations

import numpy as np

_TOL = 1e-12  # largest coordinate move (times its curvature) at which the solver stops, relative
_MAX_SWEEPS = 20_000  # a budget of sweeps, a safety net: well-posed problems need far fewer


def elastic_net(X, y, alpha, l1_ratio):
    """Elastic net regression (scikit-learn's ``ElasticNet`` objective, no intercept).

    Math: minimise over ``w``

        (1/(2n))*||y - X w||^2 + alpha*l1_ratio*||w||_1 + 0.5*alpha*(1 - l1_ratio)*||w||^2

    with ``n`` the number of rows of ``X``. ``l1_ratio = 1`` is the Lasso,
    ``l1_ratio = 0`` is ridge regression (with this scaling). Any algorithm that
    converges is fine; the solution meets the optimality (KKT) conditions, with
    ``g = X^T (y - X w)/n - alpha*(1 - l1_ratio)*w``,

        g_j = alpha*l1_ratio*sign(w_j)   where w_j != 0,
        |g_j| <= alpha*l1_ratio          where w_j == 0,

    to about 1e-6, and zeros are exact (``== 0.0``): soft thresholding produces
    them. Two identical columns of ``X`` get equal weights (grouping effect)
    whenever ``l1_ratio < 1``.

    Contract: ``X`` has shape ``(n, d)``, ``y`` shape ``(n,)``, ``alpha >= 0``,
    ``0 <= l1_ratio <= 1``; otherwise ValueError. Returns ``w`` of shape
    ``(d,)`` in float64 (compute in float64 whatever the input dtype). The inputs
    are not modified.

    Card: l1-drawbacks, section 6 of the write-up.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n samples, d features), got shape {X.shape}")
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X {X.shape}, got {y.shape}")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must not contain nan or inf")
    alpha = _number(alpha, "alpha", 0.0, float("inf"))
    l1_ratio = _number(l1_ratio, "l1_ratio", 0.0, 1.0)
    n, d = X.shape
    gram = X.T @ X / n
    corr = X.T @ y / n
    scale = float(np.max(np.abs(corr), initial=0.0))
    w = np.zeros(d)
    l1, l2 = alpha * l1_ratio, alpha * (1.0 - l1_ratio)
    if d == 0 or scale == 0.0 or l1 >= scale:
        return w
    curvature = (np.diag(gram) + l2).tolist()
    grad = corr.copy()  # X^T (y - X w)/n, kept up to date
    everything = list(range(d))
    budget = _MAX_SWEEPS
    while budget > 0:
        tol = _TOL * max(scale, float(np.max(np.abs(gram @ w), initial=0.0)))
        budget -= 1
        if _sweep(gram, grad, w, curvature, l1, everything) <= tol:
            break
        active = np.flatnonzero(w).tolist()
        while budget > 0:
            budget -= 1
            if _sweep(gram, grad, w, curvature, l1, active) <= tol:
                break
        grad[:] = corr - gram @ w  # fresh, without accumulated rounding
    return w


def _sweep(gram, grad, w, curvature, l1, coords) -> float:
    """Exact minimisation along each coordinate in turn; returns the largest move times its curvature."""
    biggest = 0.0
    for j in coords:
        cj = curvature[j]
        if cj == 0.0:
            continue
        old = w[j]
        z = grad[j] + gram[j, j] * old
        new = (z - l1 if z > 0 else z + l1) / cj if abs(z) > l1 else 0.0
        if new != old:
            step = new - old
            grad -= step * gram[j]
            w[j] = new
            biggest = max(biggest, abs(step) * cj)
    return biggest


def _number(value, name: str, low: float, high: float) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not low <= number <= high or number == float("inf"):
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}], got {value!r}")
    return number
