"""The command line: thin commands that parse options, call the core or an adapter, and print.

Each command lives in its own module and imports what it needs inside the command, so
``quizapp --help`` loads neither Textual, SQLModel nor genanki.
"""

from __future__ import annotations

import importlib
import sys

import click

from quizapp import __version__
from quizapp.cli.base import (
    check_text_params,
    choose_language_from_args,
    ensure_lang_option,
    lang_option,
    localize_help,
)
from quizapp.cli.quiz import class_option, content_options

#: command name -> "module:attribute"; each module imports only click at import time.
COMMANDS = {
    "cards": "quizapp.cli.cards:cards",
    "class": "quizapp.cli.classes:class_",
    "coverage": "quizapp.cli.coverage:coverage",
    "export": "quizapp.cli.export:export",
    "home": "quizapp.cli.home:home",
    "import": "quizapp.cli.importing:import_",
    "live": "quizapp.cli.live:live",
    "new": "quizapp.cli.new:new",
    "print": "quizapp.cli.paper:print_",
    "quiz": "quizapp.cli.quiz:quiz",
    "report": "quizapp.cli.report:report",
    "serve": "quizapp.cli.serve:serve",
    "teacher": "quizapp.cli.teacher:teacher",
    "validate": "quizapp.cli.validate:validate",
}


class LazyGroup(click.Group):
    """A group whose commands are imported from :data:`COMMANDS` when first needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = ensure_lang_option(getattr(importlib.import_module(module), attr))
        return localize_help(command, cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException:
            raise
        except Exception as exc:
            # the database failing in the middle of any command (locked past the busy
            # timeout, gone, read-only): its own one-line message, never a traceback
            engine = sys.modules.get("quizapp.storage.engine")
            if engine is not None and isinstance(exc, engine.StorageError):
                from quizapp.cli.base import CliError
                from quizapp.i18n import t
                from quizapp.untrusted import visible

                raise CliError(t("cli.error", message=visible(str(exc)))) from None
            raise

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # --lang may come anywhere (even after --help): every help text follows it
        if ctx.parent is None:
            choose_language_from_args(ctx, args)
            localize_help(self, "main")
        return super().parse_args(ctx, args)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="quizapp")
@content_options
@class_option
@lang_option
@click.pass_context
def main(ctx: click.Context, **home_options) -> None:
    """quizapp: 长株潭“一座城”课堂测验与闪卡 / classroom quizzes and flashcards.

    Run without a command to open the app on the built-in content; the options
    below apply to that (each command has its own, see COMMAND --help).

    \b
    Examples:
      quizapp                              open the app (Home screen)
      quizapp --lang en                    the same, in English
      quizapp quiz --mode exam --count 20 --time-limit 15
      quizapp cards --student 小明         today's flashcards
      quizapp validate my-questions/       check question files
      quizapp coverage                     which sentences of the article are taught
      quizapp report items                 which questions are too easy or too hard
      quizapp export anki                  write decks/changzhutan-one-city.apkg
    """
    if ctx.invoked_subcommand is None:
        home = main.get_command(ctx, "home")
        assert home is not None  # one of COMMANDS
        ctx.invoke(home, **home_options)
    elif any(home_options.values()):
        from quizapp.cli.base import UsageFailure
        from quizapp.i18n import t

        given = ["--" + name.replace("_", "-") for name, value in home_options.items() if value]
        raise UsageFailure(t("cli.option_after_command", options=", ".join(given),
                             command=ctx.invoked_subcommand, option=given[0]))


check_text_params(main)
