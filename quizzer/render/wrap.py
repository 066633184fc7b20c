"""Line wrapping that knows Chinese is written without spaces.

Rich wraps at spaces only, so a Chinese sentence is one long "word": it jumps
to a fresh line, leaving a short ragged line behind, and breaks mid-sentence
next to any Latin word. ``Wrapped`` breaks between any two CJK characters and
at spaces, keeps Latin words whole (folding only words wider than a line),
never starts a line with closing punctuation such as ``，`` or ``。`` and never
ends one with opening punctuation such as ``（`` or ``「``.
"""

from __future__ import annotations

import re
from functools import cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

_CJK = r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_NO_LINE_START = "，。、；：！？）」』》〉】〕,.;:!?)]}%…—"
_NO_LINE_END = "（「『《〈【〔“‘"
# a unit is: a run of spaces | one CJK char | a run of other non-space chars;
# each may carry opening punctuation that must not end a line, and closing
# punctuation that must not start one
_UNITS = rf"\s+|[{_NO_LINE_END}]*(?:[{_CJK}]|[^\s{_CJK}]+)[{re.escape(_NO_LINE_START)}]*"


@cache
def _units() -> re.Pattern:
    return re.compile(_UNITS)  # compiled on first use: ``quizzer stats`` never wraps CJK


def break_offsets(plain: str, width: int) -> list[int]:
    """Offsets where lines start (after the first), for a greedy fill to ``width`` cells."""
    offsets: list[int] = []
    line = 0
    for match in _units().finditer(plain):
        unit = match.group()
        size = cell_len(unit)
        if unit.isspace():
            line += size  # trailing spaces may overhang; they are stripped
            continue
        if line + size <= width or line == 0 and size <= width:
            line += size
            continue
        if line > 0:
            offsets.append(match.start())
            line = 0
        if size <= width:
            line = size
            continue
        start = match.start()  # fold a unit wider than the line
        first = 0  # where the unit's current line starts
        for i, ch in enumerate(unit):
            w = cell_len(ch)
            if line + w > width and line > 0:
                cut = i  # a closing mark takes the character before it along
                while cut - 1 > first and unit[cut] in _NO_LINE_START:
                    cut -= 1
                offsets.append(start + cut)
                first = cut
                line = cell_len(unit[cut:i])
            line += w
    return offsets


class Wrapped:
    """A ``Text`` wrapped CJK-aware to the width it is given."""

    def __init__(self, text: Text | str, style: str = ""):
        self.text = Text(text, style=style) if isinstance(text, str) else text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 1)
        for paragraph in self.text.split("\n", allow_blank=True):  # a hard break stays one
            plain = paragraph.plain
            lines = paragraph.divide(break_offsets(plain, width)) if plain else [paragraph]
            for line in lines:
                line.rstrip()
                line.end = "\n"
                yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = [m.group() for m in _units().finditer(self.text.plain) if not m.group().isspace()]
        longest = max((cell_len(w) for w in words), default=1)
        widest = cell_len(self.text.plain)
        return Measurement(min(longest, widest, 12), max(widest, 1)).clamp(
            max_width=options.max_width
        )


def markdown(text: str):
    """Rich ``Markdown`` whose paragraphs (in lists and quotes too) wrap like ``Wrapped``.

    Rich wraps Markdown at spaces only: a Chinese paragraph leaves ragged lines
    and can start a line with ``。``.
    """
    from rich.markdown import Markdown, Paragraph  # markdown-it is imported on use only

    class _Paragraph(Paragraph):
        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            yield Wrapped(self.text)

    class _Markdown(Markdown):
        elements = {**Markdown.elements, "paragraph_open": _Paragraph}

    return _Markdown(text)
