"""``%load_ext quizzer`` and the ``%quizzer`` line magic.

    %quizzer check dropout             grade the notebook's dropout functions
    %quizzer check 7 --lang zh         card 7 (batchnorm), report in Chinese
    %quizzer check dropout --timeout 5

The magic shows the report; ``quizzer.check("dropout")`` does the same and
returns the result object for scripts.
"""

from __future__ import annotations

import importlib
import shlex
import threading

USAGE = (
    "usage: %quizzer check CARD [--lang en|zh] [--timeout SECONDS]   "
    "(CARD: a challenge or card id, or a card number; quizzer.check(CARD) returns the result)"
)


def parse(line: str) -> tuple[str, dict]:
    """``check dropout --lang zh`` -> ``("dropout", {"lang": "zh"})``; ValueError with the usage."""
    try:
        words = shlex.split(line)
    except ValueError as exc:
        raise ValueError(f"{exc}; {USAGE}") from None
    if len(words) < 2 or words[0] != "check":
        raise ValueError(USAGE)
    challenge, options, rest = words[1], {}, words[2:]
    while rest:
        flag = rest.pop(0)
        key = {"--lang": "lang", "-l": "lang", "--timeout": "timeout"}.get(flag.split("=")[0])
        if key is None:
            raise ValueError(f"unknown option {flag!r}; {USAGE}")
        if "=" in flag:
            value = flag.split("=", 1)[1]
        elif rest:
            value = rest.pop(0)
        else:
            raise ValueError(f"{flag} needs a value; {USAGE}")
        if key == "timeout":
            try:
                options[key] = float(value)
            except ValueError:
                raise ValueError(f"--timeout needs seconds, got {value!r}") from None
        else:
            options[key] = value
    return challenge, options


# what the first check needs, imported while the learner writes code (``%load_ext`` says a
# check is coming; ``import quizzer`` alone stays light)
WARM = (
    "quizzer.grading.runner",
    "quizzer.grading.timing",
    "quizzer.suites",
    "quizzer.render.report",
    "quizzer.notebook.check",
    "quizzer.notebook.source",
    "quizzer.review.store",
)


def _warm_up() -> None:
    for name in WARM:
        try:
            importlib.import_module(name)
        except Exception:  # the check itself will say what is wrong
            return


def load_ipython_extension(ipython) -> None:
    threading.Thread(target=_warm_up, name="quizzer-warm-up", daemon=True).start()

    def quizzer_magic(line: str) -> None:
        from quizzer.notebook.check import check
        from quizzer.render.notebook import show_problem

        try:
            challenge, options = parse(line)
        except ValueError as exc:
            show_problem(str(exc))
            return
        check(challenge, ipython.user_ns, **options)

    quizzer_magic.__doc__ = __doc__
    ipython.register_magic_function(quizzer_magic, magic_kind="line", magic_name="quizzer")


def unload_ipython_extension(ipython) -> None:
    ipython.magics_manager.magics["line"].pop("quizzer", None)
