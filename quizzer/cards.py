"""The card model: a card and its parts, built from data that passed the schema.

A card is one section of the seed write-up: a bilingual question, answer, key
points for typed answers, multiple-choice options, notes on what the seed got
wrong, and the id of its implement-it challenge. Loading and validating decks
of card files is ``quizzer.deck``.
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


class Titled:
    """Mixin for things named in English (``name``) and, optionally, Chinese (``name_zh``)."""

    name: str
    name_zh: str | None

    def title(self, lang: str) -> str:
        """The name in ``lang`` (English when there is no translation)."""
        return self.name_zh if lang == "zh" and self.name_zh else self.name


@dataclass(frozen=True)
class KeyPoint:
    """A point a complete answer must make, and the claims that make it (``review.claims``)."""

    text: Text
    claims: tuple[str, ...]  # any one stated in one clause hits the point: "running + inference"
    core: bool = True  # core: a good answer needs it; detail: an excellent one has most of them


@dataclass(frozen=True)
class Distractor:
    text: Text
    why: Text  # the misconception behind this wrong option, and the correction
    claims: tuple[str, ...] = ()  # a typed answer stating one of these states the misconception


@dataclass(frozen=True)
class Choice:
    """One multiple-choice question: its own stem, one correct option, the distractors."""

    stem: Text
    correct: Text
    distractors: tuple[Distractor, ...]


@dataclass(frozen=True)
class Misconception:
    """A wrong statement a typed answer can make (beyond the distractors), and the correction."""

    text: Text
    why: Text
    claims: tuple[str, ...]


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
    choices: tuple[Choice, ...]
    tags: tuple[str, ...]
    difficulty: int  # 1 (recall) .. 5 (derivation)
    notes: tuple[Note, ...]
    challenge: str | None
    solution: str | None
    hints: tuple[Text, ...] = field(default_factory=tuple)  # the challenge's, for `quizzer hint`
    figure: str | None = None
    source: Path | None = field(default=None, compare=False)
    concepts: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    misconceptions: tuple[Misconception, ...] = field(default_factory=tuple)

    def wrong_statements(self) -> tuple[Distractor | Misconception, ...]:
        """Everything a typed answer may state wrongly: distractors with claims, misconceptions."""
        found = [d for c in self.choices for d in c.distractors if d.claims]
        return (*found, *self.misconceptions)


def _text(d: dict) -> Text:
    return Text(en=d["en"], zh=d["zh"])


def card_from_data(data: dict, source: Path | None = None) -> Card:
    """A Card from plain data that passed ``quizzer.schema.check_card``."""
    return Card(
        id=data["id"],
        number=data["number"],
        title=_text(data["title"]),
        question=_text(data["question"]),
        answer=_text(data["answer"]),
        key_points=tuple(
            KeyPoint(_text(k["text"]), tuple(k["claims"]), k.get("level", "core") == "core")
            for k in data["key_points"]
        ),
        choices=tuple(
            Choice(
                stem=_text(c["stem"]),
                correct=_text(c["correct"]),
                distractors=tuple(
                    Distractor(_text(d["text"]), _text(d["why"]), tuple(d.get("claims", ())))
                    for d in c["distractors"]
                ),
            )
            for c in data["choices"]
        ),
        tags=tuple(data["tags"]),
        difficulty=data["difficulty"],
        notes=tuple(Note(n["kind"], n["seed"], _text(n["text"])) for n in data["notes"]),
        challenge=data["challenge"],
        solution=data["solution"],
        hints=tuple(_text(h) for h in data.get("hints") or ()),
        figure=data.get("figure"),
        source=source,
        concepts={
            name: {lang: tuple(terms) for lang, terms in langs.items()}
            for name, langs in data.get("concepts", {}).items()
        },
        misconceptions=tuple(
            Misconception(_text(m["text"]), _text(m["why"]), tuple(m["claims"]))
            for m in data.get("misconceptions", ())
        ),
    )
