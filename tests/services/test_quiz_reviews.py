"""A quiz taken in the app moves the flashcard schedule: each answer the recorder stores is
also a review (right -> Good, wrong -> Again) linked to the attempt."""

from __future__ import annotations

from quizapp.core.model import Bank, ChoiceQuestion, QuestionSet, TrueFalseQuestion
from quizapp.core.scheduling import State
from quizapp.core.session import Mode, QuizSpec, build_session
from quizapp.services.quiz_run import QuizRun
from quizapp.services.recorder import Recorder
from quizapp.storage import Store

BANK = Bank.of([
    QuestionSet(key="city", title="一座城", path="content/city.yaml", questions=(
        ChoiceQuestion(id="c1", prompt="“一座城”指的是?", options=("长株潭", "长沙"),
                       answer="长株潭", set_key="city"),
        TrueFalseQuestion(id="t1", prompt="长株潭是一座城。", answer=True, set_key="city"),
        TrueFalseQuestion(id="t2", prompt="湘潭不在长株潭。", answer=False, set_key="city"),
    )),
])


def test_quiz_answers_are_reviews(tmp_path):
    url = f"sqlite:///{tmp_path / 'scores.db'}"
    recorder = Recorder(url)
    recorder.start()
    session = build_session(BANK, QuizSpec(mode=Mode.EXAM, seed=3))
    run = QuizRun.start(session, BANK, recorder, "张三")
    answers = {"c1": "长株潭", "t1": False}  # right, wrong; t2 left unanswered
    while (shown := session.current()) is not None:
        qid = shown.question.id
        if qid not in answers:
            session.skip()
            if session.current().question.id == qid:
                break
            continue
        run.answer(answers[qid])
    run.finish()
    assert recorder.stop(10)
    assert not recorder.failed, recorder.unsaved

    with Store.open(url) as store:
        logs = {r.question_id: r for r in store.cards.review_logs("张三")}
        assert set(logs) == {"c1", "t1"}  # no review for the unanswered question
        assert logs["c1"].rating == 3 and logs["t1"].rating == 1
        assert {r.source for r in logs.values()} == {"quiz"}
        assert {r.attempt_id for r in logs.values()} == {run.attempt.id}
        cards = store.cards.flashcards("张三")
        assert cards["c1"].state == State.Learning and cards["c1"].data["step"] == 1
        assert cards["t1"].data["step"] == 0
