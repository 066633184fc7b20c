"""quizzer: spaced-repetition flashcards with executable, auto-graded NumPy answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.cards import Card, Text
    from quizzer.challenges import CHALLENGES
    from quizzer.deck import Deck, load_deck
    from quizzer.notebook.check import CheckResult, check
    from quizzer.notebook.magic import load_ipython_extension, unload_ipython_extension

__all__ = [
    "CHALLENGES",
    "Card",
    "CheckResult",
    "Deck",
    "Text",
    "__version__",
    "check",
    "load_deck",
    "load_ipython_extension",
    "unload_ipython_extension",
]
__version__ = "0.1.0"

# The public API is imported on first use, so `quizzer --help` does not pay for the card model.
_LAZY = {
    "Card": "quizzer.cards",
    "Deck": "quizzer.deck",
    "Text": "quizzer.cards",
    "load_deck": "quizzer.deck",
    "CHALLENGES": "quizzer.challenges",
    # Jupyter: quizzer.check("dropout") and %load_ext quizzer
    "check": "quizzer.notebook.check",
    "CheckResult": "quizzer.notebook.check",
    "load_ipython_extension": "quizzer.notebook.magic",
    "unload_ipython_extension": "quizzer.notebook.magic",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'quizzer' has no attribute {name!r}")
