"""The round screen's lists: interviewers, topics, stories and questions to ask.

The same few keys work on each list (a add, e edit, x remove, shift+↑/↓ move), and on
the checklist also space (tick), n (note) and t (topics from a template). This base
holds those actions so that the round screen itself stays about layout and fields.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from roundplanner.model import Company, Interviewer, Round, Topic
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.tui.screens.base import Showing
from roundplanner.tui.screens.editing import EditingScreen
from roundplanner.tui.screens.form import FormField, FormScreen, FormValues
from roundplanner.tui.screens.pick import PickScreen
from roundplanner.tui.screens.round_parts import (
    RoundAccess,
    interviewer_form,
    moved,
    one_line_form,
    set_item,
)
from roundplanner.tui.widgets.item_list import ItemList


class RoundListsScreen(EditingScreen):
    """A screen on one round, with the actions of its lists."""

    def __init__(self, session: Session, slug: str, round_id: str) -> None:
        super().__init__(session, slug)
        self.round_id = round_id
        self.access = RoundAccess(round_id, session.settings, session.clock)

    @property
    def round(self) -> Round | None:
        """The round as the session has it now (None once deleted or undone)."""
        return self.access.of(self.company)

    def showing(self) -> Showing:
        return Showing(self.slug, self.round_id)

    def edit_round(self, change: Callable[[Round], None], label: str) -> bool:
        """Change this round through the session; False (and a toast) if refused."""

        def on_company(company: Company) -> None:
            round_ = self.access.of(company)
            if round_ is not None:
                change(round_)

        return self.apply(self.slug, on_company, label)

    def focused_list(self) -> str | None:
        """The id of the list that has the focus, if a list has it."""
        focused = self.focused
        return focused.id if isinstance(focused, ItemList) else None

    def _current(self) -> tuple[str, int | None]:
        where = self.focused_list() or ""
        return where, self.query_one(f"#{where}", ItemList).current if where else None

    def story_lines(self, round_: Round) -> list[Text]:
        """Each chosen story by title; an id no longer in the bank says so."""
        lines = []
        for story_id in round_.stories:
            story = self.session.stories.by_id(story_id)
            if story is None:
                lines.append(Text(f"(missing story {clean(story_id)})", style="red"))
            else:
                line = Text(clean(story.title), style="bold")
                if story.outcome:
                    line += Text(f"\n  → {clean(story.outcome)}", style="dim")
                lines.append(line)
        return lines

    # -- actions on the focused list

    def action_add(self) -> None:
        where = self.focused_list()
        if where == "interviewers":
            self._interviewer_dialog(None)
        elif where == "topics":
            self._text_dialog("Add a topic", "Topic", "", self._add_topic)
        elif where == "questions":
            self._text_dialog("A question to ask them", "Question", "", self._add_question)
        elif where == "stories":
            self._pick_story()

    def action_edit(self) -> None:
        where, index = self._current()
        round_ = self.round
        if index is None or round_ is None:
            return
        if where == "interviewers":
            self._interviewer_dialog(index)
        elif where == "topics":
            self._topic_dialog(index, round_.topics[index])
        elif where == "questions":
            current = round_.questions[index]
            self._text_dialog(
                "Edit the question", "Question", current, lambda v: self._set_question(index, v)
            )

    def action_remove(self) -> None:
        where, index = self._current()
        if index is None or where not in ("interviewers", "topics", "questions", "stories"):
            return
        key = where
        if self.edit_round(lambda r: _drop(getattr(r, key), index), f"remove from {where}"):
            self.notify(f"Removed from {where} (ctrl+z to undo)")

    def action_move(self, delta: int) -> None:
        where, index = self._current()
        round_ = self.round
        if (
            index is None
            or round_ is None
            or where not in ("interviewers", "topics", "questions", "stories")
        ):
            return
        target = moved(list(getattr(round_, where)), index, delta)
        if target is None:
            return
        if self.edit_round(lambda r: _move(getattr(r, where), index, delta), f"reorder {where}"):
            self.query_one(f"#{where}", ItemList).select_next(target)

    def action_tick(self) -> None:
        where, index = self._current()
        if where != "topics" or index is None:
            return
        self.edit_round(lambda r: _toggle(r.topics[index]), "tick topic")

    def action_note(self) -> None:
        where, index = self._current()
        round_ = self.round
        if where != "topics" or index is None or round_ is None:
            return
        topic = round_.topics[index]

        def done(values: FormValues | None) -> None:
            if values is not None:
                self.edit_round(lambda r: setattr(r.topics[index], "note", values["text"]), "note")

        title = f"A note on: {clean(topic.title)}"
        form = FormScreen(title, [FormField("text", "Note", topic.note)])
        self.app.push_screen(form, done)

    def action_template(self) -> None:
        checklists = self.session.settings.checklists
        choices = [
            (key, f"{spec.label}  ({len(spec.items)} topics)") for key, spec in checklists.items()
        ]

        def picked(key: str | None) -> None:
            round_ = self.round
            if key is None or round_ is None:
                return
            have = {t.title for t in round_.topics}
            missing = [item for item in checklists[key].items if item not in have]
            if not missing:
                self.notify(f"Every topic of {checklists[key].label} is already there")
                return
            added = [Topic(title=item) for item in missing]
            if self.edit_round(lambda r: r.topics.extend(added), "topics from template"):
                self.notify(f"Added {len(added)} topics from {checklists[key].label}")

        detail = "Topics already on the checklist are not added twice."
        self.app.push_screen(PickScreen("Add topics from a checklist", choices, detail), picked)

    # -- dialogs

    def _text_dialog(self, title: str, label: str, value: str, then: Callable[[str], None]) -> None:
        def done(values: FormValues | None) -> None:
            if values is not None:
                then(values["text"])

        self.app.push_screen(one_line_form(title, label, value), done)

    def _added(self, where: str, change: Callable[[Round], None], label: str) -> None:
        """Add an item through the session and put the highlight on it."""
        if self.edit_round(change, label) and self.round is not None:
            count = len(getattr(self.round, where))
            self.query_one(f"#{where}", ItemList).select_next(count - 1)

    def _add_topic(self, title: str) -> None:
        topic = Topic(title=title)
        self._added("topics", lambda r: r.topics.append(topic), "add topic")

    def _topic_dialog(self, index: int, topic: Topic) -> None:
        def done(values: FormValues | None) -> None:
            if values is None:
                return
            self.edit_round(
                lambda r: setattr(r, "topics", set_item(r.topics, index, Topic, values)),
                "edit topic",
            )

        fields = [
            FormField("title", "Topic", topic.title, required=True),
            FormField("note", "Note", topic.note),
        ]
        self.app.push_screen(FormScreen("Edit the topic", fields), done)

    def _add_question(self, text: str) -> None:
        self._added("questions", lambda r: r.questions.append(text), "add question")

    def _set_question(self, index: int, text: str) -> None:
        self.edit_round(lambda r: r.questions.__setitem__(index, text), "edit question")

    def _interviewer_dialog(self, index: int | None) -> None:
        round_ = self.round
        if round_ is None:
            return
        current = round_.interviewers[index] if index is not None else None

        def done(values: FormValues | None) -> None:
            if values is None:
                return

            def change(r: Round) -> None:
                r.interviewers = set_item(r.interviewers, index, Interviewer, values)

            if current is None:
                self._added("interviewers", change, "add interviewer")
            else:
                self.edit_round(change, "edit interviewer")

        self.app.push_screen(interviewer_form(current), done)

    def _pick_story(self) -> None:
        round_ = self.round
        if round_ is None:
            return
        bank = self.session.stories.stories
        choices = [(s.id, s.title) for s in bank if s.id not in round_.stories]
        if not choices:
            self.notify(
                "No more stories in the bank: add some on the story bank screen (S)",
                severity="warning",
            )
            return

        def picked(story_id: str | None) -> None:
            if story_id is not None:
                self._added("stories", lambda r: r.stories.append(story_id), "add story")

        detail = "Stories with a setup, the actions and a measurable outcome land best."
        self.app.push_screen(PickScreen("Which story will you tell?", choices, detail), picked)


def _drop(items: list[object], index: int) -> None:
    del items[index]


def _move(items: list[object], index: int, delta: int) -> None:
    moved(items, index, delta)


def _toggle(topic: Topic) -> None:
    topic.done = not topic.done
