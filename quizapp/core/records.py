"""Frozen records that are quick to define: ``@frozen`` for ``@dataclass(frozen=True)``.

A frozen dataclass gets six methods, each compiled from source when the class is defined
(Python 3.11 compiles them one by one). The model, the quiz session, the grades and the
recorder's events, about thirty classes, are all defined before the first question is on
screen, and that compiling was a visible part of the start-up
(``python benchmarks/run.py tui_first_question``). ``@frozen`` makes the same class with
``__eq__``, ``__hash__`` and ``__repr__`` as shared functions reading the class's field
names, so only ``__init__`` and the two guards against assignment are compiled.

They behave as the dataclass's own: equal when of the same class with equal compared
fields (``NotImplemented`` for another class), the hash of those fields, and
``Name(field=value, ...)``. A method the class defines itself is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = self.__class__.__record_compare__
    return (tuple(getattr(self, name) for name in names)
            == tuple(getattr(other, name) for name in names))


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in self.__class__.__record_hash__))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}"
                      for name in self.__class__.__record_repr__)
    return f"{self.__class__.__qualname__}({shown})"


@overload
def frozen(cls: T, /) -> T: ...


@overload
def frozen(cls: None = None, /, *, slots: bool = False) -> Callable[[T], T]: ...


# A type checker reads a ``@frozen`` class as the frozen dataclass it is (its fields, its
# ``__init__``, no assignment).
@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: T | None = None, /, *, slots: bool = False) -> T | Callable[[T], T]:
    """``@dataclass(frozen=True, slots=slots)`` with shared ``__eq__``/``__hash__``/``__repr__``."""

    def wrap(cls: T) -> T:
        own = set(cls.__dict__)
        made: Any = dataclass(frozen=True, eq=False, repr=False, slots=slots)(cls)
        every = fields(made)
        made.__record_compare__ = tuple(f.name for f in every if f.compare)
        made.__record_hash__ = tuple(f.name for f in every
                                     if (f.compare if f.hash is None else f.hash))
        made.__record_repr__ = tuple(f.name for f in every if f.repr)
        if "__eq__" not in own:
            made.__eq__ = _eq
        if "__hash__" not in own:
            made.__hash__ = _hash
        if "__repr__" not in own:
            made.__repr__ = _repr
        return made  # type: ignore[no-any-return]

    return wrap if cls is None else wrap(cls)
