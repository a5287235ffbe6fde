"""Swedish for the words typer writes itself: usage line, panel titles, the help option, errors.

typer 0.29 carries its own copy of click (`typer._click`) with English written into the code,
and a few gettext strings of its own; there is no Swedish catalogue to install. `install()`
therefore sets typer's texts and wraps the few places that write English. What is not covered
stays English, and `tests/test_cli.py` checks `--help` and the errors for English words.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable
from types import ModuleType

# typer's texts computed once at its import, by the name it keeps them under.
RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ERRORS_PANEL_TITLE": "Fel",
    "ABORTED_TEXT": "Avbrutet.",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] för hjälp.",
    "DEFAULT_STRING": "[förval: {}]",
    "REQUIRED_LONG_STRING": "[krävs]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "DEPRECATED_STRING": "(utfasad) ",
}
USAGE = "Användning: "
USAGE_WORDS = {"[OPTIONS]": "[FLAGGOR]", "COMMAND [ARGS]...": "KOMMANDO [ARGUMENT]..."}
HELP_OPTION = "Visa den här hjälpen och avsluta."
# The value types typer shows beside each option and argument ("<int>", "<list[Path]>"), by the
# Python type's name; a flag (a bool) takes no value, so nothing is shown for it.
TYPE_NAMES = {"str": "text", "int": "heltal", "float": "tal", "Path": "sökväg", "bool": "", "datetime": "datum"}

# click's and typer's error messages, as they are worded in typer 0.29, and their Swedish.
ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), swedish)
    for pattern, swedish in (
        (r"Missing argument '(.+?)'\.", r"Argumentet '\1' saknas."),
        (r"Missing option '(.+?)'\.", r"Flaggan '\1' saknas."),
        (r"Missing parameter '(.+?)'\.", r"Parametern '\1' saknas."),
        (r"No such option: (\S+)", r"Okänd flagga: \1"),
        (r"No such command '(.+?)'\.", r"Okänt kommando '\1'."),
        (r"Did you mean (.+)\?", r"Menade du \1?"),
        (r"\(Possible options: (.+)\)", r"(möjliga flaggor: \1)"),
        (r"Option '(.+?)' requires an argument\.", r"Flaggan '\1' behöver ett värde."),
        (r"Option '(.+?)' does not take a value\.", r"Flaggan '\1' tar inget värde."),
        (r"Got unexpected extra arguments? \((.+)\)", r"Oväntat extra argument (\1)"),
        (r"Got unexpected extra argument\(s\) \((.+)\)", r"Oväntat extra argument (\1)"),
        (r"Invalid value for (.+?): ", r"Ogiltigt värde för \1: "),
        (r"Invalid value: ", r"Ogiltigt värde: "),
        (r"Input should be less than or equal to (\S+)", r"högst \1"),
        (r"Input should be greater than or equal to (\S+)", r"minst \1"),
        (r"Input should be less than (\S+)", r"mindre än \1"),
        (r"Input should be greater than (\S+)", r"större än \1"),
        (r"Input should be a valid integer.*", r"ett heltal behövs"),
        (r"Input should be a valid number.*", r"ett tal behövs"),
        (r"Input should be a valid boolean.*", r"ja eller nej behövs"),
        (r"Input should be (.+)", r"förväntade \1"),
        (r"Value (.+?) is not a valid (\S+)\.", r"\1 är inte ett giltigt värde (\2)."),
    )
)


def translate_error(message: str) -> str:
    """An English click/typer error message in Swedish, pattern by pattern."""
    for pattern, swedish in ERRORS:
        message = pattern.sub(swedish, message)
    return message


def translate_type(label: str) -> str:
    """typer's '<list[Path]>' or '<int range>' in Swedish: '<sökväg …>', '<heltal>'; '' for a flag."""
    inner = label.removeprefix("<").removesuffix(">").removesuffix(" range")
    many = inner.startswith("list[") and inner.endswith("]")
    name = TYPE_NAMES.get(inner[5:-1] if many else inner, inner)
    if not name:
        return ""
    return f"<{name} …>" if many else f"<{name}>"


def _swedish_message(format_message: Callable[[object], str]) -> Callable[[object], str]:
    @functools.wraps(format_message)
    def wrapped(self: object) -> str:
        return translate_error(format_message(self))

    return wrapped


class _Deferred(type):
    """A stand-in for a class whose module is imported on first use: calling it, or reading an
    attribute such as `Traceback.from_exception`, imports the real class and hands over to it."""

    def __call__(cls, *args: object, **kwargs: object) -> object:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> object:
        return getattr(cls.real(), name)


def _deferred(module: str, name: str) -> type:
    return _Deferred(name, (), {"real": staticmethod(lambda: getattr(importlib.import_module(module), name))})


# typer's help imports these two at its own import, for Markdown help text (not used here: the
# markup mode is "rich") and for its exception pages. With pygments and markdown-it under them they
# are half of `rapportsok --help` (measured: 0.38 → 0.21 s to import typer.rich_utils, 2 cores).
DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _import_rich_utils() -> ModuleType:
    """typer.rich_utils, imported with stand-ins for `DEFERRED`; the real modules stay importable."""
    stand_ins = {}
    for module, name in DEFERRED.items():
        if module not in sys.modules:
            stand_ins[module] = ModuleType(module)
            setattr(stand_ins[module], name, _deferred(module, name))
    sys.modules.update(stand_ins)
    try:
        from typer import rich_utils
    finally:
        for module in stand_ins:
            del sys.modules[module]
    return rich_utils


def install() -> None:
    """Make typer speak Swedish in this process (idempotent)."""
    from typer._click import core, exceptions, formatting

    if getattr(install, "done", False):
        return
    rich_utils = _import_rich_utils()
    for name, text in RICH_TEXTS.items():
        setattr(rich_utils, name, text)

    # Every exception class that words its own message, and the base (its message is inherited).
    for cls in vars(exceptions).values():
        own = isinstance(cls, type) and ("format_message" in vars(cls) or cls is exceptions.ClickException)
        if own and issubclass(cls, exceptions.ClickException):
            cls.format_message = _swedish_message(cls.format_message)  # type: ignore[method-assign]

    def show(self: exceptions.ClickException, file: object = None) -> None:
        # Without rich, click writes "Error: …" to stderr; the CLI's own errors say "fel: …".
        from typer._click.utils import echo

        echo(f"fel: {self.format_message()}", file=file, err=file is None)  # type: ignore[arg-type]

    exceptions.ClickException.show = show  # type: ignore[method-assign]

    write_usage = formatting.HelpFormatter.write_usage

    def swedish_usage(self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, swedish in USAGE_WORDS.items():
            args = args.replace(english, swedish)
        write_usage(self, prog, args, USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = swedish_usage  # type: ignore[method-assign]

    get_help_option = core.Command.get_help_option

    def swedish_help_option(self: core.Command, ctx: core.Context) -> core.Option | None:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    core.Command.get_help_option = swedish_help_option  # type: ignore[method-assign]

    from typer.core import _TyperParameter

    display_type = _TyperParameter.display_type

    def swedish_type(self: _TyperParameter, ctx: core.Context) -> str:
        return translate_type(display_type(self, ctx))

    _TyperParameter.display_type = swedish_type  # type: ignore[method-assign]
    install.done = True  # type: ignore[attr-defined]
