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

_CJK_CHARS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_CHARS}]")
# where CJK meets other text: "用l1正则化" has the word "l1"
_SCRIPT_BOUNDARY = re.compile(
    f"(?<=[{_CJK_CHARS}])(?=[^{_CJK_CHARS}\\s])|(?<=[^{_CJK_CHARS}\\s])(?=[{_CJK_CHARS}])"
)


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
    """A normalised answer, prepared once for many keyword checks.

    Word windows are built lazily per width and bucketed by length, so a fuzzy
    check only runs the edit distance on windows of a plausible length.
    """

    def __init__(self, text: str):
        self.norm = _SCRIPT_BOUNDARY.sub(" ", normalize(text))
        # Latin words only: a CJK run is matched on ``compact``, never by edit distance
        self.words = [w for w in self.norm.split() if not _CJK.search(w)]
        self.padded = f" {' '.join(self.words)} "
        self.compact = self.norm.replace(" ", "")
        self._windows: dict[int, dict[int, dict[str, frozenset[str]]]] = {}

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
        n = len(key)
        if n < 4:
            return False
        # one wrong character leaves one half intact: find the halves, compare around them
        half = n // 2
        for part, offset in ((key[:half], 0), (key[half:], half)):
            at = self.compact.find(part)
            while at != -1:
                start = at - offset
                window = self.compact[start : start + n] if start >= 0 else ""
                if len(window) == n and sum(x != y for x, y in zip(key, window, strict=True)) <= 1:
                    return True
                at = self.compact.find(part, at + 1)
        return False

    def _by_length(self, width: int) -> dict[int, dict[str, frozenset[str]]]:
        """Distinct windows of ``width`` words, by length, each with its set of letters."""
        if width not in self._windows:
            buckets: dict[int, dict[str, frozenset[str]]] = {}
            for i in range(len(self.words) - width + 1):
                window = "".join(self.words[i : i + width])
                bucket = buckets.setdefault(len(window), {})
                if window not in bucket:
                    bucket[window] = frozenset(window)
            self._windows[width] = buckets
        return self._windows[width]

    def _has_fuzzy(self, key: str) -> bool:
        target = key.replace(" ", "")
        limit = _max_typos(len(target))
        size = len(key.split())
        for width in range(1, size + 2):  # words may be merged or split
            buckets = self._by_length(width)
            if target in buckets.get(len(target), ()):
                return True
            # typos only on the keyword's own word count: "we scale" is not "rescale"
            if limit and width == size:
                letters = frozenset(target)
                for length in range(len(target) - limit, len(target) + limit + 1):
                    for window, have in buckets.get(length, {}).items():
                        # each edit adds or removes at most one distinct letter: a cheap filter
                        if len(letters - have) > limit or len(have - letters) > limit:
                            continue
                        if _within(window, target, limit):
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
