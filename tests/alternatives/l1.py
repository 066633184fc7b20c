"""L1 penalty via np.linalg.norm(ord=1); subgradient via comparisons instead of np.sign."""

import numpy as np


def l1_penalty(w, lam):
    if lam < 0:
        raise ValueError("lam must be >= 0")
    return float(lam * np.linalg.norm(np.ravel(np.asarray(w, dtype=float)), ord=1))


def l1_subgradient(w, lam):
    if lam < 0:
        raise ValueError("lam must be >= 0")
    w = np.asarray(w, dtype=np.float64)
    return lam * ((w > 0).astype(np.float64) - (w < 0).astype(np.float64))
