"""The entrypoint a bundle runs on the platform: ``python -m quizzer.bundles PLATFORM MANIFEST``.

Grades the platform's submission folder, writes its results.json atomically and
prints that file's SHA-256 on stdout (the shell script around it checks the
digest, so a results.json the student's code wrote is never the one kept).
The platform's root comes from ``$AUTOGRADER_ROOT`` (Gradescope, default
``/autograder``) or ``$GRADE_ROOT`` (PrairieLearn, default ``/grade``).
Whatever fails, a results.json is written; exit code 0 once it is.
"""

from __future__ import annotations

import sys

from quizzer.bundles.run import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
