"""A command group that turns a command's function into a Click command only when it is needed.

Typer turns every registered function into a Click command (its signature, type hints and
options) each time the program starts: about half a millisecond a command, for two dozen
commands, when a run needs one (``quizzer list``) or none (``quizzer --help`` lists names
and first lines only). ``lazy_group(registry)`` gives a group class for ``typer.Typer(cls=...)``
that builds a command of ``registry`` the first time it is looked up, and lists the group's
commands in its help from what the registry holds already (name, help text, panel).
"""

import inspect
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name
from typer.models import CommandInfo


def command_name(info: CommandInfo) -> str:
    """The name Typer gives a registered command."""
    return info.name or get_command_name(info.callback.__name__)


def summary(info: CommandInfo, rich_markup_mode: Any) -> TyperCommand:
    """What a group's help shows of a command (name, help, panel), without its options."""
    return TyperCommand(
        name=command_name(info),
        help=inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help),
        short_help=info.short_help,
        hidden=info.hidden,
        deprecated=info.deprecated,
        rich_markup_mode=rich_markup_mode,
        rich_help_panel=info.rich_help_panel,
    )


class LazyCommands(MutableMapping):
    """The group's ``commands``: every name from the start, each command built on first access."""

    def __init__(self, infos: list[CommandInfo], build) -> None:
        self._infos = {command_name(info): info for info in infos}
        self._build = build
        self.built: dict[str, TyperCommand] = {}

    def __getitem__(self, name: str) -> TyperCommand:
        if name not in self.built:
            self.built[name] = self._build(self._infos[name])  # KeyError: no such command
        return self.built[name]

    def __setitem__(self, name: str, command: TyperCommand) -> None:
        self._infos.pop(name, None)
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        self._infos.pop(name, None)
        self.built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._infos), **dict.fromkeys(self.built)})

    def __len__(self) -> int:
        return len(self._infos.keys() | self.built.keys())

    def info(self, name: str) -> CommandInfo | None:
        return None if name in self.built else self._infos.get(name)


def lazy_group(registry: typer.Typer) -> type[TyperGroup]:
    """A group class whose commands are those registered on ``registry``, built when used."""

    class LazyGroup(TyperGroup):
        def __init__(self, **attrs: Any) -> None:
            super().__init__(**attrs)
            self.commands = LazyCommands(registry.registered_commands, self._build)
            self._listing = False

        def _build(self, info: CommandInfo) -> TyperCommand:
            return get_command_from_info(
                info,
                pretty_exceptions_short=registry.pretty_exceptions_short,
                rich_markup_mode=self.rich_markup_mode,
            )

        def list_commands(self, ctx: Any) -> list[str]:
            return list(self.commands)  # the order of registration, nothing built

        def get_command(self, ctx: Any, cmd_name: str) -> TyperCommand | None:
            info = self.commands.info(cmd_name) if self._listing else None
            if info is not None:
                return summary(info, self.rich_markup_mode)
            return self.commands.get(cmd_name)

        def format_help(self, ctx: Any, formatter: Any) -> None:
            self._listing = True  # the list of commands needs their names and first lines only
            try:
                super().format_help(ctx, formatter)
            finally:
                self._listing = False

    return LazyGroup
