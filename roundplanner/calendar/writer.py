"""The content lines of our VCALENDAR, VEVENT and VALARM, written byte for byte as
icalendar 7's `to_ical()` writes them.

Why we serialise ourselves
--------------------------
icalendar's serialiser costs per property and per character: `Component.add` wraps every
value in a property object, `to_ical` turns each into a `Contentline` (decoding and
re-encoding it on the way), and folding is a Python loop over every character. Exporting
1,000 generated rounds took ~500 ms, ~70% of it in icalendar's `to_ical` and ~15% in
`Component.add` (cProfile), against ~260 ms for icalendar building 1,000 *minimal*
events: 1.93x, where the performance issue's target is 1.3x (`bench/run.py`). Our events
carry twice the properties and three times the bytes of a minimal one (the checklist, who
you meet, CONFERENCE...), and all of that is what the export is for. Writing the lines
here, folding whole 74-octet slices of the UTF-8 bytes, brings the same export to ~108 ms
(0.42x), and to ~86 ms (0.33x) with the VTIMEZONE cache and two smaller changes; see
docs/performance.md.

What stays with icalendar: parsing (every import), the VTIMEZONE blocks (a handful per
file, cached; `vtimezones`), and being the reference: the tests render the same
components through icalendar and compare the bytes, for the golden file and for random
rounds and texts (`tests/test_calendar_export.py`).

The rules, copied from icalendar: RFC 5545 where it says something, and icalendar's own
choices (the order, and the last three) kept so that the bytes do not change:

* properties in the component's canonical order (icalendar's `canonical_order`), then
  alphabetically; repeated properties in the order added; parameters alphabetically;
* TEXT escaped: backslash, semicolon, comma, and any line break as ``\\n``;
* parameter values with RFC 6868 escapes (``^^``, ``^n``, ``^'``), quoted when they hold
  ``,;:`` or ``’`` (and a few always, see `_ALWAYS_QUOTED`);
* lines folded before they would exceed 75 octets (at most 74 on the first line, a space
  and 74 after), never inside a UTF-8 character, CRLF after every line;
* no folded line ends in a backslash or caret: the break moves one character earlier, so
  an escape stays with what it escapes;
* a plain `str` value is written as icalendar's `vText`, which first reads a literal
  ``\\N`` as a line break (so only used for values that cannot hold one: UID, STATUS...);
  `Text` is escaped by RFC 5545 alone;
* one byte order mark at the very start of a value is dropped (icalendar decodes each
  value as "utf-8-sig").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from typing import TypeAlias

from icalendar import Alarm, Calendar, Event
from icalendar.parser import Parameters


class Text(str):
    """A TEXT value escaped by RFC 5545 alone.

    icalendar 7's vText first turns a literal backslash-N in the text into a line break, so
    a title such as 'C:\\New' would change on the way out. Backslash first, then the rest.
    """

    __slots__ = ()


class Uri(str):
    """A URI value, written as it is."""

    __slots__ = ()


Value: TypeAlias = Text | Uri | str | int | datetime | date | timedelta | list[str]
"""What a property holds. `list[str]` is a list of TEXT values, escaped like `Text` and
joined with commas (CATEGORIES). A `datetime` is either a wall-clock time (naive, with a
TZID parameter) or in UTC; a `date` gets VALUE=DATE; a `timedelta` is a DURATION."""

Params: TypeAlias = dict[str, str]
"""Parameters by name, in upper case (TZID, VALUE...)."""
Prop: TypeAlias = tuple[str, Value, Params | None]

_ORDERS: dict[str, tuple[str, ...]] = {
    "VCALENDAR": tuple(Calendar.canonical_order or ()),
    "VEVENT": tuple(Event.canonical_order or ()),
    "VALARM": tuple(Alarm.canonical_order or ()),
}
_UTC_ONLY = frozenset({"DTSTAMP", "CREATED", "LAST-MODIFIED"})
"""Properties icalendar converts to UTC, a naive time being taken as UTC (RFC 5545)."""
_ALWAYS_QUOTED = frozenset(Parameters.always_quoted)
_QUOTE_ALSO: dict[str, str] = dict(Parameters.quote_also)
_QUOTABLE = re.compile("[,;:’]")
_RFC6868 = re.compile(r'\^|\r\n|\r|\n|"')
_RFC6868_ESCAPES = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}
_LIMIT = 74
"""Octets of a line's content before it is folded (the continuation's space makes 75)."""
_BACKSLASH, _CARET = ord("\\"), ord("^")


class Component:
    """A VCALENDAR, VEVENT or VALARM being built: `add` and `add_component` as in
    icalendar, `to_ical` writing what icalendar would write for the same values."""

    __slots__ = ("name", "props", "subcomponents")

    def __init__(self, name: str) -> None:
        if name not in _ORDERS:
            raise ValueError(f"no property order known for {name}")
        self.name = name
        self.props: list[Prop] = []
        self.subcomponents: list[Component] = []

    def add(self, name: str, value: Value, parameters: Params | None = None) -> None:
        self.props.append((name, value, parameters))

    def add_component(self, component: Component) -> None:
        self.subcomponents.append(component)

    def to_ical(self, inner: Iterable[bytes] = ()) -> bytes:
        """The component's lines, CRLF after each; `inner` (components serialised
        elsewhere, such as VTIMEZONEs) goes before the subcomponents."""
        out = [f"BEGIN:{self.name}\r\n".encode()]
        ranks = _ranks(self.name)
        for name, value, params in sorted(
            self.props, key=lambda prop: ranks.get(prop[0]) or (1, prop[0])
        ):
            out.append(content_line(name, value, params))
        out.extend(inner)
        out.extend(sub.to_ical() for sub in self.subcomponents)
        out.append(f"END:{self.name}\r\n".encode())
        return b"".join(out)


@cache
def _ranks(component: str) -> dict[str, tuple[int, int]]:
    return {name: (0, index) for index, name in enumerate(_ORDERS[component])}


def content_line(name: str, value: Value, params: Params | None = None) -> bytes:
    """One property as folded UTF-8 bytes with its CRLF."""
    text, params = _format(name, value, params)
    if text.startswith("\ufeff"):
        text = text[1:]
    head = name + _parameters(tuple(params.items())) if params else name
    line = f"{head}:{text}"
    if "\n" in line:
        raise ValueError(f"{name}: a line break left in a content line")
    return fold(line) + b"\r\n"


def fold(line: str) -> bytes:
    """`line` as UTF-8, folded (CRLF and a space) so no line holds more than 75 octets."""
    data = line.encode("utf-8")
    size = len(data)
    if size <= _LIMIT:
        return data
    pieces = []
    start = 0
    while size - start > _LIMIT:
        end = start + _LIMIT
        while data[end] & 0xC0 == 0x80:  # inside a character: break before it
            end -= 1
        if data[end - 1] in (_BACKSLASH, _CARET):  # keep an escape with what it escapes
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def escape_text(text: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11); any line break becomes ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


# --------------------------------------------------------------------------- values


def _format(name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    """The value as text, and the parameters it is written with."""
    formatter = _FORMATTERS.get(type(value))
    if formatter is None:
        raise TypeError(f"{name}: cannot write a {type(value).__name__}")
    return formatter(name, value, params)


def _text(_name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    assert isinstance(value, str)
    return escape_text(value), params


def _vtext(_name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    assert isinstance(value, str)
    return escape_text(value.replace("\\N", "\n")), params


def _verbatim(_name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    return str(value), params


def _uri(name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    assert isinstance(value, str)
    if "\r" in value or "\n" in value:
        raise ValueError(f"{name}: a URI cannot hold a line break: {value!r}")
    return value, params


def _text_list(_name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    assert isinstance(value, list)
    return ",".join(escape_text(item) for item in value), params


def _date_time(name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    assert isinstance(value, datetime)
    if name in _UTC_ONLY:
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if value.tzinfo is not None and value.tzinfo is not UTC:
        raise ValueError(f"{name}: a time in UTC or a wall-clock time with TZID, not {value}")
    utc = value.tzinfo is UTC or (params is not None and params.get("TZID") == "UTC")
    text = (
        f"{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}"
    )
    return (text + "Z" if utc else text), params


def _date(_name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    assert isinstance(value, date)
    return f"{value.year:04}{value.month:02}{value.day:02}", {"VALUE": "DATE", **(params or {})}


def _duration(_name: str, value: Value, params: Params | None) -> tuple[str, Params | None]:
    """icalendar's vDuration, line for line: ``-PT30M``, ``P1D``, ``-P1DT2H``."""
    assert isinstance(value, timedelta)
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    time = ""
    if value.seconds:
        hours, minutes, seconds = (
            value.seconds // 3600,
            value.seconds % 3600 // 60,
            value.seconds % 60,
        )
        time = "T" + (f"{hours}H" if hours else "")
        time += f"{minutes}M" if minutes or (hours and seconds) else ""
        time += f"{seconds}S" if seconds else ""
    if value.days == 0 and time:
        return f"{sign}P{time}", params
    return f"{sign}P{value.days}D{time}", params


_Formatter = Callable[[str, Value, Params | None], tuple[str, Params | None]]
_FORMATTERS: dict[type, _Formatter] = {
    Text: _text,
    str: _vtext,
    Uri: _uri,
    int: _verbatim,
    list: _text_list,
    datetime: _date_time,
    date: _date,
    timedelta: _duration,
}


# --------------------------------------------------------------------------- parameters


@lru_cache(maxsize=256)
def _parameters(items: tuple[tuple[str, str], ...]) -> str:
    """';KEY=value;...' in key order; TZID=UTC left out (UTC is written with a Z)."""
    written = []
    for key, value in sorted(items):
        if key != key.upper():
            raise ValueError(f"parameter names are written in upper case: {key}")
        if key == "TZID" and value == "UTC":
            continue
        escaped = _RFC6868.sub(lambda match: _RFC6868_ESCAPES[match.group(0)], value)
        also = _QUOTE_ALSO.get(key)
        quoted = (
            key in _ALWAYS_QUOTED
            or bool(also and any(char in value for char in also))
            or _QUOTABLE.search(escaped) is not None
        )
        written.append(f'{key}="{escaped}"' if quoted else f"{key}={escaped}")
    return "".join(f";{item}" for item in written)
