"""Elastic net as a Lasso on augmented data, solved by naive cyclic coordinate descent on residuals.

(1/(2n))||y - Xw||^2 + l2/2 ||w||^2 = (1/(2n))||y* - X* w||^2 with X* = [X; sqrt(n*l2) I], y* = [y; 0].
"""

import numpy as np


def elastic_net(X, y, alpha, l1_ratio):
    if not alpha >= 0:
        raise ValueError("alpha must be >= 0")
    if not 0 <= l1_ratio <= 1:
        raise ValueError("l1_ratio must be in [0, 1]")
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or len(y) != len(X):
        raise ValueError("bad shapes")
    n, d = X.shape
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    Xa = np.vstack([X, np.sqrt(n * l2) * np.eye(d)])
    ya = np.concatenate([y, np.zeros(d)])
    norms = (Xa**2).sum(axis=0)
    w = np.zeros(d)
    r = ya.copy()
    for _ in range(100_000):
        biggest = 0.0
        for j in range(d):
            if norms[j] == 0:
                continue
            rho = Xa[:, j] @ r + norms[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - n * l1, 0.0) / norms[j]
            if new != w[j]:
                r -= Xa[:, j] * (new - w[j])
                biggest = max(biggest, abs(new - w[j]))
                w[j] = new
        if biggest < 1e-13:
            break
    return w
