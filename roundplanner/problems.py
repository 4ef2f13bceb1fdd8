"""Problems found in files, phrased for people: `companies/acme.toml:14: rounds[1].timezone: …`.

Shared by the store and the settings so that every bad file, whatever it is, is reported
the same way: the file, the line when known, the field path, and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    path: str
    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


def field_path(loc: tuple[int | str, ...]) -> str:
    """('rounds', 1, 'timezone') -> 'rounds[1].timezone' (schema_ shown as written: schema)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = "schema" if part == "schema_" else part
            text += f".{name}" if text else name
    return text


_PREFIXES = ("Value error, ", "Assertion failed, ")


def clean_message(message: str) -> str:
    """Pydantic's message without its 'Value error, ' prefix, on one line."""
    for prefix in _PREFIXES:
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return " ".join(message.split())


_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_LIFTED_PATH = re.compile(rf"^({_NAME}(?:\[\d+\]|\.{_NAME})*): (.+)$", re.DOTALL)
_PATH_PART = re.compile(rf"\[(\d+)\]|\.?({_NAME})")


def _split_path(text: str) -> tuple[int | str, ...]:
    """'rounds[1].id' -> ('rounds', 1, 'id'): the inverse of `field_path`."""
    return tuple(int(index) if index else name for index, name in _PATH_PART.findall(text))


def lift_field(loc: tuple[int | str, ...], message: str) -> tuple[tuple[int | str, ...], str]:
    """A model-level check names the field it is about as 'rounds[1].id: …' in its message
    (pydantic gives such errors the location of the model); move that into the location."""
    match = _LIFTED_PATH.match(message)
    if match is None:
        return loc, message
    return (*loc, *_split_path(match.group(1))), match.group(2)


_SYNTAX_AT = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")


def syntax_problem(error: ValueError, path: str, text: str) -> Problem:
    """A TOML syntax error as a Problem with its line (Python 3.11's tomllib puts the line
    only in the message: 'Invalid value (at line 3, column 7)')."""
    message = str(error)
    line: int | None = getattr(error, "lineno", None)
    match = _SYNTAX_AT.search(message)
    if match is not None:
        message = message[: match.start()]
        if line is None:
            line = int(match.group(1)) if match.group(1) else max(1, len(text.splitlines()))
    for marker, hint in _SYNTAX_HINTS:
        if marker in message:
            message = f"{hint} ({message})"
            break
    return Problem(path, f"TOML syntax: {message}", line)


_SYNTAX_HINTS = (
    ("Cannot overwrite a value", "a key is set twice"),
    ("Cannot declare", "a table is declared twice"),
    ("Illegal character '\\n'", "a string is not closed on its line"),
)


def validation_problems(
    error: ValidationError, path: str, text: str | None = None
) -> list[Problem]:
    """One Problem per pydantic error, each with the line of its field when it can be found.

    At most MAX_PER_FILE are listed (then one line says how many more): finding a line
    reads the file, and a file with 40,000 bad rounds once took an hour to report."""
    problems = []
    items = error.errors(include_url=False)
    for item in items[:MAX_PER_FILE]:
        loc, message = lift_field(tuple(item["loc"]), clean_message(item["msg"]))
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        elif item["type"] == "enum":
            allowed = item.get("ctx", {}).get("expected", "")
            message = f"{item['input']!r} is not one of {allowed}"
        line = locate(text, loc) if text is not None else None
        problems.append(Problem(path, message, line, field_path(loc)))
    if len(items) > MAX_PER_FILE:
        more = len(items) - MAX_PER_FILE
        problems.append(Problem(path, f"and {more} more problem(s) like these"))
    return problems


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""


def deep_key_line(text: str, most: int) -> int | None:
    """The first line whose key or table header has more than `most` dotted parts, or None.

    tomllib's (and tomli's) time and memory grow with the square of a key's parts: a
    200 KB line `a.a.a.…` of 100,000 parts took minutes and gigabytes. Asked before
    such a parse, so that file is refused at once. A line inside a multi-line string that
    looks just like such a key (that many parts, then `=` or `]`) is taken for one: no
    real note holds one. A search for `most` dotted parts in a row anywhere (it starts at
    a dot: fast) comes first; the search by line is ~6x slower."""
    part = rf"[ \t]*{_KEY_PART}[ \t]*"
    if re.search(rf"\.(?:{part}\.){{{most - 1}}}", text) is None:
        return None
    key = rf"^[ \t]*\[{{0,2}}(?:{part}\.){{{most},}}{part}[=\]]"
    found = re.search(key, text, re.MULTILINE)  # each pattern is compiled once: re keeps it
    return None if found is None else text.count("\n", 0, found.start()) + 1


MAX_PER_FILE = 20
"""Problems listed per file; nobody fixes the twenty-first before the first."""


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=")


def _table_name(raw: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in raw.split("."))


def locate(text: str | None, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line number (1-based) of a field in a TOML text written in the usual style.

    Walks the headers: `[[rounds]]` occurrences are counted to find `rounds[1]`, and the
    key is searched for below the table it belongs to. Returns None rather than guess.
    """
    if not text:
        return None
    lines = text.splitlines()
    start, end = 0, len(lines)
    table = ""
    parts = list(loc)
    i = 0
    while i < len(parts):
        part = parts[i]
        if not isinstance(part, str):
            return None
        name = f"{table}.{part}" if table else part
        following = parts[i + 1] if i + 1 < len(parts) else None
        index = following if isinstance(following, int) else None
        found = _find_header(lines, start, end, name, index)
        if found is not None:
            start, end = found
            table = name
            i += 2 if index is not None else 1
            continue
        key_line = _find_key(lines, start, end, part)
        return key_line + 1 if key_line is not None else start if start else None
    return start if start else None


def _find_header(
    lines: list[str], start: int, end: int, name: str, index: int | None
) -> tuple[int, int] | None:
    """The body range of table `name` (the index-th `[[name]]` if index is given)."""
    seen = -1
    for number in range(start, end):
        match = _HEADER.match(lines[number])
        if not match or _table_name(match.group(2)) != name:
            continue
        is_array = match.group(1) == "[["
        if index is None and is_array:
            return None
        if index is not None:
            if not is_array:
                return None
            seen += 1
            if seen != index:
                continue
        body_end = number + 1
        while body_end < end:
            other = _HEADER.match(lines[body_end])
            if other:
                other_name = _table_name(other.group(2))
                if not other_name.startswith(name + ".") or other_name == name:
                    break
            body_end += 1
        return number + 1, body_end
    return None


def _find_key(lines: list[str], start: int, end: int, key: str) -> int | None:
    for number in range(start, end):
        if _HEADER.match(lines[number]):
            break
        match = _KEY.match(lines[number])
        if match and match.group(1).strip("\"'") == key:
            return number
    return None
