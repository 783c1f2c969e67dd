"""Properties of the engine that must hold for any question, response and seed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.grading import correct_response, grade
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
from quizapp.core.normalize import normalize
from quizapp.core.session import EmptyQuizError, Mode, QuizSpec, build_session

ALPHABET = st.sampled_from(list("abcXYZ019 长株潭一座城，。、“”「」\"'!?.（）ＡＢ１２　-_"))
text = st.text(ALPHABET, min_size=1, max_size=6).filter(lambda s: s.strip())
safe_text = st.text(st.sampled_from(list("abc长株潭城一 ，。“”")), min_size=1, max_size=5).filter(
    lambda s: s.strip()
)
points = st.integers(min_value=1, max_value=10)
distinct = st.lists(text, min_size=2, max_size=8, unique=True)


@st.composite
def choice_q(draw):
    options = draw(distinct)
    return ChoiceQuestion(id="q", prompt="p", options=tuple(options),
                          answer=draw(st.sampled_from(options)), shuffle=draw(st.booleans()),
                          points=draw(points), set_key="s")


@st.composite
def multi_q(draw):
    options = draw(distinct)
    answers = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
    return MultiQuestion(id="q", prompt="p", options=tuple(options), answers=frozenset(answers),
                         shuffle=draw(st.booleans()), points=draw(points), set_key="s")


@st.composite
def fill_q(draw):
    n = draw(st.integers(1, 3))
    blanks = tuple(
        Blank(i, draw(safe_text), draw(st.sampled_from(["", "提示"])),
              tuple(draw(st.lists(safe_text, max_size=2))))
        for i in range(1, n + 1)
    )
    parts = []
    for b in blanks:
        cloze = f"{{{{c{b.number}::{b.answer}::{b.hint}}}}}" if b.hint else f"{{{{c{b.number}::{b.answer}}}}}"
        parts.append(f"文{cloze}")
    parts.append(f"又{{{{c1::{blanks[0].answer}}}}}")  # the same number twice is one blank
    return FillQuestion(id="q", prompt="".join(parts), blanks=blanks, points=draw(points),
                        set_key="s")


@st.composite
def match_q(draw):
    lefts = draw(distinct)
    rights = draw(st.lists(text, min_size=len(lefts), max_size=len(lefts)))
    return MatchQuestion(id="q", prompt="p", pairs=tuple(zip(lefts, rights, strict=True)),
                         points=draw(points), set_key="s")


@st.composite
def order_q(draw):
    items = draw(st.lists(text, min_size=2, max_size=6))
    return OrderQuestion(id="q", prompt="p", items=tuple(items), points=draw(points), set_key="s")


tf_q = st.builds(TrueFalseQuestion, id=st.just("q"), prompt=st.just("p"), answer=st.booleans(),
                 points=points, set_key=st.just("s"))
card_q = st.builds(CardQuestion, id=st.just("q"), prompt=st.just("f"), front=st.just("f"),
                   back=st.just("b"), points=points, set_key=st.just("s"))
questions = st.one_of(choice_q(), multi_q(), fill_q(), match_q(), order_q(), tf_q, card_q)
seeds = st.integers(min_value=0, max_value=2**31 - 1)


def response_for(draw, q, shown=None):
    """Any well-formed response to ``q``, built from what is displayed and random text."""
    options = shown.options if shown else getattr(q, "options", ())
    match q:
        case ChoiceQuestion():
            return draw(st.none() | st.sampled_from(options) | text)
        case MultiQuestion():
            return frozenset(draw(st.lists(st.sampled_from(options) | text, max_size=10)))
        case TrueFalseQuestion() | CardQuestion():
            return draw(st.none() | st.booleans())
        case FillQuestion():
            accepted = [a for b in q.blanks for a in b.accepted] + [b.hint for b in q.blanks]
            pool = st.sampled_from(accepted) | text | st.just("")
            return tuple(draw(st.lists(pool, max_size=len(q.blanks) + 1)))
        case MatchQuestion():
            rights = shown.rights if shown else q.rights
            return draw(st.dictionaries(st.sampled_from(q.lefts), st.sampled_from(rights) | text))
        case OrderQuestion():
            items = shown.items if shown else q.items
            return tuple(draw(st.permutations(items) | st.lists(st.sampled_from(items) | text)))
    raise AssertionError(q)


def one_question_bank(q):
    return Bank.of([QuestionSet("s", "S", "s.yaml", (q,))])


@given(questions, st.data())
def test_score_is_between_zero_and_points(q, data):
    g = grade(q, response_for(data.draw, q))
    assert 0 <= g.score <= q.points and g.max_score == q.points
    assert g.correct == (g.score == q.points)


@given(questions, seeds, seeds, st.data())
def test_shuffling_never_changes_what_counts_as_correct(q, seed_a, seed_b, data):
    a = build_session(one_question_bank(q), QuizSpec(seed=seed_a)).current()
    b = build_session(one_question_bank(q), QuizSpec(seed=seed_b)).current()
    # what is shown is a rearrangement of the question, never a different question
    for shown in (a, b):
        assert shown.question is q
        assert sorted(shown.options) == sorted(getattr(q, "options", ()))
        if isinstance(q, MatchQuestion):
            assert sorted(shown.rights) == sorted(q.rights)
        if isinstance(q, OrderQuestion):
            assert sorted(shown.items) == sorted(q.items)
            if len(set(q.items)) > 1:
                assert shown.items != q.items
                assert not grade(q, shown.items).correct
    # a response built from one display grades the same through either session
    response = response_for(data.draw, q, a)
    sa = build_session(one_question_bank(q), QuizSpec(seed=seed_a))
    sb = build_session(one_question_bank(q), QuizSpec(seed=seed_b))
    expected = grade(q, response)
    if q.type == "card":  # a self-rated card is kept right or wrong, never scored
        expected = type(expected)(0.0, 0, expected.correct)
    assert sa.answer(response).grade == sb.answer(response).grade == expected
    # and the correct answer always earns full marks
    sc = build_session(one_question_bank(q), QuizSpec(seed=seed_b))
    assert sc.answer(correct_response(q)).grade.correct


@st.composite
def banks(draw):
    qs = draw(st.lists(questions, min_size=1, max_size=8))
    sets = {}
    for n, q in enumerate(qs):
        key = draw(st.sampled_from(["a", "b"]))
        tags = tuple(draw(st.lists(st.sampled_from(["t1", "t2"]), max_size=2, unique=True)))
        clone = type(q)(**{f: getattr(q, f) for f in q.__dataclass_fields__ if f != "type"}
                        | {"id": f"q{n}", "set_key": key, "tags": tags})
        sets.setdefault(key, []).append(clone)
    return Bank.of([QuestionSet(k, k.upper(), f"{k}.yaml", tuple(v)) for k, v in sets.items()])


def walk(session):
    seen = []
    while (shown := session.current()) is not None:
        seen.append(shown)
        session.answer(None)
    return seen


@settings(max_examples=60)
@given(banks(), seeds, st.none() | st.integers(1, 10), st.sampled_from(list(Mode)),
       st.sampled_from([(), ("t1",), ("t2",)]))
def test_same_seed_gives_the_same_quiz(bank, seed, count, mode, tags):
    ids = tuple(q.id for q in bank.questions) if mode is Mode.REVIEW else ()
    spec = QuizSpec(seed=seed, count=count, mode=mode, ids=ids, tags=tags)
    if not any((set(tags) & set(q.tags) or not tags)
               and not (mode is Mode.EXAM and q.type == "card") for q in bank.questions):
        with pytest.raises(EmptyQuizError):
            build_session(bank, spec)
        return
    first, second = build_session(bank, spec), build_session(bank, spec)
    assert first.question_ids == second.question_ids
    assert walk(first) == walk(second)
    rebuilt = build_session(bank, QuizSpec.from_dict(spec.to_dict()))
    assert rebuilt.question_ids == first.question_ids


@given(st.text())
def test_normalize_is_idempotent(s):
    once = normalize(s)
    assert normalize(once) == once


@given(st.text(ALPHABET))
def test_normalize_is_idempotent_on_cjk_and_punctuation(s):
    once = normalize(s)
    assert normalize(once) == once
    assert bool(once) == bool(s.strip())
