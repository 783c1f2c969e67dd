"""Anki export of a generated 10,000-question bank, beside a bare genanki write.

``ours``: ``export_anki`` on a bank mixing every question type (rendering with escaping,
tags, stable ids, the manifest, the deterministic zip), starting without a manifest
(every note new). ``baseline``: genanki alone writing the same number of plain
two-field notes with ``Package.write_to_file``. The two are timed in turn, ``ROUNDS``
rounds; the ratio is the median of the rounds' ratios (``cpu_ratio``: the same for the CPU
time, which other processes on a shared machine do not inflate). Goal: at most 1.3x.

``anki_export_10k_public_api``: the same bank rendered as ``ours`` does, then written
through genanki's public API alone (``Note``, ``Deck``, ``Package.write_to_file``) instead
of the exporter's own collection writer, beside the same bare genanki write. That route
cannot keep a note's manifest time, stable note ids or identical bytes; the figure shows
what it would cost in time besides. The app never takes that route, so the figure only
informs: it carries no goal (``"goal": null``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.run import median_time, paired_ratio  # noqa: E402
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
ROUNDS = 9


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one ``fn()``."""
    wall, used = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - used


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


def bare_genanki(path: Path) -> None:
    """The baseline: genanki alone writing N plain two-field notes."""
    import genanki

    model = genanki.Model(1_234_567_890, "bench basic",
                          fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card", "qfmt": "{{Front}}",
                                      "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    deck = genanki.Deck(2_059_400_110, "bench")
    for i in range(N):
        deck.add_note(genanki.Note(model=model, fields=[f"第{i}题正面", "背面"]))
    genanki.Package(deck).write_to_file(str(path))


def write_with_public_api(bank: Bank, path: Path, now: int) -> None:
    """``bank`` rendered by the exporter, written by genanki's public API only."""
    import genanki

    from quizapp.export.anki import Manifest, build_package

    built = build_package(bank, Manifest(), now)
    models = {m.model_id: m for d in built.package.decks for m in d.models.values()}
    decks = {d.deck_id: genanki.Deck(d.deck_id, d.name) for d in built.package.decks}
    deck_of = {card[1]: card[2] for card in built.cards}
    for note_id, guid, model_id, _mod, _usn, tags, flds, *_ in built.notes:
        decks[deck_of[note_id]].add_note(genanki.Note(
            model=models[model_id], fields=flds.split("\x1f"), guid=guid, tags=tags.split()))
    genanki.Package(list(decks.values())).write_to_file(str(path), timestamp=now)


def anki_export_10k_public_api() -> dict:
    bank = make_bank()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)

        def public_api() -> None:
            write_with_public_api(bank, tmp_path / "public.apkg", 1_750_000_000)

        def baseline() -> None:
            bare_genanki(tmp_path / "base.apkg")

        for fn in (public_api, baseline):
            fn()  # warm-up
        times: dict = {public_api: [], baseline: []}
        for _ in range(5):
            for fn in times:
                times[fn].append(median_time(fn, runs=1, warmup=0))
        ours_s, base_s = (statistics.median(times[f]) for f in (public_api, baseline))
    return {"ours_s": ours_s, "baseline": f"bare genanki write of {N} plain notes",
            "baseline_s": base_s, "goal": None, "questions": N,
            "note": "informs only (the app does not take this route): no per-note times, "
                    "stable ids or identical bytes"}


def anki_export_10k() -> dict:
    from quizapp.export.anki import export_anki

    bank = make_bank()

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
            bare_genanki(tmp_path / "base.apkg")

        # Interleave the runs so both sides see the same machine load; the ratio is the
        # median of the rounds' ratios (wall time; and CPU time, which other processes on
        # a shared machine do not inflate).
        for fn in (ours, ours_again, baseline):
            fn()  # warm-up
        times: dict = {ours: [], ours_again: [], baseline: []}
        cpu: dict = {ours: [], baseline: []}
        for _ in range(ROUNDS):
            for fn in times:
                wall, used = timed(fn)
                times[fn].append(wall)
                if fn in cpu:
                    cpu[fn].append(used)
        ours_s, again_s, base_s = (statistics.median(times[f]) for f in (ours, ours_again, baseline))
    return {"ours_s": ours_s, "baseline": f"bare genanki write of {N} plain notes",
            "baseline_s": base_s, "goal": 1.3, "questions": N,
            "ratio": paired_ratio(times[ours], times[baseline]), "rounds": ROUNDS,
            "cpu_ratio": round(paired_ratio(cpu[ours], cpu[baseline]), 3),
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


FIGURES = {"anki_export_10k": anki_export_10k,
           "anki_export_10k_public_api": anki_export_10k_public_api,
           "anki_export_5000_sets": anki_export_5000_sets}


if __name__ == "__main__":
    import json

    print(json.dumps(anki_export_10k(), ensure_ascii=False))
