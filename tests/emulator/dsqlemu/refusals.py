"""What Aurora DSQL refuses, with its exact SQLSTATEs and messages (docs/dsql-behaviour.md §2 and §2.1; the golden
recordings in tests/emulator/golden are the ground truth). `refusal(stmt)` looks at one parsed statement
(statement-local rules only; transaction-state rules live in the session) and returns (sqlstate, message)
or None. Messages marked "guess" were not recorded from DSQL; see README.md "Known gaps"."""
from pglast import ast

NOT_SUPPORTED = "0A000"

# Node types refused wholesale with DSQL's "unsupported statement: <NodeTag minus Stmt>" wording
# (golden:unsupported.json: Truncate, CreateExtension, Createdb, CreateTableAs, CompositeType, CreateRange,
# CreateTableSpace, CreateForeignTable, Listen, Notify, Unlisten, AlterSystem; DeclareCursor from the
# aurora-dsql-orms known issues). The remaining rows follow the same pattern (guess).
GENERIC_UNSUPPORTED = {
    "TruncateStmt", "CreateExtensionStmt", "AlterExtensionStmt", "CreatedbStmt", "DropdbStmt",
    "AlterDatabaseStmt", "AlterDatabaseSetStmt", "CreateTableAsStmt", "CompositeTypeStmt", "CreateRangeStmt",
    "CreateTableSpaceStmt", "DropTableSpaceStmt", "CreateForeignTableStmt", "CreateFdwStmt",
    "CreateForeignServerStmt", "CreateUserMappingStmt", "ImportForeignSchemaStmt", "ListenStmt",
    "NotifyStmt", "UnlistenStmt", "AlterSystemStmt", "DeclareCursorStmt", "CreateEventTrigStmt",
    "CreatePublicationStmt", "CreateSubscriptionStmt", "ReindexStmt", "ClusterStmt", "DoStmt",
    "CreatePLangStmt", "LoadStmt", "CheckPointStmt",
}
FIXED_MESSAGES = {
    "CreateTrigStmt": "CREATE TRIGGER not supported",
    "CreateEnumStmt": "CREATE TYPE not supported",
    "AlterEnumStmt": "ALTER TYPE not supported",
    "MergeStmt": "unsupported statement type: MERGE",
}
# Column types DSQL refuses, by PG internal name -> the name DSQL prints (golden:types.json)
UNSUPPORTED_TYPES = {
    "money": "money", "xml": "xml", "inet": "inet", "cidr": "cidr", "macaddr": "macaddr",
    "macaddr8": "macaddr8", "point": "point", "line": "line", "lseg": "lseg", "box": "box", "path": "path",
    "polygon": "polygon", "circle": "circle", "tsvector": "tsvector", "tsquery": "tsquery",
    "int4range": "int4range", "int8range": "int8range", "numrange": "numrange", "tsrange": "tsrange",
    "tstzrange": "tstzrange", "daterange": "daterange", "int4multirange": "int4multirange",
    "bit": "bit", "varbit": "bit varying", "pg_lsn": "pg_lsn", "txid_snapshot": "txid_snapshot",
    "pg_snapshot": "pg_snapshot", "jsonpath": "jsonpath",
}
GEOMETRIC = {"point", "line", "lseg", "box", "path", "polygon", "circle"}
SERIAL_TYPES = {"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"}
# format_type() spellings, for messages about arrays and identity columns
FORMAT_NAMES = {"int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real",
                "float8": "double precision", "bool": "boolean", "varchar": "character varying",
                "bpchar": "character", "timestamptz": "timestamp with time zone",
                "timestamp": "timestamp without time zone", "timetz": "time with time zone",
                "time": "time without time zone", "varbit": "bit varying"}
CACHE_MSG = ("{what} is not supported without an explicit cache size. please define CACHE greater than or "
             "equal to 65536 or equal to 1")
ISOLATION_OK = "repeatable read"
# SET of these is refused as DSQL does (golden:isolation.json; flyway#4088 for role)
SET_REFUSED = {"default_transaction_isolation", "transaction_isolation", "role", "session_authorization",
               "default_transaction_deferrable"}
SHOW_REFUSED = {"lc_collate", "lc_ctype"}      # 42704 unrecognized configuration parameter (environment.json)


def _type_name(tn):
    return tn.names[-1].sval.lower()


def _format_type(tn):
    return FORMAT_NAMES.get(_type_name(tn), _type_name(tn))


def _column_type_refusal(tn):
    name = _type_name(tn)
    if name in SERIAL_TYPES and len(tn.names) == 1:
        return "42704", f'type "{name}" does not exist'
    if tn.arrayBounds:
        return NOT_SUPPORTED, f"datatype {_format_type(tn)}[] not supported"
    if name in UNSUPPORTED_TYPES:
        return NOT_SUPPORTED, f"datatype {UNSUPPORTED_TYPES[name]} not supported"
    return None


def _cache_ok(options):
    for d in options or ():
        if d.defname == "cache" and d.arg is not None:
            v = getattr(d.arg, "ival", None)
            if v is None:
                v = int(getattr(d.arg, "fval", getattr(d.arg, "sval", "0")) or 0)
            return v == 1 or v >= 65536
    return False


def _identity_refusal(col, con):
    if _type_name(col.typeName) != "int8":
        return NOT_SUPPORTED, (f"datatype {_format_type(col.typeName)} not supported, identity column type "
                               "must be bigint")
    if not _cache_ok(con.options):
        return NOT_SUPPORTED, CACHE_MSG.format(what="identity column")
    return None


def _create_table(n):
    if n.relation.relpersistence == "t":
        return NOT_SUPPORTED, "TEMPORARY or TEMP table not supported for CREATE TABLE"
    if n.relation.relpersistence == "u":
        return NOT_SUPPORTED, "UNLOGGED table not supported for CREATE TABLE"
    if n.partspec is not None or n.partbound is not None:
        return NOT_SUPPORTED, "PARTITION BY not supported for CREATE TABLE"      # guess
    if n.inhRelations:
        return NOT_SUPPORTED, "INHERITS not supported for CREATE TABLE"          # guess
    for elt in n.tableElts or ():
        if isinstance(elt, ast.ColumnDef):
            r = _column_type_refusal(elt.typeName)
            if r:
                return r
            for con in elt.constraints or ():
                if con.contype.name == "CONSTR_IDENTITY":
                    r = _identity_refusal(elt, con)
                    if r:
                        return r
        elif isinstance(elt, ast.Constraint) and elt.contype.name == "CONSTR_EXCLUSION":
            return NOT_SUPPORTED, "EXCLUDE constraint not supported"              # guess
    return None


def _alter_table(n, is_async):
    for cmd in n.cmds or ():
        sub = cmd.subtype.name
        if sub == "AT_AddColumn":
            if cmd.def_.constraints:
                return NOT_SUPPORTED, "ALTER TABLE ADD COLUMN with constraint not supported"
            r = _column_type_refusal(cmd.def_.typeName)
            if r:
                return r
        elif sub == "AT_AlterColumnType":
            return NOT_SUPPORTED, "unsupported ALTER TABLE ALTER COLUMN ... SET DATA TYPE statement"
        elif sub == "AT_AddConstraint":
            con = cmd.def_
            ct = con.contype.name
            if ct in ("CONSTR_FOREIGN", "CONSTR_CHECK") and con.skip_validation:
                continue
            if ct == "CONSTR_UNIQUE" and con.indexname:
                continue
            return NOT_SUPPORTED, "unsupported ALTER TABLE ADD CONSTRAINT statement"
        elif sub == "AT_ValidateConstraint" and not is_async:
            return NOT_SUPPORTED, "unsupported ALTER TABLE VALIDATE CONSTRAINT statement"
    if is_async and not all(c.subtype.name == "AT_ValidateConstraint" for c in n.cmds or ()):
        return "42601", 'syntax error at or near "ASYNC"'                         # guess
    return None


def _index(n, is_async):
    if n.concurrent:
        return NOT_SUPPORTED, "CONCURRENTLY not supported for CREATE INDEX"
    if not is_async:
        return NOT_SUPPORTED, "unsupported mode. please use CREATE INDEX ASYNC."
    for p in n.indexParams or ():
        if p.ordering is not None and p.ordering.name != "SORTBY_DEFAULT":
            return NOT_SUPPORTED, "specifying sort order not supported for index keys"
        if p.opclass:
            return NOT_SUPPORTED, "opclass not supported for index keys"
    return None


def _function(n):
    if n.is_procedure:
        return NOT_SUPPORTED, "PROCEDURE is not supported"
    lang = "sql"
    for d in n.options or ():
        if d.defname == "language":
            lang = d.arg.sval.lower()
    if lang != "sql":
        return NOT_SUPPORTED, f"CREATE FUNCTION with language {lang} not supported"
    return None


def _isolation(options):
    for d in options or ():
        if d.defname == "transaction_isolation":
            level = d.arg.val.sval.lower()
            if level != ISOLATION_OK:
                return NOT_SUPPORTED, f"Unsupported isolation level: {level.upper()}"
    return None


def _transaction(n):
    k = n.kind.name
    words = {"TRANS_STMT_SAVEPOINT": "SAVEPOINT", "TRANS_STMT_RELEASE": "RELEASE",
             "TRANS_STMT_ROLLBACK_TO": "ROLLBACK TO", "TRANS_STMT_PREPARE": "PREPARE TRANSACTION",
             "TRANS_STMT_COMMIT_PREPARED": "COMMIT PREPARED",
             "TRANS_STMT_ROLLBACK_PREPARED": "ROLLBACK PREPARED"}
    if k in words:
        return NOT_SUPPORTED, f"unsupported transaction statement: {words[k]}"
    if k in ("TRANS_STMT_BEGIN", "TRANS_STMT_START"):
        return _isolation(n.options)
    return None


def _set(n):
    if n.kind.name == "VAR_SET_MULTI":
        return _isolation(n.args) or (NOT_SUPPORTED, f'setting configuration parameter "{n.name}" not supported')
    if n.name and n.name.lower() in SET_REFUSED:
        return NOT_SUPPORTED, f'setting configuration parameter "{n.name.lower()}" not supported'
    return None


def _lateral_outer_ref(join):
    """DSQL answers LEFT JOIN LATERAL (subquery whose select list refers to the outer side) with 42804
    `attribute N of type <subquery's table> has wrong type` (golden:queries.json q_lateral_left_*; DSQL
    defect, reproduced so clients see what DSQL does)."""
    from .analyze import walk
    sub = join.rarg
    if join.jointype.name != "JOIN_LEFT" or not isinstance(sub, ast.RangeSubselect) or not sub.lateral:
        return None
    outer = {(r.alias.aliasname if r.alias else r.relname) for r in walk(join.larg) if isinstance(r, ast.RangeVar)}
    q = sub.subquery
    inner = [r for r in walk(q.fromClause or ()) if isinstance(r, ast.RangeVar)]
    if not isinstance(q, ast.SelectStmt) or not inner:
        return None
    for i, target in enumerate(q.targetList or (), 1):
        for c in walk(target):
            if isinstance(c, ast.ColumnRef) and len(c.fields) > 1 and getattr(c.fields[0], "sval", None) in outer:
                return "42804", f"attribute {i} of type {inner[0].relname} has wrong type"
    return None


def _whole_tree(node):
    """Clauses refused wherever they appear (TABLESAMPLE, locking strengths, geometric values)."""
    from .analyze import walk
    for x in walk(node):
        if isinstance(x, ast.JoinExpr):
            r = _lateral_outer_ref(x)
            if r:
                return r
        if isinstance(x, ast.RangeTableSample):
            return NOT_SUPPORTED, "TABLESAMPLE clause not supported"
        if isinstance(x, ast.LockingClause) and x.strength.name not in ("LCS_FORUPDATE", "LCS_FORKEYSHARE"):
            return NOT_SUPPORTED, "locking clauses other than FOR UPDATE/FOR KEY SHARE are not supported"
        if isinstance(x, ast.FuncCall) and len(x.funcname) == 1 and x.funcname[0].sval in GEOMETRIC:
            return NOT_SUPPORTED, f"datatype {x.funcname[0].sval} not supported"   # queries.json q_geom_*
        if isinstance(x, ast.TypeCast) and _type_name(x.typeName) in GEOMETRIC:
            return NOT_SUPPORTED, f"datatype {_type_name(x.typeName)} not supported"
    return None


FK_REFUSED = "foreign key constraints not supported"          # guess: DSQL before 2026-08, not recorded


def _is_fk(con):
    return isinstance(con, ast.Constraint) and con.contype.name == "CONSTR_FOREIGN"


def foreign_key_refusal(st):
    """DSQL before 2026-08 refused every FOREIGN KEY clause (the `foreign_keys` switch, README "Control
    API"): inline REFERENCES, table FOREIGN KEY, ALTER TABLE ADD [COLUMN ... REFERENCES | CONSTRAINT ...]."""
    n, tag = st.node, st.node_tag
    found = False
    if tag == "CreateStmt":
        for elt in n.tableElts or ():
            cons = elt.constraints if isinstance(elt, ast.ColumnDef) else (elt,)
            found = found or any(_is_fk(c) for c in cons or ())
    elif tag == "AlterTableStmt":
        for cmd in n.cmds or ():
            d = cmd.def_
            cons = d.constraints if isinstance(d, ast.ColumnDef) else (d,)
            found = found or any(_is_fk(c) for c in cons or ())
    return (NOT_SUPPORTED, FK_REFUSED) if found else None


def refusal(st):
    n, tag = st.node, st.node_tag
    if n is None:
        return None
    if tag in GENERIC_UNSUPPORTED:
        return NOT_SUPPORTED, "unsupported statement: " + tag[:-4]
    if tag in FIXED_MESSAGES:
        return NOT_SUPPORTED, FIXED_MESSAGES[tag]
    if tag == "VacuumStmt":
        return (NOT_SUPPORTED, "unsupported VACUUM statement") if n.is_vacuumcmd else None
    if tag == "SelectStmt" and n.intoClause is not None:
        return NOT_SUPPORTED, "unsupported statement: CreateTableAs"
    if tag == "DefineStmt" and n.kind.name == "OBJECT_TYPE":
        return NOT_SUPPORTED, "CREATE TYPE not supported"
    if tag == "RenameStmt" and n.renameType.name == "OBJECT_TYPE":
        return NOT_SUPPORTED, "unsupported object in RENAME statement"
    if tag == "DropStmt" and n.removeType.name == "OBJECT_TYPE":
        return NOT_SUPPORTED, "unsupported object in DROP statement"
    if tag == "CreateStmt":
        return _create_table(n)
    if tag == "AlterTableStmt":
        return _alter_table(n, st.is_async)
    if tag == "IndexStmt":
        return _index(n, st.is_async)
    if tag == "CreateSeqStmt" and not _cache_ok(n.options):
        return NOT_SUPPORTED, CACHE_MSG.format(what="CREATE SEQUENCE")
    if tag == "CreateFunctionStmt":
        return _function(n)
    if tag == "TransactionStmt":
        return _transaction(n)
    if tag == "VariableSetStmt":
        return _set(n)
    if tag == "VariableShowStmt" and n.name.lower() in SHOW_REFUSED:
        return "42704", f'unrecognized configuration parameter "{n.name.lower()}"'
    return _whole_tree(n)
