"""Hidden suite for the ``l1-drawbacks`` challenge (the elastic net, scikit-learn's objective).

Objective: (1/(2n))||y - Xw||^2 + alpha*l1_ratio*||w||_1 + 0.5*alpha*(1 - l1_ratio)*||w||^2.
Any converging algorithm passes: the tests check the optimality (KKT)
conditions to 1e-6, exact zeros, the closed forms at l1_ratio = 0 (ridge) and
in an orthonormal design, and the claims of the card: the Lasso keeps one of two
strongly correlated features while the elastic net keeps both, and identical
features get identical elastic-net weights (grouping effect).

Parts: ``examples`` (the visible worked examples), ``elastic_net`` (the
hidden tests); ``helpers`` (the problems and the KKT check they share);
``probes`` (diagnosis).
"""

from __future__ import annotations

from quizzer.suites.l1_drawbacks import elastic_net, examples
from quizzer.suites.l1_drawbacks.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, elastic_net)
