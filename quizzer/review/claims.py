"""Claims: what a statement in a typed answer says, not which words it happens to contain.

An answer is cut into clauses (``clauses``: punctuation, contrast words, fragments joined
to the clause they introduce, negation, which clauses are statements), and a concept's terms
are found in it tolerantly (``terms``).

A *concept* is a set of terms in both languages ("running mean", "moving
average", "移动平均" ...). A *claim* is concepts that must appear together in
one clause, written ``"running + inference"``; ``"not: drop + inference"``
holds only in a negated clause ("at inference nothing is dropped"), a plain
claim only in a clause that is not negated, and ``"bn + batch - ln"`` does not
hold in a clause that also names ``ln``. ``"gamma ~ std + beta ~ mean"`` binds roles
(``roles``): ``std`` must be said of ``gamma``, so "γ is set to the mean and β to the standard
deviation" does not make it, although all four concepts are in the clause; and
``"l1 ~ zero - l2 ~ zero"`` holds where zeros are said of L1 and not of L2 ("L1 rather than
L2 gives zeros", not "L2 gives zeros and L1 only shrinks them"). A clause with a pronoun ("it",
"they", "它", "其") may borrow the concepts of the clause before it: "the gradient flows
through them".

Only *statements* count ("diamond, corner, contour, Laplace prior" states
nothing), and a string of terms behind one verb is not a statement either
(``Reader.term_strings``).
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
)
from quizzer.review.normalise import CJK
from quizzer.review.roles import Roles
from quizzer.review.terms import Answer, term

__all__ = ["Answer", "Claim", "ClaimError", "Reader", "check_claim", "parse_claim"]

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
        self.roles = Roles(answer, concepts)

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
        self,
        claim_text: str,
        borrow: bool = True,
        skip: frozenset[int] = frozenset(),
        accusing: bool = False,
    ) -> Iterator[int]:
        """The first statement clause that makes the claim, or None.

        With ``borrow``, a clause with a pronoun may take concepts from the clause before it
        (credit for "the gradient flows through them"); wrong statements are only looked for
        without, so a correct answer is never blamed for what two clauses say together.
        ``accusing`` (a wrong statement, a denial): a pair whose value has no place in the
        clause does not hold (``Roles.bound``).
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
            pairs, unpaired = claim.pairs, claim.unpaired
            roles = self.roles.named(c, pairs, unpaired)
            aside = self.roles.set_aside(c, pairs, unpaired, roles)  # "not from L2", "而不是 L2"
            markers = clause.negations - sum(h[c] for h in own) - aside
            if (markers > 0) == claim.negated and self.roles.bound(
                c, pairs, unpaired, roles, accusing
            ):
                yield c

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
        at most one other function word in the rest, or from eight words with at most one verb
        and no other function word at all; or a *soup*, whatever its size: four of the
        card's concepts or more held together by nothing but glue ("is", "and", "uses", "with",
        "是", "和", "以及" ...), which says that they belong together but not how."""
        names = list(self.concepts if names is None else names)
        for name in names:  # the terms that could score
            self.concept(name)
        answer = self.answer
        found = {c for c in range(len(answer.clauses)) if self._soup(c, names)}
        for c, clause in enumerate(answer.clauses):
            if len(clause.raw) + len(clause.compact) / 4 < 8:  # cheap bound on the size below
                continue
            chinese = {i for i, ch in enumerate(clause.compact) if CJK.match(ch)}
            size = len(clause.raw) + len(chinese) / 2
            if size < 8:
                continue
            words = answer.covered_words.get(c, set())
            chars = answer.covered_chars.get(c, set()) & chinese
            if len(words) + len(chars) / 2 < 0.75 * size:
                continue
            verbs = sum(w in VERBS for w in clause.raw)
            particles = len(ZH_FUNCTION.findall(clause.compact))
            glue = any(w in FUNCTION_WORDS and w not in VERBS for w in clause.raw)
            if verbs + particles <= 1 and not glue:
                found.add(c)  # terms and nothing else: "gamma beta scale shift mean variance ..."
                continue
            if size < 12:
                continue
            loose = sum(w in FUNCTION_WORDS for i, w in enumerate(clause.raw) if i not in words)
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
        self,
        claims: Iterable[str],
        borrow: bool = True,
        skip: frozenset[int] = frozenset(),
        accusing: bool = False,
    ) -> Iterator[int]:
        """Every clause that makes one of the claims, claim by claim."""
        for claim in claims:
            yield from self.find_all(claim, borrow, skip, accusing)
