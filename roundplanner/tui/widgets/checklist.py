"""The topic checklist of a round: what to brush up on, ticked off one by one."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static

from roundplanner.model import Round, Topic
from roundplanner.sanitize import clean
from roundplanner.settings import ChecklistSpec
from roundplanner.tui.screens.form import FormField, FormScreen
from roundplanner.tui.screens.pick import PickScreen
from roundplanner.tui.widgets.round_list import RoundList, updated


def topic_line(topic: Topic) -> RenderableType:
    """`[x] Title  — note`, done items dimmed so what is left stands out.

    The box and the text are two columns, so a long topic wraps under its own text
    rather than under the box."""
    box = Text("[x] " if topic.done else "[ ] ", style="green" if topic.done else "bold")
    line = Text(clean(topic.title), style="dim" if topic.done else "")
    if topic.note:
        line += Text(f"  — {clean(topic.note)}", style="italic dim")
    grid = Table.grid()
    grid.add_column(width=len(box), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(box, line)
    return grid


def progress_text(topics: tuple[Topic, ...]) -> Text:
    """`Ready 3/6` with a colour that says how far along the prep is."""
    done, total = sum(1 for t in topics if t.done), len(topics)
    if not total:
        return Text("No topics yet", style="dim")
    style = "bold green" if done == total else ("yellow" if done else "red")
    return Text.assemble("Ready ", (f"{done}/{total}", style))


class ChecklistProgress(Horizontal):
    """`Ready 3/6` and a bar, for the topics handed down."""

    DEFAULT_CSS = """
    ChecklistProgress { height: 1; margin: 1 0; }
    ChecklistProgress > Static { width: 16; }
    """

    topics: reactive[tuple[Topic, ...]] = reactive((), init=False)
    """The round's topics."""

    def compose(self) -> ComposeResult:
        yield Static()
        yield ProgressBar(show_eta=False)

    def on_mount(self) -> None:
        self.watch_topics(self.topics)

    def watch_topics(self, topics: tuple[Topic, ...]) -> None:
        self.query_one(Static).update(progress_text(topics))
        done = sum(1 for t in topics if t.done)
        self.query_one(ProgressBar).update(total=max(len(topics), 1), progress=done)


class TopicChecklist(RoundList[Topic]):
    """The checklist of topics: tick, note, add from a template, and the list keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", id="topic-tick", tooltip="Tick or untick the topic"),
        Binding("n", "note", "Note", id="topic-note", tooltip="A note on the topic"),
        Binding(
            "t",
            "template",
            "From template",
            id="topic-template",
            tooltip="Add the topics of a checklist template",
        ),
    ]

    NOUN: ClassVar[str] = "topic"

    def __init__(self, templates: dict[str, ChecklistSpec], *, id: str | None = None) -> None:
        super().__init__("No topics yet: press a to add one, t to add from a template.", id=id)
        self.templates = templates
        """The checklist templates of the settings, by key."""

    def line(self, item: Topic) -> RenderableType:
        return topic_line(item)

    def items_of(self, round_: Round) -> list[Topic]:
        return round_.topics

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("tick", "note"):
            return self.current is not None
        return super().check_action(action, parameters)

    def action_add(self) -> None:
        self.ask_text(
            "Add a topic", "Topic", "", lambda title: self.append(Topic(title=title), "add topic")
        )

    def action_edit(self) -> None:
        index = self.current
        if index is None:
            return
        current = self.items[index]
        fields = [
            FormField("title", "Topic", current.title, required=True),
            FormField("note", "Note", current.note),
        ]
        self.form(
            FormScreen("Edit the topic", fields),
            lambda values: self.replace(index, updated(current, Topic, values), "edit topic"),
        )

    def action_tick(self) -> None:
        index = self.current
        if index is not None:
            self.edit(lambda r: _toggle(r.topics[index]), "tick topic")

    def action_note(self) -> None:
        index = self.current
        if index is None:
            return
        current = self.items[index]
        dialog = FormScreen(
            f"A note on: {clean(current.title)}", [FormField("text", "Note", current.note)]
        )
        self.form(
            dialog,
            lambda values: self.edit(
                lambda r: setattr(r.topics[index], "note", values["text"]), "note"
            ),
        )

    def action_template(self) -> None:
        choices = [
            (key, f"{spec.label}  ({len(spec.items)} topics)")
            for key, spec in self.templates.items()
        ]
        detail = "Topics already on the checklist are not added twice."
        dialog = PickScreen("Add topics from a checklist", choices, detail)
        self.app.push_screen(dialog, self._add_template)

    def _add_template(self, key: str | None) -> None:
        if key is None:
            return
        spec = self.templates[key]
        have = {t.title for t in self.items}
        added = [Topic(title=item) for item in spec.items if item not in have]
        if not added:
            self.notify(f"Every topic of {spec.label} is already there")
            return
        self.edit(
            lambda r: r.topics.extend(added),
            "topics from template",
            said=f"Added {len(added)} topics from {spec.label}",
        )


def _toggle(topic: Topic) -> None:
    topic.done = not topic.done
