"""Runs every query meta_query_dump generates on a private PostgreSQL 15 (tests/harness/pgserver.py), the way
the driver will: PREPARE (parameter types inferred by the server, as with untyped $n in the extended protocol),
then EXECUTE with the text values. Checks each result set's column names and types against the ODBC reference
pages (written out here independently of the C++), the SQLColumns type columns against describeColumn(), and
the rows for a small schema. Exit 77 (ctest skip) when PostgreSQL or psycopg2 is missing.
usage: check_catalog_sql.py <meta_query_dump> <state dir>"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "harness"))

try:
    import psycopg2
    import pgserver
    pgserver.pg_bin("initdb")
except Exception as e:  # noqa: BLE001
    print(f"skipping: {e}")
    sys.exit(77)

V, S, I, C = 1043, 21, 23, 1042  # varchar, int2 (SMALLINT), int4 (INTEGER), bpchar (CHAR)

SHAPES = {
    "tables": [("TABLE_CAT", V), ("TABLE_SCHEM", V), ("TABLE_NAME", V), ("TABLE_TYPE", V), ("REMARKS", V)],
    "columns": [("TABLE_CAT", V), ("TABLE_SCHEM", V), ("TABLE_NAME", V), ("COLUMN_NAME", V), ("DATA_TYPE", S),
                ("TYPE_NAME", V), ("COLUMN_SIZE", I), ("BUFFER_LENGTH", I), ("DECIMAL_DIGITS", S),
                ("NUM_PREC_RADIX", S), ("NULLABLE", S), ("REMARKS", V), ("COLUMN_DEF", V), ("SQL_DATA_TYPE", S),
                ("SQL_DATETIME_SUB", S), ("CHAR_OCTET_LENGTH", I), ("ORDINAL_POSITION", I), ("IS_NULLABLE", V)],
    "primary_keys": [("TABLE_CAT", V), ("TABLE_SCHEM", V), ("TABLE_NAME", V), ("COLUMN_NAME", V), ("KEY_SEQ", S),
                     ("PK_NAME", V)],
    "foreign_keys": [("PKTABLE_CAT", V), ("PKTABLE_SCHEM", V), ("PKTABLE_NAME", V), ("PKCOLUMN_NAME", V),
                     ("FKTABLE_CAT", V), ("FKTABLE_SCHEM", V), ("FKTABLE_NAME", V), ("FKCOLUMN_NAME", V),
                     ("KEY_SEQ", S), ("UPDATE_RULE", S), ("DELETE_RULE", S), ("FK_NAME", V), ("PK_NAME", V),
                     ("DEFERRABILITY", S)],
    "statistics": [("TABLE_CAT", V), ("TABLE_SCHEM", V), ("TABLE_NAME", V), ("NON_UNIQUE", S),
                   ("INDEX_QUALIFIER", V), ("INDEX_NAME", V), ("TYPE", S), ("ORDINAL_POSITION", S),
                   ("COLUMN_NAME", V), ("ASC_OR_DESC", C), ("CARDINALITY", I), ("PAGES", I),
                   ("FILTER_CONDITION", V)],
    "special": [("SCOPE", S), ("COLUMN_NAME", V), ("DATA_TYPE", S), ("TYPE_NAME", V), ("COLUMN_SIZE", I),
                ("BUFFER_LENGTH", I), ("DECIMAL_DIGITS", S), ("PSEUDO_COLUMN", S)],
    "procedures": [("PROCEDURE_CAT", V), ("PROCEDURE_SCHEM", V), ("PROCEDURE_NAME", V), ("NUM_INPUT_PARAMS", I),
                   ("NUM_OUTPUT_PARAMS", I), ("NUM_RESULT_SETS", I), ("REMARKS", V), ("PROCEDURE_TYPE", S)],
    "procedure_columns": [("PROCEDURE_CAT", V), ("PROCEDURE_SCHEM", V), ("PROCEDURE_NAME", V), ("COLUMN_NAME", V),
                          ("COLUMN_TYPE", S), ("DATA_TYPE", S), ("TYPE_NAME", V), ("COLUMN_SIZE", I),
                          ("BUFFER_LENGTH", I), ("DECIMAL_DIGITS", S), ("NUM_PREC_RADIX", S), ("NULLABLE", S),
                          ("REMARKS", V), ("COLUMN_DEF", V), ("SQL_DATA_TYPE", S), ("SQL_DATETIME_SUB", S),
                          ("CHAR_OCTET_LENGTH", I), ("ORDINAL_POSITION", I), ("IS_NULLABLE", V)],
    "table_privileges": [("TABLE_CAT", V), ("TABLE_SCHEM", V), ("TABLE_NAME", V), ("GRANTOR", V), ("GRANTEE", V),
                         ("PRIVILEGE", V), ("IS_GRANTABLE", V)],
    "column_privileges": [("TABLE_CAT", V), ("TABLE_SCHEM", V), ("TABLE_NAME", V), ("COLUMN_NAME", V),
                          ("GRANTOR", V), ("GRANTEE", V), ("PRIVILEGE", V), ("IS_GRANTABLE", V)],
    "column_facts": [("table_oid", 20), ("attnum", I), ("not_null", 16), ("auto_unique", 16),
                     ("schema_name", 25), ("table_name", 25), ("column_name", 25)],
    "type_info": [("TYPE_NAME", V), ("DATA_TYPE", S), ("COLUMN_SIZE", I), ("LITERAL_PREFIX", V),
                  ("LITERAL_SUFFIX", V), ("CREATE_PARAMS", V), ("NULLABLE", S), ("CASE_SENSITIVE", S),
                  ("SEARCHABLE", S), ("UNSIGNED_ATTRIBUTE", S), ("FIXED_PREC_SCALE", S), ("AUTO_UNIQUE_VALUE", S),
                  ("LOCAL_TYPE_NAME", V), ("MINIMUM_SCALE", S), ("MAXIMUM_SCALE", S), ("SQL_DATA_TYPE", S),
                  ("SQL_DATETIME_SUB", S), ("NUM_PREC_RADIX", I), ("INTERVAL_PRECISION", S)],
}

SCHEMA = """
CREATE SCHEMA meta_s;
CREATE TABLE meta_s.parent (id int PRIMARY KEY, name varchar(40) NOT NULL);
COMMENT ON TABLE meta_s.parent IS 'the parents';
CREATE DOMAIN meta_s.short_text AS varchar(7) NOT NULL;
CREATE TABLE meta_s.child (id bigint PRIMARY KEY, parent_id int REFERENCES meta_s.parent(id) ON DELETE CASCADE,
  amount numeric(12,3) DEFAULT 0, ts timestamp(3), tz timestamptz, t time(0), note text, flag bool, u uuid,
  j jsonb, js json, c char(5), b bytea, f4 real, f8 double precision, sm smallint, n numeric, iv interval,
  d date, dom meta_s.short_text, dropme int);
ALTER TABLE meta_s.child DROP COLUMN dropme;
COMMENT ON COLUMN meta_s.child.note IS 'free text';
CREATE UNIQUE INDEX child_u ON meta_s.child (u);
CREATE INDEX child_note_amount ON meta_s.child (note, amount) WHERE flag;
CREATE TABLE meta_s.child2 (a int, b text, c int, PRIMARY KEY (b, a));
CREATE TABLE meta_s."MixedCase" (x int);
CREATE VIEW meta_s.v_child AS SELECT id, note FROM meta_s.child;
CREATE FUNCTION meta_s.add_one(val integer) RETURNS integer LANGUAGE sql AS 'SELECT val + 1';
CREATE FUNCTION meta_s.split_pair(IN s text, OUT l text, OUT r text) LANGUAGE sql AS 'SELECT s, s';
CREATE TABLE meta_s."PARENT_UP" (x int);
CREATE TABLE meta_s.parent_up (y int);
CREATE SCHEMA meta_f;
CREATE TABLE meta_f.facts (ident bigint GENERATED BY DEFAULT AS IDENTITY, ser serial, req int NOT NULL,
  opt text, dom meta_s.short_text, gone int);
ALTER TABLE meta_f.facts DROP COLUMN gone;
CREATE ROLE meta_reader;
GRANT SELECT ON meta_s.parent TO meta_reader;
GRANT UPDATE (name) ON meta_s.parent TO meta_reader;
"""

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def shape_of(name):
    for key in sorted(SHAPES, key=len, reverse=True):
        if name.startswith(key):
            return SHAPES[key]
    raise KeyError(name)


def run(cur, q):
    sql = q["sql"].replace("%", "%%")
    cur.execute("PREPARE q AS " + sql)
    if q["params"]:
        cur.execute("EXECUTE q(" + ", ".join(["%s"] * len(q["params"])) + ")", q["params"])
    else:
        cur.execute("EXECUTE q")
    rows = cur.fetchall()
    desc = [(d.name, d.type_code) for d in cur.description]
    cur.execute("DEALLOCATE q")
    return desc, rows


def main():
    dump, state = sys.argv[1], sys.argv[2]
    info = pgserver.start(state)
    try:
        pgserver.psql(info, SCHEMA)
        conn = psycopg2.connect(host=info["socket_dir"], port=info["port"], user=info["user"],
                                dbname=info["database"])
        conn.autocommit = True
        cur = conn.cursor()
        queries = json.loads(subprocess.run([dump, "queries"], check=True, capture_output=True, text=True).stdout)
        results = {}
        for q in queries:
            if q["name"] == "column_facts":  # (table, attnum) pairs: every column of meta_f.facts, 6 = dropped
                cur.execute("SELECT 'meta_f.facts'::regclass::oid")
                oid = str(cur.fetchone()[0])
                q["params"] = [v for n in range(1, 7) for v in (oid, str(n))]
            try:
                desc, rows = run(cur, q)
            except psycopg2.Error as e:
                failures.append(f"{q['name']}: {e.pgcode} {e}\n{q['sql'][:400]}")
                continue
            check(desc == shape_of(q["name"]), f"{q['name']}: columns {desc}")
            results[q["name"]] = [dict(zip([d[0] for d in desc], r)) for r in rows]
        check_rows(results)
        check_types_against_describe(cur, dump, results.get("columns_child", []))
    finally:
        pgserver.stop(state)
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


def names(rows, key):
    return [r[key] for r in rows]


def check_rows(r):
    tables = {(x["TABLE_NAME"], x["TABLE_TYPE"]) for x in r.get("tables_meta_s", [])}
    check(tables == {("parent", "TABLE"), ("child", "TABLE"), ("child2", "TABLE"), ("MixedCase", "TABLE"),
                     ("PARENT_UP", "TABLE"), ("parent_up", "TABLE"), ("v_child", "VIEW")}, f"tables_meta_s {tables}")
    parent = [x for x in r.get("tables_meta_s", []) if x["TABLE_NAME"] == "parent"]
    check(parent and parent[0]["REMARKS"] == "the parents" and parent[0]["TABLE_CAT"] == "postgres", f"{parent}")
    check(names(r.get("tables_pattern", []), "TABLE_NAME") == ["child"], "ch_ld pattern")
    check(r.get("tables_escaped") == [], "ch\\_ld must be literal")
    check(names(r.get("tables_views_only", []), "TABLE_NAME") == ["v_child"], "VIEW filter")
    check([x["TABLE_TYPE"] for x in r.get("tables_system", [])] == ["SYSTEM TABLE"], "pg_class is a SYSTEM TABLE")
    check(r.get("tables_catalogs") == [{"TABLE_CAT": "postgres", "TABLE_SCHEM": None, "TABLE_NAME": None,
                                        "TABLE_TYPE": None, "REMARKS": None}], f"catalogs {r.get('tables_catalogs')}")
    schemas = names(r.get("tables_schemas", []), "TABLE_SCHEM")
    check("meta_s" in schemas and "public" in schemas and "pg_toast" not in schemas, f"schemas {schemas}")
    check(names(r.get("tables_types", []), "TABLE_TYPE")[:2] == ["TABLE", "VIEW"], "types enumeration")
    check(names(r.get("tables_metadata_id", []), "TABLE_NAME") == ["MixedCase"], "metadata id quoted name")
    for hostile in ("tables_hostile", "columns_hostile"):
        check(r.get(hostile) == [], f"{hostile} should find nothing")
    cols = r.get("columns_child", [])
    check(names(cols, "COLUMN_NAME")[:3] == ["id", "parent_id", "amount"], "column order")
    check(names(cols, "ORDINAL_POSITION") == list(range(1, len(cols) + 1)), "ordinal positions skip dropped")
    by = {c["COLUMN_NAME"]: c for c in cols}
    if by:
        check(by["id"]["NULLABLE"] == 0 and by["id"]["IS_NULLABLE"] == "NO", "id not null")
        check(by["amount"]["COLUMN_DEF"] == "0" and by["amount"]["COLUMN_SIZE"] == 12, f"amount {by['amount']}")
        check(by["amount"]["DECIMAL_DIGITS"] == 3, "numeric scale")
        check(by["note"]["REMARKS"] == "free text", "column comment")
        check(by["dom"]["NULLABLE"] == 0 and by["dom"]["COLUMN_SIZE"] == 7, f"domain {by['dom']}")
        check(by["c"]["COLUMN_SIZE"] == 5, "char(5)")
    one = r.get("columns_one", [])
    check(names(one, "COLUMN_NAME") == ["amount"] and one[0]["ORDINAL_POSITION"] == 3, f"columns_one {one}")
    ansi = {c["COLUMN_NAME"]: c for c in r.get("columns_ansi", [])}
    if ansi:
        check(ansi["note"]["DATA_TYPE"] == 12 and by["note"]["DATA_TYPE"] == -10, "ANSI vs wide text")
    pk = [(x["COLUMN_NAME"], x["KEY_SEQ"]) for x in r.get("primary_keys", [])]
    check(pk == [("b", 1), ("a", 2)], f"primary keys {pk}")
    for name in ("foreign_keys_of_pk", "foreign_keys_of_fk"):
        fk = r.get(name, [])
        check(len(fk) == 1 and fk[0]["FKTABLE_NAME"] == "child" and fk[0]["PKCOLUMN_NAME"] == "id"
              and fk[0]["FKCOLUMN_NAME"] == "parent_id" and fk[0]["DELETE_RULE"] == 0 and fk[0]["UPDATE_RULE"] == 3
              and fk[0]["PK_NAME"] == "parent_pkey" and fk[0]["DEFERRABILITY"] == 7, f"{name} {fk}")
    st = r.get("statistics", [])
    check(st and st[0]["TYPE"] == 0 and st[0]["NON_UNIQUE"] is None, "table stat row first")
    idx = [(x["INDEX_NAME"], x["ORDINAL_POSITION"], x["COLUMN_NAME"], x["NON_UNIQUE"]) for x in st[1:]]
    check(idx == [("child_pkey", 1, "id", 0), ("child_u", 1, "u", 0), ("child_note_amount", 1, "note", 1),
                  ("child_note_amount", 2, "amount", 1)], f"statistics {idx}")
    check(st and st[-1]["FILTER_CONDITION"] == "flag", "partial index condition")
    check(len(r.get("statistics_unique", [])) == 3, "unique only")
    check(names(r.get("special_rowid", []), "COLUMN_NAME") == ["a", "b"], f"rowid {r.get('special_rowid')}")
    check(r.get("special_rowver") == [], "rowver empty")
    check(sorted(names(r.get("procedures", []), "PROCEDURE_NAME")) == ["add_one", "split_pair"], "procedures")
    pc = [(x["COLUMN_NAME"], x["COLUMN_TYPE"], x["DATA_TYPE"], x["ORDINAL_POSITION"])
          for x in r.get("procedure_columns", [])]
    check(pc == [("", 5, 4, 0), ("val", 1, 4, 1)], f"procedure columns {pc}")
    pc = [(x["COLUMN_NAME"], x["COLUMN_TYPE"]) for x in r.get("procedure_columns_out", [])]
    check(pc == [("s", 1), ("l", 4), ("r", 4)], f"OUT parameters {pc}")
    tp = {(x["GRANTEE"], x["PRIVILEGE"]) for x in r.get("table_privileges", [])}
    check(("meta_reader", "SELECT") in tp, f"table privileges {tp}")
    for name in ("tables_pattern", "columns_one", "primary_keys", "foreign_keys_of_pk", "statistics",
                 "special_rowid", "procedures", "procedure_columns", "table_privileges", "column_privileges"):
        upper = name.split("_of_")[0].replace("_pattern", "").replace("_one", "").replace("_rowid", "") + "_upper"
        check(r.get(name) and r.get(upper) == r.get(name), f"{upper} {r.get(upper)} != {name}")
    check(names(r.get("tables_exact_upper", []), "TABLE_NAME") == ["PARENT_UP"], "exact upper-case name wins")
    check(r.get("tables_mixed_not_folded") == [], "mixed case is never folded")
    check(r.get("table_privileges_empty_scope") == r.get("table_privileges"), "'' catalog/schema mean any")
    cp = {(x["COLUMN_NAME"], x["GRANTEE"], x["PRIVILEGE"]) for x in r.get("column_privileges", [])}
    check(("name", "meta_reader", "UPDATE") in cp and ("id", "meta_reader", "UPDATE") not in cp, f"col privs {cp}")
    facts = [(x["column_name"], x["not_null"], x["auto_unique"], x["schema_name"], x["table_name"])
             for x in sorted(r.get("column_facts", []), key=lambda x: x["attnum"])]
    check(facts == [("ident", True, True, "meta_f", "facts"), ("ser", True, True, "meta_f", "facts"),
                    ("req", True, False, "meta_f", "facts"), ("opt", False, False, "meta_f", "facts"),
                    ("dom", True, False, "meta_f", "facts")], f"column facts {facts}")
    ti = r.get("type_info_all", [])
    # 19 types; the six described as character data (bpchar, varchar, text, json, jsonb, interval) once per family
    check(len(ti) == 25 and len({x["TYPE_NAME"] for x in ti}) == 19, f"type info rows {len(ti)}")
    check(len({(x["TYPE_NAME"], x["DATA_TYPE"]) for x in ti}) == 25, "type info rows are distinct")
    check([x["DATA_TYPE"] for x in ti] == sorted(x["DATA_TYPE"] for x in ti), "type info order")
    check(r.get("type_info_none") == [], "empty type info")


def check_types_against_describe(cur, dump, cols):
    """The CASE/typmod SQL must give exactly what describeColumn() gives for the real column types."""
    cur.execute("SELECT a.attname, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, "
                "CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END FROM pg_attribute a "
                "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = 'meta_s.child'::regclass "
                "AND a.attnum > 0 AND NOT a.attisdropped")
    attrs = {name: f"{oid}:{typmod}" for name, oid, typmod in cur.fetchall()}
    expected = json.loads(subprocess.run([dump, "describe"] + sorted(set(attrs.values())), check=True,
                                         capture_output=True, text=True).stdout)
    check(len(cols) == len(attrs), "columns_child covers every column")
    for c in cols:
        want = expected[attrs[c["COLUMN_NAME"]]]
        for key, value in want.items():
            check(c[key] == value, f"{c['COLUMN_NAME']}.{key}: SQL {c[key]!r} != describeColumn {value!r}")


if __name__ == "__main__":
    sys.exit(main())
