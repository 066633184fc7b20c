"""Rich Markdown that lays out Chinese text: CJK-aware wrapping, no stray spaces.

Rich's Markdown wraps paragraphs at spaces only, so a Chinese paragraph
(a sentence is one long "word") wraps raggedly and splits the next Latin word
wherever the line ends; and Markdown turns a soft line break into a space,
which between two Chinese characters is a stray gap. ``CardMarkdown`` keeps
Rich's parsing and styles and changes only how a paragraph is laid out:
spaces between two CJK characters are dropped (so card authors may break
lines anywhere, and ``**加粗。** 后文`` needs no visible space), hard line
breaks stay, and each line is wrapped by ``quizzer.render.wrap``.
"""

from __future__ import annotations

import re
from functools import cache

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown, Paragraph
from rich.text import Text

from quizzer.render.wrap import Wrapped

__all__ = ["CardMarkdown", "join_cjk"]

# Han, kana, CJK punctuation and full-width forms: written without spaces (Hangul is not)
_CJK = r"\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"


# full-width punctuation carries its own spacing: no space after a closing mark, none before one
_CLOSING = "，。、；：！？）」』】〉》"
_OPENING = "（「『【〈《"


@cache
def _gap() -> re.Pattern:
    return re.compile(  # spaces only: a hard break (\n) stays
        rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])"
        rf"|(?<=[{_CLOSING}])[ \t]+(?=\S)"
        rf"|(?<=\S)[ \t]+(?=[{_CLOSING}])"
    )


def join_cjk(text: Text) -> Text:
    """``text`` without the spaces (and soft breaks) between two CJK characters or next to
    full-width punctuation, styles kept."""
    gaps = [m.span() for m in _gap().finditer(text.plain)]
    if not gaps:
        return text
    pieces = text.divide(offset for span in gaps for offset in span)
    joined = Text(style=text.style, justify=text.justify, end=text.end)
    for i, piece in enumerate(pieces):
        if i % 2 == 0:  # odd pieces are the gaps
            joined.append_text(piece)
    return joined


class _Paragraph(Paragraph):
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in join_cjk(self.text).split("\n", allow_blank=True):
            yield Wrapped(line)


class CardMarkdown(Markdown):
    """Markdown whose paragraphs (also inside list items) wrap CJK text properly."""

    elements = {**Markdown.elements, "paragraph_open": _Paragraph}
