"""Claims: what a statement in a typed answer says, not which words it happens to contain.

An answer is cut into clauses (English: sentence punctuation, commas, and
"but", "whereas", "rather than", "instead of", "unlike" ...; Chinese: 。；，、 and
但是, 而是, 而不是, 然而 ...). A fragment too short to say anything ("At
inference,", "推理时，") joins the clause it introduces.

A *concept* is a set of terms in both languages ("running mean", "moving
average", "移动平均" ...). A *claim* is concepts that must appear together in
one clause, written ``"running + inference"``; ``"not: drop + inference"``
holds only in a negated clause ("at inference nothing is dropped"), a plain
claim only in a clause that is not negated, and ``"bn + batch - ln"`` does not
hold in a clause that also names ``ln``. A clause with a pronoun ("it", "they",
"它", "其") may borrow the concepts of the clause before it: "the gradient flows
through them".

Only *statements* count: a clause with at least three words and a verb or a
function word (English), or a Chinese clause with a function character (是, 会,
用, 在 ...). "diamond, corner, contour, Laplace prior" states nothing.

Term matching is tolerant: normalised text (``normalise.normalize``), light
stemming ("co-adapting" ~ "co-adaptation"), split or merged words ("weight
decay" ~ "weightdecay"), a typo or two in long words (never the first letter),
and Chinese terms as substrings (one wrong character forgiven from 6
characters on, never the first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from quizzer.review.normalise import CJK, normalize, stem

# -- clauses ---------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?:[;!?。；！？：\n]|[.:](?=\s|$))+")
_CLAUSE_BREAK = re.compile(
    r"[,，、]+"
    r"|\s+(?=(?:but|whereas|whilst|although|though|however|rather than|instead of|unlike|without)\b)"
    r"|(?=但是|然而|而不是|而是|反而|相反)"
    r"|(?<![但是从因进然反])(?=但(?!是))"
    r"|(?<![从因进然反])(?=而(?![且是不变言已]))",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"^\s*(?:unlike|compared|不同于|不像|相比|与.{1,12}不同)", re.IGNORECASE)

VERBS = frozenset(
    """is are was were be been being do does did has have had can could will would should must
    may might get gets got make makes made give gives gave keep keeps kept become becomes became
    means use uses used take takes took add adds added stay stays go goes went come comes
    need needs let lets put puts set sets work works act acts cause causes pull pulls push pushes
    multiply multiplies divide divides scale scales shrink shrinks drop drops depend depends
    apply applies normalize normalizes normalise normalises compute computes learn learns
    help helps prevent prevents reduce reduces lower lowers increase increases remove removes
    select selects pick picks keep keeps lead leads flow flows fail fails solve solves
    we you i""".split()
)
FUNCTION_WORDS = VERBS | frozenset(
    """it its they them their this these that which so because the a an of to by with into
    over across on at for from than each every only all not no never when whereas then""".split()
)
_RELATIONS = frozenset(("=", "<=", ">=", "<", ">", "->", "→", "≈", "!=", "∝"))
_ZH_FUNCTION = re.compile(
    r"[是会让使把被在将就都需只也还更很才并从由给往了着则即做]|能(?!力)|(?<![主重])要(?!点|素)"
    r"|(?<![作费])用(?!户|途)"
    r"|保留|选出|选取|依赖|导致|产生|决定|压到|拉向|指向|放在|加上|减去|等于|等价|相当于|属于|适合"
    r"|用来|使用|采用|用于|有了|没有|具有|拥有|变成|变为|变得|成为|造成|除以|乘以|乘上|计算|算出"
    r"|得到|取决|作为|为了|对于|对每|可以|不可|可导|[仍以]|依然|总是|通常|一般|直接|丢弃|置零|归一化到"
)
_ZH_NEGATION = re.compile(
    r"不(?!同|断|仅|但|管|论|少|变|确定|一样|久|妨|错|止|光|过|然)|没|无(?!偏|论|限|穷)"
    r"|非(?!常|线性|零)|未(?!知|来)|别(?!的|人)|勿"
)
_EN_NEGATION = frozenset(
    "not no never cannot without neither nor none nothing nobody nowhere".split()
)
_NT = frozenset(
    "don doesn didn isn aren wasn weren can couldn won wouldn shouldn hasn haven hadn mustn".split()
)
_NOT_NEGATING = frozenset(("only", "just", "merely", "necessarily"))  # "not only ..."
_PRONOUNS = frozenset("it its they them their this these those that".split())
_ZH_PRONOUN = re.compile(
    r"它|其|这|该|此|^(?:并|而且|且|从而|进而|还|也|就|所以|因此|于是|然后|再)"
)
_CONTINUES = frozenset("and so which thus hence then therefore".split())


def negations(words: Iterable[str], compact: str) -> int:
    """How many negation markers: "not", "never", "doesn't", "不", "没有", "无需" ..."""
    words = list(words)
    count = 0
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in _EN_NEGATION and following not in _NOT_NEGATING:
            count += 1
        elif word == "t" and i and words[i - 1] in _NT:
            count += 1
    return count + len(_ZH_NEGATION.findall(compact))


@dataclass(frozen=True)
class Clause:
    text: str  # as the learner wrote it
    words: tuple[str, ...]  # normalised Latin words, stemmed
    raw: tuple[str, ...]  # the same words unstemmed (typos are judged on these)
    compact: str  # normalised, without spaces (Chinese terms match here)
    negations: int
    statement: bool
    pronoun: bool


_CONTRACTED = frozenset("it that there what here he she".split())  # "it's" reads "it s"


def _is_statement(raw: list[str], compact: str) -> bool:
    latin = [w for w in raw if not CJK.search(w)]
    if any(w == "s" and i and latin[i - 1] in _CONTRACTED for i, w in enumerate(latin)):
        return True
    if any(w in _RELATIONS for w in latin):  # a formula states something: |dL/dw| <= lambda
        return True
    if len(latin) >= 3 and any(w in VERBS for w in latin):
        return True
    if len(latin) == 2 and latin[1] in VERBS:  # "weights shrink", not "drop probability"
        return True
    if len(latin) >= 5 and any(w in FUNCTION_WORDS for w in latin):
        return True
    chinese = "".join(CJK.findall(compact))
    return len(chinese) >= 3 and bool(_ZH_FUNCTION.search(chinese))


_MARKUP = re.compile(r"\*\*|__|(?<!\\)\$|^\s*(?:[-*+•]|\d+[.)])\s+", re.MULTILINE)
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+•]|\d+[.)])\s)")
_SUBORDINATE = re.compile(
    r"^\s*(?:when|whenever|if|once|since|as long as|during|after|before|given)\b"
    r"|^\s*(?:只要|如果|若|当|一旦|假如)"
    r"|(?:时|时候|的话|之后|以后|之前|情况下)\s*$",
    re.IGNORECASE,
)
_CARRY = 3  # at most this many fragments join the clause after them ("a, b, c and d do x")


_BRACKETS = re.compile(r"[(（\[][^()（）\[\]]*[)）\]]")


def _lines(text: str, wrapped: bool) -> str:
    """Markdown emphasis and bullets dropped; commas inside brackets do not cut a clause ("over
    (N, H, W)"). A typed line ends a sentence; in ``wrapped`` text (a card's Markdown) a line
    joins the next and only a paragraph or a bullet ends one."""
    text = _BRACKETS.sub(lambda m: re.sub("[,，、:：;；]", "\u2063", m[0]), text)
    text = _PARAGRAPH.sub("\n\n", text)
    text = _MARKUP.sub(" ", text)
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text) if wrapped else text


def _fragments(text: str, wrapped: bool = False) -> list[list[tuple[str, bool]]]:
    """Sentences, each a list of (clause text, is a list of fragments); fragments that state
    nothing are joined to the clause they introduce, or stay a list that states nothing."""
    sentences: list[list[tuple[str, bool]]] = []
    heading = ""
    for sentence in _SENTENCE_END.split(_lines(text, wrapped)):
        parts = [p.strip() for p in _CLAUSE_BREAK.split(sentence) if p and p.strip()]
        merged: list[tuple[str, bool]] = []
        carry: list[str] = []
        for part in parts:
            norm = normalize(part)
            negated = negations([w for w in norm.split() if not CJK.search(w)], norm) > 0
            if negated and _fragment(norm):  # "..., not charlie": stays apart, negates nothing else
                if carry:
                    merged.append((", ".join(carry), True))
                    carry = []
                merged.append((part, False))
                continue
            if not _CONTRAST.match(part) and (_fragment(norm) or _SUBORDINATE.search(part)):
                if len(carry) == _CARRY:  # "a, b, c, d, e": a list, not a clause's subject
                    merged.append((carry.pop(0), True))
                carry.append(part)
                continue
            merged.append((" ".join([*carry, part]), False))
            carry = []
        if len(parts) >= 4 and not any(_long_statement(p) for p in parts):
            # "gamma scales, beta shifts, identity, bias=False": a list of terms, however worded
            sentences.append([(", ".join(parts), True)])
            continue
        if carry:
            if merged and not _CONTRAST.match(merged[-1][0]) and len(carry) == 1:
                merged[-1] = (f"{merged[-1][0]}, {carry[0]}", merged[-1][1])
            else:
                merged.append((", ".join(carry), len(carry) > 1))
        if len(merged) == 1 and not merged[0][1] and _fragment(normalize(merged[0][0])):
            if heading:  # "a; b; c": fragment after fragment is a list
                sentences.append([(heading, True)])
            heading = merged[0][0]
            continue
        if heading and merged:  # "**Inference.** Only the running statistics are used."
            merged[0] = (f"{heading} {merged[0][0]}", merged[0][1])
            heading = ""
        if merged:
            sentences.append(merged)
    if heading:
        sentences.append([(heading, False)])
    return sentences


def _long_statement(part: str) -> bool:
    """A statement of some length: four words or six Chinese characters, with a verb."""
    norm = normalize(part)
    words = norm.split()
    chinese = "".join(CJK.findall(norm))
    latin = [w for w in words if not CJK.search(w)]
    long = len(latin) >= 4 or len(chinese) >= 6
    return long and _is_statement(words, norm.replace(" ", ""))


def _fragment(norm: str) -> bool:
    """States nothing on its own: short ("At inference", "推理时") or no statement at all."""
    words = norm.split()
    chinese = "".join(CJK.findall(norm))
    latin = [w for w in words if not CJK.search(w)]
    if len(latin) <= 2 and len(chinese) <= 4:
        return not (len(latin) == 2 and not chinese and latin[1] in VERBS)
    return (
        len(latin) <= 6 and len(chinese) <= 10 and not _is_statement(words, norm.replace(" ", ""))
    )


def split_clauses(text: str, wrapped: bool = False) -> list[Clause]:
    clauses = []
    for sentence in _fragments(text, wrapped):
        for part, listed in sentence:
            norm = normalize(part)
            raw = norm.split()
            compact = norm.replace(" ", "")
            latin = [w for w in raw if not CJK.search(w)]
            clauses.append(
                Clause(
                    text=part,
                    words=tuple(stem(w) for w in latin),
                    raw=tuple(latin),
                    compact=compact,
                    negations=negations(latin, compact),
                    statement=not listed and _is_statement(raw, compact),
                    pronoun=any(w in _PRONOUNS for w in latin)
                    or bool(raw and raw[0] in _CONTINUES)
                    or bool(_ZH_PRONOUN.search(compact)),
                )
            )
    return clauses


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
        self._flat = {  # every word run together: a merged term must be a substring of this
            False: "".join(w for c in self.clauses for w in c.words),
            True: "".join(w for c in self.clauses for w in c.raw),
        }
        self._by_initial: dict[str, list[str]] = {}  # first letter -> unstemmed words
        for raw in self._raw:
            self._by_initial.setdefault(raw[:1], []).append(raw)
        self._near: dict[str, set[tuple[int, int]]] = {}
        self._merged: dict[tuple[int, bool], dict[str, set[int]]] = {}
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
        found = set()
        n = len(key)
        for c, clause in enumerate(self.clauses):
            text = clause.compact
            if key in text:
                found.add(c)
                at = text.find(key)
                while at != -1:
                    self.covered_chars.setdefault(c, set()).update(range(at, at + n))
                    at = text.find(key, at + 1)
            elif n >= 6:
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
            if all((c, p + k) in places[k] for k in range(1, len(places))):
                found.add(c)
                self.covered_words.setdefault(c, set()).update(range(p, p + len(places)))
        for joined, raw in (("".join(t.words), False), ("".join(t.raw), True)):
            if (len(t.words) > 1 or len(joined) >= 6) and joined in self._flat[raw]:
                for width in range(1, len(t.words) + 2):  # "weight decay" ~ "weightdecay"
                    found |= self._merged_windows(width, raw).get(joined, set())
        return found

    def _merged_windows(self, width: int, raw: bool) -> dict[str, set[int]]:
        if (width, raw) not in self._merged:
            table: dict[str, set[int]] = {}
            for c, clause in enumerate(self.clauses):
                words = clause.raw if raw else clause.words
                for i in range(len(words) - width + 1):
                    table.setdefault("".join(words[i : i + width]), set()).add(c)
            self._merged[(width, raw)] = table
        return self._merged[(width, raw)]


# -- claims ----------------------------------------------------------------------------------


class ClaimError(ValueError):
    """A claim that cannot be read, or names a concept nobody defined."""


@dataclass(frozen=True)
class Claim:
    required: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    negated: bool = False


_NAME = re.compile(r"[a-z0-9_]+")


@lru_cache(maxsize=4096)
def parse_claim(text: str) -> Claim:
    """``"not: a + b - c"`` -> Claim(("a", "b"), ("c",), negated=True)."""
    body = text.strip()
    negated = body.startswith("not:")
    if negated:
        body = body[4:]
    tokens = re.findall(r"[+-]|[^\s+-]+", body)
    required: list[str] = []
    excluded: list[str] = []
    sign = "+"
    expect_name = True
    for token in tokens:
        if token in "+-":
            if expect_name:
                raise ClaimError(f"{text!r}: {token!r} where a concept name should be")
            sign, expect_name = token, True
            continue
        if not expect_name:
            raise ClaimError(f"{text!r}: join concepts with ' + ' (or ' - ' to exclude one)")
        if not _NAME.fullmatch(token):
            raise ClaimError(f"{text!r}: {token!r} is not a concept name ([a-z0-9_]+)")
        (required if sign == "+" else excluded).append(token)
        expect_name = False
    if expect_name or not required:
        raise ClaimError(
            f"{text!r}: a claim needs at least one concept, e.g. 'running + inference'"
        )
    return Claim(tuple(required), tuple(excluded), negated)


Concepts = Mapping[str, Mapping[str, tuple[str, ...]]]  # name -> {"en": terms, "zh": terms}


def check_claim(text: str, known: Iterable[str]) -> str | None:
    """Why ``text`` is not a valid claim over the ``known`` concept names, or None."""
    try:
        claim = parse_claim(text)
    except ClaimError as exc:
        return str(exc)
    known = set(known)
    unknown = [n for n in claim.required + claim.excluded if n not in known]
    if unknown:
        return f"{text!r}: unknown concept {', '.join(map(repr, unknown))}"
    return None


class Reader:
    """Finds claims in one answer, over one card's concepts (and the shared lexicon)."""

    def __init__(self, answer: Answer, concepts: Concepts):
        self.answer = answer
        self.concepts = concepts
        self._hits: dict[str, dict[int, int]] = {}

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
            if len(own) < len(required):
                if not (borrow and clause.pronoun and all(c in h or c - 1 in h for h in required)):
                    continue
            markers = clause.negations - sum(h[c] for h in own)
            if (markers > 0) == claim.negated:
                yield c

    def term_strings(self) -> frozenset[int]:
        """Clauses that are strings of terms behind one verb ("BN is running mean inference batch
        statistics EMA momentum unbiased affine fold ..."): twelve words or more (two Chinese
        characters count as one), three quarters of them the card's terms, at most one verb and
        at most one other function word in the rest."""
        for name in self.concepts:
            self.concept(name)
        answer = self.answer
        found = set()
        for c, clause in enumerate(answer.clauses):
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
            particles = len(_ZH_FUNCTION.findall(clause.compact))
            if verbs + particles <= 2 and loose <= 1 + (verbs == 0):
                found.add(c)
        return frozenset(found)

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
