"""Hidden suite for the ``l2`` challenge (L2 penalty, its gradient, weight decay, elastic-net penalty).

The L2 penalty is lam times the SQUARED norm (the seed writes lam*||w||_2 but
sums squares): an implementation returning lam*||w||_2 must fail here.

Parts: ``examples`` (the visible worked examples), ``formulas`` (each
function's values), ``contract`` (negative strengths, inputs, dtypes and
array-likes, for all four); ``helpers`` (what they share); ``probes``
(diagnosis).
"""

from __future__ import annotations

from quizzer.suites.l2 import contract, examples, formulas
from quizzer.suites.l2.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, formulas, contract)
