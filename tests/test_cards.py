"""Loading and validating decks: every bad deck gives its exact ``path:line: field: message``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from quizzer import deck_cache, paths
from quizzer.cards import Card
from quizzer.challenges import CHALLENGES
from quizzer.deck import (
    DeckError,
    Problem,
    UnknownCard,
    check_decks,
    load_card_file,
    load_deck,
    validate,
)
from quizzer.schema import check_card, json_schema, schema_text

SCHEMA_LINE = "# yaml-language-server: $schema=card.schema.json"

# A valid card. Line numbers matter: the bad-deck cases below name them.
CARD = """\
# yaml-language-server: $schema=card.schema.json
format_version: 1
id: {id}
number: {number}
title:
  en: "Title {id}"
  zh: "标题 {id}"
question:
  en: "What is {id}?"
  zh: "{id} 是什么？"
answer:
  en: |
    It is $\\frac{{x_i-\\mu}}{{\\sqrt{{\\sigma^2+\\epsilon}}}}$.
  zh: |
    它是 $\\lambda \\|w\\|_1$。
key_points:
  - text: {{en: "one", zh: "一"}}
    claims: [training]
  - text: {{en: "two", zh: "二"}}
    claims: [inference]
  - text: {{en: "three", zh: "三"}}
    claims: [zero + training]
choices:
  - stem: {{en: "Which?", zh: "哪个？"}}
    correct: {{en: "right", zh: "对"}}
    distractors:
      - {{text: {{en: "wrong 1", zh: "错 1"}}, why: {{en: "because 1", zh: "因为 1"}}}}
      - {{text: {{en: "wrong 2", zh: "错 2"}}, why: {{en: "because 2", zh: "因为 2"}}}}
      - {{text: {{en: "wrong 3", zh: "错 3"}}, why: {{en: "because 3", zh: "因为 3"}}}}
misconceptions:
  - {{text: {{en: "wrong", zh: "错"}}, why: {{en: "because", zh: "因为"}}, claims: [zero + inference]}}
tags: [demo, test]
difficulty: 2
notes:
  - kind: error
    seed: "原文"
    text: {{en: "The seed says X.", zh: "原文说 X。"}}
challenge: {challenge}
solution: {solution}
figure: dropout
"""


def card_text(card_id: str = "dropout", number: int = 5, challenge: str | None = "dropout") -> str:
    solution = f"solutions/{challenge.replace('-', '_')}.py" if challenge else "null"
    return CARD.format(id=card_id, number=number, challenge=challenge or "null", solution=solution)


def make_deck(root: Path, files: dict[str, str | bytes]) -> Path:
    """``root/cards/<name>`` for each file, and ``root/solutions/<id>.py`` for every challenge."""
    cards = root / "cards"
    cards.mkdir(parents=True, exist_ok=True)
    (root / "solutions").mkdir(exist_ok=True)
    for challenge in CHALLENGES:
        (root / "solutions" / f"{challenge.replace('-', '_')}.py").write_text("# reference\n")
    for name, content in files.items():
        target = cards / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return cards


@pytest.fixture
def deck(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return lambda files: make_deck(tmp_path, files)


def problems_of(cards_dir: Path) -> list[str]:
    return [str(p) for p in validate([cards_dir], use_cache=False)]


# --- a good deck -------------------------------------------------------------------


def test_valid_deck_loads_sorted_by_number_then_id(deck):
    cards = deck(
        {
            "b.yaml": card_text("l2", 3, "l2"),
            "a.yml": card_text("dropout", 5),
            "c.yaml": card_text("l1", 3, "l1"),
            "card.schema.json": "{}",
        }
    )
    loaded = load_deck([cards], bundled=False)
    assert [c.id for c in loaded] == ["l1", "l2", "dropout"]
    assert len(loaded) == 3
    card = loaded.get("dropout")
    assert isinstance(card, Card)
    assert card.title("zh") == "标题 dropout"
    assert card.key_points[1].claims == ("inference",) and card.key_points[1].core
    assert card.choices[0].distractors[2].why.en == "because 3"
    assert card.misconceptions[0].claims == ("zero + inference",)
    assert card.notes[0].kind == "error" and card.notes[0].seed == "原文"
    assert card.figure == "dropout" and card.solution == "solutions/dropout.py"
    assert card.source == cards.resolve() / "a.yml"


def test_lazy_card_equals_the_card_parsed_directly(deck):
    cards = deck({"a.yaml": card_text()})
    lazy = load_deck([cards], bundled=False).get("dropout")
    direct = load_card_file(cards / "a.yaml")
    for name in (
        "id",
        "number",
        "title",
        "question",
        "answer",
        "key_points",
        "choices",
        "tags",
        "notes",
    ):
        assert getattr(lazy, name) == getattr(direct, name), name


def test_get_and_find(deck):
    cards = deck({"a.yaml": card_text("dropout", 5), "b.yaml": card_text("l1", 2, "l1")})
    loaded = load_deck([cards], bundled=False)
    assert loaded.find("5").id == "dropout"
    assert loaded.find(" l1 ").id == "l1"
    with pytest.raises(UnknownCard, match=r"did you mean 'dropout'\?.*the cards are: l1, dropout"):
        loaded.get("dropuot")
    with pytest.raises(UnknownCard, match=r"no card number 7; the numbers are 2, 5"):
        loaded.find("7")
    assert issubclass(UnknownCard, ValueError)


def test_single_file_and_duplicate_paths_count_once(deck):
    cards = deck({"a.yaml": card_text()})
    loaded = load_deck([cards, cards / "a.yaml", cards], bundled=False)
    assert [c.id for c in loaded] == ["dropout"]


def test_problem_str_and_deck_error():
    p = Problem("cards/a.yaml", 3, "id", "duplicate id 'x'")
    assert str(p) == "cards/a.yaml:3: id: duplicate id 'x'"
    assert (
        str(Problem("deck", 0, "deck", "no such file or folder"))
        == "deck: deck: no such file or folder"
    )
    err = DeckError([p])
    assert isinstance(err, ValueError) and err.problems == [p]
    assert str(p) in str(err)


# --- every bad deck: exact path:line: field: message -----------------------------------

GOOD = card_text()

BAD_CASES = {
    "malformed YAML": (
        GOOD.replace("tags: [demo, test]", "tags: [demo, test"),
        ["cards/x.yaml:33: yaml: malformed YAML: did not find expected ',' or ']' "
         "(while parsing a flow sequence started at line 32)"],
    ),
    "tab": (
        GOOD.replace("  zh: \"标题", "\tzh: \"标题"),
        ["cards/x.yaml:7: yaml: tab character: YAML indents with spaces, never tabs"],
    ),
    "unclosed quote": (
        GOOD.replace('  en: "What is dropout?"', '  en: "What is dropout?'),
        ["cards/x.yaml:9: yaml: unclosed quote: the quoted string that starts on this line never ends"],
    ),
    "missing field": (
        GOOD.replace("difficulty: 2\n", ""),
        ["cards/x.yaml:2: difficulty: required field is missing"],
    ),
    "missing language": (
        GOOD.replace('  zh: "dropout 是什么？"\n', ""),
        ["cards/x.yaml:8: question.zh: required field is missing"],
    ),
    "unknown field": (
        GOOD.replace("difficulty: 2", "difficulty: 2\ndifficulty_level: 3"),
        ["cards/x.yaml:34: difficulty_level: unknown field; did you mean 'difficulty'? (known: format_version, "
         "id, number, title, question, answer, concepts, key_points, choices, misconceptions, tags, "
         "difficulty, notes, challenge, solution, figure, hints)"],
    ),
    "wrong type": (
        GOOD.replace("difficulty: 2", "difficulty: hard"),
        ["cards/x.yaml:33: difficulty: expected an integer, got a string ('hard')"],
    ),
    "wrong type in a list": (
        GOOD.replace("claims: [inference]\n", "claims: inference\n"),
        ["cards/x.yaml:20: key_points[1].claims: expected a list, got a string ('inference')"],
    ),
    "boolean where text is expected": (
        GOOD.replace('correct: {en: "right", zh: "对"}', 'correct: {en: yes, zh: "对"}'),
        ["cards/x.yaml:25: choices[0].correct.en: expected a string, got a boolean (true) (quote it)"],
    ),
    "empty text": (
        GOOD.replace('  en: "Title dropout"', '  en: ""'),
        ["cards/x.yaml:6: title.en: must not be empty"],
    ),
    "too few distractors": (
        GOOD.replace('      - {text: {en: "wrong 3", zh: "错 3"}, why: {en: "because 3", zh: "因为 3"}}\n', ""),
        ["cards/x.yaml:26: choices[0].distractors: needs at least 3 items, got 2"],
    ),
    "bad format_version": (
        GOOD.replace("format_version: 1", "format_version: 2"),
        ["cards/x.yaml:2: format_version: unsupported value 2; this quizzer reads 1"],
    ),
    "bad id": (
        GOOD.replace("id: dropout", "id: Drop_Out"),
        ["cards/x.yaml:3: id: 'Drop_Out' must match [a-z0-9-]+"],
    ),
    "unknown challenge": (
        GOOD.replace("challenge: dropout", "challenge: dropuot"),
        ["cards/x.yaml:38: challenge: 'dropuot' is not one of: " + ", ".join(CHALLENGES) + "; did you mean 'dropout'?"],
    ),
    "unknown figure": (
        GOOD.replace("figure: dropout", "figure: drop-out"),
        ["cards/x.yaml:40: figure: 'drop-out' is not one of: solution-space, penalized-loss, priors, dropout, "
         "norm-axes; did you mean 'dropout'?"],
    ),
    "empty notes seed": (
        GOOD.replace('seed: "原文"', 'seed: ""'),
        ["cards/x.yaml:36: notes[0].seed: must not be empty"],
    ),
    "bad note kind": (
        GOOD.replace("kind: error", "kind: typo"),
        ["cards/x.yaml:35: notes[0].kind: 'typo' is not one of: error, loose"],
    ),
    "solution without challenge": (
        GOOD.replace("challenge: dropout", "challenge: null"),
        ["cards/x.yaml:39: solution: must be null exactly when challenge is null"],
    ),
    "duplicate key": (
        GOOD.replace("difficulty: 2", "difficulty: 2\ndifficulty: 3"),
        ["cards/x.yaml:34: difficulty: duplicate key (first at line 33)"],
    ),
    "bad tag": (
        GOOD.replace("tags: [demo, test]", "tags: [demo, Test Tag]"),
        ["cards/x.yaml:32: tags[1]: 'Test Tag' must match [a-z0-9-]+"],
    ),
    "date where text is expected": (
        GOOD.replace('seed: "原文"', "seed: 2024-01-01"),
        ["cards/x.yaml:36: notes[0].seed: unsupported YAML type 'timestamp'; quote the value to make it a string"],
    ),
    "alias of a list": (
        GOOD.replace("claims: [training]", "claims: &kw [training]")
        .replace("claims: [inference]\n", "claims: *kw\n"),
        ["cards/x.yaml:20: key_points[1].claims: repeats a list or mapping through an alias "
         "(*name); cards do not support aliases of lists or mappings: write the value out"],
    ),
    "alias of itself": (
        GOOD.replace("tags: [demo, test]", "tags: &t [demo, *t]"),
        ["cards/x.yaml:32: tags[1]: repeats a list or mapping through an alias "
         "(*name); cards do not support aliases of lists or mappings: write the value out"],
    ),
    "not a mapping": ("- just\n- a list\n", ["cards/x.yaml:1: card: expected a mapping, got a list"]),
    "empty file": ("", ["cards/x.yaml:1: file: the file is empty"]),
    "only comments": (SCHEMA_LINE + "\n\n", ["cards/x.yaml:1: file: the file has no content (only comments or blank lines)"]),
    "two documents": (GOOD + "---\nid: again\n", None),  # message from PyYAML; checked below
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_card_gives_path_line_field_message(deck, case):
    text, expected = BAD_CASES[case]
    cards = deck({"x.yaml": text})
    found = problems_of(cards)
    if expected is None:
        assert (
            len(found) == 1
            and found[0].startswith("cards/x.yaml:")
            and "yaml: malformed YAML" in found[0]
        )
    else:
        assert found == expected
    with pytest.raises(DeckError) as err:
        load_deck([cards], bundled=False, use_cache=False)
    assert [str(p) for p in err.value.problems] == found


def test_non_utf8_file(deck):
    raw = GOOD.encode("utf-8").replace("标题".encode(), "标题".encode("gbk"))
    cards = deck({"x.yaml": raw})
    assert problems_of(cards) == [
        "cards/x.yaml:7: file: not valid UTF-8 (byte 0xb1); save the file as UTF-8"
    ]


def test_non_utf8_byte_in_a_comment_and_utf16(deck):
    raw = GOOD.encode("utf-8").replace(b"difficulty: 2", b"difficulty: 2  # \xe6\xa0")
    cards = deck({"x.yaml": raw, "y.yaml": card_text(number=6).encode("utf-16")})
    assert problems_of(cards) == [
        "cards/x.yaml:33: file: not valid UTF-8 (byte 0xe6); save the file as UTF-8",
        "cards/y.yaml:1: file: not valid UTF-8 (byte 0xff); save the file as UTF-8",
    ]


def test_duplicate_id_across_files(deck):
    cards = deck({"a.yaml": card_text(), "b.yaml": card_text(number=6)})
    assert problems_of(cards) == [
        "cards/b.yaml:3: id: duplicate id 'dropout' (also in cards/a.yaml:3)"
    ]


def test_missing_solution_file(deck, tmp_path, monkeypatch):
    cards = deck({"a.yaml": card_text()})
    (tmp_path / "solutions" / "dropout.py").unlink()
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path / "elsewhere")  # not there either
    assert problems_of(cards) == [
        f"cards/a.yaml:39: solution: 'solutions/dropout.py' does not exist (relative to the deck root {tmp_path.resolve()})"
    ]


def test_solution_falls_back_to_the_data_root(deck, tmp_path, monkeypatch):
    cards = deck({"a.yaml": card_text()})
    (tmp_path / "solutions" / "dropout.py").unlink()
    data = tmp_path / "data"
    (data / "solutions").mkdir(parents=True)
    (data / "solutions" / "dropout.py").write_text("# reference\n")
    monkeypatch.setattr(paths, "data_root", lambda: data)
    assert problems_of(cards) == []


def test_bundled_numbers_run_from_1_to_11(deck, tmp_path, monkeypatch):
    cards = deck({"a.yaml": card_text(number=12)})
    monkeypatch.setattr(paths, "cards_dir", lambda: cards)
    assert problems_of(cards) == [
        "cards/a.yaml:4: number: bundled cards are numbered 1 to 11 (the source write-up's sections), got 12"
    ]
    other = make_deck(tmp_path / "mine", {"a.yaml": card_text("l1", 12, "l1")})
    assert validate([other], use_cache=False) == []  # a user's deck may number freely


def test_missing_and_empty_deck_paths(deck, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert problems_of(empty) == ["empty: deck: no card files (*.yaml, *.yml) in this folder"]
    assert [str(p) for p in validate([tmp_path / "nope"])] == ["nope: deck: no such file or folder"]


def test_every_problem_of_a_deck_is_reported(deck):
    cards = deck(
        {
            "a.yaml": GOOD.replace("difficulty: 2", "difficulty: 9"),
            "b.yaml": "",
            "c.yaml": card_text("l1", 2, "l1").replace("tags: [demo, test]", "tags: demo"),
        }
    )
    assert problems_of(cards) == [
        "cards/a.yaml:33: difficulty: must be between 1 and 5, got 9",
        "cards/b.yaml:1: file: the file is empty",
        "cards/c.yaml:32: tags: expected a list, got a string ('demo')",
    ]
    files, valid, problems = check_decks([cards], use_cache=False)
    assert (files, valid, len(problems)) == (3, 0, 3)


# --- the cache -----------------------------------------------------------------------


@pytest.fixture
def parse_counter(monkeypatch):
    calls: list[str] = []
    original = deck_cache.parse_file

    def counting(path):
        calls.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(deck_cache, "parse_file", counting)
    return calls


def _age(path: Path, seconds: float = 10) -> None:
    """Make a file look old, past the cache's racy-mtime window."""
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_cache_reuses_parsed_files_and_notices_changes(deck, parse_counter, monkeypatch):
    cards = deck({"a.yaml": card_text(), "b.yaml": card_text("l1", 2, "l1")})
    for f in cards.iterdir():
        _age(f, 60)
    assert len(load_deck([cards], bundled=False)) == 2
    assert sorted(parse_counter) == ["a.yaml", "b.yaml"]
    cache_files = list((paths.home() / "cache").glob("deck-*.marshal"))
    assert len(cache_files) == 1

    parse_counter.clear()
    assert len(load_deck([cards], bundled=False)) == 2
    assert parse_counter == []  # both trusted on size + mtime

    (cards / "b.yaml").write_text(
        card_text("l1", 2, "l1").replace("Title l1", "New title"), encoding="utf-8"
    )
    parse_counter.clear()
    loaded = load_deck([cards], bundled=False)
    assert parse_counter == ["b.yaml"]
    assert loaded.get("l1").title.en == "New title"

    os.utime(cards / "a.yaml")  # touched, same content: hashed, not parsed
    parse_counter.clear()
    load_deck([cards], bundled=False)
    assert (
        parse_counter == ["b.yaml"] or parse_counter == []
    )  # b.yaml is still recent: re-hashed only

    (cards / "a.yaml").write_text(GOOD.replace("difficulty: 2", "difficulty: 0"), encoding="utf-8")
    with pytest.raises(DeckError, match=r"a.yaml:33: difficulty: must be between 1 and 5, got 0"):
        load_deck([cards], bundled=False)


def test_same_size_same_mtime_edit_is_caught_while_racy(deck):
    cards = deck({"a.yaml": card_text()})
    f = cards / "a.yaml"
    stat = f.stat()
    load_deck([cards], bundled=False)
    f.write_text(card_text().replace("Title dropout", "Title dropouT"), encoding="utf-8")
    os.utime(f, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert load_deck([cards], bundled=False).get("dropout").title.en == "Title dropouT"


def test_corrupt_cache_is_ignored_and_rewritten(deck, parse_counter):
    cards = deck({"a.yaml": card_text()})
    _age(cards / "a.yaml", 60)
    load_deck([cards], bundled=False)
    (cache_file,) = (paths.home() / "cache").glob("deck-*.marshal")
    for garbage in (b"", b"\x00garbage", json.dumps([1, 2]).encode()):
        cache_file.write_bytes(garbage)
        parse_counter.clear()
        assert load_deck([cards], bundled=False).ids == ("dropout",)
        assert parse_counter == ["a.yaml"]
    parse_counter.clear()
    load_deck([cards], bundled=False)
    assert parse_counter == []  # rewritten and good again


def test_unwritable_cache_is_not_an_error(deck, monkeypatch, tmp_path):
    cards = deck({"a.yaml": card_text()})
    blocker = tmp_path / "home-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(deck_cache, "_cache_file", lambda folder: blocker / "cache" / "x.marshal")
    assert load_deck([cards], bundled=False).ids == ("dropout",)


def test_many_files_parse_in_worker_processes(deck, monkeypatch):
    monkeypatch.setattr(deck_cache, "PARALLEL_FROM", 2)
    files = {f"{i:02d}.yaml": card_text(f"card-{i}", i + 1, None) for i in range(6)}
    files["bad.yaml"] = GOOD.replace("difficulty: 2", "difficulty: x")
    cards = deck(files)
    assert problems_of(cards) == [
        "cards/bad.yaml:33: difficulty: expected an integer, got a string ('x')"
    ]


def _same(results, expected):
    """Parse results compared, an OSError by its type, errno and file name."""
    assert len(results) == len(expected)
    for got, want in zip(results, expected, strict=True):
        if isinstance(want, OSError):
            assert (type(got), got.errno, got.filename) == (type(want), want.errno, want.filename)
        else:
            assert got == want


def test_forked_workers_give_what_parsing_here_gives(deck, monkeypatch):
    files = {f"{i:02d}.yaml": card_text(f"card-{i}", i + 1, None) for i in range(9)}
    files["bad.yaml"] = GOOD.replace("difficulty: 2", "difficulty: x")
    cards = deck(files)
    names = sorted(str(p) for p in cards.iterdir())
    names.insert(3, str(cards / "missing.yaml"))  # unreadable: an OSError, sent back by a child
    monkeypatch.setattr(deck_cache, "PARALLEL_FROM", 2)
    monkeypatch.setattr(deck_cache, "_workers", lambda: 3)
    _same(deck_cache._parse_all(names), deck_cache._parse_many(names))

    def no_fork():
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", no_fork)  # every share is then parsed here
    _same(deck_cache._parse_all(names), deck_cache._parse_many(names))


def test_whole_folder_checks_agree_with_card_by_card_checks(deck, tmp_path, monkeypatch):
    many = {f"{i:03d}.yaml": card_text(f"card-{i}", i + 1, None) for i in range(40)}
    cards = deck(many)
    other = make_deck(tmp_path / "other", {"x.yaml": card_text("card-7", 99, None)})
    problems = [str(p) for p in validate([cards, other])]  # cached path, whole-folder checks
    assert problems == [
        "other/cards/x.yaml:3: id: duplicate id 'card-7' (also in cards/007.yaml:3)"
    ]
    assert problems == [str(p) for p in validate([cards, other], use_cache=False)]
    assert len(load_deck([cards], bundled=False)) == 40
    with_solution = make_deck(tmp_path / "third", {"y.yaml": card_text("y", 1, "l1")})
    (tmp_path / "third" / "solutions" / "l1.py").unlink()
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path / "elsewhere")  # not there either
    assert [p.field for p in validate([cards, with_solution])] == ["solution"]


def test_cache_damaged_inside_is_ignored(deck, parse_counter):
    import marshal

    cards = deck({"a.yaml": card_text()})
    _age(cards / "a.yaml", 60)
    load_deck([cards], bundled=False)
    (cache_file,) = (paths.home() / "cache").glob("deck-*.marshal")
    fmt, *columns = marshal.loads(cache_file.read_bytes())
    columns[5] = [("dropout",)]  # a summary row too short
    cache_file.write_bytes(marshal.dumps((fmt, *columns)))
    parse_counter.clear()
    assert load_deck([cards], bundled=False).ids == ("dropout",)
    assert parse_counter == ["a.yaml"]


# --- the schema: one definition, published ---------------------------------------------


def test_published_schema_file_is_current():
    published = paths.cards_dir() / "card.schema.json"
    assert published.read_text(encoding="utf-8") == schema_text(), (
        "cards/card.schema.json is stale: run `quizzer schema --out cards/card.schema.json`"
    )


def test_json_schema_agrees_with_the_validator():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    validator = jsonschema.Draft202012Validator(json_schema())
    good = yaml.safe_load(GOOD)
    assert check_card(good) == [] and validator.is_valid(good)
    for case in ("missing field", "unknown field", "wrong type", "bad format_version", "bad id",
                 "unknown challenge", "unknown figure", "empty notes seed", "too few distractors",
                 "solution without challenge", "bad tag", "empty text"):  # fmt: skip
        data = yaml.safe_load(BAD_CASES[case][0])
        assert check_card(data), case
        assert not validator.is_valid(data), case


# --- the bundled deck ------------------------------------------------------------------


def bundled_files() -> list[Path]:
    return sorted(p for p in paths.cards_dir().iterdir() if p.suffix == ".yaml")


def test_bundled_card_files_point_at_the_schema():
    files = bundled_files()
    assert files, "no bundled cards"
    for f in files:
        assert f.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, f.name


def test_bundled_card_files_are_named_after_number_and_id():
    for card in load_deck():
        assert card.source.name == f"{card.number:02d}-{card.id}.yaml"
        assert card.challenge == card.id


def test_bundled_deck_validates():
    assert [str(p) for p in validate(use_cache=False)] == []
    bundled = load_deck()
    assert sorted(bundled.ids) == sorted(CHALLENGES)
    assert [c.number for c in bundled] == list(range(1, 12))


def test_bundled_cards_validate_against_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((paths.cards_dir() / "card.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for f in bundled_files():
        errors = [
            e.message for e in validator.iter_errors(yaml.safe_load(f.read_text(encoding="utf-8")))
        ]
        assert errors == [], f.name
