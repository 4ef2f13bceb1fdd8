"""Turning models into TOML text a person can read and edit, and back.

`tomli_w` alone writes an array of tables inline (`rounds = [{ ... }]`), which is hard to
edit by hand, so the layout (`[[rounds]]`, `[rounds.debrief]`) is ours while every value,
with all its escaping, is still formatted by `tomli_w` (imported only when writing).

Output is stable: keys in the order the model declares its fields, then the user's own
extra keys in the order they came; defaults left out except the keys that make a file
self-explaining (schema, name, stage, a round's id, kind, time and zone).
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from roundplanner.model import Company, Round, Story, StoryBank

ALWAYS_WRITTEN: dict[type[BaseModel], frozenset[str]] = {
    Company: frozenset({"schema_", "name", "stage", "source"}),
    Round: frozenset({"id", "kind", "timezone", "duration_minutes", "status"}),
    Story: frozenset({"id", "title"}),
    StoryBank: frozenset({"schema_"}),
}
"""Fields written even when they hold their default, so a file reads on its own."""


def model_to_data(model: BaseModel) -> dict[str, Any]:
    """A model as plain TOML-ready data: defaults and None left out, extras kept."""
    always = ALWAYS_WRITTEN.get(type(model), frozenset())
    data: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        default_applies = name not in always and not info.is_required()
        if default_applies and value == _default(type(model), name, info):
            continue
        data[info.alias or name] = _plain(value)
    for key, value in (model.model_extra or {}).items():
        if value is not None:
            data[key] = _plain(value)
    return data


_DEFAULTS: dict[tuple[type[BaseModel], str], Any] = {}


def _default(model: type[BaseModel], name: str, info: FieldInfo) -> Any:
    """A field's default, made once per field: pydantic's `get_default` inspects the
    factory's signature on every call, which was most of the time a save took. (A
    factory of fresh ids gives one id here, which no real id equals: still written.)"""
    key = (model, name)
    if key not in _DEFAULTS:
        _DEFAULTS[key] = info.get_default(call_default_factory=True)
    return _DEFAULTS[key]


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return model_to_data(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    return value


# --------------------------------------------------------------------------- writing

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):  # not `match`: `$` would let "key\n" through
        return key
    import tomli_w

    # A key is always a one-line string, whatever it holds (a newline in a key is legal).
    text = tomli_w.dumps({key: 0})
    return text[: text.rindex(" = 0")]


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, list | tuple):
        return any(_has_crlf(item) for item in value)
    if isinstance(value, dict):
        return any(_has_crlf(item) for item in value.values())
    return False


_NOT_IN_LITERAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""What a TOML literal string cannot hold (tab and newline can; CR is left to escapes)."""


def _literal(value: str) -> str | None:
    """`value` as a TOML literal string when it holds backslashes or double quotes, else None.

    A basic string escapes both, doubling them: a Windows path or a regex reads badly, and
    a 1.1 MB note of backslashes (or quotes) became 2.2 MB, over the limit the next load
    enforces. A literal string holds them as they are. Other values keep the usual form,
    so files that never had either keep their bytes."""
    if ("\\" not in value and '"' not in value) or _NOT_IN_LITERAL.search(value):
        return None
    if "\n" not in value:
        return None if "'" in value else f"'{value}'"
    if "'''" in value or value.endswith("'"):
        return None
    return f"'''\n{value}'''"  # the newline after the opening quotes is not content


def _value(value: Any) -> str:
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, str):
        literal = _literal(value)
        if literal is not None:
            return literal
    # The common values, written as tomli_w writes them, without a call into it per
    # value (that was a third of a save): booleans, whole numbers, and one-line strings
    # with nothing to escape.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    import tomli_w  # only a save pays for the writer

    # Multi-line strings read best, but TOML turns a CRLF inside one into LF (and
    # tomli_w does so on writing): a value holding CRLF is written escaped, exactly.
    text = tomli_w.dumps({"v": value}, multiline_strings=not _has_crlf(value))
    return text[len("v = ") :].rstrip("\n")


def _datetime(value: datetime) -> str:
    """RFC 3339 with a 'T' (tomli_w writes a space) and 'Z' for UTC: what people expect."""
    if value.tzinfo is not None and value.utcoffset() == timedelta(0):
        return value.replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()


def _emit(data: dict[str, Any], path: list[str], out: list[str]) -> None:
    for key, value in data.items():
        if not _is_table(value) and not _is_table_array(value):
            out.append(f"{_key(key)} = {_value(value)}")
    for key, value in data.items():
        child = [*path, _key(key)]
        if _is_table(value):
            if out:
                out.append("")
            out.append(f"[{'.'.join(child)}]")
            _emit(value, child, out)
        elif _is_table_array(value):
            for item in value:
                if out:
                    out.append("")
                out.append(f"[[{'.'.join(child)}]]")
                _emit(item, child, out)


def dumps(data: dict[str, Any]) -> str:
    """TOML text for `data`, tables and arrays of tables in block form."""
    out: list[str] = []
    _emit(data, [], out)
    return "\n".join(out) + "\n"


def model_to_toml(model: BaseModel) -> bytes:
    return dumps(model_to_data(model)).encode("utf-8")


# --------------------------------------------------------------------------- reading


def loads(data: bytes) -> dict[str, Any]:
    """Parse TOML bytes (UTF-8, a leading BOM tolerated). Raises UnicodeDecodeError or
    tomllib.TOMLDecodeError; RecursionError on absurd nesting."""
    return tomllib.loads(data.decode("utf-8-sig"))
