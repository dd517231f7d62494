"""The per-session half of commit-time OCC, first committer wins (docs/dsql-behaviour.md §3; model and gaps in
../README.md "OCC"). PostgreSQL makes a writer wait for a row another open transaction has written; DSQL
does not wait and lets whichever transaction COMMITs first win. So, mixed into engine.Engine:

* In an explicit transaction a write (or SELECT ... FOR UPDATE/KEY SHARE) runs under a hidden savepoint
  with a short lock_timeout while the proxy asks PostgreSQL who blocks it. If it meets a concurrent
  *committed* change (serialization failure) the transaction is doomed: answered "as if it ran", its
  COMMIT fails with OC000. If it only meets another open transaction's lock it is rolled back to the
  savepoint, answered "as if it ran" and *deferred*: the blockers are remembered. At COMMIT, if a blocker
  committed first this COMMIT fails; otherwise the blockers are doomed (asked to release their locks) and
  the deferred statements are replayed, then the transaction commits.
* An autocommit write commits at once, so it always "commits first": blockers that are open explicit
  transactions are doomed while it waits (long lock_timeout), and it proceeds when they release. So does
  autocommit DDL; the transactions it dooms fail at COMMIT with OC001.
* A doomed session rolls its backend transaction back at its next idle moment and opens a fresh one, so its
  client still sees an open transaction whose COMMIT will fail with OC000."""
import os
import threading

from . import analyze as an
from . import wire
from .state import Expect, Tx

OCC_SAVEPOINT = "dsql_emulator_occ"
OC000 = "change conflicts with another transaction (OC000)"
PROBE_INTERVAL_S = 0.02       # how long a write may wait on the backend before the proxy asks who blocks it
WIN_WAIT_MS = 3000            # lock_timeout outside explicit transactions and for commit-time replays
LOCK_CODES = {"55P03", "40P01"}   # waited on an open transaction (lock_timeout, deadlock victim)


class Occ:
    """Mixed into engine.Engine; needs self.emu, self.tx, self.block, hidden(), drain(), on_sync()."""

    def init_occ(self):
        self.backend_pid = 0
        self.doom_lock = threading.Lock()
        self.doom_requests = {}       # tx serial -> OC000/OC001
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)

    def close_occ(self):
        with self.doom_lock:          # under the lock: request_doom must never write to a reused fd
            fds, self.wake_r, self.wake_w = (self.wake_r, self.wake_w), None, None
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass

    # ---- asked by other sessions ------------------------------------------------------------------------
    def request_doom(self, serial, code="OC000"):
        """Another session committed (or is committing) first over a row (OC000) or, for DDL, a table
        (OC001) this transaction holds."""
        with self.doom_lock:
            if self.wake_w is None:
                return
            self.doom_requests[serial] = code
            try:
                os.write(self.wake_w, b"!")
            except OSError:
                pass             # pipe full: a wake-up is already pending

    def process_dooms(self):
        """At an idle moment (nothing in flight): roll back a doomed backend transaction to release its
        locks, then reopen one so the client's view (open, or aborted) is unchanged; COMMIT will fail."""
        with self.doom_lock:
            reqs, self.doom_requests = self.doom_requests, {}
        if self.tx.serial not in reqs or self.block not in "TE":
            return
        aborted = self.block == "E"
        self.hidden("ROLLBACK")
        self.hidden("BEGIN")
        self.hidden(f"SET LOCAL lock_timeout = '{int(self.emu.cfg.lock_timeout_ms)}ms'")
        if aborted:            # back to an aborted block: later statements get 25P02 as before
            e = Expect("execute", hidden=True)
            e.swallow = True
            self.hidden("CALL dsql_emulator.raise('25P02', 'aborted')", expect=e)
        self.on_sync(hidden=True)
        self.block = "E" if aborted else "T"
        self.tx.doomed, self.tx.deferred = reqs[self.tx.serial], []
        self.emu.log(f"session {self.id}: transaction {self.tx.serial} lost to a concurrent commit (OCC)")

    # ---- probing while a write waits ---------------------------------------------------------------------
    def probe(self, e):
        """Called while the backend has not answered `e` (a write) for PROBE_INTERVAL_S."""
        for s in self.emu.occ.blockers(self):
            tx = s.tx
            if s.block not in "TE":
                continue             # an autocommit statement: it commits in a moment, just wait
            if e.probe == "doom" and s.id not in e.blockers:
                self.emu.log(f"session {self.id}: commits first over session {s.id}'s open transaction")
                s.request_doom(tx.serial, "OC001" if e.st is not None and e.st.kind == "ddl" else "OC000")
            e.blockers[s.id] = (s, tx.serial)

    # ---- explicit transactions: conflicting writers both proceed --------------------------------------------
    def run_guarded(self, st, rest, types, e):
        self.to_backend(wire.FLUSH)
        self.flush_backend()
        conflict = self.drain()
        if not conflict:
            if not self.skipping:
                self.hidden(f"RELEASE SAVEPOINT {OCC_SAVEPOINT}")
            return
        self.on_sync(hidden=True)
        self.hidden(f"ROLLBACK TO SAVEPOINT {OCC_SAVEPOINT}")
        self.hidden(f"RELEASE SAVEPOINT {OCC_SAVEPOINT}")
        sh = an.shadow(st)
        if sh is None:
            self.raise_error("40001", OC000)
            return
        if e.conflict_code in LOCK_CODES and e.blockers:
            self.tx.deferred.append((st.text, types, rest))
            self.tx.blockers.update(e.blockers)
        else:                        # a committed concurrent change (or an unknown blocker): we lost
            self.tx.doomed = True
        self.answer_as_if_ran(st, sh, rest, types)

    def answer_as_if_ran(self, st, sh, rest, types):
        sql, mode, prefix, fixed = sh
        if mode == "fixed":
            self.to_backend(b"", Expect("local", local=wire.command_complete(f"{prefix}{fixed}")))
            return
        e = Expect("execute", st=st)
        e.shadow = (mode, prefix)
        params, formats = wire.split_bind_rest(rest)
        if mode == "count":
            formats = []
        self.hidden(sql, expect=e, types=types, rest=params + wire.result_formats(formats))

    # ---- COMMIT ------------------------------------------------------------------------------------------
    def replay_deferred(self):
        """Before COMMIT: first committer wins. Returns False when this COMMIT has been failed."""
        occ, tx = self.emu.occ, self.tx
        serials = [serial for _s, serial in tx.blockers.values()]
        if occ.any_committed(serials):
            return self.fail_commit(wire.error_response("40001", OC000))
        for s, serial in tx.blockers.values():
            s.request_doom(serial)
        self.hidden(f"SET LOCAL lock_timeout = '{WIN_WAIT_MS}ms'")
        for sql, types, rest in tx.deferred:
            e = Expect("execute", hidden=True)
            e.guard = e.guard_all = True
            e.probe = "doom"
            self.hidden(sql, types=types, rest=rest, expect=e)
        self.to_backend(wire.FLUSH)
        self.flush_backend()
        if self.drain():
            self.on_sync(hidden=True)
            return self.fail_commit(wire.error_response("40001", OC000))
        if occ.any_committed(serials):          # a blocker's COMMIT raced ours and won
            return self.fail_commit(wire.error_response("40001", OC000))
        return True

    def fail_commit(self, err):
        """The backend transaction is rolled back and the client sees `err` instead of the COMMIT tag."""
        e = Expect("execute", hidden=True)
        e.fail_with = err
        self.hidden("ROLLBACK", expect=e)
        self.emu.occ.mark(self.tx.serial, "aborted")
        self.block, self.tx = "I", Tx()
        self.skipping = True
        return False
