"""Every command takes --lang zh|en, before or after its name."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from quizapp.cli import COMMANDS, main


def _all_commands() -> list[list[str]]:
    found = []
    ctx = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        found.append([name])
        if isinstance(command, click.Group):
            found.extend([name, sub] for sub in command.commands)
    return found


@pytest.mark.parametrize("words", _all_commands(), ids=" ".join)
def test_every_command_takes_lang_after_its_name(words: list[str]) -> None:
    result = CliRunner().invoke(main, [*words, "--lang", "en", "--help"])
    assert result.exit_code == 0, result.output
    assert "--lang" in result.output


def test_a_wrong_language_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", "--lang", "fr"])
    assert result.exit_code == 2


def test_clicks_own_usage_errors_speak_the_interface_language() -> None:
    zh = CliRunner().invoke(main, ["validate", "--bogus"])
    assert zh.exit_code == 2
    assert "用法:" in zh.output and "错误:没有选项 '--bogus'。" in zh.output
    en = CliRunner().invoke(main, ["--lang", "en", "validate", "--bogus"])
    assert "Usage:" in en.output and "Error: No such option '--bogus'." in en.output
    choice = CliRunner().invoke(main, ["quiz", "--mode", "x"])
    assert "'--mode' 的值不对:'x' 不是 'practice', 'exam', 'review' 之一。" in choice.output


def test_every_click_word_in_the_catalogue_is_one_click_uses() -> None:
    """The catalogue's English for click.* keys is click's own text, or it never matches."""
    import inspect

    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    from quizapp.i18n import EN

    source = "".join(inspect.getsource(m) for m in (
        click.core, click.decorators, click.exceptions, click.formatting, click.parser,
        click.types))
    for key, text in EN.items():
        if key.startswith("click."):
            assert repr(text)[1:-1] in source or text in source, key
