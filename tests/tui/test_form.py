"""The Form widget on its own: fields bound to a model, edits sent up, answers shown.

A tiny app plays the screen's part: it applies each `Form.Edited` to its model (refusing
sizes over 10, as the session refuses what the model does not allow) and answers.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input

from roundplanner.tui.widgets.fields import FieldRow
from roundplanner.tui.widgets.form import Bound, Form


class Thing(BaseModel):
    name: str = ""
    size: int = 0
    tag: str = ""


def _size(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None


def _set(key: str) -> Any:
    return lambda thing, value: setattr(thing, key, value)


class ThingForm(Form[Thing]):
    def compose(self) -> ComposeResult:
        yield FieldRow(
            "Name", Input(id="name"), bound=Bound(lambda t: t.name, _set("name"), "rename")
        )
        yield FieldRow(
            "Size",
            Input(id="size"),
            bound=Bound(lambda t: str(t.size), _set("size"), "resize", _size, live=False),
        )
        yield FieldRow(
            "Tag", Input(id="tag"), bound=Bound(lambda t: t.tag, _set("tag"), "tag", str.strip)
        )


class FormApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.thing = Thing(name="box", size=1)
        self.labels: list[str] = []

    def compose(self) -> ComposeResult:
        yield ThingForm()

    def on_mount(self) -> None:
        self.query_one(ThingForm).model = self.thing

    @on(Form.Edited)
    def _edited(self, event: Form.Edited) -> None:
        trial = self.thing.model_copy(deep=True)
        event.change(trial)
        if trial.size > 10:
            event.answer("at most 10")
            return
        self.labels.append(event.label)
        self.replace(trial)
        event.answer(None)

    def replace(self, thing: Thing) -> None:
        self.thing = thing
        self.query_one(ThingForm).model = thing


def _error(app: FormApp, field: str) -> str:
    row = next(a for a in app.query_one(f"#{field}").ancestors if isinstance(a, FieldRow))
    return str(row.query_one(".field-error").render())


async def test_fields_show_the_model_and_send_what_is_typed() -> None:
    app = FormApp()
    async with app.run_test() as pilot:
        name, size = app.query_one("#name", Input), app.query_one("#size", Input)
        assert (name.value, size.value) == ("box", "1")

        # A live field is sent after a pause in typing, as one edit.
        name.focus()
        await pilot.press("end", *"es")
        assert app.thing.name == "box"
        await pilot.pause(0.8)
        assert app.thing.name == "boxes" and app.labels == ["rename"]

        # A field read on enter: unreadable and refused values are explained under it
        # and change nothing; a good one is sent and shown as saved.
        size.focus()
        await pilot.press("ctrl+u", *"many", "enter")
        assert "not a number" in _error(app, "size") and app.thing.size == 1
        await pilot.press("ctrl+u", *"12", "enter")
        await pilot.pause()
        assert "at most 10" in _error(app, "size") and app.thing.size == 1
        await pilot.press("ctrl+u", *" 7", "enter")
        await pilot.pause()
        assert app.thing.size == 7 and _error(app, "size") == ""
        assert size.value == "7"
        assert app.labels == ["rename", "resize"]


async def test_a_new_model_leaves_the_field_being_typed_in() -> None:
    app = FormApp()
    async with app.run_test() as pilot:
        name = app.query_one("#name", Input)
        name.focus()
        await pilot.press("end", *"-typed")
        app.replace(Thing(name="changed elsewhere", size=3))
        await pilot.pause()
        assert name.value == "box-typed"
        assert app.query_one("#size", Input).value == "3"


async def test_what_is_pending_can_be_taken_without_the_widgets() -> None:
    app = FormApp()
    async with app.run_test() as pilot:
        app.query_one("#name", Input).focus()
        await pilot.press("end", *"!")
        form = app.query_one(ThingForm)
        edits = form.take_pending()
        assert [edit.label for edit in edits] == ["rename"]
        trial = app.thing.model_copy()
        edits[0].change(trial)
        assert trial.name == "box!"
        assert form.take_pending() == []


async def test_a_field_whose_typing_was_sent_shows_what_was_saved() -> None:
    """When the owner saves something else than what was typed (the file changed on disk
    and its version won), the field shows that even with the cursor in it, so the next
    keystroke edits what is saved rather than sending the old text again."""
    app = FormApp()
    async with app.run_test() as pilot:
        name = app.query_one("#name", Input)
        name.focus()
        await pilot.press("end", *"es")
        await pilot.pause(0.8)
        assert app.thing.name == "boxes"
        app.replace(Thing(name="crate", size=1))  # what the owner holds now
        await pilot.pause()
        assert name.has_focus and name.value == "crate"
        await pilot.press("end", *"s")
        await pilot.pause(0.8)
        assert app.thing.name == "crates"


async def test_a_field_saved_as_typed_keeps_the_text_being_typed() -> None:
    """`red ` is saved as `red` after the pause; the space stays in the field, so the
    next word is not glued to the first."""
    app = FormApp()
    async with app.run_test() as pilot:
        tag = app.query_one("#tag", Input)
        tag.focus()
        await pilot.press(*"red", "space")
        await pilot.pause(0.8)
        assert app.thing.tag == "red" and tag.value == "red "
        await pilot.press(*"wine")
        await pilot.pause(0.8)
        assert app.thing.tag == "red wine"
