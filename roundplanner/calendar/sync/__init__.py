"""Two-way sync with the user's CalDAV calendar: push our events, pull moves made there.

Each event of the `.ics` export (`export_events`: a round, a prep event, an offer
deadline) is one calendar object at ``<collection>/<UID>.ics``, byte for byte the export's
VEVENT. What we know of the server lives in a state file in the user's state folder
(``ROUNDPLANNER_STATE`` overrides it), never in the workspace: for every object we wrote,
its href, the ETag the server gave it and the digest of the bytes both sides agreed on.

One sync:

1. One PROPFIND (depth 1, ETags only) lists the collection. With nothing changed on
   either side that is the only request: no object is fetched.
2. An object whose ETag changed on the server and whose round did not change here is
   fetched; a new start, length or place of a round is applied through the session
   (recorded, undoable, saved like any edit), then our version (its SEQUENCE raised) is
   written back over theirs with ``If-Match``. Edits of anything else, and of prep and
   offer events, are accepted as they are on the server.
3. Changed on both sides since the last sync: ours wins; theirs is kept in the
   workspace's ``conflicts/`` as an `.ics` and reported.
4. New events are created with ``If-None-Match: *``, changed ones replaced with
   ``If-Match`` (never a blind overwrite), events of deleted rounds removed with
   ``If-Match``. An object deleted on the server while its round still exists is written
   again (the round is still planned; delete or cancel it here).
5. Objects we did not write (other hrefs) are never fetched, changed or deleted.

Any failure stops with one line (`SyncFailed`); what succeeded before it is recorded, the
workspace holds only completed pulls, and the next sync carries on from there.

Modules: `account` (settings to an address, TLS and a password), `state` (what we know of
the server), `dav` (the requests, through the caldav client), `objects` (reading the
server's version of an event), `engine` (deciding and doing), `errors`. The caldav client
and icalendar are imported only when a sync runs.
"""

from roundplanner.calendar.sync.account import PASSWORD_ENV, Account, account_from
from roundplanner.calendar.sync.dav import Dav, list_etags
from roundplanner.calendar.sync.engine import Step, Syncer, SyncResult
from roundplanner.calendar.sync.errors import SyncFailed, SyncSetupError
from roundplanner.calendar.sync.state import STATE_ENV, Known, load_state, state_dir, state_file

__all__ = [
    "PASSWORD_ENV",
    "STATE_ENV",
    "Account",
    "Dav",
    "Known",
    "Step",
    "SyncFailed",
    "SyncResult",
    "SyncSetupError",
    "Syncer",
    "account_from",
    "list_etags",
    "load_state",
    "state_dir",
    "state_file",
]
