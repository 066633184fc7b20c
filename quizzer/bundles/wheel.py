"""The wheel of this exact quizzer, for a bundle to install on the platform.

Two ways, whichever fits how quizzer is installed here:

- from a source checkout (an editable install, ``pip install -e .``): hatchling,
  the project's build backend, builds the wheel in-process (about 0.2 s; a
  ``python -m build`` in an isolated environment would download hatchling);
- from an installed wheel (no source at hand): the installed distribution is
  packed again from its ``RECORD``: every file of the ``quizzer`` package and
  of its ``.dist-info``, with a fresh ``RECORD`` (scripts, byte code and the
  installer's own files are left out; pip recreates them).

Either way the result is an ordinary ``py3-none-any`` wheel; its SHA-256 goes
into the bundle's manifest so that ``quizzer bundle --check`` can tell it is intact.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

PACKAGE = "quizzer"
_SKIP_DIST_INFO = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same files give the same wheel


class WheelError(ValueError):
    """The wheel cannot be built here (what is missing is in the message)."""


def build_wheel(directory: Path) -> Path:
    """Write quizzer's wheel into ``directory`` and return its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        dist = None
    source = source_checkout(dist)
    if source is not None:
        return _build_from_source(source, directory)
    if dist is None:
        raise WheelError("quizzer is not installed as a distribution: install it with pip first")
    return repack(dist, directory)


def source_checkout(dist) -> Path | None:
    """The project folder when quizzer runs from a source checkout, else None."""
    if dist is not None:
        try:
            direct = json.loads(dist.read_text("direct_url.json") or "null")
        except ValueError:
            direct = None
        if direct and direct.get("dir_info", {}).get("editable"):
            url = urlparse(direct.get("url", ""))
            if url.scheme == "file":
                root = Path(unquote(url.path))
                if (root / "pyproject.toml").is_file():
                    return root
        if any(PurePosixPath(str(f)).parts[:1] == (PACKAGE,) for f in dist.files or ()):
            return None  # a regular install: its files are listed in RECORD
    import quizzer

    root = Path(quizzer.__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None


def _build_from_source(root: Path, directory: Path) -> Path:
    try:
        from hatchling.builders.wheel import WheelBuilder
    except ImportError:
        raise WheelError(
            f"quizzer runs from the source checkout {root}; building its wheel needs hatchling, "
            "the project's build backend: pip install hatchling (it comes with quizzer's dev extra)"
        ) from None
    built = list(WheelBuilder(str(root)).build(directory=str(directory), versions=["standard"]))
    if not built:
        raise WheelError(f"hatchling built no wheel from {root}")
    return Path(built[0])


def repack(dist, directory: Path) -> Path:
    """Pack an installed (non-editable) distribution back into a wheel."""
    files = sorted(str(f) for f in dist.files or ())
    info_dir = next((f.split("/")[0] for f in files if f.endswith(".dist-info/METADATA")), None)
    if info_dir is None:
        raise WheelError("the installed quizzer has no .dist-info/METADATA to repack")
    keep = []
    for name in files:
        parts = PurePosixPath(name).parts
        if not parts or parts[0] not in (PACKAGE, info_dir):
            continue  # scripts (../../bin/quizzer) and anything outside the package
        if "__pycache__" in parts or name.endswith((".pyc", ".pyo")):
            continue
        if parts[0] == info_dir and parts[-1] in _SKIP_DIST_INFO:
            continue
        path = Path(dist.locate_file(name))
        if not path.is_file():
            raise WheelError(f"the installed quizzer lists {name} but {path} is missing")
        keep.append((name, path))
    if not any(name == f"{PACKAGE}/__init__.py" for name, _ in keep):
        raise WheelError("the installed quizzer has no quizzer/__init__.py in its RECORD")
    version = dist.version
    Path(directory).mkdir(parents=True, exist_ok=True)
    target = Path(directory) / f"{PACKAGE}-{version}-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as whl:
        for name, path in keep:
            data = path.read_bytes()
            _write(whl, name, data, 0o644)
            record.append(f"{name},sha256={_digest(data)},{len(data)}")
        record.append(f"{info_dir}/RECORD,,")
        _write(whl, f"{info_dir}/RECORD", ("\n".join(record) + "\n").encode(), 0o644)
    return target


def _write(whl: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, _EPOCH)
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    whl.writestr(info, data)


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
