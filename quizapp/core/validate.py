"""Check the plain data of one question file and build the model from it.

Works on what YAML produced (dicts, lists and strings) and knows nothing of lines:
each problem is an :class:`Issue` with a path into the document (``("questions", 3,
"answer")``), which the loader turns into ``line:col`` only when there is a problem.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from quizapp.core.layout import FULLWIDTH_BRACKETS, ODD_SPACES
from quizapp.core.messages import Msg, msg
from quizapp.core.model import (
    CLOZE_RE,
    LEVELS,
    QUESTION_TYPES,
    AnyQuestion,
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
from quizapp.untrusted import MAX_FIELD_CHARS, MAX_PROBLEMS

Where = Literal["key", "value"]


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem at ``path`` in the document: at the key itself or at its value."""

    path: tuple[Any, ...]
    message: Msg
    where: Where = "value"


SET_KEYS = ("title", "deck", "tags", "source", "questions")
COMMON_KEYS = ("id", "type", "prompt", "explain", "quote", "tags", "points", "level")
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("options", "answer", "shuffle"),
    "multi": ("options", "answer", "shuffle"),
    "truefalse": ("answer",),
    "fill": ("accept",),
    "match": ("pairs", "extra"),
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
#: the words a teacher may write for a type (Chinese or English), as the Excel importer reads them
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "choice": ("单选", "单选题", "单项选择", "单项选择题", "选择题", "choice", "single",
               "singlechoice"),
    "multi": ("多选", "多选题", "多项选择", "多项选择题", "不定项", "不定项选择题", "multi",
              "multiple", "multipleanswer", "multiselect"),
    "truefalse": ("判断", "判断题", "是非题", "对错题", "truefalse", "true/false", "tf",
                  "true-false", "boolean"),
    "fill": ("填空", "填空题", "fill", "blank", "blanks", "cloze", "fill-in", "fillin"),
    "match": ("连线", "连线题", "匹配", "匹配题", "match", "matching"),
    "order": ("排序", "排序题", "order", "ordering", "sequence"),
    "card": ("闪卡", "卡片", "问答", "问答题", "简答", "简答题", "名词解释", "card", "flashcard",
             "basic"),
}
_TYPE_OF_WORD = {word: key for key, words in TYPE_WORDS.items() for word in words}


def type_of_word(word: str) -> str | None:
    """The type a written word names (``单选``, ``判断题``, ``Choice``), or None."""
    key = re.sub(r"[\s_:：*]+", "", unicodedata.normalize("NFKC", word)).lower()
    return _TYPE_OF_WORD.get(key)


#: what separates the parts of an answer written on one line (长沙、株洲)
_ANSWER_SEP = re.compile(r"\s*[、，,；;]\s*")
_WIDE_SEP = re.compile("[，、；]")
_LETTERS = "ABCDEFGH"
_LETTER_ANSWER = re.compile(r"[A-H](?:[\s,，、]*[A-H])*\Z")
#: items of a list of texts (tags, other accepted answers): more is nothing a person reads
MAX_LIST = 100
SHUFFLE_TRUE = {"true", "yes", "on"}
SHUFFLE_FALSE = {"false", "no", "off"}


def _show(value: object) -> str:
    """A value quoted for a message, shortened."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 40:
        text = text[:39] + "…"
    return f"“{text}”"


def _kind(value: object) -> Msg:
    """What kind of value ``value`` is, as a message parameter."""
    if isinstance(value, dict):
        return msg("kind.mapping")
    if isinstance(value, list):
        return msg("kind.list")
    if value is None:
        return msg("kind.nothing")
    if isinstance(value, str):
        return msg("kind.text")
    return msg("kind.other", name=type(value).__name__)


def suggest(word: str, choices: tuple[str, ...]) -> Msg | str:
    """`` (did you mean `prompt`?)`` as a message, or an empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return msg("problem.did_you_mean_key", key=close[0]) if close else ""


class _Checker:
    def __init__(self) -> None:
        self.issues: list[Issue] = []
        #: keys written with an odd space before them (``　　prompt``): not missing, misplaced
        self.odd_keys: set[str] = set()
        #: every well-formed question id with its path, valid question or not
        self.ids: list[tuple[str, tuple[Any, ...]]] = []
        #: issues found after the first :data:`MAX_PROBLEMS` (counted, not kept)
        self.dropped = 0
        self.first_dropped: Issue | None = None

    @property
    def full(self) -> bool:
        return len(self.issues) >= MAX_PROBLEMS

    def add(self, path: tuple[Any, ...], message: Msg, where: Where = "value") -> None:
        if self.full:
            self.dropped += 1
            if self.first_dropped is None:
                self.first_dropped = Issue(path, message, where)
            return
        self.issues.append(Issue(path, message, where))

    # --- scalar helpers -------------------------------------------------------------

    def text(self, data: dict[str, Any], key: str, path: tuple[Any, ...], *, required: bool = False,
             what: Msg | None = None) -> str:
        """A text value; empty string when absent (an issue when required)."""
        if key not in data:
            if required:
                self.add(path, msg("problem.missing_key", what=what or msg("what.this"), key=key))
            return ""
        value: object = data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add(path + (key,), msg("problem.not_text", key=key, kind=_kind(value)))
            return ""
        value = value.strip()
        if required and not value:
            self.add(path + (key,), msg("problem.empty_value", key=key))
        return self.bounded(value, key, path + (key,))

    def bounded(self, value: str, key: str, path: tuple[Any, ...]) -> str:
        """``value``, or (a problem) its first :data:`MAX_FIELD_CHARS` characters when it is
        longer: no question needs more, and a ten-million-character prompt would take
        minutes to show."""
        if len(value) <= MAX_FIELD_CHARS:
            return value
        self.add(path, msg("problem.too_long", key=key, length=len(value),
                           limit=MAX_FIELD_CHARS))
        return value[:MAX_FIELD_CHARS]

    def text_list(self, value: object, path: tuple[Any, ...], key: str) -> list[str] | None:
        if not isinstance(value, list):
            if isinstance(value, str) and value.strip()[:1] in FULLWIDTH_BRACKETS:
                self.add(path, msg("layout.fullwidth_bracket", bracket=value.strip()[0]))
            else:
                self.add(path, msg("problem.not_list", key=key, kind=_kind(value)))
            return None
        if len(value) > MAX_LIST:  # tags each question copies, answers each grading tries
            self.add(path, msg("problem.too_many", key=key, n=len(value), limit=MAX_LIST))
            return None
        out = []
        ok = True
        for i, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str):
                self.add(path + (i,), msg("problem.item_not_text", key=key, kind=_kind(item)))
                ok = False
            elif not item.strip():
                self.add(path + (i,), msg("problem.item_empty", key=key, n=i + 1))
                ok = False
            else:
                out.append(self.bounded(item.strip(), key, path + (i,)))
        return out if ok else None

    def tags(self, data: dict[str, Any], path: tuple[Any, ...]) -> tuple[str, ...]:
        if "tags" not in data:
            return ()
        value = data["tags"]
        if isinstance(value, str):
            value = [value]
        tags = self.text_list(value, path + ("tags",), "tags")
        return tuple(tags or ())

    def unknown_keys(self, data: dict[str, Any], allowed: tuple[str, ...], path: tuple[Any, ...],
                     others: tuple[str, ...] = (), owner: Msg | None = None) -> None:
        for key in data:
            if key in allowed:
                continue
            if not isinstance(key, str):
                self.add(path, msg("problem.key_not_text", kind=_kind(key)))
            elif key[:1] in ODD_SPACES and key.lstrip("".join(ODD_SPACES) + " ") in others:
                # the file's last line indented with full-width spaces: YAML takes the
                # spaces for part of the key, and the key for one of the level above
                self.odd_keys.add(key.lstrip("".join(ODD_SPACES) + " "))
                self.add(path + (key,), msg("layout.odd_indent",
                                            space=msg(ODD_SPACES[key[0]])), "key")
            elif self.full:  # not listed: no time spent on a suggestion
                self.add(path + (key,), msg("problem.unknown_key", key=key, hint=""), "key")
            elif key in others:
                self.add(path + (key,), msg("problem.key_not_used", key=key, owner=owner or ""),
                         "key")
            else:
                self.add(path + (key,), msg("problem.unknown_key", key=key,
                                            hint=suggest(key, allowed)), "key")

    # --- the set ----------------------------------------------------------------------

    def build_set(self, doc: object, key: str, path: str) -> QuestionSet | None:
        if not isinstance(doc, dict):
            self.add((), msg("problem.not_a_set", kind=_kind(doc)))
            return None
        self.unknown_keys(doc, SET_KEYS, (), ALL_QUESTION_KEYS, msg("owner.top_level"))
        title = self.text(doc, "title", (), required=True, what=msg("what.file"))
        deck = self.text(doc, "deck", ())
        if deck and any(not part.strip() for part in deck.split("::")):
            self.add(("deck",), msg("problem.deck_empty_part", deck=_show(deck)))
        deck = "::".join(part.strip() for part in deck.split("::")) if deck else title
        source = self.text(doc, "source", ())
        set_tags = self.tags(doc, ())
        questions = []
        if "questions" not in doc:
            self.add((), msg("problem.missing_key", what=msg("what.file"), key="questions"))
        elif not isinstance(doc["questions"], list):
            self.add(("questions",), msg("problem.questions_not_list",
                                         kind=_kind(doc["questions"])))
        elif not doc["questions"]:
            self.add(("questions",), msg("problem.questions_empty"))
        else:
            for index, item in enumerate(doc["questions"]):
                q = self.question(item, ("questions", index), key, set_tags)
                if q is not None:
                    questions.append(q)
        if self.odd_keys:  # the cause is said; "prompt is missing" would only mislead
            self.issues = [i for i in self.issues if not (
                i.message.key == "problem.missing_key"
                and dict(i.message.params).get("key") in self.odd_keys)]
        return QuestionSet(key=key, title=title, path=path, questions=tuple(questions),
                           deck=deck, tags=set_tags, source=source)

    # --- one question -------------------------------------------------------------------

    def question(self, data: object, path: tuple[Any, ...], set_key: str,
                 set_tags: tuple[str, ...]) -> AnyQuestion | None:
        if not isinstance(data, dict):
            self.add(path, msg("problem.question_not_mapping", kind=_kind(data)))
            return None
        before = len(self.issues)
        qid = self.text(data, "id", path, required=True, what=msg("what.question"))
        label = msg("what.question_id", id=qid) if qid else msg("what.question")
        if qid and not ID_RE.match(qid):
            self.add(path + ("id",), msg("problem.bad_id", id=_show(qid)))
        elif qid:
            self.ids.append((qid, path + ("id",)))
        qtype = self.text(data, "type", path, required=True, what=label)
        if qtype and qtype not in QUESTION_TYPES:
            qtype = type_of_word(qtype) or qtype
        if qtype and qtype not in QUESTION_TYPES:
            self.add(path + ("type",), msg("problem.unknown_type", type=_show(qtype),
                                           hint=suggest(qtype, QUESTION_TYPES),
                                           types=", ".join(QUESTION_TYPES)))
            qtype = ""
        if qtype:
            allowed = COMMON_KEYS + TYPE_KEYS[qtype]
            if qtype == "card":
                allowed = tuple(k for k in allowed if k != "prompt")
            self.unknown_keys(data, allowed, path, ALL_QUESTION_KEYS,
                              msg("owner.type", type=qtype))
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

    def points(self, data: dict[str, Any], path: tuple[Any, ...]) -> int:
        if "points" not in data:
            return 1
        value = data["points"]
        if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
            value = int(value.strip())
        elif isinstance(value, str) and unicodedata.normalize("NFKC", value).strip().isdigit():
            self.add(path + ("points",), msg("problem.fullwidth_digits", value=_show(value),
                                             fixed=unicodedata.normalize("NFKC", value).strip()))
            return 1
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.add(path + ("points",), msg("problem.bad_points", value=_show(value)))
            return 1
        return value

    def level(self, data: dict[str, Any], path: tuple[Any, ...]) -> str:
        if "level" not in data:
            return "recall"
        value = data["level"]
        word = value.strip() if isinstance(value, str) else value
        if isinstance(word, str) and word.lower() in LEVELS:
            return word.lower()
        if isinstance(word, str) and word in LEVEL_WORDS:
            return LEVEL_WORDS[word]
        if isinstance(word, str):
            shown, hint = _show(value), suggest(word.lower(), LEVELS)
        else:
            shown, hint = _kind(value), ""  # type: ignore[assignment]  # a Msg shows as text
        self.add(path + ("level",), msg("problem.bad_level", levels=", ".join(LEVELS),
                                        value=shown, hint=hint))
        return "recall"

    def distinct_list(self, data: dict[str, Any], key: str, path: tuple[Any, ...],
                      label: Msg) -> list[str] | None:
        """``data[key]``: 2 to 8 distinct non-empty texts."""
        if key not in data:
            self.add(path, msg("problem.missing_key", what=label, key=key))
            return None
        items = self.text_list(data[key], path + (key,), key)
        if items is None:
            return None
        wide = _WIDE_SEP.search(items[0]) if len(items) == 1 else None
        if wide is not None:
            comma = wide.group()
            self.add(path + (key,), msg("problem.fullwidth_comma_list", key=key, comma=comma))
            return None
        if not MIN_OPTIONS <= len(items) <= MAX_OPTIONS:
            self.add(path + (key,), msg(f"problem.count_{key}", min=MIN_OPTIONS,
                                        max=MAX_OPTIONS, n=len(items)))
            return None
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if item in first:
                self.add(path + (key, i), msg(f"problem.repeated_{key}", value=_show(item),
                                              a=first[item] + 1, b=i + 1))
                return None
            first[item] = i
        return items

    def options(self, data: dict[str, Any], path: tuple[Any, ...], label: Msg) -> list[str] | None:
        return self.distinct_list(data, "options", path, label)

    def shuffle(self, data: dict[str, Any], path: tuple[Any, ...]) -> bool:
        if "shuffle" not in data:
            return True
        value = data["shuffle"]
        word = value.strip().lower() if isinstance(value, str) else value
        if word in SHUFFLE_TRUE or word is True:
            return True
        if word in SHUFFLE_FALSE or word is False:
            return False
        self.add(path + ("shuffle",), msg("problem.bad_shuffle", value=_show(value)))
        return True

    def answer_option(self, answer: object, options: list[str], path: tuple[Any, ...],
                      options_path: tuple[Any, ...] = (), multi: bool = False) -> str | None:
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            answer = str(answer)
        if not isinstance(answer, str):
            self.add(path, msg("problem.answer_not_text", kind=_kind(answer)))
            return None
        answer = answer.strip()
        if answer in options:
            return answer
        slip = _answer_slip(answer, options, multi)
        if slip is not None:
            where, message = slip
            self.add(path if where is None else options_path + (where,), message)
            return None
        listed = tuple(_show(o) for o in options)
        close = difflib.get_close_matches(answer, options, n=1, cutoff=0.5)
        hint = msg("problem.did_you_mean_value", value=_show(close[0])) if close else ""
        self.add(path, msg("problem.answer_not_option", answer=_show(answer), options=listed,
                           hint=hint))
        return None

    # --- by type --------------------------------------------------------------------------

    def q_choice(self, data: dict[str, Any], path: tuple[Any, ...], common: dict[str, Any],
                 label: Msg) -> ChoiceQuestion | None:
        options = self.options(data, path, label)
        shuffle = self.shuffle(data, path)
        if "answer" not in data:
            self.add(path, msg("problem.missing_key", what=label, key="answer"))
            return None
        if options is None:
            return None
        if isinstance(data["answer"], list):
            self.add(path + ("answer",), msg("problem.choice_one_answer"))
            return None
        answer = self.answer_option(data["answer"], options, path + ("answer",),
                                    path + ("options",))
        if answer is None:
            return None
        return ChoiceQuestion(options=tuple(options), answer=answer, shuffle=shuffle, **common)

    def q_multi(self, data: dict[str, Any], path: tuple[Any, ...], common: dict[str, Any],
                 label: Msg) -> MultiQuestion | None:
        options = self.options(data, path, label)
        shuffle = self.shuffle(data, path)
        if "answer" not in data:
            self.add(path, msg("problem.missing_key", what=label, key="answer"))
            return None
        raw = data["answer"]
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            self.add(path + ("answer",), msg("problem.multi_empty"))
            return None
        if options is None:
            return None
        answers: list[str] = []
        for i, item in enumerate(items):
            where = path + ("answer", i) if isinstance(raw, list) else path + ("answer",)
            answer = self.answer_option(item, options, where, path + ("options",),
                                        multi=not isinstance(raw, list))
            if answer is None:
                return None
            if answer in answers:
                self.add(where, msg("problem.answer_twice", answer=_show(answer)))
                return None
            answers.append(answer)
        return MultiQuestion(options=tuple(options), answers=frozenset(answers), shuffle=shuffle,
                             **common)

    def q_truefalse(self, data: dict[str, Any], path: tuple[Any, ...], common: dict[str, Any],
                 label: Msg) -> TrueFalseQuestion | None:
        if "answer" not in data:
            self.add(path, msg("problem.missing_key", what=label, key="answer"))
            return None
        value = data["answer"]
        word = value.strip().casefold() if isinstance(value, str) else value
        if word is True or word in TRUE_WORDS:
            return TrueFalseQuestion(answer=True, **common)
        if word is False or word in FALSE_WORDS:
            return TrueFalseQuestion(answer=False, **common)
        self.add(path + ("answer",), msg("problem.bad_truefalse", value=_show(value)))
        return None

    def q_fill(self, data: dict[str, Any], path: tuple[Any, ...], common: dict[str, Any],
                 label: Msg) -> FillQuestion | None:
        prompt = common.get("prompt", "")
        if not prompt:
            return None
        matches = list(CLOZE_RE.finditer(prompt))
        if not matches:
            self.add(path + ("prompt",), msg("problem.fill_no_blank"))
            return None
        stray = CLOZE_RE.sub("", prompt)
        if "{{" in stray or "}}" in stray:
            self.add(path + ("prompt",), msg("problem.fill_bad_blank"))
            return None
        answers: dict[int, tuple[str, str]] = {}
        for m in matches:
            number, answer, hint = int(m.group(1)), m.group(2).strip(), (m.group(3) or "").strip()
            if not answer:
                self.add(path + ("prompt",), msg("problem.blank_empty", n=number))
                return None
            if number in answers and answers[number][0] != answer:
                self.add(path + ("prompt",), msg("problem.blank_two_answers", n=number,
                                                 a=_show(answers[number][0]), b=_show(answer)))
                return None
            answers.setdefault(number, (answer, hint))
        numbers = sorted(answers)
        missing = [n for n in range(1, numbers[-1] + 1) if n not in answers]
        if missing or numbers[0] < 1:
            gap = ", ".join(f"c{n}" for n in missing) or "c0"
            self.add(path + ("prompt",), msg("problem.blank_gap", gap=gap))
            return None
        accept = self.accept(data, path, numbers)
        if accept is None:
            return None
        blanks = tuple(Blank(n, answers[n][0], answers[n][1], tuple(accept.get(n, ())))
                       for n in numbers)
        return FillQuestion(blanks=blanks, **common)

    def accept(self, data: dict[str, Any], path: tuple[Any, ...], numbers: list[int]) -> dict[int, list[str]] | None:
        if "accept" not in data:
            return {}
        raw = data["accept"]
        if isinstance(raw, (str, int, float, list)) and not isinstance(raw, bool):
            # a list (or one text) of other answers: for a prompt with a single blank
            if len(numbers) != 1:
                self.add(path + ("accept",), msg("problem.accept_needs_map", n=len(numbers)))
                return None
            items = self.text_list(raw if isinstance(raw, list) else [raw], path + ("accept",),
                                   "accept")
            return None if items is None else {numbers[0]: items}
        if not isinstance(raw, dict):
            self.add(path + ("accept",), msg("problem.accept_not_map", kind=_kind(raw)))
            return None
        out: dict[int, list[str]] = {}
        for key, value in raw.items():
            text = str(key).strip().lower().removeprefix("c")
            if not text.isdigit() or int(text) not in numbers:
                have = ", ".join(str(n) for n in numbers)
                self.add(path + ("accept", key), msg("problem.accept_unknown_blank",
                                                     name=_show(str(key)), have=have), "key")
                return None
            values = value if isinstance(value, list) else [value]
            items = self.text_list(values, path + ("accept", key), "accept")
            if items is None:
                return None
            out[int(text)] = items
        return out

    def q_match(self, data: dict[str, Any], path: tuple[Any, ...], common: dict[str, Any],
                 label: Msg) -> MatchQuestion | None:
        if "pairs" not in data:
            self.add(path, msg("problem.missing_key", what=label, key="pairs"))
            return None
        raw = data["pairs"]
        if not isinstance(raw, dict):
            self.add(path + ("pairs",), msg("problem.pairs_not_map", kind=_kind(raw)))
            return None
        if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
            self.add(path + ("pairs",), msg("problem.count_pairs", min=MIN_OPTIONS,
                                            max=MAX_OPTIONS, n=len(raw)))
            return None
        pairs: list[tuple[str, str]] = []
        first: dict[str, str] = {}
        for left, right in raw.items():
            if isinstance(right, (int, float)) and not isinstance(right, bool):
                right = str(right)
            if not isinstance(left, str) or not left.strip():
                self.add(path + ("pairs",), msg("problem.pair_left_empty"))
                return None
            if not isinstance(right, str) or not right.strip():
                self.add(path + ("pairs", left), msg("problem.pair_right_empty",
                                                     left=_show(left), kind=_kind(right)))
                return None
            right = self.bounded(right.strip(), "pairs", path + ("pairs", left))
            left = self.bounded(left, "pairs", path + ("pairs", left))
            if right in first:
                self.add(path + ("pairs", left), msg("problem.pair_right_twice",
                                                     right=_show(right), a=_show(first[right]),
                                                     b=_show(left)))
                return None
            first[right] = left
            pairs.append((left.strip(), right))
        extra = self.extra_rights(data, path, first, len(pairs))
        if extra is None:
            return None
        return MatchQuestion(pairs=tuple(pairs), extra=tuple(extra), **common)

    def extra_rights(self, data: dict[str, Any], path: tuple[Any, ...], paired: dict[str, str],
                     count: int) -> list[str] | None:
        """``extra``: right items that go with no left item, each once, none a pair's."""
        if "extra" not in data:
            return []
        raw = data["extra"]
        items = self.text_list(raw if isinstance(raw, list) else [raw], path + ("extra",),
                               "extra")
        if items is None:
            return None
        if count + len(items) > MAX_OPTIONS:
            self.add(path + ("extra",), msg("problem.count_extra", max=MAX_OPTIONS,
                                            pairs=count, n=len(items)))
            return None
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = path + ("extra", i) if isinstance(raw, list) else path + ("extra",)
            if item in paired:
                self.add(where, msg("problem.extra_is_paired", right=_show(item),
                                    left=_show(paired[item])))
                return None
            if item in seen:
                self.add(where, msg("problem.extra_twice", right=_show(item)))
                return None
            seen.add(item)
        return items

    def q_order(self, data: dict[str, Any], path: tuple[Any, ...], common: dict[str, Any],
                 label: Msg) -> OrderQuestion | None:
        items = self.distinct_list(data, "items", path, label)
        if items is None:
            return None
        return OrderQuestion(items=tuple(items), **common)

    def q_card(self, data: dict[str, Any], path: tuple[Any, ...], common: dict[str, Any],
                 label: Msg) -> CardQuestion | None:
        front = self.text(data, "front", path, required=True, what=label)
        back = self.text(data, "back", path, required=True, what=label)
        if not front or not back:
            return None
        return CardQuestion(prompt=front, front=front, back=back, **common)


def _answer_slip(answer: str, options: list[str], multi: bool
                 ) -> tuple[int | None, Msg] | None:
    """An answer that is not an option because of an input-method slip, said as the slip:
    a letter instead of the option's text, several answers on one line, or options run
    together by a full-width comma. ``(index of the option to point at or None, message)``."""
    letters = unicodedata.normalize("NFKC", answer).upper()
    if _LETTER_ANSWER.match(letters) and not any(o.upper() == letters for o in options):
        picked = [_LETTERS.index(c) for c in letters if c in _LETTERS]
        if all(i < len(options) for i in picked):
            texts = [options[i] for i in picked]
            fixed = texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"
            return None, msg("problem.answer_letter", answer=_show(answer), fixed=fixed)
    parts = [p for p in _ANSWER_SEP.split(answer) if p]
    if len(parts) > 1 and all(p in options for p in parts):
        if multi:
            return None, msg("problem.multi_answer_one_line", answer=_show(answer),
                             fixed="[" + ", ".join(parts) + "]")
        return None, msg("problem.choice_one_answer")
    for index, option in enumerate(options):
        pieces = [p.strip() for p in _WIDE_SEP.split(option) if p.strip()]
        if len(pieces) > 1 and answer in pieces:
            comma = _WIDE_SEP.search(option).group()  # type: ignore[union-attr]
            return index, msg("problem.fullwidth_comma_item", option=_show(option),
                              comma=comma, fixed=", ".join(pieces))
    return None


def build_set(doc: object, *, key: str, path: str
              ) -> tuple[QuestionSet | None, list[Issue], list[tuple[str, tuple[Any, ...]]]]:
    """Validate one file's data.

    Returns the set (with its valid questions), every issue, and every well-formed
    question id with its path (for the loader's check that ids are unique). After
    :data:`MAX_PROBLEMS` issues the rest are counted in one last ``problem.more`` issue.
    """
    checker = _Checker()
    qset = checker.build_set(doc, key, path)
    issues = checker.issues
    if checker.first_dropped is not None:  # the rest counted, where the first would be
        issues.append(Issue(checker.first_dropped.path, msg(
            "problem.more", n=checker.dropped, limit=MAX_PROBLEMS), checker.first_dropped.where))
    return qset, issues, checker.ids
