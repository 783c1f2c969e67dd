"""Flashcards in plain lines: the front, Enter for the back, a rating from 1 to 4 in words.

The deck is read and every rating written through the app's recorder and
:class:`~quizapp.services.scorebook.ScoreBook`, as the TUI's card screen does, so the FSRS
schedule is the same whichever interface the student uses.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from quizapp.core import utc
from quizapp.core.model import AnyQuestion
from quizapp.core.scheduling import RATINGS, ReviewSession, State
from quizapp.core.selection import Presented, present
from quizapp.core.utc import Clock
from quizapp.i18n import t
from quizapp.plain import text as words
from quizapp.plain.app import PlainApp, StoreProblem
from quizapp.plain.console import Interrupted
from quizapp.services.flashcards import Deck

RATING_WORDS = ("cards.again", "cards.hard", "cards.good", "cards.easy")


class _Leave(Exception):
    pass


class PlainCards:
    """Today's cards (or, with ``cram``, every chosen card) for the app's student."""

    def __init__(self, app: PlainApp, *, sets: Sequence[str] = (), tags: Sequence[str] = (),
                 levels: Sequence[str] = (), cram: bool = False, new_limit: int | None = None,
                 remember_limit: bool = False, clock: Clock = utc.now,
                 seed: int | None = None) -> None:
        self.app = app
        self.con = app.console
        self.sets, self.tags, self.levels = tuple(sets), tuple(tags), tuple(levels)
        self.cram = cram
        self.new_limit = new_limit
        self.remember_limit = remember_limit and new_limit is not None
        self.clock = clock
        self._rng = random.Random(seed)
        self.deck: Deck | None = None

    def review(self) -> None:
        con = self.con
        student = self.app.student
        con.blank()
        con.say(t("plain.cards_loading"))
        try:
            self.deck = self.app.deck(student, sets=self.sets, tags=self.tags,
                                      levels=self.levels, new_limit=self.new_limit,
                                      remember_limit=self.remember_limit, clock=self.clock)
        except StoreProblem as exc:
            con.say(t("cards.load_failed", error=str(exc)))
            return
        assert self.deck is not None
        states = dict(self.deck.states)
        session = self.deck.session(cram=self.cram, clock=self.clock)
        if self.cram:
            con.say(t("cards.cram_note"))
        con.say(t("plain.cards_how"))
        seen = 0
        try:
            while True:
                item = session.current()
                if item is None:
                    session = self._empty(session, states)
                    if session is None:
                        return
                    continue
                seen += 1
                question = self.app.bank[item.question_id]
                shown = self._presented(question)
                con.blank()
                if item.new:
                    badge = t("cards.new")
                elif item.state.state in (State.Learning, State.Relearning):
                    badge = t("cards.learning")
                else:
                    badge = t("cards.review")
                con.say(t("plain.card_header", n=seen, badge=badge,
                          type=t(f"quiz.type.{question.type}")), *words.body_lines(shown),
                        t("plain.card_flip"))
                shown_at = time.monotonic()
                self._enter()
                con.say(t("plain.back.answer", text=words.correct_text(question, shown)))
                if question.explain.strip():
                    con.say(t("plain.back.explain", text=question.explain.strip()))
                if question.quote.strip():
                    con.say(t("plain.back.quote", text=question.quote.strip()))
                preview = session.preview()
                choices = []
                for n, rating in enumerate(RATINGS, 1):
                    word = t(RATING_WORDS[n - 1])
                    if rating in preview:
                        choices.append(t("plain.rate_choice_when", n=n, word=word,
                                         when=words.interval_text(preview[rating])))
                    else:
                        choices.append(t("plain.rate_choice", n=n, word=word))
                con.say(t("plain.rate_how", choices=t("fmt.sep").join(choices)))
                value = self._rating()
                review = session.rate(RATINGS[value - 1],
                                      int((time.monotonic() - shown_at) * 1000))
                if review.state is not None:
                    states[review.question_id] = review.state
                    self.app.scores.save_review(student, review, clock=self.clock)
                con.say(t("plain.rated_card", word=t(RATING_WORDS[value - 1])))
        except _Leave:
            con.say(t("plain.cards_left", count=len(session.reviews)))

    def _presented(self, question: AnyQuestion) -> Presented:
        """The card's question as a quiz shows it: options, right items and order items
        shuffled (never in the answer's order)."""
        return present(question, 0, 1, self._rng)

    def _read(self) -> str:
        try:
            line = self.con.read().strip()
        except Interrupted:
            raise _Leave from None
        if line.lower() in ("q", "quit", "退出"):
            raise _Leave
        if line in ("?", "？") or line.lower() in ("h", "help", "帮助"):
            self.con.say(t("plain.cards_how"))
            return "?"
        return line

    def _enter(self) -> None:
        while (line := self._read()) != "":
            if line != "?":
                self.con.say(t("plain.press_enter"))

    def _rating(self) -> int:
        while True:
            line = self._read()
            if line in ("1", "2", "3", "4"):
                return int(line)
            if line != "?":
                self.con.say(t("plain.bad.rating"))

    def _empty(self, session: ReviewSession, states: dict) -> ReviewSession | None:
        """Say why there is no card now; a new session (cram, or a learning card come due)
        or ``None`` to stop."""
        deck, con = self.deck, self.con
        assert deck is not None
        con.blank()
        if session.cram:
            con.say(t("cards.cram_done", count=len(session.reviews)))
            return None
        now = self.clock()
        waiting = session.waiting_until()
        counts = deck.counts(states, now)
        if waiting is not None:
            con.say(t("cards.waiting", interval=words.interval_text(waiting - now)))
            if self.app.ask_yes_no(t("plain.wait_card"), default=True):
                try:
                    while session.current() is None and session.waiting_until() is not None:
                        time.sleep(0.5)
                except KeyboardInterrupt:
                    return None
                return session
        else:
            con.say(t("cards.done") if session.reviews else t("cards.nothing_due"))
        if session.reviews:
            con.say(t("cards.reviewed", count=len(session.reviews)))
        if waiting is None and counts.next_due is not None:
            con.say(t("cards.next_due", interval=words.interval_text(counts.next_due - now),
                      when=counts.next_due.astimezone().strftime("%m-%d %H:%M")))
        if counts.new_available == 0 and len(deck.question_ids) > len(states):
            con.say(t("cards.limit_reached", limit=deck.new_limit))
        if deck.question_ids and self.app.ask_yes_no(t("plain.offer_cram"), default=False):
            con.say(t("cards.cram_note"))
            return deck.session(cram=True, clock=self.clock)
        return None
