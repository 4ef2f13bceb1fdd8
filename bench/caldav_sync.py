"""Sync with nothing changed, against a real Radicale on loopback: requests and time.

The promise (issue 16): a sync that finds nothing changed makes a constant number of
requests — one listing of ETags, no GET per event — whatever the workspace size. The
server is the test suite's Radicale helper (tests/radicale_server.py), started on
127.0.0.1 with a free port in the scratch folder and stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "tests") not in sys.path:
    sys.path.insert(0, str(REPO / "tests"))


def measure(root: Path, scratch: Path, companies: int, runs: int) -> dict[str, Any]:
    """A first sync of the workspace at `root`, then `runs` syncs with nothing changed."""
    try:
        from radicale_server import PASSWORD, USER, Radicale
    except ImportError as error:  # radicale is a test extra
        return {"skipped": f"radicale is not installed ({error})"}
    from inprocess import bench_settings, open_session

    from roundplanner.calendar.sync import Account, Syncer

    folder = scratch / "radicale"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["ROUNDPLANNER_STATE"] = str(scratch / "sync-state")
    shutil.rmtree(scratch / "sync-state", ignore_errors=True)
    server = Radicale(folder)
    server.start()
    try:
        url = server.calendar()
        account = Account(url, USER, PASSWORD, True, 60)
        session = open_session(root, bench_settings())
        began = time.perf_counter()
        first = Syncer(session, account).run()
        first_s = time.perf_counter() - began
        samples: list[float] = []
        requests: list[int] = []
        for _ in range(runs):
            began = time.perf_counter()
            again = Syncer(session, account).run()
            samples.append(time.perf_counter() - began)
            requests.append(again.requests)
            if again.steps or again.error:
                raise RuntimeError(f"a no-change sync did something: {again.summary()}")
    finally:
        server.stop()
    return {
        "companies": companies,
        "objects": len([s for s in first.steps if s.action == "create"]),
        "first_sync_ms": round(first_s * 1000, 1),
        "first_requests": first.requests,
        "nochange_ms": round(statistics.median(samples) * 1000, 1),
        "nochange_requests": max(requests),
        "runs": runs,
        "target_requests": 1,
        "ok": max(requests) == 1,
    }
