"""``quizzer export-anki``: open the written .apkg (a zip with an SQLite collection) and read it."""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from quizzer import anki
from quizzer.cli import app
from quizzer.deck import load_deck

FIELDS = list(anki._FIELDS)


def _open(path, tmp_path):
    """(notes by (card, lang), media names, deck ids, model ids) of the package at ``path``."""
    with zipfile.ZipFile(path) as z:
        media = json.loads(z.read("media"))
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
        blobs = {name: z.read(idx) for idx, name in media.items()}
    db = sqlite3.connect(tmp_path / "c.anki2")
    notes = {}
    for guid, mid, tags, flds in db.execute("select guid, mid, tags, flds from notes"):
        fields = dict(zip(FIELDS, flds.split("\x1f"), strict=True))
        notes[(fields["CardId"], fields["Lang"])] = {
            "guid": guid,
            "mid": mid,
            "tags": tags,
            **fields,
        }
    decks = json.loads(db.execute("select decks from col").fetchone()[0])
    models = json.loads(db.execute("select models from col").fetchone()[0])
    card_decks = {row[0] for row in db.execute("select did from cards")}
    db.close()
    return notes, blobs, decks, models, card_decks


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("anki")
    first = anki.export_anki(tmp / "one.apkg", "both")
    second = anki.export_anki(tmp / "two.apkg", "both")
    return tmp, first, second


def test_one_note_per_card_and_language_with_fields_and_tags(exported, tmp_path):
    tmp, summary, _ = exported
    cards = list(load_deck())
    notes, _, _, _, _ = _open(summary.path, tmp_path)
    assert summary.notes == {"en": 11, "zh": 11} and len(notes) == 22
    for card in cards:
        for lang in ("en", "zh"):
            note = notes[(card.id, lang)]
            assert note["Question"].startswith("<p>")
            assert card.question(lang).split()[0].strip("*") in note["Question"]
            assert note["KeyPoints"].count("<li>") == len(card.key_points)
            assert "<strong>" in note["Answer"] or "<p>" in note["Answer"]
            assert set(note["tags"].split()) == {"quizzer", *card.tags}


def test_math_becomes_mathjax_and_survives_markdown(exported, tmp_path):
    notes, *_ = _open(exported[1].path, tmp_path)
    answer = notes[("dropout", "en")]["Answer"]
    assert (
        r"\[m_i = \begin{cases} 0 &amp; r_i &lt; p \\ \frac{1}{1-p} &amp; r_i \ge p \end{cases}\]"
        in answer
    )
    assert r"\(2^n\)" in answer and r"\(x' = x\)" in answer
    assert "$" not in answer
    assert r"\(\frac{p}{1-p}\sum_{j} (\sum_{i} x_{ij}^2) w_j^2\)" in answer  # _ and ^ kept
    for note in notes.values():
        assert "$" not in note["Question"] + note["KeyPoints"]


def test_markdown_html_unit():
    html = anki.markdown_html("**bold** $a_1 * b_2$ and $$\\sum_i x_i$$, cost \\$5, `code_x`")
    assert "<strong>bold</strong>" in html
    assert r"\(a_1 * b_2\)" in html and r"\[\sum_i x_i\]" in html
    assert "<code>code_x</code>" in html and "$5" in html


def test_figures_are_embedded_images(exported, tmp_path):
    notes, blobs, *_ = _open(exported[1].path, tmp_path)
    cards = {c.id: c for c in load_deck()}
    with_figure = [cid for cid, c in cards.items() if c.figure]
    assert len(with_figure) >= 5
    for cid in with_figure:
        for lang in ("en", "zh"):
            field = notes[(cid, lang)]["Figure"]
            name = field.split('src="')[1].split('"')[0]
            assert cards[cid].figure in name
            assert blobs[name].startswith(b"\x89PNG\r\n\x1a\n")
    assert notes[("bn-params", "en")]["Figure"] == ""
    assert len(exported[1].figures) == len(blobs) >= 5


def test_ids_are_stable_across_exports(exported, tmp_path):
    tmp, one, two = exported
    a, _, decks_a, models_a, dids_a = _open(one.path, tmp_path)
    b, _, decks_b, models_b, dids_b = _open(two.path, tmp_path)
    assert {k: v["guid"] for k, v in a.items()} == {k: v["guid"] for k, v in b.items()}
    assert len({v["guid"] for v in a.values()}) == 22  # one per card and language
    assert set(models_a) == set(models_b) == {str(anki.stable_id("model", anki.MODEL_NAME))}
    assert dids_a == dids_b == {anki.stable_id("deck", n) for n in anki.DECK_NAMES.values()}
    assert {v["mid"] for v in a.values()} == {int(next(iter(models_a)))}
    assert set(decks_a) >= {str(d) for d in dids_a}


def test_cli_one_language_json_and_errors(tmp_path):
    r = CliRunner().invoke(
        app, ["export-anki", str(tmp_path / "zh.apkg"), "--lang", "zh", "--json"]
    )
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["notes"] == {"zh": 11}
    notes, *_ = _open(tmp_path / "zh.apkg", tmp_path)
    assert {lang for _, lang in notes} == {"zh"}
    r = CliRunner().invoke(app, ["export-anki", str(tmp_path / "x.zip")])
    assert r.exit_code == 2 and ".apkg" in r.stderr
    r = CliRunner().invoke(app, ["export-anki", str(tmp_path / "x.apkg"), "--lang", "fr"])
    assert r.exit_code == 2 and "en, zh, both" in r.stderr


def test_without_matplotlib_the_export_says_so(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    r = CliRunner().invoke(app, ["export-anki", str(tmp_path / "q.apkg"), "--lang", "en"])
    assert r.exit_code == 0, r.stderr
    assert "figures not embedded" in r.stderr and "quizzer[plots]" in r.stderr
    notes, blobs, *_ = _open(tmp_path / "q.apkg", tmp_path)
    assert blobs == {} and all(n["Figure"] == "" for n in notes.values())


def test_chinese_soft_line_breaks_are_no_spaces():
    html = anki.markdown_html("这里是**逐元素**相乘，\n  不是向量点积。\n\n第二段 $x$。")
    assert "相乘，不是向量点积。" in html and html.count("<p>") == 2
