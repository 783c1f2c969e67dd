"""Each repository of the store fits the port the services are typed against: every method
a port names exists on the repository's class and takes (at least) the port's parameters;
the store has one repository per port."""

from __future__ import annotations

import inspect

import pytest

from quizapp.services import ports
from quizapp.storage.assignments import AssignmentStore
from quizapp.storage.attempts import AttemptStore
from quizapp.storage.classes import ClassStore
from quizapp.storage.dashboard import ReportStore
from quizapp.storage.flashcards import FlashcardStore
from quizapp.storage.homework_keys import HomeworkKeyStore
from quizapp.storage.live import LiveStore
from quizapp.storage.teacher_auth import TeacherAuthStore

#: Each port with the repository that implements it and its name on the store.
PORTS = [(ports.AttemptPort, AttemptStore, "attempts"),
         (ports.FlashcardPort, FlashcardStore, "cards"),
         (ports.DashboardPort, ReportStore, "reports"),
         (ports.ClassPort, ClassStore, "classes"),
         (ports.LivePort, LiveStore, "live"),
         (ports.TeacherPasswordPort, TeacherAuthStore, "teachers"),
         (ports.AssignmentPort, AssignmentStore, "assignments"),
         (ports.HomeworkKeyPort, HomeworkKeyStore, "keys")]


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


@pytest.mark.parametrize(("port", "repository", "name"), PORTS, ids=lambda p: getattr(p, "__name__", p))
def test_each_repository_fits_its_port(port, repository, name):
    assert misfits(repository, port) == []


def test_the_store_holds_one_repository_per_port(tmp_path):
    from quizapp.storage import Store

    with Store.open(f"sqlite:///{tmp_path / 'q.db'}") as store:
        for _port, repository, name in PORTS:
            assert type(getattr(store, name)) is repository
            assert getattr(store, name).engine is store.engine  # one engine for all
        assert {n for n in ports.Repositories.__annotations__} == {n for _, _, n in PORTS}


def test_the_store_is_not_made_of_its_repositories():
    from quizapp.storage import Store

    assert Store.__mro__ == (Store, object)


def test_a_class_that_does_not_fit_is_named():
    class Partial:
        def find_student(self, other_name): ...

    found = misfits(Partial, ports.FlashcardPort)
    assert "find_student(name)" in found and "flashcards" in found and "save_review" in found
