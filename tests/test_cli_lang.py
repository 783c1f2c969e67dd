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


def test_help_headings_end_in_the_languages_colon() -> None:
    zh = CliRunner().invoke(main, ["serve", "--help", "--lang", "zh"]).output
    assert "\n选项：\n" in zh and "选项:" not in zh
    top = CliRunner().invoke(main, ["--help", "--lang", "zh"]).output
    assert "\n命令：\n" in top and "命令:" not in top
    en = CliRunner().invoke(main, ["serve", "--help", "--lang", "en"]).output
    assert "\nOptions:\n" in en


def test_a_wrong_language_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", "--lang", "fr"])
    assert result.exit_code == 2


def test_clicks_own_usage_errors_speak_the_interface_language() -> None:
    zh = CliRunner().invoke(main, ["validate", "--bogus"])
    assert zh.exit_code == 2
    assert "用法：" in zh.output and "错误：没有选项 '--bogus'。" in zh.output
    en = CliRunner().invoke(main, ["--lang", "en", "validate", "--bogus"])
    assert "Usage:" in en.output and "Error: No such option '--bogus'." in en.output
    choice = CliRunner().invoke(main, ["quiz", "--mode", "x"])
    assert "'--mode' 的值不对：'x' 不是 'practice', 'exam', 'review' 之一。" in choice.output


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


# --help words: every command's help, short help and option help come from the catalogue

from quizapp.i18n import EN, ZH  # noqa: E402

SKIPPED_OPTIONS = {"help"}  # click's own, worded through click.* keys


def _commands_with_paths() -> list[tuple[str, list[str]]]:
    """(catalogue path, words on the command line) for main and every (sub)command."""
    found = [("main", [])]
    ctx = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        found.append((name, [name]))
        if isinstance(command, click.Group):
            found.extend((f"{name}.{sub}", [name, sub]) for sub in command.commands)
    return found


def _command(words: list[str]) -> click.Command:
    command: click.Command = main
    for word in words:
        command = command.get_command(click.Context(command), word)  # type: ignore[attr-defined]
    return command


def _squash(text: str) -> str:
    """Text without whitespace or click's \\b markers, so wrapping does not matter."""
    return "".join(text.replace("\b", "").split())


def _option_key(table: dict[str, str], path: str, name: str) -> str:
    for key in (f"cli.help.{path}.opt.{name}", f"cli.help.opt.{name}"):
        if key in table:
            return key
    raise AssertionError(f"no catalogue help for option {name!r} of {path!r}")


@pytest.mark.parametrize(("lang", "table"), [("zh", ZH), ("en", EN)])
@pytest.mark.parametrize(("path", "words"), _commands_with_paths(), ids=lambda v: str(v))
def test_help_text_comes_from_the_catalogue(path, words, lang, table, monkeypatch) -> None:
    monkeypatch.delenv("QUIZAPP_LANG", raising=False)
    args = [*words, "--help"] + (["--lang", "en"] if lang == "en" else [])
    result = CliRunner().invoke(main, args)  # --lang after --help still counts
    assert result.exit_code == 0, result.output
    shown = _squash(result.output)
    command = _command(words)
    other = EN if lang == "zh" else ZH
    assert command.help == table[f"cli.help.{path}"].format()
    assert _squash(table[f"cli.help.{path}"].format()) in shown
    assert _squash(other[f"cli.help.{path}"].format()) not in shown
    if path != "main":
        assert command.short_help == table[f"cli.help.{path}.short"]
    for param in command.params:
        if not isinstance(param, click.Option) or param.name in SKIPPED_OPTIONS:
            continue
        key = _option_key(table, path, param.name)
        assert param.help == table[key].format(), (path, param.name)
        if not param.hidden:
            assert _squash(table[key].format()) in shown, (path, param.name)
            assert _squash(other[key].format()) not in shown, (path, param.name)


def test_command_list_shows_short_help_in_the_interface_language(monkeypatch) -> None:
    monkeypatch.setenv("QUIZAPP_LANG", "en")
    en = CliRunner().invoke(main, ["--help"]).output
    assert "Check question files; report each problem as path:line:col." in en
    monkeypatch.delenv("QUIZAPP_LANG")
    zh = CliRunner().invoke(main, ["--help", "--lang", "zh"]).output
    assert ZH["cli.help.validate.short"] in zh and "Check question files" not in zh


def test_every_help_key_belongs_to_a_command_or_option() -> None:
    used = set()
    for path, words in _commands_with_paths():
        command = _command(words)
        used.update({f"cli.help.{path}", f"cli.help.{path}.short"})
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in SKIPPED_OPTIONS:
                used.add(_option_key(EN, path, param.name))
    help_keys = {k for k in EN if k.startswith("cli.help.")}
    assert help_keys - used == set() and help_keys == {k for k in ZH if k.startswith("cli.help.")}
