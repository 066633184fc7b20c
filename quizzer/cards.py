"""The card model. Loading and validation of YAML decks live in this module too.

A card is one section of the seed write-up: a bilingual question, answer, key
points for typed answers, multiple-choice options, notes on what the seed got
wrong, and the id of its implement-it challenge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Text:
    """A string in both languages."""

    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class KeyPoint:
    """A point a complete answer must make, with the words that show it was made."""

    text: Text
    keywords: dict[str, tuple[str, ...]]  # {"en": (...), "zh": (...)}; any one match hits the point


@dataclass(frozen=True)
class Distractor:
    text: Text
    why: Text  # the misconception behind this wrong option


@dataclass(frozen=True)
class Choices:
    correct: Text
    distractors: tuple[Distractor, ...]


@dataclass(frozen=True)
class Note:
    """Where the seed is wrong or loose, and what the card says instead."""

    kind: str  # "error" (a factual or notation mistake) or "loose" (imprecise, misleading)
    seed: str  # the seed's words, quoted (Chinese, as in the seed)
    text: Text  # the correction and why


@dataclass(frozen=True)
class Card:
    id: str
    number: int
    title: Text
    question: Text
    answer: Text
    key_points: tuple[KeyPoint, ...]
    choices: Choices
    tags: tuple[str, ...]
    difficulty: int  # 1 (recall) .. 5 (derivation)
    notes: tuple[Note, ...]
    challenge: str | None
    solution: str | None
    figure: str | None = None
    source: Path | None = field(default=None, compare=False)
