"""The parsed bank is cached for the app's commands, and the cache never serves stale,
broken or planted content: it holds only data (JSON, checked against its SHA-256), in the
user's cache folder, and any problem with it means the files are parsed again."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import quizapp.core.loader as loader
from quizapp import paths
from quizapp.services import bank as cache
from quizapp.services.bank import ContentProblems, load_bank_cached

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def teacher(tmp_path) -> Path:
    folder = tmp_path / "class"
    shutil.copytree(FIXTURES / "valid", folder)
    return folder


def entries() -> list[Path]:
    return sorted(paths.cache_dir().glob("bank-*.json"))


def fresh(teacher: Path):
    return loader.load_bank([teacher])


def served_from_cache(teacher: Path, monkeypatch) -> bool:
    """Load once more with the loader disabled: True if the cache served the bank."""
    calls = []
    real = loader.load_bank

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "load_bank", counting)
    bank = load_bank_cached([teacher])
    monkeypatch.setattr(loader, "load_bank", real)
    assert bank.questions == real([teacher]).questions  # whatever happened, the right bank
    return not calls


def test_the_cache_lives_in_the_users_cache_folder_not_the_data_folder(teacher):
    load_bank_cached([teacher])
    (entry,) = entries()
    assert paths.data_dir() not in entry.parents
    assert entry.stat().st_mode & 0o777 == 0o600


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


def test_the_cache_is_json_data_not_pickle(teacher):
    load_bank_cached([teacher])
    (entry,) = entries()
    header, payload = entry.read_bytes().split(b"\n", 1)
    assert json.loads(header)["format"] == cache.FORMAT
    assert json.loads(payload)["@"] == "Bank"


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


def test_a_corrupt_entry_is_rebuilt(teacher, monkeypatch):
    load_bank_cached([teacher])
    (entry,) = entries()
    entry.write_bytes(b"not json at all \x00\xff")
    assert not served_from_cache(teacher, monkeypatch)
    assert entry.read_bytes().startswith(b"{")  # rewritten
    assert served_from_cache(teacher, monkeypatch)


def test_an_entry_whose_content_does_not_match_its_hash_is_rebuilt(teacher, monkeypatch):
    load_bank_cached([teacher])
    (entry,) = entries()
    header, payload = entry.read_bytes().split(b"\n", 1)
    text = payload.decode()
    planted = text.replace(fresh(teacher)["overview-one-river"].prompt, "planted prompt")
    assert planted != text
    entry.write_bytes(header + b"\n" + planted.encode())
    assert not served_from_cache(teacher, monkeypatch)


def test_a_foreign_entry_naming_other_classes_is_rebuilt(teacher, monkeypatch):
    load_bank_cached([teacher])
    (entry,) = entries()
    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    payload = json.dumps({"@": "Popen", "args": ["touch", "/tmp/pwned"]}).encode()
    header["sha256"] = __import__("hashlib").sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    assert not served_from_cache(teacher, monkeypatch)
    wrong_key = {**header, "key": "0" * 32}
    entry.write_bytes(json.dumps(wrong_key).encode() + b"\n" + payload)
    assert not served_from_cache(teacher, monkeypatch)


def _rewrite(entry: Path, change) -> None:
    """The entry's data changed by ``change`` and its hash made to match."""
    import hashlib

    header, payload = entry.read_bytes().split(b"\n", 1)
    data = json.loads(payload)
    change(data)
    payload = json.dumps(data).encode()
    header = {**json.loads(header), "sha256": hashlib.sha256(payload).hexdigest()}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def _questions(data) -> list[dict]:
    return [q for s in data["sets"] for q in s["questions"]]


def _first(kind: str):
    return lambda data: next(q for q in _questions(data) if q["@"] == kind)


@pytest.mark.parametrize("change", [
    lambda d: _first("ChoiceQuestion")(d).update(points="3"),
    lambda d: _first("ChoiceQuestion")(d).update(points=True),
    lambda d: _first("ChoiceQuestion")(d).update(options=5),
    lambda d: _first("ChoiceQuestion")(d).update(options=[1, 2]),
    lambda d: _first("ChoiceQuestion")(d).update(answer="not an option"),
    lambda d: _first("ChoiceQuestion")(d).update(level="expert"),
    lambda d: _first("MultiQuestion")(d).update(answers=["x"]),
    lambda d: _first("TrueFalseQuestion")(d).update(answer="yes"),
    lambda d: _first("FillQuestion")(d).update(prompt="no blank left"),
    lambda d: _first("FillQuestion")(d)["blanks"][0].update(number="1"),
    lambda d: _first("MatchQuestion")(d).update(pairs=[["a"]]),
    lambda d: _first("CardQuestion")(d).update(front=None),
    lambda d: d["sets"][0].update(tags="abc"),
    lambda d: d["sets"][0].update(questions=[{"@": "Blank", "number": 1, "answer": "a"}]),
])
def test_an_entry_with_the_right_hash_but_wrong_types_is_rebuilt(teacher, monkeypatch, change):
    load_bank_cached([teacher])
    (entry,) = entries()
    _rewrite(entry, change)
    assert not served_from_cache(teacher, monkeypatch)  # and the bank is the right one
    assert served_from_cache(teacher, monkeypatch)  # rewritten


def test_an_entry_others_may_write_is_not_used(teacher, monkeypatch):
    load_bank_cached([teacher])
    (entry,) = entries()
    entry.chmod(0o666)
    assert not served_from_cache(teacher, monkeypatch)
    assert entry.stat().st_mode & 0o777 == 0o600  # replaced by a private one


def test_a_symlinked_entry_is_not_followed(teacher, monkeypatch, tmp_path):
    load_bank_cached([teacher])
    (entry,) = entries()
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert not served_from_cache(teacher, monkeypatch)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="giving a file to another user needs root")
def test_an_entry_owned_by_another_user_is_not_used(teacher, monkeypatch):
    load_bank_cached([teacher])
    (entry,) = entries()
    os.chown(entry, 65534, 65534)
    assert not served_from_cache(teacher, monkeypatch)


def test_a_cache_folder_others_may_write_is_neither_read_nor_written(teacher, monkeypatch):
    load_bank_cached([teacher])
    folder = paths.cache_dir()
    folder.chmod(0o777)
    before = entries()
    assert not served_from_cache(teacher, monkeypatch)
    assert entries() == before


@pytest.mark.parametrize("where", ["a file", "unreachable"])
def test_an_odd_or_unwritable_cache_folder_only_means_parsing(teacher, monkeypatch, tmp_path,
                                                               where):
    if where == "a file":
        odd = tmp_path / "cache-is-a-file"
        odd.write_text("x")
    else:
        odd = Path("/proc/quizapp-cache")  # no one can create a folder there, not even root
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(odd))
    assert load_bank_cached([teacher]).questions == fresh(teacher).questions
    assert not served_from_cache(teacher, monkeypatch)


def test_problems_are_reported_and_never_cached(tmp_path):
    broken = FIXTURES / "broken" / "answers.yaml"
    with pytest.raises(ContentProblems) as caught:
        load_bank_cached([broken], builtin=False)
    assert caught.value.problems and "answers.yaml" in str(caught.value.problems[0])
    assert entries() == []
