"""Regularization as a penalty on the loss: ridge regression (card ``regularization``, section 1 of the write-up).

Adding ``lam*||w||^2`` to the squared error limits the size of the weights: the
fit trades training error for smaller, more stable coefficients, and the
trade-off is set by ``lam`` (0 is plain least squares; larger values shrink
every coefficient towards 0, never exactly to 0).
"""

from __future__ import annotations

import numpy as np


def ridge_fit(X, y, lam):
    """Ridge regression without intercept: ``argmin_w ||y - X w||^2 + lam*||w||^2``.

    Math: setting the gradient ``-2 X^T (y - X w) + 2 lam w`` to zero gives the
    normal equations

        (X^T X + lam*I) w = X^T y

    (no 1/n and no 1/2 in this objective: ``lam`` multiplies the plain squared
    norm, as in the write-up). For ``lam > 0`` the matrix is positive definite, so
    the solution is unique even when ``d > n`` or columns are collinear; for
    ``lam == 0`` it is ordinary least squares (for a full-rank ``X``). Larger
    ``lam`` shrinks the coefficients: ``||w||`` decreases as ``lam`` grows.

    Contract: ``X`` has shape ``(n, d)``, ``y`` shape ``(n,)``, ``lam >= 0``;
    anything else raises ValueError. Returns ``w`` of shape ``(d,)`` in float64
    (whatever the input dtype). The inputs are not modified.

    Card: regularization, section 1 of the write-up.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n samples, d features), got shape {X.shape}")
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X {X.shape}, got {y.shape}")
    if isinstance(lam, (bool, np.bool_)):
        raise ValueError(f"lam must be a number >= 0, got {lam!r}")
    try:
        lam = float(lam)
    except (TypeError, ValueError):
        raise ValueError(f"lam must be a number >= 0, got {lam!r}") from None
    if not 0.0 <= lam < float("inf"):
        raise ValueError(f"lam must be a finite number >= 0, got {lam!r}")
    if lam == 0.0:
        return np.linalg.lstsq(X, y, rcond=None)[0]
    n, d = X.shape
    if d > n:  # the same solution through the n x n system: w = X^T (X X^T + lam I)^-1 y
        return X.T @ np.linalg.solve(X @ X.T + lam * np.eye(n), y)
    return np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)
