from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Tests never touch the real data directory or the user's environment."""
    monkeypatch.setenv("QUIZZER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("QUIZZER_LANG", raising=False)
    monkeypatch.delenv("QUIZZER_DECKS", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
