"""``quizzer doctor``: the jail's layers on this machine, as a table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from quizzer.i18n import t
from quizzer.render import console


def print_doctor(support: dict, missing_for_grade: list[str], lang: str) -> None:
    out = console()
    table = Table(title=t("jail.title", lang), title_justify="left", show_lines=False)
    table.add_column(t("jail.layer", lang))
    table.add_column(t("jail.state", lang))
    table.add_column(t("jail.detail", lang), overflow="fold")
    for name, layer in support["layers"].items():
        active = bool(layer.get("active"))
        state = Text(
            t("jail.on" if active else "jail.off", lang), style="green" if active else "red"
        )
        table.add_row(name, state, Text(str(layer.get("how") or layer.get("why") or "")))
    out.print(table)
    facts = support["facts"]
    out.print(Text(", ".join(f"{k}: {v}" for k, v in facts.items()), style="dim"))
    if missing_for_grade:
        line = t("jail.grade_refuses", lang, layers=", ".join(missing_for_grade))
        out.print(Text(line, style="bold red"))
    else:
        out.print(Text(t("jail.grade_ok", lang), style="green"))


def print_isolation_warning(why: str, lang: str) -> None:
    """check's one line on stderr when part of the jail was off."""
    console(stderr=True).print(Text(t("jail.warning", lang, why=why), style="yellow"))
