"""What a live screen says when its database cannot be reached: the reason once, never the
same words twice."""

from __future__ import annotations

import pytest

from quizapp import i18n
from quizapp.i18n import t


class _Screen:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def notify(self, text: str, **_: object) -> None:
        self.notes.append(text)


class _Status:
    def __init__(self) -> None:
        self.left = ""

    def set_left(self, text: str) -> None:
        self.left = text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unreachable_is_said_once_and_another_reason_is_quoted(lang):
    from quizapp.tui.screens.live import Connection, ConnectionNotice

    before = i18n.language()
    i18n.set_language(lang)
    try:
        screen, status = _Screen(), _Status()
        notice = ConnectionNotice()
        notice.apply(screen, Connection(t("storage.unreachable")), status)
        assert screen.notes == [t("live.connection_lost_plain")]
        assert t("storage.unreachable") not in screen.notes[0]
        assert status.left == t("live.connection_retrying")
        assert notice.apply(screen, Connection(None), status) is True
        notice.apply(screen, Connection("disk I/O error"), status)
        assert screen.notes[-1] == t("live.connection_lost", error="disk I/O error")
    finally:
        i18n.set_language(before)
