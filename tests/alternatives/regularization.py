"""Ridge as least squares on an augmented system: [X; sqrt(lam) I] w ≈ [y; 0]."""

import numpy as np


def ridge_fit(X, y, lam):
    if lam < 0:
        raise ValueError("lam must be non-negative")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"incompatible shapes {X.shape} and {y.shape}")
    d = X.shape[1]
    A = np.vstack([X, np.sqrt(lam) * np.eye(d)])
    b = np.concatenate([y, np.zeros(d)])
    return np.linalg.lstsq(A, b, rcond=None)[0]
