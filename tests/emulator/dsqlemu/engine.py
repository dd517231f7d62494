"""The statement engine of one emulated session: every client statement reaches the backend through the
extended protocol (a simple Query is translated into Parse/Bind/Describe/Execute per statement plus one
Sync, which keeps PostgreSQL's implicit-transaction semantics), so DSQL's rules can be applied per
statement. A FIFO of expectations pairs each message sent to the backend with how its answer is relayed:
forwarded, swallowed (hidden helper statements), or transformed (job_id rows, DSQL tags, OCC errors).
Refusals are executed by the backend itself (CALL dsql_emulator.raise), so aborted-transaction behaviour
(25P02, COMMIT answering ROLLBACK, skip-until-Sync) is exactly PostgreSQL's (docs/dsql-behaviour.md §2.1)."""
import base64
import collections
import secrets
import time

from . import analyze as an
from . import refusals, wire
from .occ import OC000, OCC_SAVEPOINT, PROBE_INTERVAL_S, Occ
from .state import Expect, Tx

HIDDEN_STMT = "__dsql_emulator_h"
HIDDEN_PORTAL = "__dsql_emulator_hp"
CONFLICT_CODES = {"40001", "55P03", "40P01"}
OC001 = "schema has been updated by another transaction (OC001)"
JOB_ID_ROW = wire.row_description([("job_id", wire.TEXT_OID)])


def new_job_id():
    """26-char lowercase base32, the shape of DSQL job ids (golden:index.json)."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


class Engine(Occ):
    """Mixed into Session: needs self.emu, self.backend (socket), self.breader, self.client (socket)."""

    def init_engine(self):
        self.init_occ()
        self.pending = collections.deque()
        self.outbuf = bytearray()
        self.tosend = bytearray()
        self.stmts = {}          # prepared statement name -> (Stmt or None, param types)
        self.portals = {}        # portal name -> (Stmt or None, bind rest bytes)
        self.block = "I"         # backend transaction status as last reported/predicted: I, T, E
        self.tx = Tx()
        self.skipping = False    # after an error: drop client messages until Sync, as PostgreSQL does
        self.seen_schema = {}    # table -> schema version this session's catalog cache saw (OC001)

    # ---- low-level output ------------------------------------------------------------------------
    def to_backend(self, data, expect=None):
        self.tosend += data
        if expect is not None:
            self.pending.append(expect)

    def flush_backend(self):
        if self.tosend:
            self.backend.sendall(self.tosend)
            self.tosend.clear()

    def out(self, data):
        self.outbuf += data
        if len(self.outbuf) > 65536:
            self.flush_client()

    def flush_client(self):
        if self.outbuf:
            self.client.sendall(self.outbuf)
            self.outbuf.clear()

    # ---- hidden helper statements ------------------------------------------------------------------
    def hidden(self, sql, params=(), expect=None, types=(), rest=None):
        """Runs `sql` under the reserved statement/portal names; its answers are swallowed except errors
        (and except what `expect`, the Execute's expectation, decides to emit)."""
        self.to_backend(wire.build_close("P", HIDDEN_PORTAL), Expect("close", hidden=True))
        self.to_backend(wire.build_close("S", HIDDEN_STMT), Expect("close", hidden=True))
        self.to_backend(wire.build_parse(HIDDEN_STMT, sql, types), Expect("parse", hidden=True))
        self.to_backend(wire.build_bind(HIDDEN_PORTAL, HIDDEN_STMT, params, rest=rest), Expect("bind", hidden=True))
        self.to_backend(wire.build_execute(HIDDEN_PORTAL), expect or Expect("execute", hidden=True))

    def raise_error(self, code, message, detail=None, hint=None):
        self.hidden("CALL dsql_emulator.raise($1, $2, $3, $4)", (code, message, detail, hint))

    # ---- client messages ---------------------------------------------------------------------------
    def on_parse(self, name, sql, types, simple=False, st=None):
        if st is None:
            stmts = an.analyze(sql)
            if len(stmts) != 1:
                self.stmts[name] = (None, types)
                self.to_backend(wire.build_parse(name, sql, types), Expect("parse", hidden=simple))
                return
            st = stmts[0]
        refusal = st.refusal or (None if self.emu.cfg.foreign_keys else refusals.foreign_key_refusal(st))
        if refusal:
            self.stmts.pop(name, None)
            self.raise_error(*refusal)
            return True
        self.stmts[name] = (st, types)
        self.to_backend(wire.build_parse(name, st.text, types), Expect("parse", hidden=simple))
        return False

    def on_bind(self, portal, stmt, rest, simple=False):
        st, types = self.stmts.get(stmt, (None, ()))
        self.portals[portal] = (st, rest, types)
        self.to_backend(wire.build_bind(portal, stmt, rest=rest), Expect("bind", hidden=simple))

    def on_describe(self, kind, name, simple=False):
        st = (self.stmts.get(name, (None,))[0] if kind == "S" else self.portals.get(name, (None,))[0])
        self.to_backend(wire.build_describe(kind, name), Expect("describe", st=st, simple=simple))

    def on_close(self, kind, name):
        (self.stmts if kind == "S" else self.portals).pop(name, None)
        self.to_backend(wire.build_close(kind, name), Expect("close"))

    def on_sync(self, hidden=False):
        self.skipping = False
        self.to_backend(wire.SYNC, Expect("sync", hidden=hidden))
        self.flush_backend()
        self.drain()

    def on_execute(self, portal, max_rows, simple=False, pos_offset=0):
        st, rest, types = self.portals.get(portal, (None, b"", ()))
        e = Expect("execute", st=st, simple=simple)
        e.pos_offset = pos_offset
        if st is None or self.block == "E":
            self.to_backend(wire.build_execute(portal, max_rows), e)
            return
        violation = self.check_rules(st)
        if violation:
            self.raise_error(*violation)
            return
        if st.txn == "commit" and self.block == "T":
            if self.commit_must_fail() or (self.tx.deferred and not self.replay_deferred()):
                return
            e.commit_serial = self.tx.serial
            self.emu.occ.mark(self.tx.serial, "committing")
        for sql in st.prechecks:
            self.hidden(sql)
        writes = st.kind == "dml" or (st.node_tag == "SelectStmt" and st.node.lockingClause)
        guard = self.block == "T" and writes
        if guard:
            self.hidden(f"SAVEPOINT {OCC_SAVEPOINT}")
            e.guard, e.probe = True, "record"
        elif (writes or st.kind == "ddl") and self.block == "I":
            e.probe = "doom"         # autocommit commits at once: it wins over open transactions
        if st.job_type:
            e.job_id = new_job_id()
        self.to_backend(wire.build_execute(portal, max_rows), e)
        if st.txn == "begin":
            self.hidden(f"SET LOCAL lock_timeout = '{int(self.emu.cfg.lock_timeout_ms)}ms'")
        if st.job_type:
            rel, idx = st.index_target or (self._rel(st), None)
            self.hidden("CALL dsql_emulator.record_job($1, $2, $3, $4)", (e.job_id, st.job_type, rel, idx))
        self.account(st)
        if guard:
            self.run_guarded(st, rest, types, e)

    @staticmethod
    def _rel(st):
        r = st.node.relation
        return (r.schemaname + "." if r.schemaname else "") + r.relname

    # ---- DSQL transaction rules (docs/dsql-behaviour.md §2.1, §3, §4) -----------------------------------------------
    def check_rules(self, st):
        if st.txn in ("commit", "rollback"):
            return None          # COMMIT failures are decided by commit_must_fail; ROLLBACK always works
        now = time.monotonic()
        limit = self.emu.cfg.transaction_age_limit
        if self.block == "T" and self.tx.start is not None and now - self.tx.start > limit:
            return ("54000", f"transaction age limit of {limit}s exceeded",
                    f"Current transaction age {int(now - self.tx.start)}s exceeds {limit}s")
        if st.is_wait_for_job and self.block == "T":
            return "0A000", "CALL sys.wait_for_job not supported in transaction block"
        if st.kind == "ddl" and self.tx.ddl:
            return "0A000", "multiple ddl statements not supported in a transaction"
        if (st.kind == "ddl" and self.tx.dml) or (st.kind == "dml" and self.tx.ddl):
            return "0A000", "ddl and dml are not supported in the same transaction"
        if self.emu.schema_check(self.seen_schema, st.tables):
            return "40001", OC001
        code = self.emu.take_table_injection(st.tables)
        if code:
            return "40001", OC001 if code == "OC001" else OC000
        return None

    def account(self, st):
        if self.tx.start is None:
            self.tx.start = time.monotonic()
        if st.txn == "begin":
            self.block, self.tx = "T", Tx()
            self.tx.start = time.monotonic()
        elif st.txn in ("commit", "rollback"):
            self.block, self.tx = "I", Tx()
        elif st.kind == "ddl":
            self.tx.ddl += 1
            self.emu.schema_bump(self.seen_schema, st.tables)
        elif st.kind == "dml":
            self.tx.dml = True

    def commit_must_fail(self):
        """DSQL fails COMMIT for OCC (doomed by a conflict or injected) and for the age limit; the backend
        transaction is rolled back and the client sees the error instead of the COMMIT tag."""
        limit = self.emu.cfg.transaction_age_limit
        err = None
        if self.tx.start is not None and time.monotonic() - self.tx.start > limit:
            err = wire.error_response("54000", f"transaction age limit of {limit}s exceeded",
                                      detail=f"Current transaction age {int(time.monotonic() - self.tx.start)}s "
                                             f"exceeds {limit}s")
        elif self.tx.doomed:
            err = wire.error_response("40001", OC001 if self.tx.doomed == "OC001" else OC000)
        else:
            code = self.emu.take_commit_injection()
            if code:
                err = wire.error_response("40001", OC001 if code == "OC001" else OC000)
        if err is None:
            return False
        self.fail_commit(err)
        return True

    # ---- backend answers ---------------------------------------------------------------------------
    def drop_until_sync(self, conflict=False):
        """After an error the backend ignores everything up to Sync: forget what it will not answer."""
        while self.pending and "Z" not in self.pending[0].end:
            skipped = self.pending.popleft()
            if skipped.commit_serial is not None:      # a COMMIT the backend will skip: not committed
                self.emu.occ.mark(skipped.commit_serial, "aborted")
        if not self.pending and not conflict:
            self.skipping = True

    def drain(self):
        """Relays backend answers until every expectation is met. Returns True if a guarded statement hit
        a conflict (its error is not forwarded)."""
        conflict = False
        while self.pending:
            e = self.pending[0]
            if e.local is not None:
                self.out(e.local)
                self.pending.popleft()
                continue
            if not self.breader.buf and not self.breader.wait_readable(PROBE_INTERVAL_S):
                waiting = next((x for x in self.pending if x.probe is not None), None)
                if waiting is not None:
                    self.probe(waiting)      # the backend waits (on a lock?): ask who blocks it
                continue
            kind, body, raw = self.breader.read()
            if kind == "D" and not e.hidden and e.shadow is None:      # hot path: result rows
                self.out(raw)
                continue
            if kind in "NSA":
                if kind == "S":
                    self.out(self.emu.param_status(body, raw))
                elif not e.hidden:
                    self.out(raw)
                continue
            if kind == "E":
                self.pending.popleft()
                code = wire.error_code(body)
                if e.commit_serial is not None:
                    self.emu.occ.mark(e.commit_serial, "aborted")
                if e.guard and (code in CONFLICT_CODES or e.guard_all):
                    conflict, e.conflict_code = True, code
                elif e.swallow:
                    conflict = True          # keeps the pending Sync; nothing reaches the client
                else:
                    self.out(self.error_for_client(e, body))
                    if self.block == "T":
                        self.block = "E"
                self.drop_until_sync(conflict)
                continue
            self.relay(e, kind, body, raw)
            if kind in e.end:
                self.pending.popleft()
            elif kind == "G":
                self.copy_in()
        self.flush_client()
        return conflict

    def relay(self, e, kind, body, raw):
        if kind == "Z":
            if not e.hidden:
                self.block = chr(body[0])
                if self.block == "I":
                    self.tx = Tx()
                self.out(raw)
            return
        if kind == "C" and e.commit_serial is not None:
            self.emu.occ.mark(e.commit_serial, "committed" if body.startswith(b"COMMIT") else "aborted")
        if e.fail_with is not None:
            if kind == "C":
                self.out(e.fail_with)
            return
        if e.shadow is not None:
            self.relay_shadow(e, kind, body, raw)
            return
        st = e.st
        if kind == "n" and st is not None and st.job_type and not e.hidden:
            self.out(JOB_ID_ROW)
            return
        if e.hidden or (e.simple and kind in "12n"):
            return
        if kind == "C" and st is not None:
            if e.job_id:
                self.out(wire.data_row([e.job_id]))
            if st.tag_rename:
                raw = wire.command_complete(st.tag_rename)
        self.out(raw)

    def relay_shadow(self, e, kind, body, raw):
        mode, prefix = e.shadow
        if kind == "D":
            e.count += 1
            if mode == "rows":
                self.out(raw)
            else:
                e.captured = wire.parse_data_row(body)[0].decode()
        elif kind == "C":
            n = e.count if mode == "rows" else e.captured
            self.out(wire.command_complete(f"{prefix}{n}"))

    def error_for_client(self, e, body):
        fields = wire.parse_fields(body)
        code, text = dict(fields).get("C", ""), dict(fields).get("M", "")
        if code in CONFLICT_CODES and "(OC00" not in text:
            ddl = e.st is not None and e.st.kind == "ddl"
            return wire.error_response("40001", OC001 if ddl else OC000)
        out = []
        for f, v in fields:
            if f == "W" and "dsql_emulator" in v:
                continue
            if f == "P" and e.pos_offset:
                v = str(int(v) + e.pos_offset)
            out.append((f, v))
        return wire.build_fields("E", out)

    def copy_in(self):
        """COPY FROM STDIN: relay the client's CopyData until CopyDone/CopyFail."""
        self.flush_client()
        while True:
            kind, _body, raw = self.creader.read()
            self.backend.sendall(raw)
            if kind in "cf":
                return
