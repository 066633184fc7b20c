"""Checking answers: multiple choice, and typed answers graded on a card's key points.

A typed answer hits a key point when it contains any of the point's keywords,
in either language. Matching is tolerant:

* NFKC (full-width ``Ｌ１`` is ``L1``) and case folding;
* punctuation is ignored (``1/(1-p)`` matches ``1 / (1 - p)``), symbols such as
  ``⊙`` or ``+`` are kept;
* Latin keywords match whole words, with small typos allowed on longer words
  (edit distance 1 from 4 letters, 2 from 8), and across a split or merged word
  (``weight decay`` ~ ``weightdecay``, exact letters only);
* keywords with Chinese (CJK) characters match as substrings with spaces
  removed, since Chinese is written without spaces; from 4 characters on, one
  wrong character is forgiven.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from quizzer.cards import Card, KeyPoint

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def normalize(text: str) -> str:
    """NFKC, case-folded, punctuation turned into spaces, runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    chars = [" " if unicodedata.category(ch).startswith(("P", "Z", "C")) else ch for ch in text]
    return " ".join("".join(chars).split())


def _max_typos(length: int) -> int:
    return 0 if length < 4 else 1 if length < 8 else 2


def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` is at most ``limit`` (banded, early exit)."""
    if abs(len(a) - len(b)) > limit:
        return False
    if limit == 0:
        return a == b
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


class _Answer:
    """A normalised answer, prepared once for many keyword checks."""

    def __init__(self, text: str):
        self.norm = normalize(text)
        self.words = self.norm.split()
        self.padded = f" {self.norm} "
        self.compact = self.norm.replace(" ", "")

    def has(self, keyword: str) -> bool:
        key = normalize(keyword)
        if not key:
            return False
        if _CJK.search(key):
            return self._has_cjk(key.replace(" ", ""))
        if f" {key} " in self.padded:
            return True
        return self._has_fuzzy(key)

    def _has_cjk(self, key: str) -> bool:
        if key in self.compact:
            return True
        if len(key) < 4:
            return False
        n = len(key)
        return any(
            sum(x != y for x, y in zip(key, self.compact[i : i + n], strict=True)) <= 1
            for i in range(len(self.compact) - n + 1)
        )

    def _has_fuzzy(self, key: str) -> bool:
        target = key.replace(" ", "")
        limit = _max_typos(len(target))
        size = len(key.split())
        for width in {max(1, size - 1), size, size + 1}:
            for i in range(len(self.words) - width + 1):
                window = "".join(self.words[i : i + width])
                if window == target:
                    return True
                # typos only on the keyword's own word count: "we scale" is not "rescale"
                if limit and width == size and _within(window, target, limit):
                    return True
        return False


@dataclass(frozen=True)
class TypedResult:
    hit: tuple[KeyPoint, ...]
    missed: tuple[KeyPoint, ...]
    suggested: int  # an FSRS rating 1..4

    @property
    def score(self) -> float:
        total = len(self.hit) + len(self.missed)
        return len(self.hit) / total if total else 0.0


def suggest_rating(hit: int, total: int) -> int:
    """All points -> Good (3); at least half -> Hard (2); fewer -> Again (1)."""
    if total and hit == total:
        return 3
    if total and 2 * hit >= total:
        return 2
    return 1


def point_hit(point: KeyPoint, answer: str | _Answer) -> bool:
    prepared = answer if isinstance(answer, _Answer) else _Answer(answer)
    return any(prepared.has(k) for k in _keywords(point))


def _keywords(point: KeyPoint) -> Iterable[str]:
    for words in point.keywords.values():
        yield from words


def check_typed(card: Card, answer: str) -> TypedResult:
    """Which of the card's key points the answer makes, in either language."""
    prepared = _Answer(answer)
    hit, missed = [], []
    for point in card.key_points:
        (hit if point_hit(point, prepared) else missed).append(point)
    return TypedResult(tuple(hit), tuple(missed), suggest_rating(len(hit), len(card.key_points)))


@dataclass(frozen=True)
class Option:
    """One multiple-choice option; ``distractor`` is None for the correct one."""

    correct: bool
    distractor_index: int | None


def choice_options(card: Card, rng) -> tuple[Option, ...]:
    """The correct answer and every distractor, shuffled by ``rng`` (a ``random.Random``)."""
    options = [Option(True, None)] + [
        Option(False, i) for i in range(len(card.choices.distractors))
    ]
    rng.shuffle(options)
    return tuple(options)


def parse_choice(text: str, count: int) -> int | None:
    """``"2"`` or ``"b"`` -> index 1 of ``count`` options; anything else -> None."""
    word = normalize(text)
    if word.isdigit() and 1 <= int(word) <= count:
        return int(word) - 1
    if len(word) == 1 and "a" <= word <= "z" and ord(word) - ord("a") < count:
        return ord(word) - ord("a")
    return None
