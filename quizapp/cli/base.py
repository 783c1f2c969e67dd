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


def ensure_lang_option(command: click.Command) -> click.Command:
    """Give ``command`` (and a group's subcommands) ``--lang`` if it does not have it yet,
    so every command takes it, including one that does not declare it."""
    if not any(p.name == "lang" for p in command.params):
        command.params.extend(lang_option(lambda: None).__click_params__)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            ensure_lang_option(sub)
    return command


class CliError(click.ClickException):
    """An error a person must act on: printed as is (already in the interface language)
    on stderr, exit status 1 (a problem) or 2 (a usage error)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:  # noqa: D102
        click.echo(self.format_message(), err=True, file=file)


class UsageFailure(CliError):
    """A usage error (exit status 2) in the interface language."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 2)


def problem_lines(problems, limit: int | None = None) -> list[str]:
    """The loader's problems as ``path:line:col: message`` lines in the interface language."""
    from quizapp.i18n import t, words

    word = words()
    shown = problems if limit is None else problems[:limit]
    lines = [p.format(word) for p in shown]
    if limit is not None and len(problems) > limit:
        lines.append(t("cli.more_problems", n=len(problems) - limit))
    return lines
