"""Textual's private names that the TUI relies on, in one place.

Textual is pinned to the version tested (``pyproject.toml``) because a few of its private
classes and methods are replaced or read here. :func:`patch` replaces a method only after
checking that it is still there and takes the same parameters, so a changed Textual fails
at once with the file to revisit instead of drawing wrongly; ``tests/test_private_api.py``
checks every name below (and the private attributes read at run time) with its shape.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class PrivateApiChanged(RuntimeError):
    """A private name this app uses is gone or has changed shape."""


@dataclass(frozen=True)
class PrivateUse:
    """One private name used: ``owner`` (``module:Class``), ``name`` on it, the parameter
    names a method is expected to take (``None``: not a method), and our file that uses it."""

    owner: str
    name: str
    params: tuple[str, ...] | None
    ours: str


#: Every private Textual class or method used, by the file of ours that uses it (the private
#: attributes read at run time are checked by tests/test_private_api.py).
USES: tuple[PrivateUse, ...] = (
    PrivateUse("textual._compositor:Compositor", "_render_chops",
               ("self", "crop", "is_rendered_line"), "quizapp/tui/compositor.py"),
    PrivateUse("textual._compositor:Compositor", "render_partial_update", ("self",),
               "quizapp/tui/compositor.py"),
    PrivateUse("textual._compositor:Compositor", "_get_renders", ("self", "crop"),
               "quizapp/tui/compositor.py"),
    PrivateUse("textual._compositor:Compositor", "_regions_to_spans", ("cls", "regions"),
               "quizapp/tui/compositor.py"),
    PrivateUse("textual._compositor:ChopsUpdate", "render_segments", ("self", "console"),
               "quizapp/tui/compositor.py"),
    PrivateUse("textual.widgets._toast:Toast", "render", ("self",),
               "quizapp/tui/widgets/toast.py"),
    # TextInput draws control characters visibly by overriding the property Input draws
    PrivateUse("textual.widgets._input:Input", "_value", None, "quizapp/tui/widgets/base.py"),
    # the footer's key widgets, told apart by class (their __init__: that they are classes)
    PrivateUse("textual.widgets._footer:FooterKey", "__init__", None,
               "quizapp/tui/widgets/footer.py"),
    PrivateUse("textual.widgets._footer:FooterLabel", "__init__", None,
               "quizapp/tui/widgets/footer.py"),
    PrivateUse("textual.widgets._footer:KeyGroup", "__init__", None,
               "quizapp/tui/widgets/footer.py"),
)


#: Textual's own methods that :func:`patch` replaced, by (class, name).
_ORIGINALS: dict[tuple[type, str], Callable[..., Any]] = {}


def original(owner: type, name: str) -> Any:
    """Textual's own ``owner.name``, also after :func:`patch` replaced it."""
    return _ORIGINALS.get((owner, name), inspect.getattr_static(owner, name))


def resolve(owner: str) -> Any:
    """The class ``module:Class`` names, or :class:`PrivateApiChanged` naming it."""
    module_name, _, class_name = owner.partition(":")
    try:
        module = __import__(module_name, fromlist=[class_name])
        return getattr(module, class_name)
    except (ImportError, AttributeError) as exc:
        raise PrivateApiChanged(f"Textual no longer has {owner}: {exc}") from exc


def parameter_names(function: Callable[..., Any]) -> tuple[str, ...]:
    """The names of ``function``'s parameters, ``self`` or ``cls`` included."""
    if isinstance(function, classmethod | staticmethod):
        function = function.__func__
    return tuple(inspect.signature(function).parameters)


def patch(owner: type, name: str, replacement: Callable[..., Any], ours: str) -> None:
    """Set ``owner.name`` to ``replacement``, once it is checked that Textual still has a
    method of that name taking the same parameters (``ours``: the file to revisit if not)."""
    current = owner.__dict__.get(name)
    if current is replacement:
        return
    if current is None or not callable(current):
        raise PrivateApiChanged(f"Textual's {owner.__name__}.{name} is gone: revisit {ours}")
    expected, given = parameter_names(current)[1:], parameter_names(replacement)[1:]
    if expected != given:  # (the first, self, may be named otherwise)
        raise PrivateApiChanged(
            f"Textual's {owner.__name__}.{name} takes {expected}, not {given}: revisit {ours}")
    _ORIGINALS[(owner, name)] = current
    setattr(owner, name, replacement)
