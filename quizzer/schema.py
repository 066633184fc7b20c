"""The card format, defined once: the validator and the published JSON Schema both come from here.

``CARD`` describes a card file (format_version 1) as a tree of small spec
objects. Each spec can ``check`` plain data (what YAML loads to) and describe
itself as JSON Schema (``json()``). ``json_schema()`` is what ``quizzer schema``
prints and what ``cards/card.schema.json`` holds; ``check_card`` is what the
deck loader runs. Keep every rule here so the two can never drift apart.

``check_card`` returns ``(path, message)`` pairs, where ``path`` is a tuple of
mapping keys and list indices (inside, specs pass paths as linked ``(parent, key)``
pairs, which cost nothing until a problem is found); the loader turns the path into a line number and a
field name such as ``key_points[2].claims[0]``.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from quizzer.cards import FORMAT_VERSION
from quizzer.challenges import CHALLENGES

FIGURES = ("solution-space", "penalized-loss", "priors", "dropout", "norm-axes")
ID_PATTERN = "[a-z0-9-]+"
TAG_PATTERN = "[a-z0-9-]+"
LANG_KEYS = ("en", "zh")

Path_ = tuple[str | int, ...]
Found = list[tuple[Path_, str]]


def field_name(path: Path_) -> str:
    """``("key_points", 2, "claims")`` -> ``key_points[2].claims``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "card"


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({_short(value)})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class Spec:
    description: str = ""

    def json(self) -> dict[str, Any]:
        raise NotImplementedError

    def check(self, value: Any, path: Path_, out: Found) -> None:
        raise NotImplementedError

    def _json(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema = {"description": self.description, **schema}
        return schema


@dataclass(frozen=True)
class Str(Spec):
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    description: str = ""
    hint: str = ""

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.pattern:
            schema["pattern"] = f"^{self.pattern}$"
        if self.enum:
            schema["enum"] = list(self.enum)
        return self._json(schema)

    def check(self, value: Any, path: Path_, out: Found) -> None:
        if not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, bool | int | float) else ""
            out.append((path, f"expected a string, got {type_name(value)}{hint}"))
        elif not value or value.isspace():
            out.append((path, "must not be empty"))
        elif self.enum and value not in self.enum:
            out.append(
                (path, f"{value!r} is not one of: {', '.join(self.enum)}{_close(value, self.enum)}")
            )
        elif self.pattern and not re.fullmatch(self.pattern, value):
            out.append((path, f"{value!r} must match {self.pattern}{self.hint}"))


@dataclass(frozen=True)
class Int(Spec):
    minimum: int | None = None
    maximum: int | None = None
    const: int | None = None
    description: str = ""

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer"}
        if self.const is not None:
            schema["const"] = self.const
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return self._json(schema)

    def check(self, value: Any, path: Path_, out: Found) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            out.append((path, f"expected an integer, got {type_name(value)}"))
        elif self.const is not None and value != self.const:
            out.append((path, f"unsupported value {value}; this quizzer reads {self.const}"))
        elif self.minimum is not None and self.maximum is not None:
            if not self.minimum <= value <= self.maximum:
                out.append(
                    (path, f"must be between {self.minimum} and {self.maximum}, got {value}")
                )
        elif self.minimum is not None and value < self.minimum:
            out.append((path, f"must be at least {self.minimum}, got {value}"))


@dataclass(frozen=True)
class Nullable(Spec):
    inner: Spec
    description: str = ""

    def json(self) -> dict[str, Any]:
        inner = self.inner.json()
        if "enum" in inner:
            inner = {**inner, "type": [inner["type"], "null"], "enum": [*inner["enum"], None]}
        else:
            inner = {**inner, "type": [inner["type"], "null"]}
        return self._json(inner)

    def check(self, value: Any, path: Path_, out: Found) -> None:
        if value is not None:
            self.inner.check(value, path, out)


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    max_items: int | None = None
    unique: bool = False
    description: str = ""

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        if self.unique:
            schema["uniqueItems"] = True
        return self._json(schema)

    def check(self, value: Any, path: Path_, out: Found) -> None:
        if not isinstance(value, list):
            out.append((path, f"expected a list, got {type_name(value)}"))
            return
        n = len(value)
        if n < self.min_items or (self.max_items is not None and n > self.max_items):
            if self.max_items is None:
                want = f"at least {self.min_items}"
            else:
                want = f"{self.min_items} to {self.max_items}"
            out.append((path, f"needs {want} items, got {n}"))
        for i, item in enumerate(value):
            self.item.check(item, (path, i), out)
        if self.unique:
            seen: set[Any] = set()
            for i, item in enumerate(value):
                if isinstance(item, str) and item in seen:
                    out.append(((path, i), f"{item!r} is listed twice"))
                seen.add(item if isinstance(item, str) else id(item))


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping from names matching ``key_pattern`` to values of one spec."""

    value: Spec
    key_pattern: str = "[a-z0-9_]+"
    description: str = ""

    def json(self) -> dict[str, Any]:
        return self._json(
            {
                "type": "object",
                "propertyNames": {"pattern": f"^{self.key_pattern}$"},
                "additionalProperties": self.value.json(),
            }
        )

    def check(self, value: Any, path: Path_, out: Found) -> None:
        if not isinstance(value, dict):
            out.append((path, f"expected a mapping, got {type_name(value)}"))
            return
        for key, item in value.items():
            if not isinstance(key, str) or not re.fullmatch(self.key_pattern, key):
                out.append(((path, key), f"{key!r} must match {self.key_pattern}"))
            self.value.check(item, (path, key), out)


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = True


@dataclass(frozen=True)
class Obj(Spec):
    fields: dict[str, Field] = field(default_factory=dict)
    description: str = ""
    title: str = ""

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: f.spec.json() for name, f in self.fields.items()},
            "required": [name for name, f in self.fields.items() if f.required],
            "additionalProperties": False,
        }
        if self.title:
            schema = {"title": self.title, **schema}
        return self._json(schema)

    def check(self, value: Any, path: Path_, out: Found) -> None:
        if not isinstance(value, dict):
            out.append((path, f"expected a mapping, got {type_name(value)}"))
            return
        for name, f in self.fields.items():
            if name in value:
                f.spec.check(value[name], (path, name), out)
            elif f.required:
                out.append(((path, name), "required field is missing"))
        for key in value:
            if key not in self.fields:
                known = ", ".join(self.fields)
                out.append(
                    ((path, key), f"unknown field{_close(str(key), self.fields)} (known: {known})")
                )


def _close(word: str, options) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def text(what: str) -> Obj:
    return Obj(
        {lang: Field(Str()) for lang in LANG_KEYS},
        description=f"{what}, in English (en) and Chinese (zh)",
    )


TERMS = Obj(
    {lang: Field(ListOf(Str(), min_items=1)) for lang in LANG_KEYS},
    description="Words or phrases that name the concept (case-, width- and punctuation-"
    "insensitive, stemmed, small typos allowed; Chinese terms match without spaces)",
)
CLAIMS = ListOf(
    Str(pattern=r"(not: ?)?[a-z0-9_]+( [+~-] [a-z0-9_]+)*"),
    min_items=1,
    description="Claims: concepts that must appear together in one clause of a statement, "
    "'a + b'; 'a + b - c': not where c is also named; 'not: a + b': only in a negated clause; "
    "'a ~ x + b ~ y': x said of a and y of b (roles bound, so a swap does not count); "
    "'a ~ x - b ~ x': x said of a and not of b ('a rather than b does x' makes it). "
    "Concept names come from the card's concepts or the shared lexicon",
)
DISTRACTOR = Obj(
    {
        "text": Field(text("A plausible wrong option")),
        "why": Field(text("The misconception behind it, and why it is wrong")),
        "claims": Field(CLAIMS, required=False),
    },
    description="A wrong option; with claims, a typed answer stating it is told why it is wrong",
)
CHOICE = Obj(
    {
        "stem": Field(text("The question asked")),
        "correct": Field(text("The correct option")),
        "distractors": Field(ListOf(DISTRACTOR, min_items=3)),
    },
    description="One multiple-choice question: a stem, one correct option, at least three distractors",
)

CARD = Obj(
    title="quizzer card",
    description="One flashcard of a quizzer deck (format_version 1). "
    "Text fields hold English (en) and Chinese (zh); answers are Markdown with $...$ / $$...$$ math.",
    fields={
        "format_version": Field(Int(const=FORMAT_VERSION, description="The card format version")),
        "id": Field(Str(pattern=ID_PATTERN, description="Unique card id, lowercase [a-z0-9-]")),
        "number": Field(
            Int(
                minimum=1,
                description="Position in the deck (its section of the source write-up, 1..11, for bundled cards)",
            )
        ),
        "title": Field(text("Short title")),
        "question": Field(text("The interview question")),
        "answer": Field(
            text("The model answer (Markdown; inline math $...$, display math $$...$$)")
        ),
        "concepts": Field(
            MapOf(
                TERMS,
                description="Named concepts the claims use (a name from the shared lexicon "
                "may be redefined here)",
            ),
            required=False,
        ),
        "key_points": Field(
            ListOf(
                Obj(
                    {
                        "text": Field(text("The point")),
                        "level": Field(
                            Str(
                                enum=("core", "detail"),
                                description="core (the default): a good answer makes it; "
                                "detail: an excellent one makes most of them",
                            ),
                            required=False,
                        ),
                        "claims": Field(CLAIMS),
                    },
                    description="A point a complete spoken answer must contain",
                ),
                min_items=3,
                max_items=7,
            )
        ),
        "choices": Field(
            ListOf(
                CHOICE,
                min_items=1,
                description="Multiple-choice questions, asked in turn",
            )
        ),
        "misconceptions": Field(
            ListOf(
                Obj(
                    {
                        "text": Field(text("The wrong statement")),
                        "why": Field(text("Why it is wrong, and what is right")),
                        "claims": Field(CLAIMS),
                    }
                ),
                description="Wrong statements a typed answer can make, beyond the distractors",
            ),
            required=False,
        ),
        "tags": Field(ListOf(Str(pattern=TAG_PATTERN), unique=True, description="Lowercase tags")),
        "difficulty": Field(Int(minimum=1, maximum=5, description="1 (recall) .. 5 (derivation)")),
        "notes": Field(
            ListOf(
                Obj(
                    {
                        "kind": Field(Str(enum=("error", "loose"))),
                        "seed": Field(
                            Str(description="The source write-up's own words, quoted exactly")
                        ),
                        "text": Field(text("The correction and why")),
                    }
                ),
                description="Where the source write-up is wrong (error) or loose; [] if nowhere",
            )
        ),
        "challenge": Field(
            Nullable(
                Str(enum=tuple(CHALLENGES)), description="The implement-it challenge id, or null"
            )
        ),
        "solution": Field(
            Nullable(
                Str(),
                description="Path of the reference solution relative to the deck root; null iff challenge is null",
            )
        ),
        "figure": Field(
            Str(enum=FIGURES, description="A terminal figure shown with the card"), required=False
        ),
        "hints": Field(
            ListOf(
                text("A hint (Markdown)"),
                min_items=3,
                description="Progressive hints for the challenge, shown one at a time by "
                "`quizzer hint`: the idea, then the formula, then the shape of the NumPy code "
                "(never the whole solution); only on a card with a challenge",
            ),
            required=False,
        ),
    },
)

NULL_TOGETHER = ("challenge", "solution")  # a card has both or neither


def check_card(data: Any) -> Found:
    """Every way ``data`` breaks the card format, as ``(path, message)`` pairs."""
    out: Found = []
    CARD.check(data, (), out)
    if isinstance(data, dict) and data.get("hints") is not None and data.get("challenge") is None:
        out.append((((), "hints"), "hints belong to a challenge, and challenge is null"))
    first, second = NULL_TOGETHER
    if isinstance(data, dict) and first in data and second in data:
        if (data[first] is None) != (data[second] is None):
            out.append((((), second), f"must be null exactly when {first} is null"))
    if isinstance(data, dict) and not out:
        _check_claims(data, out)
    return [(_flatten(path), message) for path, message in out]


def _claim_lists(data: dict):
    """Every list of claims on a (well-formed) card, with its path."""
    for i, point in enumerate(data["key_points"]):
        yield ("key_points", i, "claims"), point["claims"]
    for q, choice in enumerate(data["choices"]):
        for d, distractor in enumerate(choice["distractors"]):
            if "claims" in distractor:
                yield ("choices", q, "distractors", d, "claims"), distractor["claims"]
    for m, wrong in enumerate(data.get("misconceptions", ())):
        yield ("misconceptions", m, "claims"), wrong["claims"]


def _check_claims(data: dict, out: Found) -> None:
    """Each claim reads, and names only concepts the card or the shared lexicon defines."""
    from quizzer.review.claims import check_claim
    from quizzer.review.lexicon import LEXICON

    known = set(LEXICON) | set(data.get("concepts", {}))
    for flat, claims in _claim_lists(data):
        for i, claim in enumerate(claims):
            problem = check_claim(claim, known)
            if problem:
                linked: tuple = ()
                for part in (*flat, i):
                    linked = (linked, part)
                out.append((linked, problem))


def _flatten(linked: tuple) -> Path_:
    """Checks build paths as linked pairs ``(parent, key)`` (cheap); problems get flat tuples."""
    parts = []
    while linked:
        linked, key = linked
        parts.append(key)
    return tuple(reversed(parts))


def json_schema() -> dict[str, Any]:
    first, second = NULL_TOGETHER
    together = {
        "if": {"properties": {first: {"type": "null"}}, "required": [first]},
        "then": {"properties": {second: {"type": "null"}}},
        "else": {"properties": {second: {"type": "string"}}},
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **CARD.json(), **together}


def schema_text() -> str:
    """The JSON Schema as published in ``cards/card.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
