"""Hidden suite for the ``l1-sparsity`` challenge (soft thresholding and the Lasso).

A correct ``lasso`` may use any algorithm; the tests check what every exact
solution shares instead of coefficients to many digits: exact zeros, the
optimality (KKT) conditions to 1e-6, the all-zero solution for alpha above
max|X^T y|/n, and the closed form of an orthonormal design. Problems are small
(at most 60 x 50) and well conditioned so that ISTA or plain coordinate descent
converge well within the time limit.

Parts: ``examples`` (the visible worked examples), ``soft_threshold`` and
``lasso`` (each function's hidden tests); ``helpers`` (the problems and the
KKT check they share, also used by ``l1_drawbacks``); ``probes`` (diagnosis).
"""

from __future__ import annotations

from quizzer.suites.l1_sparsity import examples, lasso, soft_threshold
from quizzer.suites.l1_sparsity.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, soft_threshold, lasso)
