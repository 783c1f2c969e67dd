"""Messages as data: a catalogue key and its parameters, worded by the front end.

The core never chooses words. A function that reports something to a person returns a
:class:`Msg`; the command line or the app turns it into text with the catalogue
(:func:`quizapp.i18n.render`), in the interface language. A parameter may itself be a
:class:`Msg` (a kind of value, a "did you mean"), worded the same way, or a tuple (a list,
joined as the language joins lists).
"""

from __future__ import annotations

from collections.abc import Callable

from quizapp.core.records import frozen

#: ``words(key, **params) -> str``: how a front end words a catalogue key.
Words = Callable[..., str]


@frozen(slots=True)
class Msg:
    """A catalogue key with its parameters (texts, numbers or other messages)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: object) -> Msg:
        return cls(key, tuple(params.items()))

    def render(self, words: Words) -> str:
        """This message in words: ``words`` is e.g. :func:`quizapp.i18n.t`."""
        kw = {k: _word(v, words) for k, v in self.params}
        return words(self.key, **kw)

    def __str__(self) -> str:  # for logs and debugging only; people read :meth:`render`
        inner = ", ".join(f"{k}={v}" for k, v in self.params)
        return f"{self.key}({inner})" if inner else self.key


def _word(value: object, words: Words) -> object:
    """A parameter in words: a message rendered, a tuple as a list in the language's way
    (``“长沙”、“株洲”`` / ``“长沙”, “株洲”``)."""
    if isinstance(value, Msg):
        return value.render(words)
    if isinstance(value, tuple):
        return words("validate.list_sep").join(str(_word(v, words)) for v in value)
    return value


def msg(key: str, /, **params: object) -> Msg:
    """Shorthand for :meth:`Msg.of`."""
    return Msg.of(key, **params)
