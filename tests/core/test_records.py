"""``@frozen`` records behave as ``@dataclass(frozen=True)`` ones: the same equality, hash,
text, and no assignment."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.records import frozen


@frozen(slots=True)
class Ours:
    a: int
    b: str = "x"
    c: tuple[int, ...] = ()
    hidden: float = field(default=0.0, repr=False)
    note: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Theirs:
    a: int
    b: str = "x"
    c: tuple[int, ...] = ()
    hidden: float = field(default=0.0, repr=False)
    note: str = field(default="", compare=False)


@frozen
class Child(Ours):
    d: int = 0


@frozen
class Own:
    a: int

    def __eq__(self, other: object) -> bool:  # kept: the class's own
        return True

    __hash__ = object.__hash__


values = st.tuples(st.integers(), st.text(max_size=3), st.lists(st.integers(), max_size=3),
                   st.floats(allow_nan=True), st.text(max_size=2))


@given(values, values)
def test_equality_hash_and_text_are_the_dataclass_ones(x, y):
    def both(v):
        a, b, c, hidden, note = v
        return Ours(a, b, tuple(c), hidden, note), Theirs(a, b, tuple(c), hidden, note)

    (ox, tx), (oy, ty) = both(x), both(y)
    assert (ox == oy) == (tx == ty)
    assert (ox != oy) == (tx != ty)
    assert hash(ox) == hash(tx)
    assert repr(ox) == repr(tx).replace("Theirs", "Ours")
    assert ox == ox and hash(ox) == hash(dataclasses.replace(ox))


def test_no_assignment_and_the_dataclass_tools_work():
    one = Ours(1)
    with pytest.raises(FrozenInstanceError):
        one.a = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del one.b  # type: ignore[misc]
    assert dataclasses.is_dataclass(one)
    assert dataclasses.asdict(one) == {"a": 1, "b": "x", "c": (), "hidden": 0.0, "note": ""}
    assert dataclasses.replace(one, a=3).a == 3
    assert pickle.loads(pickle.dumps(one)) == one
    assert not hasattr(one, "__dict__")  # slots kept


def test_another_class_is_never_equal_and_a_method_of_its_own_is_kept():
    assert Ours(1) != Child(1) and Child(1) != Ours(1)
    assert Ours(1).__eq__(Theirs(1)) is NotImplemented
    assert Child(1, d=2) != Child(1, d=3) and Child(1, d=2) == Child(1, d=2)
    assert repr(Child(1, d=2)) == "Child(a=1, b='x', c=(), note='', d=2)"
    assert Own(1) == Own(2)
