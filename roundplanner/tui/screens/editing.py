"""The base of screens that edit one company in place: fields bound to values, saved as typed.

Transitional: the company screen uses `widgets/form.py` (`Form`) instead, which owns this
behaviour as a widget; the round screen still uses this base for its form fields until
it moves to `Form` too, and then this module goes.

Not a screen of its own. The company and round screens declare which widget shows which
value (`Bound`); this base does the rest the same way everywhere:

- typing in a one-line field or a text area saves after a short pause (one undo step per
  burst of typing), and at once on enter, on leaving the field and on leaving the screen;
- fields marked `live=False` (a time, a zone) are read only on enter or on leaving;
- a value that cannot be read or that the model refuses is not saved, and the reason is
  shown right under the field where it was typed;
- a refresh after a change (here, an undo, or another writer) updates every field except
  the one being typed in, so the cursor never jumps.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, on
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input, Select, TabbedContent, Tabs, TextArea

from roundplanner.model import Company
from roundplanner.session import Session
from roundplanner.tui.screens.base import PlannerScreen, Showing
from roundplanner.tui.widgets.fields import AutoSave, FieldRow
from roundplanner.tui.widgets.form import Bound, changes, field_text, show_text

__all__ = ["Bound", "EditingScreen"]


class EditingScreen(PlannerScreen):
    """A screen whose fields edit the company `slug` through the session, as typed."""

    def __init__(self, session: Session, slug: str) -> None:
        super().__init__(session)
        self.slug = slug
        self.autosave = AutoSave(self)
        self.bound: dict[str, Bound] = {}

    @property
    def company(self) -> Company | None:
        """The company as the session has it now (None once deleted elsewhere)."""
        return self.session.companies.get(self.slug)

    # -- reading and writing fields

    def field_text(self, widget: Widget) -> str:
        return field_text(widget)

    def show_value(self, widget: Widget, value: str) -> None:
        """Put `value` in the widget without it counting as typing."""
        show_text(widget, value)

    def show_field_error(self, widget: Widget, message: str | None) -> None:
        """The error line under the field, or a toast where the field has none."""
        for ancestor in widget.ancestors:
            if isinstance(ancestor, FieldRow):
                ancestor.show_error(message)
                return
        if message:
            self.notify(message, severity="error")

    def sync_fields(self, company: Company) -> None:
        """Show the company's values in every bound field not being typed in."""
        for widget_id, spec in self.bound.items():
            widget = self.query_one(f"#{widget_id}")
            if widget.has_focus or self.autosave.has(widget_id):
                continue
            value = spec.read(company)
            if self.field_text(widget) != value:
                self.show_value(widget, value)
                self.show_field_error(widget, None)

    def commit(self, widget_id: str, raw: str | None = None) -> str | None:
        """Read, check and save one field now; the reason if refused (also shown under it).

        `raw` is the text typed, captured when it was typed, so that a save run while the
        screen is being taken down (the app quitting) still has it.
        """
        company = self.company
        spec = self.bound.get(widget_id)
        if company is None or spec is None:
            return None
        try:
            widget: Widget | None = self.query_one(f"#{widget_id}")
        except NoMatches:
            widget = None
        if raw is None:
            if widget is None:
                return None
            raw = self.field_text(widget)
        try:
            value = spec.parse(raw)
        except ValueError as error:
            self._report(widget, str(error))
            return str(error)
        if not self._changes(company, spec, value):
            self._settled(widget, spec, company)
            return None
        error_text = self.try_apply(self.slug, lambda c: spec.write(c, value), spec.label)
        if error_text is not None:
            self._report(widget, error_text)
        elif self.company is not None:
            self._settled(widget, spec, self.company)
        return error_text

    def _report(self, widget: Widget | None, message: str) -> None:
        if widget is not None:
            self.show_field_error(widget, message)

    def _changes(self, company: Company, spec: Bound, value: Any) -> bool:
        """Would writing `value` change what the field reads? (No undo step for no change.)"""
        return changes(company, spec, value)

    def _settled(self, widget: Widget | None, spec: Bound, company: Company) -> None:
        """After a good value: clear the error; show a field read on enter in its one form."""
        if widget is None:
            return
        self.show_field_error(widget, None)
        if not spec.live:
            self.show_value(widget, spec.read(company))

    def _typed(self, widget: Widget) -> None:
        widget_id = widget.id or ""
        spec = self.bound.get(widget_id)
        company = self.company
        if spec is None or company is None or not widget.has_focus:
            return  # not bound, or set by the program rather than typed
        if self.field_text(widget) == spec.read(company):
            self.autosave.cancel(widget_id)
            self.show_field_error(widget, None)
            return
        if spec.live:
            text = self.field_text(widget)
            self.autosave.schedule(widget_id, lambda: self.commit(widget_id, text))

    # -- events

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _field_changed(self, event: Input.Changed | TextArea.Changed) -> None:
        self._typed(event.control)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        widget_id = event.select.id or ""
        if widget_id in self.bound:
            self.commit(widget_id)

    @on(Input.Submitted)
    def _field_submitted(self, event: Input.Submitted) -> None:
        widget_id = event.input.id or ""
        if widget_id in self.bound:
            self.autosave.cancel(widget_id)
            self.commit(widget_id)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        widget_id = event.widget.id or ""
        spec = self.bound.get(widget_id)
        if spec is None:
            return
        if self.autosave.has(widget_id) or not spec.live:
            self.autosave.cancel(widget_id)
            self.commit(widget_id)

    def save_pending(self) -> None:
        """Save everything typed but not yet saved (leaving the screen, opening a dialog),
        in the fields bound here and in the `Form`s on the screen."""
        self.autosave.flush()
        super().save_pending()

    def on_screen_suspend(self) -> None:
        self.save_pending()

    def on_unmount(self) -> None:
        self.save_pending()

    # -- tabs and leaving

    TABS_ID: ClassVar[str] = ""
    """The id of the screen's TabbedContent."""
    HOME: ClassVar[dict[str, str]] = {}
    """Per tab, the widget that takes the focus when the tab is chosen by key or on escape."""

    def action_tab(self, tab: str) -> None:
        """Show a tab and put the focus where its keys work."""
        self.query_one(f"#{self.TABS_ID}", TabbedContent).active = tab
        self.focus_home(tab)

    def showing(self) -> Showing:
        return Showing(self.slug)

    def focus_home(self, tab: str | None = None) -> None:
        tabs = self.query_one(f"#{self.TABS_ID}", TabbedContent)
        selector = self.HOME.get(tab or tabs.active)
        target = self.query_one(f"#{selector}") if selector else tabs.query_one(Tabs)
        self.call_after_refresh(target.focus)

    def action_back(self) -> None:
        """Leave the field being typed in; from anywhere else, go back (all is saved)."""
        if isinstance(self.focused, Input | TextArea | Select):
            self.focus_home()
            return
        self.save_pending()
        self.app.pop_screen()
