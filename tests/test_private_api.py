"""Every private name of a library that quizapp patches, reads or calls, or whose stored format
it writes, is still there with the shape the code expects.

These libraries are pinned in pyproject.toml to the versions tested; when a new version is
tried, a failure here names the file of ours to revisit before anything is drawn or stored
wrongly.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

from quizapp.tui.private import USES, PrivateApiChanged, PrivateUse, original, patch, resolve


def _revisit(ours: str, what: str) -> str:
    return f"{what}: revisit {ours}"


@pytest.mark.parametrize("use", USES, ids=lambda u: f"{u.owner}.{u.name}")
def test_textual_private_names_have_the_shape_used(use: PrivateUse) -> None:
    owner = resolve(use.owner)
    assert isinstance(owner, type), _revisit(use.ours, f"{use.owner} is no longer a class")
    assert use.name in {n for cls in owner.__mro__ for n in vars(cls)}, _revisit(
        use.ours, f"Textual's {use.owner}.{use.name} is gone")
    if use.params is not None:
        function = original(owner, use.name)  # Textual's, also once patched
        if isinstance(function, classmethod | staticmethod):
            function = function.__func__
        params = tuple(inspect.signature(function).parameters)
        assert params == use.params, _revisit(
            use.ours, f"Textual's {use.owner}.{use.name} takes {params}, not {use.params}")


def test_the_compositor_patches_match_the_methods_they_replace() -> None:
    """The replacements take what the originals take, and the originals read what the copies
    read (the attributes of Compositor and ChopsUpdate)."""
    from textual._compositor import ChopsUpdate, Compositor
    from textual.geometry import Size

    from quizapp.tui import compositor

    ours = "quizapp/tui/compositor.py"
    compositor.install()
    assert Compositor._render_chops is compositor._render_chops, _revisit(ours, "not installed")
    assert ChopsUpdate.render_segments is compositor._render_segments
    assert Compositor.render_partial_update is compositor._render_partial_update
    instance = Compositor()
    for name in ("_dirty_regions", "cuts", "size"):
        assert hasattr(instance, name), _revisit(ours, f"Compositor has no {name}")
    assert isinstance(instance._dirty_regions, set), _revisit(ours, "Compositor._dirty_regions")
    assert isinstance(instance.size, Size), _revisit(ours, "Compositor.size")
    update = ChopsUpdate([], [], [])
    for name in ("chops", "spans", "chop_ends"):
        assert hasattr(update, name), _revisit(ours, f"ChopsUpdate has no {name}")


def test_the_toast_patch_reads_the_notification() -> None:
    from textual.notifications import Notification
    from textual.widgets._toast import Toast

    from quizapp.tui.widgets import toast

    ours = "quizapp/tui/widgets/toast.py"
    toast.install()
    notification = Notification("消息", "标题")
    widget = Toast(notification)
    assert widget._notification is notification, _revisit(ours, "Toast._notification")
    for name in ("message", "title", "markup"):
        assert hasattr(notification, name), _revisit(ours, f"Notification has no {name}")
    assert Toast.render is toast.toast_renderable, _revisit(ours, "Toast.render not replaced")


def test_the_binding_map_is_per_node_and_holds_bindings() -> None:
    from textual.binding import Binding
    from textual.widget import Widget

    from quizapp.tui.bindings import own_bindings, translate_bindings

    ours = "quizapp/tui/bindings.py"

    class Keyed(Widget):
        BINDINGS = [Binding("enter", "submit", "key.submit")]

    first, second = Keyed(), Keyed()
    table = first._bindings.key_to_bindings
    assert isinstance(table, dict), _revisit(ours, "DOMNode._bindings.key_to_bindings")
    assert all(isinstance(b, Binding) for bs in table.values() for b in bs), _revisit(
        ours, "DOMNode._bindings.key_to_bindings holds no Binding lists")
    translate_bindings(first)
    assert [b.description for b in own_bindings(first)] != ["key.submit"]
    assert [b.description for b in own_bindings(second)] == ["key.submit"], _revisit(
        ours, "the binding map is shared between instances")


def test_the_footer_widgets_are_what_textual_composes() -> None:
    from textual.widget import Widget
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

    ours = "quizapp/tui/widgets/footer.py"
    for cls in (FooterKey, FooterLabel, KeyGroup):
        assert issubclass(cls, Widget), _revisit(ours, f"{cls.__name__} is no widget")
    assert "action" in inspect.signature(FooterKey).parameters, _revisit(ours, "FooterKey.action")
    assert "bindings_changed" in vars(Footer), _revisit(ours, "Footer.bindings_changed")
    assert "screen" in inspect.signature(Footer.bindings_changed).parameters


async def test_the_input_draws_its_value_through_the_property_text_input_overrides() -> None:
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from quizapp.tui.widgets.base import TextInput

    ours = "quizapp/tui/widgets/base.py"
    assert isinstance(inspect.getattr_static(Input, "_value"), property), _revisit(
        ours, "Input._value is no longer a property")

    class Inputs(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(value="张三", id="plain")
            yield TextInput(value="a\x1bb", id="ours")

    app = Inputs()
    async with app.run_test():
        plain = app.query_one("#plain", Input)._value
        assert isinstance(plain, Text) and plain.plain == "张三", _revisit(ours, "Input._value")
        shown = app.query_one("#ours", TextInput)._value.plain
        assert "\x1b" not in shown and len(shown) == 3  # the control character drawn visibly


def test_patch_refuses_a_missing_or_changed_method() -> None:
    class Target:
        def method(self, a: int) -> int:
            return a

    def same(self: Any, a: int) -> int:
        return -a

    def other(self: Any, a: int, b: int) -> int:
        return b

    with pytest.raises(PrivateApiChanged, match="Target.gone is gone: revisit ours.py"):
        patch(Target, "gone", same, "ours.py")
    with pytest.raises(PrivateApiChanged, match="revisit ours.py"):
        patch(Target, "method", other, "ours.py")
    assert Target().method(2) == 2  # left as it was
    kept = Target.method
    patch(Target, "method", same, "ours.py")
    patch(Target, "method", same, "ours.py")  # twice: no change
    assert Target().method(2) == -2
    assert original(Target, "method") is kept


# Other libraries: a private name called, or a stored layout written.
OTHERS = [
    ("anki._backend", "RustBackend", "import_collection_package",
     {"col_path", "backup_path", "media_folder", "media_db"}, "quizapp/importers/anki.py"),
    ("fsrs.scheduler", "DEFAULT_PARAMETERS", None, None, "quizapp/core/scheduling.py"),
    ("genanki.apkg_col", "APKG_COL", None, None, "quizapp/export/anki.py"),
    ("genanki.apkg_schema", "APKG_SCHEMA", None, None, "quizapp/export/anki.py"),
    ("genanki.util", "BASE91_TABLE", None, None, "quizapp/export/anki.py"),
    ("genanki", "Note", "write_to_db", {"self", "cursor", "timestamp", "deck_id", "id_gen"},
     "quizapp/export/anki.py"),
    ("genanki", "Card", "write_to_db", {"self", "cursor", "timestamp", "deck_id", "note_id",
                                        "id_gen", "due"}, "quizapp/export/anki.py"),
    ("genanki", "Model", "to_json", {"self", "timestamp", "deck_id"}, "quizapp/export/anki.py"),
    ("genanki", "Deck", "to_json", {"self"}, "quizapp/export/anki.py"),
]


@pytest.mark.parametrize("module, name, method, params, ours", OTHERS,
                         ids=[f"{m}.{n}" for m, n, *_ in OTHERS])
def test_other_private_names_have_the_shape_used(module: str, name: str, method: str | None,
                                                 params: set[str] | None, ours: str) -> None:
    if module.startswith("anki"):
        pytest.importorskip("anki")
    loaded = importlib.import_module(module)
    assert hasattr(loaded, name), _revisit(ours, f"{module}.{name} is gone")
    value = getattr(loaded, name)
    if method is None:
        assert value, _revisit(ours, f"{module}.{name} is empty")
        return
    assert hasattr(value, method), _revisit(ours, f"{module}.{name}.{method} is gone")
    found = set(inspect.signature(getattr(value, method)).parameters)
    assert params is not None and params <= found, _revisit(
        ours, f"{module}.{name}.{method} takes {sorted(found)}, not {sorted(params)}")


def test_the_fsrs_parameters_are_fsrs_6s() -> None:
    """The stored cards were scheduled with FSRS-6's 21 default parameters."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    assert len(DEFAULT_PARAMETERS) == 21, _revisit("quizapp/core/scheduling.py", "FSRS parameters")
