"""``--plain`` exams with a time limit, flashcards and Home's questions through a
pseudo-terminal; the time keeper with a clock moved by hand."""

from __future__ import annotations

import io
import re
import time

from plain_pty import EVERY_TYPE, Plain, assert_append_only, right_answer

from quizapp.core.loader import load_bank
from quizapp.core.session import Mode, QuizSpec, build_session
from quizapp.i18n import set_language
from quizapp.plain.app import PlainApp
from quizapp.plain.console import Console
from quizapp.plain.quiz import PlainQuiz, TimeKeeper, checkpoints, crossed
from quizapp.services.quiz_run import QuizRun
from quizapp.storage import Store

CONTENT = ["--content", str(EVERY_TYPE), "--no-builtin"]


def history(db_url: str, student: str):
    with Store.open(db_url) as store:
        repo = getattr(store, "attempts", store)
        return [repo.attempt(s.id) for s in repo.history(student)]


def test_an_exam_says_its_time_and_ends_at_the_limit(tmp_path, db_url):
    plain = Plain(["quiz", "--plain", *CONTENT, "--mode", "exam", "--time-limit", "0.15",
                   "--type", "choice", "--type", "truefalse", "--seed", "2",
                   "--student", "盲生"], tmp_path, db_url=db_url)
    block = plain.prompt()
    assert "开始考试，共 3 题。" in block
    assert re.search(r"本次考试限时，还剩 \d+ 秒，\d\d:\d\d 截止。", block)
    assert "考试中不说对错" in block
    answer = right_answer(block)
    assert isinstance(answer, str)
    plain.child.sendline(answer)
    block = plain.prompt()  # the next question: no feedback in an exam
    assert "回答正确" not in block and "第 2 题，共 3 题。" in block
    # the student waits: the end is said while the question is open, on a line of its own
    plain.child.expect("时间到，考试结束。", timeout=30)
    plain.prompt()
    plain.child.sendline("1")  # too late: not counted
    assert plain.finish() == 0
    text = plain.text
    assert_append_only(text)
    assert "考试结束。" in text and "满分 4" in text
    assert text.count("时间到，考试结束") == 1
    [detail] = history(db_url, "盲生")
    assert detail.summary.finished_at is not None
    assert detail.summary.max_score == 4
    answered = [r for r in detail.responses if r.response is not None]
    assert len(detail.responses) == 3 and len(answered) == 1 and answered[0].correct
    assert detail.summary.score == answered[0].score


def test_checkpoints_are_fixed_minutes_shorter_than_the_limit():
    assert checkpoints(20 * 60) == [15 * 60, 10 * 60, 5 * 60, 2 * 60, 60]
    assert checkpoints(60) == []
    points = checkpoints(20 * 60)
    assert crossed(points, 301, 299) == [300]
    assert crossed(points, 700, 100) == [600, 300, 120]
    assert crossed(points, 299, 200) == []


def test_the_time_keeper_speaks_at_each_checkpoint_once(tmp_path):
    set_language("zh")
    bank = load_bank([EVERY_TYPE], builtin=False)
    now = [1_000_000.0]
    clock = lambda: now[0]  # noqa: E731
    spec = QuizSpec(mode=Mode.EXAM, time_limit=12 * 60, types=("choice",), seed=1)
    session = build_session(bank, spec, clock=clock)
    out = io.StringIO()
    app = PlainApp(bank, student="盲生", db_url=f"sqlite:///{tmp_path / 's.db'}",
                   console=Console(io.StringIO(""), out, width=0), clock=clock)
    try:
        run = QuizRun.start(session, bank, app.recorder, "盲生", clock=clock)
        keeper = TimeKeeper(PlainQuiz(app, run), poll=0.01)
        keeper.start()
        for left in (11 * 60, 9 * 60 + 30, 9 * 60, 4 * 60, 30, 0):
            now[0] = session.deadline - left
            time.sleep(0.1)
        keeper.stop()
    finally:
        app.close()
    said = out.getvalue().splitlines()
    assert said == ["考试还剩 10 分钟。", "考试还剩 5 分钟。", "考试还剩 1 分钟。",
                    "时间到，考试结束。之后输入的答案不再计入，请按回车听成绩。"]


def test_flashcards_front_enter_back_and_a_rating_in_words(tmp_path, db_url):
    plain = Plain(["cards", "--plain", *CONTENT, "--student", "盲生", "--lang", "en"],
                  tmp_path, db_url=db_url, lang="en")
    block = plain.prompt()
    assert "hear the front, think, press Enter" in block
    for n in range(1, 9):
        assert f"Card {n}, New, " in block and "Press Enter to hear the answer" in block
        back = plain.send("")
        assert "Answer: " in back
        said = " ".join(back.split())  # lines broken for the terminal's width
        assert re.search(r"1 is Again, again in 1 minute; 2 is Hard, again in \d+ minutes; "
                         r"3 is Good, again in \d+ minutes; 4 is Easy, again in \d+ days", said)
        if n == 1:
            assert "Type a number from 1 to 4" in plain.send("5")
        block = plain.send("3")
        assert "Noted: Good." in block
    # every card is learning now: the student is told when the next is due, and says no to
    # waiting and to cramming
    while block is not None:
        assert "?" in block
        plain.child.sendline("n")
        block = plain.prompt_or_end()
    assert plain.finish() == 0
    text = plain.text
    assert_append_only(text)
    assert "You reviewed 8 cards." in text
    with Store.open(db_url) as store:
        cards = getattr(store, "cards", store).flashcards(
            "盲生", ["ex-choice", "ex-multi", "ex-truefalse", "ex-truefalse-zh", "ex-fill",
                    "ex-match", "ex-order", "ex-card"])
    assert len(cards) == 8


def test_home_enter_enter_enter_starts_the_usual_quiz(tmp_path, db_url):
    plain = Plain(["--plain", *CONTENT], tmp_path, db_url=db_url)
    block = plain.prompt()
    assert "朗读模式" in block and "直接按回车就用默认答案" in block
    assert "你叫什么名字？" in block
    assert "请输入你的名字" in plain.send("")  # a name is needed the first time
    block = plain.send("盲生")
    assert "你好，盲生。" in block and "1. 示例题组，8 题" in block
    block = plain.send("")
    assert "已选全部题组。" in block and "直接按回车就是练习" in block
    assert "没有第 7 项" in plain.send("7")
    block = plain.send("")
    assert "一共有 8 道" in block
    assert "题数必须是正整数" in plain.send("零")
    block = plain.send("2")
    assert "开始练习，共 2 题。" in block
    for _ in range(2):
        answer = right_answer(block)
        lines = answer if isinstance(answer, list) else [answer]
        for line in lines:
            block = plain.send(line)
        if "按回车听下一题" in block:
            block = plain.send("")
    assert "测验结束。" in block and "还要再做一次吗？" in block
    # another round: the name is remembered, Enter takes it
    block = plain.send("")
    assert "直接按回车就是“盲生”" in block
    block = plain.send("")
    plain.child.sendintr()  # Ctrl+C at Home asks whether to quit
    assert "要退出程序吗？" in plain.prompt()
    plain.child.sendline("y")
    assert plain.finish() == 0
    assert_append_only(plain.text)
    [detail] = history(db_url, "盲生")
    assert detail.summary.finished_at is not None
    assert len(detail.responses) == 2


def test_home_with_a_class_picks_the_name_from_its_roster(tmp_path, db_url):
    from quizapp.core.roster import RosterEntry

    with Store.open(db_url) as store:
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry(n) for n in ("张三", "李四", "王五")])
    plain = Plain(["--plain", *CONTENT, "--class", "高一3班"], tmp_path, db_url=db_url)
    block = plain.prompt()
    assert "高一3班的名单上有 3 人：" in block and "2. 李四" in block
    assert "“赵六”不在高一3班的名单上" in plain.send("赵六")
    assert "你好，李四。" in plain.send("2")
    plain.child.sendintr()
    plain.prompt()
    plain.child.sendline("y")
    assert plain.finish() == 0
    assert_append_only(plain.text)


def test_blanks_filled_when_the_time_runs_out_are_graded_as_in_the_tui(tmp_path, db_url):
    plain = Plain(["quiz", "--plain", *CONTENT, "--mode", "exam", "--time-limit", "0.1",
                   "--type", "fill", "--student", "盲生"], tmp_path, db_url=db_url)
    block = plain.prompt()
    assert "（第 1 空）的答案：" in block
    plain.child.sendline("虹吸焦虑")  # the first blank, then the time runs out
    plain.child.expect("时间到，考试结束。", timeout=30)
    plain.prompt()
    plain.child.sendline("溢出思维")  # too late
    assert plain.finish() == 0
    [detail] = history(db_url, "盲生")
    [response] = detail.responses
    assert response.response == ["虹吸焦虑", ""]
    assert response.score == 0.5 and detail.summary.score == 0.5
    assert "得分 0.5，满分 1" in plain.text
