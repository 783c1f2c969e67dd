"""The Anki exporter, checked by importing its decks into a real (temporary) Anki collection."""

from __future__ import annotations

import dataclasses
import json
import zipfile

import pytest
from anki_helpers import (
    cards_by_question,
    fresh_collection,
    import_apkg,
    make_bank,
    sample_questions,
    visible,
)

from quizapp.core.model import Bank, Blank, CardQuestion, ChoiceQuestion, FillQuestion, QuestionSet
from quizapp.export import anki as ax

T1 = 1_750_000_000


@pytest.fixture
def col(tmp_path):
    c = fresh_collection(tmp_path / "collection.anki2")
    yield c
    c.close()


def export(bank, path, now=T1, manifest=None):
    return ax.export_anki(bank, path, manifest, now=now)


# --- what arrives in Anki ---------------------------------------------------------------

def test_every_type_imports_with_expected_cards(tmp_path, col):
    result = export(make_bank(sample_questions()), tmp_path / "deck.apkg")
    assert (result.notes, result.cards, result.new) == (7, 8, 7)

    log = import_apkg(col, tmp_path / "deck.apkg")
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (7, 0, 0)
    assert col.note_count() == 7
    assert col.card_count() == 8  # the fill question has two blanks -> two cloze cards
    assert not col.get_empty_cards().notes

    cards = cards_by_question(col)
    q = {qid: [(visible(c.question()), visible(c.answer())) for c in cs] for qid, cs in cards.items()}

    front, back = q["q-choice"][0]
    assert "长株潭三市同饮哪条江的水?" in front and "资江" in front and "单选题" in front
    assert "湘江贯穿三市。" not in front
    assert "湘江贯穿三市。" in back and "同饮一江水" in back
    choice_back_html = cards["q-choice"][0].answer()
    assert '<li class="correct">湘江</li>' in choice_back_html
    assert '<li class="wrong">资江</li>' in choice_back_html

    multi_back = cards["q-multi"][0].answer()
    for city in ("长沙", "株洲", "湘潭"):
        assert f'<li class="correct">{city}</li>' in multi_back
    assert '<li class="wrong">岳阳</li>' in multi_back
    assert "多选题" in q["q-multi"][0][0]

    tf_front, tf_back = q["q-tf"][0]
    assert "株洲是省会。" in tf_front and "判断题" in tf_front
    assert '<li class="correct">错</li>' in cards["q-tf"][0].answer()
    assert "省会是长沙。" in tf_back

    fill = sorted(cards["q-fill"], key=lambda c: c.ord)
    assert [c.ord for c in fill] == [0, 1]
    c1_front, c1_back = visible(fill[0].question()), visible(fill[0].answer())
    assert "[...]" in c1_front and "一江水" not in c1_front and "一座城" in c1_front
    assert "一江水" in c1_back and "湘江水" in c1_back and "共建“一座城”" in c1_back
    c2_front = visible(fill[1].question())
    assert "[三个字]" in c2_front and "一座城" not in c2_front and "一江水" in c2_front

    match_front, match_back = q["q-match"][0]
    assert "城市与别称配对" in match_front and "星城" in match_front
    assert "长沙 → 星城" in match_back and "株洲 → 火车拖来的城市" in match_back

    order_front, order_back = q["q-order"][0]
    assert "按文章顺序排列" in order_front
    assert "<ol class=\"sequence\"><li>破冰</li><li>破题</li><li>破局</li></ol>" in cards["q-order"][0].answer()
    assert "破冰 破题 破局" not in " ".join(order_front.split())  # the front is not the answer

    card_front, card_back = q["q-card"][0]
    assert "一座城是什么?" in card_front and "长株潭一体化的目标。" not in card_front
    assert "长株潭一体化的目标。" in card_back


def test_teacher_text_is_never_markup(tmp_path, col):
    choice = ChoiceQuestion(
        id="q-evil", prompt="<script>alert('x')</script> 与 {{c1::秘密}} & <b>粗</b>\n第二行",
        options=("<i>斜</i>", "{{Front}}"), answer="{{Front}}", explain="a < b", set_key="basics")
    card = CardQuestion(id="q-card-evil", prompt="{{c2::x}}", front="{{c2::x}}", back="<img src=x>",
                        set_key="basics")
    export(make_bank([choice, card]), tmp_path / "deck.apkg")
    import_apkg(col, tmp_path / "deck.apkg")
    assert col.card_count() == 2
    by_guid = {col.get_note(n).guid: n for n in col.find_notes("")}

    c = col.get_card(col.card_ids_of_note(by_guid[ax.note_guid("q-evil")])[0])
    front, back = c.question(), c.answer()
    assert "<script>" not in front and "<b>" not in front and "<i>" not in front
    assert "&lt;script&gt;" in front
    shown = visible(front)
    assert "<script>alert('x')</script>" in shown
    assert "{{c1::秘密}}" in shown and "[...]" not in shown  # not turned into a cloze
    assert "{{Front}}" in shown  # not read as a field reference
    assert "<b>粗</b>" in shown and "&" in shown
    assert "<br>第二行" in front
    assert "a < b" in visible(back)

    c = col.get_card(col.card_ids_of_note(by_guid[ax.note_guid("q-card-evil")])[0])
    assert "{{c2::x}}" in visible(c.question())
    assert "<img" not in c.answer() and "<img src=x>" in visible(c.answer())


def test_cloze_answers_and_hints_are_escaped_too(tmp_path, col):
    fill = FillQuestion(id="q-fill-html", prompt="<u>写</u>{{c1::a<b::x>y}}。",
                        blanks=(Blank(1, "a<b", "x>y"),), set_key="basics")
    export(make_bank([fill]), tmp_path / "deck.apkg")
    import_apkg(col, tmp_path / "deck.apkg")
    card = col.get_card(col.find_cards("")[0])
    assert "<u>" not in card.question()
    assert "[x>y]" in visible(card.question())
    assert "a<b" in visible(card.answer())


def test_tags_decks_and_note_types(tmp_path, col):
    questions = sample_questions(tags=("一座城", "长 株 潭"))
    bank = Bank((
        QuestionSet(key="basics", title="基础", path="basics.yaml", questions=questions[:4],
                    deck="长株潭一体化::基础", tags=("一座城", "长 株 潭")),
        QuestionSet(key="more", title="进阶 题目", path="more.yaml",
                    questions=tuple(dataclasses.replace(q, set_key="more") for q in questions[4:])),
    ))
    export(bank, tmp_path / "deck.apkg")
    import_apkg(col, tmp_path / "deck.apkg")

    by_guid = {col.get_note(n).guid: col.get_note(n) for n in col.find_notes("")}
    choice = by_guid[ax.note_guid("q-choice")]
    assert set(choice.tags) == {"一座城", "长_株_潭", "地理_水系", "quizapp::type::choice",
                                "quizapp::set::basics", "quizapp::id::q-choice"}
    assert all(" " not in t for n in by_guid.values() for t in n.tags)
    assert "quizapp::set::more" in by_guid[ax.note_guid("q-order")].tags
    assert "quizapp::type::fill" in by_guid[ax.note_guid("q-fill")].tags

    names = {d.name for d in col.decks.all_names_and_ids()}
    assert {"长株潭一体化", "长株潭一体化::基础", "进阶 题目"} <= names
    deck_of = {col.get_note(col.get_card(cid).nid).guid: col.decks.name(col.get_card(cid).did)
               for cid in col.find_cards("")}
    assert deck_of[ax.note_guid("q-choice")] == "长株潭一体化::基础"
    assert deck_of[ax.note_guid("q-card")] == "进阶 题目"

    models = {m["id"]: m for m in col.models.all()}
    ours = {ax.BASIC_MODEL_ID, ax.CHOICE_MODEL_ID, ax.CLOZE_MODEL_ID}
    assert ours <= set(models)
    assert [f["name"] for f in models[ax.CHOICE_MODEL_ID]["flds"]] == list(ax.CHOICE_FIELDS)
    assert [f["name"] for f in models[ax.CLOZE_MODEL_ID]["flds"]] == list(ax.CLOZE_FIELDS)
    assert [f["name"] for f in models[ax.BASIC_MODEL_ID]["flds"]] == list(ax.BASIC_FIELDS)
    assert models[ax.CLOZE_MODEL_ID]["type"] == 1
    assert ".nightMode" in models[ax.CHOICE_MODEL_ID]["css"]
    # none of genanki's shared built-in model ids
    import genanki
    builtin = {m.model_id for m in (genanki.BASIC_MODEL, genanki.CLOZE_MODEL,
                                    genanki.BASIC_AND_REVERSED_CARD_MODEL)}
    assert not ours & builtin
    note_mids = {n.mid for n in by_guid.values()}
    assert note_mids == ours


# --- re-imports -------------------------------------------------------------------------

def test_edit_updates_exactly_that_note_even_within_the_same_second(tmp_path, col):
    questions = list(sample_questions())
    export(make_bank(questions), tmp_path / "deck.apkg", now=T1)
    import_apkg(col, tmp_path / "deck.apkg")

    questions[0] = dataclasses.replace(questions[0], prompt="长株潭三市共饮哪条江的水?")
    result = export(make_bank(questions), tmp_path / "deck.apkg", now=T1)  # same second
    assert (result.new, result.changed, result.unchanged) == (0, 1, 6)

    log = import_apkg(col, tmp_path / "deck.apkg")
    assert len(log.updated) == 1 and len(log.new) == 0
    assert len(log.duplicate) == 6  # unchanged notes are skipped, not rewritten
    assert col.note_count() == 7 and col.card_count() == 8
    by_guid = {col.get_note(n).guid: col.get_note(n) for n in col.find_notes("")}
    assert "共饮" in by_guid[ax.note_guid("q-choice")]["Prompt"]

    # a new question is added, nothing else changes
    questions.append(CardQuestion(id="q-new", prompt="新题", front="新题", back="新答案",
                                  set_key="basics"))
    export(make_bank(questions), tmp_path / "deck.apkg", now=T1 + 60)
    log = import_apkg(col, tmp_path / "deck.apkg")
    assert (len(log.new), len(log.updated)) == (1, 0)
    assert col.note_count() == 8 and col.card_count() == 9

    # importing the same deck again changes nothing and duplicates nothing
    log = import_apkg(col, tmp_path / "deck.apkg")
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert col.note_count() == 8 and col.card_count() == 9
    assert len({col.get_note(n).guid for n in col.find_notes("")}) == 8


def test_students_own_edits_survive_a_reexport_of_unchanged_content(tmp_path, col):
    questions = list(sample_questions())
    export(make_bank(questions), tmp_path / "deck.apkg", now=T1)
    import_apkg(col, tmp_path / "deck.apkg")
    note = col.get_note(next(n for n in col.find_notes("")
                             if col.get_note(n).guid == ax.note_guid("q-card")))
    note["Back"] = "我自己的笔记"
    col.update_note(note)

    # another question changes; the student's note did not
    questions[0] = dataclasses.replace(questions[0], explain="新的解析。")
    export(make_bank(questions), tmp_path / "deck.apkg", now=T1 + 10)
    log = import_apkg(col, tmp_path / "deck.apkg")
    assert len(log.updated) == 1
    assert col.get_note(note.id)["Back"] == "我自己的笔记"


def test_a_changed_question_type_is_reported(tmp_path, col):
    questions = list(sample_questions())
    export(make_bank(questions), tmp_path / "deck.apkg", now=T1)
    import_apkg(col, tmp_path / "deck.apkg")
    questions[0] = CardQuestion(id="q-choice", prompt="正面", front="正面", back="背面",
                                set_key="basics")
    questions[1] = dataclasses.replace(questions[1], prompt="改过的多选")
    result = export(make_bank(questions), tmp_path / "deck.apkg", now=T1 + 5)
    assert result.retyped == ["q-choice"]  # multi keeps its note type: not reported
    log = import_apkg(col, tmp_path / "deck.apkg")
    # what the warning is about: Anki refuses to change a note's type on import
    assert len(log.conflicting) == 1 and len(log.updated) == 1 and len(log.new) == 0


def test_style_change_reaches_the_collection(tmp_path, col, monkeypatch):
    export(make_bank(sample_questions()), tmp_path / "deck.apkg", now=T1)
    import_apkg(col, tmp_path / "deck.apkg")
    monkeypatch.setattr(ax, "CSS", ax.CSS + "\n.kind { letter-spacing: 1px; }\n")
    export(make_bank(sample_questions()), tmp_path / "deck.apkg", now=T1)  # same second again
    manifest = json.loads((tmp_path / "deck.manifest.json").read_text(encoding="utf-8"))
    assert all(e["mod"] == T1 + 1 for e in manifest["notetypes"].values())
    import_apkg(col, tmp_path / "deck.apkg")
    assert "letter-spacing: 1px" in col.models.get(ax.CHOICE_MODEL_ID)["css"]
    assert col.note_count() == 7


# --- determinism and the manifest -------------------------------------------------------

def test_unchanged_content_gives_identical_bytes(tmp_path):
    bank = make_bank(sample_questions())
    first = export(bank, tmp_path / "a" / "deck.apkg", now=T1)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deck.manifest.json").write_bytes(first.manifest_path.read_bytes())
    export(bank, tmp_path / "b" / "deck.apkg", now=T1 + 3600)  # a later clock changes nothing
    assert (tmp_path / "a" / "deck.apkg").read_bytes() == (tmp_path / "b" / "deck.apkg").read_bytes()
    assert first.manifest_path.read_bytes() == (tmp_path / "b" / "deck.manifest.json").read_bytes()

    with zipfile.ZipFile(tmp_path / "a" / "deck.apkg") as z:
        assert sorted(z.namelist()) == ["collection.anki2", "media"]
        assert {i.date_time for i in z.infolist()} == {ax.ZIP_DATE}


def test_manifest_keeps_unchanged_times_and_bumps_changed_ones(tmp_path):
    questions = list(sample_questions())
    r = export(make_bank(questions), tmp_path / "deck.apkg", now=T1)
    m1 = json.loads(r.manifest_path.read_text(encoding="utf-8"))
    assert sorted(m1["notes"]) == sorted(q.id for q in questions)
    assert {e["mod"] for e in m1["notes"].values()} == {T1}
    raw = r.manifest_path.read_text(encoding="utf-8")
    assert raw == json.dumps(m1, ensure_ascii=False, sort_keys=True, indent=1) + "\n"

    questions[1] = dataclasses.replace(questions[1], explain="补充解析")
    questions[2] = dataclasses.replace(questions[2], tags=("一座城", "新标签"))  # tags show in Anki
    del questions[3]
    export(make_bank(questions), tmp_path / "deck.apkg", now=T1 - 100)  # clock went backwards
    m2 = json.loads(r.manifest_path.read_text(encoding="utf-8"))["notes"]
    assert m2["q-multi"]["mod"] == T1 + 1 and m2["q-tf"]["mod"] == T1 + 1
    assert m2["q-choice"] == m1["notes"]["q-choice"]
    assert "q-fill" not in m2

    # a change of points is not shown in Anki, so the note keeps its time
    questions[0] = dataclasses.replace(questions[0], points=5)
    export(make_bank(questions), tmp_path / "deck.apkg", now=T1 + 500)
    m3 = json.loads(r.manifest_path.read_text(encoding="utf-8"))["notes"]
    assert m3["q-choice"] == m1["notes"]["q-choice"]


def test_broken_manifest_is_a_clear_error_and_writes_nothing(tmp_path):
    deck = tmp_path / "deck.apkg"
    (tmp_path / "deck.manifest.json").write_text('{"notes": {', encoding="utf-8")
    with pytest.raises(ax.ExportError, match=r"deck\.manifest\.json:1:\d+: export.err.manifest_json"):
        export(make_bank(sample_questions()), deck)
    assert not deck.exists()
    (tmp_path / "deck.manifest.json").write_text('{"notes": {"a": 1}}', encoding="utf-8")
    with pytest.raises(ax.ExportError, match="export.err.manifest_shape"):
        export(make_bank(sample_questions()), deck)
    assert not deck.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["deck.manifest.json"]  # no temp files left


def test_duplicate_ids_and_empty_banks_are_refused(tmp_path):
    q = sample_questions()[0]
    with pytest.raises(ax.ExportError, match="export.err.id_twice"):
        export(make_bank([q, q]), tmp_path / "deck.apkg")
    with pytest.raises(ax.ExportError, match="export.err.no_questions"):
        export(Bank(()), tmp_path / "deck.apkg")
    assert not list(tmp_path.iterdir())


def test_progress_callback_counts_notes(tmp_path):
    calls = []
    ax.export_anki(make_bank(sample_questions()), tmp_path / "deck.apkg", now=T1,
                   on_note=lambda: calls.append(1))
    assert len(calls) == 7


@pytest.mark.parametrize(("raw", "tag"), [("a b", "a_b"), (" 长株潭\u3000一体化 ", "长株潭_一体化"),
                                          ("x\ty\nz", "x_y_z")])
def test_safe_tag(raw, tag):
    assert ax.safe_tag(raw) == tag


def test_text_rendering():
    assert ax.text("a & <b>\n{{c1::x}}") == "a &amp; &lt;b&gt;<br>&#123;&#123;c1::x&#125;&#125;"
    assert ax.text('"quoted"') == '"quoted"'
    assert ax.text("a\x1fb") == "a␟b"  # Anki's field separator cannot leak into a field
    assert ax.text("a\r\nb\rc") == "a<br>b␍c"  # a bare CR shown, as on every screen
    # Anki plays [sound:...] and speaks [anki:tts]: never live
    assert ax.text("[sound:../../../etc/passwd]") == "&#91;sound:../../../etc/passwd&#93;"
    assert ax.text("a\x1b]52;c;aGk=\x07b\x9b") == "a␛&#93;52;c;aGk=␇b\\x9b"
    assert ax.text("Alice\u200b") == "Alice\\u200b"


def test_exported_notes_carry_no_sound_tag_or_control_character(tmp_path, col):
    from quizapp.core.loader import load_bytes

    doc = ('title: "t\\e[2J"\nquestions:\n  - id: q\n    type: card\n'
           '    front: "[sound:../../../etc/passwd] \\e]52;c;aGk=\\a"\n'
           '    back: "[sound:x.mp3]\\a"\n    tags: ["a\\eb"]\n')
    export(load_bytes(doc.encode()).bank, tmp_path / "deck.apkg")
    import_apkg(col, tmp_path / "deck.apkg")
    note = col.get_note(col.find_notes("")[0])
    shown = [*note.fields, *note.tags, *(d.name for d in col.decks.all_names_and_ids())]
    for value in shown:
        assert "[sound:" not in value and "\x1b" not in value and "\x07" not in value
    assert note.fields[0] == "&#91;sound:../../../etc/passwd&#93; ␛&#93;52;c;aGk=␇"
    assert "a␛b" in note.tags and "t␛[2J" in shown
    assert not [c for c in col.card_ids_of_note(note.id)
                if "[sound:" in col.get_card(c).question()]


def test_manifest_text_is_plain_sorted_json():
    m = ax.Manifest(notes={"b-2": {"hash": "ab" * 8, "mod": 2, "model": 7},
                           "a_1": {"hash": "cd" * 8, "mod": 1, "model": 7},
                           'odd "名"': {"hash": "x", "mod": 3}},
                    notetypes={"quizapp 选择 (choice v1)": {"hash": "ef" * 8, "mod": 4}})
    expected = json.dumps({"format": 1, "notes": m.notes, "notetypes": m.notetypes},
                          ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert m.dumps() == expected
    assert ax.Manifest().dumps() == json.dumps({"format": 1, "notes": {}, "notetypes": {}},
                                               sort_keys=True, indent=1) + "\n"


def test_note_guids_are_genankis_guid_for() -> None:
    """The exporter computes GUIDs itself (for speed); they must equal genanki.guid_for, so
    decks made by any version of the exporter update the same notes in Anki."""
    import genanki

    from quizapp.export.anki import note_guid

    ids = ["a", "overview-one-city", "长株潭-1", "x" * 200, "0", *[f"q{i}" for i in range(2000)]]
    assert [note_guid(i) for i in ids] == [genanki.guid_for("quizapp", i) for i in ids]


def test_a_deleted_question_is_listed_on_every_export_until_the_teacher_says_done(tmp_path):
    from click.testing import CliRunner

    from quizapp.cli import main

    source, deck = tmp_path / "bank.yaml", tmp_path / "bank.apkg"
    head = "title: t\nquestions:\n  - {id: keep, type: truefalse, prompt: 对吗？, answer: 对}\n"
    gone = "  - {id: gone, type: truefalse, prompt: 错吗？, answer: 错}\n"

    def export(*extra: str) -> str:
        result = CliRunner().invoke(main, ["export", "anki", str(source), "-o", str(deck),
                                           "--lang", "en", *extra])
        assert result.exit_code == 0, result.output
        return result.output

    source.write_text(head + gone, encoding="utf-8")
    assert "gone" not in export()
    source.write_text(head, encoding="utf-8")
    for _ in range(2):  # the second re-export still says it
        out = export()
        assert "not in this one: gone" in out and "--removed-done" in out
    out = export("--removed-done")
    assert "not in this one: gone" in out and "will not list them" in out
    assert "gone" not in export()
    assert "removed" not in json.loads(ax.manifest_path_for(deck).read_text("utf-8"))


def test_the_docs_say_how_anki_orders_options_as_the_exporter_does():
    from pathlib import Path

    from quizapp.core.selection import stable_option_order

    docs = (Path(__file__).resolve().parents[2] / "docs" / "question-format.md").read_text(
        "utf-8")
    assert "选项按原顺序显示" not in docs
    assert "Anki 牌组里:选项、连线题右边的项目和排序题的项目都按题目 id" in docs
    options = tuple("ABCDEFGH")
    orders = {stable_option_order(ChoiceQuestion(id=f"q{i}", prompt="p", options=options,
                                                 answer="A")) for i in range(5)}
    assert len(orders) > 1 and options not in orders  # by the id, not the written order
    kept = ChoiceQuestion(id="q", prompt="p", options=options, answer="A", shuffle=False)
    assert stable_option_order(kept) == options
