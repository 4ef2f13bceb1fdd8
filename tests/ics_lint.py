"""Our own lint of exported `.ics` files: what calendar apps need beyond "icalendar parses it".

Parsers are lenient, so a file every library reads can still land an hour off in Outlook
(a floating time), break in a strict app (an LF line ending, an over-long line, a TZID
without VTIMEZONE) or pop up an empty reminder. `lint_ics` names each such problem; the
export tests require it to return nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_OCTETS = 75
_DATE_TIME_PROPS = frozenset(
    {"DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "CREATED", "RECURRENCE-ID", "DUE"}
)
_UTC_ONLY = frozenset({"DTSTAMP", "LAST-MODIFIED", "CREATED"})
_TEXT_PROPS = frozenset({"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "NAME"})
_REQUIRED_IN_EVENT = ("UID", "DTSTAMP", "DTSTART", "DTEND")


@dataclass
class ContentLine:
    number: int
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Block:
    """One component: its name, its properties in order, its children."""

    name: str
    line: int
    props: list[ContentLine] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)

    def values(self, name: str) -> list[ContentLine]:
        return [prop for prop in self.props if prop.name == name]


def lint_ics(data: bytes) -> list[str]:
    """Every problem found in `data`, as 'line N: what' strings; [] for a clean file."""
    problems = _check_bytes(data)
    if problems:
        return problems
    lines = _unfold(data.decode("utf-8"))
    root, problems = _tree(lines)
    if root is None:
        return problems
    problems += _check_calendar(root)
    return problems


# --------------------------------------------------------------------------- bytes


def _check_bytes(data: bytes) -> list[str]:
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("file does not end with CRLF")
    physical = data.split(b"\r\n")
    if physical and physical[-1] == b"":
        physical = physical[:-1]
    for number, line in enumerate(physical, start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare LF or CR (lines must end with CRLF)")
        if len(line) > MAX_OCTETS:
            problems.append(f"line {number}: {len(line)} octets, more than {MAX_OCTETS}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8 on its own (fold split a character?)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"not valid UTF-8: {exc}")
    return problems


# --------------------------------------------------------------------------- lines


_LINE = re.compile(r"(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[^:]*?)*):(?P<value>.*)", re.S)


def _unfold(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\r\n"), start=1):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw:
            lines.append((number, raw))
    return lines


def _parse_line(number: int, raw: str) -> ContentLine | None:
    name, rest = _split_name(raw)
    if name is None:
        return None
    params: dict[str, str] = {}
    while rest.startswith(";"):
        match = re.match(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*(?:,(?:"[^"]*"|[^";:,]*))*)', rest)
        if match is None:
            return None
        params[match.group(1).upper()] = match.group(2).strip('"')
        rest = rest[match.end() :]
    if not rest.startswith(":"):
        return None
    return ContentLine(number, name.upper(), params, rest[1:])


def _split_name(raw: str) -> tuple[str | None, str]:
    match = re.match(r"[A-Za-z0-9-]+", raw)
    return (match.group(0), raw[match.end() :]) if match else (None, raw)


def _tree(lines: list[tuple[int, str]]) -> tuple[Block | None, list[str]]:
    problems: list[str] = []
    stack: list[Block] = []
    root: Block | None = None
    for number, raw in lines:
        line = _parse_line(number, raw)
        if line is None:
            problems.append(f"line {number}: not a content line: {raw[:40]!r}")
            continue
        if line.name == "BEGIN":
            block = Block(line.value, number)
            if stack:
                stack[-1].children.append(block)
            elif root is None:
                root = block
            else:
                problems.append(f"line {number}: a second top-level component")
            stack.append(block)
        elif line.name == "END":
            if not stack or stack[-1].name != line.value:
                problems.append(f"line {number}: END:{line.value} closes nothing open")
            else:
                stack.pop()
        elif stack:
            stack[-1].props.append(line)
        else:
            problems.append(f"line {number}: property outside any component")
    if stack:
        problems.append(f"line {stack[-1].line}: BEGIN:{stack[-1].name} never closed")
    return root, problems


# --------------------------------------------------------------------------- semantics


def _check_calendar(root: Block) -> list[str]:
    problems: list[str] = []
    if root.name != "VCALENDAR":
        return [f"line {root.line}: top-level component is {root.name}, not VCALENDAR"]
    for name in ("PRODID", "VERSION"):
        if len(root.values(name)) != 1:
            problems.append(f"VCALENDAR must have exactly one {name}")
    if [p.value for p in root.values("VERSION")] != ["2.0"]:
        problems.append("VERSION is not 2.0")
    if root.values("METHOD"):
        problems.append("METHOD present: a published calendar must not carry one")
    zones = {p.value for tz in root.children if tz.name == "VTIMEZONE" for p in tz.values("TZID")}
    for tz in (c for c in root.children if c.name == "VTIMEZONE"):
        problems += _check_vtimezone(tz)
    for child in root.children:
        problems += _check_component(child, zones)
    return problems


def _check_vtimezone(tz: Block) -> list[str]:
    problems = []
    if len(tz.values("TZID")) != 1:
        problems.append(f"line {tz.line}: VTIMEZONE without exactly one TZID")
    if not any(child.name in ("STANDARD", "DAYLIGHT") for child in tz.children):
        problems.append(f"line {tz.line}: VTIMEZONE without STANDARD or DAYLIGHT")
    for child in tz.children:
        for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
            if len(child.values(name)) != 1:
                problems.append(f"line {child.line}: {child.name} without exactly one {name}")
    return problems


def _check_component(block: Block, zones: set[str]) -> list[str]:
    problems: list[str] = []
    if block.name == "VTIMEZONE":
        return problems
    for prop in block.props:
        problems += _check_property(prop, zones)
    if block.name == "VEVENT":
        for name in _REQUIRED_IN_EVENT:
            count = len(block.values(name))
            if count != 1:
                problems.append(f"line {block.line}: VEVENT has {count} {name} (needs 1)")
    if block.name == "VALARM":
        action = [p.value.upper() for p in block.values("ACTION")]
        if not block.values("TRIGGER"):
            problems.append(f"line {block.line}: VALARM without TRIGGER")
        if action == ["DISPLAY"] and not [p for p in block.values("DESCRIPTION") if p.value]:
            problems.append(f"line {block.line}: DISPLAY VALARM without DESCRIPTION")
    for child in block.children:
        problems += _check_component(child, zones)
    return problems


def _check_property(prop: ContentLine, zones: set[str]) -> list[str]:
    problems: list[str] = []
    where = f"line {prop.number}: {prop.name}"
    tzid = prop.params.get("TZID")
    if tzid is not None and tzid not in zones:
        problems.append(f"{where}: TZID {tzid!r} has no VTIMEZONE")
    if prop.name in _DATE_TIME_PROPS:
        problems += _check_date_time(prop, where)
    if prop.name in _TEXT_PROPS:
        problems += _check_text(prop.value, where)
    if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", prop.value):
        problems.append(f"{where}: control character in value")
    return problems


def _check_date_time(prop: ContentLine, where: str) -> list[str]:
    if prop.params.get("VALUE") == "DATE":
        return [] if re.fullmatch(r"\d{8}", prop.value) else [f"{where}: bad DATE value"]
    if prop.name in _UTC_ONLY and not re.fullmatch(r"\d{8}T\d{6}Z", prop.value):
        return [f"{where}: must be a UTC date-time"]
    if re.fullmatch(r"\d{8}T\d{6}Z", prop.value):
        return [] if "TZID" not in prop.params else [f"{where}: UTC time with a TZID"]
    if re.fullmatch(r"\d{8}T\d{6}", prop.value):
        return [] if "TZID" in prop.params else [f"{where}: floating date-time (no TZID, no Z)"]
    return [f"{where}: not a date-time: {prop.value!r}"]


def _check_text(value: str, where: str) -> list[str]:
    """TEXT escaping: only \\\\ \\; \\, \\n after a backslash; no bare ';' or ','."""
    problems = []
    unescaped = re.sub(r"\\[\\;,nN]", "", value)
    if "\\" in unescaped:
        problems.append(f"{where}: backslash that escapes nothing")
    if ";" in unescaped or "," in unescaped:
        problems.append(f"{where}: unescaped ';' or ','")
    return problems
