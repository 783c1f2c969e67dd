"""The store fits the ports the services are typed against: every method a port names
exists on :class:`quizapp.storage.Store` and takes (at least) the port's parameters."""

from __future__ import annotations

import inspect

import pytest

from quizapp.services import ports
from quizapp.storage import Store

PORTS = [ports.AttemptPort, ports.FlashcardPort, ports.DashboardPort, ports.ScorePort,
         ports.ClassPort]


def misfits(cls: type, port: type) -> list[str]:
    """What ``cls`` lacks of ``port``: missing methods and missing parameters."""
    out = []
    for name, value in vars(port).items():
        if name.startswith("_") or not callable(value):
            continue
        found = getattr(cls, name, None)
        if found is None:
            out.append(name)
            continue
        have = inspect.signature(found).parameters
        out += [f"{name}({p})" for p in inspect.signature(value).parameters if p not in have]
    return out


@pytest.mark.parametrize("port", PORTS, ids=lambda p: p.__name__)
def test_the_store_fits_every_port(port):
    assert misfits(Store, port) == []


def test_the_live_store_fits_the_live_port():
    from quizapp.services.live import LivePort, LiveSource
    from quizapp.storage.live import LiveStore

    assert misfits(LiveStore, LivePort) == []
    assert misfits(Store, LiveSource) == []


def test_a_class_that_does_not_fit_is_named():
    class Partial:
        def find_student(self, other_name): ...

    found = misfits(Partial, ports.FlashcardPort)
    assert "find_student(name)" in found and "flashcards" in found and "save_review" in found
