"""Hidden suite for ``bn-recsys`` (card 11): BatchNorm over the real positions of padded sequences.

The right answer for any input is plain BatchNorm of the gathered real
positions ``x[mask]``, and 0 on padding; padding is filled with nan, inf and
huge values to prove it never leaks.

Parts: ``examples`` (the visible worked example), ``masked_batchnorm`` (the
hidden tests); ``helpers`` (the float64 reference, hints and batches they
share); ``probes`` (diagnosis).
"""

from __future__ import annotations

from quizzer.suites.bn_recsys import examples, masked_batchnorm
from quizzer.suites.bn_recsys.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, masked_batchnorm)
