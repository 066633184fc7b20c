"""Parse card files, through a cache, so large decks load fast the second time.

One cache file per deck folder in ``<home>/cache/``, written with ``marshal``
(plain data only: dicts, lists, strings, numbers; never pickle). Each entry is
keyed by the card file's name and remembers the file's size, mtime and content
hash, and what parsing found: the card's summary (the fields ``list`` shows and
the deck checks need), the line of each top-level key, and the file's problems.
The full text of a card is read again from its YAML file when it is first used
(see ``quizzer.cards``), so the cache stays small and loads in milliseconds.

An entry is trusted on size + mtime alone once the file is older than the
moment it was last checked (minus a slack for coarse filesystem clocks);
otherwise the file is read and its hash compared, and it is parsed again only
when the content really changed. Many files to parse are spread over worker
processes. A cache that cannot be read is ignored and rewritten; a cache that
cannot be written is skipped: the cache is never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from pathlib import Path
from typing import Any

CACHE_FORMAT = 2
RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; a file this close to its check is re-hashed
PARALLEL_FROM = 400  # files to parse before worker processes pay off
SUMMARY_FIELDS = ("id", "number", "title", "tags", "difficulty", "challenge", "solution", "figure")

# summary (None when the file is not a mapping), key lines, problems (line, field, message)
Parsed = tuple[dict[str, Any] | None, dict[str, int], list[tuple[int, str, str]]]


def summarize(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict):
        return None
    return {key: data[key] for key in SUMMARY_FIELDS if key in data}


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def parse_file(path: Path) -> tuple[int, int, str, Parsed] | OSError:
    """Read, hash and parse one card file: ``(size, mtime_ns, digest, parsed)``."""
    from quizzer.deck_yaml import parse_card  # imports yaml: only when a file must be parsed

    try:
        st = path.stat()
        raw = path.read_bytes()
    except OSError as exc:
        return exc
    data, lines, problems = parse_card(raw)
    return st.st_size, st.st_mtime_ns, _digest(raw), (summarize(data), lines, problems)


def _parse_many(paths: list[Path]) -> list[tuple[int, int, str, Parsed] | OSError]:
    return [parse_file(p) for p in paths]


def _parse_all(paths: list[Path]) -> list[tuple[int, int, str, Parsed] | OSError]:
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _parse_many(paths)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import quizzer.deck_yaml  # noqa: F401 - loaded once, before the workers fork

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    chunks = [paths[i::workers] for i in range(workers)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            results = list(pool.map(_parse_many, chunks))
    except (OSError, RuntimeError):  # no processes available: parse here
        return _parse_many(paths)
    out: list[Any] = [None] * len(paths)
    for i, chunk in enumerate(results):
        out[i::workers] = chunk
    return out


def _cache_file(folder: Path) -> Path:
    from quizzer import __version__
    from quizzer.paths import home

    key = hashlib.blake2b(
        str(folder).encode("utf-8", "surrogateescape"), digest_size=10
    ).hexdigest()
    return home() / "cache" / f"deck-{key}-v{CACHE_FORMAT}-{__version__}.marshal"


def _valid_entry(entry: Any) -> bool:
    """An entry as written by ``read_folder``: (size, mtime_ns, checked_ns, digest, summary, lines, problems)."""
    return (
        type(entry) is tuple
        and len(entry) == 7
        and type(entry[0]) is int
        and type(entry[1]) is int
        and type(entry[2]) is int
        and type(entry[3]) is str
        and (entry[4] is None or type(entry[4]) is dict)
        and type(entry[5]) is dict
        and type(entry[6]) is list
        and (not entry[6] or all(type(p) is tuple and len(p) == 3 for p in entry[6]))
    )


def _read_cache(path: Path) -> dict[str, tuple]:
    try:
        fmt, entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if fmt != CACHE_FORMAT or not isinstance(entries, dict):
        return {}
    return entries  # each entry is checked with _valid_entry when used


def _write_cache(path: Path, entries: dict[str, tuple]) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".deck-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((CACHE_FORMAT, entries)))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass  # a read-only or full disk costs speed, never correctness


def read_folder(
    folder: Path, names: list[str], *, use_cache: bool = True
) -> dict[str, Parsed | OSError]:
    """Parse the card files ``names`` of ``folder``; an unreadable file maps to its OSError."""
    cache_path = _cache_file(folder) if use_cache else None
    entries = _read_cache(cache_path) if cache_path else {}
    now = time.time_ns()
    fresh: dict[str, tuple] = {}
    out: dict[str, Parsed | OSError] = {}
    to_parse: list[str] = []
    changed = False
    base = str(folder)
    listing = {e.name: e for e in os.scandir(base)} if len(names) > 32 else {}  # no path joins
    for name in names:
        found = listing.get(name)
        path = found.path if found else os.path.join(base, name)
        try:
            st = found.stat() if found else os.stat(path)
        except OSError as exc:
            out[name] = exc
            continue
        entry = entries.get(name)
        if entry is None or not _valid_entry(entry):
            to_parse.append(name)
        elif (
            entry[0] == st.st_size
            and entry[1] == st.st_mtime_ns
            and st.st_mtime_ns < entry[2] - RACY_NS
        ):
            fresh[name] = entry
            out[name] = entry[4:]
        else:  # size or mtime changed, or too close to the last check to be sure: compare content
            try:
                with open(path, "rb") as fh:
                    same = _digest(fh.read()) == entry[3]
            except OSError as exc:
                out[name] = exc
                continue
            if same:
                fresh[name] = (st.st_size, st.st_mtime_ns, now, *entry[3:])
                out[name] = entry[4:]
                changed = True
            else:
                to_parse.append(name)
    for name, result in zip(to_parse, _parse_all([folder / n for n in to_parse]), strict=True):
        if isinstance(result, OSError):
            out[name] = result
            continue
        size, mtime_ns, digest, parsed = result
        fresh[name] = (size, mtime_ns, now, digest, *parsed)
        out[name] = parsed
        changed = True
    if cache_path and (changed or len(fresh) != len(entries)):
        _write_cache(cache_path, fresh)
    return out
