"""Rich views of the deck: the card list, one card in panels, validation problems."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import COLOR_SYSTEMS, Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from quizzer.cards import Card
from quizzer.deck import Problem
from quizzer.render.wrap import Wrapped

# above this many rows, list prints aligned columns itself: a Rich Table takes ~0.5 ms a row
RICH_TABLE_ROWS = 300
NARROW = 72  # below this many columns, list shows number, id and title only

LABELS = {
    "en": {
        "id": "id", "title": "title", "tags": "tags", "difficulty": "difficulty",
        "challenge": "challenge", "question": "Question", "answer": "Answer",
        "key_points": "Key points", "notes": "Where the write-up is wrong or loose",
        "error": "error", "loose": "loose", "seed": "Write-up", "figure": "Figure",
        "implement": "Implement it", "functions": "functions", "cards": "cards",
        "source": "The write-up: the Chinese interview notes on regularization that these "
                  "cards were made from.",
    },
    "zh": {
        "id": "id", "title": "标题", "tags": "标签", "difficulty": "难度",
        "challenge": "编程题", "question": "问题", "answer": "答案",
        "key_points": "要点", "notes": "原文的错误与不严谨之处",
        "error": "错误", "loose": "不严谨", "seed": "原文", "figure": "图",
        "implement": "动手实现", "functions": "函数", "cards": "张卡片",
        "source": "原文：这些卡片所依据的那篇关于正则化的中文面试笔记。",
    },
}  # fmt: skip
COLUMN_STYLES = ("dim", "bold cyan", "", "magenta", "yellow", "green")


def _label(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"])[key]


def difficulty_stars(level: int) -> str:
    return "★" * level + "☆" * (5 - level)


def _rows(cards: Sequence[Card], lang: str) -> list[tuple[str, ...]]:
    return [
        (
            str(card.number),
            card.id,
            card.title(lang),
            ", ".join(card.tags),
            difficulty_stars(card.difficulty),
            "✓" if card.challenge else "–",
        )
        for card in cards
    ]


def print_card_list(console: Console, cards: Sequence[Card], lang: str) -> None:
    """The ``quizzer list`` table: number, id, title, tags, difficulty, challenge."""
    headers = ("#", *(_label(lang, k) for k in ("id", "title", "tags", "difficulty", "challenge")))
    if len(cards) > RICH_TABLE_ROWS:
        _print_columns(console, headers, _columns(cards, lang))
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    shown = range(len(headers)) if console.width >= NARROW else range(3)  # #, id, title
    for i in shown:
        header, style = headers[i], COLUMN_STYLES[i]
        justify = "right" if header == "#" else ("center" if style == "green" else "left")
        whole = i < 2  # the number and the id you type never wrap
        table.add_column(
            header, style=style or None, justify=justify, overflow="fold", no_wrap=whole
        )
    for row in _rows(cards, lang):
        table.add_row(*row[: len(shown)])
    console.print(table)


def _columns(cards: Sequence[Card], lang: str) -> list[list[str]]:
    """The table's cells column by column (what ``_rows`` gives row by row), built fast."""
    stars = [difficulty_stars(level) for level in range(6)]
    tags: dict[tuple[str, ...], str] = {}
    return [
        [str(card.number) for card in cards],
        [card.id for card in cards],
        [card.title.zh for card in cards] if lang == "zh" else [card.title.en for card in cards],
        [tags.get(t) or tags.setdefault(t, ", ".join(t)) for t in (card.tags for card in cards)],
        [stars[card.difficulty] for card in cards],
        ["✓" if card.challenge else "–" for card in cards],
    ]


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fit(text: str, width: int) -> str:
    if text.isascii():
        return text[: width - 1] + "…" if len(text) > width else text.ljust(width)
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def _fitted(column: list[str], width: int, style: Style, system) -> list[str]:
    """A column's cells padded (or cut) to ``width`` cells and styled, each distinct value once."""
    before = after = ""
    if system:  # the codes around any text in this style
        before, _, after = style.render("\0", color_system=system).partition("\0")
    if all(map(str.isascii, column)) and max(map(len, column), default=0) <= width:
        if before or after:
            return [f"{before}{text.ljust(width)}{after}" for text in column]
        return [text.ljust(width) for text in column]
    memo: dict[str, str] = {}
    return [memo.get(t) or memo.setdefault(t, f"{before}{_fit(t, width)}{after}") for t in column]


def _print_columns(console: Console, headers: Sequence[str], columns: list[list[str]]) -> None:
    """Aligned columns for thousands of rows: the look of the table, at a fraction of its cost."""
    values = [max(map(_width, set(col)), default=1) for col in columns]
    widths = [max(_width(h), v) for h, v in zip(headers, values, strict=True)]
    gap = 2
    spare = console.width - (sum(widths) + gap * (len(widths) - 1))
    # to fit the terminal: shrink tags, then the title, then cut the last two headers to their
    # values, then tags and title further; number and id stay whole
    steps = ((3, 12), (2, 12), (5, max(values[5], 4)), (4, max(values[4], 4)), (3, 6), (2, 6))
    for col, floor in steps:
        cut = min(-spare, widths[col] - floor)
        if cut > 0:
            widths[col] -= cut
            spare += cut
    system = COLOR_SYSTEMS.get(console.color_system or "", None)
    styles = [Style.parse(s) if s else Style() for s in COLUMN_STYLES]
    bold = Style(bold=True)
    sep = " " * gap
    header = [_fitted([h], w, bold, system)[0] for h, w in zip(headers, widths, strict=True)]
    header[0] = _fitted([headers[0].rjust(widths[0])], widths[0], bold, system)[0]
    cells = [_fitted([n.rjust(widths[0]) for n in columns[0]], widths[0], styles[0], system)]
    cells += [
        _fitted(col, w, style, system)
        for col, w, style in zip(columns[1:], widths[1:], styles[1:], strict=True)
    ]
    lines = [sep.join(header).rstrip(), sep.join("─" * w for w in widths)]
    lines += [sep.join(parts).rstrip() for parts in zip(*cells, strict=True)]
    console.file.write("\n".join(lines) + "\n")
    console.file.flush()


def _md(text: str) -> RenderableType:
    from quizzer.mathmarkdown import markdown_math_to_text
    from quizzer.render.markdown import CardMarkdown  # markdown-it costs ~40 ms: only ``show``

    return CardMarkdown(markdown_math_to_text(text))


def card_renderable(
    card: Card, lang: str, *, answer: bool = True, width: int = 80
) -> RenderableType:
    """A card as panels: the question, then (unless ``answer`` is False) answer, key points, notes."""
    header = Text.assemble(
        (f"{card.number}. ", "dim"),
        (card.title(lang), "bold"),
        ("  ", ""),
        (card.id, "cyan"),
        ("  " + difficulty_stars(card.difficulty), "yellow"),
        ("  " + " ".join(f"#{t}" for t in card.tags), "magenta"),
    )
    parts: list[RenderableType] = [
        Wrapped(header),
        Panel(
            _md(card.question(lang)),
            title=_label(lang, "question"),
            title_align="left",
            border_style="cyan",
        ),
    ]
    if answer:
        parts.append(
            Panel(
                _md(card.answer(lang)),
                title=_label(lang, "answer"),
                title_align="left",
                border_style="green",
            )
        )
        if card.figure:
            from quizzer.render.figures import figure_renderable  # plotext: only when drawn

            parts.append(
                Panel(
                    figure_renderable(card.figure, lang, max(width - 4, 20)),
                    title=_label(lang, "figure"),
                    title_align="left",
                    border_style="blue",
                )
            )
        points = "\n".join(f"{i}. {kp.text(lang)}" for i, kp in enumerate(card.key_points, 1))
        parts.append(
            Panel(
                _md(points),
                title=_label(lang, "key_points"),
                title_align="left",
                border_style="yellow",
            )
        )
        if card.notes:
            parts.append(
                Panel(Group(Wrapped(_label(lang, "source"), style="dim"), Text(),
                            *(_note(note, lang) for note in card.notes)),
                      title=_label(lang, "notes"), title_align="left", border_style="red")
            )  # fmt: skip
    if card.challenge:
        from quizzer.challenges import CHALLENGES

        funcs = ", ".join(CHALLENGES.get(card.challenge, ()))
        parts.append(
            Text.assemble(
                (f"{_label(lang, 'implement')}: ", "bold"),
                (card.challenge, "cyan"),
                (f"  ({_label(lang, 'functions')}: {funcs})" if funcs else "", "dim"),
            )
        )
    return Group(*parts)


def _note(note, lang: str) -> RenderableType:
    style = "bold red" if note.kind == "error" else "bold yellow"
    head = Text.assemble(
        (f"[{_label(lang, note.kind)}] ", style),
        (f"{_label(lang, 'seed')}: ", "dim"),
        f"「{note.seed}」",
    )
    return Group(Wrapped(head), Padding(_md(note.text(lang)), (0, 0, 1, 2)))


def print_card(console: Console, card: Card, lang: str, *, answer: bool = True) -> None:
    console.print(card_renderable(card, lang, answer=answer, width=console.width))


def print_problems(console: Console, problems: Sequence[Problem]) -> None:
    """Each problem as ``path:line: field: message`` (plain, so editors and scripts can jump to it)."""
    for problem in problems:
        console.print(Text(str(problem)), soft_wrap=True)


def print_ok(console: Console, cards: int, files: int) -> None:
    console.print(
        Text.assemble(("OK", "bold green"), f": {cards} cards in {files} files, no problems")
    )
