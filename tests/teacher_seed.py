"""A small class worked out by hand, for the dashboard's tests (service, Pilot, snapshots).

Class 高一3班 has 小明, 小红 and 小刚 (小刚 never answers); 外校 is not in it.

- 小明: exam on 01-overview, twice. First: the choice question right, the fill question
  with one blank right (0.5) -> 1.5/2 = 75 %. Second: the choice question wrong ("融城共进
  赋能未来"), the fill question blank -> 0/2 = 0 %. Best 75, last 0.
- 小红: exam on 01-overview: choice wrong ("融城共进 赋能未来"), fill both right -> 1/2 = 50 %;
  exam on 02-fences: the match question with two pairings swapped -> 3/5 = 0.6/1 = 60 %.
- 外校: exam on 01-overview, both right (100 %), left out of the class's figures.

By hand, for the class: 总览 mastery (1 + 0.5 + 0 + 0 + 0 + 1) / 6 = 2.5/6 = 41.67 %;
三个藩篱 0.6/1 = 60 %. The choice question: 3 answers, right 1/3, "融城共进 赋能未来" 2/3.
The fill question: blank 2 wrong "错" once; no answer once. The match question: two
wrong pairings, once each.
Flashcards: 小明 has one card on the choice question, reviewed NOW with stability 7 days:
recall 100 % now and 90 % in 7 days (FSRS's definition of stability); 小红 last reviewed
10 days ago (a card on the match question, stability 10, due 1 day ago: overdue).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CLASS = "高一3班"
CHOICE = "overview-meeting-theme"
FILL = "overview-one-river"
MATCH = "fences-five-match"
RIGHT = "共建“一座城”，奋进“十五五”"
WRONG = "融城共进 赋能未来"


def _card(qid: str, stability: float, reviewed: datetime, due: datetime) -> dict:
    return {"card_id": 1, "state": 2, "step": None, "stability": stability,
            "difficulty": 5.0, "due": due.isoformat(), "last_review": reviewed.isoformat()}


def _log(reviewed: datetime) -> dict:
    return {"card_id": 1, "rating": 3, "review_datetime": reviewed.isoformat(),
            "review_duration": None}


def _exam(store, name, set_key, answers, when):
    aid = store.attempts.start_attempt(name, "exam", [set_key], {"sets": [set_key]}, 1,
                              sum(m for _, _, _, m in answers), at=when)
    for i, (qid, response, score, max_score) in enumerate(answers):
        store.attempts.record_response(aid, qid, "h", response, score, max_score, score == max_score,
                              3.0, at=when + timedelta(seconds=i))
    store.attempts.finish_attempt(aid, sum(s for _, _, s, _ in answers), sum(m for *_, m in answers),
                         at=when + timedelta(minutes=5))
    return aid


def seed(store) -> None:
    from quizapp.storage.classes import RosterEntry

    store.classes.create_class(CLASS)
    store.classes.set_roster(CLASS, [RosterEntry("小明", "01"), RosterEntry("小红", "02"),
                             RosterEntry("小刚", "03")])
    day = NOW - timedelta(days=2)
    _exam(store, "小明", "01-overview",
          [(CHOICE, RIGHT, 1.0, 1), (FILL, ["一江水", "错"], 0.5, 1)], day)
    _exam(store, "小明", "01-overview",
          [(CHOICE, WRONG, 0.0, 1), (FILL, None, 0.0, 1)], day + timedelta(hours=1))
    _exam(store, "小红", "01-overview",
          [(CHOICE, WRONG, 0.0, 1), (FILL, ["一江水", "基因"], 1.0, 1)], day)
    pairs = {"设施": "联通", "平台": "共建", "产业": "协同", "环境": "互惠", "民生": "共治"}
    _exam(store, "小红", "02-fences", [(MATCH, pairs, 0.6, 1)], day)
    _exam(store, "外校", "01-overview",
          [(CHOICE, RIGHT, 1.0, 1), (FILL, ["一江水", "基因"], 1.0, 1)], day)
    store.cards.save_review("小明", CHOICE, _card(CHOICE, 7.0, NOW, NOW + timedelta(days=7)),
                      _log(NOW))
    old = NOW - timedelta(days=10)
    store.cards.save_review("小红", MATCH, _card(MATCH, 10.0, old, NOW - timedelta(days=1)),
                      _log(old))
