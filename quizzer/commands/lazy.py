"""A command group that imports a command's module, and builds the command, only when it is needed.

Typer turns every registered function into a Click command (its signature, type hints and
options) each time the program starts, and every command module must be imported first to
register its functions: about 20 ms for two dozen commands, when a run needs one command
(``quizzer list``) or none (``quizzer --help`` lists names and first lines only). pip's
``commands/__init__.py`` avoids the same cost the same way: a table of command names and
the modules that define them.

``lazy_group(modules)`` gives a group class for ``typer.Typer(cls=...)``; ``modules`` maps
each command's name to the module whose ``register(app)`` registers it, in the order of
``--help``. A command's module is imported and registered the first time the command is
looked up, and its Click command is built then; the group's help lists every command from
what registration gives (name, help text, panel) without building any.
"""

import inspect
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name
from typer.models import CommandInfo

# The parser's usage error: click's, or the copy of click that Typer 0.26+ carries (only its
# subclass BadParameter is public in both).
UsageError = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


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


class Registry:
    """Commands registered module by module, as they are asked for."""

    def __init__(self, modules: Mapping[str, str]) -> None:
        self.modules = dict(modules)  # command name: module
        self.app = typer.Typer()
        self._infos: dict[str, CommandInfo] = {}
        self._imported: set[str] = set()

    def info(self, name: str) -> CommandInfo:
        """The registration of command ``name``; ``KeyError`` when there is no such command."""
        module = self.modules[name]
        if module not in self._imported:
            self._imported.add(module)
            # __import__, not importlib.import_module: `python -X importtime` lists the module
            __import__(module, fromlist=["register"]).register(self.app)
            self._infos.update((command_name(i), i) for i in self.app.registered_commands)
        return self._infos[name]


class LazyCommands(Mapping):
    """A group's ``commands``: every name from the start, each command built on first access."""

    def __init__(self, registry: Registry, build) -> None:
        self.registry = registry
        self._build = build
        self.built: dict[str, TyperCommand] = {}

    def __contains__(self, name: object) -> bool:
        return name in self.registry.modules  # without building it

    def __getitem__(self, name: str) -> TyperCommand:
        if name not in self.built:
            self.built[name] = self._build(self.registry.info(name))
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.registry.modules)

    def __len__(self) -> int:
        return len(self.registry.modules)


def lazy_group(modules: Mapping[str, str]) -> type[TyperGroup]:
    """A group class with the commands that ``modules`` lists, imported and built when used."""

    class LazyGroup(TyperGroup):
        def __init__(self, **attrs: Any) -> None:
            super().__init__(**attrs)
            self.commands = LazyCommands(Registry(modules), self._build)
            self._listing = False
            self._argv: list[str] = []  # the command line, for the language of a usage error

        def _build(self, info: CommandInfo) -> TyperCommand:
            return get_command_from_info(
                info,
                pretty_exceptions_short=True,  # Typer's default (quizzer turns pretty exceptions off)
                rich_markup_mode=self.rich_markup_mode,
            )

        def list_commands(self, ctx: Any) -> list[str]:
            return list(self.commands)  # the order of the table, nothing imported

        def get_command(self, ctx: Any, cmd_name: str) -> TyperCommand | None:
            if cmd_name not in self.commands:
                return None
            if self._listing and cmd_name not in self.commands.built:
                return summary(self.commands.registry.info(cmd_name), self.rich_markup_mode)
            return self.commands[cmd_name]

        def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
            self._argv = [str(a) for a in (sys.argv[1:] if args is None else args)]
            return super().main(args, *rest, **extra)

        def make_context(self, *args: Any, **extra: Any) -> Any:
            try:
                return super().make_context(*args, **extra)
            except UsageError as exc:  # the group's own options, or no command at all
                raise _in_language(exc, self) from None

        def invoke(self, ctx: Any) -> Any:
            try:
                return super().invoke(ctx)
            except UsageError as exc:  # an unknown command, or the command's own line
                raise _in_language(exc, self) from None

        def format_help(self, ctx: Any, formatter: Any) -> None:
            self._listing = True  # the list of commands needs their names and first lines only
            try:
                super().format_help(ctx, formatter)
            finally:
                self._listing = False

    return LazyGroup


def _in_language(error: Any, group: Any) -> Any:
    """A usage error in the language the command line asks for (``usage_zh``, loaded only now)."""
    from quizzer.commands.usage_zh import translated

    return translated(error, group._argv)
