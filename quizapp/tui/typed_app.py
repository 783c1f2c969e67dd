"""The app's screens, with ``self.app`` typed as :class:`~quizapp.tui.app.QuizApp`.

Textual types ``Screen.app`` as ``App[object]``, so reading ``self.app.bank`` or calling
``self.app.go_home()`` on a screen would go unchecked. Screens derive from
:class:`AppScreen` or :class:`AppModalScreen`, which declare ``app`` with Textual's own
``getters.app(QuizApp)`` for the type checker; at run time they add nothing to Textual's
``Screen`` and ``ModalScreen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual import getters

    from quizapp.tui.app import QuizApp

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    """A screen of the quiz app."""

    if TYPE_CHECKING:
        app = getters.app(QuizApp)


class AppModalScreen(ModalScreen[ResultT]):
    """A dialog of the quiz app, over the screen it was opened from."""

    if TYPE_CHECKING:
        app = getters.app(QuizApp)
