"""Why L1 makes weights sparse, executably: soft thresholding and the Lasso (card ``l1-sparsity``, section 4 of the write-up).

The proximal operator of ``t*|w|`` is soft thresholding: it shrinks every value
towards zero by ``t`` and sets the values with ``|w| <= t`` to exactly zero.
Lasso solvers (coordinate descent, proximal gradient) apply that operator at
every step, which is why the Lasso solution has exact zeros where ridge
regression only has small values.
"""

from __future__ import annotations

import numpy as np

_TOL = 1e-12  # largest coordinate move (times its curvature) at which the solver stops, relative
_MAX_SWEEPS = 20_000  # a budget of sweeps, a safety net: well-posed problems need far fewer


def soft_threshold(w, t):
    """Soft thresholding, the proximal operator of ``t*|w|``: ``sign(w) * max(|w| - t, 0)``.

    Math: ``S_t(w) = argmin_u 0.5*(u - w)**2 + t*|u|``, elementwise:
    ``w - t`` if ``w > t``, ``w + t`` if ``w < -t`` and exactly ``0.0`` when
    ``|w| <= t`` (this exact zero is where L1 sparsity comes from).

    Contract: ``w`` is an array (any shape; the result has the same shape) and
    ``t >= 0`` a number (``t == 0`` returns ``w`` unchanged); ``t < 0`` raises
    ValueError. ``w`` is not modified.

    Card: l1-sparsity, section 4 of the write-up.
    """
    t = _nonnegative(t, "t")
    w = np.asarray(w)
    if w.dtype.kind != "f":
        w = w.astype(np.float64)
    shrunk = w - w.dtype.type(t) * np.sign(w)
    return np.where(np.abs(w) > t, shrunk, w.dtype.type(0.0))


def lasso(X, y, alpha):
    """The Lasso: ``argmin_w (1/(2n))*||y - X w||^2 + alpha*||w||_1`` (no intercept).

    This is scikit-learn's ``Lasso(alpha, fit_intercept=False)`` objective, with
    ``n`` the number of rows of ``X``. Any algorithm is fine (coordinate
    descent, ISTA/FISTA, ...) as long as it converges: the solution must meet
    the optimality (KKT) conditions, with ``g = X^T (y - X w) / n``,

        g_j = alpha * sign(w_j)   where w_j != 0,
        |g_j| <= alpha            where w_j == 0,

    to about 1e-6, and zeros must be exact (``== 0.0``), not merely tiny:
    soft thresholding produces them. In particular ``w == 0`` exactly once
    ``alpha >= max|X^T y| / n``.

    Contract: ``X`` has shape ``(n, d)``, ``y`` shape ``(n,)``, ``alpha >= 0``;
    otherwise ValueError. Returns ``w`` of shape ``(d,)`` in float64 (compute in
    float64 whatever the input dtype). The inputs are not modified.

    Card: l1-sparsity, section 4 of the write-up.
    """
    X, y = _design(X, y)
    alpha = _nonnegative(alpha, "alpha")
    n, d = X.shape
    gram = X.T @ X / n
    corr = X.T @ y / n
    scale = float(np.max(np.abs(corr), initial=0.0))
    w = np.zeros(d)
    if d == 0 or alpha >= scale:
        return w
    return _coordinate_descent(gram, corr, alpha, w, scale)


def _coordinate_descent(gram, corr, alpha, w, scale):
    """Cyclic coordinate descent on the Gram matrix, sweeping the active set between full sweeps."""
    diag = np.diag(gram).tolist()
    grad = corr.copy()  # X^T (y - X w) / n, kept up to date
    everything = list(range(len(diag)))
    budget = _MAX_SWEEPS
    while budget > 0:
        # Stop when no coordinate moves by more than the tolerance, measured against the
        # size of the terms that make up the gradient (below that, rounding dominates).
        tol = _TOL * max(scale, float(np.max(np.abs(gram @ w), initial=0.0)))
        budget -= 1
        if _sweep(gram, grad, w, diag, alpha, everything) <= tol:
            break
        active = np.flatnonzero(w).tolist()
        while budget > 0:
            budget -= 1
            if _sweep(gram, grad, w, diag, alpha, active) <= tol:
                break
        grad[:] = corr - gram @ w  # fresh, without accumulated rounding
    return w


def _sweep(gram, grad, w, diag, alpha, coords) -> float:
    """One pass of exact coordinate minimisation; returns the largest change times its curvature."""
    biggest = 0.0
    for j in coords:
        dj = diag[j]
        if dj == 0.0:
            continue
        old = w[j]
        z = grad[j] + dj * old
        new = (z - alpha if z > 0 else z + alpha) / dj if abs(z) > alpha else 0.0
        if new != old:
            step = new - old
            grad -= step * gram[j]
            w[j] = new
            biggest = max(biggest, abs(step) * dj)
    return biggest


def _nonnegative(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number >= 0, got {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def _design(X, y):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n samples, d features), got shape {X.shape}")
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X {X.shape}, got {y.shape}")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must not contain nan or inf")
    return X, y
