"""Run the app (or the baseline) and leave the moment its first frame with a company is out.

`python bench/first_frame.py roundplanner --workspace DIR` or
`python bench/first_frame.py bench/baseline_app.py N`: the terminal driver's `write` is
wrapped so that the first write containing a company name is written, flushed, and the
process ends (`os._exit`). Under callgrind (`run.py --instructions`) the instructions
counted are then exactly those spent up to the first frame: a count that does not move
with what else the machine is doing, unlike wall or CPU time.
"""

from __future__ import annotations

import os
import re
import runpy
import sys
import time
from typing import Any

import textual.drivers.linux_driver as linux_driver

FOUND = re.compile(r"Company \d{5}")
_write = linux_driver.LinuxDriver.write


def _write_then_leave(self: Any, data: str) -> None:
    _write(self, data)
    if FOUND.search(data):
        self.flush()
        time.sleep(0.2)  # let the reader see the frame before the pty closes
        os._exit(0)


linux_driver.LinuxDriver.write = _write_then_leave  # type: ignore[method-assign]

if __name__ == "__main__":
    target, sys.argv = sys.argv[1], sys.argv[1:]
    if target == "roundplanner":
        from roundplanner.cli import main

        sys.exit(main())
    runpy.run_path(target, run_name="__main__")
