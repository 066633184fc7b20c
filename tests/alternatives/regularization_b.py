"""Ridge through the SVD: w = V diag(s / (s^2 + lam)) U^T y."""

import numpy as np


def ridge_fit(X, y, lam):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    if not lam >= 0:
        raise ValueError("lam < 0")
    if X.ndim != 2 or y.shape != (len(X),):
        raise ValueError("bad shapes")
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > s.max() * 1e-13 if lam == 0 else np.ones_like(s, dtype=bool)
    factor = np.zeros_like(s)
    factor[keep] = s[keep] / (s[keep] ** 2 + lam)
    return Vt.T @ (factor * (U.T @ y))
