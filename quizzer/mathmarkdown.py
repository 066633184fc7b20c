"""Markdown whose ``$...$`` and ``$$...$$`` math is replaced by readable Unicode text.

Finds the math in a card's Markdown (leaving code spans and fenced code blocks alone),
converts each formula with ``quizzer.mathtext.math_to_text`` and escapes the result
so that Markdown reads it as plain text.
"""

from __future__ import annotations

import re

from quizzer.mathtext import math_to_text

__all__ = ["markdown_math_to_text"]

_MATH_IN_MD = re.compile(
    r"(?P<fence>^```.*?^```[ \t]*$)"
    r"|(?P<code>`[^`\n]+`)"
    r"|(?<!\\)\$\$(?P<display>.+?)\$\$"
    r"|(?<![\\$])\$(?P<inline>[^$\n]+?)(?<!\\)\$(?!\$)",
    re.S | re.M,
)
_BLOCK = "\x00display\x00"
_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|#~])")


def _escape(text: str) -> str:
    return _MD_ACTIVE.sub(r"\\\1", text)


def markdown_math_to_text(markdown: str) -> str:
    """Markdown with every ``$...$`` / ``$$...$$`` replaced by its Unicode text (escaped for Markdown).

    Display math becomes its own paragraph, one line per formula line.
    Code spans and fenced code blocks are left alone.
    """

    def replace(match: re.Match) -> str:
        if match["display"] is not None:
            lines = math_to_text(match["display"]).split("\n")
            body = "\\\n".join(
                _escape(line).replace(" ", "\u00a0", len(line) - len(line.lstrip(" ")))
                for line in lines
            )
            return f"{_BLOCK}{body}{_BLOCK}"
        if match["inline"] is not None:
            return _escape(math_to_text(match["inline"]).replace("\n", "; "))
        return match[0]

    text = _MATH_IN_MD.sub(replace, markdown)
    text = re.sub(rf"[ \t]*{_BLOCK}[ \t]*", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + ("\n" if markdown.endswith("\n") else "")
