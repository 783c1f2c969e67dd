"""Odd settings never stop the app: a folder where settings.json should be, a file that is
not JSON or names an unknown language, a folder that cannot be written, a full disk. Each is
ignored with a one-line notice; the app runs."""

from __future__ import annotations

import errno
import json
import os

from tui_helpers import make_app, settle, wait_for_screen

from quizapp import files
from quizapp.settings import Settings
from quizapp.tui.screens.home import HomeScreen


def notices(app) -> list[str]:
    """Every notice the app gave, including those whose toast has already timed out (on a
    busy machine a toast can expire before the test looks)."""
    return list(app.given_notices)


def record_notices(app) -> None:
    app.given_notices = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        app.given_notices.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording


async def start(app):
    record_notices(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        return notices(app)


async def test_a_folder_named_settings_json(bank, db_url, clock, tmp_path):
    folder = tmp_path / "settings.json"
    folder.mkdir()
    shown = await start(make_app(bank, db_url, clock, settings_file=folder))
    assert len([n for n in shown if "settings.json" in n]) == 2  # unreadable, then not saved
    assert all("\n" not in n for n in shown)
    assert folder.is_dir()


async def test_an_unknown_language_and_bad_json_are_ignored(bank, db_url, clock, tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"lang": "de", "student": "李四"}), encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded.lang == "" and loaded.student == "李四"
    assert loaded.problem == ("settings.bad_lang", {"path": path, "lang": "de"})
    app = make_app(bank, db_url, clock, settings_file=path, student="")
    shown = await start(app)
    assert any("de" in n and "settings.json" in n for n in shown)
    assert app.student == "李四"
    assert json.loads(path.read_text(encoding="utf-8"))["lang"] == "zh"  # repaired

    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path).problem == ("settings.invalid", {"path": path})
    path.write_text("[1, 2]", encoding="utf-8")
    assert Settings.load(path).problem == ("settings.invalid", {"path": path})


async def test_a_folder_that_cannot_be_written(bank, db_url, clock, tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    app = make_app(bank, db_url, clock, settings_file=blocker / "settings.json")
    shown = await start(app)
    assert len([n for n in shown if "settings.json" in n or "data" in n]) == 2  # read, save
    app.set_student("王五")  # a second save failing is not said again
    assert len(notices(app)) == len(shown)


async def test_a_full_disk_when_saving(bank, db_url, clock, tmp_path, monkeypatch):
    def full(*_args, **_kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "_fill", full)
    path = tmp_path / "settings.json"
    shown = await start(make_app(bank, db_url, clock, settings_file=path))
    assert any(os.strerror(errno.ENOSPC) in n for n in shown)
    assert not path.exists() and list(tmp_path.glob(".settings.json.*")) == []
