"""Loading and validating decks: folders of YAML card files, checked card by card and as a whole.

``load_deck`` gives a ``Deck`` or raises ``DeckError`` listing every ``Problem``
(``path:line: field: message``); ``validate`` and ``check_decks`` only report.
Files are parsed through ``quizzer.deck_cache``; a card of a deck without
problems is kept as a lazy card that reads its long fields from its file when
first used.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from quizzer.cards import Card, Text, card_from_data

BUNDLED_NUMBERS = range(1, 12)  # the seed's eleven sections
CARD_SUFFIXES = (".yaml", ".yml")


class Problem(NamedTuple):
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
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UnknownCard(f"no card {card_id!r}; {hint}the cards are: {', '.join(self.ids)}")

    def find(self, ref: str) -> Card:
        """A card by id, or by number when ``ref`` is all digits and no card has that id."""
        ref = ref.strip()
        if not (ref.isdigit() and ref not in self.ids):
            return self.get(ref)
        matches = [card for card in self.cards if card.number == int(ref)]
        if len(matches) > 1:
            ids = ", ".join(card.id for card in matches)
            raise UnknownCard(f"several cards have number {ref} ({ids}); give the id instead")
        if not matches:
            numbers = sorted({card.number for card in self.cards})
            raise UnknownCard(f"no card number {ref}; the numbers are {_ranges(numbers)}")
        return matches[0]


def _ranges(numbers: list[int]) -> str:
    parts, start = [], None
    for i, n in enumerate(numbers):
        start = n if start is None else start
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(n) if n == start else f"{start}-{n}")
            start = None
    return ", ".join(parts) or "none (the deck is empty)"


_LAZY_FIELDS = frozenset(
    {"question", "answer", "key_points", "choices", "notes", "hints", "concepts", "misconceptions"}
)


class _LazyCard(Card):
    """A validated card whose long fields are read from its file when first used.

    Loading a deck validates every file but keeps only what listing needs (the
    parse cache holds no more), so a deck of thousands of cards opens fast.
    """

    @property
    def source(self) -> Path:
        """Made on demand: a Path per card costs more than the rest of a listing."""
        if "_source" not in self.__dict__:
            folder, file_name = self.__dict__["_where"]
            self.__dict__["_source"] = folder / file_name
        return self.__dict__["_source"]

    @source.setter
    def source(self, value: Path) -> None:  # dataclasses.replace() sets it
        self.__dict__["_source"] = value

    def __getattr__(self, name: str):
        if name not in _LAZY_FIELDS:
            raise AttributeError(name)
        message = "the file changed while quizzer was running"
        full = load_card_file(self.source)
        if full.id != self.id:
            raise DeckError([Problem(_display(self.source), 0, "id", message)])
        self.__dict__.update({key: getattr(full, key) for key in _LAZY_FIELDS})
        return self.__dict__[name]


def _lazy_card(row: tuple, folder: Path, name: str) -> Card:
    """A card from its summary row (``quizzer.deck_cache.ROW``) of a file without problems."""
    card_id, number, title_en, title_zh, tags, difficulty, challenge, solution, figure = row
    card = object.__new__(_LazyCard)
    card.__dict__.update(
        id=card_id,
        number=number,
        title=Text(title_en, title_zh),
        tags=tags,
        difficulty=difficulty,
        challenge=challenge,
        solution=solution,
        figure=figure,
        _where=(folder, name),
    )
    return card


def load_card_file(path: Path) -> Card:
    """One card file, parsed and checked on its own (no cache, no deck-wide checks)."""
    from quizzer.deck_yaml import parse_card

    shown = _display(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DeckError(
            [Problem(shown, 0, "file", f"cannot read: {exc.strerror or exc}")]
        ) from None
    data, _, found = parse_card(raw)
    if found:
        raise DeckError([Problem(shown, line, field, message) for line, field, message in found])
    return card_from_data(data, Path(path))


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _card_files(paths: Sequence[Path], problems: list[Problem]) -> dict[Path, dict[str, object]]:
    """Card files grouped by (resolved) folder, each file once, with the ``os.DirEntry`` that
    listed it (None for a file named directly); missing paths become problems."""
    folders: dict[Path, dict[str, object]] = {}
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            folder = path.resolve()
            with os.scandir(folder) as listing:
                found = {
                    entry.name: entry
                    for entry in listing
                    if entry.name.endswith(CARD_SUFFIXES)
                    and not entry.name.startswith(".")
                    and entry.is_file()
                }
            if not found:
                problems.append(
                    Problem(
                        _display(path), 0, "deck", "no card files (*.yaml, *.yml) in this folder"
                    )
                )
        elif path.is_file():
            resolved = path.resolve()
            folder, found = resolved.parent, {resolved.name: None}
        else:
            problems.append(Problem(_display(path), 0, "deck", "no such file or folder"))
            continue
        files = folders.setdefault(folder, {})
        for name, entry in found.items():
            if files.get(name) is None:
                files[name] = entry
    return {folder: dict(sorted(files.items())) for folder, files in folders.items()}


class _Checker:
    """Checks that need more than one card: other cards, the file system, the bundled deck."""

    def __init__(self) -> None:
        from quizzer.paths import cards_dir, data_root

        self.bundled_root = cards_dir().resolve()
        self.data_root = data_root()
        self.first_seen: dict[object, tuple[str, str, int]] = {}  # id: (folder, file, line)
        self.solutions: dict[tuple[Path, str], bool] = {}

    def check(
        self, row: tuple, lines: tuple[int, int, int], where: tuple[str, str], deck_root: Path,
        *, bundled: bool,
    ) -> list[Problem]:  # fmt: skip
        """The problems of one card's summary ``row`` in file ``where`` (shown folder, name)."""
        card_id, number, solution = row[0], row[1], row[7]
        out = []
        if isinstance(card_id, str):
            first = self.first_seen.get(card_id)
            if first is None:
                self.first_seen[card_id] = (*where, lines[0])
            else:
                message = (
                    f"duplicate id {card_id!r} (also in {os.path.join(*first[:2])}:{first[2]})"
                )
                out.append(Problem(os.path.join(*where), lines[0], "id", message))
        if bundled and type(number) is int and number not in BUNDLED_NUMBERS:
            message = (
                f"bundled cards are numbered 1 to 11 (the source write-up's sections), got {number}"
            )
            out.append(Problem(os.path.join(*where), lines[1], "number", message))
        if (
            isinstance(solution, str)
            and solution.strip()
            and not self.solution_exists(deck_root, solution)
        ):
            message = f"{solution!r} does not exist (relative to the deck root {deck_root})"
            out.append(Problem(os.path.join(*where), lines[2], "solution", message))
        return out

    def all_good(self, parsed: list, shown_folder: str, names: list[str], deck_root: Path) -> bool:
        """Whether every file of a folder (not the bundled one) parsed into a card without
        problems, none of them with an id seen before or a missing solution; if so, their ids
        are recorded. Whole-folder checks, for a big deck: ``check`` does the same card by card."""
        if not all(type(result) is tuple and not result[2] and result[0] for result in parsed):
            return False
        rows = [result[0] for result in parsed]
        ids = [row[0] for row in rows]
        if not all(type(i) is str for i in ids) or len(set(ids)) < len(ids):
            return False
        if not self.first_seen.keys().isdisjoint(ids):
            return False
        solutions = {row[7] for row in rows}
        if not all(
            not isinstance(s, str) or not s.strip() or self.solution_exists(deck_root, s)
            for s in solutions
        ):
            return False
        self.first_seen.update(
            {
                i: (shown_folder, name, r[1][0])
                for i, name, r in zip(ids, names, parsed, strict=True)
            }
        )
        return True

    def solution_exists(self, deck_root: Path, solution: str) -> bool:
        key = (deck_root, solution)
        found = self.solutions.get(key)
        if found is None:
            rel = Path(solution)
            found = (deck_root / rel).is_file() or (self.data_root / rel).is_file()
            self.solutions[key] = found
        return found


def _read(paths: Sequence[Path], *, use_cache: bool) -> tuple[int, list[Card], list[Problem]]:
    """``(number of files, valid cards, problems)``."""
    from quizzer.deck_cache import read_folder

    problems: list[Problem] = []
    cards: list[Card] = []
    checker = _Checker()
    files = 0
    for folder, listing in _card_files(paths, problems).items():
        names = list(listing)
        files += len(names)
        entries = list(listing.values())
        parsed = read_folder(folder, names, entries if all(entries) else None, use_cache=use_cache)
        shown_folder, deck_root = _display(folder), folder.parent
        bundled = folder == checker.bundled_root
        if not bundled and checker.all_good(parsed, shown_folder, names, deck_root):
            cards.extend(map(_lazy_card, (row for row, _, _ in parsed), repeat(folder), names))
            continue
        for name, result in zip(names, parsed, strict=True):
            where = (shown_folder, name)
            if isinstance(result, OSError):
                message = f"cannot read: {result.strerror or result}"
                problems.append(Problem(os.path.join(*where), 0, "file", message))
                continue
            row, lines, found = result
            if found:
                problems.extend(Problem(os.path.join(*where), *problem) for problem in found)
            if row is None:
                continue
            here = checker.check(row, lines, where, deck_root, bundled=bundled)
            if here:
                problems.extend(here)
            elif not found:
                cards.append(_lazy_card(row, folder, name))
    return files, cards, problems


def _without_gc(func):
    """Loading builds many small objects at once; the cyclic GC only slows that down."""
    import functools
    import gc

    @functools.wraps(func)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


@_without_gc
def check_decks(
    paths: Sequence[Path] = (), *, use_cache: bool = True
) -> tuple[int, int, list[Problem]]:
    """``(files, valid cards, problems)`` for the decks at ``paths`` (the bundled deck when empty)."""
    from quizzer.paths import cards_dir

    files, cards, problems = _read(list(paths) or [cards_dir()], use_cache=use_cache)
    return files, len(cards), sorted(problems)


def validate(paths: Sequence[Path] = (), *, use_cache: bool = True) -> list[Problem]:
    """Every problem in the decks at ``paths`` (the bundled deck when empty), sorted by file and line."""
    return check_decks(paths, use_cache=use_cache)[2]


@_without_gc
def load_deck(extra: Sequence[Path] = (), *, bundled: bool = True, use_cache: bool = True) -> Deck:
    """The bundled cards plus the extra decks (folders or files); ``DeckError`` lists every problem."""
    from quizzer.paths import cards_dir

    paths = ([cards_dir()] if bundled else []) + list(extra)
    _, cards, problems = _read(paths, use_cache=use_cache)
    if problems:
        raise DeckError(sorted(problems))
    return Deck(tuple(sorted(cards, key=attrgetter("number", "id"))))
