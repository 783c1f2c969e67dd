"""Joining a live class from a hostile client: a name longer than a name (SQLite does
not hold a column to its length: the service does), a name with an invisible character
that would pass for another student's, and join attempts at script speed."""

from __future__ import annotations

import pytest
from test_live_storage import new_host

from quizapp.services.live import JoinThrottle, LiveError, LiveStudent, join_name, join_names
from quizapp.untrusted import MAX_NAME_CHARS


@pytest.fixture
def live(store):
    from quizapp.storage.live import LiveStore

    return LiveStore.of(store)


def kind(call) -> str:
    with pytest.raises(LiveError) as err:
        call()
    return err.value.kind


def test_a_name_longer_than_a_name_is_refused_and_never_stored(live):
    host = new_host(live)
    assert kind(lambda: LiveStudent.join(live, host.code, "x" * 100_000)) == "long_name"
    assert kind(lambda: LiveStudent.join(live, host.code, "x" * (MAX_NAME_CHARS + 1))) \
        == "long_name"
    ok = LiveStudent.join(live, host.code, "长" * MAX_NAME_CHARS)
    assert ok.name == "长" * MAX_NAME_CHARS
    assert [m.name for m in live.members(host.session.id)] == ["长" * MAX_NAME_CHARS]


@pytest.mark.parametrize("name", ["Alice\u200b", "Al\u00adice", "\ufeffAlice", "Alic\u200fe",
                                  "A\u2060lice", "Ali\u061cce", "Alice\U000e0041",
                                  "Bob\x1b[2J", "Eve\u202e"])
def test_a_name_that_would_pass_for_another_is_refused(live, name):
    host = new_host(live)
    LiveStudent.join(live, host.code, "Alice")
    assert kind(lambda: LiveStudent.join(live, host.code, name)) in ("odd_name", "no_name")
    assert [m.name for m in live.members(host.session.id)] == ["Alice"]


def test_join_name_keeps_ordinary_names():
    for name in ("小明", "Zoë O'Brien", "Åsa-Li", "王　小明"):
        assert join_name(name) == " ".join(name.split())
    # a line or paragraph separator is a space in a name: no forged report line
    assert join_name("Dave\u2028Bob    s  1  0  100.0\u2029") == "Dave Bob s 1 0 100.0"


def test_join_attempts_are_throttled_per_client(live):
    host = new_host(live)
    now = [0.0]
    throttle = JoinThrottle(attempts=3, window=60, clock=lambda: now[0])
    wrong = "000000" if host.code != "000000" else "000001"
    for _ in range(3):  # codes tried by a script
        assert kind(lambda: join_names(live, wrong, throttle=throttle)) == "unknown"
    with pytest.raises(LiveError) as err:  # the right code too: no more tries for now
        LiveStudent.join(live, host.code, "小明", throttle=throttle)
    assert err.value.kind == "too_fast" and str(err.value) == "60"
    now[0] = 30.0
    assert str(pytest.raises(LiveError, join_names, live, host.code,
                             throttle=throttle).value) == "30"
    now[0] = 60.5  # the window has moved on
    assert LiveStudent.join(live, host.code, "小明", throttle=throttle).name == "小明"
    other = JoinThrottle(attempts=3, window=60, clock=lambda: now[0])  # another client
    assert LiveStudent.join(live, host.code, "小红", throttle=other).name == "小红"
