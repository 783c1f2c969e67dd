"""Anki export of a generated 10,000-question bank, beside a bare genanki write.

``ours``: ``export_anki`` on a bank mixing every question type (rendering with escaping,
tags, stable ids, the manifest, the deterministic zip), starting without a manifest
(every note new). ``baseline``: genanki alone writing the same number of plain
two-field notes with ``Package.write_to_file``. Goal: at most 1.3x.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.run import median_time  # noqa: E402
from quizapp.core.model import (  # noqa: E402
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

N = 10_000
PER_SET = 500


def make_question(i: int, key: str):
    common = {"id": f"q{i:05d}", "explain": f"第{i}题的解析:长株潭三市同饮一江水。",
              "quote": "共建“一座城”,奋进“十五五”", "tags": ("一座城", f"组 {i % 7}"),
              "set_key": key}
    kind = i % 7
    if kind == 0:
        return ChoiceQuestion(prompt=f"第{i}题:下列哪一项正确?", options=("甲", "乙", "丙", "丁"),
                              answer="乙", **common)
    if kind == 1:
        return MultiQuestion(prompt=f"第{i}题:选出全部正确项", options=("甲", "乙", "丙", "丁"),
                             answers=frozenset({"甲", "丙"}), **common)
    if kind == 2:
        return TrueFalseQuestion(prompt=f"第{i}题:长沙是省会。", answer=True, **common)
    if kind == 3:
        return FillQuestion(prompt=f"第{i}题:三市同饮{{{{c1::一江水}}}}。",
                            blanks=(Blank(1, "一江水", "", ("湘江水",)),), **common)
    if kind == 4:
        return MatchQuestion(prompt=f"第{i}题:配对", pairs=(("长沙", "星城"), ("株洲", "动力谷")),
                             **common)
    if kind == 5:
        return OrderQuestion(prompt=f"第{i}题:排序", items=("破冰", "破题", "破局"), **common)
    return CardQuestion(prompt=f"第{i}题正面", front=f"第{i}题正面", back="背面", **common)


def make_bank(n: int = N) -> Bank:
    sets = []
    for start in range(0, n, PER_SET):
        key = f"set-{start // PER_SET:02d}"
        qs = tuple(make_question(i, key) for i in range(start, min(n, start + PER_SET)))
        sets.append(QuestionSet(key=key, title=key, path=f"{key}.yaml", questions=qs,
                                deck=f"基准::{key}", tags=("一座城",)))
    return Bank(tuple(sets))


def anki_export_10k() -> dict:
    import genanki

    from quizapp.export.anki import export_anki

    bank = make_bank()
    model = genanki.Model(1_234_567_890, "bench basic",
                          fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card", "qfmt": "{{Front}}",
                                      "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)

        def ours() -> None:
            out = tmp_path / "ours.apkg"
            manifest = tmp_path / "ours.manifest.json"
            manifest.unlink(missing_ok=True)  # a first export: every note new
            export_anki(bank, out, manifest, now=1_750_000_000)

        def ours_again() -> None:  # unchanged content, manifest kept
            export_anki(bank, tmp_path / "again.apkg", now=1_750_000_000)

        def baseline() -> None:
            deck = genanki.Deck(2_059_400_110, "bench")
            for i in range(N):
                deck.add_note(genanki.Note(model=model, fields=[f"第{i}题正面", "背面"]))
            genanki.Package(deck).write_to_file(str(tmp_path / "base.apkg"))

        # Interleave the runs so both sides see the same machine load.
        for fn in (ours, ours_again, baseline):
            fn()  # warm-up
        times: dict = {ours: [], ours_again: [], baseline: []}
        for _ in range(7):
            for fn in times:
                times[fn].append(median_time(fn, runs=1, warmup=0))
        ours_s, again_s, base_s = (statistics.median(times[f]) for f in (ours, ours_again, baseline))
    return {"ours_s": ours_s, "baseline": f"bare genanki write of {N} plain notes",
            "baseline_s": base_s, "goal": 1.3, "questions": N,
            "reexport_unchanged_s": round(again_s, 6)}


def anki_export_5000_sets() -> dict:
    """5,000 one-question sets, each its own deck, beside the same 5,000 questions in one
    set: the deck list is written once, so 5,000 decks cost at most twice as much (each
    deck is a JSON entry of its own in the collection).
    (genanki's own per-deck write was quadratic: this did not finish in two minutes.)"""
    from quizapp.export.anki import export_anki

    n = 5_000
    many = Bank(tuple(
        QuestionSet(key=f"s{i:04d}", title=f"组{i}", path=f"s{i:04d}.yaml", deck=f"基准::组{i}",
                    questions=(make_question(i, f"s{i:04d}"),))
        for i in range(n)))
    one = make_bank(n)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)

        def ours() -> None:
            (tmp_path / "many.manifest.json").unlink(missing_ok=True)
            export_anki(many, tmp_path / "many.apkg", now=1_750_000_000)

        def baseline() -> None:
            (tmp_path / "one.manifest.json").unlink(missing_ok=True)
            export_anki(one, tmp_path / "one.apkg", now=1_750_000_000)

        ours_s = median_time(ours, runs=3)
        base_s = median_time(baseline, runs=3)
    return {"ours_s": ours_s, "baseline": f"the same {n} questions in {len(one.sets)} decks",
            "baseline_s": base_s, "goal": 2.0, "decks": n}


FIGURES = {"anki_export_10k": anki_export_10k, "anki_export_5000_sets": anki_export_5000_sets}


if __name__ == "__main__":
    import json

    print(json.dumps(anki_export_10k(), ensure_ascii=False))
