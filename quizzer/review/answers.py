"""Checking answers: multiple choice, and typed answers graded on what they state.

A typed answer is read as clauses (``claims``). A key point is hit when one
statement makes one of its claims; a wrong statement a card lists (a
distractor's claims, a misconception) is reported with its correction and caps
the rating at "hard" (at "again" when the core is not there either). An answer
without a single statement ("diamond, corner, Laplace prior") hits nothing.

The suggested rating, which the learner may override:

* no statement: 1 (again);
* a wrong statement: 1 (again), or 2 (hard) when it is the only one in an
  otherwise excellent answer;
* every core point: 3 (good), and 4 (easy) when at least half of the detail
  points are made too;
* some of the core (or two details): 2 (hard); nothing: 1 (again).

One clause makes at most two key points, so a string of terms behind "X is" earns little.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from quizzer.cards import Card, KeyPoint, Text
from quizzer.review.claims import Answer, Reader, parse_claim
from quizzer.review.lexicon import LEXICON, NAMES
from quizzer.review.normalise import normalize

# One clause makes at most this many key points: a sentence says one or two things, and a
# string of terms with "is" in front ("Dropout is random mask, 1/(1-p), ensemble ...") is not
# worth a whole answer.
POINTS_PER_CLAUSE = 2


@dataclass(frozen=True)
class Hit:
    point: KeyPoint
    clause: str  # the learner's words that made it


@dataclass(frozen=True)
class Contradiction:
    statement: str  # the learner's words
    wrong: Text  # what the card says is wrong
    why: Text  # the correction


@dataclass(frozen=True)
class TypedResult:
    hit: tuple[KeyPoint, ...]
    missed: tuple[KeyPoint, ...]
    suggested: int  # an FSRS rating 1..4
    evidence: tuple[Hit, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    statements: int = 0
    reason: str = ""  # an i18n key (``typed.reason.*``) saying why the rating is what it is

    @property
    def score(self) -> float:
        total = len(self.hit) + len(self.missed)
        return len(self.hit) / total if total else 0.0

    def to_dict(self, card: Card, lang: str) -> dict:
        """Plain data for ``quizzer answer --json``."""
        from quizzer.i18n import t

        def point(p: KeyPoint) -> dict:
            return {"text": p.text(lang), "level": "core" if p.core else "detail"}

        return {
            "card": card.id,
            "lang": lang,
            "suggested": self.suggested,
            "reason": self.reason.rsplit(".", 1)[-1],
            "explanation": t(self.reason, lang),
            "statements": self.statements,
            "hit": [{**point(h.point), "clause": h.clause} for h in self.evidence],
            "missed": [point(p) for p in self.missed],
            "contradictions": [
                {"statement": c.statement, "wrong": c.wrong(lang), "correction": c.why(lang)}
                for c in self.contradictions
            ],
        }


def concepts_of(card: Card) -> dict:
    return {**LEXICON, **card.concepts}


def suggest_rating(
    core_hit: int, core_total: int, detail_hit: int, detail_total: int, wrong: int, statements: int
) -> tuple[int, str]:
    """The rating a fair interviewer would give, and the reason (an i18n key)."""
    if not statements:
        return 1, "typed.reason.no_statement"
    core_done = core_hit == core_total
    details_done = detail_total == 0 or 2 * detail_hit >= detail_total
    if wrong:
        if wrong == 1 and core_done and details_done:  # a slip in an otherwise excellent answer
            return 2, "typed.reason.wrong_capped"
        return 1, "typed.reason.wrong"
    if core_done:
        return (4, "typed.reason.complete") if details_done else (3, "typed.reason.core")
    if core_hit or detail_hit >= 2:
        return 2, "typed.reason.partial"
    return 1, "typed.reason.core_missing"


def _DENIES() -> Text:  # noqa: N802 - a constant, built lazily (i18n is not needed before)
    from quizzer.i18n import t

    return Text(en=t("typed.denies", "en"), zh=t("typed.denies", "zh"))


def denials(
    reader: Reader, card: Card, skip: frozenset[int] | set[int]
) -> list[tuple[KeyPoint, int]]:
    """Negated statements of key points: "BN does not use running statistics at inference".

    A clause denies a point when it makes one of the point's claims with a negation on its
    main verb, before something the claim names ("does not use", "never gives", "不经过":
    ``Reader.denies``), a negation the claim does not have; only claims of two concepts or more are specific enough
    ("BN + running statistics + inference", not "absolute value" in "不超过 λ"). A clause that makes one of the card's negated
    claims ("L2 never gives exact zeros") is a correct negative statement, not a denial.
    """
    claims = [c for p in card.key_points for c in p.claims]
    correct = set(reader.every([c for c in claims if parse_claim(c).negated], borrow=False))
    found, seen = [], set(skip) | correct
    for point in card.key_points:
        for claim in point.claims:
            parsed = parse_claim(claim)
            if parsed.negated or len(parsed.required) < 2:  # one concept: too broad to deny
                continue
            denied = (
                c
                for c in reader.find_all(
                    f"not: {claim}", borrow=False, skip=frozenset(seen), accusing=True
                )
                if reader.denies(c, claim)
            )
            c = next(denied, None)
            if c is not None:
                found.append((point, c))
                seen.add(c)
                break
    return found


def check_typed(card: Card, answer: str, *, wrapped: bool = False) -> TypedResult:
    """Which key points the answer states, which wrong statements it makes, and a rating.

    Each typed line ends a sentence; ``wrapped`` reads Markdown whose lines are wrapped (a
    card's own answer), where only a blank line or a bullet does.
    """
    reader = Reader(Answer(answer, wrapped), concepts_of(card))
    clauses = reader.answer.clauses
    scoring = {
        name
        for claims in (
            *(p.claims for p in card.key_points),
            *(w.claims for w in card.wrong_statements()),
        )
        for claim in claims
        for name in parse_claim(claim).required
    }
    # terms strung together behind a verb state nothing (the card's terms and those that score)
    strings = reader.term_strings(scoring | set(card.concepts) | set(NAMES))
    statements = sum(c.statement for i, c in enumerate(clauses) if i not in strings)
    contradictions, wrong_clauses = [], set()
    for wrong in card.wrong_statements():  # named once, and every clause making it earns nothing
        found = sorted(set(reader.every(wrong.claims, borrow=False, accusing=True)))
        if found:
            contradictions.append(Contradiction(clauses[found[0]].text, wrong.text, wrong.why))
            wrong_clauses.update(found)
    for point, found in denials(reader, card, wrong_clauses | strings):
        contradictions.append(Contradiction(clauses[found].text, _DENIES(), point.text))
        wrong_clauses.add(found)
    hit, missed, evidence = [], [], []
    used: Counter[int] = Counter()
    # a wrong statement earns no point ("γ shifts, β scales"), nor does a clause that leans on it
    # with a pronoun ("the L2 ball is a diamond, so the contours touch it at a corner")
    leaning = {c for c in range(1, len(clauses)) if c - 1 in wrong_clauses and clauses[c].pronoun}
    skip = frozenset(wrong_clauses | leaning) | strings
    for point in card.key_points:
        found = next(
            (c for c in reader.every(point.claims, skip=skip) if used[c] < POINTS_PER_CLAUSE),
            None,
        )
        if found is None:
            missed.append(point)
        else:
            used[found] += 1
            hit.append(point)
            evidence.append(Hit(point, clauses[found].text))
    core = [p for p in card.key_points if p.core]
    detail = [p for p in card.key_points if not p.core]
    rating, reason = suggest_rating(
        sum(p in hit for p in core), len(core), sum(p in hit for p in detail), len(detail),
        len(contradictions), statements,
    )  # fmt: skip
    return TypedResult(
        tuple(hit),
        tuple(missed),
        rating,
        tuple(evidence),
        tuple(contradictions),
        statements,
        reason,
    )


# -- multiple choice -------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One multiple-choice option of question ``choice``; ``distractor_index`` None if correct."""

    correct: bool
    distractor_index: int | None
    choice: int = 0


def choice_options(card: Card, rng, turn: int = 0) -> tuple[Option, ...]:
    """Question ``turn`` (modulo the card's questions): its options, shuffled by ``rng``."""
    index = turn % len(card.choices)
    choice = card.choices[index]
    options = [Option(True, None, index)] + [
        Option(False, i, index) for i in range(len(choice.distractors))
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
