"""The parsed bank is cached for the app's commands, and the cache never serves stale or
broken content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import quizapp.core.loader as loader
from quizapp import paths
from quizapp.services.bank import ContentProblems, load_bank_cached

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def teacher(tmp_path) -> Path:
    folder = tmp_path / "class"
    shutil.copytree(FIXTURES / "valid", folder)
    return folder


def entries() -> list[Path]:
    return sorted(paths.cache_dir().glob("bank-*.pickle"))


def test_second_load_comes_from_the_cache_and_equals_a_fresh_load(teacher, monkeypatch):
    first = load_bank_cached([teacher])
    assert len(entries()) == 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("the loader ran although nothing changed")

    monkeypatch.setattr(loader, "load_bank", no_parsing)
    again = load_bank_cached([teacher])
    assert again.sets == first.sets and again.questions == first.questions
    assert again["overview-one-river"] == first["overview-one-river"]
    monkeypatch.undo()
    assert again.questions == loader.load_bank([teacher]).questions


def test_a_changed_file_is_parsed_again(teacher):
    load_bank_cached([teacher], builtin=False)
    target = sorted(teacher.rglob("*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\n", encoding="utf-8")
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    old = entries()
    load_bank_cached([teacher], builtin=False)
    assert entries() != old and len(entries()) == 1  # a new key, the old entry dropped


def test_a_broken_cache_entry_is_rebuilt(teacher):
    load_bank_cached([teacher])
    (entry,) = entries()
    entry.write_bytes(b"not a pickle")
    bank = load_bank_cached([teacher])
    assert len(bank) > 0
    assert entry.read_bytes() != b"not a pickle"


def test_problems_are_reported_and_never_cached(tmp_path):
    broken = FIXTURES / "broken" / "answers.yaml"
    with pytest.raises(ContentProblems) as caught:
        load_bank_cached([broken], builtin=False)
    assert caught.value.problems and "answers.yaml" in str(caught.value.problems[0])
    assert entries() == []
