"""`quizapp import` of Anki packages (.apkg, .colpkg), read with Anki's own library."""

from __future__ import annotations

import dataclasses
import zipfile

import genanki
import pytest
from import_helpers import imported, run_import

from quizapp.core.loader import load_builtin, load_paths
from quizapp.export.anki import export_anki

pytestmark = pytest.mark.lang("en")

ONE_FIELD = genanki.Model(1_607_392_320, "One field", fields=[{"name": "Text"}],
                          templates=[{"name": "C", "qfmt": "{{Text}}", "afmt": "{{Text}}"}])


def foreign_deck(path) -> None:
    """A deck as teachers make them in Anki: Basic, reversed, cloze, media, odd note types."""
    deck = genanki.Deck(2_059_400_110, "Geography::Rivers")
    notes = [
        (genanki.BASIC_MODEL, ["Which river do the three cities share?", "The <b>Xiang</b> River"],
         ["river"]),
        (genanki.BASIC_AND_REVERSED_CARD_MODEL, ["长株潭", "Chang-Zhu-Tan<br>three cities"], []),
        (genanki.CLOZE_MODEL, ["三市同饮{{c1::一江水}}，共同的{{c3::基因::两个字}}。",
                               "文章开篇<i>第一句</i>"], []),
        (genanki.CLOZE_MODEL, ["no blanks at all", ""], []),
        (genanki.BASIC_MODEL, ['<img src="map.png">', "a map"], []),
        (ONE_FIELD, ["lonely"], []),
        (genanki.BASIC_MODEL, ["x &amp; y &lt; z", "a&nbsp;b"], []),
    ]
    for i, (model, fields, tags) in enumerate(notes):
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=f"g{i}"))
    genanki.Package(deck).write_to_file(str(path))


def test_foreign_notes_become_cards_and_fills_and_the_rest_is_listed(tmp_path) -> None:
    src = tmp_path / "rivers.apkg"
    foreign_deck(src)
    result, qset = imported(tmp_path, src)
    assert result.exit_code == 1
    assert qset.title == "Rivers"  # the one deck
    basic, reversed_, cloze, escaped = qset.questions
    assert (basic.type, basic.front, basic.back, basic.tags) == (
        "card", "Which river do the three cities share?", "The Xiang River", ("river",))
    assert (reversed_.front, reversed_.back) == ("长株潭", "Chang-Zhu-Tan\nthree cities")
    assert cloze.type == "fill" and cloze.explain == "文章开篇第一句"
    assert cloze.prompt == "三市同饮{{c1::一江水}}，共同的{{c2::基因::两个字}}。"  # c3 closed up
    assert (escaped.front, escaped.back) == ("x & y < z", "a b")
    skipped = [line for line in result.stderr.splitlines() if "rivers.apkg: note" in line]
    assert len(skipped) == 3
    assert "rivers.apkg: note 4: the Cloze note has no {{c1::…}} blank" in skipped[0]
    assert 'note 5 (deck "Geography::Rivers")' in skipped[1] and "images and sounds are not imported" in skipped[1]
    assert "note 6" in skipped[2] and "one field only" in skipped[2]


def same_content(question) -> dict:
    """What a deck keeps of a question: its options as a set when they are shuffled (the
    deck's order comes from the id, so as not to give the answer away by its place)."""
    data = question.content()
    if data.get("shuffle"):
        data["options"] = sorted(data["options"])
        if isinstance(data["answer"], list):
            data["answer"] = sorted(data["answer"])
    return data


def test_our_own_deck_comes_back_as_the_same_questions(tmp_path) -> None:
    bank = load_builtin().bank
    first, *rest = bank.sets
    changed = (dataclasses.replace(first.questions[0], points=3, level="apply"),
               *first.questions[1:])
    bank = type(bank).of([dataclasses.replace(first, questions=changed), *rest])
    export_anki(bank, tmp_path / "one-city.apkg", now=1_750_000_000)
    result, back = imported(tmp_path, tmp_path / "one-city.apkg")
    assert result.exit_code == 0, result.stderr
    assert back.title == "长株潭一体化"  # the deck that holds every set's deck
    assert [q.id for q in back.questions] == [q.id for q in bank.questions]
    for original, again in zip(bank.questions, back.questions, strict=True):
        assert same_content(again) == same_content(original), original.id
        assert again.level == original.level
        assert set(again.tags) == {tag.replace(" ", "_") for tag in original.tags}


def test_every_question_type_with_awkward_text_round_trips(tmp_path) -> None:
    src = tmp_path / "odd.yaml"
    src.write_text(
        "title: odd\nquestions:\n"
        "  - {id: a, type: choice, prompt: '<b>not bold</b> & {{x}}', options: ['a / b', 'c → d',"
        " '以上都不是'], answer: 'c → d', shuffle: false}\n"
        "  - {id: b, type: fill, prompt: '{{c1::x & y::hint}} and {{c2::z}}',"
        " accept: {1: ['x and y', 'x+y'], 2: ['Z']}}\n"
        "  - {id: c, type: match, prompt: 'm', pairs: {'a → b': c, d: 'e<f'}}\n"
        "  - {id: d, type: order, prompt: 'o', items: ['1', '2', '3']}\n"
        "  - {id: e, type: truefalse, prompt: 't', answer: false}\n"
        "  - {id: f, type: multi, prompt: \"two\\nlines\", options: [x, y, z], answer: [x, z],"
        " points: 2}\n"
        "  - {id: g, type: card, front: 'f', back: \"b\\nb\", explain: e, quote: q}\n",
        encoding="utf-8")
    bank = load_paths([src]).bank
    export_anki(bank, tmp_path / "odd.apkg", now=1_750_000_000)
    result, back = imported(tmp_path, tmp_path / "odd.apkg")
    assert result.exit_code == 0, result.stderr
    for original, again in zip(bank.questions, back.questions, strict=True):
        assert (again.id, same_content(again)) == (original.id, same_content(original))


def test_a_collection_package_is_read_too(tmp_path) -> None:
    from anki.collection import Collection

    (tmp_path / "col").mkdir()
    col = Collection(str(tmp_path / "col" / "collection.anki2"))
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "front side", "back side"
    col.add_note(note, col.decks.id("Default"))
    out = tmp_path / "all.colpkg"
    col.export_collection_package(str(out), include_media=False, legacy=False)
    result, qset = imported(tmp_path, out)
    assert result.exit_code == 0, result.stderr
    assert [(q.front, q.back) for q in qset.questions] == [("front side", "back side")]


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_a_file_that_is_not_a_package_is_refused(tmp_path, content) -> None:
    src = tmp_path / "bad.apkg"
    src.write_bytes(content)
    result = run_import(str(src), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1 and not (tmp_path / "out.yaml").exists()
    assert "bad.apkg: Anki cannot read this file" in result.stderr
    assert "Traceback" not in result.output


def test_a_zip_without_a_collection_is_refused(tmp_path) -> None:
    src = tmp_path / "empty.apkg"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("media", "{}")
    result = run_import(str(src))
    assert result.exit_code == 1 and "Anki cannot read this file" in result.stderr
