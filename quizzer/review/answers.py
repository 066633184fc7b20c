"""Checking answers: multiple choice, and typed answers graded on a card's key points.

A typed answer hits a key point when it contains any of the point's keywords,
in either language. Matching is tolerant:

* NFKC (full-width ``Ｌ１`` is ``L1``) and case folding;
* punctuation is ignored (``1/(1-p)`` matches ``1 / (1 - p)``), symbols such as
  ``⊙`` or ``+`` are kept;
* Latin keywords match whole words, word for word, with small typos allowed
  in longer words (1 edit from 5 letters, 2 from 10; the first letter must be
  right, a swap of two neighbours is one edit), in the plural (``rates`` hits
  ``rate``), and across a split or merged
  word (``weight decay`` ~ ``weightdecay``, exact letters only);
* keywords with Chinese (CJK) characters match as substrings with spaces
  removed, since Chinese is written without spaces; from 6 characters on, one
  wrong character is forgiven, never the first.

Short words get no tolerance because one edit turns them into other words
("fuse" / "use", "mask" / "task", "组归一化" / "做归一化").
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
    """NFKC, case-folded, punctuation turned into spaces, runs of spaces collapsed.

    A backtick counts as punctuation: answers are Markdown, where `bias=False` is code.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    chars = [
        " " if ch == "`" or unicodedata.category(ch).startswith(("P", "Z", "C")) else ch
        for ch in text
    ]
    return " ".join("".join(chars).split())


def _max_typos(word: str) -> int:
    """Typos forgiven in one keyword word: none under 5 letters, 1 from 5, 2 from 10.

    Only plain letters get any: "l1", "2λw" and "x⊙m" must be exact. A short word
    one edit from another is usually another word ("fuse" / "use", "mask" / "task").
    """
    if not word.isalpha():
        return 0
    return 0 if len(word) < 5 else 1 if len(word) < 10 else 2


def _within(a: str, b: str, limit: int) -> bool:
    """Edit distance of ``a`` and ``b`` is at most ``limit``, a swap of neighbours counting once.

    (Optimal string alignment: "sparisty" is one typo from "sparsity".)
    """
    if abs(len(a) - len(b)) > limit:
        return False
    if limit == 0:
        return a == b
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return False
        before, previous = previous, current
    return previous[-1] <= limit


def _plural_of(word: str, key: str) -> bool:
    """``word`` is ``key`` in the plural: "rates", "batches", "priors", "sparsities"."""
    if not key.isalpha() or len(key) < 3 or not word.startswith(key[:-1]):
        return False
    return word in (key + "s", key + "es") or (key[-1] == "y" and word == key[:-1] + "ies")


def _typo_of(word: str, key: str) -> bool:
    """``word`` is ``key`` in the plural or with a few typos (same first letter)."""
    if _plural_of(word, key):
        return True
    limit = _max_typos(key)
    return bool(limit) and word[:1] == key[:1] and _within(word, key, limit)


class _Answer:
    """A normalised answer, prepared once for many keyword checks."""

    def __init__(self, text: str):
        self.norm = _SCRIPT_BOUNDARY.sub(" ", normalize(text))
        # Latin words only: a CJK run is matched on ``compact``, never by edit distance
        self.words = [w for w in self.norm.split() if not _CJK.search(w)]
        self.padded = f" {' '.join(self.words)} "
        self.compact = self.norm.replace(" ", "")
        self._merged: dict[int, frozenset[str]] = {}
        self._near: dict[str, frozenset[int]] = {}

    def has(self, keyword: str) -> bool:
        key = normalize(keyword)
        if not key:
            return False
        if _CJK.search(key):
            return self._has_cjk(key.replace(" ", ""))
        if f" {key} " in self.padded:
            return True
        return self._has_merged(key) or self._has_typo(key.split())

    def _has_cjk(self, key: str) -> bool:
        """A substring; from 6 characters on, one wrong character but never the first.

        The first character of a Chinese term is usually what sets it apart
        ("组归一化" / "层归一化" / "批归一化"), so it must be right.
        """
        if key in self.compact:
            return True
        n = len(key)
        if n < 6:
            return False
        at = self.compact.find(key[0])
        while at != -1:
            window = self.compact[at : at + n]
            if len(window) == n and sum(x != y for x, y in zip(key, window, strict=True)) <= 1:
                return True
            at = self.compact.find(key[0], at + 1)
        return False

    def _merged_windows(self, width: int) -> frozenset[str]:
        if width not in self._merged:
            words = self.words
            self._merged[width] = frozenset(
                "".join(words[i : i + width]) for i in range(len(words) - width + 1)
            )
        return self._merged[width]

    def _has_merged(self, key: str) -> bool:
        """Exact letters across a split or merged word: "weight decay" ~ "weightdecay"."""
        target = key.replace(" ", "")
        return any(
            target in self._merged_windows(width) for width in range(1, len(key.split()) + 2)
        )

    def _positions_near(self, key_word: str) -> frozenset[int]:
        if key_word not in self._near:
            self._near[key_word] = frozenset(
                i
                for i, word in enumerate(self.words)
                if word == key_word or _typo_of(word, key_word)
            )
        return self._near[key_word]

    def _has_typo(self, key_words: list[str]) -> bool:
        """Word for word, each answer word equal to or a small typo of the keyword's word."""
        starts = self._positions_near(key_words[0])
        for offset, key_word in enumerate(key_words[1:], 1):
            if not starts:
                break
            near = self._positions_near(key_word)
            starts = frozenset(i for i in starts if i + offset in near)
        return bool(starts)


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
