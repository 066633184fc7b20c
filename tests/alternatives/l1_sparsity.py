"""Soft thresholding with np.clip, Lasso by FISTA (accelerated proximal gradient) with restarts."""

import numpy as np


def soft_threshold(w, t):
    if t < 0:
        raise ValueError("threshold must be non-negative")
    w = np.asarray(w, dtype=float)
    return w - np.clip(w, -t, t)


def lasso(X, y, alpha):
    if alpha < 0:
        raise ValueError("alpha < 0")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError("shapes")
    n, d = X.shape
    step = n / np.linalg.norm(X, 2) ** 2
    w = np.zeros(d)
    z, t = w.copy(), 1.0
    for _ in range(200_000):
        grad = X.T @ (X @ z - y) / n
        w_new = soft_threshold(z - step * grad, step * alpha)
        if np.dot(w_new - w, z - w_new) > 0:  # adaptive restart (O'Donoghue & Candes)
            t = 1.0
        t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
        z = w_new + (t - 1) / t_new * (w_new - w)
        w, t = w_new, t_new
        g = X.T @ (y - X @ w) / n
        on = w != 0
        viol = max(
            np.max(np.abs(g[on] - alpha * np.sign(w[on])), initial=0),
            np.max(np.abs(g[~on]) - alpha, initial=0),
        )
        if viol < 1e-9:
            break
    return w
