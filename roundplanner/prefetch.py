"""The first open without kept summaries: load the workspace beside Textual's start.

With no kept summaries (a first start, or every file changed), the first frame waited for
pydantic's import and every file's parse and validation (~0.5 s at 200 companies) before
Textual even began to import. On a machine with two or more cores those can overlap: the
TUI forks children (`parts()`) before it imports Textual; each loads its share of the
company files exactly as any command loads them (`Store.load(part, parts)`: parse,
validate, report broken files), summarises it with the one `summarise()` and sends back
the summaries, the digests of the bytes they were made from, and the settings the first
frame needs. The parent meanwhile imports Textual and starts the app; its first screen
waits for the shares, put together in the store's order (`merged`), and is drawn from
them. The models then load in a worker: the quick start's path
(`RoundPlannerApp(load=...)`), where the app summarises again every company once its own
models are in, so a file changed in between shows as it is on disk.

A child only reads: it writes nothing, holds no lock, prints nothing, and leaves with
`os._exit` (no atexit handlers, no buffers of the parent's flushed twice). Anything that
goes wrong in it — bad settings, an unreadable folder, a crash — comes back as "no
result", and the parent opens the workspace itself, as before, with the same messages and
exit codes.

Nothing here imports Textual or pydantic at module level.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roundplanner.store import Store, Workspace
    from roundplanner.summary import StartSettings, WorkspaceSummary

PREFETCH_ENV = "ROUNDPLANNER_PREFETCH"
"""Set to 0 to open the workspace in the app's own process (no child)."""


def parts() -> int:
    """How many children share the load: one core stays with the app's own start; two
    at least (the parent mostly waits once Textual is imported), four at most (each
    child pays pydantic's import, ~0.1 s of CPU)."""
    return max(2, min(4, (os.cpu_count() or 2) - 1))


@dataclass
class Loaded:
    """What the child sends: the summaries, the digest of the bytes each company's summary
    was made from (by slug), and the settings the first frame is drawn with."""

    summary: WorkspaceSummary
    digests: dict[str, str]
    start: StartSettings
    stories: str | None = None
    """The story bank's digest if it loaded cleanly (ABSENT: there is none; None: broken,
    or not this child's share)."""


def usable() -> bool:
    """Whether to load in a child: fork exists, more than one core, a terminal to draw on,
    and it was not turned off."""
    if os.environ.get(PREFETCH_ENV, "").strip() in ("0", "off", "no", "false"):
        return False
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return False
    try:
        return sys.stdout is not None and os.isatty(sys.stdout.fileno())
    except (OSError, ValueError):
        return False


def loaded(
    store: Store,
    workspace: Workspace,
    start: StartSettings,
    kinds: dict[str, str],
    *,
    stories: bool = True,
) -> Loaded:
    """The child's answer for a loaded share of the workspace (every company through
    `summarise`); `stories`: this share loaded the story bank."""
    from roundplanner.summary import ABSENT, STORIES, summarise_workspace

    summary = summarise_workspace(store.root, workspace.companies, kinds, workspace.broken_files)
    digests = {slug: store.digest_of(store.company_key(slug)) or "" for slug in summary.companies}
    bank = None
    if stories:
        bank = store.digest_of(STORIES) if (store.root / STORIES).exists() else ABSENT
    return Loaded(summary, digests, start, bank)


def merged(shares: list[Loaded]) -> Loaded:
    """The shares of a workspace as one, companies in the store's order (by file name)."""
    from roundplanner.summary import WorkspaceSummary

    first = shares[0]
    companies = {
        slug: company for share in shares for slug, company in share.summary.companies.items()
    }
    order = sorted(companies, key=lambda slug: f"{slug}.toml")  # as company_keys_on_disk
    summary = WorkspaceSummary(
        first.summary.root,
        {slug: companies[slug] for slug in order},
        first.summary.stages,
        sorted({name for share in shares for name in share.summary.broken}),
    )
    digests = {slug: digest for share in shares for slug, digest in share.digests.items()}
    return Loaded(summary, digests, first.start, first.stories)


class Prefetch:
    """Child processes loading the workspace; `result()` waits for what they send."""

    def __init__(self, children: list[tuple[int | None, int]]) -> None:
        self.children = children
        """(pid if it is this process's child, read end of its pipe) of each share."""
        self._result: Loaded | None = None
        self._done = False

    @classmethod
    def start(
        cls, works: list[Callable[[], Loaded]], prepare: Callable[[], None] | None = None
    ) -> Prefetch | None:
        """Fork the children running `works` (a result each); None if they cannot start.

        One child is forked; it runs `prepare` (the imports every share needs: pydantic's
        alone is ~0.2 s of CPU) and then forks the others, which inherit what it imported.
        Each of two children importing for itself was a third of a first open's CPU at
        200 companies, on a machine whose other core is busy with Textual's start."""
        sys.stdout.flush()
        sys.stderr.flush()
        pipes: list[tuple[int, int]] = []
        try:
            for _work in works:
                pipes.append(os.pipe())
        except OSError:
            _close(fd for pair in pipes for fd in pair)
            return None
        try:
            pid = os.fork()
        except OSError:
            _close(fd for pair in pipes for fd in pair)
            return None
        if pid == 0:  # the first child
            _close(read for read, _write in pipes)
            _lead(works, [write for _read, write in pipes], prepare)
        _close(write for _read, write in pipes)
        # Only the first child is ours to reap; its siblings are reaped by init.
        return cls([(pid, pipes[0][0])] + [(None, read) for read, _write in pipes[1:]])

    def result(self) -> Loaded | None:
        """What the children sent, as one; None if any failed (then the caller loads
        the workspace itself)."""
        if self._done:
            return self._result
        self._done = True
        shares = [_receive(pid, fd) for pid, fd in self.children]
        found = [share for share in shares if share is not None]
        if found and len(found) == len(shares):
            self._result = merged(found)
        return self._result


def _receive(pid: int | None, fd: int) -> Loaded | None:
    """Read what a child sends on `fd` until it closes it; reap it if it is ours (`pid`)."""
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(fd)
        if pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    try:
        found = pickle.loads(b"".join(chunks)) if chunks else None
    except Exception:  # a child that died mid-write: no result, load as before
        found = None
    return found if isinstance(found, Loaded) else None


def _lead(
    works: list[Callable[[], Loaded]], fds: list[int], prepare: Callable[[], None] | None
) -> None:
    """In the first child: `prepare`, fork a sibling for each share after the first (each
    keeps only its own pipe), then run the first share; never returns. A sibling that
    cannot be forked, or a `prepare` that fails, closes its pipes unwritten: no result,
    and the parent loads the workspace itself."""
    try:
        _quiet()
        if prepare is not None:
            prepare()
        for index in range(1, len(works)):
            if os.fork() == 0:
                _close(fd for other, fd in enumerate(fds) if other != index)
                _child(works[index], fds[index])
            os.close(fds[index])
    except BaseException:
        os._exit(1)
    _child(works[0], fds[0])


def _quiet() -> None:
    """The parent owns the terminal: a warning printed here would land in its frame."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _close(fds: Iterable[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _child(work: Callable[[], Loaded], fd: int) -> None:
    """Run `work` in the child and send its result (or nothing); never returns."""
    code = 0
    try:
        _quiet()
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.close(fd)  # the parent reads to the end: tell it now, not at exit
    except BaseException:  # anything at all: the parent loads the workspace itself
        code = 1
    finally:
        os._exit(code)
