"""Hidden suite for ``bn-vs-ln`` (card 10): LayerNorm, GroupNorm and InstanceNorm.

Each output is compared with a float64 formula; a failure names the classic
wrong axis choice it matches (the batch axis, strided groups, channels pooled
into instance norm...).

Parts: ``examples`` (the visible worked examples), ``layer_norm``,
``group_norm`` and ``instance_norm`` (each function's hidden tests),
``contract`` (dtypes, inputs and bad arguments, for all three); ``helpers``
(the float64 formulas and checks they share); ``probes`` (diagnosis).
"""

from __future__ import annotations

from quizzer.suites.bn_vs_ln import contract, examples, group_norm, instance_norm, layer_norm
from quizzer.suites.bn_vs_ln.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, layer_norm, group_norm, instance_norm, contract)
