"""The workspace on disk: one TOML file per company, plus the story bank.

```
<workspace>/companies/<slug>.toml   one file per company
<workspace>/stories.toml            the story bank
<workspace>/conflicts/              your version, when a file changed under you
<workspace>/.trash/                 deleted companies (restored by undo)
```

Promises, each with a test:
- Writes are atomic: a temp file in the same folder, fsync, rename, fsync of the folder.
  A crash leaves the old file or the new one, never half of either.
- A file that fails to parse or validate is reported (file, line, field) and never
  written to; the rest of the workspace loads.
- A file changed on disk since it was read (git pull, a sync tool, an editor, another
  instance) is never clobbered: it is reloaded when there is no unsaved local change;
  otherwise the disk version stays and ours is kept in `conflicts/`.
- Same state, same bytes; a save that would write the same bytes writes nothing.
- Files are user-only (0600) in user-only folders (0700).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

# Parsing is most of the cost of opening a workspace whose summaries are not kept yet:
# rtoml (Rust) reads a rich company file ~5x faster than tomli's compiled code, which is
# 2.4x faster than the standard library. See `_read_toml` for which reads which.
import rtoml
import tomli
from pydantic import BaseModel, ValidationError

from roundplanner import safeio
from roundplanner.locking import WorkspaceBusy, WorkspaceLock
from roundplanner.model import SCHEMA_VERSION, Company, StoryBank, slugify
from roundplanner.problems import (
    Problem,
    clean_message,
    deep_key_line,
    locate,
    syntax_problem,
    validation_problems,
)
from roundplanner.safeio import StoreError, UnreadableFile
from roundplanner.toml_io import model_to_toml

COMPANIES = "companies"
STORIES = "stories.toml"
CONFLICTS = "conflicts"
TRASH = ".trash"
MAX_FILE_BYTES = 2 * 1024 * 1024
"""Larger than any real company file by far; refusing it keeps a stray dump from stalling."""
STALE_TEMP_SECONDS = 600

M = TypeVar("M", bound=BaseModel)


class _ChangedMeanwhile(OSError):
    """The file changed between our check and our rename (raised to call the write off)."""


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


class SaveStatus(Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    key: str
    kept: Path | None = None
    """With CONFLICT: where our version was kept (the disk version is left as it was)."""

    @property
    def message(self) -> str:
        if self.status is SaveStatus.CONFLICT and self.kept is not None:
            return (
                f"{self.key} changed on disk; it was not overwritten — "
                f"your version is in {self.kept.name} under {CONFLICTS}/"
            )
        return f"{self.key} {self.status.value}"


@dataclass
class _FileState:
    """What we last read from or wrote to one file."""

    fingerprint: tuple[int, int, int] | None
    digest: str


@dataclass
class Change:
    """A file that changed on disk since we last saw it."""

    key: str
    kind: str  # "changed", "added", "removed", "broken"
    problems: list[Problem] = field(default_factory=list)


Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
"""schema N -> N+1 upgrades of raw file data; empty while there is only schema 1."""


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Upgrade raw data to the current schema, or raise ValueError for a newer one."""
    version = data.get("schema", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"schema must be a whole number from 1, not {version!r}")
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"written by a newer roundplanner (schema {version}, this one reads {SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _fingerprint(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return (-1, -1, -1)  # there but unreadable: differs from anything we read
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def atomic_write(
    path: Path, data: bytes, before_replace: Callable[[Path], None] | None = None
) -> None:
    """Replace `path` with `data`, user-only, whole or not at all (see safeio.atomic_write)."""
    try:
        safeio.atomic_write(path, data, mode=0o600, before_replace=before_replace)
    except UnreadableFile as error:
        raise OSError(errno.EINVAL, str(error)) from None


def _make_private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


@dataclass
class Workspace:
    """What was loaded: the companies by slug, the story bank, and what could not load."""

    companies: dict[str, Company] = field(default_factory=dict)
    stories: StoryBank = field(default_factory=StoryBank)
    problems: list[Problem] = field(default_factory=list)

    @property
    def broken_files(self) -> list[str]:
        return sorted({problem.path for problem in self.problems})


MAX_DEPTH = 32
"""Tables and arrays nested deeper than this are refused: no real file comes close, and
a pathological one (`[a.a.a.…]` thousands deep) would otherwise load and then fail to save."""


def _too_deep(raw: dict[str, Any]) -> str | None:
    """The top-level key under which `raw` nests deeper than MAX_DEPTH, or None.

    Only tables and arrays are walked (a file's thousands of scalars are never stacked):
    this ran on every file of every load and took a fifth of it."""
    containers = (dict, list)
    for key, value in raw.items():
        if not isinstance(value, containers):
            continue
        stack: list[tuple[Any, int]] = [(value, 1)]
        while stack:
            item, depth = stack.pop()
            if depth > MAX_DEPTH:
                return key
            for child in item.values() if isinstance(item, dict) else item:
                if isinstance(child, containers):
                    stack.append((child, depth + 1))
    return None


def _nesting_line(text: str) -> int | None:
    """Where brackets first nest deeper than MAX_DEPTH (a guess that ignores strings: it is
    only asked about a file already known to nest too deeply)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif char in "]}":
                depth -= 1
    return None


def _first_mention(text: str, key: str) -> int | None:
    """The first line that starts with `key` as a key or a table header (`[key.…]`)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip(" \t[").startswith((key, f'"{key}"', f"'{key}'")):
            return number
    return None


_OFFSET = re.compile(r":\d\d(?::\d\d(?:\.\d+)?)?[Zz+-]")
"""A date-time with an offset (…T09:00:00Z, …+01:00), or text that looks like one."""
_LAST_TIME_PART = re.compile(r":\d\d(?![:\d])")
"""The last part of a time: the seconds of 09:00:00, or the minutes of 09:00."""


def _rtoml_may_differ(text: str) -> bool:
    """Whether rtoml might read `text` differently from tomllib, or merely seems to (a note
    saying "10:30" or "{x}"). A pre-check, not a parser: it may send a file to tomli
    needlessly, never the other way. Each test starts with a fixed character, so the
    scan is fast (~0.03 ms for a rich company file; one regex with alternatives took
    0.85 ms, more than rtoml's whole parse)."""
    if "\r" in text or "{" in text or "\\e" in text or "\\x" in text:
        # CRLF inside a multi-line string (rtoml keeps it; tomllib reads LF); TOML 1.1's
        # line breaks and trailing commas in inline tables, and its \e and \xHH escapes.
        return True
    if text.startswith("\ufeff"):
        # A second byte order mark (the file's first is gone with utf-8-sig): rtoml skips
        # it, tomllib refuses it.
        return True
    if _OFFSET.search(text) is not None:
        return True
    # TOML 1.1's time without seconds: a time whose last part has no ":" three before it.
    return any(text[m.start() - 3 : m.start() - 2] != ":" for m in _LAST_TIME_PART.finditer(text))


class KeysTooDeep(RecursionError):
    """A key or table header of more parts than MAX_DEPTH allows, refused before tomli
    reads it (`problems.deep_key_line`): tomli's cost grows with the square of them."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: nested more than {MAX_DEPTH} levels deep")
        self.line = line


def _read_toml(text: str) -> dict[str, Any]:
    r"""A company file's TOML as data: fast, and exactly what the standard library reads.

    rtoml (Rust) reads most files, ~5x faster than tomli. tomli (TOML 1.0, the grammar
    of Python 3.11's tomllib, as compiled code) reads the rest, and tomllib has the last
    word on a file tomli refuses, so that the error says what is wrong in the words (and
    with the line) every message was written for. The rest (`_rtoml_may_differ`) is:
    - a file rtoml refuses;
    - a file with a carriage return (rtoml keeps CRLF inside a multi-line string, where
      tomllib reads LF);
    - a file with a date-time that carries an offset (an invite's stamp): rtoml gives it
      a tzinfo class of its own that cannot be copied or pickled (the undo history and
      the kept summaries need both); tomli gives `datetime.timezone`;
    - a file that may use what TOML 1.1 added and tomllib refuses (`\e`, `\xHH`, a time
      without seconds, a line break or trailing comma in an inline table): company files
      are TOML 1.0, like the settings, so such a file is refused, with tomllib's reason.

    The one refusal that is not tomllib's: a key or header of more than MAX_DEPTH + 1
    parts (`KeysTooDeep`), which would nest too deeply anyway and which tomllib takes
    minutes to read once it has thousands. rtoml reads them fast, and stops at 80.
    """
    if not _rtoml_may_differ(text):
        try:
            return rtoml.loads(text)
        except (rtoml.TomlParsingError, ValueError):
            pass
    deep = deep_key_line(text, MAX_DEPTH + 1)
    if deep is not None:
        raise KeysTooDeep(deep)
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError:
        return tomllib.loads(text)


def parse_model(
    model: type[M], data: bytes, shown: str, context: dict[str, Any] | None = None
) -> tuple[M | None, list[Problem]]:
    """Bytes of a TOML file to a model, or the problems that stop it, each with a line."""
    if len(data) > MAX_FILE_BYTES:
        size = len(data) / (1024 * 1024)
        return None, [Problem(shown, f"file is {size:.1f} MB; the limit is 2 MB")]
    if not data.strip():
        return None, [Problem(shown, "file is empty")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(shown, "not a text file (contains NUL bytes)", line)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(shown, "not valid UTF-8 text", line)]
    try:
        raw = _read_toml(text)
    except tomllib.TOMLDecodeError as error:
        return None, [syntax_problem(error, shown, text)]
    except KeysTooDeep as error:
        return None, [Problem(shown, f"nested more than {MAX_DEPTH} levels deep", error.line)]
    except RecursionError:
        return None, [Problem(shown, "TOML nested too deeply", _nesting_line(text))]
    except ValueError as error:
        # tomllib lets Python's own limits through: an integer of more than 4300 digits.
        reason = clean_message(str(error)).split(";")[0]
        return None, [Problem(shown, f"cannot read a value: {reason}")]
    too_deep = _too_deep(raw)
    if too_deep is not None:
        message = f"nested more than {MAX_DEPTH} levels deep"
        at = locate(text, (too_deep,)) or _first_mention(text, too_deep)
        return None, [Problem(shown, message, at, too_deep)]
    try:
        raw = migrate(raw)
    except ValueError as error:
        return None, [Problem(shown, str(error), locate(text, ("schema",)), "schema")]
    try:
        parsed = model.model_validate(raw, context=context)
    except ValidationError as error:
        return None, validation_problems(error, shown, text)
    except RecursionError:
        return None, [Problem(shown, "data nested too deeply")]
    if len(data) > MAX_FILE_BYTES // 2:
        # What loads must also save: escapes can make the written file larger than the
        # one read, and a save over the limit is refused. Said now, not at the first edit.
        saved = len(model_to_toml(parsed))
        if saved > MAX_FILE_BYTES:
            size = saved / (1024 * 1024)
            message = f"would be {size:.1f} MB once saved, over the 2 MB limit; shorten a note"
            return None, [Problem(shown, message)]
    return parsed, []


class Store:
    """Reads and writes one workspace folder, remembering what each file held."""

    def __init__(self, root: Path, kinds: Iterable[str] | None = None) -> None:
        self.root = root
        self.kinds = frozenset(kinds) if kinds else None
        self._files: dict[str, _FileState] = {}
        self._broken: dict[str, list[Problem]] = {}
        self._lock = WorkspaceLock(root)

    # -- names

    @property
    def companies_dir(self) -> Path:
        return self.root / COMPANIES

    def company_key(self, slug: str) -> str:
        return f"{COMPANIES}/{slug}.toml"

    def path_of(self, key: str) -> Path:
        return self.root / key

    @property
    def broken_keys(self) -> set[str]:
        return set(self._broken)

    def taken_slugs(self) -> set[str]:
        """Every stem in companies/ (broken files included), so a new slug never clashes."""
        names = {key.removeprefix(f"{COMPANIES}/").removesuffix(".toml") for key in self._files}
        names |= {key.removeprefix(f"{COMPANIES}/").removesuffix(".toml") for key in self._broken}
        if self.companies_dir.is_dir():
            names |= {p.stem.lower() for p in self.companies_dir.glob("*.toml")}
        return names

    def new_slug(self, name: str) -> str:
        return slugify(name, self.taken_slugs())

    # -- reading

    def parse_context(self) -> dict[str, Any] | None:
        """What validating a company file needs to know (the round kinds in use)."""
        return {"kinds": self.kinds} if self.kinds else None

    def digest_of(self, key: str) -> str | None:
        """The digest of the bytes last read from or written to `key` (None: not known or
        broken); summary.py keys the persisted summaries by it."""
        state = self._files.get(key)
        return state.digest if state is not None and state.digest else None

    def _read(self, key: str) -> tuple[bytes | None, tuple[int, int, int] | None, Problem | None]:
        """The bytes of `key` through the one safe reader (regular files only, bounded)."""
        path = self.path_of(key)
        before = _fingerprint(path)
        try:
            data = safeio.read_regular(path, MAX_FILE_BYTES)
        except FileNotFoundError:
            if os.path.islink(path):
                # A link into an unmounted sync folder is not "no file": say so.
                return None, None, Problem(key, "is a link to a file that is not there")
            return None, None, None
        except UnreadableFile as error:
            return None, before, Problem(key, str(error))
        return data, before, None

    def disk_digest(self, key: str) -> str | None:
        """The digest of what `key` holds on disk now (None: absent or unreadable)."""
        return self._disk_digest(key)

    def _disk_digest(self, key: str) -> str | None:
        """The digest of what `key` holds on disk now; None when it cannot be read."""
        try:
            return _digest(safeio.read_regular(self.path_of(key), MAX_FILE_BYTES))
        except (OSError, UnreadableFile):
            return None

    def load_company(self, key: str) -> tuple[Company | None, list[Problem]]:
        """Read one company file, recording its state; None and problems if it is broken."""
        data, fingerprint, problem = self._read(key)
        if problem is not None:
            self._mark_broken(key, [problem], fingerprint)
            return None, [problem]
        if data is None:
            self._files.pop(key, None)
            self._broken.pop(key, None)
            return None, []
        company, problems = self.parse_company(data, key)
        if company is None:
            self._mark_broken(key, problems, fingerprint)
            return None, problems
        self._broken.pop(key, None)
        self._files[key] = _FileState(fingerprint, _digest(data))
        return company, []

    def parse_company(self, data: bytes, key: str) -> tuple[Company | None, list[Problem]]:
        """The bytes of a company file as a model, or the problems that stop it."""
        return parse_model(Company, data, key, self.parse_context())

    def _mark_broken(
        self, key: str, problems: list[Problem], fingerprint: tuple[int, int, int] | None
    ) -> None:
        self._broken[key] = problems
        self._files[key] = _FileState(fingerprint, "")

    def load_stories(self) -> tuple[StoryBank, list[Problem]]:
        data, fingerprint, problem = self._read(STORIES)
        if problem is not None:
            self._mark_broken(STORIES, [problem], fingerprint)
            return StoryBank(), [problem]
        if data is None:
            return StoryBank(), []
        bank, problems = parse_model(StoryBank, data, STORIES)
        if bank is None:
            self._mark_broken(STORIES, problems, fingerprint)
            return StoryBank(), problems
        self._broken.pop(STORIES, None)
        self._files[STORIES] = _FileState(fingerprint, _digest(data))
        return bank, []

    def company_keys_on_disk(self) -> list[str]:
        """The company files in companies/ (none when the folder cannot be listed: `load`
        reports why)."""
        try:
            entries = list(os.scandir(self.companies_dir))
        except OSError:
            return []
        return sorted(
            f"{COMPANIES}/{entry.name}"
            for entry in entries
            if entry.name.endswith(".toml") and not entry.name.startswith(".")
        )

    def folder_problem(self) -> Problem | None:
        """Why companies/ cannot be read as a folder of company files, or None.

        A missing folder is a new, empty workspace; anything else that stops us listing it
        (a regular file in its place, no permission) is reported instead of looking like a
        workspace with no companies."""
        folder = self.companies_dir
        try:
            os.scandir(folder).close()
        except FileNotFoundError:
            if os.path.islink(folder):
                return Problem(
                    f"{COMPANIES}/", "is a link to a folder that is not there (not mounted?)"
                )
            return None
        except NotADirectoryError:
            return Problem(f"{COMPANIES}/", "is not a folder; company files go in a folder")
        except OSError as error:
            return Problem(f"{COMPANIES}/", f"cannot list the folder: {_reason(error)}")
        return None

    def load(self, part: int = 0, parts: int = 1) -> Workspace:
        """Everything in the workspace that loads, and a problem for each file that does not.

        With `parts` > 1, only share `part` of it (every `parts`-th company file, and the
        rest of the workspace with part 0): processes loading a share each add up to one
        load (prefetch.py)."""
        self._files.clear()
        self._broken.clear()
        workspace = Workspace()
        if part == 0:
            self._remove_stale_temp_files()
            folder = self.folder_problem()
            if folder is not None:
                workspace.problems.append(folder)
        for key in self.company_keys_on_disk()[part::parts]:
            company, problems = self.load_company(key)
            if company is not None:
                workspace.companies[self.slug_of(key)] = company
            workspace.problems.extend(problems)
        if part == 0:
            workspace.stories, problems = self.load_stories()
            workspace.problems.extend(problems)
        return workspace

    @staticmethod
    def slug_of(key: str) -> str:
        return key.removeprefix(f"{COMPANIES}/").removesuffix(".toml")

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a process killed mid-write; a live writer's are left alone."""
        cutoff = time.time() - STALE_TEMP_SECONDS
        for folder in (self.root, self.companies_dir):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue  # missing or unreadable: nothing to sweep, `load` says why
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        if entry.stat().st_mtime < cutoff:
                            os.unlink(entry.path)

    # -- writing

    def save_company(self, slug: str, company: Company) -> SaveResult:
        return self._save(self.company_key(slug), model_to_toml(company))

    def save_stories(self, bank: StoryBank) -> SaveResult:
        return self._save(STORIES, model_to_toml(bank))

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """Hold the workspace lock (see locking.py) around a read-check-write of any file.

        A writer that re-reads a file before changing it (the session, `import`) holds it
        from that read to the rename, so racing writers all land. Re-entrant per thread."""
        return self._lock.held()

    def _save(self, key: str, data: bytes) -> SaveResult:
        """Write `data` to `key` unless that would clobber a change made on disk meanwhile.

        The check and the rename happen under the workspace lock: between them no other
        roundplanner can write the file."""
        if key in self._broken:
            raise StoreError(
                f"{key} could not be read, so it is not overwritten; fix or move it first"
            )
        if len(data) > MAX_FILE_BYTES:
            # Never write what the next load would refuse.
            size = len(data) / (1024 * 1024)
            raise StoreError(f"{key} would be {size:.1f} MB, over the 2 MB limit; not saved")
        try:
            with self.locked():
                return self._save_locked(key, data)
        except WorkspaceBusy as error:
            raise StoreError(str(error)) from None

    def _save_locked(self, key: str, data: bytes) -> SaveResult:
        path = self.path_of(key)
        known = self._files.get(key)
        digest = _digest(data)
        current = _fingerprint(path)
        if known is not None and current == known.fingerprint and known.digest == digest:
            return SaveResult(SaveStatus.UNCHANGED, key)
        if self._changed_on_disk(key, known, current):
            if self._disk_digest(key) == digest:
                # Someone else wrote exactly our bytes: nothing to keep apart, nothing lost.
                self._files[key] = _FileState(current, digest)
                return SaveResult(SaveStatus.UNCHANGED, key)
            try:
                kept = self._keep_conflict(key, data)
            except OSError as error:
                raise StoreError(
                    f"{key} changed on disk and your version could not be kept apart: "
                    f"{_reason(error)}"
                ) from None
            return SaveResult(SaveStatus.CONFLICT, key, kept)
        try:
            _make_private_dir(path.parent)
            atomic_write(path, data, before_replace=self._unchanged_since(key, known))
        except _ChangedMeanwhile:
            # A writer that takes no lock (an editor, git, a sync tool) changed the file
            # while ours was being written: theirs stays, ours is kept apart.
            return self._save_locked(key, data)
        except OSError as error:
            raise StoreError(f"could not save {key}: {_reason(error)}") from None
        self._files[key] = _FileState(_fingerprint(path), digest)
        return SaveResult(SaveStatus.WRITTEN, key)

    def _unchanged_since(self, key: str, known: _FileState | None) -> Callable[[Path], None]:
        """The last check before the rename: the file still holds what we read (or is
        still absent, or was deleted), else _ChangedMeanwhile calls the write off."""

        def check(target: Path) -> None:
            if not os.path.lexists(target):
                return
            if known is None or self._disk_digest(key) != known.digest:
                raise _ChangedMeanwhile(key)

        return check

    def changed_on_disk(self, key: str) -> bool:
        """Whether `key` on disk differs from what we last read or wrote (content, not time)."""
        known = self._files.get(key)
        return self._changed_on_disk(key, known, _fingerprint(self.path_of(key)))

    def _changed_on_disk(
        self, key: str, known: _FileState | None, current: tuple[int, int, int] | None
    ) -> bool:
        if known is None:
            return current is not None  # a new file would replace one we never read
        if current is None:
            return False  # deleted meanwhile: writing recreates it, nothing is lost
        # Even with the same fingerprint the bytes are compared: an edit of the same size
        # within the file system's mtime granularity (a second on some) looks untouched.
        return self._disk_digest(key) != known.digest

    def _keep_conflict(self, key: str, data: bytes) -> Path:
        return self.keep_apart(Path(key).stem, data)

    def keep_apart(self, stem: str, data: bytes, suffix: str = ".toml") -> Path:
        """Keep a version that lost a conflict in `conflicts/<stem>-<UTC stamp><suffix>`
        (a file's, or a calendar object's from `sync`); OSError when it cannot be written."""
        folder = self.root / CONFLICTS
        _make_private_dir(folder)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept = folder / f"{stem}-{stamp}{suffix}"
        atomic_write(kept, data)
        return kept

    def create_company(self, company: Company) -> str:
        """Write a new company under a fresh slug and return it (the slug is chosen under
        the lock, so two writers adding the same name get two files)."""
        with self.locked():
            slug = self.new_slug(company.name)
            self._save(self.company_key(slug), model_to_toml(company))
        return slug

    def delete_company(self, slug: str) -> Path | None:
        """Move the company's file to `.trash/` (so nothing is lost); return where it went."""
        key = self.company_key(slug)
        path = self.path_of(key)
        if not path.exists():
            self._files.pop(key, None)
            return None
        trash = self.root / TRASH
        try:
            with self.locked():
                _make_private_dir(trash)
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
                target = trash / f"{slug}-{stamp}.toml"
                os.replace(path, target)
        except OSError as error:
            raise StoreError(f"could not delete {key}: {_reason(error)}") from None
        except WorkspaceBusy as error:
            raise StoreError(str(error)) from None
        self._files.pop(key, None)
        self._broken.pop(key, None)
        return target

    def forget(self, key: str) -> None:
        """Drop what we know of `key`, so the next save treats it as new."""
        self._files.pop(key, None)

    # -- other writers

    def external_changes(self) -> list[Change]:
        """Files added, changed or removed on disk since we last read or wrote them."""
        changes: list[Change] = []
        on_disk = set(self.company_keys_on_disk())
        if self.path_of(STORIES).exists():
            on_disk.add(STORIES)
        for key in sorted(on_disk | set(self._files)):
            known = self._files.get(key)
            current = _fingerprint(self.path_of(key))
            if known is None:
                if current is not None:
                    changes.append(Change(key, "added"))
            elif current is None:
                changes.append(Change(key, "removed"))
            elif current != known.fingerprint:
                if known.digest and self._disk_digest(key) == known.digest:
                    known.fingerprint = current  # touched, not changed
                    continue
                changes.append(Change(key, "changed"))
        return changes


def init_workspace(root: Path) -> None:
    """Create the workspace folders, user-only."""
    _make_private_dir(root)
    _make_private_dir(root / COMPANIES)
    with contextlib.suppress(OSError):
        os.chmod(root, stat.S_IRWXU)
