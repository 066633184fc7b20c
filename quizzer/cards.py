"""The card model. Loading and validation of YAML decks live in this module too.

A card is one section of the seed write-up: a bilingual question, answer, key
points for typed answers, multiple-choice options, notes on what the seed got
wrong, and the id of its implement-it challenge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Text:
    """A string in both languages."""

    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class KeyPoint:
    """A point a complete answer must make, with the words that show it was made."""

    text: Text
    keywords: dict[str, tuple[str, ...]]  # {"en": (...), "zh": (...)}; any one match hits the point


@dataclass(frozen=True)
class Distractor:
    text: Text
    why: Text  # the misconception behind this wrong option


@dataclass(frozen=True)
class Choices:
    correct: Text
    distractors: tuple[Distractor, ...]


@dataclass(frozen=True)
class Note:
    """Where the seed is wrong or loose, and what the card says instead."""

    kind: str  # "error" (a factual or notation mistake) or "loose" (imprecise, misleading)
    seed: str  # the seed's words, quoted (Chinese, as in the seed)
    text: Text  # the correction and why


@dataclass(frozen=True)
class Card:
    id: str
    number: int
    title: Text
    question: Text
    answer: Text
    key_points: tuple[KeyPoint, ...]
    choices: Choices
    tags: tuple[str, ...]
    difficulty: int  # 1 (recall) .. 5 (derivation)
    notes: tuple[Note, ...]
    challenge: str | None
    solution: str | None
    figure: str | None = None
    source: Path | None = field(default=None, compare=False)


# --- loading and validation -------------------------------------------------------

BUNDLED_NUMBERS = range(1, 12)  # the seed's eleven sections
CARD_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a deck, printed as ``path:line: field: what is wrong``."""

    path: str
    line: int  # 1-based; 0 when the problem is not on a line (a missing folder)
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class DeckError(ValueError):
    """A deck has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} in the deck:\n" + "\n".join(map(str, problems)))


class UnknownCard(ValueError):
    pass


@dataclass(frozen=True)
class Deck:
    cards: tuple[Card, ...]  # sorted by (number, id)

    def __iter__(self):
        return iter(self.cards)

    def __len__(self) -> int:
        return len(self.cards)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(card.id for card in self.cards)

    def get(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        import difflib

        close = difflib.get_close_matches(card_id, self.ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownCard(f"no card {card_id!r}{hint} The cards are: {', '.join(self.ids)}")

    def find(self, ref: str) -> Card:
        """A card by id, or by number when ``ref`` is all digits and no card has that id."""
        ref = ref.strip()
        if ref.isdigit() and ref not in self.ids:
            matches = [card for card in self.cards if card.number == int(ref)]
            if len(matches) == 1:
                return matches[0]
            if matches:
                ids = ", ".join(card.id for card in matches)
                raise UnknownCard(f"several cards have number {ref} ({ids}); give the id instead")
            raise UnknownCard(
                f"no card number {ref}; the numbers run from "
                f"{self.cards[0].number} to {self.cards[-1].number}"
                if self.cards
                else "the deck is empty"
            )
        return self.get(ref)


def _text(d: dict) -> Text:
    return Text(en=d["en"], zh=d["zh"])


def card_from_data(data: dict, source: Path | None = None) -> Card:
    """A Card from plain data that passed ``quizzer.schema.check_card``."""
    return Card(
        id=data["id"],
        number=data["number"],
        title=_text(data["title"]),
        question=_text(data["question"]),
        answer=_text(data["answer"]),
        key_points=tuple(
            KeyPoint(
                _text(k["text"]), {lang: tuple(words) for lang, words in k["keywords"].items()}
            )
            for k in data["key_points"]
        ),
        choices=Choices(
            correct=_text(data["choices"]["correct"]),
            distractors=tuple(
                Distractor(_text(d["text"]), _text(d["why"]))
                for d in data["choices"]["distractors"]
            ),
        ),
        tags=tuple(data["tags"]),
        difficulty=data["difficulty"],
        notes=tuple(Note(n["kind"], n["seed"], _text(n["text"])) for n in data["notes"]),
        challenge=data["challenge"],
        solution=data["solution"],
        figure=data.get("figure"),
        source=source,
    )


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _card_files(paths: Sequence[Path], problems: list[Problem]) -> dict[Path, list[str]]:
    """Card files grouped by folder, each file once; missing paths become problems."""
    folders: dict[Path, list[str]] = {}
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.suffix in CARD_SUFFIXES and not p.name.startswith(".") and p.is_file()
            )
            if not files:
                problems.append(
                    Problem(
                        _display(path), 0, "deck", "no card files (*.yaml, *.yml) in this folder"
                    )
                )
        elif path.is_file():
            files = [path]
        else:
            problems.append(Problem(_display(path), 0, "deck", "no such file or folder"))
            continue
        for file in files:
            file = file.resolve()
            if file not in seen:
                seen.add(file)
                folders.setdefault(file.parent, []).append(file.name)
    return folders


def _solution_exists(card_file: Path, solution: str) -> bool:
    from quizzer.paths import data_root

    rel = Path(solution)
    return (card_file.parent.parent / rel).is_file() or (data_root() / rel).is_file()


def _read(paths: Sequence[Path], *, use_cache: bool) -> tuple[list[Card], list[Problem]]:
    from quizzer.deck_cache import read_folder
    from quizzer.paths import cards_dir

    problems: list[Problem] = []
    cards: list[Card] = []
    first_seen: dict[str, str] = {}
    bundled_root = cards_dir().resolve()
    for folder, names in _card_files(paths, problems).items():
        parsed = read_folder(folder, names, use_cache=use_cache)
        for name in names:
            file = folder / name
            shown = _display(file)
            result = parsed[name]
            if isinstance(result, OSError):
                problems.append(
                    Problem(shown, 0, "file", f"cannot read: {result.strerror or result}")
                )
                continue
            data, lines, found = result
            problems.extend(Problem(shown, line, field, message) for line, field, message in found)
            if not isinstance(data, dict):
                continue
            here = _card_problems(data, lines, file, shown, folder == bundled_root, first_seen)
            problems.extend(here)
            if not found and not here:
                cards.append(card_from_data(data, file))
    return cards, problems


def _card_problems(
    data: dict,
    lines: dict[str, int],
    file: Path,
    shown: str,
    bundled: bool,
    first_seen: dict[str, str],
) -> list[Problem]:
    """Checks that need more than the card itself: other cards, the file system, the bundled deck."""
    out = []
    card_id = data.get("id")
    if isinstance(card_id, str):
        where = f"{shown}:{lines.get('id', 0)}"
        if card_id in first_seen:
            out.append(
                Problem(
                    shown,
                    lines.get("id", 0),
                    "id",
                    f"duplicate id {card_id!r} (also in {first_seen[card_id]})",
                )
            )
        else:
            first_seen[card_id] = where
    number = data.get("number")
    if (
        bundled
        and isinstance(number, int)
        and not isinstance(number, bool)
        and number not in BUNDLED_NUMBERS
    ):
        out.append(
            Problem(
                shown,
                lines.get("number", 0),
                "number",
                f"bundled cards are numbered 1 to 11 (the seed's sections), got {number}",
            )
        )
    solution = data.get("solution")
    if isinstance(solution, str) and solution.strip() and not _solution_exists(file, solution):
        out.append(
            Problem(
                shown,
                lines.get("solution", 0),
                "solution",
                f"no file {solution!r} next to the deck ({_display(file.parent.parent / solution)})",
            )
        )
    return out


def _sorted(cards: list[Card]) -> tuple[Card, ...]:
    return tuple(sorted(cards, key=lambda c: (c.number, c.id)))


def validate(paths: Sequence[Path] = (), *, use_cache: bool = True) -> list[Problem]:
    """Every problem in the decks at ``paths`` (the bundled deck when empty), sorted by file and line."""
    from quizzer.paths import cards_dir

    _, problems = _read(list(paths) or [cards_dir()], use_cache=use_cache)
    return sorted(problems)


def load_deck(extra: Sequence[Path] = (), *, bundled: bool = True, use_cache: bool = True) -> Deck:
    """The bundled cards plus the extra decks (folders or files); ``DeckError`` lists every problem."""
    from quizzer.paths import cards_dir

    paths = ([cards_dir()] if bundled else []) + list(extra)
    cards, problems = _read(paths, use_cache=use_cache)
    if problems:
        raise DeckError(sorted(problems))
    return Deck(_sorted(cards))
