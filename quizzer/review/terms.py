"""Terms: where a concept's words stand in a typed answer, whatever the learner's spelling.

An answer is cut into clauses (``clauses``) and indexed once; each term is then looked up in
it. Matching is tolerant: normalised text (``normalise.normalize``), light stemming
("co-adapting" ~ "co-adaptation"), split or merged words ("weight decay" ~ "weightdecay"), a
typo or two in long words (never the first letter), and Chinese terms as substrings (one wrong
character forgiven from 6 characters on, never the first, when three Chinese characters are
right).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from quizzer.review.clauses import negations, split_clauses
from quizzer.review.normalise import CJK, normalize, stem


@dataclass(frozen=True)
class Term:
    cjk: str | None  # a Chinese term, compact
    words: tuple[str, ...]  # a Latin term, stemmed words
    raw: tuple[str, ...]  # the same words unstemmed
    negations: int  # markers inside the term itself ("不可导", "not differentiable")


@lru_cache(maxsize=8192)
def term(text: str) -> Term:
    norm = normalize(text)
    latin = [w for w in norm.split() if not CJK.search(w)]
    compact = norm.replace(" ", "")
    markers = negations(latin, compact)
    if CJK.search(norm):
        return Term(compact, (), (), markers)
    words = norm.split()
    return Term(None, tuple(stem(w) for w in words), tuple(words), markers)


def _max_typos(word: str) -> int:
    """Typos forgiven in a word: none under 5 letters ("fuse"/"use"), 1 from 5, 2 from 10."""
    if not word.isalpha():
        return 0
    return 0 if len(word) < 5 else 1 if len(word) < 10 else 2


def _one_edit(a: str, b: str) -> bool:
    """At most one substitution, insertion, deletion or swap of neighbours, in linear time."""
    if len(a) < len(b):
        a, b = b, a
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (
            a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
        )
    return a[i + 1 :] == b[i:]


def _within(a: str, b: str, limit: int) -> bool:
    """Edit distance at most ``limit``, a swap of neighbours counting once."""
    if abs(len(a) - len(b)) > limit:
        return False
    if limit == 0:
        return a == b
    if limit == 1:
        return _one_edit(a, b)
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


def _one_cjk_off(key: str, window: str) -> bool:
    """At most one character differs, and it is a Chinese one in both ("g=1" is not "g=c")."""
    wrong = [(x, y) for x, y in zip(key, window, strict=True) if x != y]
    return len(wrong) <= 1 and all(CJK.match(x) and CJK.match(y) for x, y in wrong)


_NOT_ADVERBS = frozenset("only early apply supply reply family".split())


def _adverb(word: str) -> bool:
    """An English adverb that may sit inside a term's words: "simply", "randomly", "usually"."""
    return len(word) > 4 and word.endswith("ly") and word not in _NOT_ADVERBS


class Answer:
    """An answer cut into clauses, with an index of its words for many term look-ups."""

    def __init__(self, text: str, wrapped: bool = False):
        self.text = text
        self.clauses = split_clauses(text, wrapped)
        self._where: dict[str, list[tuple[int, int]]] = {}  # stem -> places
        self._raw: dict[str, list[tuple[int, int]]] = {}  # unstemmed word -> places
        for c, clause in enumerate(self.clauses):
            for p, (word, raw) in enumerate(zip(clause.words, clause.raw, strict=True)):
                self._where.setdefault(word, []).append((c, p))
                self._raw.setdefault(raw, []).append((c, p))
        # every word run together ("weight decay" ~ "weightdecay" is found in this), with the
        # (clause, word) that starts or ends at each offset
        self._flat: dict[bool, tuple[str, dict[int, tuple[int, int]], dict[int, tuple[int, int]]]]
        self._flat = {}
        for raw in (False, True):
            parts, starts, ends, at = [], {}, {}, 0
            for c, clause in enumerate(self.clauses):
                for p, word in enumerate(clause.raw if raw else clause.words):
                    starts[at] = (c, p)
                    parts.append(word)
                    at += len(word)
                    ends[at] = (c, p)
            self._flat[raw] = ("".join(parts), starts, ends)
        self._compact = "\n".join(c.compact for c in self.clauses)
        self._by_initial: dict[str, list[str]] = {}  # first letter -> unstemmed words
        for raw in self._raw:
            self._by_initial.setdefault(raw[:1], []).append(raw)
        self._near: dict[str, set[tuple[int, int]]] = {}
        self._terms: dict[Term, frozenset[int]] = {}
        # clause -> word indices / compact character indices some matched term covers
        self.covered_words: dict[int, set[int]] = {}
        self.covered_chars: dict[int, set[int]] = {}

    def term_clauses(self, t: Term) -> frozenset[int]:
        """The clauses in which the term appears."""
        if t not in self._terms:
            self._terms[t] = frozenset(self._cjk(t.cjk) if t.cjk else self._latin(t))
        return self._terms[t]

    def _cjk(self, key: str) -> set[int]:
        found: set[int] = set()
        n = len(key)
        whole = self._compact
        half = n // 2  # with one character wrong, one half is intact
        # one wrong character forgiven when three Chinese ones are right: not "batch维"/"batch大"
        fuzzy = n >= 6 and len(CJK.findall(key)) >= 4
        if key not in whole and (
            not fuzzy or (key[:half] not in whole and key[half:] not in whole)
        ):
            return found
        for c, clause in enumerate(self.clauses):
            text = clause.compact
            if key in text:
                found.add(c)
                at = text.find(key)
                while at != -1:
                    self.covered_chars.setdefault(c, set()).update(range(at, at + n))
                    at = text.find(key, at + 1)
            elif fuzzy:
                at = text.find(key[0])
                while at != -1:
                    window = text[at : at + n]
                    if len(window) == n and _one_cjk_off(key, window):
                        found.add(c)
                        break
                    at = text.find(key[0], at + 1)
        return found

    def _positions(self, word: str, raw: str) -> set[tuple[int, int]]:
        """Where a term word appears: the same stem, or its unstemmed form with a typo or two."""
        key = f"{word}\0{raw}"
        if key not in self._near:
            spots = set(self._where.get(word, ()))
            limit = _max_typos(raw)
            if limit:
                n = len(raw)
                for other in self._by_initial.get(raw[:1], ()):
                    if other != raw and abs(len(other) - n) <= limit and _within(other, raw, limit):
                        spots.update(self._raw[other])
            self._near[key] = spots
        return self._near[key]

    def _latin(self, t: Term) -> set[int]:
        if not t.words:
            return set()
        places = [self._positions(w, r) for w, r in zip(t.words, t.raw, strict=True)]
        found = set()
        for c, p in places[0]:
            end = self._follow(c, p, places)
            if end is not None:
                found.add(c)
                self.covered_words.setdefault(c, set()).update(range(p, end + 1))
        for joined, raw in (("".join(t.words), False), ("".join(t.raw), True)):
            if len(t.words) > 1 or len(joined) >= 6:  # "weight decay" ~ "weightdecay"
                most = len(t.words) + 1 if joined.isalnum() else 12  # "gamma=1beta=0"
                found |= self._merged(joined, raw, most)
        return found

    def _follow(self, c: int, p: int, places: list[set[tuple[int, int]]]) -> int | None:
        """Where a term starting at word ``p`` of clause ``c`` ends, one adverb allowed between
        two of its words ("dropout is simply turned off" ~ "dropout is turned off"); None if
        the term is not there."""
        raw = self.clauses[c].raw
        for k in range(1, len(places)):
            if (c, p + 1) in places[k]:
                p += 1
            elif (c, p + 2) in places[k] and _adverb(raw[p + 1]):
                p += 2
            else:
                return None
        return p

    def _merged(self, joined: str, raw: bool, most: int) -> set[int]:
        """Clauses where ``joined`` is whole words run together (at most ``most`` of them)."""
        flat, starts, ends = self._flat[raw]
        found = set()
        at = flat.find(joined)
        while at != -1:
            first, last = starts.get(at), ends.get(at + len(joined))
            if first and last and first[0] == last[0] and last[1] - first[1] < most:
                found.add(first[0])
            at = flat.find(joined, at + 1)
        return found
