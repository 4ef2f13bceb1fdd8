"""The topic checklist of a round: what to brush up on, ticked off one by one."""

from __future__ import annotations

from rich.text import Text

from roundplanner.model import Topic
from roundplanner.sanitize import clean
from roundplanner.tui.widgets.item_list import ItemList


def topic_line(topic: Topic) -> Text:
    """`[x] Title  — note`, done items dimmed so what is left stands out."""
    box = Text("[x] " if topic.done else "[ ] ", style="green" if topic.done else "bold")
    line = box + Text(clean(topic.title), style="dim" if topic.done else "")
    if topic.note:
        line += Text(f"  — {clean(topic.note)}", style="italic dim")
    return line


def progress_text(topics: list[Topic]) -> Text:
    """`Ready 3/6` with a colour that says how far along the prep is."""
    done, total = sum(1 for t in topics if t.done), len(topics)
    if not total:
        return Text("No topics yet", style="dim")
    style = "bold green" if done == total else ("yellow" if done else "red")
    return Text.assemble("Ready ", (f"{done}/{total}", style))


class TopicChecklist(ItemList):
    """The checklist of topics; the owning screen ticks, moves and edits through the session."""

    DEFAULT_CSS = """
    TopicChecklist { height: 1fr; max-height: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("No topics yet: press a to add one, t to add from a template.", id=id)

    def show_topics(self, topics: list[Topic], *, highlight: int | None = None) -> None:
        self.show_items([topic_line(t) for t in topics], highlight=highlight)
