"""Toasts (notifications) broken into lines by the Chinese line-breaking rules.

Textual's ``Toast`` wraps its message at spaces and, in Chinese, between any two
characters, so a toast line could start with "，" or "。". Textual offers no hook for the
widget it makes for a notification (its toast rack builds a ``Toast`` directly), so
:func:`install` gives ``Toast`` a render that lays the title and the message out with
:class:`~quizapp.tui.widgets.prose.Wrapped` (the one line-breaking helper,
:mod:`quizapp.core.linebreak`) at the toast's width. The app's notifications are plain
text (see ``QuizApp.notify``); one with markup keeps Textual's own rendering.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from textual.widgets._toast import Toast

from quizapp.tui.private import patch
from quizapp.tui.widgets.prose import Wrapped

_textual_render = Toast.render


def toast_renderable(toast: Toast) -> RenderableType:
    """The toast's title (in its title style) over its message, broken by the rules."""
    notification = toast._notification
    if notification.markup:
        return _textual_render(toast)
    message = Wrapped(notification.message)
    if not notification.title:
        return message
    title = Wrapped(notification.title, style=toast.get_component_rich_style("toast--title"))
    return Group(title, message)


def install() -> None:
    """Make every toast break its lines by the rules (idempotent)."""
    patch(Toast, "render", toast_renderable, "quizapp/tui/widgets/toast.py")
