"""``quizapp live join … --plain``: one student in plain mode, the teacher's desk run by the
host service, through the score database; the student's transcript only appends lines and
the marks the host gives land in the database as they do for the TUI's students."""

from __future__ import annotations

import time

from plain_pty import EVERY_TYPE, Plain, assert_append_only, right_answer, wrong_answer

from quizapp.core.loader import load_bank
from quizapp.core.session import QuizSpec
from quizapp.services.live import LiveHost
from quizapp.storage import Store

IDS = ("ex-choice", "ex-multi", "ex-fill")


def wait_for(condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


def answer(plain: Plain, block: str, *, right: bool) -> str:
    """Type the answer to the question in ``block``; what follows the last line."""
    lines = right_answer(block) if right else wrong_answer(block)
    lines = lines if isinstance(lines, list) else [lines]
    for line in lines[:-1]:
        plain.send(line)
    plain.child.sendline(lines[-1])
    plain.child.expect("答案已提交")
    return plain.prompt()


def test_a_live_class_with_one_student_in_plain_mode(tmp_path, db_url):
    bank = load_bank([EVERY_TYPE], builtin=False)
    with Store.open(db_url) as store:
        host = LiveHost.create(store.live, bank, QuizSpec(ids=IDS, seed=3))
        plain = Plain(["live", "join", host.code, "--plain", "--student", "盲生"], tmp_path,
                      db_url=db_url)
        block = plain.prompt()
        assert f"已用“盲生”加入课堂 {host.code}。" in block
        if "已加入，等待老师出题" not in block:
            # the class's first read came after the input marker: said then, marker again
            assert "已加入，等待老师出题" in plain.prompt()
        wait_for(lambda: [m.name for m in host.refresh().members] == ["盲生"])

        # typed before any question: said, nothing sent
        assert "现在没有要回答的题" in plain.send("1")

        marks = []
        for n, right in enumerate((True, False, True), 1):
            host.next()
            block = plain.prompt()
            assert f"第 {n} 题，共 3 题。" in block
            answer(plain, block, right=right)
            wait_for(lambda: host.refresh().answered == 1)
            host.reveal()
            plain.child.expect(f"老师公布了第 {n} 题的答案。")
            said = plain.prompt()
            marks.append("回答正确。" in said)
            assert "正确答案是：" in said and "等待下一题" in said
        assert marks == [True, False, True]
        host.next()  # after the last question: the class ends
        plain.child.expect("课堂已结束。")
        assert plain.finish() == 0
        text = plain.text
        assert_append_only(text)
        [summary] = store.attempts.history("盲生")
        detail = store.attempts.attempt(summary.id)
    assert summary.mode == "live" and summary.finished_at is not None
    assert summary.max_score == 4  # ex-choice is worth 2
    assert sorted(r.correct for r in detail.responses) == [False, True, True]
    assert summary.score == 3.0  # the choice (2 points) and the multi right, the fill wrong
    assert f"你的得分：{summary.score:g}，满分 4。" in text


def test_a_taken_seat_moves_here_only_with_the_teachers_ok(tmp_path, db_url):
    from quizapp.services.live import LiveStudent

    bank = load_bank([EVERY_TYPE], builtin=False)
    with Store.open(db_url) as store:
        host = LiveHost.create(store.live, bank, QuizSpec(ids=("ex-choice",), seed=3),
                               seconds=3)
        LiveStudent.join(store.live, host.code, "盲生")  # the seat, on another device
        plain = Plain(["live", "join", host.code, "--plain", "--student", "盲生"], tmp_path,
                      db_url=db_url)
        block = plain.prompt()
        assert "“盲生”已经在另一台设备上加入了这个课堂。" in block
        assert "现在请老师同意吗？" in block
        plain.child.sendline("")  # yes
        plain.child.expect("正在等老师同意")
        wait_for(lambda: len(host.refresh().rejoins) == 1)
        assert host.allow_rejoin(host.refresh().rejoins[0].id)
        plain.child.expect("老师已同意")
        host.next()
        block = plain.prompt()
        while "第 1 题，共 1 题。" not in block:
            block = plain.prompt()
        assert "这题限时 3 秒。" in block
        # the student waits too long: the question closes, an answer now is not taken
        plain.child.expect("时间到，这题不能再作答了。", timeout=30)
        plain.child.sendline("1")
        plain.child.expect("时间到|已经停止作答")
        host.next()  # reveal
        plain.child.expect("这题你没有作答。")
        host.next()  # the last question was revealed: the class ends
        plain.child.expect("课堂已结束。")
        assert plain.finish() == 0
        assert_append_only(plain.text)


async def test_the_host_in_the_tui_and_a_student_in_plain_mode(tmp_path, db_url):
    """The teacher's desk is the app's host screen driven by Pilot; the student's process
    is waited for on threads, so the host's app keeps running meanwhile."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.confirm import ConfirmScreen
    from quizapp.tui.start import LiveHostStart

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16))
    bank = load_bank([EVERY_TYPE], builtin=False)
    store = Store.open(db_url)
    try:
        host = LiveHost.create(store.live, bank, QuizSpec(ids=("ex-choice", "ex-multi"),
                                                          seed=3))
        plain = Plain(["live", "join", host.code, "--plain", "--student", "盲生"], tmp_path,
                      db_url=db_url)
        app = QuizApp(bank, db_url=db_url, remember=False, cursor_blink=False,
                      opener=lambda url: store, start=LiveHostStart(host))

        async def until(pilot, check, timeout: float = 30.0):
            end = time.monotonic() + timeout
            while not check():
                assert time.monotonic() < end, "timed out"
                await pilot.pause(0.05)

        async def moved(pilot, check):
            """The host's move has run (its worker finished: the next key is taken, not
            dropped as a second press) and the host's screen shows where it led."""
            await until(pilot, lambda: not any(w.group == "live-move" and not w.is_finished
                                               for w in pilot.app.workers) and check())

        async def said(pattern: str) -> None:
            await asyncio.to_thread(plain.child.expect, pattern)

        async def question_block() -> str:
            block = await asyncio.to_thread(plain.prompt)
            while "请输入" not in block:
                block += await asyncio.to_thread(plain.prompt)
            return block

        async with app.run_test(size=(100, 32)) as hp:
            screen = hp.app.screen
            await said("等待老师出题")
            await until(hp, lambda: screen.view is not None and len(screen.view.members) == 1)
            await hp.press("s")  # start: question 1
            await moved(hp, lambda: screen.view.session.state == "open")
            for n, right in ((1, True), (2, False)):
                block = await question_block()
                assert f"第 {n} 题，共 2 题。" in block
                typed = right_answer(block) if right else wrong_answer(block)
                assert isinstance(typed, str)
                plain.child.sendline(typed)
                await said("答案已提交")
                await until(hp, lambda: screen.view.answered == 1)
                await hp.press("r")  # reveal
                await moved(hp, lambda: screen.view.session.state == "revealed")
                await said("回答正确" if right else "回答错误")
                if n == 1:
                    await hp.press("n")
                    await moved(hp, lambda: screen.view.session.current == 1)
            await hp.press("e")
            await until(hp, lambda: isinstance(hp.app.screen, ConfirmScreen)
                        and hp.app.screen.is_mounted)
            await hp.press("y")
            await said("课堂已结束。")
            assert await asyncio.to_thread(plain.finish) == 0
        assert_append_only(plain.text)
        [summary] = store.attempts.history("盲生")
        assert summary.mode == "live" and summary.finished_at is not None
        assert summary.max_score == 3 and 0 < summary.score < 3  # one right, one wrong
        assert f"你的得分：{summary.score:g}，满分 3。" in plain.text
    finally:
        store.close()
