"""The dashboard's figures on a seeded class (tests/teacher_seed.py), on SQLite and
PostgreSQL, against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest
from teacher_seed import CHOICE, CLASS, FILL, MATCH, NOW, RIGHT, WRONG, seed

from quizapp.services.bank import load_bank_cached
from quizapp.services.teacher import MIN_RESPONSES, distractors, load_dashboard


@pytest.fixture(scope="module")
def bank():
    return load_bank_cached([], builtin=True)


@pytest.fixture
def dash(store, bank):
    seed(store)
    return load_dashboard(store.reports, bank, CLASS, now=NOW)


def test_overview_cells_and_who_has_not_started(dash):
    ov = dash.overview
    assert ov.students == ["小明", "小红", "小刚"]
    assert ov.sets == ["01-overview", "02-fences"]
    ming = ov.cells[("小明", "01-overview")]
    assert (ming.best, ming.last, ming.finished) == (75.0, 0.0, 2)
    assert ov.cells[("小红", "02-fences")].best == pytest.approx(60.0)
    assert ("外校", "01-overview") not in ov.cells
    assert ov.not_started == ["小刚"]
    assert sorted(dash.percents) == pytest.approx([0.0, 50.0, 60.0, 75.0])


def test_mastery_per_section(dash):
    by = {s.section: s for s in dash.sections}
    assert by["总览"].mastery == pytest.approx(2.5 / 6)
    assert by["总览"].responses == 6
    assert by["三个藩篱"].mastery == pytest.approx(0.6)
    assert by["三盘棋"].mastery is None and by["三盘棋"].responses == 0
    assert [s.section for s in dash.sections][:3] == ["总览", "三个藩篱", "三个凡是"]


def test_questions_have_text_and_no_flags_below_the_minimum(dash):
    rows = {q.question_id: q for q in dash.questions}
    choice = rows[CHOICE]
    assert choice.responses == 3 < MIN_RESPONSES
    assert choice.facility == pytest.approx(1 / 3)
    assert choice.flags == () and not choice.enough
    assert choice.type == "choice" and choice.text.startswith("文章开篇说到的那次市委书记联席会议")
    assert rows[MATCH].facility == pytest.approx(0.6)


def test_distractors_per_type(store, bank):
    seed(store)
    choice = distractors(bank[CHOICE], store.reports.dash_answers(CHOICE, CLASS))
    shares = {c.label: (c.count, c.correct) for c in choice}
    assert shares[RIGHT] == (1, True)
    assert shares[WRONG] == (2, False)
    assert sum(c.count for c in choice if c.kind == "option") == 3
    fill = distractors(bank[FILL], store.reports.dash_answers(FILL, CLASS))
    assert [(c.kind, c.label, c.count, c.part) for c in fill] == [
        ("blank", "错", 1, 1), ("none", "", 1, 0)]
    match = distractors(bank[MATCH], store.reports.dash_answers(MATCH, CLASS))
    assert sorted(c.label for c in match) == ["民生 → 共治", "环境 → 互惠"]
    everyone = distractors(bank[CHOICE], store.reports.dash_answers(CHOICE))
    assert {c.label: c.count for c in everyone}[RIGHT] == 2


def test_memory_from_the_fsrs_state(dash):
    from fsrs.scheduler import DEFAULT_PARAMETERS

    decay = -DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / decay) - 1

    def recall(days, stability):
        return (1 + factor * days / stability) ** decay

    mem = {m.section: m for m in dash.memory.sections}
    assert mem["总览"].now == pytest.approx(1.0)
    assert mem["总览"].week == pytest.approx(0.9)  # stability 7 days: 90 % after 7 days
    assert mem["三个藩篱"].now == pytest.approx(0.9)
    assert mem["三个藩篱"].week == pytest.approx(recall(17, 10.0))
    assert math.isclose(recall(10, 10.0), 0.9)
    assert dash.memory.overdue == 1 and dash.memory.cards == 2
    assert [name for name, _ in dash.memory.idle] == ["小刚", "小红"]
    assert dict(dash.memory.idle)["小刚"] is None


def test_without_a_class_everyone_counts(store, bank):
    seed(store)
    dash = load_dashboard(store.reports, bank, None, now=NOW)
    assert "外校" in dash.overview.students
    assert {s.section: s.mastery for s in dash.sections}["总览"] == pytest.approx(4.5 / 8)
