from __future__ import annotations

import builtins
import io
import json
import random
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.review.answers import choice_options
from quizzer.review.schedule import format_interval
from quizzer.review.session import MODES
from quizzer.review.store import Store
from tests.test_quiz import make_card

IDS = ("regularization", "l1", "dropout")


def _card_data(card) -> dict:
    def t(x):
        return {"en": x.en, "zh": x.zh}

    return {
        "format_version": 1,
        "id": card.id,
        "number": card.number,
        "title": t(card.title),
        "question": t(card.question),
        "answer": t(card.answer),
        "concepts": {
            name: {lang: list(v) for lang, v in terms.items()}
            for name, terms in card.concepts.items()
        },
        "key_points": [{"text": t(k.text), "claims": list(k.claims)} for k in card.key_points],
        "choices": [
            {
                "stem": t(c.stem),
                "correct": t(c.correct),
                "distractors": [{"text": t(d.text), "why": t(d.why)} for d in c.distractors],
            }
            for c in card.choices
        ],
        "tags": list(card.tags),
        "difficulty": card.difficulty,
        "notes": [],
        "challenge": card.challenge,
        "solution": card.solution,
    }


@pytest.fixture(autouse=True)
def small_deck(tmp_path, monkeypatch):
    """A three-card deck in place of the bundled one, so these tests do not depend on its content."""
    root = tmp_path / "deck"
    (root / "cards").mkdir(parents=True)
    (root / "solutions").mkdir()
    cards = []
    for number, card_id in enumerate(IDS, 1):
        tags = ("regularization", "dropout") if card_id == "dropout" else ("regularization",)
        card = make_card(card_id, number, tags=tags)
        cards.append(card)
        text = yaml.safe_dump(_card_data(card), allow_unicode=True, sort_keys=False)
        (root / "cards" / f"{number:02d}-{card_id}.yaml").write_text(text, encoding="utf-8")
        (root / "solutions" / f"{card_id}.py").write_text("", encoding="utf-8")
    monkeypatch.setattr("quizzer.paths.cards_dir", lambda: root / "cards")
    return cards


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "home" / "quizzer.sqlite3"


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def reviews(db: Path) -> list[dict]:
    with Store.open(db) as store:
        return store.reviews()


def test_flash_session_records_every_answer_and_preview_matches(db):
    result = invoke("quiz", input="\n3\n\n1\n\nx\n4\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "What is regularization?" in out and "**" not in out  # markdown rendered
    assert "type 1 (again)" in out  # a bad rating is asked again
    assert "cards seen 3 of 3" in out and "correct 2" in out
    logged = reviews(db)
    assert [(r["card_id"], r["mode"], r["rating"]) for r in logged] == [
        ("regularization", "flash", 3),
        ("l1", "flash", 1),
        ("dropout", "flash", 4),
    ]
    # the interval shown before rating is the one stored
    shown = re.findall(r"1 again (\S+) · 2 hard (\S+) · 3 good (\S+) · 4 easy (\S+)", out)
    assert len(shown) == 3
    with Store.open(db) as store:
        for (card_id, rating), intervals in zip(
            [("regularization", 3), ("l1", 1), ("dropout", 4)], shown, strict=True
        ):
            state = json.loads(store.card_state(card_id))
            due = datetime.fromisoformat(state["due"])
            last = datetime.fromisoformat(state["last_review"])
            assert format_interval(due - last) == intervals[rating - 1]


def _positions(cards, seed: int, mode: str):
    """Replay the session's seeded shuffles: (mode, index of the correct option) per card."""
    rng = random.Random(seed)
    out = []
    for card in cards:
        m = rng.choice(MODES[:3]) if mode == "mixed" else mode
        options = choice_options(card, rng, 0) if m == "choice" else ()  # first time: question 1
        out.append((m, next((i for i, o in enumerate(options) if o.correct), None)))
    return out


def test_choice_session_grades_and_explains(db, small_deck):
    plan = _positions(small_deck, 5, "choice")
    right = [str(i + 1) for _, i in plan]
    wrong = [str((i + 1) % 4 + 1) for _, i in plan]
    result = invoke(
        "quiz", "--mode", "choice", "--seed", "5", input=f"{right[0]}\n{wrong[1]}\n9\n{right[2]}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Correct!" in result.stdout and "Not quite." in result.stdout
    assert "why wrong 0" in result.stdout
    assert "type a number from 1 to 4" in result.stdout
    assert [r["rating"] for r in reviews(db)] == [3, 1, 3]
    assert reviews(db)[1]["typed"].startswith("choice: distractor")


def test_typed_session_grades_key_points_and_allows_override(db):
    answer1 = "Regularization ALPHA is one\nbravo is two and charlie is three\n\n\n"  # all: easy
    answer2 = "l1 alpha is all I know\n\n4\n"  # 1 of 3: hard; the learner overrides with easy
    answer3 = "甲乙丙是对的，丁戊己也是\n\n\n"  # Chinese statements for dropout: 2 of 3 -> hard
    result = invoke("quiz", "--mode", "typed", input=answer1 + answer2 + answer3)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Key points: 3/3" in out and "Key points: 1/3" in out and "Key points: 2/3" in out
    assert "✗ [core] l1 point B" in out
    assert "suggested: 2 hard" in out and "you said: “l1 alpha is all I know”" in out
    logged = reviews(db)
    assert [r["rating"] for r in logged] == [4, 4, 2]
    assert logged[0]["typed"] == "Regularization ALPHA is one\nbravo is two and charlie is three"


def test_mixed_session(db, small_deck):
    seed = next(
        s for s in range(100) if len({m for m, _ in _positions(small_deck, s, "mixed")}) == 3
    )
    lines = []
    for (mode, correct), card in zip(
        _positions(small_deck, seed, "mixed"), small_deck, strict=True
    ):
        if mode == "flash":
            lines += ["", "3"]
        elif mode == "choice":
            lines += [str(correct + 1)]
        else:
            lines += [f"{card.id} alpha is one", "bravo is two, charlie is three", "", ""]  # easy
    result = invoke("quiz", "--mode", "mixed", "--seed", str(seed), input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    logged = reviews(db)
    assert sorted(r["mode"] for r in logged) == ["choice", "flash", "typed"]
    assert [r["rating"] for r in logged] == [4 if r["mode"] == "typed" else 3 for r in logged]


def test_eof_mid_session_keeps_answers_and_summarises(db):
    result = invoke("quiz", input="\n3\n\n")  # card 2: answer revealed, then input ends
    assert result.exit_code == 0
    assert "Session ended early (input ended): 1 of 3 answered, all saved." in result.stdout
    assert [r["card_id"] for r in reviews(db)] == ["regularization"]


def test_ctrl_c_mid_session_keeps_answers_and_summarises(db, monkeypatch):
    lines = iter(["", "4", ""])

    def fake_input(prompt=""):
        try:
            return next(lines)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(builtins, "input", fake_input)
    result = invoke("quiz", "--mode", "flash")
    assert result.exit_code == 130
    assert "interrupted" in result.stdout and "1 of 3 answered" in result.stdout
    assert [(r["card_id"], r["rating"]) for r in reviews(db)] == [("regularization", 4)]


def test_ctrl_c_after_a_typed_answer_keeps_it_with_the_suggested_rating(db, monkeypatch):
    """A typed answer was given and graded: Ctrl-C at the rating prompt must not lose it."""
    import sys

    lines = iter(["it randomly drops units", ""])  # the answer, then the empty line ending it

    def fake_input(prompt=""):
        sys.stdout.write(prompt)  # as input() does: the prompt, no newline
        try:
            line = next(lines)
        except StopIteration:
            raise KeyboardInterrupt from None  # at "rate 1-4, Enter = ..."
        sys.stdout.write(line + "\n")
        return line

    monkeypatch.setattr(builtins, "input", fake_input)
    result = invoke("quiz", "--mode", "typed")
    assert result.exit_code == 130
    assert "1 of 3 answered" in result.stdout
    saved = [line for line in result.stdout.splitlines() if "saved:" in line]
    assert len(saved) == 1 and saved[0].startswith("saved: again"), saved  # on a line of its own
    logged = reviews(db)
    assert [(r["card_id"], r["mode"]) for r in logged] == [("regularization", "typed")]
    assert logged[0]["typed"] == "it randomly drops units"


def test_quit_at_prompt(db):
    result = invoke("quiz", input="\n2\nq\n")
    assert result.exit_code == 0
    assert "(quit): 1 of 3 answered" in result.stdout
    assert len(reviews(db)) == 1


def test_nothing_due_then_cram(db):
    assert invoke("quiz", input="\n4\n\n4\n\n4\n").exit_code == 0
    with Store.open(db) as store:
        before = store.card_states()
    result = invoke("quiz")
    assert result.exit_code == 0 and "Nothing to review now" in result.stdout
    assert "Next card due" in result.stdout
    result = invoke("quiz", "--cram", "--limit", "2", input="\n1\n\n1\n")
    assert result.exit_code == 0, result.output
    assert "cram, schedule unchanged" in result.stdout
    with Store.open(db) as store:
        assert store.card_states() == before
    assert [r["cram"] for r in reviews(db)] == [False] * 3 + [True] * 2


def test_selection_options(db):
    result = invoke("quiz", "--card", "3", "--card", "l1", input="\n4\n\n4\n")  # easy: graduate
    assert [r["card_id"] for r in reviews(db)] == ["l1", "dropout"], result.output
    result = invoke("quiz", "--tag", "dropout", "--cram", input="\n3\n")
    assert "[1/1]" in result.stdout
    result = invoke("quiz", "--new", "0")
    assert "Nothing to review now" in result.stdout
    result = invoke("quiz", "--lang", "zh", "--limit", "1", input="\n3\n")
    assert "regularization 是什么？" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--card", "bogus"], "no card 'bogus'"),
        (["--tag", "nope"], "no card matches --tag nope"),
        (["--limit", "0"], "'--limit' / '-n'"),  # -n 0 would review nothing: not "nothing due"
        (["--retention", "1.5"], "0.99"),
        (["--mode", "speed"], "speed"),
        (["--lang", "fr"], "unknown language"),
    ],
)
def test_bad_options_are_clear_errors(db, args, message):
    result = invoke("quiz", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_a_quizzer_home_that_is_a_file_is_one_clear_line(tmp_path, monkeypatch):
    home = tmp_path / "home-file"
    home.write_text("")
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    for args in (["quiz"], ["stats"], ["stats", "--json"], ["export", "-"]):
        result = invoke(*args, input="\n3\n")
        assert result.exit_code == 2, args
        message = " ".join(result.stderr.split())
        assert "is a file, not a folder" in message and "QUIZZER_HOME" in message, message
        assert "Errno" not in message and result.stdout == ""


def test_corrupt_database_is_reported_and_left_alone(db):
    db.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"\x00not sqlite at all\n" * 100
    db.write_bytes(garbage)
    for args in (["quiz"], ["stats"], ["export", "-"]):
        result = invoke(*args, input="\n3\n")
        assert result.exit_code == 2, args
        assert "not a quizzer database" in result.stderr
        assert "Traceback" not in result.output
    assert db.read_bytes() == garbage


def test_stats_table_chart_and_json(db):
    invoke("quiz", input="\n1\n\n4\n")
    with Store.open(db) as store:
        store.record_attempt("l1", True, 1.0, "l1.py", 0.2)
        store.record_attempt("dropout", False, 0.4, "d.py", 0.2)
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Due per day, next 14 days" in out and "█" in out
    assert "retention 50%" in out
    assert re.search(r"l1\s.*passed", out) and re.search(r"dropout\s.*tried", out)
    data = json.loads(invoke("stats", "--json").stdout)
    assert data["reviews"] == 2 and data["retention"] == 0.5
    by_id = {c["id"]: c for c in data["cards"]}
    assert list(by_id) == list(IDS)
    assert (
        by_id["regularization"]["reviews"] == 1 and by_id["regularization"]["state"] == "learning"
    )
    assert by_id["l1"]["challenge"] == "passed" and by_id["l1"]["stability"] > 1
    assert by_id["dropout"]["state"] == "new" and by_id["dropout"]["challenge"] == "attempted"
    assert len(data["forecast"]) == 14 and sum(d["due"] for d in data["forecast"]) == 2


def test_export_import_round_trip(db, tmp_path, monkeypatch):
    invoke("quiz", "--limit", "2", input="\n3\n\n2\n")
    target = tmp_path / "progress.json"
    result = invoke("export", str(target))
    assert result.exit_code == 0 and "2 reviews" in result.stderr
    assert json.loads(target.read_text())["format"] == "quizzer-progress"
    again = invoke("export", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr

    monkeypatch.setenv("QUIZZER_HOME", str(tmp_path / "other"))
    result = invoke("import", str(target))
    assert result.exit_code == 0, result.output
    assert "imported 2 card schedules, 2 new reviews" in result.stdout
    assert invoke("import", str(target), "--json").stdout.strip() == json.dumps(
        {"cards": 0, "reviews": 0, "attempts": 0}
    )
    with Store.open(tmp_path / "other" / "quizzer.sqlite3") as store:
        assert len(store.reviews()) == 2 and set(store.card_states()) == {"regularization", "l1"}


@pytest.mark.parametrize(
    "content, message",
    [("{not json", "is not JSON"), ('{"format": "x"}', "not a quizzer progress export")],
)
def test_import_rejects_bad_files(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = invoke("import", str(bad))
    assert result.exit_code == 2 and message in " ".join(result.stderr.split())
    missing = invoke("import", str(tmp_path / "missing.json"))
    assert missing.exit_code == 2 and "missing.json" in missing.stderr


def test_import_and_export_file_problems_are_one_plain_line(db, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    cases = [
        (("import", str(tmp_path / "missing.json")), "no such file"),
        (("import", str(folder)), "is a folder"),
        (("import", str(binary)), "not UTF-8 text"),
        (("export", str(folder), "--force"), "is a folder"),
        (("export", str(tmp_path / "no" / "such" / "dir.json")), "cannot write"),
    ]
    for args, needle in cases:
        result = invoke(*args)
        message = " ".join(result.stderr.split())
        assert result.exit_code == 2, args
        assert needle in message and "Errno" not in message, (args, message)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    assert folder.is_dir() and list(folder.iterdir()) == []


# -- rendering on fixed-width in-memory consoles ------------------------------------------


def render(renderable, width: int) -> list[str]:
    from quizzer.render import console

    out = console(file=io.StringIO(), width=width)
    out.print(renderable)
    return out.file.getvalue().splitlines()


def cell_len(text: str) -> int:
    """Terminal cells: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


ZH = "λ 越大，权重越被压向 0，模型会欠拟合：偏差的增加超过了方差的减少。λ 是需要在验证集上权衡调节的超参数。"


@pytest.mark.parametrize("width", [12, 20, 33, 60])
def test_cjk_wrap_fills_lines_and_respects_punctuation(width):
    from quizzer.render.wrap import Wrapped

    lines = render(Wrapped(ZH), width)
    assert "".join(lines).replace(" ", "") == ZH.replace(" ", "")  # nothing lost
    assert all(cell_len(line) <= width for line in lines)
    assert not any(line.startswith(("，", "。", "：")) for line in lines)
    # greedy: every line but the last is nearly full (a CJK char is 2 cells, a word may not fit)
    assert all(cell_len(line) >= width - 4 for line in lines[:-1])


@pytest.mark.parametrize("width", range(10, 48))
def test_cjk_wrap_never_ends_a_line_with_opening_punctuation(width):
    from quizzer.render.wrap import Wrapped

    text = (
        "它和权重衰减（weight decay）是什么关系？弹性网络（Elastic Net）又是什么？“稀疏”从何而来？"
    )
    lines = render(Wrapped(text), width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.rstrip().endswith(("（", "“")) for line in lines), lines


def _bundled_files() -> dict[str, Path]:
    """The bundled card files by id (``07-batchnorm.yaml`` -> batchnorm), not yet parsed.

    (``data_root``, not ``cards_dir``: this module's autouse ``small_deck`` replaces that.)
    """
    from quizzer.paths import data_root

    files = sorted((data_root() / "cards").glob("[0-9]*-*.yaml"))
    return {p.stem.split("-", 1)[1]: p for p in files}


def _bundled_ids() -> list[str]:
    return list(_bundled_files())


def _bundled(card_id: str):
    from quizzer.deck import load_card_file

    return load_card_file(_bundled_files()[card_id])


@pytest.mark.parametrize("width", [40, 50, 80])
@pytest.mark.parametrize("card_id", _bundled_ids())
def test_chinese_answers_wrap_between_characters(card_id, width):
    """The answer panel: no line starts with 。 or ，, and no line is left half empty."""
    from quizzer.render.quiz import answer_view

    card = _bundled(card_id)

    lines = [line.strip("│ ") for line in render(answer_view(card, "zh"), width)[1:-1]]
    assert not any(line.startswith(tuple("，。、；：！？）")) for line in lines), lines
    assert not any(line.endswith("（") for line in lines), lines
    # a line of Chinese followed by one of Chinese was (nearly) full: nothing pushed down early
    inner = width - 4
    for line, after in zip(lines, lines[1:], strict=False):
        cjk = re.compile("[\u4e00-\u9fff]")
        if cjk.match(line[-1:] or " ") and cjk.match(after[:1] or " "):
            assert cell_len(line) >= inner - 10, (line, after)  # list indent, a bracket


@pytest.mark.parametrize("card_id", _bundled_ids())
def test_english_answers_render_as_rich_markdown_does(card_id):
    from rich.markdown import Markdown  # noqa: TID251 - the baseline is Rich's own renderer

    from quizzer.mathmarkdown import markdown_math_to_text
    from quizzer.render.wrap import markdown

    text = markdown_math_to_text(_bundled(card_id).answer("en"))
    assert render(markdown(text), 60) == render(Markdown(text), 60)


@pytest.mark.parametrize("width", range(6, 40))
def test_a_folded_word_keeps_its_closing_marks_company(width):
    from quizzer.render.wrap import Wrapped

    text = "见（torch.optim.swa_utils.update_bn）。"
    lines = render(Wrapped(text), width)
    assert "".join(lines) == text
    assert all(cell_len(line) <= width for line in lines)
    assert not any(line.startswith(("）", "。")) for line in lines), lines


def test_latin_words_stay_whole_unless_too_long():
    from quizzer.render.wrap import Wrapped

    lines = render(Wrapped("inverted dropout rescales kept units by 1/(1-p)"), 18)
    assert lines == ["inverted dropout", "rescales kept", "units by 1/(1-p)"]
    assert render(Wrapped("abcdefghijklmnop"), 6) == ["abcdef", "ghijkl", "mnop"]


@pytest.mark.parametrize("width", [40, 80])
def test_choice_question_in_chinese_keeps_the_panel_aligned(small_deck, width, tmp_path):
    from quizzer.render.quiz import question_view
    from quizzer.review.schedule import Scheduler
    from quizzer.review.session import Session

    card = make_card("dropout", 3)
    with Store.open(tmp_path / "r.sqlite3") as store:
        from quizzer.review.session import select

        picks = select([card], store, Scheduler(), datetime.now().astimezone())
        q = Session(picks, store, Scheduler(), mode="choice", seed=1).current()
    lines = render(question_view(q, "zh"), width)
    assert all(cell_len(line) == width for line in lines)  # borders line up with CJK text
    assert any("关于 dropout 的正确说法" in line for line in lines)


@pytest.mark.parametrize("width", [30, 40, 50, 56, 60, 72, 100])
def test_stats_view_fits_the_terminal(width, small_deck, db):
    from quizzer.render.stats import stats_view
    from quizzer.review.database import now_utc
    from quizzer.review.schedule import Scheduler
    from quizzer.review.stats import collect

    invoke("quiz", input="\n4\n\n1\n")
    with Store.open(db) as store:
        st = collect(store, small_deck, Scheduler(), now_utc())
    lines = render(stats_view(st, width), width)
    assert all(cell_len(line) <= width for line in lines)
    assert not any("…" in line for line in lines), lines  # no header or value cut short
    assert "recall" in lines[1]
    text = "\n".join(lines)
    assert "regularization" in text and "Due per day" in text
    bars = [line for line in lines if "█" in line]
    assert len(bars) == 2  # one card due today, one in a few days


def test_typed_answer_ended_by_eof_takes_the_suggested_rating(db):
    result = invoke("quiz", "--mode", "typed", input="regularization alpha is bravo, not charlie")
    assert result.exit_code == 0  # two points stated, one negated: hard
    assert [(r["card_id"], r["rating"]) for r in reviews(db)] == [("regularization", 2)]
    assert "1 of 3 answered, all saved" in result.stdout


LAUNCHER = """
import sys
from pathlib import Path
import quizzer.paths
deck = Path(sys.argv.pop(1))
quizzer.paths.cards_dir = lambda: deck
from quizzer.cli import app
app(prog_name="quizzer")
"""


def test_ctrl_c_in_a_real_process(tmp_path, small_deck, db):
    """SIGINT while waiting for input: summary printed, exit 130, the answer given is stored."""
    import os
    import signal
    import subprocess
    import sys
    import time

    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    env = dict(os.environ, COLUMNS="80")
    proc = subprocess.Popen(
        [sys.executable, str(launcher), str(tmp_path / "deck" / "cards"), "quiz"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    proc.stdin.write("\n3\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:  # until the answer is committed
        if db.exists() and len(reviews(db)) == 1:
            break
        time.sleep(0.05)
    time.sleep(0.2)  # now blocked reading the second card's input
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Session ended early (interrupted): 1 of 3 answered, all saved." in out
    assert "Traceback" not in err
    assert [(r["card_id"], r["rating"]) for r in reviews(db)] == [("regularization", 3)]


def test_damage_deep_inside_the_database_is_a_clear_error(db):
    from datetime import UTC, timedelta

    with Store.open(db) as store:
        base = datetime(2026, 1, 1, tzinfo=UTC)
        for i in range(400):
            store.record_review(
                IDS[i % 3], reviewed_at=base + timedelta(minutes=i), mode="typed", rating=3,
                duration=1.0, typed="an answer long enough to fill pages " * 5,
            )  # fmt: skip
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    assert len(data) > 8 * 4096
    data[3 * 4096 : len(data) - 4096] = b"\xa5" * (len(data) - 4 * 4096)  # schema page intact
    db.write_bytes(bytes(data))
    result = invoke("stats")
    assert result.exit_code == 2
    assert "malformed" in result.stderr or "corrupt" in result.stderr
    assert "Traceback" not in result.output
    assert db.read_bytes() == bytes(data)


def test_in_a_terminal_ctrl_c_at_the_rating_prompt_ends_the_prompt_line(tmp_path):
    """input() echoes the prompt and ^C adds no newline: 'saved:' must not join the prompt."""
    from quizzer.render import console
    from quizzer.render.quiz import run_session
    from quizzer.review.schedule import Scheduler
    from quizzer.review.session import Session, select

    screen = console(file=io.StringIO(), width=80)
    typed = iter(["it drops units", ""])

    def terminal_input(prompt: str) -> str:
        screen.file.write(prompt)
        try:
            return next(typed)
        except StopIteration:
            raise KeyboardInterrupt from None

    with Store.open(tmp_path / "t.sqlite3") as store:
        picks = select([make_card("dropout", 3)], store, Scheduler(), datetime.now().astimezone())
        session = Session(picks, store, Scheduler(), mode="typed", seed=1)
        _summary, reason = run_session(session, screen, "en", terminal_input)
        assert reason == "interrupt" and len(store.reviews()) == 1
    lines = screen.file.getvalue().splitlines()
    assert any(line.startswith("saved: ") for line in lines), lines
    assert not any("> saved:" in line for line in lines)


@pytest.mark.parametrize(
    ("command", "example"),
    [("quiz", "quizzer quiz -m typed -l zh"), ("stats", "quizzer stats --json | jq")],
)
def test_help_teaches_with_examples(command, example):
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = [line.strip(" │") for line in result.stdout.splitlines()]
    assert "Examples:" in lines
    assert any(line.startswith(example) for line in lines), result.stdout


@pytest.mark.parametrize("width", [40, 50, 60, 80])
def test_a_long_card_title_is_shown_whole_at_any_width(width, tmp_path):
    from dataclasses import replace

    from quizzer.cards import Text as CardText
    from quizzer.render.quiz import question_view
    from quizzer.review.schedule import Scheduler
    from quizzer.review.session import Session, select

    long = "L2 regularization, weight decay and the elastic net"
    card = replace(make_card("l2", 3), title=CardText(long, "L2 正则化、权重衰减与弹性网络"))
    with Store.open(tmp_path / "r.sqlite3") as store:
        picks = select([card], store, Scheduler(), datetime.now().astimezone())
        q = Session(picks, store, Scheduler(), mode="flash", seed=1).current()
    lines = render(question_view(q, "en"), width)
    assert all(cell_len(line) == width for line in lines)
    text = " ".join(" ".join(line.strip("╭╮╰╯│─ ") for line in lines).split())
    assert long in text
    assert "[1/1]" in lines[0]


# -- the interface in Chinese ---------------------------------------------------------------

ENGLISH_UI = (
    "Enter shows the answer", "q quits", "rate 1-4", "your choice", "Type your answer",
    "saved:", "Key points", "suggested:", "Session summary", "cards seen", "time spent",
    "Correct!", "Not quite.", "your answer", " again ", " good ", "next in",
)  # fmt: skip


def _mixed_seed(cards) -> int:
    return next(s for s in range(100) if len({m for m, _ in _positions(cards, s, "mixed")}) == 3)


def _script(cards, mode: str, seed: int, lang: str) -> str:
    """Answers for a whole session; in Chinese the flash rating is typed as a button name."""
    lines: list[str] = []
    for (m, correct), card in zip(_positions(cards, seed, mode), cards, strict=True):
        if m == "flash":
            lines += ["", "良好" if lang == "zh" else "3"]
        elif m == "choice":
            lines += [str(correct + 1)]
        else:
            lines += [f"{card.id} alpha is bravo", "", "4"]  # 2 of 3 points; overridden with 4
    return "\n".join(lines) + "\n"


def _session_in(lang: str, mode: str, seed: int, cards, home: Path, monkeypatch, width=80):
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    result = CliRunner().invoke(
        app,
        ["quiz", "--lang", lang, "--mode", mode, "--seed", str(seed)],
        input=_script(cards, mode, seed, lang),
        env={"COLUMNS": str(width)},
    )
    assert result.exit_code == 0, result.output
    logged = [
        (r["card_id"], r["mode"], r["rating"], r["typed"], r["cram"])
        for r in reviews(home / "quizzer.sqlite3")
    ]
    return result.stdout, logged


@pytest.mark.parametrize("mode", MODES)
def test_a_chinese_session_speaks_chinese_and_stores_what_english_stores(
    mode, small_deck, tmp_path, monkeypatch
):
    seed = _mixed_seed(small_deck) if mode == "mixed" else 5
    en, en_log = _session_in("en", mode, seed, small_deck, tmp_path / "en", monkeypatch)
    zh, zh_log = _session_in("zh", mode, seed, small_deck, tmp_path / "zh", monkeypatch)
    assert len(zh_log) == 3 and zh_log == en_log  # the same answers, ratings and typed text
    modes = {m for m, _ in _positions(small_deck, seed, mode)}
    if "flash" in modes:
        assert "按 Enter 显示答案（u 撤销，q 退出）> " in zh
        assert "评分 1-4，Enter = 3 良好（e 完整答案，u 撤销，q 退出）> 良好" in zh
        assert "要点 · 按 e 查看完整答案" in zh  # the back: key points first
    if "choice" in modes:
        assert "选择 1-4（q 退出）> " in zh and "正确！" in zh and "← 你的答案" in zh
        assert re.search(r"^原因 ", zh, re.M)  # each distractor's explanation
    if "typed" in modes:
        assert "输入你的答案；空行（或 Ctrl-D）结束。" in zh and "要点：2/3" in zh
        assert (
            "建议评分：2 困难" in zh
            and "评分 1-4，Enter = 2 困难（e 完整答案，u 撤销，q 退出）> 4" in zh
        )
        assert "已保存：简单" in zh
    assert "已保存：" in zh and "后再复习（" in zh
    summary = zh[zh.index("本次小结") :]
    assert re.search(r"卡片\s+模式\s+评分\s+用时\s+下次到期", summary)
    assert "已答 3/3 张 · 答对 3 张" in summary and "用时 " in summary
    for english in ENGLISH_UI:
        assert english not in zh, english
    for english in ("q quits", "saved:", "Session summary", "cards seen", "time spent"):
        assert english in en  # the list above names what the English session really shows


@pytest.mark.parametrize("width", [50, 80])
def test_a_chinese_session_fits_the_terminal(width, small_deck, tmp_path, monkeypatch):
    from rich.cells import cell_len as cells  # noqa: TID251 - cells as the renderer counts them

    seed = _mixed_seed(small_deck)
    out, _ = _session_in("zh", "mixed", seed, small_deck, tmp_path, monkeypatch, width)
    lines = out.splitlines()
    assert all(cells(line) <= width for line in lines), [ln for ln in lines if cells(ln) > width]
    panels = [line for line in lines if line and line[0] in "╭│╰"]
    assert panels and all(cells(line) == width for line in panels)  # borders line up


def test_a_chinese_session_ended_early_says_so_in_chinese(db):
    result = invoke("quiz", "--lang", "zh", input="\n重来\nq\n")
    assert result.exit_code == 0
    assert "提前结束（已退出）：已答 1/3 张，全部已保存。" in result.stdout
    assert "已保存：重来 · 1分钟后再复习" in result.stdout
    assert [r["rating"] for r in reviews(db)] == [1]
    result = invoke("quiz", "--lang", "zh", "--cram", "-c", "l1", input="\n4\n")
    assert "突击复习：评分会记录，但不改变复习计划" in result.stdout
    assert "已保存：简单 · 突击复习，计划不变" in result.stdout


def test_a_bad_rating_is_asked_again_in_chinese(db):
    result = invoke("quiz", "--lang", "zh", "-n", "1", input="\n好\n困难\n")
    assert result.exit_code == 0, result.output
    assert "请输入 1（重来）、2（困难）、3（良好）或 4（简单）" in result.stdout
    assert [r["rating"] for r in reviews(db)] == [2]


def test_nothing_to_review_in_chinese(db):
    invoke("quiz", input="\n4\n\n4\n\n4\n")
    result = invoke("quiz", "--lang", "zh")
    assert result.exit_code == 0
    assert "现在没有要复习的卡片。下一张卡片 " in result.stdout and " 到期。" in result.stdout
    assert "--cram" in result.stdout and "Nothing" not in result.stdout


def test_stats_in_chinese_and_its_json_unchanged(db):
    invoke("quiz", input="\n1\n\n4\n")
    with Store.open(db) as store:
        store.record_attempt("l1", True, 1.0, "l1.py", 0.2)
        store.record_attempt("dropout", False, 0.4, "d.py", 0.2)
    result = invoke("stats", "--lang", "zh")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"卡片\s+状态\s+到期\s+稳定性\s+回忆率\s+复习\s+遗忘\s+编程题", out)
    assert re.search(r"l1\s.*已通过", out) and re.search(r"dropout\s+新卡片.*已尝试", out)
    assert "记忆保持率 50%：计划内复习 2 次，1 次没有评为“重来”" in out
    assert "卡片 3 张：新卡片 1，学习中 1，复习中 1，重学中 0" in out
    assert "未来 14 天每天到期的卡片" in out and re.search(r"今天 █+ 1", out)
    for english in ("state", "recall", "challenge", "retention", "Due per day", "today", "passed"):
        assert english not in out, english
    en = json.loads(invoke("stats", "--json").stdout)
    zh = json.loads(invoke("stats", "--json", "--lang", "zh").stdout)
    assert zh.keys() == en.keys() and zh["states"] == en["states"]
    assert [(c["id"], c["state"], c["challenge"]) for c in zh["cards"]] == [
        (c["id"], c["state"], c["challenge"]) for c in en["cards"]
    ]
    assert {c["state"] for c in zh["cards"]} <= {"new", "learning", "review", "relearning"}


@pytest.mark.parametrize("width", [50, 80])
def test_chinese_stats_and_summary_fit_the_terminal(width, small_deck, db, tmp_path):
    from rich.cells import cell_len as cells  # noqa: TID251 - cells as the renderer counts them

    from quizzer.render.quiz import summary_view
    from quizzer.render.stats import stats_view
    from quizzer.review.database import now_utc
    from quizzer.review.schedule import Scheduler
    from quizzer.review.session import Session, select
    from quizzer.review.stats import collect

    invoke("quiz", input="\n4\n\n1\n")
    with Store.open(db) as store:
        st = collect(store, small_deck, Scheduler(), now_utc())
    lines = render(stats_view(st, width, "zh"), width)
    assert all(cells(line) <= width for line in lines)
    assert not any("…" in line for line in lines), lines
    assert "回忆率" in lines[1] and "今天" in "\n".join(lines)
    with Store.open(tmp_path / "s.sqlite3") as store:
        picks = select(small_deck, store, Scheduler(), datetime.now().astimezone())
        session = Session(picks, store, Scheduler(), mode="flash", seed=1)
        for rating in (1, 3):
            session.current()
            session.rate(rating)
        lines = render(summary_view(session.summary(), "提前结束", "zh"), width)
    assert all(cells(line) <= width for line in lines)
    assert not any("…" in line for line in lines), lines
    assert re.match(r"卡片\s+模式\s+评分\s+用时\s+下次到期$", lines[1])
