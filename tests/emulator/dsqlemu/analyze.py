"""Turns SQL text into the facts the proxy needs, with pglast (the real PostgreSQL 15 parser): statement
boundaries, DSQL's `ASYNC` keyword (which PG15's grammar lacks: removed with the scanner before parsing,
replaced by blanks so every offset stays valid), the statement class (ddl/dml/txn/other), touched tables,
rewrites for the values DSQL reports differently (server_version, version()), the refusal from
refusals.py, and the "shadow" query used to answer a write "as if it ran" after an OCC conflict."""
import collections
import threading

from pglast import ast, parser, stream
from pglast.parser import ParseError

from . import refusals

DML_NODES = {"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"}
OTHER_NODES = {"SelectStmt", "TransactionStmt", "VariableSetStmt", "VariableShowStmt", "ExplainStmt",
               "VacuumStmt", "CallStmt", "DoStmt", "PrepareStmt", "ExecuteStmt", "DeallocateStmt",
               "DiscardStmt", "LockStmt", "ConstraintsSetStmt", "CheckPointStmt", "ListenStmt",
               "NotifyStmt", "UnlistenStmt", "ClosePortalStmt", "FetchStmt", "DeclareCursorStmt",
               "LoadStmt", "CopyStmt"}
VERSION_FUNCS = {"current_setting", "version"}
# SHOW answers DSQL reports differently from PG 15 (golden:environment.json)
SHOW_REWRITES = {"server_version": "16.15", "server_version_num": "160015"}


class Stmt:
    """One statement, immutable once built (cached across sessions)."""
    __slots__ = ("text", "node", "node_tag", "kind", "txn", "is_async", "refusal", "tables", "tag_rename",
                 "job_type", "index_target", "iam_noop", "is_wait_for_job", "prechecks", "location")

    def __init__(self, text, node=None):
        self.text = text
        self.node = node
        self.node_tag = type(node).__name__ if node is not None else ""
        self.kind = "other"
        self.txn = None
        self.is_async = False
        self.refusal = None
        self.tables = frozenset()
        self.tag_rename = None
        self.job_type = None
        self.index_target = None
        self.iam_noop = False
        self.is_wait_for_job = False
        self.prechecks = ()
        self.location = 0


def walk(node):
    """Every pglast node below (and including) `node`."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (list, tuple)):
            stack.extend(n)
        elif isinstance(n, ast.Node):
            yield n
            for slot in n:
                v = getattr(n, slot, None)
                if isinstance(v, (ast.Node, list, tuple)):
                    stack.append(v)


def _tokens(sql):
    try:
        return parser.scan(sql)
    except ParseError:
        return None


def _word(sql, tok):
    return sql[tok.start:tok.end + 1].lower()


def strip_async(sql, toks):
    """Blanks DSQL's ASYNC in `CREATE [UNIQUE] INDEX ASYNC` and `ALTER TABLE ASYNC` at statement starts.
    Returns (new_sql, [offsets of removed ASYNC tokens])."""
    removed = []
    starts = [0] + [i + 1 for i, t in enumerate(toks) if t.name == "ASCII_59"]
    for s in starts:
        words = [_word(sql, t) for t in toks[s:s + 4]]
        if words[:3] == ["create", "index", "async"]:
            removed.append(toks[s + 2])
        elif words[:4] == ["create", "unique", "index", "async"]:
            removed.append(toks[s + 3])
        elif words[:3] == ["alter", "table", "async"]:
            removed.append(toks[s + 2])
    if not removed:
        return sql, []
    out = list(sql)
    for t in removed:
        out[t.start:t.end + 1] = " " * (t.end + 1 - t.start)
    return "".join(out), [t.start for t in removed]


def sql_literal(s):
    return "'" + s.replace("'", "''") + "'"


def _prechecks(st):
    """Backend-side checks run (hidden) just before the statement; DSQL refuses to drop a primary-key
    column (golden:alters.json alter_drop_pk_column), which needs the catalog."""
    n = st.node
    if st.node_tag != "AlterTableStmt":
        return ()
    rel = (n.relation.schemaname + "." if n.relation.schemaname else "") + n.relation.relname
    return tuple(f"CALL dsql_emulator.check_drop_column({sql_literal(rel)}, {sql_literal(c.name)})"
                 for c in n.cmds or () if c.subtype.name == "AT_DropColumn")


STORAGE_MODES = {"plain", "external", "extended", "main", "default"}


def strip_column_storage(sql, toks):
    """PG 16 (hence DSQL) accepts `STORAGE mode` in a column definition (golden:alters.json
    alter_add_column_storage); PG 15 does not. The storage mode is a physical detail: blank it."""
    out = list(sql)
    for i in range(1, len(toks) - 1):
        if (_word(sql, toks[i]) == "storage" and _word(sql, toks[i - 1]) != "set"
                and _word(sql, toks[i + 1]) in STORAGE_MODES):
            for t in (toks[i], toks[i + 1]):
                out[t.start:t.end + 1] = " " * (t.end + 1 - t.start)
    return "".join(out)


def _rewrite_version_calls(text):
    """Unqualified current_setting(...)/version(...) -> dsql_emulator.<same>(...), so that DSQL's
    server_version 16.15 / 160015 / 'PostgreSQL 16' come back (golden:environment.json)."""
    lowered = text.lower()
    if "version" not in lowered:
        return text
    toks = _tokens(text)
    if not toks:
        return text
    inserts = []
    for i, t in enumerate(toks):
        if (t.name in ("IDENT", "VERSION_P") and _word(text, t) in VERSION_FUNCS and i + 1 < len(toks)
                and toks[i + 1].name == "ASCII_40" and (i == 0 or toks[i - 1].name != "ASCII_46")):
            inserts.append(t.start)
    for pos in reversed(inserts):
        text = text[:pos] + "dsql_emulator." + text[pos:]
    return text


def _tables(node):
    return frozenset(n.relname.lower() for n in walk(node) if isinstance(n, ast.RangeVar) and n.relname)


def _classify(st):
    n, tag = st.node, st.node_tag
    if tag in DML_NODES or (tag == "CopyStmt" and n.is_from):
        st.kind = "dml"
    elif tag == "SelectStmt" and n.intoClause is not None:
        st.kind = "ddl"
    elif tag not in OTHER_NODES:
        st.kind = "ddl"
    if tag == "TransactionStmt":
        k = n.kind.name
        st.kind = "txn"
        if k in ("TRANS_STMT_BEGIN", "TRANS_STMT_START"):
            st.txn = "begin"
        elif k == "TRANS_STMT_COMMIT":
            st.txn = "commit"
        elif k == "TRANS_STMT_ROLLBACK":
            st.txn = "rollback"
    st.tables = _tables(n)
    if tag == "IndexStmt" and st.is_async:
        st.job_type = "INDEX_BUILD"
        rel = n.relation
        st.index_target = ((rel.schemaname + "." if rel.schemaname else "") + rel.relname, n.idxname)
    elif tag == "AlterTableStmt" and st.is_async:
        st.job_type = "VALIDATE_CONSTRAINT"
    elif tag == "CallStmt":
        names = [s.sval for s in n.funccall.funcname]
        st.is_wait_for_job = names[-2:] == ["sys", "wait_for_job"]
    elif tag == "VariableShowStmt" and n.name in SHOW_REWRITES:
        st.text = f"SELECT '{SHOW_REWRITES[n.name]}'::text AS {n.name}"
        st.tag_rename = "SHOW"


def _iam_statement(sql, toks):
    """DSQL's `AWS IAM GRANT|REVOKE role TO|FROM 'arn'` (no PG grammar): accepted as a no-op here."""
    if len(toks) >= 3 and [_word(sql, t) for t in toks[:3]] in (["aws", "iam", "grant"], ["aws", "iam", "revoke"]):
        st = Stmt("CALL dsql_emulator.noop()")
        st.kind = "ddl"
        st.iam_noop = True
        st.tag_rename = "AWS IAM " + _word(sql, toks[2]).upper()
        return st
    return None


def _analyze(sql):
    toks = _tokens(sql)
    if toks is None:
        return [Stmt(sql)]
    iam = _iam_statement(sql, toks)
    if iam:
        return [iam]
    stripped, async_at = strip_async(sql, toks)
    try:
        raws = parser.parse_sql(stripped)
    except ParseError:
        try:
            stripped = strip_column_storage(stripped, toks)
            raws = parser.parse_sql(stripped)
        except ParseError:
            return [Stmt(stripped)]      # the backend reports the syntax error (ASYNC already removed)
    out = []
    for raw in raws:
        loc = raw.stmt_location or 0
        end = loc + raw.stmt_len if raw.stmt_len else len(stripped)
        st = Stmt(_rewrite_version_calls(stripped[loc:end]), raw.stmt)
        st.is_async = any(loc <= a < end for a in async_at)
        st.location = loc
        _classify(st)
        st.refusal = refusals.refusal(st)
        st.prechecks = _prechecks(st)
        out.append(st)
    return out


class _Cache:
    def __init__(self, size=2000):
        self.size, self.lock, self.data = size, threading.Lock(), collections.OrderedDict()

    def get(self, sql):
        with self.lock:
            hit = self.data.get(sql)
            if hit is not None:
                self.data.move_to_end(sql)
            return hit

    def put(self, sql, value):
        with self.lock:
            self.data[sql] = value
            if len(self.data) > self.size:
                self.data.popitem(last=False)


_cache = _Cache()


def analyze(sql):
    """SQL text -> list of Stmt (one per statement; empty for an empty query string)."""
    hit = _cache.get(sql)
    if hit is None:
        hit = _analyze(sql)
        _cache.put(sql, hit)
    return hit


# ---- OCC shadow queries -------------------------------------------------------------------------

def _count_target():
    return [ast.ResTarget(val=ast.FuncCall(funcname=[ast.String(sval="count")], agg_star=True))]


def shadow(st):
    """How to answer `st` "as if it ran" after a conflict rolled it back (docs/dsql-behaviour.md §3, §9):
    returns (sql_or_None, mode, tag_prefix, fixed_count) where mode is 'rows' (forward the shadow's rows,
    tag = prefix + row count), 'count' (one count row, swallowed) or 'fixed' (no query); None when the
    statement cannot be answered that way (then the conflict is reported at the statement)."""
    n, tag = st.node, st.node_tag
    if n is None or getattr(n, "withClause", None) is not None:
        return None
    if tag == "SelectStmt" and n.lockingClause:
        import copy
        m = copy.deepcopy(n)
        m.lockingClause = None
        return stream.RawStream()(m), "rows", "SELECT ", None
    if tag in ("UpdateStmt", "DeleteStmt"):
        extra = list((n.fromClause if tag == "UpdateStmt" else n.usingClause) or [])
        prefix = "UPDATE " if tag == "UpdateStmt" else "DELETE "
        targets = list(n.returningList) if n.returningList else _count_target()
        sel = ast.SelectStmt(targetList=targets, fromClause=[n.relation] + extra, whereClause=n.whereClause)
        return stream.RawStream()(sel), ("rows" if n.returningList else "count"), prefix, None
    if tag == "InsertStmt" and not n.returningList and n.selectStmt is not None:
        sel = n.selectStmt
        if sel.valuesLists:
            return None, "fixed", "INSERT 0 ", len(sel.valuesLists)
        sub = ast.SelectStmt(targetList=_count_target(), fromClause=[ast.RangeSubselect(
            subquery=sel, alias=ast.Alias(aliasname="dsql_emulator_s"))])
        return stream.RawStream()(sub), "count", "INSERT 0 ", None
    return None
