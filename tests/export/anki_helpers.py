"""Shared helpers for the Anki export tests: a small bank of every type and a real import."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from quizapp.core.model import (
    Bank,
    Blank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    QuestionSet,
    TrueFalseQuestion,
)


def sample_questions(set_key: str = "basics", tags: tuple[str, ...] = ("一座城",)) -> tuple:
    t = tags
    return (
        ChoiceQuestion(id="q-choice", prompt="长株潭三市同饮哪条江的水?", options=("湘江", "资江", "沅江"),
                       answer="湘江", explain="湘江贯穿三市。", quote="同饮一江水", tags=(*t, "地理 水系"),
                       set_key=set_key),
        MultiQuestion(id="q-multi", prompt="哪些是长株潭的城市?", options=("长沙", "株洲", "湘潭", "岳阳"),
                      answers=frozenset({"长沙", "株洲", "湘潭"}), tags=t, set_key=set_key),
        TrueFalseQuestion(id="q-tf", prompt="株洲是省会。", answer=False, explain="省会是长沙。", tags=t,
                          set_key=set_key),
        FillQuestion(id="q-fill", prompt="三市同饮{{c1::一江水}},共建{{c2::一座城::三个字}}。",
                     blanks=(Blank(1, "一江水", "", ("湘江水",)), Blank(2, "一座城", "三个字")),
                     explain="开篇。", quote="共建“一座城”", tags=t, set_key=set_key),
        MatchQuestion(id="q-match", prompt="城市与别称配对", pairs=(("长沙", "星城"), ("株洲", "火车拖来的城市")),
                      tags=t, set_key=set_key),
        OrderQuestion(id="q-order", prompt="按文章顺序排列", items=("破冰", "破题", "破局"), tags=t,
                      set_key=set_key),
        CardQuestion(id="q-card", prompt="一座城是什么?", front="一座城是什么?", back="长株潭一体化的目标。",
                     tags=t, set_key=set_key),
    )


def make_bank(questions, key: str = "basics", deck: str = "一座城::基础", tags=("一座城",)) -> Bank:
    return Bank((QuestionSet(key=key, title="基础", path=f"{key}.yaml", questions=tuple(questions),
                             deck=deck, tags=tags),))


def fresh_collection(path: Path):
    from anki.collection import Collection

    return Collection(str(path))


def import_apkg(col, apkg: Path):
    """Import with Anki's default options; return the import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def visible(html_text: str) -> str:
    """What a reader sees: the card HTML without the style block and tags, entities decoded."""
    body = re.sub(r"<style>.*?</style>", "", html_text, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def cards_by_question(col) -> dict[str, list]:
    """question id -> that note's cards, via the note GUIDs."""
    from quizapp.export.anki import note_guid

    out: dict[str, list] = {}
    guids = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        guids[note.guid] = nid
    for qid in ("q-choice", "q-multi", "q-tf", "q-fill", "q-match", "q-order", "q-card"):
        nid = guids.get(note_guid(qid))
        if nid is not None:
            out[qid] = [col.get_card(cid) for cid in col.card_ids_of_note(nid)]
    return out
