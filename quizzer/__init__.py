"""quizzer: spaced-repetition flashcards with executable, auto-graded NumPy answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.cards import Card, Text
    from quizzer.challenges import CHALLENGES
    from quizzer.deck import Deck, load_deck

__all__ = ["CHALLENGES", "Card", "Deck", "Text", "__version__", "load_deck"]
__version__ = "0.1.0"

# The public API is imported on first use, so `quizzer --help` does not pay for the card model.
_LAZY = {
    "Card": "quizzer.cards",
    "Deck": "quizzer.deck",
    "Text": "quizzer.cards",
    "load_deck": "quizzer.deck",
    "CHALLENGES": "quizzer.challenges",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'quizzer' has no attribute {name!r}")
