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
