"""The card screen: today's flashcards, scheduled by FSRS.

The front first; ``space`` shows the back; then ``1`` Again, ``2`` Hard, ``3`` Good, ``4``
Easy, each button showing the interval it would give. The status bar counts the cards
left in the session and those due today. With nothing due, the screen says when the next
card falls due and offers to cram (``c``): every chosen card, rated without changing the
schedule.

The deck is read and every review written through the app's recorder (its thread owns
the store); the session itself (:class:`quizapp.core.scheduling.ReviewSession`) runs here.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Rule
from textual.widgets.button import ButtonVariant

from quizapp.core import utc
from quizapp.core.faces import front_back
from quizapp.core.model import ChoiceQuestion, MultiQuestion
from quizapp.core.scheduling import (
    RATINGS,
    FlashcardState,
    Rating,
    ReviewSession,
    SchedulerConfig,
    State,
    format_interval,
)
from quizapp.core.selection import shuffled_options
from quizapp.core.utc import Clock
from quizapp.i18n import t
from quizapp.services.assignments import CardsWork
from quizapp.services.flashcards import Deck
from quizapp.tui.bindings import Translated
from quizapp.tui.display import format_when
from quizapp.tui.messages import DeckRead, ReadFailed
from quizapp.tui.reads import read
from quizapp.tui.typed_app import AppScreen
from quizapp.tui.widgets.back import CardBack
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.prose import Prose
from quizapp.tui.widgets.statusbar import StatusBar

RATING_KEYS = {Rating.Again: "cards.again", Rating.Hard: "cards.hard",
               Rating.Good: "cards.good", Rating.Easy: "cards.easy"}
RATING_VARIANTS: dict[Rating, ButtonVariant] = {Rating.Again: "error", Rating.Hard: "warning",
                   Rating.Good: "success", Rating.Easy: "primary"}


class FlashcardScreen(Translated, AppScreen):
    DEFAULT_CSS = """
    FlashcardScreen #cards-body {
        height: 1fr;
        padding: 1 2 0 2;
    }
    FlashcardScreen #cards-kind {
        color: $text-muted;
    }
    FlashcardScreen #cards-front {
        text-style: bold;
        margin: 1 0 0 0;
    }
    FlashcardScreen #cards-rule {
        margin: 0;
        color: $text-muted;
    }
    FlashcardScreen #cards-message {
        margin: 1 0 0 0;
    }
    FlashcardScreen .cards-bar {
        height: 1;
        margin: 0 2 1 2;
    }
    FlashcardScreen #cards-rate Button {
        width: 1fr;
        margin: 0 1 0 0;
    }
    FlashcardScreen.-narrow #cards-rate {
        layout: grid;
        grid-size: 2;
        grid-rows: 1;
        height: 2;
    }
    FlashcardScreen #cards-flip Button {
        width: auto;
    }
    """

    BINDINGS = [
        Binding("space", "flip", "key.flip", key_display="space", id="cards.flip"),
        Binding("1", "rate(1)", "cards.again", id="cards.again"),
        Binding("2", "rate(2)", "cards.hard", id="cards.hard"),
        Binding("3", "rate(3)", "cards.good", id="cards.good"),
        Binding("4", "rate(4)", "cards.easy", id="cards.easy"),
        Binding("c", "cram", "key.cram", id="cards.cram"),
        Binding("escape", "leave", "key.back", key_display="esc", id="cards.back"),
    ]

    def __init__(
        self,
        *,
        student: str | None = None,
        sets: Sequence[str] = (),
        tags: Sequence[str] = (),
        levels: Sequence[str] = (),
        cram: bool = False,
        new_limit: int | None = None,
        remember_limit: bool = False,
        config: SchedulerConfig | None = None,
        clock: Clock = utc.now,
        tz: tzinfo | None = None,
        seed: int | None = None,
        homework: CardsWork | None = None,
    ) -> None:
        super().__init__()
        #: A card-review assignment these reviews count toward (its sets and tags chosen).
        self.homework = homework
        self._homework_ids: set[str] = set(homework.reviewed_ids) if homework else set()
        self._homework_in = False  # handed in (its target reached, or nothing left)
        if homework is not None:
            sets, tags, levels = homework.sets, homework.tags, homework.levels
        self.student = student
        #: how the store finds the student (their id when known)
        self.key: str | int | None = None
        self.sets = tuple(sets)
        self.tags = tuple(tags)
        self.levels = tuple(levels)
        self.cram = cram
        self.new_limit = new_limit
        self.remember_limit = remember_limit and new_limit is not None
        self.config = config or SchedulerConfig()
        self.clock = clock
        self.tz = tz
        self.deck: Deck | None = None
        self.session: ReviewSession | None = None
        self.states: dict[str, FlashcardState] = {}  # the deck's states as reviewed so far
        self.flipped = False
        self.state = "loading"  # loading -> card | empty | failed
        self._shown_at = 0.0
        self._poll: Timer | None = None
        self._rng = random.Random(seed)

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(self._title(), "", id="cards-status")
        with VerticalScroll(id="cards-body"):
            yield Prose("", id="cards-kind")
            yield Prose("", id="cards-front")
            yield Rule(line_style="dashed", id="cards-rule")
            yield CardBack(id="cards-back")
            yield Prose("", id="cards-message")
        with Horizontal(id="cards-flip", classes="cards-bar"):
            yield Button(t("cards.show_answer"), id="cards-flip-button", compact=True)
        with Horizontal(id="cards-rate", classes="cards-bar"):
            for rating in RATINGS:
                yield Button("", id=f"cards-rate-{int(rating)}", compact=True,
                             variant=RATING_VARIANTS[rating])
        yield AppFooter()

    def _title(self) -> str:
        from quizapp.tui.display import whose

        title = t("cards.cram_title") if self.cram else t("cards.title")
        work = self.homework
        if work is not None and not self.cram:
            done = len(self._homework_ids)
            title = (t("cards.homework_title", title=work.title, done=done, n=work.target)
                     if work.target else
                     t("cards.homework_title_all", title=work.title, done=done))
        return whose(self.student or "", title)

    def on_resize(self, event: events.Resize) -> None:
        # four rating buttons side by side need room; narrower, they take two rows
        self.set_class(event.size.width < 64, "-narrow")

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # keys act on the screen; the buttons are for the mouse
        self._show_message(t("cards.loading"))
        self.load()

    # -- loading -----------------------------------------------------------------------

    @property
    def _app(self) -> Any:
        return self.app

    def load(self) -> None:
        """Read the student's deck on a worker of this screen, then show the first card."""
        student = (self.student or getattr(self._app, "student", "") or "").strip()
        if not student:
            self.state = "failed"
            self._show_message(t("cards.no_student"))
            return
        if not self.student or self.student == getattr(self._app, "student", None):
            # the app's student: their record when known from a roster
            self.key = getattr(self._app, "student_key", student)
        self.student = student
        key = self.key or student
        # with remember_limit, the limit is the student's own daily limit from now on (a
        # write; the read below comes after it)
        if self.remember_limit:
            self._app.scores.remember_limit(key, self.new_limit)
        sets, tags, levels, new_limit = self.sets, self.tags, self.levels, self.new_limit
        config, clock, tz = self.config, self.clock, self.tz
        work = self.homework
        if work is not None:
            read(self, lambda reads: DeckRead(reads.homework_deck(
                key, work, config=config, clock=clock, tz=tz)), group="deck", exclusive=True)
            return
        read(self, lambda reads: DeckRead(reads.deck(
            key, sets=sets, tags=tags, levels=levels, new_limit=new_limit, config=config,
            clock=clock, tz=tz)), group="deck", exclusive=True)

    def on_read_failed(self, message: ReadFailed) -> None:
        self.state = "failed"
        self._show_message(t("cards.load_failed", error=message.error))

    def on_deck_read(self, message: DeckRead) -> None:
        deck: Deck = message.deck
        self.deck = deck
        self.states = dict(deck.states)
        self.session = deck.session(cram=self.cram, clock=self.clock)
        self.show_current()

    # -- showing -----------------------------------------------------------------------

    def show_current(self) -> None:
        session = self.session
        if session is None:
            return
        self._stop_polling()
        self.flipped = False
        item = session.current()
        if item is None:
            self._show_empty()
            return
        self.state = "card"
        question = self._app.bank[item.question_id]
        options = None
        if isinstance(question, (ChoiceQuestion, MultiQuestion)):
            options = shuffled_options(question, self._rng)  # as a quiz shows them
        front, _ = front_back(question, true_false=(t("fmt.true"), t("fmt.false")),
                                 options=options)
        self.query_one("#cards-kind", Prose).update(
            f"{self._badge(item.state, item.new)} · {t(f'quiz.type.{question.type}')}")
        self.query_one("#cards-front", Prose).update(front)
        self.query_one("#cards-back", CardBack).show(question, options)
        self._set_visible(front=True, back=False, message=False, flip=True, rate=False)
        self.query_one("#cards-body", VerticalScroll).scroll_home(animate=False)
        self._shown_at = time.monotonic()
        self._update_status()
        self.refresh_bindings()

    def _badge(self, card: FlashcardState, new: bool) -> str:
        if new:
            return t("cards.new")
        if card.state in (State.Learning, State.Relearning):
            return t("cards.learning")
        return t("cards.review")

    def _show_empty(self) -> None:
        assert self.session is not None and self.deck is not None
        self.state = "empty"
        session, deck = self.session, self.deck
        lines = []
        if session.cram:
            lines.append(t("cards.cram_done", count=len(session.reviews)))
        else:
            now = self.clock()
            waiting = session.waiting_until()
            counts = deck.counts(self.states, now)
            # every card due and every new card of today reviewed (a card waiting for its
            # next learning step was reviewed already): the assignment's work is done
            self._hand_in(every_card=True)
            if waiting is not None:  # a card's learning step is not due yet: wait for it
                lines.append(t("cards.waiting",
                               interval=format_interval(waiting - now, t)))
            else:
                lines.append(t("cards.done") if session.reviews else t("cards.nothing_due"))
            if session.reviews:
                lines.append(t("cards.reviewed", count=len(session.reviews)))
            upcoming = waiting or counts.next_due
            if upcoming is not None and waiting is None:
                lines.append(t("cards.next_due", interval=format_interval(upcoming - now, t),
                               when=format_when(upcoming)))
            elif upcoming is None:
                lines.append(t("cards.no_next"))
            if counts.new_available == 0 and len(deck.question_ids) > len(self.states):
                lines.append(t("cards.limit_reached", limit=deck.new_limit))
            if waiting is not None and self._poll is None:
                self._poll = self.set_interval(1.0, self._check_waiting)
        if deck.question_ids:
            lines.append(t("cards.offer_cram"))
        self._show_message("\n\n".join(lines))
        self._update_status()
        self.refresh_bindings()

    def _check_waiting(self) -> None:
        """Every second while a learning card waits: show it once due, else count down."""
        if self.session is None or self.state != "empty":
            self._stop_polling()
        elif self.session.current() is not None:
            self.show_current()
        else:
            self._show_empty()

    def _stop_polling(self) -> None:
        if self._poll is not None:
            self._poll.stop()
            self._poll = None

    def _show_message(self, text: str) -> None:
        self.query_one("#cards-message", Prose).update(text)
        self._set_visible(front=False, back=False, message=True, flip=False, rate=False)

    def _set_visible(self, *, front: bool, back: bool, message: bool, flip: bool,
                     rate: bool) -> None:
        self.query_one("#cards-kind").display = front
        self.query_one("#cards-front").display = front
        self.query_one("#cards-rule").display = back
        self.query_one("#cards-back").display = back
        self.query_one("#cards-message").display = message
        self.query_one("#cards-flip").display = flip
        self.query_one("#cards-rate").display = rate

    def _update_status(self) -> None:
        bar = self.query_one("#cards-status", StatusBar)
        bar.set_left(self._title())
        if self.session is None or self.deck is None:
            return
        if self.session.cram:
            bar.set_right(t("cards.counts", left=self.session.left))
            return
        bar.set_right(due_text(self.deck.counts(self.states, self.clock())))

    def rating_labels(self) -> dict[Rating, str]:
        """Each answer button's text: key, rating and (outside cram) the next interval."""
        preview = self.session.preview() if self.session is not None else {}
        labels = {}
        for n, rating in enumerate(RATINGS, 1):
            text = f"{n} {t(RATING_KEYS[rating])}"
            if rating in preview:
                text += f" {format_interval(preview[rating], t)}"
            labels[rating] = text
        return labels

    # -- acting ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "flip":
            return self.state == "card" and not self.flipped
        if action == "rate":
            return self.state == "card" and self.flipped
        if action == "cram":
            return (self.state == "empty" and self.deck is not None
                    and bool(self.deck.question_ids)
                    and not (self.session is not None and self.session.cram))
        return True

    def action_flip(self) -> None:
        if self.state != "card" or self.flipped:
            return
        self.flipped = True
        for rating, text in self.rating_labels().items():
            self.query_one(f"#cards-rate-{int(rating)}", Button).label = text
        self._set_visible(front=True, back=True, message=False, flip=False, rate=True)
        self.refresh_bindings()

    def action_rate(self, value: int) -> None:
        if self.state != "card" or not self.flipped or self.session is None:
            return
        duration_ms = int((time.monotonic() - self._shown_at) * 1000)
        review = self.session.rate(Rating(value), duration_ms)
        if review.state is not None:
            self.states[review.question_id] = review.state
            work = self.homework
            self._app.scores.save_review(self.key or self.student or "", review, config=self.config,
                                         clock=self.clock, tz=self.tz,
                                         attempt_id=None if work is None else work.attempt_id)
            if work is not None:
                self._homework_ids.add(review.question_id)
                if work.target and len(self._homework_ids) >= work.target:
                    self._hand_in(every_card=False)
        self.show_current()

    def _hand_in(self, *, every_card: bool) -> None:
        """The card-review assignment is done: its target reached, or (``every_card``)
        every card due, and every new card it may introduce today, reviewed. Handed in
        once (a write after the reviews), and said."""
        work = self.homework
        if work is None or self._homework_in:
            return
        self._homework_in = True
        self._app.scores.finish_homework_cards(work.attempt_id)
        done = len(self._homework_ids)
        if work.target and done >= work.target:
            self.notify(t("cards.homework_done", done=done, n=work.target))
        elif every_card:
            self.notify(t("cards.homework_all_done", done=done))

    def action_cram(self) -> None:
        if not self.check_action("cram", ()) or self.deck is None:
            return
        self.cram = True
        self.session = self.deck.session(cram=True, clock=self.clock)
        self.notify(t("cards.cram_note"))
        self.show_current()

    def action_leave(self) -> None:
        self._stop_polling()
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()

    @on(Button.Pressed, "#cards-flip-button")
    def _flip_pressed(self) -> None:
        self.action_flip()

    @on(Button.Pressed, "#cards-rate Button")
    def _rate_pressed(self, event: Button.Pressed) -> None:
        if event.button.id:
            self.action_rate(int(event.button.id.rsplit("-", 1)[1]))


def due_text(counts: Any) -> str:
    """The student's cards due now and new available today (:meth:`Deck.counts`, the one
    count): the same line on Home and on the card screen."""
    return t("home.cards_due", due=counts.due_now, new=counts.new_available)
