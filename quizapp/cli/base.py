"""What every command shares: ``--lang`` and errors that print in the interface language.

``--lang zh|en`` is accepted before the command name (``quizapp --lang en validate``) and
after it (``quizapp validate --lang en``). Without it the language is ``QUIZAPP_LANG``,
else the one remembered from the app, else Chinese. Only click is imported here.
"""

from __future__ import annotations

import click

LANGS = ("zh", "en")
_EXPLICIT = "quizapp.lang"


def _settings_language() -> str | None:
    from quizapp.i18n import STRINGS
    from quizapp.settings import Settings

    try:
        lang = (Settings.load().lang or "").strip().lower()
    except Exception:  # noqa: BLE001 - odd settings never stop a command
        return None
    return lang if lang in STRINGS else None


def choose_language(explicit: str | None = None) -> str:
    """Set and return the language: ``explicit``, else QUIZAPP_LANG, else remembered, else zh."""
    from quizapp.i18n import env_language, set_language

    return set_language(explicit or env_language() or _settings_language() or None)


def _lang_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta[_EXPLICIT] = value
        choose_language(value)
    elif _EXPLICIT not in ctx.meta:
        choose_language(None)
    return value


def lang_option(fn):
    """``--lang zh|en`` on a command (eager: it is set before any other option is read)."""
    return click.option(
        "--lang", type=click.Choice(LANGS, case_sensitive=False), default=None,
        is_eager=True, expose_value=False, callback=_lang_callback,
        help="Interface language: zh or en (default: QUIZAPP_LANG, else the last one used, "
             "else zh). 界面语言。")(fn)


def _shown_bytes(text: str) -> str:
    """Text read from the command line with its undecodable bytes written out: the
    surrogate escapes of ``Jos\\xe9`` (Latin-1) as ``Jos\\xe9``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte stands for
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


#: parameters that name a student or a class: held to a name's length
_NAMES = frozenset({"student", "name", "class_name", "new_name"})


def _checked_text(previous):
    """A parameter callback refusing text that is not UTF-8 (bytes from a terminal or
    script in another encoding reach Python as lone surrogates, which no file, database
    or terminal can take) and a student's or class's name longer than a name can be."""
    def check(ctx: click.Context, param: click.Parameter, value):
        from quizapp.i18n import t
        from quizapp.untrusted import MAX_NAME_CHARS

        for item in value if isinstance(value, (tuple, list)) else (value,):
            if not isinstance(item, str):
                continue
            shown = param.get_error_hint(ctx)
            if any("\ud800" <= c <= "\udfff" for c in item):
                raise UsageFailure(t("cli.not_utf8", option=shown, text=_shown_bytes(item)))
            if param.name in _NAMES and len(item) > MAX_NAME_CHARS:
                raise UsageFailure(t("cli.name_too_long", option=shown, n=len(item),
                                     limit=MAX_NAME_CHARS))
        return previous(ctx, param, value) if previous is not None else value

    check.checks_text = True  # type: ignore[attr-defined]
    return check


def check_text_params(command: click.Command) -> click.Command:
    """Every text option and argument of ``command`` checked by :func:`_checked_text`."""
    for param in command.params:
        if isinstance(param.type, click.types.StringParamType) and not getattr(
                param.callback, "checks_text", False):
            param.callback = _checked_text(param.callback)
    return command


def ensure_lang_option(command: click.Command) -> click.Command:
    """Give ``command`` (and a group's subcommands) ``--lang`` if it does not have it yet,
    so every command takes it, including one that does not declare it; and check its
    text parameters (:func:`check_text_params`)."""
    check_text_params(command)
    if not any(p.name == "lang" for p in command.params):
        command.params.extend(lang_option(lambda: None).__click_params__)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            ensure_lang_option(sub)
    return command


def lang_in_args(args) -> str | None:
    """The language a ``--lang`` anywhere on the command line asks for (the last one wins),
    so ``quizapp validate --help --lang en`` is in English although --help comes first."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg[len("--lang="):]
        else:
            continue
        if value.strip().lower() in LANGS:
            found = value.strip().lower()
    return found


def choose_language_from_args(ctx: click.Context, args) -> None:
    """Before click parses ``args``: set the language they name (or the default one)."""
    lang = lang_in_args(args)
    if lang:
        ctx.meta[_EXPLICIT] = lang
    choose_language(lang)


def localize_help(command: click.Command, path: str) -> click.Command:
    """Give ``command`` (and a group's subcommands) its ``--help`` words from the catalogue,
    in the current language: ``cli.help.<path>`` (the help, examples included),
    ``cli.help.<path>.short``, and for each option ``cli.help.<path>.opt.<name>``, else the shared
    ``cli.help.opt.<name>``. ``path`` is the command's name under ``quizapp`` (``class.add``)."""
    from quizapp.i18n import STRINGS, language, t

    table = STRINGS[language()]
    key = f"cli.help.{path}"
    if key in table:
        command.help = t(key)
    if f"{key}.short" in table:
        command.short_help = t(f"{key}.short")
    for param in command.params:
        if isinstance(param, click.Option):
            for option_key in (f"{key}.opt.{param.name}", f"cli.help.opt.{param.name}"):
                if option_key in table:
                    param.help = t(option_key)
                    break
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            localize_help(sub, name if path == "main" else f"{path}.{name}")
    return command


def _click_word(message: str) -> str:
    """click's own English message in the interface language, when the catalogue has it."""
    from quizapp.i18n import EN, STRINGS, language

    key = _CLICK_KEYS.get(message)
    if key is None:
        _CLICK_KEYS.update({v: k for k, v in EN.items() if k.startswith("click.")})
        key = _CLICK_KEYS.get(message)
    return STRINGS[language()][key] if key is not None else message


def _click_nword(singular: str, plural: str, n: int) -> str:
    return _click_word(singular if n == 1 else plural)


_CLICK_KEYS: dict[str, str] = {}


def _teach_click_our_words() -> None:
    """click words its usage errors and help headings with gettext; give it ours instead."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _click_word  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_nword  # type: ignore[attr-defined]


class _Formatter(click.HelpFormatter):
    """click's help layout, with a heading's colon in the interface's punctuation
    ("选项：", "Options:")."""

    def write_heading(self, heading: str) -> None:
        from quizapp.i18n import t

        self.write(f"{'':>{self.current_indent}}{t('click.heading', heading=heading)}\n")


_teach_click_our_words()
click.Context.formatter_class = _Formatter


class CliError(click.ClickException):
    """An error a person must act on: printed as is (already in the interface language)
    on stderr, exit status 1 (a problem) or 2 (a usage error)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:  # noqa: D102
        from quizapp.untrusted import visible

        # messages carry paths, names and file text: control characters are shown, never sent
        click.echo(visible(self.format_message()), err=True, file=file)


class UsageFailure(CliError):
    """A usage error (exit status 2) in the interface language."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 2)


def problem_lines(problems, limit: int | None = None) -> list[str]:
    """The loader's problems as ``path:line:col: message`` lines in the interface language."""
    from quizapp.i18n import t, words

    word = words()
    shown = problems if limit is None else problems[:limit]
    from quizapp.untrusted import visible

    lines = [visible(p.format(word)) for p in shown]
    if limit is not None and len(problems) > limit:
        lines.append(t("cli.more_problems", n=len(problems) - limit))
    return lines


def refused_output(exc) -> CliError:
    """A :class:`quizapp.files.RefusedOutput` as one line in the interface language."""
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    return CliError(t(f"output.{exc.reason}", path=visible(exc.path, multiline=False),
                      suffix=exc.suffix))


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that a command stopped with ``kill`` cleans up its
    temporary files as it does on Ctrl+C (SIGKILL leaves them to the next run)."""
    import signal

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. a test runner's worker)
        pass
