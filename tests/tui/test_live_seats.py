"""A seat is one device's: a second join under a taken name is refused with a message, and
a student on a new device gets their seat only once the host allows it on the host
screen. Real apps driven by Pilot on SQLite, on PostgreSQL with the superuser's URL, and on
PostgreSQL with the roles of ``quizapp db roles`` (the host as the teacher role, the
students as the student role)."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_live_screens import IDS, host_app, student_app, until
from tui_helpers import BANK

from quizapp.core.model import Bank
from quizapp.core.session import QuizSpec
from quizapp.i18n import t


@pytest.fixture(params=["sqlite", "postgresql", "student-role"])
def urls(request, tmp_path):
    """``(the host's URL, the students' URL)``."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'scores.db'}"
        yield url, url
        return
    yield from role_urls(request)


def role_urls(request):
    """A fresh PostgreSQL schema: ``(url, url)`` for the ``postgresql`` param, else the
    teacher role's and the student role's URLs (unique roles, dropped afterwards)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from storage_pg import fresh_schema_url

    from quizapp.storage import Store
    from quizapp.storage.roles import drop_roles, grant_roles

    with fresh_schema_url() as url:
        if request.param == "postgresql":
            yield url, url
            return
        prefix = f"t{uuid.uuid4().hex[:10]}"
        with Store.open(url) as store:
            done = grant_roles(store.engine, prefix=prefix, teacher_password="t-pw",
                               student_password="s-pw")
        try:
            parsed = make_url(url)
            yield (parsed.set(username=done.teacher, password="t-pw")
                   .render_as_string(hide_password=False),
                   parsed.set(username=done.student, password="s-pw")
                   .render_as_string(hide_password=False))
        finally:
            admin = create_engine(url)
            try:
                drop_roles(admin, prefix)
            finally:
                admin.dispose()


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_taken_name_is_refused_and_a_new_device_waits_for_the_hosts_ok(urls):
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store
    from quizapp.tui.screens.live import LiveJoinScreen, LiveStudentScreen

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=24))
    host_url, student_url = urls
    host_store = Store.open(host_url)
    port = host_store.live
    host = LiveHost.create(port, BANK, QuizSpec(ids=IDS, seed=5))
    code = host.code
    try:
        async with host_app(host_store, host).run_test(size=(100, 32)) as hp, \
                student_app(student_url, code, "张三").run_test(size=(80, 24)) as first, \
                student_app(student_url, code, "张三").run_test(size=(80, 24)) as second:
            host_screen = hp.app.screen
            for pilot in (first, second):
                await until(pilot, lambda p=pilot: type(p.app.screen) is LiveJoinScreen
                            and getattr(p.app.focused, "id", None) == "join-name",
                            "the join form")
            await first.press("enter")
            mine = await until(first, lambda: isinstance(first.app.screen, LiveStudentScreen)
                               and first.app.screen, "the first device's seat")
            await until(hp, lambda: host_screen.view and len(host_screen.view.members) == 1,
                        "张三 on the host's list")

            # another device types the same name: refused, with the catalogue's words
            await second.press("enter")
            taken = t("live.join_taken", detail="张三")
            await until(second, lambda: taken in notices(second.app), "the refusal")
            assert type(second.app.screen) is LiveJoinScreen
            assert len(host_screen.view.members) == 1  # the seat was not taken over

            # asked again: the request waits for the host
            await second.press("enter")
            waiting = t("live.rejoin_waiting", name="张三")
            help_line = second.app.screen.query_one("#join-help")
            await until(second, lambda: waiting in str(help_line.content), "waiting")
            await until(hp, lambda: host_screen.view.rejoins, "the request on the host")
            from test_live_screens import text_of

            assert t("live.rejoin_asks", name="张三") in text_of(host_screen, "#live-main")
            await second.pause(0.6)
            assert type(second.app.screen) is LiveJoinScreen  # still waiting
            # Esc: this device stops waiting and the request leaves the host's screen
            await second.press("escape")
            await until(hp, lambda: not host_screen.view.rejoins, "the request taken back")
            assert type(second.app.screen) is LiveJoinScreen
            await second.press("enter")  # and asks again
            await until(hp, lambda: host_screen.view.rejoins, "the request again")

            await hp.press("a")  # the teacher allows it
            moved = await until(second, lambda: isinstance(second.app.screen,
                                                           LiveStudentScreen)
                                and second.app.screen, "the seat on the new device")
            assert moved.student.member.attempt_id == mine.student.member.attempt_id
            await until(hp, lambda: not host_screen.view.rejoins, "the request answered")
            # the old device can no longer answer; the new one can
            await hp.press("s")
            key = host.shown[0].question

            async def answer(pilot, screen) -> None:
                """Pick the right answer and press enter until the app has taken it (a key
                pressed while a busy app lays the question out may come to nothing)."""
                await until(pilot, lambda: screen.phase == "question", "the question")
                for _ in range(40):
                    widget = screen.widget
                    if screen.phase != "question":
                        return
                    if widget is not None and widget.is_mounted and widget.has_focus_within:
                        if key.type == "truefalse":
                            pick = "t" if key.answer else "f"
                        else:
                            want = key.answer if key.type == "choice" else sorted(key.answers)[0]
                            labels = getattr(widget, "labels", ())
                            pick = str(labels.index(want) + 1) if want in labels else ""
                        if pick:
                            if widget.has_no_answer():
                                await pilot.press(pick)
                                await pilot.pause(0.1)
                            if not widget.has_no_answer():
                                await pilot.press("enter")
                    await pilot.pause(0.2)
                raise AssertionError(f"the answer was not taken (phase {screen.phase})")

            await answer(first, mine)
            await until(first, lambda: t("live.answer_seat") in notices(first.app),
                        f"the old device refused (phase {mine.phase})")
            assert mine.phase == "moved"  # it says so and offers to leave
            await answer(second, moved)
            await until(second, lambda: moved.phase == "sent", "the answer sent")
            await until(hp, lambda: host_screen.view.answered == 1, "one answer")
    finally:
        host_store.close()


async def test_two_namesakes_on_the_roster_each_take_their_own_seat(urls):
    """The join form lists two 张伟 of one class with their numbers; the one picked is the
    record whose seat is taken (never the first of that name)."""
    from quizapp.core.roster import RosterEntry
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveStudentScreen
    from quizapp.tui.start import LiveJoinStart

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16))
    host_url, student_url = urls
    store = Store.open(host_url)
    try:
        store.classes.create_class("高一5班")
        first, second = store.classes.set_roster(
            "高一5班", [RosterEntry("张伟", "2023051"), RosterEntry("张伟", "2023052")])
        host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS, seed=3),
                               class_name="高一5班")
        app = QuizApp(Bank.of([]), student="", db_url=student_url, remember=False,
                      cursor_blink=False, start=LiveJoinStart(host.code))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await until(pilot, lambda: type(app.screen).__name__ == "LiveJoinScreen"
                                 and app.screen, "the join form")
            box = screen.query_one("#join-roster")

            def listed():
                return box.display and [str(box.get_option_at_index(i).id)
                                        for i in range(box.option_count)]

            lines = await until(pilot, listed, "the roster")
            assert len(lines) == 2 and all("张伟" in line for line in lines)
            assert "2023051" in lines[0] and "2023052" in lines[1]
            box.focus()
            await pilot.press("down", "down", "enter")  # the second 张伟
            joined = await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                                 and app.screen, "the student screen")
            assert joined.student.member.student_id == second != first
    finally:
        store.close()
