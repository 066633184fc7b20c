"""Elastic net by proximal gradient (FISTA with adaptive restart), stopped on the KKT conditions."""

import numpy as np


def elastic_net(X, y, alpha, l1_ratio):
    if alpha < 0 or not (0 <= l1_ratio <= 1):
        raise ValueError("need alpha >= 0 and 0 <= l1_ratio <= 1")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError("X must be (n, d) and y (n,)")
    n, d = X.shape
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    step = 1.0 / (np.linalg.norm(X, 2) ** 2 / n + l2)

    def grad(v):
        return X.T @ (X @ v - y) / n + l2 * v

    w = np.zeros(d)
    z, t = w, 1.0
    for _ in range(500_000):
        u = z - step * grad(z)
        w_new = np.sign(u) * np.maximum(np.abs(u) - step * l1, 0.0)
        if np.dot(z - w_new, w_new - w) > 0:
            t = 1.0
        t_new = 0.5 * (1 + np.sqrt(1 + 4 * t * t))
        z = w_new + ((t - 1) / t_new) * (w_new - w)
        w, t = w_new, t_new
        g = -grad(w)
        nz = w != 0
        kkt = max(
            np.max(np.abs(g[nz] - l1 * np.sign(w[nz])), initial=0.0),
            np.max(np.abs(g[~nz]) - l1, initial=0.0),
        )
        if kkt < 1e-10:
            break
    return w
