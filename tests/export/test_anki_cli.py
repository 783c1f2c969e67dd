"""``quizapp export anki``: the command, its errors, and the committed deck."""

from __future__ import annotations

import shutil
from pathlib import Path

from anki_helpers import fresh_collection, import_apkg, visible
from click.testing import CliRunner

from quizapp import paths
from quizapp.cli import main

REPO = Path(__file__).resolve().parents[2]

GOOD = """\
title: 测试题
deck: 测试::一
tags: [测试 标签]
questions:
  - id: t-choice
    type: choice
    prompt: "<b>哪一个</b>?"
    options: [甲, 乙]
    answer: 乙
  - id: t-fill
    type: fill
    prompt: "三市同饮{{c1::一江水}}。"
  - id: t-card
    type: card
    front: 正面
    back: 背面
"""

BAD = """\
title: 坏题
questions:
  - id: b-choice
    type: choice
    prompt: 哪一个?
    options: [甲, 乙]
    answer: 丙
"""


def run(*args):
    return CliRunner().invoke(main, ["--lang", "en", "export", "anki", *args])


def test_exports_a_file_to_the_given_output(tmp_path):
    src = tmp_path / "mine.yaml"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out" / "class.apkg"
    result = run(str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "3 notes, 3 cards" in result.output and "3 new" in result.output
    assert out.is_file() and (tmp_path / "out" / "class.manifest.json").is_file()

    col = fresh_collection(tmp_path / "c.anki2")
    try:
        log = import_apkg(col, out)
        assert len(log.new) == 3 and col.card_count() == 3
        assert {d.name for d in col.decks.all_names_and_ids()} >= {"测试", "测试::一"}
    finally:
        col.close()

    again = run(str(src), "-o", str(out))
    assert again.exit_code == 0 and "0 new, 0 changed, 3 unchanged" in again.output
    assert "warning" not in again.stderr

    card = "    type: card\n    front: 正面\n    back: 背面\n"
    assert card in GOOD
    src.write_text(GOOD.replace(card, "    type: choice\n    prompt: 问\n"
                                      "    options: [正面, 背面]\n    answer: 背面\n"),
                   encoding="utf-8")
    retyped = run(str(src), "-o", str(out))
    assert retyped.exit_code == 0, retyped.output
    assert "warning: t-card:" in retyped.stderr and "1 changed" in retyped.output


def test_a_teachers_deck_goes_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_DECKS_DIR", str(tmp_path / "decks"))
    (tmp_path / "q").mkdir()
    (tmp_path / "here").mkdir()
    src = tmp_path / "q" / "mine.yaml"
    src.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "here")
    result = run(str(src))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "here" / "mine.apkg").is_file()
    assert (tmp_path / "here" / "mine.manifest.json").is_file()
    assert not (tmp_path / "decks").exists()  # only the built-in deck goes to decks/


def test_reexport_lists_deleted_questions_and_what_anki_keeps(tmp_path):
    src = tmp_path / "mine.yaml"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "class.apkg"
    assert run(str(src), "-o", str(out)).exit_code == 0
    card = "  - id: t-card\n    type: card\n    front: 正面\n    back: 背面\n"
    assert card in GOOD
    src.write_text(GOOD.replace(card, ""), encoding="utf-8")
    again = run(str(src), "-o", str(out))
    assert again.exit_code == 0, again.output
    assert "1 question of an earlier export is not in this one: t-card" in again.output
    assert "Anki never deletes notes on import" in again.output
    assert "tag:quizapp::id::t-card" in again.output
    zh = CliRunner().invoke(main, ["export", "anki", str(src), "-o", str(out)])
    # said again on the next export, until the teacher says it is dealt with
    assert "以前导出的牌组里有、这次没有的题目（1 道）：t-card" in zh.output
    assert "--removed-done" in zh.output


def test_bad_content_is_located_and_nothing_is_written(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    out = tmp_path / "deck.apkg"
    result = run(str(tmp_path), "-o", str(out))
    assert result.exit_code == 1
    assert "bad.yaml:7:" in result.stderr and "no deck written" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "deck.manifest.json").exists()


def test_broken_manifest_is_reported_without_a_traceback(tmp_path):
    src = tmp_path / "mine.yaml"
    src.write_text(GOOD, encoding="utf-8")
    (tmp_path / "deck.manifest.json").write_text("not json", encoding="utf-8")
    result = run(str(src), "-o", str(tmp_path / "deck.apkg"))
    assert result.exit_code == 1
    assert "deck.manifest.json:1:1:" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "deck.apkg").exists()


def test_progress_bar_on_a_terminal_for_large_exports(tmp_path, monkeypatch):
    from quizapp.cli import export as export_cli

    src = tmp_path / "mine.yaml"
    src.write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(export_cli, "_stderr_is_tty", lambda: True)
    monkeypatch.setattr(export_cli, "PROGRESS_MIN", 3)
    result = run(str(src), "-o", str(tmp_path / "deck.apkg"))
    assert result.exit_code == 0 and "exporting" in result.stderr
    monkeypatch.setattr(export_cli, "PROGRESS_MIN", 4)
    result = run(str(src), "-o", str(tmp_path / "deck.apkg"))
    assert result.exit_code == 0 and "exporting" not in result.stderr


def test_committed_deck_imports_every_builtin_question(tmp_path):
    from quizapp.core.loader import load_builtin

    bank = load_builtin().bank
    col = fresh_collection(tmp_path / "c.anki2")
    try:
        log = import_apkg(col, REPO / "decks" / paths.DEFAULT_DECK_NAME)
        assert len(log.new) == len(bank) == col.note_count()
        assert not col.get_empty_cards().notes
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            assert visible(card.question()).strip() and visible(card.answer()).strip()
    finally:
        col.close()


def test_committed_deck_is_current_with_content(tmp_path):
    """Exporting content/ with the committed manifest reproduces decks/ byte for byte.

    If this fails, run `quizapp export anki` and commit decks/.
    """
    committed = REPO / "decks" / paths.DEFAULT_DECK_NAME
    manifest = paths.manifest_path(committed)
    assert committed.is_file() and manifest.is_file()
    shutil.copy(manifest, tmp_path / manifest.name)
    result = run("-o", str(tmp_path / committed.name))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 changed" in result.output, "decks/ is stale: run `quizapp export anki`"
    assert (tmp_path / manifest.name).read_bytes() == manifest.read_bytes()
    assert (tmp_path / committed.name).read_bytes() == committed.read_bytes()


def test_committed_deck_does_not_give_the_answer_away_by_its_place(tmp_path):
    """Authors write the answer first; in the deck the right option's letter is spread."""
    import re
    import sqlite3
    import zipfile

    committed = REPO / "decks" / paths.DEFAULT_DECK_NAME
    with zipfile.ZipFile(committed) as zf:
        extracted = Path(zf.extract("collection.anki2", path=tmp_path))
    db = sqlite3.connect(extracted)
    try:
        fields = [row[0].split("\x1f") for row in db.execute("SELECT flds FROM notes")]
    finally:
        db.close()
    places = []
    for f in fields:
        if len(f) > 3 and f[1] == "单选题":
            marks = re.findall(r'<li class="(correct|wrong)">', f[3])
            places.append(marks.index("correct"))
    assert len(places) >= 20
    assert places.count(0) / len(places) <= 0.35
    assert len(set(places)) >= 3  # spread over the letters
