"""Review settings: daily limits, the day boundary, learning steps (``settings.toml``).

The file lives in the data directory beside the store and holds only what the
learner changed; everything else takes Anki's defaults. ``quizzer config``
reads and writes it; ``quiz`` flags override a value for one session.

    new_per_day = 20            # new cards introduced per day
    reviews_per_day = 200       # review-state cards per day (learning cards are never capped)
    learn_ahead_minutes = 20    # when nothing else is left, show cards due this soon
    day_starts_at = 4           # the local hour a new day starts (Anki's 4 a.m.)
    learning_steps = ["1m", "10m"]
    relearning_steps = ["10m"]
    retention = 0.9             # FSRS desired retention

A bad file is a ``SettingsError`` naming the file, the line and the setting.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

FILENAME = "settings.toml"


class SettingsError(ValueError):
    """The settings file or a value given for a setting is not usable."""


@dataclass(frozen=True)
class Spec:
    kind: type  # int, float or list (of durations)
    low: float
    high: float
    help: str


SPECS: dict[str, Spec] = {
    "new_per_day": Spec(int, 0, 9999, "new cards introduced per day"),
    "reviews_per_day": Spec(
        int, 0, 99999, "review cards per day (learning cards are never capped)"
    ),
    "learn_ahead_minutes": Spec(
        int, 0, 1440, "when nothing else is left, cards due within this many minutes are shown"
    ),
    "day_starts_at": Spec(int, 0, 23, "the local hour a new day starts (limits reset then)"),
    "learning_steps": Spec(list, 0, 8, "intervals a new card steps through before review"),
    "relearning_steps": Spec(list, 0, 8, "intervals a forgotten card steps through"),
    "retention": Spec(float, 0.7, 0.99, "FSRS desired retention (chance of recall when due)"),
}


@dataclass(frozen=True)
class Settings:
    new_per_day: int = 20
    reviews_per_day: int = 200
    learn_ahead_minutes: int = 20
    day_starts_at: int = 4
    learning_steps: tuple[str, ...] = ("1m", "10m")
    relearning_steps: tuple[str, ...] = ("10m",)
    retention: float = 0.9

    @property
    def learn_ahead(self) -> timedelta:
        return timedelta(minutes=self.learn_ahead_minutes)

    def steps(self, name: str) -> tuple[timedelta, ...]:
        return tuple(parse_duration(s) for s in getattr(self, name))

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    def with_value(self, key: str, value: Any) -> Settings:
        """A copy with ``key`` set to ``value`` (text from the command line, or a TOML value)."""
        return replace(self, **{key: check(key, value)})


DEFAULTS = Settings()
KEYS = tuple(f.name for f in fields(Settings))
assert set(KEYS) == set(SPECS)


def path() -> Path:
    from quizzer.paths import home

    return home() / FILENAME


_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """``"90s"``, ``"10m"``, ``"1.5h"``, ``"1d"`` -> timedelta; at least a second, at most a week."""
    match = _DURATION.fullmatch(str(text))
    if not match:
        raise SettingsError(f"{text!r} is not a duration like 30s, 10m, 1h or 1d")
    seconds = float(match[1]) * _UNIT_SECONDS[match[2]]
    if not 1 <= seconds <= 7 * 86400:
        raise SettingsError(f"{text!r}: a step is between 1s and 7d")
    return timedelta(seconds=seconds)


def check(key: str, value: Any) -> Any:
    """``value`` (a TOML value, or text from the command line) as setting ``key`` wants it."""
    spec = SPECS.get(key)
    if spec is None:
        raise SettingsError(f"unknown setting {key!r}; the settings are: {', '.join(KEYS)}")
    if spec.kind is list:
        if isinstance(value, str):  # from the command line: "1m 10m" or "1m,10m"; "" for none
            value = [v for v in re.split(r"[\s,]+", value) if v]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f'{key}: expected a list of durations like ["1m", "10m"]')
        if len(value) > spec.high:
            raise SettingsError(f"{key}: at most {int(spec.high)} steps")
        for step in value:
            parse_duration(step)
        return tuple(v.strip() for v in value)
    if isinstance(value, str):
        try:
            value = spec.kind(value.strip())
        except ValueError:
            raise SettingsError(f"{key}: expected {_kind(spec)}, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(f"{key}: expected {_kind(spec)}, got {value!r}")
    if spec.kind is int and value != int(value):
        raise SettingsError(f"{key}: expected a whole number, got {value!r}")
    if not spec.low <= value <= spec.high:
        raise SettingsError(f"{key}: must be between {spec.low:g} and {spec.high:g}, got {value}")
    return spec.kind(value)


def _kind(spec: Spec) -> str:
    return "a whole number" if spec.kind is int else "a number"


def load(file: Path | None = None) -> Settings:
    """The settings in ``file`` (default: the data directory's) over the defaults."""
    file = file or path()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DEFAULTS
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from exc
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{file}: not valid TOML: {exc}") from None
    settings = DEFAULTS
    for key, value in data.items():
        try:
            settings = settings.with_value(key, value)
        except SettingsError as exc:
            raise SettingsError(f"{file}:{_line_of(text, key)}: {exc}") from None
    return settings


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return 1


def explicit(file: Path | None = None) -> dict[str, Any]:
    """The settings the file sets (checked), in file order."""
    current = load(file)
    file = file or path()
    if not file.exists():
        return {}
    import tomllib

    keys = tomllib.loads(file.read_text(encoding="utf-8"))
    return {key: getattr(current, key) for key in keys}


def save(values: dict[str, Any], file: Path | None = None) -> Path:
    """Write ``values`` (checked settings) as the whole file, atomically."""
    file = file or path()
    lines = ["# quizzer settings: `quizzer config` shows every setting and its default", ""]
    for key in KEYS:
        if key in values:
            lines.append(f"{key} = {_toml(values[key])}")
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, file)
    return file


def _toml(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return repr(value)


def set_value(key: str, value: Any, file: Path | None = None) -> Settings:
    """Check and store one setting; returns the new settings."""
    values = explicit(file)
    values[key] = check(key, value)
    save(values, file)
    return load(file)


def unset(key: str, file: Path | None = None) -> Settings:
    """Back to the default for ``key``."""
    check_key(key)
    values = explicit(file)
    if values.pop(key, None) is not None:
        save(values, file)
    return load(file)


def check_key(key: str) -> str:
    if key not in SPECS:
        raise SettingsError(f"unknown setting {key!r}; the settings are: {', '.join(KEYS)}")
    return key


# -- the learner's day -------------------------------------------------------------------------


def day_start(now: datetime, hour: int, tz: tzinfo | None = None) -> datetime:
    """When the current quizzer day began: the last local ``hour``:00 at or before ``now``."""
    local = now.astimezone(tz) if tz else now.astimezone()
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    return start
