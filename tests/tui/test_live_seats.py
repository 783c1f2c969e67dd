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

from quizapp.core.session import QuizSpec
from quizapp.i18n import t


@pytest.fixture(params=["sqlite", "postgresql", "student-role"])
def urls(request, tmp_path):
    """``(the host's URL, the students' URL)``."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'scores.db'}"
        yield url, url
        return
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
                widget = await until(pilot, lambda: screen.phase == "question"
                                     and screen.widget and screen.widget.is_mounted
                                     and screen.widget.has_focus_within and screen.widget,
                                     "a question, with the focus")
                if key.type == "truefalse":
                    pick = "t" if key.answer else "f"
                else:
                    pick = str(widget.labels.index(
                        key.answer if key.type == "choice" else sorted(key.answers)[0]) + 1)
                for _ in range(20):  # a key pressed while the app is busy may come late
                    if not widget.is_empty():
                        break
                    await pilot.press(pick)
                    await pilot.pause(0.1)
                assert not widget.is_empty()
                await pilot.press("enter")

            await answer(first, mine)
            await until(first, lambda: t("live.answer_seat") in notices(first.app),
                        "the old device refused")
            assert mine.phase == "moved"  # it says so and offers to leave
            await answer(second, moved)
            await until(second, lambda: moved.phase == "sent", "the answer sent")
            await until(hp, lambda: host_screen.view.answered == 1, "one answer")
    finally:
        host_store.close()
