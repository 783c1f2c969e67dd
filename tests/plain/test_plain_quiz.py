"""``quizapp quiz --plain``: every question type through a pseudo-terminal, in Chinese and
English; the transcript only ever appends lines and the scores land in the database."""

from __future__ import annotations

import re

import pytest
from plain_pty import (
    EVERY_TYPE,
    Plain,
    answer_every_question,
    assert_append_only,
    items,
    right_answer,
)

from quizapp.storage import Store

BASE = ["quiz", "--plain", "--content", str(EVERY_TYPE), "--no-builtin", "--seed", "5"]


def attempts(db_url: str, student: str):
    with Store.open(db_url) as store:
        repo = getattr(store, "attempts", store)
        return [repo.attempt(s.id) for s in repo.history(student)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_type_answered_right_scores_full_marks(tmp_path, db_url, lang):
    plain = Plain([*BASE, "--student", "盲生", "--lang", lang], tmp_path, db_url=db_url,
                  lang=lang)
    asked = answer_every_question(plain, right=True)
    assert plain.finish() == 0
    text = plain.text
    assert asked == 8
    assert_append_only(text)
    if lang == "zh":
        assert "第 1 题，共 8 题。" in text
        assert "单选题，共 4 个选项。" in text
        assert "多选题，共 4 个选项" in text and "连线题，左边 3 项" in text
        assert "填空题，有 2 个空。" in text and "（第 2 空，提示：四个字）" in text
        assert text.count("回答正确。") == 7  # the card is the student's own rating
        assert "得分 8，满分 8，百分之 100。" in text
        assert "全部答对！" in text
        assert "解析：产业棋讲三市产业从各自为战到联合出击。" in text
    else:
        assert "Question 1 of 8. " in text and "Single choice, 4 options." in text
        assert "Matching: 3 items on the left" in text
        assert text.count("Right.") == 7
        assert "Score 8 out of 8, 100 percent." in text
    [detail] = attempts(db_url, "盲生")
    assert detail.summary.finished_at is not None
    assert (detail.summary.score, detail.summary.max_score) == (8, 8)
    assert len(detail.responses) == 8
    assert all(r.correct for r in detail.responses)


def test_wrong_answers_are_explained_and_scored_as_in_the_tui(tmp_path, db_url):
    plain = Plain([*BASE, "--student", "盲生"], tmp_path, db_url=db_url)
    answer_every_question(plain, right=False)
    assert plain.finish() == 0
    text = plain.text
    assert_append_only(text)
    assert "回答错误。" in text
    assert "你的答案是：" in text and "正确答案是：第 1 项，抱拳出击。" in text
    assert "漏选了“" in text or "这一项不该选" in text
    assert re.search(r"“(长沙|株洲|湘潭)”配了“[^”]+”，不对，应为“", text)
    [detail] = attempts(db_url, "盲生")
    assert detail.summary.finished_at is not None
    assert detail.summary.score < 8
    assert len(detail.responses) == 8
    recorded = {r.question_id: r for r in detail.responses}
    assert recorded["ex-choice"].score == 0 and recorded["ex-fill"].response == ["错", "错"]
    assert f"得分 {round(detail.summary.score, 2):g}，满分 8" in text


def test_bad_input_is_answered_with_a_sentence(tmp_path, db_url):
    plain = Plain([*BASE, "--type", "choice", "--student", "盲生"], tmp_path, db_url=db_url)
    block = plain.prompt()
    assert "单选题，共 4 个选项。" in block
    assert "没有第 9 项" in plain.send("9")
    assert "还没有作答" in plain.send("")
    assert "没有读到编号" in plain.send("abc")
    assert "只能选一项" in plain.send("1 2")
    help_text = plain.send("?")
    assert "请输入选项的编号" in help_text and "已答 0 题，共 1 题。" in help_text
    repeated = plain.send("r")
    assert "下好“产业棋”" in repeated and items(repeated)["抱拳出击"] == 1
    # q asks first; Enter keeps the quiz going
    assert "离开这次测验吗？" in plain.send("q")
    assert "继续答这道题" in plain.send("")
    # Ctrl+C asks too; then Ctrl+D ends the input: a sentence, never a traceback
    plain.child.sendintr()
    assert "离开这次测验吗？" in plain.prompt()
    plain.child.sendeof()
    assert plain.finish() == 0
    assert "输入已经结束" in plain.text
    assert "Traceback" not in plain.text
    assert_append_only(plain.text)
    [detail] = attempts(db_url, "盲生")
    assert detail.summary.finished_at is None  # left unfinished, to go on with next time


def test_leaving_keeps_the_answers_given(tmp_path, db_url):
    plain = Plain([*BASE, "--student", "盲生", "--count", "3"], tmp_path, db_url=db_url)
    answer = right_answer(plain.prompt())
    assert isinstance(answer, str)
    assert "回答正确。" in plain.send(answer)
    assert "离开这次测验吗？" in plain.send("q")
    plain.child.sendline("y")
    assert plain.finish() == 0
    assert "已离开测验" in plain.text
    [detail] = attempts(db_url, "盲生")
    assert detail.summary.finished_at is None
    assert [r.correct for r in detail.responses] == [True]


def test_no_color_and_a_pipe_get_no_escape_either(tmp_path, db_url):
    plain = Plain([*BASE, "--type", "truefalse", "--student", "盲生"], tmp_path,
                  db_url=db_url, no_color=True)
    for _ in range(2):
        block = plain.prompt()
        plain.child.sendline("2" if "一道选择题" in block else "1")
        plain.prompt_or_end()
        plain.child.sendline("")
    plain.finish()
    assert_append_only(plain.text)
    assert "百分之 100" in plain.text


def test_a_database_that_cannot_be_opened_is_said_and_nothing_is_lost_silently(tmp_path):
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'scores.db'}"
    plain = Plain([*BASE, "--type", "truefalse", "--student", "盲生"], tmp_path, db_url=url)
    block = plain.prompt()
    plain.child.sendline("2" if "一道选择题" in block else "1")
    plain.child.expect("按回车听下一题")
    plain.child.sendline("q")
    plain.child.expect("离开这次测验吗？")
    plain.child.sendline("y")
    assert plain.finish() == 1
    text = plain.text
    assert "成绩库无法打开" in text
    assert re.search(r"有 \d+ 条记录未能保存到成绩库", text)
    assert "Traceback" not in text
    assert_append_only(text)
