"""Teachers' own files: merged cells, Excel's "Unicode text", Chinese file names side by
side, an output that exists already, and images and sounds that cannot come in."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from import_helpers import FIXTURES, imported, run_import

from quizapp.core.loader import load_paths

HEADER = ("题型", "题干", "选项A", "选项B", "选项C", "答案")


def merged_workbook(path) -> None:
    """A 题库 whose 题型 column is merged down over the questions of each type, and a
    second sheet of notes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "题库"
    sheet.append(HEADER)
    sheet.append(("判断题", "长株潭三市同饮一江水。", None, None, None, "对"))
    sheet.append((None, "长株潭一体化是一道选择题。", None, None, None, "错"))
    sheet.append((None, "湘江流经长沙、株洲、湘潭。", None, None, None, "对"))
    sheet.append(("多选题", "“三个藩篱”指哪些？", "行政边界", "产业同质", "心理距离", "AB"))
    sheet.append((None, "哪些城市属于长株潭？", "长沙", "株洲", "湘潭", "ABC"))
    sheet.append(("填空题", "长株潭三市同饮____。", None, None, None, "一江水"))
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("A5:A6")
    book.create_sheet("说明").append(("这一页只是说明",))
    book.save(path)


def test_merged_type_cells_are_carried_down_to_every_row_they_cover(tmp_path) -> None:
    source = tmp_path / "合并单元格.xlsx"
    merged_workbook(source)
    result, qset = imported(tmp_path, source)
    assert result.exit_code == 0, result.stderr
    assert [q.type for q in qset.questions] == ["truefalse"] * 3 + ["multi"] * 2 + ["fill"]
    assert [q.answer for q in qset.questions[:3]] == [True, False, True]
    assert qset.questions[4].answers == {"长沙", "株洲", "湘潭"}
    assert "{{c1::1}}" not in result.stderr + (tmp_path / "out.yaml").read_text("utf-8")


def unicode_text(rows: list[tuple[str, ...]]) -> bytes:
    """What Excel writes for 另存为 “Unicode 文本 (*.txt)”: UTF-16 LE with a BOM, tabs, CRLF."""
    text = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    return b"\xff\xfe" + text.encode("utf-16-le")


ROWS = [HEADER, ("单选", "长株潭一体化不是选择题，而是（　）", "必答题", "软任务", "附加题", "A"),
        ("判断", "三市同饮一江水。", "", "", "", "对")]


def test_excels_unicode_text_is_read_as_a_table_not_as_gift(tmp_path) -> None:
    source = tmp_path / "题库.txt"
    source.write_bytes(unicode_text(ROWS))
    result, qset = imported(tmp_path, source)
    assert result.exit_code == 0, result.stderr
    assert [q.type for q in qset.questions] == ["choice", "truefalse"]
    assert qset.questions[0].answer == "必答题"
    assert "GIFT" not in result.stderr


def test_format_csv_reads_a_txt_file_as_csv(tmp_path) -> None:
    source = tmp_path / "bank.txt"
    source.write_text("\n".join(",".join(row) for row in ROWS) + "\n", encoding="utf-8")
    result, qset = imported(tmp_path, source, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert [q.type for q in qset.questions] == ["choice", "truefalse"]
    assert "zip" not in result.stderr.lower() and "openpyxl" not in result.stderr


def test_two_chinese_named_banks_get_ids_that_do_not_collide_and_stay_on_reimport(
        tmp_path) -> None:
    first, second = tmp_path / "第一单元.csv", tmp_path / "第二单元.csv"
    shutil.copy(FIXTURES / "bank-bom.csv", first)
    shutil.copy(FIXTURES / "bank-bom.csv", second)
    out = tmp_path / "题库"
    out.mkdir()
    for source in (first, second):
        result = run_import(str(source), "-o", str(out / f"{source.stem}.yaml"))
        assert result.exit_code == 0, result.stderr
    loaded = load_paths([out])
    assert loaded.problems == [], [str(p) for p in loaded.problems]
    ids = [q.id for qset in loaded.sets for q in qset.questions]
    assert len(ids) == len(set(ids)) == 10
    assert all(qid.startswith("q-") and qid.isascii() and len(qid) <= 12 for qid in ids)
    before = (out / "第一单元.yaml").read_text("utf-8")
    again = run_import(str(first), "-o", str(out / "第一单元.yaml"), "--force")
    assert again.exit_code == 0, again.stderr
    assert (out / "第一单元.yaml").read_text("utf-8") == before  # the same ids again


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_existing_output_is_not_replaced_without_force(tmp_path, lang) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("title: 我的题\n", encoding="utf-8")
    result = run_import(str(FIXTURES / "bank-bom.csv"), "-o", str(out), "--lang", lang)
    assert result.exit_code == 1
    assert out.read_text("utf-8") == "title: 我的题\n"
    assert ("--force" in result.stderr and
            ("已经存在" in result.stderr if lang == "zh" else "exists already" in result.stderr))
    forced = run_import(str(FIXTURES / "bank-bom.csv"), "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert load_paths([out]).ok


def media_deck(path) -> None:
    import genanki

    deck = genanki.Deck(2_059_400_111, "长株潭")
    notes = [
        (genanki.BASIC_MODEL, ['附图：<img src="map.png">', "湖南省地图"]),
        (genanki.BASIC_MODEL, ["“长沙”怎么读？", "Changsha [sound:changsha.mp3]"]),
        (genanki.CLOZE_MODEL, ["三市同饮{{c1::一江水}}。", "[sound:river.mp3]"]),
        (genanki.BASIC_MODEL, ["没有图的题", "没有声音"]),
    ]
    for i, (model, fields) in enumerate(notes):
        deck.add_note(genanki.Note(model=model, fields=fields, guid=f"m{i}"))
    genanki.Package(deck).write_to_file(str(path))


def test_images_and_sounds_dropped_from_anki_notes_are_said_per_question(tmp_path) -> None:
    source = tmp_path / "媒体.apkg"
    media_deck(source)
    result, qset = imported(tmp_path, source)
    assert result.exit_code == 0, result.stderr
    picture, sound, cloze, plain = qset.questions
    assert sound.back == "Changsha" and "sound" not in sound.back
    assert cloze.type == "fill" and cloze.explain == ""  # the sound is no explanation
    notes = [line for line in result.stderr.splitlines() if "图片和声音不能导入" in line]
    assert len(notes) == 3
    assert "第 1 条笔记" in notes[0] and notes[0].endswith("map.png")
    assert "第 2 条笔记" in notes[1] and notes[1].endswith("changsha.mp3")
    assert "第 3 条笔记" in notes[2] and notes[2].endswith("river.mp3")
    assert "注意：" in notes[0]


GIFT = """\
::one::长株潭三市同饮哪条江？{湘江}

::one-eq::长株潭三市同饮哪条江？{=湘江#对，是湘江。}

::match::把城市和它的产业连起来。{=长沙 -> 工程机械 =株洲 -> 轨道交通 =湘潭 -> 新能源材料 = -> 电子信息}

::feedback::长株潭一体化是什么题？{=必答题#对，是必答题。 ~附加题#不对，不是附加题。 ~软任务####一体化是必答题。}

::img::[html]看图：<img src="@@PLUGINFILE@@/map.png">长株潭在哪个省？{=湖南 ~湖北}
"""


def test_gift_one_answer_short_answers_distractors_feedback_and_images(tmp_path) -> None:
    source = tmp_path / "moodle.gift"
    source.write_text(GIFT, encoding="utf-8")
    result, qset = imported(tmp_path, source)
    assert result.exit_code == 0, result.stderr
    one, one_eq, match, feedback, img = qset.questions
    assert one.type == one_eq.type == "fill"  # {One} as Moodle reads it: the one right answer
    assert one.blanks[0].answer == one_eq.blanks[0].answer == "湘江"
    assert match.pairs == (("长沙", "工程机械"), ("株洲", "轨道交通"), ("湘潭", "新能源材料"))
    assert match.extra == ("电子信息",)  # Moodle's distractor kept: a right item with no left
    assert set(match.rights) == {"工程机械", "轨道交通", "新能源材料", "电子信息"}
    lines = result.stderr.splitlines()
    assert not any("moodle.gift:5:1" in line for line in lines)
    # each answer's feedback stays with its answer, after the general feedback
    assert feedback.explain.splitlines() == [
        "一体化是必答题。", "选“必答题”：对，是必答题。", "选“附加题”：不对，不是附加题。"]
    assert img.prompt == "看图：长株潭在哪个省？"
    assert any("moodle.gift:9:1" in line and line.endswith("map.png") for line in lines)


@pytest.mark.lang("en")
def test_gift_matching_with_one_pair_and_a_distractor_is_refused_in_words(tmp_path) -> None:
    source = tmp_path / "m.gift"
    source.write_text("Match. {=a -> b = -> c}\n", encoding="utf-8")
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if "m.gift:1:1" in line)
    assert "at least two pairs" in line and "`" not in line


def test_a_gift_round_trip_keeps_the_sets_deck_and_source(tmp_path) -> None:
    from quizapp.core.loader import load_bytes
    from quizapp.export.gift import export_gift

    bank = load_bytes("title: 第一单元\ndeck: 长株潭::第一单元\nsource: 《一座城》第 3 页\n"
                      "questions:\n  - {id: a, type: truefalse, prompt: 三市同饮一江水。, "
                      "answer: 对}\n".encode()).bank
    source = tmp_path / "exported.gift"
    source.write_text(export_gift(bank).text, encoding="utf-8")
    result, qset = imported(tmp_path, source)
    assert result.exit_code == 0, result.stderr
    assert (qset.title, qset.deck, qset.source) == ("第一单元", "长株潭::第一单元",
                                                    "《一座城》第 3 页")


EXTRA = ("title: 连线\nquestions:\n  - id: m\n    type: match\n    prompt: 把城市和产业连起来。\n"
         "    pairs:\n      长沙: 工程机械\n      株洲: 轨道交通\n    extra: [电子信息, 生物医药]\n")


def test_a_matchings_extra_right_items_survive_gift_and_anki_round_trips(tmp_path) -> None:
    from quizapp.core.loader import load_bytes
    from quizapp.export.anki import export_anki
    from quizapp.export.gift import export_gift

    bank = load_bytes(EXTRA.encode()).bank
    original = bank.questions[0]
    gift_file = tmp_path / "m.gift"
    gift_file.write_text(export_gift(bank).text, encoding="utf-8")
    assert "= -> 电子信息 = -> 生物医药" in gift_file.read_text("utf-8")
    export_anki(bank, tmp_path / "m.apkg", now=1_750_000_000)
    for source in (gift_file, tmp_path / "m.apkg"):
        (tmp_path / "out.yaml").unlink(missing_ok=True)
        result, qset = imported(tmp_path, source)
        assert result.exit_code == 0, result.stderr
        again = qset.questions[0]
        assert (again.pairs, again.extra) == (original.pairs, original.extra), source.suffix


def test_a_printed_matching_table_lists_the_extra_right_items(tmp_path) -> None:
    from quizapp.core.loader import load_bytes
    from quizapp.export.paper import answer_text, plan

    bank = load_bytes(EXTRA.encode()).bank
    item = plan(bank.questions, title="t", seed="1").versions[0].items[0]
    assert set(item.shown) == {"工程机械", "轨道交通", "电子信息", "生物医药"}
    letters = answer_text(item)  # "(1) B；(2) D": each left's letter among all four
    assert letters.count("(") == 2
