"""Where a batch's records go: the spool, a file per submission, and the chosen format.

Memory stays bounded: each finished record (``Report.to_dict`` plus
``submission`` and ``integrity``, captured output capped) is appended to a
``Spool`` file at once, and only a small summary row per submission stays in
memory (``BatchResult.rows``); the formats read the records back one at a time.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quizzer.grading import formats


@dataclass
class BatchResult:
    challenge: str
    total: int
    rows: list[dict]  # one summary row per graded submission (formats.summary_row)
    spool: Spool
    not_graded: list[str] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    def records(self) -> Iterator[dict]:
        """Every graded record, in submission-name order, read back from the spool."""
        return self.spool.records()


class Spool:
    """Finished records as JSON lines in a temporary file; read back in name order."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._index: dict[str, tuple[int, int]] = {}

    def add(self, record: dict) -> None:
        data = json.dumps(record, ensure_ascii=False).encode() + b"\n"
        self._file.seek(0, os.SEEK_END)
        self._index[record["submission"]] = (self._file.tell(), len(data))
        self._file.write(data)

    def records(self) -> Iterator[dict]:
        for name in sorted(self._index):
            offset, size = self._index[name]
            self._file.seek(offset)
            yield json.loads(self._file.read(size))

    def __len__(self) -> int:
        return len(self._index)

    def close(self) -> None:
        self._file.close()


def per_submission_path(folder: Path, name: str, fmt: str) -> Path:
    """``alice.py`` -> ``DIR/alice.json`` (``DIR/alice/results.json`` for gradescope)."""
    stem = re.sub(r"[^\w.-]+", "_", name[:-3] if name.endswith(".py") else name).strip(".") or "_"
    return folder / stem / "results.json" if fmt == "gradescope" else folder / f"{stem}.json"


def write_per_submission(folder: Path, record: dict, fmt: str) -> None:
    path = per_submission_path(folder, record["submission"], fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = formats.gradescope_result(record) if fmt == "gradescope" else record
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def output_chunks(result: BatchResult, fmt: str) -> Iterator[str]:
    """The text of ``--format fmt`` (every format but the Rich table)."""
    if fmt == "json":
        return formats.json_chunks(result.records())
    if fmt == "csv":
        return iter([formats.csv_text(result.rows)])
    if fmt == "junit":
        return formats.junit_chunks(result.records(), result.rows, result.challenge)
    if fmt == "gradescope":
        return formats.gradescope_chunks(result.records(), result.total)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(formats.FORMATS)}")


def write_output(result: BatchResult, fmt: str, out: Path | None) -> None:
    """Stream the format to stdout, or to ``out`` (written whole, then renamed into place)."""
    chunks = output_chunks(result, fmt)
    if out is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        for chunk in chunks:
            f.write(chunk)
    os.replace(tmp, out)
