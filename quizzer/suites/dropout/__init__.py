"""Hidden suite for the ``dropout`` challenge (inverted dropout, card ``dropout``).

Statistical tests state their bound. With drop probability p each mask entry is
0 or s = 1/(1-p), with P(s) = 1-p, so it has mean 1 and variance p/(1-p): the
mean of n independent entries has standard deviation sqrt(p/((1-p) n)), and
the fraction of dropped entries has standard deviation sqrt(p(1-p)/n). The
tests allow 6 standard deviations (a false alarm is rarer than 1 in 10^8), far
less than the gaps the classic mistakes open (a factor 1-p, or p read as 1-p).

Parts: ``examples`` (the visible worked examples), ``forward`` and
``backward`` (each function's hidden tests; the last checks that neither
modifies its inputs); ``helpers`` (the data and checks they share);
``probes`` (diagnosis).
"""

from __future__ import annotations

from quizzer.suites.dropout import backward, examples, forward
from quizzer.suites.dropout.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, forward, backward)
