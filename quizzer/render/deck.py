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

from quizzer.cards import Card, Problem
from quizzer.render.wrap import Wrapped

# above this many rows, list prints aligned columns itself: a Rich Table takes ~0.5 ms a row
RICH_TABLE_ROWS = 300

LABELS = {
    "en": {
        "id": "id", "title": "title", "tags": "tags", "difficulty": "difficulty",
        "challenge": "challenge", "question": "Question", "answer": "Answer",
        "key_points": "Key points", "notes": "Where the seed is wrong or loose",
        "error": "error", "loose": "loose", "seed": "Seed", "figure": "Figure",
        "implement": "Implement it", "functions": "functions", "cards": "cards",
    },
    "zh": {
        "id": "id", "title": "标题", "tags": "标签", "difficulty": "难度",
        "challenge": "编程题", "question": "问题", "answer": "答案",
        "key_points": "要点", "notes": "原文的错误与不严谨之处",
        "error": "错误", "loose": "不严谨", "seed": "原文", "figure": "图",
        "implement": "动手实现", "functions": "函数", "cards": "张卡片",
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
    rows = _rows(cards, lang)
    if len(rows) > RICH_TABLE_ROWS:
        _print_columns(console, headers, rows)
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for header, style in zip(headers, COLUMN_STYLES, strict=True):
        justify = "right" if header == "#" else ("center" if style == "green" else "left")
        table.add_column(header, style=style or None, justify=justify, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fit(text: str, width: int) -> str:
    if text.isascii():
        return text[: width - 1] + "…" if len(text) > width else text.ljust(width)
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def _print_columns(console: Console, headers: Sequence[str], rows: list[tuple[str, ...]]) -> None:
    """Aligned columns for thousands of rows: the look of the table, at a fraction of its cost."""
    columns = list(zip(*rows, strict=True))
    widths = [
        max(_width(h), *map(_width, set(col))) for h, col in zip(headers, columns, strict=True)
    ]
    gap = 2
    spare = console.width - (sum(widths) + gap * (len(widths) - 1))
    for col in (2, 3):  # shrink title, then tags, to fit the terminal
        if spare < 0:
            cut = min(-spare, widths[col] - 8)
            if cut > 0:
                widths[col] -= cut
                spare += cut
    system = COLOR_SYSTEMS.get(console.color_system or "", None)
    styles = [Style.parse(s) if s else Style() for s in COLUMN_STYLES]

    def cell(text: str, i: int, style: Style) -> str:
        padded = text.rjust(widths[i]) if i == 0 else _fit(text, widths[i])
        return style.render(padded, color_system=system) if system else padded

    bold = Style(bold=True)
    sep = " " * gap
    lines = [
        sep.join(cell(h, i, bold) for i, h in enumerate(headers)).rstrip(),
        sep.join("─" * w for w in widths),
    ]
    rendered = []
    for i, column in enumerate(columns):  # tags, stars and ticks repeat: render each value once
        memo: dict[str, str] = {}
        out = []
        for text in column:
            done = memo.get(text)
            if done is None:
                done = memo[text] = cell(text, i, styles[i])
            out.append(done)
        rendered.append(out)
    lines += [sep.join(parts).rstrip() for parts in zip(*rendered, strict=True)]
    console.file.write("\n".join(lines) + "\n")
    console.file.flush()


def _md(text: str) -> RenderableType:
    from quizzer.mathtext import markdown_math_to_text
    from quizzer.render.markdown import CardMarkdown  # markdown-it costs ~40 ms: only ``show``

    return CardMarkdown(markdown_math_to_text(text))


def _figure(name: str, lang: str, width: int) -> RenderableType | None:
    """The card's figure, when the figures module is installed."""
    try:
        from quizzer.render.figures import figure_renderable
    except ImportError:
        return None
    return figure_renderable(name, lang, width)


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
            figure = _figure(card.figure, lang, max(width - 4, 20))
            if figure is not None:
                parts.append(
                    Panel(
                        figure,
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
                Panel(Group(*(_note(note, lang) for note in card.notes)), title=_label(lang, "notes"),
                      title_align="left", border_style="red")
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
