"""Small records shared by the statement engine and the OCC mixin: what the proxy expects back from the
backend for each message it sent (Expect), and DSQL's per-transaction bookkeeping (Tx)."""
import itertools
import threading

END = {"parse": "1", "bind": "2", "close": "3", "describe": "Tn", "execute": "CIs", "sync": "Z", "fcall": "V"}
_serials = itertools.count(1)
_serials_lock = threading.Lock()


class Expect:
    """What the proxy expects from the backend for one message it sent, and how to relay it."""
    __slots__ = ("end", "hidden", "st", "job_id", "guard", "guard_all", "simple", "pos_offset", "shadow",
                 "count", "captured", "fail_with", "local", "probe", "blockers", "conflict_code", "swallow",
                 "commit_serial")

    def __init__(self, what, hidden=False, st=None, simple=False, local=None):
        self.end = END.get(what, "")
        self.hidden, self.st, self.simple, self.local = hidden, st, simple, local
        self.job_id = self.shadow = self.fail_with = self.captured = None
        self.guard = self.guard_all = self.swallow = False
        self.pos_offset = 0
        self.count = 0
        self.probe = None            # None, "record" (remember blockers) or "doom" (make them release)
        self.blockers = {}           # session id -> (session, its tx serial) seen blocking this statement
        self.conflict_code = None
        self.commit_serial = None    # set on a COMMIT's Execute: the transaction being committed


class Tx:
    """DSQL's per-transaction accounting (reset when the backend reports idle). `serial` is unique in the
    emulator; `deferred` holds writes to replay at COMMIT; `blockers` the transactions that blocked them."""
    __slots__ = ("ddl", "dml", "start", "doomed", "serial", "deferred", "blockers")

    def __init__(self):
        self.ddl, self.dml, self.start, self.doomed = 0, False, None, False
        with _serials_lock:
            self.serial = next(_serials)
        self.deferred = []
        self.blockers = {}
