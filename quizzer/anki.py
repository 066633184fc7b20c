"""``quizzer export-anki OUT.apkg``: the cards as an Anki package (genanki), one note per card and language.

Front: the question. Back: the key points, then the full answer, then the card's
figure as an embedded PNG (drawn by ``quizzer.plots`` when matplotlib is installed).
Card Markdown becomes HTML (markdown-it-py) and its ``$...$`` / ``$$...$$`` math
becomes MathJax ``\\( ... \\)`` / ``\\[ ... \\]``, which Anki and AnkiDroid render
natively. The math is cut out before the Markdown is rendered, so ``_`` and ``*``
inside a formula never turn into emphasis.

Ids are stable: a note's GUID is derived from its card id and language, the
model's id from a fixed name and each deck's id from its name, so importing a
new export updates the notes already in Anki instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LANG_CHOICES = ("en", "zh", "both")
DECK_NAMES = {"en": "quizzer::Regularization (English)", "zh": "quizzer::正则化（中文）"}
MODEL_NAME = "quizzer card v1"
_FIELDS = ("Question", "KeyPoints", "Answer", "Figure", "CardId", "Lang")
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black;
  background: white; max-width: 46em; margin: 0 auto; }
.keypoints { background: #f3f6fa; border-left: 4px solid #4e79a7; padding: .3em 1em; }
.figure img { max-width: 100%; }
code { background: #f2f2f2; padding: 0 .2em; }
.nightMode .keypoints { background: #1f2630; } .nightMode code { background: #333; }"""
_FRONT = '<div class="question">{{Question}}</div>'
_BACK = (
    "{{FrontSide}}<hr id=answer>"
    '<div class="keypoints">{{KeyPoints}}</div><div class="answer">{{Answer}}</div>'
    '<div class="figure">{{Figure}}</div>'
)
_HEADINGS = {"en": "Key points", "zh": "要点"}

# $$display$$ first, then $inline$ (not \$, not an empty $$)
_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.S)


class ExportError(ValueError):
    pass


@dataclass
class ExportSummary:
    path: Path
    notes: dict[str, int]  # language -> notes
    figures: list[str] = field(default_factory=list)  # media files embedded
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "file": str(self.path),
            "notes": self.notes,
            "figures": self.figures,
            "warnings": self.warnings,
        }


def stable_id(*parts: str) -> int:
    """A 31-bit id from ``parts`` (Anki's model and deck ids are 64-bit ints; small is safe)."""
    digest = hashlib.sha256("\x1f".join(("quizzer", *parts)).encode()).digest()
    return 1 << 30 | int.from_bytes(digest[:4], "big") >> 2


def markdown_html(text: str) -> str:
    """Card Markdown to HTML, its LaTeX math as MathJax delimiters."""
    maths: list[str] = []

    def cut(match: re.Match) -> str:
        display, inline = match.group(1), match.group(2)
        body = html.escape((display if display is not None else inline).strip(), quote=False)
        maths.append(f"\\[{body}\\]" if display is not None else f"\\({body}\\)")
        return f"QZMATH{len(maths) - 1}QZ"

    rendered = _md().render(_join_cjk_lines(_MATH.sub(cut, text)))
    return re.sub(r"QZMATH(\d+)QZ", lambda m: maths[int(m.group(1))], rendered).strip()


def _join_cjk_lines(text: str) -> str:
    """A line break between two Chinese characters is no space (HTML would show one)."""
    from quizzer.render.markdown import _CJK  # the one definition of what is CJK

    return re.sub(rf"(?<=[{_CJK}])\n[ \t]*(?=[{_CJK}])", "", text)


@cache
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _tags(card) -> list[str]:
    return ["quizzer", *(re.sub(r"\s+", "_", t) for t in card.tags)]


def build_package(cards, langs: tuple[str, ...], media_dir: Path):
    """``(genanki.Package, figures, warnings)`` for ``cards`` in ``langs``; images go to ``media_dir``."""
    import genanki

    model = genanki.Model(
        stable_id("model", MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": f} for f in _FIELDS],
        templates=[{"name": "Card", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    figures, warnings = _figures(cards, langs, media_dir)
    decks = []
    for lang in langs:
        deck = genanki.Deck(stable_id("deck", DECK_NAMES[lang]), DECK_NAMES[lang])
        for card in cards:
            points = "".join(f"<li>{markdown_html(kp.text(lang))}</li>" for kp in card.key_points)
            image = figures.get((card.figure, lang))
            figure = f'<img src="{image.name}">' if image is not None else ""
            fields = [
                markdown_html(card.question(lang)),
                f"<b>{_HEADINGS[lang]}</b><ul>{points}</ul>",
                markdown_html(card.answer(lang)),
                figure,
                card.id,
                lang,
            ]
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=fields,
                    tags=_tags(card),
                    guid=genanki.guid_for("quizzer", card.id, lang),
                )
            )
        decks.append(deck)
    package = genanki.Package(decks)
    package.media_files = sorted({str(p) for p in figures.values()})
    return package, sorted({p.name for p in figures.values()}), warnings


def _figures(cards, langs, media_dir: Path) -> tuple[dict, list[str]]:
    """``{(figure, lang): png path}``; without matplotlib, none and a warning saying so."""
    from quizzer import plots

    names = sorted({c.figure for c in cards if c.figure})
    if not names:
        return {}, []
    try:
        plots._matplotlib()
    except plots.PlotsUnavailable:
        return {}, [f"figures not embedded: drawing them needs matplotlib ({plots.EXTRA})"]
    out, warnings = {}, []
    for lang in langs:
        draw = lang
        if lang == "zh" and plots.cjk_font() is None:
            draw = "en"  # the same picture as the English one: reuse it
            warnings.append(
                "no CJK font found by matplotlib: the Chinese notes show the figures with "
                "English labels"
            )
        for name in names:
            path = media_dir / f"quizzer-{name}-{draw}.png"
            if not path.exists():
                path.write_bytes(plots.cached_png(name, draw))
            out[(name, lang)] = path
    return out, warnings


def export_anki(out: str | Path, lang: str = "both", decks: list | tuple = ()) -> ExportSummary:
    """Write the deck's cards to ``out`` (.apkg) in ``lang`` (en, zh or both)."""
    from quizzer.deck import load_deck

    out = Path(out)
    if out.suffix.lower() != ".apkg":
        raise ExportError(f"the Anki package must end in .apkg, got {str(out)!r}")
    if lang not in LANG_CHOICES:
        raise ExportError(f"unknown --lang {lang!r}: choose one of {', '.join(LANG_CHOICES)}")
    if out.is_dir():
        raise ExportError(f"{out} is a folder")
    langs = ("en", "zh") if lang == "both" else (lang,)
    cards = list(load_deck(list(decks)))
    with tempfile.TemporaryDirectory(prefix="quizzer-anki-") as media:
        package, figures, warnings = build_package(cards, langs, Path(media))
        package.write_to_file(str(out))
    return ExportSummary(
        out, {lg: len(cards) for lg in langs}, figures, list(dict.fromkeys(warnings))
    )
