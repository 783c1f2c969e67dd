"""A live class in the app: one host and three students, each a real app driven by Pilot,
on SQLite and on PostgreSQL (required with CI=true): joining, answering, the host's count
and bars, a student rejoining, the host crashing and resuming, the end and the results."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack

import pytest
from tui_helpers import BANK

from quizapp.core.model import Bank
from quizapp.core.session import QuizSpec
from quizapp.i18n import t as t_
from quizapp.tui.start import LiveHostStart, LiveJoinStart, ServedStart

IDS = ("city-river", "city-must", "city-common")


@pytest.fixture(params=["sqlite", "postgresql"])
def live_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scores.db'}"
        return
    from storage_pg import fresh_schema_url

    with fresh_schema_url() as url:
        yield url


async def until(pilot, check, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        await pilot.pause(0.05)
    app = pilot.app
    notes = [n.message for n in app._notifications]
    raise AssertionError(f"timed out waiting for {what} (on {app.screen!r}, notices {notes})")


async def moved(pilot, check, what: str):
    """Wait until the host's move has run (its worker finished: the host takes the next
    key) and the host's screen shows where it led (``check``)."""
    await until(pilot, lambda: not any(w.group == "live-move" and not w.is_finished
                                       for w in pilot.app.workers) and check(), what)


def host_app(store, host):
    from quizapp.tui.app import QuizApp

    return QuizApp(BANK, db_url=str(store.engine.url), remember=False, cursor_blink=False,
                   opener=lambda url: store, start=LiveHostStart(host))


def student_app(url, code, name):
    from quizapp.tui.app import QuizApp

    return QuizApp(Bank.of([]), student=name, db_url=url, remember=False, cursor_blink=False,
                   start=LiveJoinStart(code))


async def join(pilot):
    from quizapp.tui.screens.live import LiveStudentScreen

    await until(pilot, lambda: type(pilot.app.screen).__name__ == "LiveJoinScreen"
                and getattr(pilot.app.focused, "id", None) == "join-name", "the join form")
    await pilot.press("enter")
    screen = await until(pilot, lambda: isinstance(pilot.app.screen, LiveStudentScreen)
                         and pilot.app.screen, "the student screen")
    return screen


async def answer_current(pilot, screen, right: bool, host):
    """Answer the open question right or wrong: the student's app has no answer key, the
    test reads it from the ``host``'s."""
    widget = await until(pilot, lambda: screen.phase == "question" and screen.widget
                         and screen.widget.is_mounted and screen.widget.has_focus_within
                         and screen.widget, "a question, with the focus")
    assert widget.question.explain == "" and getattr(widget.question, "answer", "") in (
        "", True)  # nothing of the answer reached the student
    q = host.shown[screen.student.session.current].question
    if q.type == "truefalse":
        keys = ["t" if q.answer == right else "f"]
    elif q.type == "choice":
        pick = q.answer if right else next(o for o in q.options if o != q.answer)
        keys = [str(widget.labels.index(pick) + 1)]
    else:  # multi: every right option, or only a wrong one
        picks = [o for o in widget.labels if (o in q.answers) == right]
        keys = [str(widget.labels.index(o) + 1) for o in (picks[:1] if not right else picks)]
    await pilot.press(*keys)
    await until(pilot, lambda: not widget.has_no_answer(), "the answer picked")
    await pilot.press("enter")
    await until(pilot, lambda: screen.phase == "sent", "答案已提交")
    return q


def text_of(screen, selector: str) -> str:
    """What a Static shows, as plain text."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


async def test_a_host_and_three_students(live_url):
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    # Textual runs thread workers on the loop's default executor: in one test process five
    # apps (each with a store thread and a watching thread) need more than its default.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    host_store = Store.open(live_url)
    host = LiveHost.create(host_store.live, BANK, QuizSpec(ids=IDS, seed=11))
    code = host.code
    names = ["小明", "Alice", "王五"]
    async with AsyncExitStack() as stack:
        hp = await stack.enter_async_context(host_app(host_store, host).run_test(size=(100, 32)))
        sp = [await stack.enter_async_context(student_app(live_url, code, n).run_test(
            size=(80, 24))) for n in names]
        screens = [await join(p) for p in sp]
        host_screen = hp.app.screen
        await until(hp, lambda: host_screen.view and len(host_screen.view.members) == 3,
                    "three students on the host's list")
        assert "小明" in text_of(host_screen, "#live-main")

        # question 1: two right, one wrong; the host sees the count and the bars
        await hp.press("s")
        await moved(hp, lambda: host_screen.view.session.state == "open", "question 1 open")
        first = None
        for p, s, right in zip(sp, screens, (True, False, True), strict=True):
            first = await answer_current(p, s, right, host)
        view = await until(hp, lambda: host_screen.view.answered == 3 and host_screen.view,
                           "three answers on the host")
        counts = {bar.label: bar.count for bar in view.bars}
        assert sum(counts.values()) == 3
        right_bar = next(b for b in view.bars if b.correct)
        assert right_bar.count == 2
        assert "3/3" in text_of(host_screen, "#live-main")

        # 王五 closes the app and joins again on the same computer (which kept the seat's
        # token): the same attempt, the answer kept, no need to ask the teacher
        same_device = student_app(live_url, code, "王五")
        same_device.live_seat_tokens = dict(sp[2].app.live_seat_tokens)
        rejoined = await stack.enter_async_context(same_device.run_test(size=(80, 24)))
        again = await join(rejoined)
        await until(rejoined, lambda: again.phase == "sent", "the kept answer")
        assert again.student.member.attempt_id == screens[2].student.member.attempt_id

        # reveal: each student sees their own mark and the explanation
        await hp.press("r")
        await moved(hp, lambda: host_screen.view.session.state == "revealed", "revealed")
        await until(sp[0], lambda: all(s.phase == "reveal" for s in screens), "the reveal")
        from quizapp.i18n import t

        assert t("feedback.right") in text_of(screens[0], "#live-student-note")
        assert t("feedback.wrong") in text_of(screens[1], "#live-student-note")
        assert first.explain.strip()[:5] in text_of(screens[1], "#live-student-note")

        # the host crashes; a new host app resumes the class at the same question
        resumed_store = Store.open(live_url)
        resumed = LiveHost.resume(resumed_store.live, code)
        assert resumed.session.current == 0 and resumed.state == "revealed"
        hp2 = await stack.enter_async_context(host_app(resumed_store, resumed).run_test(
            size=(100, 32)))
        host2 = hp2.app.screen
        await until(hp2, lambda: host2.view and host2.view.answered == 3, "answers kept")
        await hp2.press("n")  # question 2
        await moved(hp2, lambda: host2.view.session.current == 1, "question 2 open")
        for p, s in zip(sp[:2], screens[:2], strict=True):
            await answer_current(p, s, True, resumed)
        await until(rejoined, lambda: again.phase == "question", "question 2 after rejoining")
        await answer_current(rejoined, again, False, resumed)
        await until(hp2, lambda: host2.view.session.current == 1 and host2.view.answered == 3,
                    "three answers to question 2")

        # end (asked first): the class results, every student's end screen
        from quizapp.tui.screens.confirm import ConfirmScreen

        await hp2.press("e")
        await until(hp2, lambda: isinstance(hp2.app.screen, ConfirmScreen)
                    and hp2.app.screen.is_mounted, "the question whether to end")
        await hp2.press("y")
        await until(hp2, lambda: host2.results is not None and host2.view.session.state
                    == "ended", "the results")
        final = text_of(host2, "#live-main")
        assert "小明" in final and "Alice" in final and "王五" in final
        await until(sp[0], lambda: all(s.phase == "end" for s in screens[:2]), "the end")

    store = Store.open(live_url)
    try:
        scores = {}
        for name in names:
            [attempt] = store.attempts.history(name)
            scores[name] = (attempt.mode, attempt.score, attempt.max_score, attempt.finished)
        assert scores == {"小明": ("live", 2.0, 2, True), "Alice": ("live", 1.0, 2, True),
                          "王五": ("live", 1.0, 2, True)}
    finally:
        store.close()
        host_store.close()


async def test_home_entries_and_a_hostile_name(tmp_path):
    """Home: t runs a class on the chosen sets, j joins one; a name with markup and an
    escape sequence shows as typed, with the control character made visible."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveHostScreen, LiveJoinScreen, LiveStudentScreen

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16))
    url = f"sqlite:///{tmp_path / 'scores.db'}"
    hostile = "[b]坏[/b]\x1b[2J"
    teacher = QuizApp(BANK, student="老师", db_url=url, remember=False, cursor_blink=False)
    student = QuizApp(BANK, student=hostile, db_url=url, remember=False, cursor_blink=False)
    async with teacher.run_test(size=(100, 32)) as tp, student.run_test(size=(100, 32)) as sp:
        await until(tp, lambda: type(tp.app.screen).__name__ == "HomeScreen", "Home")
        tp.app.screen.query_one("#home-sets").focus()
        await tp.press("t")
        host_screen = await until(tp, lambda: isinstance(tp.app.screen, LiveHostScreen)
                                  and tp.app.screen.view is not None and tp.app.screen,
                                  "a new class")
        code = host_screen.host.code
        cards = sum(q.type == "card" for q in BANK.questions)
        assert cards  # a flashcard is left out of the class, and the host is told
        assert host_screen.host.total == len(BANK) - cards
        assert host_screen.host.cards_left_out == cards
        note = t_("live.cards_left_out", n=cards)
        assert note[:12] in text_of(host_screen, "#live-main").replace("\n", "")

        await until(sp, lambda: type(sp.app.screen).__name__ == "HomeScreen", "Home")
        sp.app.screen.query_one("#home-sets").focus()
        await sp.press("j")
        join_screen = await until(sp, lambda: isinstance(sp.app.screen, LiveJoinScreen)
                                  and sp.app.screen, "the join form")
        await sp.pause(0.1)
        assert join_screen.query_one("#join-name").value  # the name from Home
        await sp.press(*code, "enter")
        # a name with a control character is refused: it could pass for another's
        await until(sp, lambda: any("type it again" in n.message or "请重新输入" in n.message
                                    for n in sp.app._notifications), "the name refused")
        assert isinstance(sp.app.screen, LiveJoinScreen)
        join_screen.query_one("#join-name").value = "[b]坏[/b]"
        join_screen.query_one("#join-name").focus()
        await sp.press("enter")
        await until(sp, lambda: isinstance(sp.app.screen, LiveStudentScreen), "joined")
        # a name stored raw (another client could write anything to the database)
        port = host_screen.host.port
        from quizapp.services.live import new_token

        port.take_seat(host_screen.host.session.id, "[i]x[/i]\x1b]52;c;AAAA\x07", new_token())
        await until(tp, lambda: len(host_screen.view.members) == 2, "both students listed")
        shown = text_of(host_screen, "#live-main")
        assert "[b]坏[/b]" in shown and "[i]x[/i]␛]52;c;AAAA␇" in shown
        assert "\x1b" not in shown and "\x07" not in shown


async def test_the_served_app_has_only_the_student_screens(tmp_path):
    """What `quizapp serve` runs: the join form, the class, and back to the join form;
    never Home (no quiz, history, export or files)."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveJoinScreen

    app = QuizApp(Bank.of([]), db_url=f"sqlite:///{tmp_path / 's.db'}", remember=False,
                  cursor_blink=False, start=ServedStart())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LiveJoinScreen), "the join form")
        for keys in (("escape",), ("escape", "escape"), ("h",), ("s",)):
            await pilot.press(*keys)
            await pilot.pause(0.1)
            assert isinstance(app.screen, LiveJoinScreen)
            assert [type(s).__name__ for s in app.screen_stack[1:]] == ["LiveJoinScreen"]
        app.go_home()
        await pilot.pause(0.1)
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["LiveJoinScreen"]


def _class_session(live_url: str, names: list[str]):
    """A store with the class 三班 (roster ``names``) and a live session for it."""
    from quizapp.core.roster import RosterEntry
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16))
    store = Store.open(live_url)
    classes = store.classes
    classes.create_class("三班")
    classes.set_roster("三班", [RosterEntry(n) for n in names])
    host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS, seed=3),
                           class_name="三班")
    return store, host


async def test_joining_a_class_with_a_roster_picks_the_name_from_it(live_url):
    """With a class roster, the join form lists its names once the code is entered (not
    as its digits are typed: six digits that happen to match show no class's names),
    filters them as the name is typed, joins under the picked name and still refuses a
    name that is not on it."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveStudentScreen

    store, host = _class_session(live_url, ["Alice", "Bob", "王小明"])
    app = QuizApp(Bank.of([]), student="", db_url=live_url, remember=False, cursor_blink=False,
                  start=LiveJoinStart(""))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await until(pilot, lambda: type(app.screen).__name__ == "LiveJoinScreen"
                             and app.screen, "the join form")
        box = screen.query_one("#join-roster")
        await pilot.press(*host.code[:5])
        await pilot.pause(0.3)
        assert not box.display  # no session looked up yet
        await pilot.press(host.code[5])
        await pilot.pause(0.5)
        assert not box.display  # six digits typed: still no names

        def listed():
            return box.display and [str(box.get_option_at_index(i).id)
                                    for i in range(box.option_count)]

        await pilot.press("enter")  # the code entered: to the name field, with the roster
        assert app.focused.id == "join-name"
        assert await until(pilot, listed, "the roster") == ["Alice", "Bob", "王小明"]
        await pilot.press("Z", "e", "d", "enter")  # not on the roster: refused
        await until(pilot, lambda: any("Zed" in str(n.message) for n in app._notifications),
                    "the refusal")
        assert type(app.screen).__name__ == "LiveJoinScreen"
        # the focus back in the name field (not on a list filtered to nothing), the refused
        # name selected: what is typed next replaces it and filters the roster
        await until(pilot, lambda: getattr(app.focused, "id", None) == "join-name",
                    "the name field focused again")
        await pilot.press("B", "o")
        assert await until(pilot, lambda: listed() == ["Bob"] and listed(), "the filter")
        assert screen.query_one("#join-name").value == "Bo"
        name = screen.query_one("#join-name")
        name.value = "b"
        assert await until(pilot, lambda: listed() == ["Bob"] and listed(), "the filter")
        name.value = "小"
        assert await until(pilot, lambda: listed() == ["王小明"] and listed(), "the filter")
        box.focus()
        await pilot.press("enter")
        student = await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                              and app.screen, "the student screen")
        assert student.student.member.name == "王小明"
    store.close()


async def test_joining_with_the_arrows_in_the_name_field(live_url):
    """The join form's roster list is Home's: ↓ in the empty name field highlights a
    name, enter joins under it; typed text in another case joins under the roster's name.
    At 50x16 a long roster scrolls the form rather than hide the join button."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveStudentScreen

    store, host = _class_session(live_url, ["Alice", "[/]", "王小明", "长" * 200])

    async def join(keys: list[str]) -> str:
        app = QuizApp(Bank.of([]), student="", db_url=live_url, remember=False,
                      cursor_blink=False, start=LiveJoinStart(host.code))
        async with app.run_test(size=(50, 16)) as pilot:
            screen = await until(pilot, lambda: type(app.screen).__name__ == "LiveJoinScreen"
                                 and app.screen, "the join form")
            box = screen.query_one("#join-roster")
            await until(pilot, lambda: box.display and box.option_count == 4, "the roster")
            button = screen.query_one("#join-go")
            button.focus()  # at 50x16 the form scrolls to the button under the long list
            assert await until(pilot, lambda: button.region.height == 1
                               and screen.region.contains_region(button.region),
                               "the form scrolled to the join button")
            screen.query_one("#join-name").focus()
            await pilot.pause()
            await pilot.press(*keys, "enter")
            student = await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                                  and app.screen, "the student screen")
            return student.student.member.name

    assert await join(["down", "down"]) == "[/]"
    assert await join(["A", "L", "I"]) == "Alice"
    store.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_errors_are_shown_in_the_catalogue_words(lang):
    """A move refused because another host moved the class (or ended it) is said in the
    interface language, as is any other failure, never the raw English of an exception."""
    from quizapp import i18n
    from quizapp.services.live import LiveError
    from quizapp.storage.live import SessionMoved
    from quizapp.tui.screens.live import error_text

    before = i18n.language()
    i18n.set_language(lang)
    try:
        words = i18n.STRINGS[lang]
        assert error_text(SessionMoved()) == words["storage.live_moved"]
        assert error_text(LiveError("ended", "123456")) == words["live.join_ended"].format(
            detail="123456")
        assert error_text(RuntimeError("server closed\nmore")) == words["live.error"].format(
            error="server closed")
        assert "\x1b" not in error_text(RuntimeError("\x1b[31mred"))
    finally:
        i18n.set_language(before)
async def test_a_code_and_a_name_given_join_at_once(live_url, monkeypatch):
    """``live join CODE --student NAME``: the class, without an Enter on a filled form;
    with only the code the form waits for the name."""
    from click.testing import CliRunner

    from quizapp.cli import main
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveStudentScreen

    store, host = _class_session(live_url, ["小明", "小红"])
    seen: list[QuizApp] = []
    monkeypatch.setattr("quizapp.cli.live.run_app", seen.append)
    for args, now in ((["--student", "小明"], True), ([], False)):
        result = CliRunner().invoke(main, ["live", "join", host.code, *args, "--db", live_url])
        assert result.exit_code == 0, result.output
        assert seen[-1].start.join_now is now
    app = QuizApp(Bank.of([]), student="小明", db_url=live_url, remember=False,
                  cursor_blink=False, start=LiveJoinStart(host.code, join_now=True))
    async with app.run_test(size=(80, 24)) as pilot:
        student = await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                              and app.screen.phase != "" and app.screen,
                              "the class shown, no key pressed")
        assert student.student.member.name == "小明"
    store.close()


async def test_a_class_screen_whose_widgets_are_gone_does_not_crash(live_url, monkeypatch):
    """The app closing as the student's screen opens (its widgets already taken down when
    its first showing runs): nothing is shown, nothing raises, the app ends cleanly."""
    from textual.widgets import Static

    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveStudentScreen

    store, host = _class_session(live_url, ["小明", "小红"])
    monkeypatch.setattr(LiveStudentScreen, "compose", lambda self: iter([Static("")]))
    app = QuizApp(Bank.of([]), student="小明", db_url=live_url, remember=False,
                  cursor_blink=False, start=LiveJoinStart(host.code, join_now=True))
    async with app.run_test(size=(80, 24)) as pilot:
        student = await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                              and app.screen.is_mounted and app.screen, "the class screen")
        await pilot.pause()
        assert student.phase == ""
    assert app.return_code in (0, None)
    store.close()


def _keys(app) -> set[str]:
    """The actions the footer offers now (a binding whose check_action says no is left
    out)."""
    return {active.binding.action for active in app.screen.active_bindings.values()
            if active.enabled}


async def test_footers_follow_the_state(tmp_path):
    """The host's footer lists only the keys that do something now; a student's offers
    no submit once the answer is in, on the reveal or at the end."""
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16))
    url = f"sqlite:///{tmp_path / 'scores.db'}"
    store = Store.open(url)
    host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS[:1], seed=1))
    async with AsyncExitStack() as stack:
        hp = await stack.enter_async_context(host_app(store, host).run_test(size=(100, 32)))
        sp = await stack.enter_async_context(student_app(url, host.code, "小明").run_test(
            size=(80, 24)))
        student = await join(sp)
        host_screen = hp.app.screen
        await until(hp, lambda: host_screen.view is not None, "the lobby")
        assert _keys(hp.app) >= {"start", "end", "leave"}
        assert not _keys(hp.app) & {"next", "reveal", "toggle_board"}
        await hp.press("s")
        await until(hp, lambda: host_screen.view.session.state == "open", "question 1")
        await until(hp, lambda: {"next", "reveal", "end"} <= _keys(hp.app), "the open keys")
        assert "start" not in _keys(hp.app)

        await until(sp, lambda: student.phase == "question", "the question")
        assert "submit" in _keys(sp.app)
        await answer_current(sp, student, True, host)
        assert "submit" not in _keys(sp.app)
        await hp.press("r")
        await until(sp, lambda: student.phase == "reveal", "the reveal")
        await until(hp, lambda: "reveal" not in _keys(hp.app), "no reveal after the reveal")
        assert "submit" not in _keys(sp.app)
        await hp.press("n")  # the last question: the class ends
        await until(sp, lambda: student.phase == "end", "the end")
        await until(hp, lambda: not _keys(hp.app) & {"start", "next", "reveal", "end"},
                    "only leaving (and the board) at the end")
        assert "submit" not in _keys(sp.app)
    store.close()


@pytest.mark.parametrize(("lang", "listed"), [("zh", "小明、Alice"), ("en", "小明, Alice")])
async def test_the_lobby_lists_names_in_the_interface_language(tmp_path, lang, listed):
    """The host's lobby separates the names as the interface language does."""
    from quizapp.services.live import LiveHost, new_token
    from quizapp.storage import Store
    from quizapp.tui.app import QuizApp

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16))
    store = Store.open(f"sqlite:///{tmp_path / 'scores.db'}")
    host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS[:1], seed=1))
    for name in ("小明", "Alice"):
        store.live.take_seat(host.session.id, name, new_token())
    app = QuizApp(BANK, db_url=str(store.engine.url), remember=False, cursor_blink=False,
                  opener=lambda url: store, start=LiveHostStart(host), lang=lang)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.view and len(screen.view.members) == 2,
                    "both names in the lobby")
        assert listed in text_of(screen, "#live-main")
    store.close()
