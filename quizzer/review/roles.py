"""Roles: which concept a value is said of in one clause ("γ is set to σ and β to μ").

A claim ``"gamma ~ std + beta ~ mean"`` holds only where ``std`` is said of ``gamma`` and
``mean`` of ``beta``; ``"l1 ~ zero - l2 ~ zero"`` where zeros are said of L1 and not of L2. A
value is said of the nearest role on the side where the clause names its roles: before it
("L1 gives zeros"), or after it when the clause names a value first ("sparsity comes from L1")
or its roles are the objects of a verb ("a Laplace prior gives L1"), and on the other side when
that one has no role. A role named only to be set aside is no candidate ("L1 rather than L2",
"L1 比 L2", "from L1, not from L2", "而不是 L2"), nor is a value set aside ("running statistics
rather than the batch's"); roles named together ("γ and β scale and shift") bind a value to
neither, unless "respectively" (分别) pairs them in order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from quizzer.review.clauses import object_of_verb
from quizzer.review.terms import Answer, term

Pairs = tuple[tuple[str, str], ...]  # (role, what is said of it)
Named = tuple[int, str, int]  # (place, role, foil: 0 none, 1 set aside, 2 set aside by a negation)

_RESPECTIVELY = re.compile(r"respectively|分别|各自|依次")
_BOTH_BEFORE = re.compile(r"both$")  # "both L1 and L2 ..."
_BOTH_AFTER = re.compile(r"both|都|均|两者都|二者都")  # "L1 and L2 both ...", "L1 和 L2 都 ..."
_JOINED = re.compile(r"(?:and|or|和|与|及|以及|或|跟|同)?")  # "γ and β", "γ、β" (、 is dropped)
_FILLER = r"(?:to|on|in|at|for|with|by|from|of|the|a|an|its|their|在|对|用|放在|于)*$"
# before what is named only to be set aside ("rather than L2", "unlike BN", "而不是 L2", "比 L2"),
# and which of those markers are negations ("from L1, not from L2", "L1 而非 L2 产生 0")
_FOIL = re.compile(
    r"(?:ratherthan|insteadof|unlike|opposedto|comparedto|comparedwith|than"
    r"|(?P<neg>not|nor|而不是|不是|而非|并非|不像)|不同于|相比于?|比起?)" + _FILLER
)
_CONTRASTED = re.compile(r"(?:而不是|而非)" + _FILLER)  # a negation that only sets a value aside
_CONTRAST_MARK = re.compile(r"ratherthan|insteadof|asopposedto|而不是|而非")  # and what follows


class Roles:
    """Places of concepts in one answer's clauses, and which value is said of which role."""

    def __init__(self, answer: Answer, concepts: Mapping[str, Mapping[str, tuple[str, ...]]]):
        self.clauses = answer.clauses
        self.concepts = concepts
        self._starts: dict[int, list[tuple[int, str]]] = {}
        self._spots: dict[tuple[int, str], list[tuple[int, int]]] = {}

    def words(self, c: int) -> list[tuple[int, str]]:
        """The Latin words of clause ``c`` with their offsets in its compact text."""
        if c not in self._starts:
            text, at, found = self.clauses[c].compact, 0, []
            for word in self.clauses[c].raw:  # in order in the compact text
                at = text.find(word, at)
                if at < 0:
                    break
                found.append((at, word))
                at += len(word)
            self._starts[c] = found
        return self._starts[c]

    def places(self, c: int, name: str) -> list[tuple[int, int]]:
        """Where (compact character offsets, start and end) the concept's terms stand in clause
        ``c``; a Latin term only at a word's start and up to a short ending ("means", not
        "multiply")."""
        if (c, name) not in self._spots:
            self._spots[c, name] = self._find_places(c, name)
        return self._spots[c, name]

    def _find_places(self, c: int, name: str) -> list[tuple[int, int]]:
        text = self.clauses[c].compact
        words = self.words(c)
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

    def named(self, c: int, pairs: Pairs, unpaired: Pairs) -> list[Named]:
        """(place, role, foil) for the roles of the claim's pairs in clause ``c``; ``foil`` is 1 for
        a role named only to be set aside ("L1 rather than L2 gives zeros", "L1 比 L2 更稀疏"),
        2 when a negation sets it aside ("from L1, not from L2", "L1 而非 L2"), else 0."""
        if not pairs and not unpaired:
            return []
        text = self.clauses[c].compact
        found = []
        for role in {r for r, _ in pairs + unpaired}:
            for p, _ in self.places(c, role):
                foil = _FOIL.search(text[:p])
                found.append((p, role, 0 if foil is None else 1 + (foil["neg"] is not None)))
        return found

    def _values_aside(
        self, c: int, pairs: Pairs, unpaired: Pairs, roles: list[Named]
    ) -> dict[int, bool]:
        """The places of the claim's values that are set aside ("uses running statistics rather
        than the batch's", "rather than to the dense embeddings": after the marker, no role
        between), each with whether a negation did it ("而不是 embedding 之后")."""
        text = self.clauses[c].compact
        aside = {}
        for name in {s for _, s in pairs + unpaired}:
            for p, _ in self.places(c, name):
                marks = list(_CONTRAST_MARK.finditer(text, 0, p))
                far = bool(marks) and not any(marks[-1].end() <= r < p for r, *_ in roles)
                if far or _FOIL.search(text[:p]):
                    aside[p] = far and marks[-1][0] in ("而不是", "而非")
                    aside[p] |= bool(_CONTRASTED.search(text[:p]))
        return aside

    def set_aside(self, c: int, pairs: Pairs, unpaired: Pairs, roles: list[Named]) -> int:
        """Negations that only set a role or a value aside, negating nothing else: "sparse
        weights come from L1, not from L2", "BN 用在原始特征上，而不是 embedding 之后"."""
        if not roles:
            return 0
        values = self._values_aside(c, pairs, unpaired, roles)
        return sum(values.values()) + sum(foil == 2 for *_, foil in roles)

    def _together(
        self, c: int, pairs: Pairs, unpaired: Pairs
    ) -> dict[int, tuple[tuple[str, ...], bool]]:
        """Role place -> the roles named together with it, in order ("γ and β scale and shift"),
        and whether the clause says "both" of them ("L1 and L2 both shrink", "L1 和 L2 都会缩小权重"):
        then what follows is said of each."""
        text = self.clauses[c].compact
        spans = sorted(
            (p, end, r) for r in {r for r, _ in pairs + unpaired} for p, end in self.places(c, r)
        )
        groups: list[list[tuple[int, int, str]]] = []
        for span in spans:
            if groups and _JOINED.fullmatch(text[groups[-1][-1][1] : span[0]]):
                groups[-1].append(span)
            else:
                groups.append([span])
        found = {}
        for group in groups:
            roles = tuple(dict.fromkeys(r for *_, r in group))
            both = bool(_BOTH_BEFORE.search(text[: group[0][0]])) or bool(
                _BOTH_AFTER.match(text, group[-1][1])
            )
            found.update({p: (roles, both and len(roles) > 1) for p, _, _ in group})
        return found

    def bound(
        self, c: int, pairs: Pairs, unpaired: Pairs, found: list[Named], accusing: bool = False
    ) -> bool:
        """Each ``role ~ said`` pair holds and no ``- role ~ said`` does: at some place of ``said``,
        the nearest of the claim's roles (``named``, foils left out) on the side where the clause
        names its roles is ``role`` ("γ is set to σ and β to μ": before; "σ goes into γ and μ into
        β": after, as the clause names a value first or its roles are the objects of a verb: "a
        Laplace prior gives L1"); the other side when that one has no role."""
        if not pairs and not unpaired:
            return True
        roles = [(p, r) for p, r, foil in found if not foil]
        if pairs and found and not roles:  # every role named is set aside: "不是在推理时"
            return False
        text = self.clauses[c].compact
        named = {s: self.places(c, s) for _, s in pairs + unpaired}
        aside = self._values_aside(c, pairs, unpaired, found)  # said of nothing
        said = {s: [p for p, _ in ps if p not in aside] for s, ps in named.items()}
        together = self._together(c, pairs, unpaired)
        placed = [p for ps in said.values() for p in ps]
        first = min(roles)[0] if roles else 0
        values_first = bool(roles and placed) and (
            min(placed) < first
            or object_of_verb([w for at, w in self.words(c) if at < first], text[:first])
        )

        # "γ and β are respectively σ and μ": the claim's values in order, one to each role
        in_order = sorted(said, key=lambda n: min(said[n], default=len(text)))
        respective = _RESPECTIVELY.search(text) is not None

        def said_of(name: str, paired: bool) -> set[str]:
            """The roles a value is said of. Of roles named together it is said of each, to make
            a pair, only with "both"; to break one (``paired`` False), unless with "both": "γ and
            β scale and shift" says which does what only with "respectively", and "L1 and L2
            both shrink weights" says it of L2 without a swap."""
            bound: set[str] = set()
            for x in said[name]:
                after = [pr for pr in roles if pr[0] > x]
                before = [pr for pr in roles if pr[0] < x]
                if after and (values_first or not before):  # the other side when one has none
                    group, both = together[min(after)[0]]
                elif before:
                    group, both = together[max(before)[0]]
                else:
                    continue
                if len(group) > 1 and respective and len(in_order) == len(group):
                    bound.add(group[in_order.index(name)])
                elif len(group) == 1 or both == paired:
                    bound.update(group)
            return bound

        # a value found only by its stem, a typo or a word inside its term ("is simply turned
        # off") has no place, so which role it is said of cannot be told: a key point takes it as
        # unpaired; a wrong statement is not held against the learner on it ("L1 and L2
        # respectively give zeros and shrink weights smoothly" is not "L1 shrinks")
        if roles and pairs:
            if not all(named[name] for _, name in pairs):
                if accusing:
                    return False
            elif not all(role in said_of(name, True) for role, name in pairs):
                return False
        return not any(role in said_of(name, False) for role, name in unpaired)
