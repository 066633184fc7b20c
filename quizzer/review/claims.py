"""Claims: what a statement in a typed answer says, not which words it happens to contain.

An answer is cut into clauses (``clauses``: punctuation, contrast words, fragments joined
to the clause they introduce, negation, which clauses are statements).

A *concept* is a set of terms in both languages ("running mean", "moving
average", "移动平均" ...). A *claim* is concepts that must appear together in
one clause, written ``"running + inference"``; ``"not: drop + inference"``
holds only in a negated clause ("at inference nothing is dropped"), a plain
claim only in a clause that is not negated, and ``"bn + batch - ln"`` does not
hold in a clause that also names ``ln``. ``"gamma ~ std + beta ~ mean"`` binds roles:
``std`` must be said of ``gamma`` (the nearest of the claim's roles named before it, or
after it when none is before), so "γ is set to the mean and β to the standard deviation"
does not make it, although all four concepts are in the clause. A clause with a pronoun ("it", "they",
"它", "其") may borrow the concepts of the clause before it: "the gradient flows
through them".

Only *statements* count ("diamond, corner, contour, Laplace prior" states
nothing), and a string of terms behind one verb is not a statement either
(``Reader.term_strings``).

Term matching is tolerant: normalised text (``normalise.normalize``), light
stemming ("co-adapting" ~ "co-adaptation"), split or merged words ("weight
decay" ~ "weightdecay"), a typo or two in long words (never the first letter),
and Chinese terms as substrings (one wrong character forgiven from 6
characters on, never the first, when three Chinese characters are right).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from quizzer.review.clauses import (
    CONNECTORS,
    FUNCTION_WORDS,
    GLUE,
    RELATIONS,
    VERBS,
    ZH_CONNECTORS,
    ZH_FUNCTION,
    ZH_GLUE,
    negations,
    object_of_verb,
    split_clauses,
)
from quizzer.review.normalise import CJK, normalize, stem

# -- terms -----------------------------------------------------------------------------------


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


# -- claims ----------------------------------------------------------------------------------


class ClaimError(ValueError):
    """A claim that cannot be read, or names a concept nobody defined."""


@dataclass(frozen=True)
class Claim:
    required: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    negated: bool = False
    pairs: tuple[tuple[str, str], ...] = ()  # (role, what is said of it): "gamma ~ std"
    unpaired: tuple[tuple[str, str], ...] = ()  # "- l2 ~ exact_zero": not said of that role

    @property
    def names(self) -> tuple[str, ...]:
        """Every concept the claim names."""
        return self.required + self.excluded + tuple(n for pair in self.unpaired for n in pair)


_NAME = re.compile(r"[a-z0-9_]+")
# before a role named only to be set aside: "rather than L2", "unlike BN", "而不是 L2", "比 L2"
# before a role named only to be set aside ("rather than L2", "unlike BN", "而不是 L2", "比 L2"),
# and which of those negate nothing but the role ("from L1, not from L2", "L1 而非 L2 产生 0")
_RESPECTIVELY = re.compile(r"respectively|分别|各自|依次")
_JOINED = re.compile(r"(?:and|or|和|与|及|以及|或|跟|同)?")  # "γ and β", "γ、β" (、 is dropped)
_FILLER = r"(?:to|on|in|at|for|with|by|from|of|the|a|an|its|their|在|对|用|放在|于)*$"
_FOIL = re.compile(
    r"(?:ratherthan|insteadof|unlike|opposedto|comparedto|comparedwith|than"
    r"|(?P<neg>not|nor|而不是|不是|而非|并非|不像)|不同于|相比于?|比起?)" + _FILLER
)
_CONTRASTED = re.compile(r"(?:而不是|而非)" + _FILLER)  # a negation that only sets a value aside
_CONTRAST_MARK = re.compile(r"ratherthan|insteadof|asopposedto|而不是|而非")


@lru_cache(maxsize=4096)
def parse_claim(text: str) -> Claim:
    """``"not: a + b - c"`` -> Claim(("a", "b"), ("c",), negated=True);
    ``"a ~ x + b ~ y"`` -> Claim(("a", "x", "b", "y"), pairs=(("a", "x"), ("b", "y")));
    ``"a ~ x - b ~ x"`` -> Claim(("a", "x"), pairs=(("a", "x"),), unpaired=(("b", "x"),))."""
    body = text.strip()
    negated = body.startswith("not:")
    if negated:
        body = body[4:]
    tokens = re.findall(r"[+~-]|[^\s+~-]+", body)
    if not tokens or tokens[0] in "+-~" or tokens[-1] in "+-~":
        raise ClaimError(
            f"{text!r}: a claim needs at least one concept, e.g. 'running + inference'"
        )
    required: list[str] = []
    excluded: list[str] = []
    pairs: list[tuple[str, str]] = []
    unpaired: list[tuple[str, str]] = []
    terms: list[tuple[str, list[str]]] = []  # (sign, [name] or [role, "~", name])
    for token in tokens:
        if token in "+-":
            if not terms[-1][1] or terms[-1][1][-1] == "~":
                raise ClaimError(f"{text!r}: {token!r} where a concept name should be")
            terms.append((token, []))
        elif not terms:
            terms.append(("+", [token]))
        else:
            terms[-1][1].append(token)
    for sign, names in terms:
        paired = len(names) == 3 and names[1] == "~"
        if "~" in names and not paired:
            raise ClaimError(f"{text!r}: '~' pairs one role with one concept: 'gamma ~ std'")
        if len(names) > 1 and not paired:
            raise ClaimError(f"{text!r}: join concepts with ' + ' (or ' - ' to exclude one)")
        names = names[::2]
        for name in names:
            if not _NAME.fullmatch(name):
                raise ClaimError(f"{text!r}: {name!r} is not a concept name ([a-z0-9_]+)")
        if sign == "+":
            required.extend(names)
            if paired:
                pairs.append((names[0], names[1]))
        elif paired:
            unpaired.append((names[0], names[1]))
        else:
            excluded.append(names[0])
    if not required:
        raise ClaimError(f"{text!r}: a claim needs a concept it requires, e.g. 'running - ema'")
    return Claim(tuple(required), tuple(excluded), negated, tuple(pairs), tuple(unpaired))


Concepts = Mapping[str, Mapping[str, tuple[str, ...]]]  # name -> {"en": terms, "zh": terms}


def check_claim(text: str, known: Iterable[str]) -> str | None:
    """Why ``text`` is not a valid claim over the ``known`` concept names, or None."""
    try:
        claim = parse_claim(text)
    except ClaimError as exc:
        return str(exc)
    known = set(known)
    unknown = list(dict.fromkeys(n for n in claim.names if n not in known))
    if unknown:
        return f"{text!r}: unknown concept {', '.join(map(repr, unknown))}"
    return None


class Reader:
    """Finds claims in one answer, over one card's concepts (and the shared lexicon)."""

    def __init__(self, answer: Answer, concepts: Concepts):
        self.answer = answer
        self.concepts = concepts
        self._hits: dict[str, dict[int, int]] = {}
        self._starts: dict[int, list[tuple[int, str]]] = {}
        self._spots: dict[tuple[int, str], list[tuple[int, int]]] = {}

    def concept(self, name: str) -> dict[int, int]:
        """Clause index -> negation markers inside the terms that matched there (at most)."""
        if name not in self._hits:
            found: dict[int, int] = {}
            for terms in self.concepts[name].values():
                for text in terms:
                    t = term(text)
                    for c in self.answer.term_clauses(t):
                        found[c] = max(found.get(c, 0), t.negations)
            self._hits[name] = found
        return self._hits[name]

    def find(
        self, claim_text: str, borrow: bool = True, skip: frozenset[int] = frozenset()
    ) -> int | None:
        return next(self.find_all(claim_text, borrow, skip), None)

    def find_all(
        self, claim_text: str, borrow: bool = True, skip: frozenset[int] = frozenset()
    ) -> Iterator[int]:
        """The first statement clause that makes the claim, or None.

        With ``borrow``, a clause with a pronoun may take concepts from the clause before it
        (credit for "the gradient flows through them"); wrong statements are only looked for
        without, so a correct answer is never blamed for what two clauses say together.
        """
        claim = parse_claim(claim_text)
        clauses = self.answer.clauses
        required = []
        for name in claim.required:  # most claims fail on a concept never named: stop there
            hits = self.concept(name)
            if not hits:
                return
            required.append(hits)
        excluded = [self.concept(n) for n in claim.excluded]
        candidates = set(required[0])
        for hits in required[1:]:
            candidates |= set(hits)
        for c in sorted(candidates):
            clause = clauses[c]
            if c in skip or not clause.statement or any(c in hits for hits in excluded):
                continue
            own = [hits for hits in required if c in hits]
            if not own:
                continue
            if len(own) < len(required):  # borrowed: what is excluded or paired holds there too
                if not (borrow and clause.pronoun and all(c in h or c - 1 in h for h in required)):
                    continue
                if claim.pairs or claim.unpaired or any(c - 1 in hits for hits in excluded):
                    continue
            roles = self._roles(c, claim)
            markers = clause.negations - sum(h[c] for h in own) - self._set_aside(c, claim, roles)
            if (markers > 0) == claim.negated and self._bound(c, claim, roles):
                yield c

    def _words(self, c: int) -> list[tuple[int, str]]:
        """The Latin words of clause ``c`` with their offsets in its compact text."""
        if c not in self._starts:
            text, at, found = self.answer.clauses[c].compact, 0, []
            for word in self.answer.clauses[c].raw:  # in order in the compact text
                at = text.find(word, at)
                if at < 0:
                    break
                found.append((at, word))
                at += len(word)
            self._starts[c] = found
        return self._starts[c]

    def _places(self, c: int, name: str) -> list[tuple[int, int]]:
        """Where (compact character offsets, start and end) the concept's terms stand in clause
        ``c``; a Latin term only at a word's start and up to a short ending ("means", not
        "multiply")."""
        if (c, name) not in self._spots:
            self._spots[c, name] = self._find_places(c, name)
        return self._spots[c, name]

    def _find_places(self, c: int, name: str) -> list[tuple[int, int]]:
        text = self.answer.clauses[c].compact
        words = self._words(c)
        starts = {at for at, _ in words}
        ends = {at + len(word) for at, word in words}
        found = []
        for terms in self.concepts[name].values():
            for t in map(term, terms):
                key = t.cjk or "".join(t.raw)
                at = text.find(key) if key else -1
                while at != -1:
                    end = at + len(key)
                    if t.cjk or (at in starts and any(end + k in ends for k in range(4))):
                        found.append((at, end))
                    at = text.find(key, at + 1)
        return found

    def _roles(self, c: int, claim: Claim) -> list[tuple[int, str, int]]:
        """(place, role, foil) for the roles of the claim's pairs in clause ``c``; ``foil`` is 1 for
        a role named only to be set aside ("L1 rather than L2 gives zeros", "L1 比 L2 更稀疏"),
        2 when a negation sets it aside ("from L1, not from L2", "L1 而非 L2"), else 0."""
        if not claim.pairs and not claim.unpaired:
            return []
        text = self.answer.clauses[c].compact
        found = []
        for role in {r for r, _ in claim.pairs + claim.unpaired}:
            for p, _ in self._places(c, role):
                foil = _FOIL.search(text[:p])
                found.append((p, role, 0 if foil is None else 1 + (foil["neg"] is not None)))
        return found

    def _values_aside(
        self, c: int, claim: Claim, roles: list[tuple[int, str, int]]
    ) -> dict[int, bool]:
        """The places of the claim's values that are set aside ("uses running statistics rather
        than the batch's", "rather than to the dense embeddings": after the marker, no role
        between), each with whether a negation did it ("而不是 embedding 之后")."""
        text = self.answer.clauses[c].compact
        aside = {}
        for name in {s for _, s in claim.pairs + claim.unpaired}:
            for p, _ in self._places(c, name):
                marks = list(_CONTRAST_MARK.finditer(text, 0, p))
                far = bool(marks) and not any(marks[-1].end() <= r < p for r, *_ in roles)
                if far or _FOIL.search(text[:p]):
                    aside[p] = far and marks[-1][0] in ("而不是", "而非")
                    aside[p] |= bool(_CONTRASTED.search(text[:p]))
        return aside

    def _set_aside(self, c: int, claim: Claim, roles: list[tuple[int, str, int]]) -> int:
        """Negations that only set a role or a value aside, negating nothing else: "sparse
        weights come from L1, not from L2", "BN 用在原始特征上，而不是 embedding 之后"."""
        if not roles:
            return 0
        values = self._values_aside(c, claim, roles)
        return sum(values.values()) + sum(foil == 2 for *_, foil in roles)

    def _together(self, c: int, claim: Claim) -> dict[int, tuple[str, ...]]:
        """Role place -> the roles named together with it, in order ("γ and β scale and shift",
        "L1 和 L2 都会缩小权重"): what is said after them is said of each."""
        text = self.answer.clauses[c].compact
        spans = sorted(
            (p, end, r)
            for r in {r for r, _ in claim.pairs + claim.unpaired}
            for p, end in self._places(c, r)
        )
        groups: list[list[tuple[int, int, str]]] = []
        for span in spans:
            if groups and _JOINED.fullmatch(text[groups[-1][-1][1] : span[0]]):
                groups[-1].append(span)
            else:
                groups.append([span])
        named = [tuple(dict.fromkeys(r for *_, r in group)) for group in groups]
        return {p: roles for group, roles in zip(groups, named, strict=True) for p, _, _ in group}

    def _bound(self, c: int, claim: Claim, found: list[tuple[int, str, int]]) -> bool:
        """Each ``role ~ said`` pair holds and no ``- role ~ said`` does: at some place of ``said``,
        the nearest of the claim's roles (``_roles``, foils left out) on the side where the clause
        names its roles is ``role`` ("γ is set to σ and β to μ": before; "σ goes into γ and μ into
        β": after, as the clause names a value first or its roles are the objects of a verb: "a
        Laplace prior gives L1"); the other side when that one has no role."""
        if not claim.pairs and not claim.unpaired:
            return True
        roles = [(p, r) for p, r, foil in found if not foil]
        if claim.pairs and found and not roles:  # every role named is set aside: "不是在推理时"
            return False
        text = self.answer.clauses[c].compact
        named = {s: self._places(c, s) for _, s in claim.pairs + claim.unpaired}
        aside = self._values_aside(c, claim, found)  # said of nothing
        said = {s: [p for p, _ in ps if p not in aside] for s, ps in named.items()}
        together = self._together(c, claim)
        placed = [p for ps in said.values() for p in ps]
        first = min(roles)[0] if roles else 0
        values_first = bool(roles and placed) and (
            min(placed) < first
            or object_of_verb([w for at, w in self._words(c) if at < first], text[:first])
        )

        # "γ and β are respectively σ and μ": the claim's values in order, one to each role
        in_order = sorted(said, key=lambda n: min(said[n], default=len(text)))
        respective = _RESPECTIVELY.search(text) is not None

        def said_of(name: str, alone: bool) -> set[str]:
            """The roles a value is said of; ``alone``: not of roles named together ("γ and β
            scale and shift" says which of them does what only with "respectively")."""
            bound: set[str] = set()
            for x in said[name]:
                after = [pr for pr in roles if pr[0] > x]
                before = [pr for pr in roles if pr[0] < x]
                if after and (values_first or not before):  # the other side when one has none
                    group = together[min(after)[0]]
                elif before:
                    group = together[max(before)[0]]
                else:
                    continue
                if len(group) > 1 and respective and len(in_order) == len(group):
                    bound.add(group[in_order.index(name)])
                elif len(group) == 1 or not alone:
                    bound.update(group)
            return bound

        # a value found only by its stem or a typo has no place to bind: as unpaired
        if roles and all(named[name] for _, name in claim.pairs):
            if not all(role in said_of(name, True) for role, name in claim.pairs):
                return False
        return not any(role in said_of(name, False) for role, name in claim.unpaired)

    def denies(self, c: int, claim_text: str) -> bool:
        """Clause ``c`` negates its main verb before one of the claim's concepts: "BN does not
        use running statistics", "梯度不经过均值和方差"; not "noise grows, and at inference
        there is none" (the negation comes after everything the claim names)."""
        clause = self.answer.clauses[c]
        if clause.denial is None:
            return False
        word, char = clause.denial
        for name in parse_claim(claim_text).required:
            for terms in self.concepts[name].values():
                for text in terms:
                    t = term(text)
                    if t.cjk and char >= 0 and t.cjk in clause.compact[char:]:
                        return True
                    n = len(t.words)
                    after = clause.words[word + 1 :] if word >= 0 else ()
                    if n and any(after[k : k + n] == t.words for k in range(len(after))):
                        return True
        return False

    def term_strings(self, names: Iterable[str] | None = None) -> frozenset[int]:
        """Clauses that are strings of terms behind one verb ("BN is running mean inference batch
        statistics EMA momentum unbiased affine fold ..."): twelve words or more (two Chinese
        characters count as one), three quarters of them the card's terms, at most one verb and
        at most one other function word in the rest; or a *soup*, whatever its size: four of the
        card's concepts or more held together by nothing but glue ("is", "and", "uses", "with",
        "是", "和", "以及" ...), which says that they belong together but not how."""
        names = list(self.concepts if names is None else names)
        for name in names:  # the terms that could score
            self.concept(name)
        answer = self.answer
        found = {c for c in range(len(answer.clauses)) if self._soup(c, names)}
        for c, clause in enumerate(answer.clauses):
            if len(clause.raw) + len(clause.compact) / 4 < 12:  # cheap bound on the size below
                continue
            chinese = {i for i, ch in enumerate(clause.compact) if CJK.match(ch)}
            size = len(clause.raw) + len(chinese) / 2
            if size < 12:
                continue
            words = answer.covered_words.get(c, set())
            chars = answer.covered_chars.get(c, set()) & chinese
            if len(words) + len(chars) / 2 < 0.75 * size:
                continue
            verbs = sum(w in VERBS for w in clause.raw)
            loose = sum(w in FUNCTION_WORDS for i, w in enumerate(clause.raw) if i not in words)
            particles = len(ZH_FUNCTION.findall(clause.compact))
            if verbs + particles <= 2 and loose <= 1 + (verbs == 0):
                found.add(c)
        return frozenset(found)

    def _soup(self, c: int, names: Iterable[str]) -> bool:
        """Four concepts or more in clause ``c``, joined three times or more by "and", "with",
        "和", "以及" ..., and at most a quarter of the rest more than glue ("is", "uses", "是")."""
        if sum(c in self._hits[name] for name in names) < 4:
            return False
        clause = self.answer.clauses[c]
        if any(w in RELATIONS for w in clause.raw):  # a formula relates its terms
            return False
        words = self.answer.covered_words.get(c, set())
        free = [w for i, w in enumerate(clause.raw) if i not in words]
        chars = self.answer.covered_chars.get(c, set())
        rest = "".join(
            CJK.findall("".join(ch for i, ch in enumerate(clause.compact) if i not in chars))
        )
        joins = sum(w in CONNECTORS for w in free) + len(ZH_CONNECTORS.findall(rest))
        loose = sum(w not in GLUE for w in free) + len(ZH_GLUE.sub("", rest)) / 2
        size = len(clause.raw) + len(CJK.findall(clause.compact)) / 2
        return joins >= 3 and loose <= size / 4

    def first(
        self, claims: Iterable[str], borrow: bool = True, skip: frozenset[int] = frozenset()
    ) -> int | None:
        return next(self.every(claims, borrow, skip), None)

    def every(
        self, claims: Iterable[str], borrow: bool = True, skip: frozenset[int] = frozenset()
    ) -> Iterator[int]:
        """Every clause that makes one of the claims, claim by claim."""
        for claim in claims:
            yield from self.find_all(claim, borrow, skip)
