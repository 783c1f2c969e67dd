"""The built-in question content in content/: it must not silently shrink, and it must stay
faithful to the article it teaches (every question explained, every quote verbatim)."""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
#: the article as shipped with the app (content/article.md) and the shared original it copies
ARTICLE = CONTENT / "article.md"
SHARED_ARTICLE = ROOT.parent / "shared" / "article" / "article.md"

TYPES = ("choice", "multi", "truefalse", "fill", "match", "order", "card")
MIN_QUESTIONS = 70
MIN_PER_TYPE = 4
MIN_BEYOND_RECALL = 15
LEVELS = ("recall", "understand", "apply")
DECK_ROOT = "长株潭一体化::"


@cache
def question_sets() -> dict[str, dict]:
    """Each content file's parsed YAML, by file name."""
    files = sorted(CONTENT.glob("*.yaml"))
    assert files, f"no question files in {CONTENT}"
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in files}


def questions() -> list[tuple[str, dict]]:
    return [(name, q) for name, doc in question_sets().items() for q in doc["questions"]]


def test_at_least_70_questions():
    assert len(questions()) >= MIN_QUESTIONS


def test_every_type_used_at_least_four_times():
    counts = Counter(q["type"] for _, q in questions())
    short = {t: counts[t] for t in TYPES if counts[t] < MIN_PER_TYPE}
    assert not short, f"types used fewer than {MIN_PER_TYPE} times: {short}"


def test_every_question_has_explain_and_quote():
    missing = [
        f"{name}: {q.get('id')}: no {key}"
        for name, q in questions()
        for key in ("explain", "quote")
        if not str(q.get(key) or "").strip()
    ]
    assert not missing, "\n".join(missing)


def test_ids_unique_across_files():
    counts = Counter(q["id"] for _, q in questions())
    assert not [i for i, n in counts.items() if n > 1]


def test_each_file_has_its_own_deck_under_one_root():
    decks = [doc.get("deck", "") for doc in question_sets().values()]
    assert all(d.startswith(DECK_ROOT) for d in decks), decks
    assert len(set(decks)) == len(decks), decks


def test_quotes_verbatim_in_article():
    text = ARTICLE.read_text(encoding="utf-8")
    bad = [f"{name}: {q['id']}: {q['quote']}" for name, q in questions()
           if q.get("quote") and q["quote"].strip() not in text]
    assert not bad, "quotes not found verbatim in the article:\n" + "\n".join(bad)


@pytest.mark.skipif(not SHARED_ARTICLE.exists() and os.environ.get("CI") != "true",
                    reason=f"the original article is not beside the repository ({SHARED_ARTICLE})")
def test_shipped_article_is_the_original():
    """Runs wherever the original is beside the checkout, and always in CI."""
    assert ARTICLE.read_bytes() == SHARED_ARTICLE.read_bytes()


#: Clauses of the article no answer needs to teach: the title and the byline name the piece
#: and its author, and each of the others only names the part or the subject that the rest
#: of its sentence states a fact about (下好“产业棋”，从“单打独斗”转向“抱拳出击”).
SIGNPOSTS = {
    "融城共进 赋能未来", "以“一座城”理念谱写长株潭一体化新篇章", "湘潭日报评论员",
    "“一座城”的深层逻辑", "都市圈发展的本质",
    "下好“三盘棋”", "下好“产业棋”", "下好“制度棋”", "下好“民生棋”",
    "答好“三道题”", "答好“绿心考题”", "答好“协同考题”", "答好“韧性考题”",
}


def test_every_clause_with_a_fact_is_taught_by_an_answer():
    """A clause is taught when a question's answer stands in it (quoting the whole sentence
    teaches nothing by itself): every clause but the signposts is."""
    from quizapp.core.coverage import coverage

    found = coverage(ARTICLE.read_text(encoding="utf-8"), [q for _, q in bank()])
    assert len(found.paragraphs) == 13
    assert not found.unplaced
    untaught = [clause for _, clause in found.untaught_clauses]
    assert not set(untaught) - SIGNPOSTS, [c for c in untaught if c not in SIGNPOSTS]
    assert SIGNPOSTS <= set(untaught), "a signpost is taught now: take it off the list"


#: the order of four “三” phrases from four paragraphs: no one sentence holds them all
ANSWER_OUTSIDE_QUOTE = {"links-logic-order"}


def test_recall_quotes_hold_the_answer():
    """A recall question's quote is where its answer stands (an application or analysis item
    words its answer for its own case)."""
    from quizapp.core.coverage import key
    from quizapp.core.model import CardQuestion

    def answer(q) -> list[str]:
        return ([] if isinstance(q, CardQuestion) else said(q)) + [b for _, b in pairs(q)] + items(q)

    bad = [f"{q.id}: {a}" for _, q in bank() if q.level == "recall"
           and q.id not in ANSWER_OUTSIDE_QUOTE
           for a in answer(q) if key(a) not in key(q.quote)]
    assert not bad, "\n".join(bad)


def test_every_question_states_its_level_and_many_go_beyond_recall():
    levels = Counter(q.get("level") for _, q in questions())
    assert set(levels) <= set(LEVELS), levels
    assert levels["understand"] + levels["apply"] >= MIN_BEYOND_RECALL, levels
    assert levels["apply"] >= 5, levels


def _shown_texts(q: dict) -> list[str]:
    """Everything a student reads of a question, except its verbatim quote."""
    texts = [q.get("prompt"), q.get("front"), q.get("back"), q.get("explain")]
    texts += q.get("options") or []
    texts += q.get("items") or []
    for left, right in (q.get("pairs") or {}).items():
        texts += [left, right]
    return [CLOZE.sub(r"\1", t) for t in texts if t]


CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}")


# ASCII , ? : ; ! next to a Chinese character (the article's own half-width commas stay in quotes)
HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff”“][,?:;!]|[,?:;!][\u4e00-\u9fff“”]")


def test_chinese_text_uses_full_width_punctuation():
    bad = [f"{name}: {q['id']}: {text}" for name, q in questions() for text in _shown_texts(q)
           if HALF_WIDTH_IN_CHINESE.search(text)]
    assert not bad, "use ， ？ ： ； ！ in Chinese text:\n" + "\n".join(bad)


# --- what one question gives away of another, and how often one fact is taught ------------

#: an answer this long (normalised) or longer counts when another question shows it
MIN_ANSWER = 4
#: pairs of questions from different sets where one shows the other's answer (Home mixes
#: every set by default)
MAX_EXPOSED_ACROSS = 5
#: questions that may teach one fact
MAX_TEACHING_ONE_FACT = 2
MIN_APPLY = 12


@cache
def bank() -> list:
    """The built-in questions as the app loads them, with their set's key."""
    from quizapp.core.loader import load_paths

    result = load_paths([CONTENT])
    assert not result.problems, result.problems
    return [(s.key, q) for s in result.sets for q in s.questions]


def shown(q) -> list[str]:
    """What a question shows before it is answered, but its options: the stem (a cloze with
    its blanks hidden), a card's front, the order items and both sides of every pair."""
    from quizapp.core.model import CardQuestion, FillQuestion, MatchQuestion, OrderQuestion

    match q:
        case FillQuestion():
            return [q.masked_prompt()]
        case CardQuestion():
            return [q.front]
        case OrderQuestion():
            return [q.prompt, *q.items]
        case MatchQuestion():
            return [q.prompt, *(t for pair in q.pairs for t in pair)]
    return [q.prompt]


def said(q) -> list[str]:
    """A question's right answer in the author's words: the right option(s), a blank's words,
    a card's back (a pair, an order or a true statement has none of its own)."""
    from quizapp.core.model import CardQuestion, ChoiceQuestion, FillQuestion, MultiQuestion

    match q:
        case ChoiceQuestion():
            return [q.answer]
        case MultiQuestion():
            return list(q.answers)
        case FillQuestion():
            return [b.answer for b in q.blanks]
        case CardQuestion():
            return [q.back]
    return []


def pairs(q) -> list[tuple[str, str]]:
    return list(getattr(q, "pairs", ()))


def items(q) -> list[str]:
    from quizapp.core.model import OrderQuestion

    return list(q.items) if isinstance(q, OrderQuestion) else []


def answers(q) -> list[str]:
    """A question's answers as another question could give them away (normalised, four
    characters or more); a pair is given away by a text showing both of its sides (their
    keys joined by a tab). A true/false or an order has no such answer."""
    from quizapp.core.coverage import key

    joined = [f"{key(a)}\t{key(b)}" for a, b in pairs(q)]
    return [k for k in map(key, said(q)) if len(k) >= MIN_ANSWER] + [
        j for j in joined if len(j) > MIN_ANSWER]


def gives_away(shower, asked) -> list[str]:
    """The answers of ``asked`` that ``shower`` shows (an answer among ``shower``'s options
    is a distractor there, and allowed)."""
    from quizapp.core.coverage import key

    texts = [key(t) for t in shown(shower)]
    found = []
    for answer in answers(asked):
        parts = answer.split("\t")
        if any(all(part in text for part in parts) for text in texts):
            found.append(answer.replace("\t", "→"))
    return found


def exposed_pairs() -> list[tuple[str, str, str, str, str]]:
    """(set of the one shown, its id, set of the one asked, its id, the answer) for every
    pair of questions where the first shows the second's answer."""
    return [(s1, q1.id, s2, q2.id, a) for s1, q1 in bank() for s2, q2 in bank()
            if q1.id != q2.id for a in gives_away(q1, q2)]


def test_no_question_gives_away_another_of_its_set():
    within = [f"{shower} shows the answer of {asked}: {a}"
              for s1, shower, s2, asked, a in exposed_pairs() if s1 == s2]
    assert not within, "\n".join(within)


def test_no_right_option_gives_away_another_of_its_set():
    """A right option (or a pair's right side) that says more than another question's answer
    and contains it teaches that answer whichever option a student picks: an application item
    names the concept (“长株潭系数”), it does not restate the sentence another question asks."""
    from quizapp.core.coverage import key
    from quizapp.core.model import ChoiceQuestion, MultiQuestion

    bad = []
    for s1, shower in bank():
        # what a student reads before answering: the options, the right sides of the pairs
        options = said(shower) if isinstance(shower, ChoiceQuestion | MultiQuestion) else []
        rights = options + [b for _, b in pairs(shower)]
        for s2, asked in bank():
            if s1 != s2 or asked.id == shower.id:
                continue
            bad += [f"{shower.id} says {asked.id}'s {a} in {r}" for a in answers(asked)
                    for r in map(key, rights)
                    if all(part in r for part in a.split("\t")) and a != r]
    assert not bad, "\n".join(bad)


def test_few_questions_give_away_one_of_another_set():
    across = {(shower, asked) for s1, shower, s2, asked, _ in exposed_pairs() if s1 != s2}
    assert len(across) <= MAX_EXPOSED_ACROSS, sorted(across)


def facts(q) -> list[str]:
    """What a question teaches as true (normalised): its right answer, both sides of each
    pair, the order items, a true statement."""
    from quizapp.core.coverage import key
    from quizapp.core.model import TrueFalseQuestion

    statement = [q.prompt] if isinstance(q, TrueFalseQuestion) and q.answer else []
    found = said(q) + [t for pair in pairs(q) for t in pair] + items(q) + statement
    return [k for k in map(key, found) if k]


def teaching(fact: str) -> list[str]:
    """The questions that teach ``fact``: one of their facts is it or contains it (a short
    fact, under four characters, only when it is one of their facts exactly)."""
    return [q.id for _, q in bank()
            if any(f == fact or (len(fact) >= MIN_ANSWER and fact in f) for f in facts(q))]


def test_at_most_two_questions_teach_one_fact():
    """"Fact" is decided by the answer's text, not by the quote: 互补联盟 asked by a choice,
    a fill and a card is one fact taught three times, whatever each quotes."""
    crowded = {}
    for _, q in bank():
        for fact in facts(q):
            ids = teaching(fact)
            if len(ids) > MAX_TEACHING_ONE_FACT:
                crowded[fact] = ids
    assert not crowded, "\n".join(f"{f}: {ids}" for f, ids in crowded.items())


def test_the_checks_catch_a_question_that_gives_another_away():
    from quizapp.core.model import Blank, ChoiceQuestion, FillQuestion, MatchQuestion

    asked = FillQuestion(id="a", prompt="株潭摒弃“{{c1::虹吸焦虑}}”。", blanks=(Blank(1, "虹吸焦虑"),))
    shower = ChoiceQuestion(id="b", prompt="株潭为什么要摒弃“虹吸焦虑”？", options=("x", "y"),
                            answer="x")
    distractor = ChoiceQuestion(id="c", prompt="株潭摒弃什么？", options=("虹吸焦虑", "溢出思维"),
                                answer="溢出思维")
    assert gives_away(shower, asked) == ["虹吸焦虑"]
    assert gives_away(distractor, asked) == []  # an answer among the options is allowed
    assert gives_away(asked, shower) == []  # a cloze shows its prompt with the blanks hidden
    pairs = MatchQuestion(id="m", prompt="配对", pairs=(("长沙", "工程机械"), ("株洲", "轨道交通")))
    listing = ChoiceQuestion(id="l", prompt="长沙的工程机械、株洲的轨道交通是什么关系？",
                             options=("互补联盟", "竞争关系"), answer="互补联盟")
    assert gives_away(listing, pairs) == ["长沙→工程机械", "株洲→轨道交通"]
    fill = FillQuestion(id="f", prompt="不是竞争关系，而是{{c1::互补联盟}}。",
                        blanks=(Blank(1, "互补联盟"),))
    card = ChoiceQuestion(id="k", prompt="三市产业不是竞争关系，而是互补联盟吗？",
                          options=("是", "否"), answer="是")
    assert gives_away(card, fill) == ["互补联盟"] and gives_away(fill, card) == []
    # and the built-in bank: 互补联盟 is one fill's answer, contained in no other answer
    assert teaching("互补联盟") == ["industries-relation-fill"]
    assert facts(fill) == ["互补联盟"] and answers(fill) == ["互补联盟"]


def test_level_apply_items_are_many_and_apply_a_new_situation():
    """An application item sets a case of its own: its stem is not a sentence of the article."""
    from quizapp.core.coverage import key

    article = key(ARTICLE.read_text(encoding="utf-8"))
    applied = [q for _, q in bank() if q.level == "apply"]
    assert len(applied) >= MIN_APPLY, [q.id for q in applied]
    retold = [q.id for q in applied if key(q.prompt)[:20] in article]
    assert not retold, retold


def test_no_paragraph_carries_more_than_a_fifth_of_the_bank():
    from quizapp.core.coverage import coverage

    found = coverage(ARTICLE.read_text(encoding="utf-8"), [q for _, q in bank()])
    heavy = {p.number: len(p.questions) for p in found.paragraphs
             if len(p.questions) * 5 > found.questions}
    assert not heavy, f"{heavy} of {found.questions} questions"


def test_no_free_points():
    """A match of three pairs is settled once two are placed: four pairs at least. A true
    statement that copies the article (a run of ten characters or more) asks nothing."""
    from quizapp.core.coverage import key
    from quizapp.core.model import MatchQuestion, TrueFalseQuestion

    article = key(ARTICLE.read_text(encoding="utf-8"))
    short = [q.id for _, q in bank() if isinstance(q, MatchQuestion) and len(q.pairs) < 4]
    assert not short, short
    copied = [q.id for _, q in bank() if isinstance(q, TrueFalseQuestion) and q.answer
              and any(key(q.prompt)[i:i + 10] in article for i in range(len(key(q.prompt)) - 9))]
    assert not copied, copied


def test_order_questions_do_not_ask_for_side_by_side_steps():
    """Only sequences that mean something: no "排列……要做的事" lists of parallel measures."""
    bad = [q["id"] for _, q in questions()
           if q["type"] == "order" and re.search(r"要做的(事|三件事)", q["prompt"])]
    assert not bad, bad


def test_choices_keep_their_shuffle():
    """Pinning the options (shuffle: false) would put the answer at the same letter every time."""
    pinned = [q["id"] for _, q in questions() if str(q.get("shuffle", "true")).lower() == "false"]
    assert not pinned, pinned
