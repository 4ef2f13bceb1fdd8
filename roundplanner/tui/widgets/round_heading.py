"""The line above a round's tabs: company, round, status, time, and how ready you are."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from roundplanner.model import Round
from roundplanner.timefmt import day_time_text
from roundplanner.tui.text import plain


class RoundHeading(Static):
    """`Acme Robotics › System design  scheduled · Thu 3 Dec 10:00 UTC · ready 2/7`."""

    DEFAULT_CSS = """
    RoundHeading { height: auto; padding: 0 1; background: $boost; }
    """

    heading: reactive[tuple[str, str, Round] | None] = reactive(None, init=False)
    """The company's name, the round's label, and the round."""

    def watch_heading(self, heading: tuple[str, str, Round] | None) -> None:
        if heading is None:
            self.update("")
            return
        company_name, label, round_ = heading
        done, total = round_.progress
        parts = [
            plain(company_name, "bold"),
            Text(" › "),
            plain(label, "bold cyan"),
            Text(f"  {round_.status.value}", style="dim"),
        ]
        if round_.start is not None:
            parts += [Text(" · "), plain(f"{day_time_text(round_.start)} {round_.timezone}")]
        else:
            parts.append(Text(" · no time yet (w sets it)", style="yellow"))
        if total:
            parts.append(Text(f" · ready {done}/{total}", style="green" if done == total else ""))
        self.update(Text.assemble(*parts))
