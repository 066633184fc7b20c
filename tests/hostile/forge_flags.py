# ruff: noqa
# Lying through the integrity flags: a refused attempt whose path is a terminal escape
# (title, clear screen, carriage-return overwrite), and a forged list of attempts with values
# of the wrong types, put where the worker collects them. The jail's report of what was
# tried is the learner's text: it must reach the teacher escaped, and never crash quizzer.
import sys

T = __TARGETS__
try:
    open("/\x1b]0;pwned\x07\x1b[2J\rALL CLEAN\x1b[0m")
except Exception:
    pass
_worker = sys.modules.get("__main__")
_drain = getattr(_worker, "_drain_escapes", None)
if callable(_drain):

    def _forged():
        return [
            *_drain(),
            {"what": ["open"], "target": {"\x1b[2J": 1}},
            {"what": None},
            {"what": "open", "target": "x" * 100000},
            "not a dict",
        ]

    _worker._drain_escapes = _forged
