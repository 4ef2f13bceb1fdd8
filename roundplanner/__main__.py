"""`python -m roundplanner` runs the same entry point as the console script."""

from roundplanner.cli import main

raise SystemExit(main())
