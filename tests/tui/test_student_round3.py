"""The student's screens: a name that stays put (the focus goes back where it was, never
into the name field with its text selected; the quiz and the results say whose quiz it is),
help that scrolls, counts that agree, unfinished exams, the new-card allowance."""

from __future__ import annotations

import re

import pytest
from clocks import MonotonicClock
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable, Input, Label
from tui_helpers import (
    BANK,
    answer,
    help_rows,
    leave_quiz,
    make_app,
    open_store,
    quiz_app,
    session_for,
    settle,
    until,
    wait_for_screen,
)

from quizapp.core.model import Bank, CardQuestion, MultiQuestion, QuestionSet
from quizapp.i18n import STRINGS
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.history import HistoryScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.results import ResultsScreen

SIZES = [(80, 24), (50, 16)]
LANGS = ["zh", "en"]


async def answer_and_go_on(pilot) -> None:
    """Answer the question on screen and go on past its feedback (a card has none)."""
    app = pilot.app
    quiz = app.screen
    before = quiz.run.session.answered
    await answer(pilot)
    if quiz.run.session.answered == before:
        await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, FeedbackScreen | ResultsScreen)
                or quiz.run.session.answered > before)
    if isinstance(app.screen, FeedbackScreen):
        await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_a_key_pressed_after_coming_back_to_home_never_renames_the_student(
        db_url, tmp_path, size, lang):
    """Ann, a 2-question practice, one answer, left; ``c``, resumed, finished; Esc to Home,
    ``h``, Esc: the focus is back on the sets, and ``s``, ``c`` or ``m`` do what the footer
    says, never type into the name."""
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang, student="",
                   settings_file=tmp_path / "settings.toml")
    async with app.run_test(size=size) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        field = home.query_one("#home-student", Input)
        assert app.focused is field
        await pilot.press(*"Ann", "enter")
        await pilot.pause()
        home.query_one("#home-count", Input).value = "2"
        assert app.focused is home.query_one("#home-sets")
        await pilot.press("s")
        await wait_for_screen(pilot, QuizScreen)
        await settle(pilot)
        await answer_and_go_on(pilot)
        await wait_for_screen(pilot, QuizScreen)
        await leave_quiz(pilot)
        await pilot.press("c", "enter")
        await wait_for_screen(pilot, QuizScreen)
        await settle(pilot)
        await answer_and_go_on(pilot)
        await wait_for_screen(pilot, ResultsScreen)
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        assert app.focused is not field
        assert isinstance(app.focused, DataTable)
        assert app.focused.id == "home-sets"
        await pilot.press("m")
        await pilot.pause()
        assert field.value == "Ann" and app.student == "Ann"
        # focused by key, the field keeps its text unselected: a letter adds, not replaces
        await pilot.press("n")
        await until(pilot, lambda: app.focused is field)
        await pilot.press("x")
        assert field.value in ("Annx", "xAnn")
        assert not field.selection or field.selection.start == field.selection.end


def screen_line(app, y: int) -> str:
    return app.screen._compositor.render_strips()[y].text


def title_of(screen) -> str:
    return str(screen.query_one("#status-left", Label).render())


def footer_line(app) -> str:
    return screen_line(app, app.size.height - 1)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_the_quiz_and_its_results_say_whose_quiz_it_is(db_url, size, lang):
    app = quiz_app(db_url, lang=lang, student="Ann", types=("truefalse",))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert screen_line(app, 0).lstrip().startswith("Ann · ")
        await answer(pilot)
        await pilot.press("enter")
        await wait_for_screen(pilot, FeedbackScreen)
        assert screen_line(app, 0).lstrip().startswith("Ann · ")
        await pilot.press("enter")
        await wait_for_screen(pilot, ResultsScreen)
        await settle(pilot)
        assert screen_line(app, 0).lstrip().startswith("Ann · ")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_choice_keys_name_as_many_digits_as_there_are_options(db_url, lang):
    app = quiz_app(db_url, lang=lang, types=("choice",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "1-4" in footer_line(app))
        assert "1-8" not in footer_line(app)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        keys = " ".join(keys for keys, _ in help_rows(app.screen))
        assert "1-4" in keys and "1-8" not in keys, keys


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_an_unfinished_quiz_opened_from_history_says_it_is_unfinished(
        db_url, size, lang):
    with open_store(db_url) as store:
        spec = {"sets": ["01-city"], "seed": 7}
        attempt = store.attempts.start_attempt("张三", "practice", ["01-city"], spec, 7, 4)
        store.attempts.record_response(attempt, "city-must", "h", True, 1, 1, True, 4.0)
    words = STRINGS[lang]
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        await pilot.press("enter")
        results = await wait_for_screen(pilot, ResultsScreen)
        await settle(pilot)
        top = title_of(results)
        assert top.startswith("张三 · ")
        assert words["results.title_unfinished"] in top and words["results.title"] not in top
        score = str(results.query_one("#results-score", Label).render())
        assert score == words["results.score_unfinished"].format(answered=1, total=4)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_mistake_review_from_one_quizs_results_is_labelled_with_its_set(
        db_url, lang):
    app = quiz_app(db_url, lang=lang, sets=("01-city",), types=("truefalse",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer(pilot, right=False)
        await pilot.press("enter")
        await wait_for_screen(pilot, FeedbackScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, ResultsScreen)
        await pilot.press("r")
        quiz = await wait_for_screen(pilot, QuizScreen)
        await settle(pilot)
        assert quiz.run.title == "一座城"
        assert "一座城" in screen_line(app, 0)
    with open_store(db_url) as store:
        reviews = [a for a in store.attempts.history("张三") if a.mode == "review"]
        assert [a.set_keys for a in reviews] == [("01-city",)]


async def test_the_english_results_count_self_rated_cards_in_good_english(db_url):
    app = quiz_app(db_url, lang="en", types=("card",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer_and_go_on(pilot)
        results = await wait_for_screen(pilot, ResultsScreen)
        await settle(pilot)
        text = str(results.query_one("#results-unscored", Label).render())
        assert text == "· 1 self-rated flashcard question: shown, not scored."
        detail = results.query_one("#results-detail-text").text
        assert "Your answer: Remembered" in detail, detail


# -- help that scrolls ---------------------------------------------------------------------

@pytest.mark.parametrize("where", ["home", "quiz"])
@pytest.mark.parametrize("lang", LANGS)
async def test_at_50x16_the_help_fits_and_its_keys_scroll_it(db_url, where, lang):
    clock = MonotonicClock()
    session = session_for(BANK, clock, types=("order",)) if where == "quiz" else None
    app = make_app(BANK, db_url, clock, lang=lang, session=session)
    async with app.run_test(size=(50, 16)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        box = help_screen.query_one("#help-box")
        scroll = help_screen.query_one("#help-scroll")
        close = help_screen.query_one("#help-close")
        await until(pilot, lambda: scroll.max_scroll_y > 0)  # more keys than fit
        assert box.region.bottom <= 16 and close.region.bottom <= box.region.bottom
        assert close.region.height == 1  # the closing line in view, saying how to scroll
        await until(pilot, lambda: str(close.render()) == STRINGS[lang]["help.close_scroll"])
        await pilot.press("down")
        await until(pilot, lambda: scroll.scroll_y == 1)
        await pilot.press("pagedown")
        await until(pilot, lambda: scroll.scroll_y > 1)
        await pilot.press("end")
        await until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y)
        last = help_screen.query_one("#help-table", DataTable)
        assert last.region.bottom <= scroll.region.bottom  # the last row in view
        await pilot.press("home")
        await until(pilot, lambda: scroll.scroll_y == 0)


# -- order feedback at 50 columns -----------------------------------------------------------

def order_questions():
    from quizapp.core.loader import load_bank

    return [q for q in load_bank().questions if q.type == "order"]


@pytest.mark.parametrize("lang", LANGS)
def test_order_feedback_keeps_its_numbers_and_brackets_by_the_rules(lang):
    """Every built-in order question answered backwards, its parts broken at the widths of
    a 50- and an 80-column feedback screen: no line starts with closing or ends with
    opening punctuation, and ``第 1 位`` is never split."""
    from quizapp.core.linebreak import NO_END, NO_START
    from quizapp.i18n import set_language
    from quizapp.tui.display import part_lines
    from quizapp.tui.widgets.prose import WrappedText

    set_language(lang)
    questions = order_questions()
    assert questions
    wrapped = 0
    for q in questions:
        marks = part_lines(q, list(reversed(q.items)))
        text = WrappedText(Text("\n").join(marks), indent=2)
        for width in (40, 44, 46, 76):
            lines = [line.plain for line in text.lines(width)]
            wrapped += len(lines) > len(marks)
            for line in lines:
                assert cell_len(line) <= width, line
                body = line.strip()
                assert body[:1] not in NO_START and body[-1:] not in NO_END, lines
                assert not re.search(r"第( \d*)?$", body), lines
                assert not re.match(r"(\d+ )?位", body), lines
            assert "".join(lines).replace(" ", "") == text.text.plain.replace(
                "\n", "").replace(" ", "")
    assert wrapped  # some parts are long enough to wrap


@pytest.mark.parametrize("lang", LANGS)
async def test_order_feedback_on_a_50_column_screen_follows_the_rules(db_url, lang):
    from quizapp.core.linebreak import NO_END, NO_START
    from quizapp.core.loader import load_bank

    bank = load_bank()
    longest = max(order_questions(), key=lambda q: sum(cell_len(i) for i in q.items))
    app = quiz_app(db_url, bank=bank, lang=lang, ids=(longest.id,))
    async with app.run_test(size=(50, 16)) as pilot:
        await settle(pilot)
        app.screen.submit(list(reversed(longest.items)))
        feedback = await wait_for_screen(pilot, FeedbackScreen)
        parts = feedback.query_one("#feedback-parts")
        parts.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        region = parts.content_region
        strips = app.screen._compositor.render_strips()
        lines = [strips[y].crop(region.x, region.right).text.rstrip()
                 for y in range(max(0, region.y), min(region.bottom, 15))]
        assert len(lines) > len(longest.items)  # wrapped here
        for line in lines:
            body = line.strip()
            assert body[:1] not in NO_START and body[-1:] not in NO_END, lines
            assert not re.search(r"第( \d*)?$", body), lines


TWINS = QuestionSet(key="twins", title="twins", path="twins.yaml", questions=(
    MultiQuestion(
        id="fences-five", prompt="把长株潭作为一座特大城市一体打造，文章说要更好实现哪五个方面？",
        options=("设施联通", "平台共建", "产业协同", "税收共享"),
        answers=frozenset({"设施联通", "平台共建", "产业协同"}), set_key="twins"),
    CardQuestion(
        id="fences-five-card", prompt="把长株潭作为一座特大城市一体打造，要更好实现哪五个方面？",
        front="把长株潭作为一座特大城市一体打造，要更好实现哪五个方面？",
        back="设施联通、平台共建、产业协同、环境共治、民生互惠。", set_key="twins"),
))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_a_question_and_its_card_twin_read_differently_in_the_results(
        db_url, size, lang):
    bank = Bank.of([TWINS])
    app = quiz_app(db_url, bank=bank, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        while not isinstance(app.screen, ResultsScreen):
            await answer_and_go_on(pilot)
            await until(pilot, lambda: isinstance(app.screen, QuizScreen | ResultsScreen))
        results = await wait_for_screen(pilot, ResultsScreen)
        table = results.query_one("#results-table", DataTable)
        cells = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert len(cells) == 2 and cells[0] != cells[1], cells
        assert any(STRINGS[lang]["quiz.type.card"] in cell for cell in cells), cells


# -- counts that agree ------------------------------------------------------------------------

def status_right(screen) -> str:
    return str(screen.query_one("#status-right", Label).render())


def due_card(db_url, question_id: str, days_ago: int = 30) -> None:
    """A card for 张三 reviewed long ago: due now."""
    from datetime import UTC, datetime, timedelta

    from fsrs import Card, Rating, Scheduler

    when = datetime.now(UTC) - timedelta(days=days_ago)
    card, log = Scheduler(enable_fuzzing=False).review_card(Card(), Rating.Good,
                                                           review_datetime=when)
    with open_store(db_url) as store:
        store.cards.save_review("张三", question_id, card.to_dict(), log.to_dict())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_homes_cards_due_count_the_ticked_sets_as_the_card_screen_does(
        db_url, size, lang):
    from quizapp.tui.screens.flashcards import FlashcardScreen

    due_card(db_url, "city-river")  # in 01-city, the first set
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=size) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        words = STRINGS[lang]
        every = words["home.cards_due"].format(due=1, new=6)
        await until(pilot, lambda: status_right(home) != "")
        assert status_right(home) == every
        await pilot.press("space")  # 01-city unticked: only 02-chess
        await settle(pilot)
        chess = words["home.cards_due"].format(due=0, new=3)
        await until(pilot, lambda: status_right(home) == chess)
        await pilot.press("m", "m", "m")  # the flashcards
        await pilot.pause()
        await pilot.press("s")
        cards = await wait_for_screen(pilot, FlashcardScreen)
        await settle(pilot)
        await until(pilot, lambda: status_right(cards) == chess)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("a", "a")  # all ticked, then none: no figure
        await settle(pilot)
        await until(pilot, lambda: status_right(home) == "")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_practice_never_uses_up_the_days_new_cards(db_url, lang):
    """Three questions answered right in a practice, with a limit of two new cards a day:
    the card screen still offers two new cards (the practised ones are scheduled, not
    new), and Home says the same."""
    from quizapp.tui.screens.flashcards import FlashcardScreen

    with open_store(db_url) as store:
        store.students.student("张三")
        store.cards.set_new_cards_per_day("张三", 2)
    clock = MonotonicClock()
    session = session_for(BANK, clock, types=("choice", "truefalse", "multi"))
    app = make_app(BANK, db_url, clock, lang=lang, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while not isinstance(app.screen, ResultsScreen):
            await answer_and_go_on(pilot)
            await until(pilot, lambda: isinstance(app.screen, QuizScreen | ResultsScreen))
        await settle(pilot)
        with open_store(db_url) as store:
            assert len(store.cards.review_logs("张三")) == 3  # each answer counted as a review
        await pilot.press("escape")
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        two_new = STRINGS[lang]["home.cards_due"].format(due=0, new=2)
        await until(pilot, lambda: status_right(home) == two_new)
        await pilot.press("m", "m", "m")
        await pilot.pause()
        await pilot.press("s")
        cards = await wait_for_screen(pilot, FlashcardScreen)
        await settle(pilot)
        await until(pilot, lambda: status_right(cards) == two_new)


# -- an exam left before any answer ---------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_an_exam_left_before_any_answer_can_be_resumed_until_its_time_is_up(
        db_url, size, lang):
    from quizapp.core.session import Mode

    clock = MonotonicClock()
    session = session_for(BANK, clock, mode=Mode.EXAM, time_limit=60,
                          types=("choice", "truefalse"))
    app = make_app(BANK, db_url, clock, lang=lang, session=session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        home = await leave_quiz(pilot)
        table = home.query_one("#home-unfinished", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("c", "enter")  # resumed, its clock still running
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.session.deadline == 1060
        clock.advance(30)
        await leave_quiz(pilot)
        assert table.row_count == 1
        clock.advance(60)  # time up while it is left
        await pilot.press("h")
        history = await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await until(pilot, lambda: table.row_count == 0)
        assert not home.query_one("#home-unfinished-box").display
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert attempt.finished and attempt.score == 0
        detail = store.attempts.attempt(attempt.id)
        assert len(detail.responses) == 2  # both questions, unanswered, scored nothing
    assert history


# -- never a class name on screen -----------------------------------------------------------

@pytest.mark.parametrize("qtype", ["choice", "multi", "truefalse", "fill", "match", "order",
                                   "card"])
def test_an_answer_widget_not_laid_out_yet_never_shows_its_class_name(qtype):
    """Before its parts are mounted (a busy machine can take a second or more), a widget
    shows nothing of its own, and the fill widget its sentence with lines for the
    blanks."""
    from quizapp.tui.screens.quiz import widget_for

    clock = MonotonicClock()
    session = session_for(BANK, clock, types=(qtype,))
    widget = widget_for(session.current())
    shown = widget.render()
    text = str(getattr(shown, "text", shown))
    assert type(widget).__name__ not in text and "Widget" not in text
    if qtype == "fill":
        assert text == "让“一座城”不仅发展得＿＿＿,更发展得＿＿＿。"  # as the test bank writes it
    else:
        assert text == ""


async def test_the_first_frame_of_a_fill_question_shows_its_sentence(db_url):
    app = quiz_app(db_url, types=("fill",))
    async with app.run_test(size=(50, 16)) as pilot:
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert not any("FillWidget" in line for line in lines), lines
        await settle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert not any("FillWidget" in line for line in lines)
        assert any("更发展得" in line for line in lines)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_practice_left_before_any_answer_is_not_listed_as_unfinished(db_url, lang):
    app = quiz_app(db_url, lang=lang, types=("truefalse",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = await leave_quiz(pilot)
        assert not home.query_one("#home-unfinished-box").display
        await pilot.press("h")
        history = await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        assert history.attempts == []
        assert history.query_one("#history-table", DataTable).row_count == 0


@pytest.mark.parametrize("lang", LANGS)
async def test_esc_leaves_a_text_field_on_home_for_the_sets(db_url, lang):
    """``n`` puts the focus in the name field; Esc takes it back to the sets, where ``s``
    starts a quiz under the same name (the name is never typed over)."""
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=(50, 16)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        field = home.query_one("#home-student", Input)
        await pilot.press("n")
        await until(pilot, lambda: app.focused is field)
        await pilot.press("escape")
        await until(pilot, lambda: app.focused is home.query_one("#home-sets"))
        await pilot.press("s")
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.student == "张三" and field.value == "张三"
