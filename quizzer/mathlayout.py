"""Text-level layout of converted math: spacing, and what counts as one term or one factor.

``quizzer.mathtext`` walks the LaTeX tree and glues the pieces together as
text; these functions look at that text: ``wrap`` parenthesises a numerator,
denominator or radicand unless it is one term (or one factor), ``factors``
counts the factors of a term (``m√(σ² + ε)`` is two, ``Var[x]`` one), and
``normalise`` spaces binary operators and unary signs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from quizzer.mathtables import (
    BARS,
    BINARY,
    CASE_BRACE,
    CASE_MARK,
    CLOSERS,
    FUNCTION_WORDS,
    OP_GAP,
    OPENERS,
    PREFIXES,
    QUAD,
    ROOTS,
    SCRIPT_CHARS,
    SIGNS,
)

__all__ = ["attached", "bracketed", "factors", "group_end", "is_operand", "normalise", "wrap"]

# unary-sign context: a sign right after one of these (or at the start) has no space after it
_AFTER_UNARY = BINARY | OPENERS | set(",;:") | {"", "\n", CASE_MARK, CASE_BRACE, QUAD}
_MARKS = "′″∗*"  # attach to the symbol before them, like scripts


def attached(c: str) -> bool:
    return c in SCRIPT_CHARS or c in _MARKS or _combining(c)


def is_operand(char: str) -> bool:
    return (
        bool(char)
        and not char.isspace()
        and char >= " "  # none of the converter's marks
        and char not in BINARY
        and char not in OPENERS | set(CLOSERS) | set(",;:/")
    )


def normalise(text: str) -> str:
    """One space around binary operators, none after a unary sign, single spaces elsewhere."""
    text = re.sub(r"[ \t]+", " ", text)
    out: list[str] = []
    bars = 0
    for i, c in enumerate(text):
        if c == OP_GAP:
            rest = text[i + 1 :].lstrip(" " + OP_GAP)
            if rest and rest[0] not in "(" and rest[0] not in BINARY and rest[0] not in ",;)]":
                out.append(" ")
            continue
        if c == "|":
            bars += 1
        if c == QUAD:
            while out and out[-1] == " ":
                out.pop()
            out.append(c)
            continue
        if c in BINARY:
            prev = "".join(out).rstrip(" ")[-1:]
            unary = c in SIGNS and (prev in _AFTER_UNARY or (prev == "|" and bars % 2 == 1))
            while out and out[-1] == " ":
                out.pop()
            if (
                out
                and out[-1] not in OPENERS
                and out[-1] not in ("\n", CASE_MARK, QUAD)
                and not (unary and prev == "|")
            ):
                out.append(" ")
            out.append(c)
            if not unary:
                out.append(" ")
            continue
        if c == " " and (not out or out[-1] in (" ", QUAD)):
            continue
        out.append(c)
        if c == "," and i + 1 < len(text) and not text[i + 1].isspace():
            out.append(" ")
    joined = _stacked_script().sub(r"\1\2 ", "".join(out))  # =ᵈᵉᶠ from \overset{def}{=}
    joined = re.sub(r" +", " ", joined)
    return "\n".join(line.strip(" ") for line in joined.split("\n"))


@lru_cache(maxsize=1)
def _stacked_script() -> re.Pattern:
    scripts = re.escape("".join(sorted(SCRIPT_CHARS)))
    return re.compile(
        rf"([{re.escape(''.join(sorted(BINARY)))}]) ((?:[{scripts}]+|[_^]\([^()]*\))) ?"
    )


def _top_level(text: str):
    """The characters of ``text`` outside brackets and ‖…‖ / |…| pairs."""
    depth, bars = 0, {"‖": False, "|": False}
    for c in text:
        if c in OPENERS:
            depth += 1
        elif c in CLOSERS:
            depth = max(depth - 1, 0)
        elif c in bars:
            bars[c] = not bars[c]
            continue
        elif depth == 0 and not any(bars.values()):
            yield c


def wrap(text: str, *, strict: bool) -> str:
    """Parenthesise ``text`` unless it is one term; ``strict``: unless it is one factor."""
    text = text.strip()
    if not text or bracketed(text):
        return text
    if "\n" in text or any(c in BINARY or c in " ,/" or c == QUAD for c in _top_level(text)):
        return f"({text})"
    if strict and factors(text) > 1:
        return f"({text})"
    return text


def factors(text: str) -> int:
    """How many factors one term multiplies: m√(σ² + ε) is two; 2.5, σ̂², Var[x], ∂L are one."""
    count, i, n = 0, 0, len(text)
    takes_next = False  # the factor before takes this one as its argument: √x, 𝔼[x], log(x), ∂L
    while i < n:
        c = text[i]
        if c in "_^":  # a script the Unicode tables could not write: _B, _L1, _(n,t)
            i += 1
            if i < n and text[i] in OPENERS:
                i = group_end(text, i)
            elif i < n and text[i].isalnum():  # a bare label: one word, or one symbol
                end = i + 1
                while end < n and text[end].isalnum():
                    end += 1
                i = end
            elif i < n:
                i += 1
            continue
        if attached(c):
            i += 1
            continue
        end = i + 1
        if c in OPENERS or c in BARS:
            end = group_end(text, i)
        elif c.isdigit() or c == ".":
            while end < n and (text[end].isdigit() or text[end] == "."):
                end += 1
        elif c.isascii() and c.isalpha():
            while end < n and text[end].isascii() and text[end].isalpha():
                end += 1
            if text[i:end] not in FUNCTION_WORDS:  # ab is a times b
                count += end - i - 1
                c = text[end - 1]
        count += 0 if takes_next else 1
        takes_next = c in ROOTS or c in PREFIXES or text[i:end] in FUNCTION_WORDS
        i = end
    return count


def group_end(text: str, i: int) -> int:
    """The index just past the bracket group (or |…| / ‖…‖ pair) that starts at ``i``."""
    if text[i] in BARS:
        close = text.find(text[i], i + 1)
        return len(text) if close < 0 else close + 1
    depth = 0
    for j in range(i, len(text)):
        if text[j] in OPENERS:
            depth += 1
        elif text[j] in CLOSERS:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)


def bracketed(text: str) -> bool:
    if not text or text[0] not in OPENERS:
        return False
    return group_end(text, 0) == len(text)


def _combining(c: str) -> bool:
    return "\u0300" <= c <= "\u036f" or "\u20d0" <= c <= "\u20ff"
