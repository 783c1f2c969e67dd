"""Check the plain data of one question file and build the model from it.

Works on what YAML produced (dicts, lists and strings) and knows nothing of lines:
each problem is an :class:`Issue` with a path into the document (``("questions", 3,
"answer")``), which the loader turns into ``line:col`` only when there is a problem.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from quizapp.core.model import (
    CLOZE_RE,
    LEVELS,
    QUESTION_TYPES,
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

Where = Literal["key", "value"]


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem at ``path`` in the document: at the key itself or at its value."""

    path: tuple
    message: str
    where: Where = "value"


SET_KEYS = ("title", "deck", "tags", "source", "questions")
COMMON_KEYS = ("id", "type", "prompt", "explain", "quote", "tags", "points", "level")
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("options", "answer", "shuffle"),
    "multi": ("options", "answer", "shuffle"),
    "truefalse": ("answer",),
    "fill": ("accept",),
    "match": ("pairs",),
    "order": ("items",),
    "card": ("front", "back"),
}
ALL_QUESTION_KEYS = tuple(dict.fromkeys(COMMON_KEYS + sum(TYPE_KEYS.values(), ())))
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
MIN_OPTIONS, MAX_OPTIONS = 2, 8

TRUE_WORDS = {"true", "yes", "y", "t", "对", "是", "√", "✓", "✔", "正确"}
FALSE_WORDS = {"false", "no", "n", "f", "错", "否", "×", "✗", "✘", "x", "错误"}
#: Chinese names a teacher may write for a level
LEVEL_WORDS = {"记忆": "recall", "识记": "recall", "理解": "understand", "应用": "apply", "运用": "apply"}
SHUFFLE_TRUE = {"true", "yes", "on"}
SHUFFLE_FALSE = {"false", "no", "off"}


def _show(value: object) -> str:
    """A value quoted for a message, shortened."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 40:
        text = text[:39] + "…"
    return f"“{text}”"


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def suggest(word: str, choices: tuple[str, ...]) -> str:
    """`` (did you mean `prompt`?)`` or an empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


class _Checker:
    def __init__(self) -> None:
        self.issues: list[Issue] = []
        #: every well-formed question id with its path, valid question or not
        self.ids: list[tuple[str, tuple]] = []

    def add(self, path: tuple, message: str, where: Where = "value") -> None:
        self.issues.append(Issue(path, message, where))

    # --- scalar helpers -------------------------------------------------------------

    def text(self, data: dict, key: str, path: tuple, *, required: bool = False,
             what: str = "") -> str:
        """A text value; empty string when absent (an issue when required)."""
        if key not in data:
            if required:
                self.add(path, f"{what or 'this'} has no `{key}`")
            return ""
        value = data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add(path + (key,), f"`{key}` must be text, not {_kind(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.add(path + (key,), f"`{key}` is empty")
        return value

    def text_list(self, value: object, path: tuple, key: str) -> list[str] | None:
        if not isinstance(value, list):
            self.add(path, f"`{key}` must be a list (one `- item` per line, or [a, b]), "
                           f"not {_kind(value)}")
            return None
        out = []
        ok = True
        for i, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str):
                self.add(path + (i,), f"each item of `{key}` must be text, not {_kind(item)}")
                ok = False
            elif not item.strip():
                self.add(path + (i,), f"item {i + 1} of `{key}` is empty")
                ok = False
            else:
                out.append(item.strip())
        return out if ok else None

    def tags(self, data: dict, path: tuple) -> tuple[str, ...]:
        if "tags" not in data:
            return ()
        value = data["tags"]
        if isinstance(value, str):
            value = [value]
        tags = self.text_list(value, path + ("tags",), "tags")
        return tuple(tags or ())

    def unknown_keys(self, data: dict, allowed: tuple[str, ...], path: tuple,
                     others: tuple[str, ...] = (), owner: str = "") -> None:
        for key in data:
            if key in allowed:
                continue
            if not isinstance(key, str):
                self.add(path, f"a key must be text, not {_kind(key)}")
            elif key in others:
                self.add(path + (key,), f"`{key}` is not used by {owner}", "key")
            else:
                self.add(path + (key,), f"unknown key `{key}`{suggest(key, allowed)}", "key")

    # --- the set ----------------------------------------------------------------------

    def build_set(self, doc: object, key: str, path: str) -> QuestionSet | None:
        if not isinstance(doc, dict):
            self.add((), f"a question file must be a mapping with `title` and `questions`, "
                         f"not {_kind(doc)}")
            return None
        self.unknown_keys(doc, SET_KEYS, (), ALL_QUESTION_KEYS, "the file's top level "
                          "(question fields belong inside an item of `questions`)")
        title = self.text(doc, "title", (), required=True, what="the file")
        deck = self.text(doc, "deck", ())
        if deck and any(not part.strip() for part in deck.split("::")):
            self.add(("deck",), f"the deck path {_show(deck)} has an empty part between `::`")
        deck = "::".join(part.strip() for part in deck.split("::")) if deck else title
        source = self.text(doc, "source", ())
        set_tags = self.tags(doc, ())
        questions = []
        if "questions" not in doc:
            self.add((), "the file has no `questions`")
        elif not isinstance(doc["questions"], list):
            self.add(("questions",), f"`questions` must be a list of questions, not "
                                     f"{_kind(doc['questions'])}")
        elif not doc["questions"]:
            self.add(("questions",), "`questions` is empty: add at least one question")
        else:
            for index, item in enumerate(doc["questions"]):
                q = self.question(item, ("questions", index), key, set_tags)
                if q is not None:
                    questions.append(q)
        return QuestionSet(key=key, title=title, path=path, questions=tuple(questions),
                           deck=deck, tags=set_tags, source=source)

    # --- one question -------------------------------------------------------------------

    def question(self, data: object, path: tuple, set_key: str, set_tags: tuple[str, ...]):
        if not isinstance(data, dict):
            self.add(path, f"each question must be a mapping (`id: ...`, `type: ...`), "
                           f"not {_kind(data)}")
            return None
        before = len(self.issues)
        qid = self.text(data, "id", path, required=True, what="this question")
        label = f"question `{qid}`" if qid else "this question"
        if qid and not ID_RE.match(qid):
            self.add(path + ("id",), f"id {_show(qid)} may use only ASCII letters, digits, `-` "
                                     "and `_`, starting with a letter or digit")
        elif qid:
            self.ids.append((qid, path + ("id",)))
        qtype = self.text(data, "type", path, required=True, what=label)
        if qtype and qtype not in QUESTION_TYPES:
            self.add(path + ("type",), f"unknown type {_show(qtype)}{suggest(qtype, QUESTION_TYPES)}; "
                                       f"one of: {', '.join(QUESTION_TYPES)}")
            qtype = ""
        if qtype:
            allowed = COMMON_KEYS + TYPE_KEYS[qtype]
            if qtype == "card":
                allowed = tuple(k for k in allowed if k != "prompt")
            self.unknown_keys(data, allowed, path, ALL_QUESTION_KEYS, f"a `{qtype}` question")
        else:
            self.unknown_keys(data, ALL_QUESTION_KEYS, path)
        common = {
            "id": qid,
            "explain": self.text(data, "explain", path),
            "quote": self.text(data, "quote", path),
            "tags": tuple(dict.fromkeys(set_tags + self.tags(data, path))),
            "points": self.points(data, path),
            "level": self.level(data, path),
            "set_key": set_key,
        }
        if qtype and qtype != "card":
            common["prompt"] = self.text(data, "prompt", path, required=True, what=label)
        question = getattr(self, f"q_{qtype}")(data, path, common, label) if qtype else None
        if len(self.issues) != before:
            return None
        return question

    def points(self, data: dict, path: tuple) -> int:
        if "points" not in data:
            return 1
        value = data["points"]
        if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.add(path + ("points",), f"`points` must be a whole number of at least 1, "
                                         f"not {_show(value)}")
            return 1
        return value

    def level(self, data: dict, path: tuple) -> str:
        if "level" not in data:
            return "recall"
        value = data["level"]
        word = value.strip() if isinstance(value, str) else value
        if isinstance(word, str) and word.lower() in LEVELS:
            return word.lower()
        if isinstance(word, str) and word in LEVEL_WORDS:
            return LEVEL_WORDS[word]
        shown = f"{_show(value)}{suggest(word.lower(), LEVELS)}" if isinstance(word, str) \
            else _kind(value)
        self.add(path + ("level",), f"`level` must be one of: {', '.join(LEVELS)}, not {shown}")
        return "recall"

    def distinct_list(self, data: dict, key: str, noun: str, path: tuple,
                      label: str) -> list[str] | None:
        """``data[key]``: 2 to 8 distinct non-empty texts (``noun`` names one in messages)."""
        if key not in data:
            self.add(path, f"{label} has no `{key}`")
            return None
        items = self.text_list(data[key], path + (key,), key)
        if items is None:
            return None
        if not MIN_OPTIONS <= len(items) <= MAX_OPTIONS:
            self.add(path + (key,), f"`{key}` needs {MIN_OPTIONS} to {MAX_OPTIONS} {noun}s, "
                                    f"not {len(items)}")
            return None
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if item in first:
                self.add(path + (key, i), f"{noun} {_show(item)} is repeated "
                                          f"({noun}s {first[item] + 1} and {i + 1})")
                return None
            first[item] = i
        return items

    def options(self, data: dict, path: tuple, label: str) -> list[str] | None:
        return self.distinct_list(data, "options", "option", path, label)

    def shuffle(self, data: dict, path: tuple) -> bool:
        if "shuffle" not in data:
            return True
        value = data["shuffle"]
        word = value.strip().lower() if isinstance(value, str) else value
        if word in SHUFFLE_TRUE or word is True:
            return True
        if word in SHUFFLE_FALSE or word is False:
            return False
        self.add(path + ("shuffle",), f"`shuffle` must be true or false, not {_show(value)}")
        return True

    def answer_option(self, answer: object, options: list[str], path: tuple) -> str | None:
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            answer = str(answer)
        if not isinstance(answer, str):
            self.add(path, f"the answer must be one of the options, as text, not {_kind(answer)}")
            return None
        answer = answer.strip()
        if answer in options:
            return answer
        listed = ", ".join(_show(o) for o in options)
        close = difflib.get_close_matches(answer, options, n=1, cutoff=0.5)
        hint = f"; did you mean {_show(close[0])}?" if close else ""
        self.add(path, f"the answer {_show(answer)} is not one of the options ({listed}){hint}")
        return None

    # --- by type --------------------------------------------------------------------------

    def q_choice(self, data: dict, path: tuple, common: dict, label: str):
        options = self.options(data, path, label)
        shuffle = self.shuffle(data, path)
        if "answer" not in data:
            self.add(path, f"{label} has no `answer`")
            return None
        if options is None:
            return None
        if isinstance(data["answer"], list):
            self.add(path + ("answer",), "a `choice` question has one answer; for several "
                                         "right answers use `type: multi`")
            return None
        answer = self.answer_option(data["answer"], options, path + ("answer",))
        if answer is None:
            return None
        return ChoiceQuestion(options=tuple(options), answer=answer, shuffle=shuffle, **common)

    def q_multi(self, data: dict, path: tuple, common: dict, label: str):
        options = self.options(data, path, label)
        shuffle = self.shuffle(data, path)
        if "answer" not in data:
            self.add(path, f"{label} has no `answer`")
            return None
        raw = data["answer"]
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            self.add(path + ("answer",), "`answer` is empty: list at least one right option")
            return None
        if options is None:
            return None
        answers: list[str] = []
        for i, item in enumerate(items):
            where = path + ("answer", i) if isinstance(raw, list) else path + ("answer",)
            answer = self.answer_option(item, options, where)
            if answer is None:
                return None
            if answer in answers:
                self.add(where, f"the answer {_show(answer)} is listed twice")
                return None
            answers.append(answer)
        return MultiQuestion(options=tuple(options), answers=frozenset(answers), shuffle=shuffle,
                             **common)

    def q_truefalse(self, data: dict, path: tuple, common: dict, label: str):
        if "answer" not in data:
            self.add(path, f"{label} has no `answer`")
            return None
        value = data["answer"]
        word = value.strip().casefold() if isinstance(value, str) else value
        if word is True or word in TRUE_WORDS:
            return TrueFalseQuestion(answer=True, **common)
        if word is False or word in FALSE_WORDS:
            return TrueFalseQuestion(answer=False, **common)
        self.add(path + ("answer",), f"a `truefalse` answer must be true or false "
                                     f"(or 对/错, 是/否, √/×, yes/no), not {_show(value)}")
        return None

    def q_fill(self, data: dict, path: tuple, common: dict, label: str):
        prompt = common.get("prompt", "")
        if not prompt:
            return None
        matches = list(CLOZE_RE.finditer(prompt))
        if not matches:
            self.add(path + ("prompt",), "a `fill` prompt needs at least one blank written "
                                         "{{c1::answer}} (or {{c1::answer::hint}})")
            return None
        stray = CLOZE_RE.sub("", prompt)
        if "{{" in stray or "}}" in stray:
            self.add(path + ("prompt",), "a blank is not written as {{c1::answer}}: check the "
                                         "braces, the `c` and the number, and the `::`")
            return None
        answers: dict[int, tuple[str, str]] = {}
        for m in matches:
            number, answer, hint = int(m.group(1)), m.group(2).strip(), (m.group(3) or "").strip()
            if not answer:
                self.add(path + ("prompt",), f"blank c{number} has no answer")
                return None
            if number in answers and answers[number][0] != answer:
                self.add(path + ("prompt",), f"blank c{number} is given two different answers: "
                                             f"{_show(answers[number][0])} and {_show(answer)}")
                return None
            answers.setdefault(number, (answer, hint))
        numbers = sorted(answers)
        missing = [n for n in range(1, numbers[-1] + 1) if n not in answers]
        if missing or numbers[0] < 1:
            gap = ", ".join(f"c{n}" for n in missing) or "c0"
            self.add(path + ("prompt",), f"blanks are numbered from c1 without gaps: {gap} "
                                         f"{'is' if len(missing) <= 1 else 'are'} missing")
            return None
        accept = self.accept(data, path, numbers)
        if accept is None:
            return None
        blanks = tuple(Blank(n, answers[n][0], answers[n][1], tuple(accept.get(n, ())))
                       for n in numbers)
        return FillQuestion(blanks=blanks, **common)

    def accept(self, data: dict, path: tuple, numbers: list[int]) -> dict[int, list[str]] | None:
        if "accept" not in data:
            return {}
        raw = data["accept"]
        if not isinstance(raw, dict):
            self.add(path + ("accept",), "`accept` maps a blank's number to extra accepted "
                                         "answers, e.g. accept: {1: [湘江水]}")
            return None
        out: dict[int, list[str]] = {}
        for key, value in raw.items():
            text = str(key).strip().lower().removeprefix("c")
            if not text.isdigit() or int(text) not in numbers:
                have = ", ".join(str(n) for n in numbers)
                self.add(path + ("accept", key), f"`accept` names blank {_show(str(key))}, but the "
                                                 f"prompt's blanks are {have}", "key")
                return None
            values = value if isinstance(value, list) else [value]
            items = self.text_list(values, path + ("accept", key), "accept")
            if items is None:
                return None
            out[int(text)] = items
        return out

    def q_match(self, data: dict, path: tuple, common: dict, label: str):
        if "pairs" not in data:
            self.add(path, f"{label} has no `pairs`")
            return None
        raw = data["pairs"]
        if not isinstance(raw, dict):
            self.add(path + ("pairs",), f"`pairs` must be a mapping of left item: right item, "
                                        f"not {_kind(raw)}")
            return None
        if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
            self.add(path + ("pairs",), f"`pairs` needs {MIN_OPTIONS} to {MAX_OPTIONS} pairs, "
                                        f"not {len(raw)}")
            return None
        pairs: list[tuple[str, str]] = []
        first: dict[str, str] = {}
        for left, right in raw.items():
            if isinstance(right, (int, float)) and not isinstance(right, bool):
                right = str(right)
            if not isinstance(left, str) or not left.strip():
                self.add(path + ("pairs",), "each left item of `pairs` must be non-empty text")
                return None
            if not isinstance(right, str) or not right.strip():
                self.add(path + ("pairs", left), f"the right item for {_show(left)} must be "
                                                 f"non-empty text, not {_kind(right)}")
                return None
            right = right.strip()
            if right in first:
                self.add(path + ("pairs", left), f"the right item {_show(right)} is used twice "
                                                 f"(for {_show(first[right])} and {_show(left)})")
                return None
            first[right] = left
            pairs.append((left.strip(), right))
        return MatchQuestion(pairs=tuple(pairs), **common)

    def q_order(self, data: dict, path: tuple, common: dict, label: str):
        items = self.distinct_list(data, "items", "item", path, label)
        if items is None:
            return None
        return OrderQuestion(items=tuple(items), **common)

    def q_card(self, data: dict, path: tuple, common: dict, label: str):
        front = self.text(data, "front", path, required=True, what=label)
        back = self.text(data, "back", path, required=True, what=label)
        if not front or not back:
            return None
        return CardQuestion(prompt=front, front=front, back=back, **common)


def build_set(doc: object, *, key: str, path: str
              ) -> tuple[QuestionSet | None, list[Issue], list[tuple[str, tuple]]]:
    """Validate one file's data.

    Returns the set (with its valid questions), every issue, and every well-formed
    question id with its path (for the loader's check that ids are unique).
    """
    checker = _Checker()
    qset = checker.build_set(doc, key, path)
    return qset, checker.issues, checker.ids
