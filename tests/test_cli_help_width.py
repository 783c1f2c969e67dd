"""Every command's --help fits an 80-column terminal by display width (a Chinese
character takes two cells) and breaks its lines by the Chinese rules, in both languages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quizapp.cli import COMMANDS, main
from quizapp.core.linebreak import NO_END, NO_START, cell_width


def commands() -> list[list[str]]:
    found: list[list[str]] = [[]]
    for name in sorted(COMMANDS):
        found.append([name])
        command = main.get_command(None, name)  # type: ignore[arg-type]
        for sub in getattr(command, "commands", {}):
            found.append([name, sub])
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 60])
def test_help_fits_the_terminal_and_follows_the_rules(lang, width):
    checked = 0
    for path in commands():
        result = CliRunner().invoke(main, [*path, "--help", "--lang", lang],
                                    terminal_width=width)
        assert result.exit_code == 0, (path, result.output)
        for line in result.output.splitlines():
            assert cell_width(line) <= width, (path, line)
            body = line.strip()
            if body:
                assert body[0] not in NO_START, (path, line)
                assert body[-1] not in NO_END, (path, line)
            checked += 1
    assert checked > 200
