"""Soft thresholding with explicit branches in a loop; Lasso by plain ISTA, element by element."""

import numpy as np


def soft_threshold(w, t):
    if t < 0:
        raise ValueError("t must be >= 0")
    w = np.array(w, dtype=np.float64)
    out = np.empty_like(w)
    flat, res = w.reshape(-1), out.reshape(-1)
    for i, v in enumerate(flat):
        res[i] = v - t if v > t else (v + t if v < -t else 0.0)
    return out


def lasso(X, y, alpha):
    if alpha < 0:
        raise ValueError("alpha must be >= 0")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim != 1 or len(y) != len(X):
        raise ValueError("X must be (n, d) and y (n,)")
    n, d = X.shape
    lipschitz = np.linalg.eigvalsh(X.T @ X / n)[-1]
    w = np.zeros(d)
    for _ in range(100_000):
        v = w + X.T @ (y - X @ w) / n / lipschitz
        w_new = np.sign(v) * np.maximum(np.abs(v) - alpha / lipschitz, 0.0)
        if np.max(np.abs(w_new - w)) < 1e-12:
            return w_new
        w = w_new
    return w
