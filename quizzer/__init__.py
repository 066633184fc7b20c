"""quizzer: spaced-repetition flashcards with executable, auto-graded NumPy answers."""

from quizzer.cards import Card, Text
from quizzer.challenges import CHALLENGES

__all__ = ["CHALLENGES", "Card", "Text", "__version__"]
__version__ = "0.1.0"
