"""Sizes no person means more than, refused with a located message naming the limit;
invisible characters in question files warned about."""

from __future__ import annotations

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.loader import load_bytes, load_paths
from quizapp.untrusted import MAX_FIELD_CHARS


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_sparse_file_of_gigabytes_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(3 * 2**30)
    for lang, words in (("en", "over the limit of 50 MB"), ("zh", "超过 50 MB 的上限")):
        result = run("--lang", lang, "validate", str(big))
        assert result.exit_code == 1
        assert f"{big}:1:1: " in result.output and words in result.output


def test_a_ten_million_character_prompt_is_a_located_problem(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("title: t\nquestions:\n  - id: q\n    type: card\n    front: '"
                    + "x" * 10_000_000 + "'\n    back: b\n", encoding="utf-8")
    result = load_paths([path])
    assert [(p.line, p.col, p.message.key) for p in result.problems] == [
        (5, 12, "problem.too_long")]
    assert dict(result.problems[0].message.params)["limit"] == MAX_FIELD_CHARS
    shown = run("--lang", "en", "validate", str(path)).output
    assert "`front` is too long: 10000000 characters, the limit is 20000" in shown
    shown = run("--lang", "zh", "validate", str(path)).output
    assert "`front` 太长：10000000 个字，上限是 20000 个字" in shown
    ok = path.read_text(encoding="utf-8").replace("x" * 10_000_000, "x" * MAX_FIELD_CHARS)
    assert load_bytes(ok.encode()).problems == []


def test_options_that_differ_only_by_an_invisible_character_are_warned_about():
    for char, shown in (("\u200b", "\\u200b"), ("\u00ad", "\\u00ad"), ("\ufeff", "\\ufeff"),
                        ("\u2060", "\\u2060"), ("\u061c", "\\u061c"), ("\u200f", "\\u200f"),
                        ("\U000e0041", "\\U000e0041"), ("\u2028", "\\u2028")):
        doc = ("title: t\nquestions:\n  - id: q\n    type: choice\n    prompt: p\n"
               f'    options: [ab, "a{char}b"]\n    answer: ab\n')
        result = load_bytes(doc.encode())
        assert result.problems == []
        assert [(w.line, w.message.key, dict(w.message.params)["char"])
                for w in result.warnings] == [(6, "problem.invisible_text", shown)]


def test_validate_words_the_invisible_warning(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text('title: t\nquestions:\n  - id: q\n    type: card\n    front: "Ali\\u200bce"\n'
                    "    back: b\n", encoding="utf-8")
    result = run("--lang", "en", "validate", str(path))
    assert result.exit_code == 0
    assert f"{path}:5:12: warning: the text contains an invisible character, shown here as " \
           "\\u200b" in result.output
    assert "\u200b" not in result.output
    assert "看不见的字符" in run("--lang", "zh", "validate", str(path)).output


def test_a_set_with_more_tags_than_anyone_reads_is_a_located_problem():
    doc = ("title: t\ntags: [" + ", ".join(f"t{i}" for i in range(200_000)) + "]\n"
           "questions:\n  - id: q\n    type: card\n    front: a\n    back: b\n")
    result = load_bytes(doc.encode())
    assert [(p.line, p.col, p.message.key, dict(p.message.params)) for p in result.problems] \
        == [(2, 7, "problem.too_many", {"key": "tags", "n": 200_000, "limit": 100})]
    fine = ("title: t\ntags: [" + ", ".join(f"t{i}" for i in range(100)) + "]\n"
            "questions:\n  - id: q\n    type: card\n    front: a\n    back: b\n")
    assert load_bytes(fine.encode()).problems == []


def test_a_blank_with_more_accepted_answers_than_anyone_writes_is_a_problem():
    doc = ('title: t\nquestions:\n  - id: q\n    type: fill\n    prompt: "{{c1::a}}"\n'
           "    accept: {1: [" + ", ".join(f"a{i}" for i in range(200_000)) + "]}\n")
    result = load_bytes(doc.encode())
    assert [(p.line, p.message.key, dict(p.message.params)) for p in result.problems] == [
        (6, "problem.too_many", {"key": "accept", "n": 200_000, "limit": 100})]
