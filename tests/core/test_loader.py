"""The loader and validator: the format's rules, located problems, encodings, fuzzing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.layout import ALIAS_MAX_USES
from quizapp.core.loader import (
    ContentError,
    Problem,
    load_bank,
    load_builtin,
    load_bytes,
    load_paths,
)
from quizapp.core.model import (
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
from quizapp.i18n import words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))
VALID = FIXTURES / "valid" / "every-type.yaml"
EXPECT = re.compile(r"^# (expect|warn)-(en|zh) (\d+):(\d+) (.*)$", re.M)


def expected(path: Path, lang: str, kind: str = "expect") -> list[tuple[int, int, str]]:
    """The `# expect-LANG` (problems) or `# warn-LANG` (warnings) lines of a fixture
    (`{path}` stands for the fixture's own path)."""
    text = path.read_text("utf-8")
    return sorted((int(a), int(b), msg.replace("{path}", str(path)))
                  for what, which, a, b, msg in EXPECT.findall(text)
                  if which == lang and what == kind)


def message(problem: Problem, lang: str = "en") -> str:
    return problem.text(words(lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_reports_each_problem_at_its_line(path: Path, lang: str) -> None:
    """Each broken fixture lists its expected problems, in Chinese and in English, as
    `# expect-zh LINE:COL message` and `# expect-en LINE:COL message`."""
    result = load_paths([path])
    got = sorted((p.line, p.col, message(p, lang)) for p in result.problems)
    assert got == expected(path, lang)
    warned = sorted((p.line, p.col, message(p, lang)) for p in result.warnings)
    assert warned == expected(path, lang, "warn")
    assert all(p.path == str(path) for p in result.problems + result.warnings)
    # a file with problems gives no set; one with only warnings loads
    assert (result.sets == []) == bool(result.problems)


def test_every_broken_fixture_expects_something_in_both_languages() -> None:
    assert len(BROKEN) >= 8
    for path in BROKEN:
        for kind in ("expect", "warn"):
            zh, en = expected(path, "zh", kind), expected(path, "en", kind)
            assert [(a, b) for a, b, _ in zh] == [(a, b) for a, b, _ in en], path
        assert expected(path, "zh") or expected(path, "zh", "warn"), path


def test_valid_file_builds_every_type() -> None:
    result = load_paths([VALID])
    assert result.problems == []
    (qset,) = result.sets
    assert qset.key == "every-type"
    assert qset.title == "示例题组"
    assert qset.deck == "长株潭一体化::示例"
    assert qset.source.startswith("《融城共进")
    q = {question.id: question for question in qset}
    choice = q["ex-choice"]
    assert isinstance(choice, ChoiceQuestion)
    assert choice.options == ("抱拳出击", "系统集成", "同城待遇", "以上都不是")
    assert choice.answer == "抱拳出击" and choice.shuffle is False and choice.points == 2
    assert choice.tags == ("示例", "三盘棋")
    assert choice.quote == "下好“产业棋”,从“单打独斗”转向“抱拳出击”。"
    multi = q["ex-multi"]
    assert isinstance(multi, MultiQuestion)
    assert multi.answers == {"行政边界", "产业同质", "资源分散"} and multi.shuffle is True
    assert isinstance(q["ex-truefalse"], TrueFalseQuestion) and q["ex-truefalse"].answer is False
    assert q["ex-truefalse-zh"].answer is True
    fill = q["ex-fill"]
    assert isinstance(fill, FillQuestion)
    assert [(b.number, b.answer, b.hint, b.accept) for b in fill.blanks] == [
        (1, "虹吸焦虑", "", ("虹吸的焦虑",)),
        (2, "溢出思维", "四个字", ()),
    ]
    match = q["ex-match"]
    assert isinstance(match, MatchQuestion)
    assert match.pairs == (("长沙", "工程机械"), ("株洲", "轨道交通"), ("湘潭", "新能源材料"))
    order = q["ex-order"]
    assert isinstance(order, OrderQuestion) and order.items == ("产业棋", "制度棋", "民生棋")
    card = q["ex-card"]
    assert isinstance(card, CardQuestion) and card.front == "长株潭系数" == card.prompt
    assert result.counts == {"choice": 1, "multi": 1, "truefalse": 2, "fill": 1, "match": 1,
                             "order": 1, "card": 1}


def _tf(answer: str) -> bytes:
    return (f"title: t\nquestions:\n  - id: a\n    type: truefalse\n    prompt: p\n"
            f"    answer: {answer}\n").encode()


@pytest.mark.parametrize("word", ["false", "False", "no", "NO", "No", "错", "否", "×", "n", "off"])
def test_truefalse_false_words(word: str) -> None:
    result = load_bytes(_tf(word))
    if word == "off":  # not one of the accepted spellings
        assert "must be true or false" in message(result.problems[0])
    else:
        assert result.problems == []
        assert result.sets[0].questions[0].answer is False


@pytest.mark.parametrize("word", ["true", "TRUE", "yes", "Yes", "对", "是", "√", "'yes'"])
def test_truefalse_true_words(word: str) -> None:
    result = load_bytes(_tf(word))
    assert result.problems == []
    assert result.sets[0].questions[0].answer is True


def test_scalars_stay_text() -> None:
    """YAML 1.1 implicit typing does not turn options into numbers, booleans or dates."""
    data = (b"title: 2025\nquestions:\n  - id: a\n    type: choice\n    prompt: p\n"
            b"    options: [1949, no, 2024-12-10, ~]\n    answer: no\n    points: 3\n")
    result = load_bytes(data)
    assert result.problems == []
    q = result.sets[0].questions[0]
    assert q.options == ("1949", "no", "2024-12-10", "~") and q.answer == "no" and q.points == 3
    assert result.sets[0].title == "2025"


def test_bom_is_accepted() -> None:
    result = load_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    assert result.problems == [] and len(result.sets[0]) == 8


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("title: 长株潭\n".encode("gbk"), "looks like GBK"),
        ("title: 长株潭\n".encode("utf-16"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"# only a comment\n", "no content"),
        (b"title: \xfd\xfc\xc0\x80\x80 not text", "not UTF-8 text (byte 0xfd)"),
        (b"- a\n- b\n", "a question file is made of `key: value` lines"),
    ],
)
def test_unreadable_files_get_one_line(data: bytes, text: str) -> None:
    result = load_bytes(data, "x.yaml")
    assert len(result.problems) == 1
    assert text in message(result.problems[0])
    assert result.problems[0].format(words("en")).startswith("x.yaml:")


def test_gbk_problem_points_at_first_bad_byte() -> None:
    data = "title: ok\nquestions:\n  - 长株潭\n".encode("gbk")
    (problem,) = load_bytes(data, "g.yaml").problems
    assert (problem.line, problem.col) == (3, 5)


def test_duplicate_id_across_files_names_the_first(tmp_path: Path) -> None:
    one = tmp_path / "a.yaml"
    two = tmp_path / "b.yaml"
    body = "title: {t}\nquestions:\n  - id: same\n    type: card\n    front: f\n    back: b\n"
    one.write_text(body.format(t="A"), "utf-8")
    two.write_text("# second\n" + body.format(t="B"), "utf-8")
    result = load_paths([tmp_path])
    assert [p.format(words("en")) for p in result.problems] == [
        f"{two}:4:9: duplicate id `same`: first used at {one}:3:9"
    ]
    assert [s.title for s in result.sets] == ["A"]


def test_folders_recurse_and_missing_paths_are_reported(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.yml").write_bytes(VALID.read_bytes())
    (tmp_path / "notes.txt").write_text("not a question file")
    result = load_paths([tmp_path, tmp_path / "nope.yaml"])
    assert result.files == 1 and len(result.sets) == 1
    assert [message(p) for p in result.problems] == ["no such file or folder"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no .yaml or .yml" in message(load_paths([empty]).problems[0])


def test_same_stem_in_two_folders_gets_distinct_keys(tmp_path: Path) -> None:
    for name, qid in (("a", "q-a"), ("b", "q-b")):
        (tmp_path / name).mkdir()
        text = VALID.read_text("utf-8").replace("id: ex-", f"id: {qid}-")
        (tmp_path / name / "set.yaml").write_text(text, "utf-8")
    result = load_paths([tmp_path])
    assert result.problems == []
    assert sorted(s.key for s in result.sets) == ["b/set", "set"]


def test_load_bank_raises_with_every_problem(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_bank([FIXTURES / "broken" / "types.yaml"], builtin=False)
    assert len(info.value.problems) == len(expected(FIXTURES / "broken" / "types.yaml", "en"))
    bank = load_bank([VALID], builtin=False)
    assert len(bank) == 8 and bank["ex-card"].type == "card"


@pytest.mark.parametrize(("written", "level"), [
    (None, "recall"), ("recall", "recall"), (" Understand ", "understand"), ("apply", "apply"),
    ("识记", "recall"), ("记忆", "recall"), ("理解", "understand"), ("应用", "apply"), ("运用", "apply"),
])
def test_level_defaults_to_recall_and_takes_chinese_names(written: str | None, level: str) -> None:
    line = f"    level: {written}\n" if written else ""
    text = f"title: t\nquestions:\n  - id: q\n    type: truefalse\n    prompt: p\n    answer: 对\n{line}"
    result = load_bytes(text.encode("utf-8"), "t.yaml")
    assert result.problems == []
    assert result.sets[0].questions[0].level == level


def test_builtin_content_loads_cleanly() -> None:
    result = load_builtin()
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert len(result.sets) >= 7


# --- fuzzing: no input, however broken, raises ------------------------------------------

def _check(result) -> None:
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.col >= 1
        assert message(problem, "zh") and message(problem, "en")
    if result.problems:
        assert result.sets == []
    else:
        assert len(result.sets) == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_bytes(data: bytes) -> None:
    _check(load_bytes(data, "fuzz.yaml"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_text(text: str) -> None:
    _check(load_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.yaml"))


_VALID_TEXT = VALID.read_text("utf-8")
_TOKENS = [":", " ", "\n", "-", "'", '"', "{", "}", "[", "]", ",", "  ", "\t", "#", "*", "&",
           "!", "|", ">", "{{c1::", "}}", "::", "id", "type", "answer", "options", "---", "?"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_VALID_TEXT)), st.integers(0, 6),
                          st.sampled_from(_TOKENS)), max_size=6))
def test_fuzz_mutated_valid_file(edits) -> None:
    """Random cuts and insertions of YAML-significant tokens into a valid file."""
    text = _VALID_TEXT
    for pos, cut, token in edits:
        pos = min(pos, len(text))
        text = text[:pos] + token + text[pos + cut:]
    _check(load_bytes(text.encode("utf-8"), "mutated.yaml"))


# --- authoring mistakes and alias bombs --------------------------------------------------

def test_chinese_messages_name_the_real_cause_without_parser_words() -> None:
    """No YAML jargon reaches a teacher: every broken fixture's Chinese message is free of
    the parser's phrases."""
    jargon = ("mapping values", "expected", "indicator", "scalar", "YAML", "token")
    for path in BROKEN:
        for problem in load_paths([path]).problems:
            text = message(problem, "zh") + message(problem, "en")
            assert not any(word in text for word in jargon), (path, text)


def test_a_huge_number_of_aliases_gives_one_message_at_the_first_alias_too_many() -> None:
    lines = ["title: t", "questions:", "  - &q", "    id: q1", "    type: card",
             "    front: f", "    back: b"] + ["  - *q"] * 300_000
    result = load_bytes("\n".join(lines).encode(), "bomb.yaml")
    (problem,) = result.problems
    assert problem.message.key == "layout.too_many_aliases"
    assert problem.line == 8 + ALIAS_MAX_USES and lines[problem.line - 1] == "  - *q" and problem.col == 5
    assert result.sets == []


def test_nested_aliases_are_measured_without_being_expanded() -> None:
    """A billion laughs: each level repeats the one before ten times."""
    lines = ["title: t", "a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    lines += ["questions: *a9"]
    result = load_bytes("\n".join(lines).encode(), "laughs.yaml")
    (problem,) = result.problems
    assert problem.message.key == "layout.alias_too_big"


def test_a_few_aliases_of_a_list_are_fine() -> None:
    text = ("title: t\nquestions:\n  - id: a\n    type: choice\n    prompt: p\n"
            "    options: &cities [长沙, 株洲, 湘潭]\n    answer: 长沙\n"
            "  - id: b\n    type: choice\n    prompt: q\n    options: *cities\n    answer: 湘潭\n")
    result = load_bytes(text.encode(), "ok.yaml")
    assert result.problems == [] and result.warnings == []
    assert result.sets[0].questions[1].options == ("长沙", "株洲", "湘潭")


def test_curly_quotes_inside_an_item_are_not_taken_for_quoting() -> None:
    text = ("title: t\nquestions:\n  - id: a\n    type: choice\n    prompt: “一座城”指什么?\n"
            "    options: [“一座城”理念, 三盘棋]\n    answer: 三盘棋\n")
    result = load_bytes(text.encode(), "ok.yaml")
    assert result.problems == []
    assert result.sets[0].questions[0].options == ("“一座城”理念", "三盘棋")


def test_two_thousand_cards_sharing_one_big_alias_stop_at_the_alias_that_breaks_the_bound() -> None:
    """305 KB of YAML once became an 844 MB deck: it stops at one located message."""
    big = "长株潭" * 24_000  # ~210 KB of UTF-8
    lines = ["title: t", "questions:", "  - id: c0", "    type: card", f"    front: &big {big}",
             "    back: b"]
    lines += [f"  - {{id: c{i}, type: card, front: *big, back: b}}" for i in range(1, 2000)]
    result = load_bytes("\n".join(lines).encode(), "big.yaml")
    (problem,) = result.problems
    assert problem.message.key == "layout.alias_too_big"
    assert lines[problem.line - 1].startswith("  - {id: c") and problem.col > 20
    assert result.sets == []


@pytest.mark.parametrize(("accept", "extra"), [
    ("[湘江水, 湘水]", ("湘江水", "湘水")), ("湘江水", ("湘江水",)), ("{1: 湘江水}", ("湘江水",)),
    ("{c1: [湘江水]}", ("湘江水",)),
])
def test_accept_is_a_list_a_text_or_a_map_by_blank(accept: str, extra: tuple) -> None:
    text = f"title: t\nquestions:\n  - id: f\n    type: fill\n    prompt: 三市同饮{{{{c1::湘江}}}}\n    accept: {accept}\n"
    result = load_bytes(text.encode(), "f.yaml")
    assert result.problems == []
    assert result.sets[0].questions[0].blanks[0].accept == extra


def test_accept_as_a_list_needs_a_single_blank() -> None:
    text = ("title: t\nquestions:\n  - id: f\n    type: fill\n"
            "    prompt: \"{{c1::长沙}}和{{c2::株洲}}\"\n    accept: [星城]\n")
    (problem,) = load_bytes(text.encode(), "f.yaml").problems
    assert message(problem) == ("the prompt has 2 blanks: `accept` must say which blank, "
                                "e.g. accept: {1: [湘江水], 2: [岳麓山]}")


@pytest.mark.parametrize("name", ["curly-quotes-value", "curly-quotes-list"])
def test_the_suggested_straight_quotes_fix_the_file(name: str) -> None:
    path = FIXTURES / "broken" / f"{name}.yaml"
    (problem,) = load_paths([path]).problems
    params = dict(problem.message.params)
    text = path.read_text("utf-8")
    fixed = text.replace(params["text"], params["fixed"], 1)
    assert fixed != text
    result = load_bytes(fixed.encode("utf-8"), "fixed.yaml")
    assert result.problems == [], [str(p) for p in result.problems]


def test_type_may_be_written_as_a_chinese_word_as_in_the_excel_importer() -> None:
    text = ("title: t\nquestions:\n"
            "  - {id: a, type: 单选, prompt: 哪个？, options: [长沙, 株洲], answer: 长沙}\n"
            "  - {id: b, type: 判断题, prompt: 对吗？, answer: 对}\n"
            "  - {id: c, type: 多选题, prompt: 哪些？, options: [长沙, 株洲], answer: [长沙]}\n"
            "  - {id: d, type: 名词解释, front: 长株潭系数, back: 湘潭的全局考量}\n")
    result = load_bytes(text.encode())
    assert result.ok, [str(p) for p in result.problems]
    assert [q.type for q in result.bank.questions] == ["choice", "truefalse", "multi", "card"]
    wrong = load_bytes(text.replace("单选", "单选择").encode())
    assert [p.message.key for p in wrong.problems] == ["problem.unknown_type"]
