"""``export -o`` writes only the file the teacher meant, whole, with its manifest.

Refused with one line and nothing touched: another extension (the source question file,
a text file), an empty name, a device, a FIFO, a folder, a symbolic link. A killed export
leaves no temporary file for long (the next export removes it); a full disk leaves the
deck and its manifest as they were. The deck list is written once, not once per deck.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp import files
from quizapp.cli import main
from quizapp.core.model import Bank, QuestionSet, TrueFalseQuestion

GOOD = """\
title: 测试题
questions:
  - id: t-tf
    type: truefalse
    prompt: 长株潭一体化是必答题。
    answer: 对
"""


def run(*args):
    return CliRunner().invoke(main, ["--lang", "en", "export", *args])


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "q.yaml"
    src.write_text(GOOD, encoding="utf-8")
    return src


def refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0]


def test_the_source_question_file_is_never_overwritten(source):
    before = source.read_bytes()
    refused(run("anki", str(source), "-o", str(source)), "must end in .apkg")
    assert source.read_bytes() == before


def test_other_extensions_and_an_empty_name_are_refused(source, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    refused(run("anki", str(source), "-o", str(notes)), "notes.txt", ".apkg")
    assert notes.read_text(encoding="utf-8") == "my notes"
    refused(run("anki", str(source), "-o", ""), "no output file")
    refused(run("anki", str(source), "-o", str(tmp_path / ".apkg")), ".apkg")
    refused(run("gift", str(source), "-o", str(notes)), ".gift")
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_devices_fifos_folders_and_links_are_refused(source, tmp_path):
    refused(run("anki", str(source), "-o", "/dev/null"), "/dev/null")
    fifo = tmp_path / "pipe.apkg"
    os.mkfifo(fifo)
    refused(run("anki", str(source), "-o", str(fifo)), "not a regular file")
    assert fifo.is_fifo()
    folder = tmp_path / "folder.apkg"
    folder.mkdir()
    refused(run("anki", str(source), "-o", str(folder)), "not a regular file")
    target = tmp_path / "real.apkg"
    target.write_bytes(b"precious")
    link = tmp_path / "link.apkg"
    link.symlink_to(target)
    refused(run("anki", str(source), "-o", str(link)), "not a regular file")
    assert target.read_bytes() == b"precious" and link.is_symlink()
    gift_fifo = tmp_path / "pipe.gift"
    os.mkfifo(gift_fifo)
    refused(run("gift", str(source), "-o", str(gift_fifo)), "not a regular file")


def test_a_fifo_where_the_manifest_goes_is_refused_without_hanging(source, tmp_path):
    os.mkfifo(tmp_path / "deck.manifest.json")
    refused(run("anki", str(source), "-o", str(tmp_path / "deck.apkg")), "deck.manifest.json")
    assert not (tmp_path / "deck.apkg").exists()


def test_an_existing_deck_is_replaced_by_a_re_export(source, tmp_path):
    out = tmp_path / "deck.apkg"
    assert run("anki", str(source), "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    source.write_text(GOOD.replace("必答题", "必答题。"), encoding="utf-8")
    result = run("anki", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output and out.read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "deck.manifest.json",
                                                         "q.yaml"]


def test_a_killed_export_leaves_its_temporary_file_to_the_next_run(source, tmp_path):
    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    stale = tmp_path / f".deck.apkg.{dead_pid.pid}.k1ll3d.tmp"
    stale.write_bytes(b"half a deck")
    stale_manifest = tmp_path / f".deck.manifest.json.{dead_pid.pid}.x.tmp"
    stale_manifest.write_bytes(b"{")
    mine = tmp_path / f".deck.apkg.{os.getppid()}.running.tmp"  # a live process: kept
    mine.write_bytes(b"still writing")
    result = run("anki", str(source), "-o", str(tmp_path / "deck.apkg"))
    assert result.exit_code == 0, result.output
    assert not stale.exists() and not stale_manifest.exists()
    assert mine.exists()


def test_a_full_disk_leaves_deck_and_manifest_as_they_were(source, tmp_path, monkeypatch):
    out = tmp_path / "deck.apkg"
    assert run("anki", str(source), "-o", str(out)).exit_code == 0
    deck, manifest = out.read_bytes(), (tmp_path / "deck.manifest.json").read_bytes()
    source.write_text(GOOD.replace("必答题", "必答题。"), encoding="utf-8")
    real_fill = files._fill

    def fill(tmp, write, mode):
        if ".manifest.json." in tmp:  # the deck's temporary file is written; then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), tmp)
        real_fill(tmp, write, mode)

    monkeypatch.setattr(files, "_fill", fill)
    result = run("anki", str(source), "-o", str(out))
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert out.read_bytes() == deck
    assert (tmp_path / "deck.manifest.json").read_bytes() == manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "deck.manifest.json",
                                                         "q.yaml"]


def test_the_deck_list_is_written_once(tmp_path, monkeypatch):
    """genanki rewrites the whole deck list once per deck (quadratic: 5,000 sets did not
    finish); the export writes it once, with every deck and each note type."""
    import genanki

    from quizapp.export.anki import export_anki

    def per_deck(*_args, **_kw):
        raise AssertionError("the deck list is rewritten per deck")

    monkeypatch.setattr(genanki.Deck, "write_to_db", per_deck)
    sets = [QuestionSet(key=f"s{i}", title=f"组{i}", path=f"s{i}.yaml", deck=f"根::组{i}",
                        questions=(TrueFalseQuestion(id=f"q{i}", prompt=f"第{i}题", answer=True,
                                                     set_key=f"s{i}"),))
            for i in range(300)]
    res = export_anki(Bank.of(sets), tmp_path / "many.apkg")
    assert res.decks == 300 and res.notes == 300
    with zipfile.ZipFile(res.path) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    import json

    with sqlite3.connect(tmp_path / "c.anki2") as db:
        decks_text, models_text = db.execute("SELECT decks, models FROM col").fetchone()
        card_decks = {d for (d,) in db.execute("SELECT DISTINCT did FROM cards")}
    decks = json.loads(decks_text)
    assert len(decks) == 301  # and Anki's Default deck
    assert {d["name"] for d in decks.values()} >= {f"根::组{i}" for i in range(300)}
    assert card_decks <= {int(k) for k in decks}
    models = json.loads(models_text)
    assert len(models) == 1
    assert next(iter(models.values()))["did"] in card_decks


def test_print_writes_only_a_pdf(source, tmp_path):
    """``quizapp print -o`` (and ``--key``) never replaces the question file or another."""
    before = source.read_bytes()
    result = CliRunner().invoke(main, ["--lang", "en", "print", str(source), "-o", str(source)])
    refused(result, "must end in .pdf")
    assert source.read_bytes() == before
    os.mkfifo(tmp_path / "key.pdf")
    result = CliRunner().invoke(main, ["--lang", "en", "print", str(source), "-o",
                                       str(tmp_path / "paper.pdf"), "--key",
                                       str(tmp_path / "key.pdf")])
    refused(result, "not a regular file")
    assert not (tmp_path / "paper.pdf").exists()


def test_print_refuses_the_paper_and_its_key_in_one_file(source, tmp_path):
    """``print -o p.pdf --key p.pdf`` would leave only the key: refused, nothing written."""
    paper = tmp_path / "p.pdf"
    for key in (paper, tmp_path / "." / "p.pdf"):
        for lang, words in (("en", "the same file as the other output"),
                            ("zh", "和另一个输出是同一个文件")):
            result = CliRunner().invoke(main, ["--lang", lang, "print", str(source), "-o",
                                               str(paper), "--key", str(key)])
            refused(result, words)
            assert not paper.exists()
    paper.write_bytes(b"old")
    os.link(paper, tmp_path / "link.pdf")  # a hard link: one file, two names
    result = CliRunner().invoke(main, ["--lang", "en", "print", str(source), "-o", str(paper),
                                       "--key", str(tmp_path / "link.pdf")])
    refused(result, "the same file")
    assert paper.read_bytes() == b"old"


def test_import_writes_only_a_yaml_question_file(tmp_path):
    src = tmp_path / "bank.csv"
    src.write_text("题型,题干,选项A,选项B,答案\n单选,长株潭是一座城吗?,是,否,A\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "en", "import", str(src), "-o", str(notes)])
    refused(result, ".yaml / .yml")
    assert notes.read_text(encoding="utf-8") == "mine"
    os.mkfifo(tmp_path / "q.yml")
    result = CliRunner().invoke(main, ["--lang", "en", "import", str(src), "-o",
                                       str(tmp_path / "q.yml")])
    refused(result, "not a regular file")
    result = CliRunner().invoke(main, ["--lang", "en", "import", str(src), "-o",
                                       str(tmp_path / "q.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "q.yaml").is_file()
