"""Question files with hostile text (tests/fixtures/hostile/): validate warns about control
characters at their place, and no command sends one to the terminal raw."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.loader import load_paths

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
EVERY_FIELD = HOSTILE / "every-field.yaml"


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args])


def no_controls(text: str) -> None:
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F
           or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
    assert not bad, bad


def test_control_characters_are_warned_at_their_place():
    result = load_paths([EVERY_FIELD])
    assert result.problems == [] and len(result.bank) == 4  # still a usable file
    places = [(w.line, w.col) for w in result.warnings
              if w.message.key == "problem.control_text"]
    # title, tags, the choice's prompt, explain and quote, the match pairs, the card's back
    assert places == [(4, 8), (6, 7), (10, 13), (13, 14), (14, 12), (19, 7), (28, 11)]


def test_validate_shows_them_visibly_and_exits_0():
    result = run("validate", str(EVERY_FIELD))
    assert result.exit_code == 0, result.output
    no_controls(result.output)
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{EVERY_FIELD}:4:8: warning: ") and "␛" in lines[0]
    assert "\\u202e" in lines[1] and "\\x9b" in result.output
    assert lines[-1].endswith("0 problems, 7 warnings")


def test_validate_json_escapes_them():
    result = run("validate", str(EVERY_FIELD), "--format", "json")
    assert result.exit_code == 0
    no_controls(result.output)
    data = json.loads(result.output)
    assert len(data["warnings"]) == 7 and data["problems"] == []


def test_problem_messages_quote_text_visibly(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('title: t\nquestions:\n  - id: q\n    type: choice\n    prompt: "p"\n'
                   '    options: [a, b]\n    answer: "c\\e]52;c;aGk=\\a"\n', encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    no_controls(result.output)
    assert "␛]52" in result.output
    result = run("export", "anki", str(bad), "-o", str(tmp_path / "x.apkg"))
    assert result.exit_code == 1
    no_controls(result.output)


def test_files_with_control_characters_in_their_path(tmp_path):
    folder = tmp_path / "a\x1b[2Jb"
    folder.mkdir()
    (folder / "q.yaml").write_text("title: [", encoding="utf-8")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    no_controls(result.output)
    assert "a␛[2Jb" in result.output


def test_gift_export_writes_no_raw_control_character(tmp_path):
    out = tmp_path / "out.gift"
    result = run("export", "gift", str(EVERY_FIELD), "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    text = out.read_text(encoding="utf-8")
    no_controls(text)
    assert "␛" in text


def test_an_invisible_character_in_a_cards_front_is_warned_about_once(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text('title: t\nquestions:\n  - id: q\n    type: card\n'
                    '    front: "\\ufeffAlice"\n    back: b\n', encoding="utf-8")
    warnings = load_paths([path]).warnings
    assert [(w.line, w.message.key) for w in warnings] == [(5, "problem.invisible_text")]
