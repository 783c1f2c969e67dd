"""The join form against a hostile client: a given name longer than the field takes, and
codes tried at script speed (refused after a few, in the interface language)."""

from __future__ import annotations

from test_live_screens import _class_session, student_app, until

from quizapp.untrusted import MAX_NAME_CHARS


async def test_a_given_name_is_held_to_the_fields_limit(tmp_path):
    from quizapp.tui.screens.live import LiveStudentScreen

    url = f"sqlite:///{tmp_path / 'scores.db'}"
    store, host = _class_session(url, [])
    app = student_app(url, host.code, "名" * 100_000)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await until(pilot, lambda: type(app.screen).__name__ == "LiveJoinScreen"
                             and app.screen, "the join form")
        field = screen.query_one("#join-name")
        assert field.value == "名" * MAX_NAME_CHARS
        field.focus()
        await pilot.press("end", "x")  # the field takes no more
        assert len(field.value) == MAX_NAME_CHARS
        await pilot.press("enter")
        student = await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                              and app.screen, "joined")
        assert student.student.name == "名" * MAX_NAME_CHARS
    store.close()


async def test_codes_tried_at_script_speed_are_refused(tmp_path):
    from quizapp.core.model import Bank
    from quizapp.services.live import JOIN_ATTEMPTS
    from quizapp.tui.app import QuizApp

    url = f"sqlite:///{tmp_path / 'scores.db'}"
    store, host = _class_session(url, ["Alice", "Bob"])
    app = QuizApp(Bank.of([]), student="Mallory", db_url=url, remember=False,
                  cursor_blink=False, live_join="", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await until(pilot, lambda: type(app.screen).__name__ == "LiveJoinScreen"
                             and app.screen, "the join form")
        code = screen.query_one("#join-code")
        box = screen.query_one("#join-roster")
        wrong = [f"{n:06d}" for n in range(JOIN_ATTEMPTS + 1) if f"{n:06d}" != host.code]
        def refused() -> int:
            return sum("No class has the code" in str(n.message) for n in app._notifications)

        for n, guess in enumerate(wrong[:JOIN_ATTEMPTS], 1):  # with the name: joins tried
            code.value = guess
            code.focus()
            await pilot.press("enter")
            await until(pilot, lambda n=n: refused() == n, "the wrong code refused")
        code.value = host.code  # now even the right code is not looked up
        code.focus()
        await pilot.press("enter")
        await until(pilot, lambda: any("Too many attempts to join" in str(n.message)
                                       for n in app._notifications), "the throttle")
        await pilot.pause(0.3)
        assert not box.display  # no roster shown
        assert type(app.screen).__name__ == "LiveJoinScreen"
    store.close()
