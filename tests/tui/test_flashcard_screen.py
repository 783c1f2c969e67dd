"""The card screen driven with Pilot: flip, rate, the database changes; the empty state and
cram. The app runs on a real SQLite file, opened by its recorder thread, on a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clocks import DateClock
from textual.widgets import Button, Static

from quizapp.core.model import Bank, CardQuestion, ChoiceQuestion, QuestionSet
from quizapp.core.scheduling import SchedulerConfig, State
from quizapp.services.flashcards import Flashcards
from quizapp.storage import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.flashcards import FlashcardScreen

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CONFIG = SchedulerConfig(fuzz=False)

BANK = Bank.of([
    QuestionSet(key="city", title="一座城", path="content/city.yaml", questions=(
        CardQuestion(id="k1", prompt="融城", front="融城是什么?", back="三市合一",
                     explain="见原文", set_key="city"),
        ChoiceQuestion(id="c1", prompt="“一座城”指的是?", options=("长株潭", "长沙"),
                       answer="长株潭", shuffle=False, set_key="city"),
    )),
])


def make_app(db: str, clock: DateClock, lang: str = "zh", **screen):
    options = {"student": "张三", "config": CONFIG, "clock": clock, "tz": UTC, **screen}
    return QuizApp(BANK, flashcards=options, student="张三", db_url=db, lang=lang,
                   remember=False)


async def loaded(pilot) -> FlashcardScreen:
    for _ in range(200):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if isinstance(screen, FlashcardScreen) and screen.state != "loading":
            return screen
    raise AssertionError("the card screen did not load")


def back_text(screen) -> list[str]:
    """The card's back as shown: each label, then its text."""
    back = screen.query_one("#cards-back")
    return [str(w.content) for w in back.children]


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_flip_rate_and_the_database_changes(tmp_path):
    db = f"sqlite:///{tmp_path / 'scores.db'}"
    clock = DateClock()
    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert screen.state == "card"
        assert "融城是什么?" in text(screen, "#cards-front")
        assert not screen.query_one("#cards-back").display
        assert not screen.query_one("#cards-rate").display
        await pilot.press("3")  # rating before the flip does nothing
        assert screen.session.reviews == []

        await pilot.press("space")
        assert screen.query_one("#cards-back").display
        assert back_text(screen) == ["答案", "三市合一", "解析", "见原文"]
        labels = [str(b.label) for b in screen.query("#cards-rate Button").results(Button)]
        assert labels == ["1 重来 1分钟", "2 困难 6分钟", "3 良好 10分钟", "4 简单 8天"]

        await pilot.press("3")
        assert len(screen.session.reviews) == 1
        assert "“一座城”指的是?" in text(screen, "#cards-front")  # the next card
        assert not screen.query_one("#cards-back").display
        assert app.recorder.wait_idle(10)
        assert not app.recorder.failed

    with Store.open(db) as store:
        card = store.cards.flashcards("张三")["k1"]
        assert card.state == State.Learning
        assert card.due == T0 + timedelta(minutes=10)
        logs = store.cards.review_logs("张三")
        assert [(r.question_id, r.rating, r.source) for r in logs] == [("k1", 3, "cards")]


async def test_status_bar_counts_as_home_does(tmp_path):
    db = f"sqlite:///{tmp_path / 'scores.db'}"
    app = make_app(db, DateClock(), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        right = screen.query_one("#cards-status #status-right").content
        assert str(right) == "Cards: 0 due · 2 new"  # Home's line, from the same count
        await pilot.press("space")
        labels = [str(b.label) for b in screen.query("#cards-rate Button").results(Button)]
        assert labels[0] == "1 Again 1m" and labels[2] == "3 Good 10m"
        await pilot.press("1")  # Again: due in a minute, not before
        right = screen.query_one("#cards-status #status-right").content
        assert str(right) == "Cards: 0 due · 1 new"


async def test_again_waits_its_minute_and_says_so(tmp_path):
    """"1 Again 1m" on the last card: the card comes back after a minute, not at once."""
    db = f"sqlite:///{tmp_path / 'scores.db'}"
    clock = DateClock()
    app = make_app(db, clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("space", "1")  # k1: Again, 1 minute
        assert screen.session.current().question_id == "c1"
        await pilot.press("space", "4")  # c1: Easy, days away
        assert screen.state == "empty"
        message = text(screen, "#cards-message")
        assert "Nothing left for now; the next card is due in 1m" in message
        clock.advance(seconds=10)
        await pilot.pause(1.2)
        assert screen.state == "empty"
        assert "the next card is due in 50s" in text(screen, "#cards-message")
        clock.advance(seconds=50)
        await pilot.pause(1.2)
        assert screen.state == "card"
        assert screen.session.current().question_id == "k1"


async def test_nothing_due_says_when_and_offers_cram(tmp_path):
    db = f"sqlite:///{tmp_path / 'scores.db'}"
    clock = DateClock()
    with Store.open(db) as store:
        cards = Flashcards(store.cards, BANK, config=CONFIG, clock=clock, tz=UTC)
        cards.record_quiz_answer("张三", "k1", True, at=T0 - timedelta(hours=1))
        cards.record_quiz_answer("张三", "k1", True, at=T0 - timedelta(minutes=30))
        cards.record_quiz_answer("张三", "c1", True, at=T0 - timedelta(hours=1))
        cards.record_quiz_answer("张三", "c1", True, at=T0 - timedelta(minutes=30))
        before = store.cards.flashcards("张三")
    assert all(record.state == State.Review for record in before.values())

    app = make_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert screen.state == "empty"
        message = text(screen, "#cards-message")
        assert "现在没有要复习的卡片" in message
        assert "下一张卡片 2天后到期" in message
        assert "按 c 突击复习" in message
        await pilot.press("space", "1")  # nothing to flip or rate
        assert screen.state == "empty"

        await pilot.press("c")
        assert screen.state == "card" and screen.session.cram
        seen = 0
        while screen.state == "card":
            await pilot.press("space")
            labels = [str(b.label) for b in screen.query("#cards-rate Button").results(Button)]
            assert labels[0] == "1 重来"  # no interval: nothing is scheduled in cram
            await pilot.press("4")
            seen += 1
        assert seen == 2
        assert "突击复习结束" in text(screen, "#cards-message")
        assert app.recorder.wait_idle(10)

    with Store.open(db) as store:
        assert store.cards.flashcards("张三") == before
        assert len(store.cards.review_logs("张三")) == 4


async def test_escape_goes_back_to_home(tmp_path):
    db = f"sqlite:///{tmp_path / 'scores.db'}"
    app = make_app(db, DateClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_home_shows_cards_due_and_opens_the_card_screen(tmp_path):
    from quizapp.tui.app import QuizApp

    db = f"sqlite:///{tmp_path / 'scores.db'}"
    with Store.open(db) as store:
        Flashcards(store.cards, BANK, config=CONFIG).record_quiz_answer(
            "张三", "c1", False, at=datetime.now(UTC) - timedelta(minutes=5))
    app = QuizApp(BANK, student="张三", db_url=db, lang="zh", remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        status = None
        for _ in range(200):
            await pilot.pause(0.02)
            status = str(app.screen.query_one("#home-status #status-right").content)
            if status:
                break
        assert status == "闪卡 1 张到期 · 1 张新卡"
        for _ in range(3):
            await pilot.press("m")
        await pilot.press("s")
        screen = await loaded(pilot)
        assert screen.state == "card"
        assert screen.session.current().question_id == "c1"  # the due card first
        # one count: the card screen says what Home said
        assert str(screen.query_one("#cards-status #status-right").content) == status
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_back_is_labelled_shown_once_and_notices_keep_off_the_buttons(tmp_path):
    db = f"sqlite:///{tmp_path / 'scores.db'}"
    bank = Bank.of([QuestionSet(key="city", title="一座城", path="content/city.yaml", questions=(
        CardQuestion(id="k1", prompt="同饮", front="三市同饮哪条江？", back="长株潭三市同饮一江水",
                     quote="长株潭三市同饮一江水", set_key="city"),
    ))])
    for size in ((80, 24), (50, 16)):
        options = {"student": "张三", "config": CONFIG, "clock": DateClock(), "tz": UTC}
        app = QuizApp(bank, flashcards=options, student="张三", db_url=db, lang="zh",
                      remember=False)
        async with app.run_test(size=size, notifications=True) as pilot:
            screen = await loaded(pilot)
            await pilot.press("space")
            await pilot.pause()
            assert back_text(screen) == ["答案", "长株潭三市同饮一江水"]  # the quote repeats it
            app.notify("突击复习：评分不会改变复习计划。")
            await pilot.pause(0.3)
            toast = app.screen.query_one("Toast")
            for button in screen.query("#cards-rate Button"):
                assert button.region.width and not toast.region.overlaps(button.region)


async def test_a_choice_card_shuffles_its_options_as_a_quiz_does(tmp_path):
    """Authors write the answer first; the card screen must not keep it there."""
    options = ("长株潭", "长沙", "株洲", "湘潭")
    bank = Bank.of([QuestionSet(key="city", title="一座城", path="city.yaml", questions=(
        ChoiceQuestion(id="c4", prompt="“一座城”指的是?", options=options, answer="长株潭",
                       set_key="city"),))])
    places = set()
    for seed in range(6):
        db = f"sqlite:///{tmp_path / f'scores{seed}.db'}"
        screen_options = {"student": "张三", "config": CONFIG, "clock": DateClock(), "tz": UTC,
                          "seed": seed}
        app = QuizApp(bank, flashcards=screen_options, student="张三", db_url=db, lang="zh",
                      remember=False)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await loaded(pilot)
            lines = text(screen, "#cards-front").splitlines()
            listed = [line[3:] for line in lines if line[:1] in "ABCD" and line[1:3] == ". "]
            assert sorted(listed) == sorted(options)
            places.add(listed.index("长株潭"))
            await pilot.press("space")
            letter = "ABCD"[listed.index("长株潭")]
            assert back_text(screen)[1].startswith(f"{letter}. 长株潭")
    assert len(places) > 1  # the answer is not always in the same place
