"""The L1 penalty and its subgradient (card ``l1``, section 2 of the write-up).

``lam*||w||_1`` grows linearly with every weight, so it keeps pushing small
weights all the way to zero; it is not differentiable at 0, where optimisers use
a subgradient (any value in ``[-lam, lam]``; the minimum-norm choice is 0).
"""

from __future__ import annotations

import numpy as np


def _lam(lam) -> float:
    if isinstance(lam, (bool, np.bool_)):
        raise ValueError(f"lam must be a number >= 0, got {lam!r}")
    try:
        value = float(lam)
    except (TypeError, ValueError):
        raise ValueError(f"lam must be a number >= 0, got {lam!r}") from None
    if not 0.0 <= value < float("inf"):
        raise ValueError(f"lam must be a finite number >= 0, got {lam!r}")
    return value


def l1_penalty(w, lam):
    """The L1 penalty ``lam * sum_i |w_i|`` (``lam * ||w||_1``), as a Python float.

    Math: ``L1(w) = lam * sum_i |w_i|``, summed over every entry of ``w``
    (any shape).

    Contract: ``lam >= 0``, otherwise ValueError; returns a float (computed in
    float64, float32 ``w`` included); ``w`` is not modified.

    Card: l1, section 2 of the write-up.
    """
    lam = _lam(lam)
    return lam * float(np.sum(np.abs(np.asarray(w, dtype=np.float64))))


def l1_subgradient(w, lam):
    """The minimum-norm subgradient of ``lam*||w||_1``: ``lam*sign(w)``, and 0 where ``w == 0``.

    Math: for ``w_i != 0`` the penalty is differentiable with derivative
    ``lam*sign(w_i)``; at ``w_i == 0`` every value in ``[-lam, lam]`` is a
    subgradient and the one of minimum norm is 0. Only an exact zero counts as
    zero (a tiny ``1e-12`` still gets ``lam*sign``), and there must be no nan
    (beware of ``w/|w|``).

    Contract: ``lam >= 0``, otherwise ValueError; returns an array of ``w``'s
    shape in float64; ``w`` is not modified.

    Card: l1, section 2 of the write-up.
    """
    lam = _lam(lam)
    return lam * np.sign(np.asarray(w, dtype=np.float64))
