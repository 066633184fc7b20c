"""``show`` on a fixed-width console: every bundled card fits, loses no text, wraps Chinese well."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len  # noqa: TID251 - terminal cell widths, as the renderer counts them
from rich.text import Text  # noqa: TID251 - join_cjk works on Rich's styled text

from quizzer.deck import load_deck
from quizzer.mathmarkdown import markdown_math_to_text
from quizzer.render import console as make_console
from quizzer.render.deck import print_card
from quizzer.render.markdown import CardMarkdown, join_cjk

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")  # Han only: the characters a reader reads
HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# a space between two Chinese characters, or between one and full-width punctuation
STRAY = re.compile(rf"[{HAN}，。、；：！？）] +[{HAN}]|[{HAN}] +[{HAN}，。、；：！？（]")
NO_LINE_START = re.escape(
    "，。、；：！？）」』》〉】〕,.;:!?)]}%…—"
)  # kept with the character before
WORD = re.compile(r"[A-Za-z0-9]+")

CARDS = list(load_deck().cards)


def render(card, lang: str, width: int) -> str:
    out = io.StringIO()
    print_card(make_console(file=out, width=width), card, lang)
    return out.getvalue()


def han(text: str) -> str:
    return "".join(CJK.findall(text))


def words(text: str) -> str:
    return " ".join(WORD.findall(text))


def shown_texts(card, lang: str) -> list[str]:
    """What ``show`` prints from the card, each as the reader should see it (math converted)."""
    texts = [card.question(lang), card.answer(lang)]
    texts += [point.text(lang) for point in card.key_points]
    texts += [note.text(lang) for note in card.notes]
    return [markdown_math_to_text(t) for t in texts]


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("card", CARDS, ids=[c.id for c in CARDS])
def test_show_fits_the_width_and_loses_no_text(card, lang, width):
    out = render(card, lang, width)
    for line in out.splitlines():
        assert cell_len(line) <= width, f"line wider than {width}: {line!r}"
    for text in shown_texts(card, lang):
        # every Chinese character in order, every Latin word whole and in order
        assert han(text) in han(out), f"Chinese text lost or reordered: {text[:60]!r}"
        assert words(text) in words(out), f"words lost or split: {text[:60]!r}"
    if lang == "zh":
        for text in (card.title(lang), *(note.seed for note in card.notes)):
            assert han(text) in han(out)


def panels(out: str) -> dict[str, list[str]]:
    """The inside of each panel, by title, each line without the border and padding."""
    found: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in out.splitlines():
        if line.startswith("╭─ "):
            lines = found.setdefault(line[3:].split(" ─")[0], [])
        elif line.startswith("│ ") and line.endswith(" │"):
            lines.append(line[2:-2].rstrip())
    return found


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("card", CARDS, ids=[c.id for c in CARDS])
def test_chinese_show_has_no_stray_spaces_and_no_ragged_lines(card, width):
    out = render(card, "zh", width)
    inner = width - 4
    shown = panels(out)
    for title in ("问题", "答案", "要点", "原文的错误与不严谨之处"):
        for here, after in zip(shown.get(title, []), [*shown.get(title, [])[1:], ""], strict=True):
            if title == "原文的错误与不严谨之处" and "原文" in here:
                continue  # the seed quote is verbatim, spaces and all
            assert not STRAY.search(here), f"a space between Chinese characters: {here!r}"
            # inside a Chinese paragraph a line ends short only when the next line's first
            # character (with the closing punctuation that may not start a line) does not fit
            head = re.match(rf"[{HAN}][{NO_LINE_START}]*", after.lstrip())
            if here and head and CJK.match(here[-1]):
                assert cell_len(here) + cell_len(head.group()) > inner, f"ragged: {here!r}"


def test_soft_breaks_between_chinese_characters_are_joined():
    md = CardMarkdown("BN 先把每个通道\n标准化，再做平移。\n**恒等变换。** 取这一批数据\nthe end")
    out = io.StringIO()
    make_console(file=out, width=80).print(md)
    assert out.getvalue().splitlines()[0].rstrip() == (
        "BN 先把每个通道标准化，再做平移。恒等变换。取这一批数据 the end"
    )


def test_hard_breaks_stay_and_long_chinese_wraps_without_loss():
    text = "均值和方差" * 20
    md = CardMarkdown(f"第一行\\\n第二行\n\n{text}")
    out = io.StringIO()
    make_console(file=out, width=30).print(md)
    lines = [ln.rstrip() for ln in out.getvalue().splitlines()]
    assert lines[:2] == ["第一行", "第二行"]
    assert "".join(lines[3:]) == text
    assert all(cell_len(ln) == 30 for ln in lines[3:-1])  # full lines: no ragged edge


def test_join_cjk_keeps_styles_on_the_right_characters():
    text = Text("加粗。 后文 and 中 文")
    text.stylize("bold", 0, 3)
    joined = join_cjk(text)
    assert joined.plain == "加粗。后文 and 中文"
    assert [(s.start, s.end, str(s.style)) for s in joined.spans] == [(0, 3, "bold")]
