"""Hidden suite for ``bn-inference`` (card 8): running statistics, eval-mode BN, BN folding.

Folding is checked end to end: a folded Linear (or Conv2d, with a direct
convolution written here) must equal the layer followed by eval-mode BN to
1e-10 in float64, with and without bias, for square and non-square weights.

Parts: ``examples`` (the visible worked examples), ``running_stats``,
``inference`` and ``folding`` (each function's hidden tests); ``helpers`` (the
float64 references, calls and hints they share); ``probes`` (diagnosis).
"""

from __future__ import annotations

from quizzer.suites.bn_inference import examples, folding, inference, running_stats
from quizzer.suites.bn_inference.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, running_stats, inference, folding)
