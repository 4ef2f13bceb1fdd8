"""The line above a round's tabs: company, round, status, time, and how ready you are."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from roundplanner.model import Round
from roundplanner.timefmt import day_time_text
from roundplanner.tui.text import one_line, plain


class RoundHeading(Static):
    """`Acme Robotics › System design  scheduled · Thu 3 Dec 10:00 UTC · ready 2/7`."""

    DEFAULT_CSS = """
    RoundHeading { height: 1; padding: 0 1; background: $boost; }
    """

    heading: reactive[tuple[str, str, Round] | None] = reactive(None, init=False)
    """The company's name, the round's label, and the round."""

    def render(self) -> Text:
        """One line: at 80 columns the status, then the readiness, give way; the names
        and the time (or that there is none yet) always show."""
        if self.heading is None:
            return Text("")
        company_name, label, round_ = self.heading
        done, total = round_.progress
        parts = [
            (plain(company_name, "bold"), 0),
            (Text(" › "), 0),
            (plain(label, "bold cyan"), 0),
            (Text(f"  {round_.status.value}", style="dim"), 2),
        ]
        if round_.start is not None:
            when = plain(f"{day_time_text(round_.start)} {round_.timezone}")
            parts.append((Text.assemble(" · ", when), 0))
        else:
            parts.append((Text(" · no time yet (w sets it)", style="yellow"), 0))
        if total:
            ready = Text(f" · ready {done}/{total}", style="green" if done == total else "")
            parts.append((ready, 1))
        return one_line(self.content_size.width, parts)
