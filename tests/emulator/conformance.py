#!/usr/bin/python3
"""Conformance test: replays every case of golden/*.json (recordings of a real Aurora DSQL
cluster) against a freshly started emulator, following the golden README: the suite's setup schema, the
recording's global case order, the extended protocol per step (simple protocol where `simple_protocol`),
the two-session occ_conflict cases, pgx-style rendering of rows, and the README's comparison rules.
Cases listed in EXPECTED_MISMATCHES (each with its reason, also in README.md) are reported but do not fail
the run; any other mismatch fails it, so regressions are caught.

  conformance.py [--emulator-json F] [--workdir D] [--verbose]
DSQL_GOLDEN_DIR overrides the golden directory (default tests/emulator/golden, vendored)."""
import argparse
import datetime
import glob
import json
import os
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from dsqlemu import testing  # noqa: E402

# The recordings are vendored next to this file (golden/, MIT, with their LICENSE and provenance README).
GOLDEN = os.environ.get("DSQL_GOLDEN_DIR") or os.path.join(HERE, "golden")
# name -> reason (kept in sync with README.md "Known gaps")
EXPECTED_MISMATCHES = {}


def U(xx):
    return f"'00000000-0000-0000-0000-0000000000{xx}'"


SETUP = [
    "CREATE TABLE baseline_parent (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL)",
    f"INSERT INTO baseline_parent (id, name) VALUES ({U('aa')}, 'seed')",
    "CREATE TABLE baseline_child (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), "
    "parent_id uuid NOT NULL REFERENCES baseline_parent(id))",
    "CREATE TABLE baseline_idx (id uuid PRIMARY KEY, value text)",
    "CREATE TABLE baseline_bulk (id int)",
    "CREATE TABLE baseline_drop_me (id int)",
    "CREATE TABLE baseline_implicit_bulk (id int)",
    "CREATE TABLE baseline_multi (id int PRIMARY KEY, a int)",
    "CREATE TABLE baseline_alter (id int PRIMARY KEY, a text, b int)",
    "CREATE TABLE baseline_alter_pk (id int PRIMARY KEY, a text)",
    "CREATE TABLE baseline_alter_big (big bigint, note text)",
    "CREATE TABLE baseline_alter_fk (id int PRIMARY KEY, parent_id uuid)",
    "CREATE TABLE baseline_alter_pkadd (id int, v text)",
    "CREATE TABLE baseline_lat_parent (id text NOT NULL PRIMARY KEY)",
    "INSERT INTO baseline_lat_parent (id) VALUES ('a')",
    "CREATE TABLE baseline_lat_child (id bigint NOT NULL PRIMARY KEY, parent_id text)",
    "INSERT INTO baseline_lat_child (id, parent_id) VALUES (1, 'a')",
    "CREATE TABLE baseline_fk_action (id uuid PRIMARY KEY, name text NOT NULL)",
    f"INSERT INTO baseline_fk_action (id, name) VALUES ({U('c1')}, 'cascade'), ({U('c2')}, 'set-null'), "
    f"({U('c3')}, 'set-default'), ({U('c4')}, 'default-target')",
    "CREATE TABLE baseline_fk_cascade (id uuid PRIMARY KEY, parent_id uuid REFERENCES baseline_fk_action(id) "
    "ON DELETE CASCADE, note text)",
    "CREATE TABLE baseline_fk_setnull (id uuid PRIMARY KEY, parent_id uuid REFERENCES baseline_fk_action(id) "
    "ON DELETE SET NULL, note text)",
    f"CREATE TABLE baseline_fk_setdefault (id uuid PRIMARY KEY, parent_id uuid DEFAULT {U('c4')} "
    "REFERENCES baseline_fk_action(id) ON DELETE SET DEFAULT, note text)",
    f"INSERT INTO baseline_fk_cascade VALUES ({U('d1')}, {U('c1')}, 'child')",
    f"INSERT INTO baseline_fk_setnull VALUES ({U('d2')}, {U('c2')}, 'child')",
    f"INSERT INTO baseline_fk_setdefault VALUES ({U('d3')}, {U('c3')}, 'child')",
    "CREATE TABLE baseline_span (id int PRIMARY KEY, k int NOT NULL, v text)",
    "INSERT INTO baseline_span VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 1, 'c'), (4, 2, 'other')",
    "CREATE TABLE baseline_conflict (id uuid PRIMARY KEY, name text NOT NULL)",
    f"INSERT INTO baseline_conflict VALUES ({U('ab')}, 'conflict-fk'), ({U('ac')}, 'conflict-row'), "
    f"({U('ad')}, 'disjoint-a'), ({U('ae')}, 'disjoint-b'), ({U('af')}, 'conflict-nonkey')",
    "CREATE TABLE baseline_conflict_child (id uuid PRIMARY KEY, parent_id uuid NOT NULL "
    "REFERENCES baseline_conflict(id))",
]
# occ_conflict session SQL (golden README table)
OCC_SQL = {
    "occ_write_write": (f"UPDATE baseline_conflict SET name = 'ww-a' WHERE id = {U('ac')}",
                        f"UPDATE baseline_conflict SET name = 'ww-b' WHERE id = {U('ac')}"),
    "occ_for_update_vs_write": (f"SELECT name FROM baseline_conflict WHERE id = {U('ac')} FOR UPDATE",
                                f"UPDATE baseline_conflict SET name = 'fu-b' WHERE id = {U('ac')}"),
    "occ_for_key_share_vs_delete": (f"SELECT name FROM baseline_conflict WHERE id = {U('ac')} FOR KEY SHARE",
                                    f"DELETE FROM baseline_conflict WHERE id = {U('ac')}"),
    "occ_fk_delete_insert": (f"DELETE FROM baseline_conflict WHERE id = {U('ab')}",
                             f"INSERT INTO baseline_conflict_child (id, parent_id) VALUES ({U('b0')}, {U('ab')})"),
    "occ_fk_nonkey_update": (f"UPDATE baseline_conflict SET name = 'nk' WHERE id = {U('af')}",
                             f"INSERT INTO baseline_conflict_child (id, parent_id) VALUES ({U('b1')}, {U('af')})"),
    "occ_fk_cascade_vs_child_write": (f"DELETE FROM baseline_fk_action WHERE id = {U('c1')}",
                                      f"UPDATE baseline_fk_cascade SET note = 'touched' WHERE id = {U('d1')}"),
    "occ_fk_set_null_vs_child_write": (f"DELETE FROM baseline_fk_action WHERE id = {U('c2')}",
                                       f"UPDATE baseline_fk_setnull SET note = 'touched' WHERE id = {U('d2')}"),
    "occ_fk_set_default_vs_child_write": (f"DELETE FROM baseline_fk_action WHERE id = {U('c3')}",
                                          f"UPDATE baseline_fk_setdefault SET note = 'touched' WHERE id = {U('d3')}"),
    "occ_multirow_predicate": ("UPDATE baseline_span SET v = 'a-side' WHERE k = 1",
                               "UPDATE baseline_span SET v = 'b-side' WHERE k = 1"),
    "occ_disjoint_writes": (f"UPDATE baseline_conflict SET name = 'dw-a' WHERE id = {U('ad')}",
                            f"UPDATE baseline_conflict SET name = 'dw-b' WHERE id = {U('ae')}"),
}


def load_cases():
    files = {}
    for path in sorted(glob.glob(os.path.join(GOLDEN, "*.json"))):
        files[os.path.basename(path)[:-5]] = json.load(open(path))["cases"]
    if not files:
        raise SystemExit(f"no golden files in {GOLDEN}")
    return files


def global_order(files):
    """The recording's global order (golden README "Order")."""
    names = {g: [c["name"] for c in cs] for g, cs in files.items()}
    order, done = [], set()

    def add(*ns):
        for n in ns:
            if n not in done:
                order.append(n)
                done.add(n)

    def span(group, first, last):
        ns = names[group]
        return ns[ns.index(first):ns.index(last) + 1]
    add(*[n for n in names["unsupported"] if n != "create_function_plpgsql"])
    add("savepoint", "create_view", "create_sequence", "create_sequence_cached", "create_schema")
    add("set_transaction_serializable", "begin_serializable", "begin_repeatable_read")
    add(*span("transaction", "two_ddl_one_txn", "row_cap_implicit"))
    add(*span("supported", "select_one", "drop_table"))
    add(*names["index"])
    add("create_function_plpgsql", "identity_column_cached", "identity_integer", "identity_smallint",
        "identity_bigint_by_default", "alter_add_pk_constraint", "alter_add_unique_constraint")
    add(*[n for n in names["queries"] if n.startswith(("q_row_", "q_whole_row_"))])
    add("alter_add_identity_integer", *names["backlog"], "create_sequence_cache_one", "rollback_to_savepoint",
        "set_transaction_repeatable_read", "set_default_isolation")
    for g in ("types", "enum", "environment", "occ", "queries", "alters", "occ_conflict", "multi_statement"):
        add(*names[g])
    by_name = {c["name"]: c for cs in files.values() for c in cs}
    missing = set(by_name) - done
    assert not missing, f"cases not placed in the order: {missing}"
    return [by_name[n] for n in order]


# ---- pgx-style rendering (golden README "How values in rows are written") ---------------------------
def _array(text):
    inner = text[1:-1]
    return "[" + " ".join(x.strip('"') for x in inner.split(",")) + "]" if inner else "[]"


def render(value, oid):
    if value is None:
        return "NULL"
    if oid == 16:
        return "true" if value == "t" else "false"
    if oid == 2950:
        return "[" + " ".join(str(b) for b in bytes.fromhex(value.replace("-", ""))) + "]"
    if oid in (1114, 1184):
        v = value if oid == 1184 else value + "+00"
        v = v.replace(" ", "T")
        if v[-3] in "+-":
            v += ":00"
        t = datetime.datetime.fromisoformat(v).astimezone(datetime.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if oid == 869:
        return value if "/" in value else value + ("/128" if ":" in value else "/32")
    if oid == 2249 and value.startswith("("):
        return "[" + " ".join(x.strip('"') for x in value[1:-1].split(",")) + "]"
    if value.startswith("{") and oid in (1000, 1005, 1007, 1009, 1015, 1016, 1021, 1022, 1231):
        return _array(value)
    return value


def observe(r):
    if r.outcome == "error":
        return {"outcome": "error", "sqlstate": r.sqlstate, "message": r.message}
    o = {"outcome": "ok", "command_tag": r.command_tag}
    if r.columns is not None:
        o["columns"] = r.columns
    if r.rows:
        o["rows"] = [[render(v, oid) for v, oid in zip(row, r.oids)] for row in r.rows]
    return o


def run_case(conn, case):
    out = []
    for step in case["steps"]:
        if case.get("simple_protocol"):
            res = conn.simple(step)
            if res and res[-1].outcome == "error":
                out.append(observe(res[-1]))
            else:
                out.append({"outcome": "ok", "results": [
                    {k: v for k, v in observe(r).items() if k != "outcome"} for r in res]})
        else:
            out.append(observe(conn.extended(step)))
    conn.simple("ROLLBACK")
    return out


def run_occ(emu, case):
    sqls = OCC_SQL[case["name"]]
    conns = [emu.connect(), emu.connect()]
    answers = [[], []]

    def session(i):
        t0 = time.monotonic()
        for j, sql in enumerate(("BEGIN", sqls[i], "COMMIT")):
            time.sleep(max(0, t0 + 0.15 * j - time.monotonic()))
            answers[i].append(observe(conns[i].extended(sql)))
    threads = [threading.Thread(target=session, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in conns:
        c.close()
    return answers


# ---- comparison (golden README "Comparing") ------------------------------------------------------------
def compare_obs(want, got, ignore_rows):
    """-> list of difference strings."""
    diffs = []
    if want["outcome"] != got["outcome"]:
        return [f"outcome {got['outcome']} ({got.get('sqlstate')} {got.get('message')}) != {want['outcome']} "
                f"({want.get('sqlstate', '')} {want.get('message', want.get('command_tag', ''))})"]
    if want["outcome"] == "error":
        if want["sqlstate"] != got["sqlstate"]:
            diffs.append(f"sqlstate {got['sqlstate']} ({got['message']}) != {want['sqlstate']} ({want['message']})")
        elif want["message"] != got["message"]:
            diffs.append(f"(advisory) message {got['message']!r} != {want['message']!r}")
        return diffs
    pairs = list(zip(want["results"], got.get("results", []))) if "results" in want else [(want, got)]
    if "results" in want and len(want["results"]) != len(got.get("results", [])):
        return [f"{len(got.get('results', []))} results != {len(want['results'])}"]
    for w, g in pairs:
        for key in ("command_tag", "columns") + (() if ignore_rows else ("rows",)):
            if w.get(key) != g.get(key):
                diffs.append(f"{key} {g.get(key)} != {w.get(key)}")
    return diffs


def compare_case(case, got):
    ignore = case.get("ignore_rows", False)
    if case["steps"] is None:
        want = case["sessions"]
        if case.get("conflict_race"):
            def losers(sess):
                return sorted((j, o.get("sqlstate")) for s in sess for j, o in enumerate(s) if o["outcome"] == "error")
            if losers(want) != losers(got):
                return [f"losers {losers(got)} != {losers(want)}"]
            return []
        return [f"session {i} step {j}: {d}" for i in (0, 1) for j, (w, g) in enumerate(zip(want[i], got[i]))
                for d in compare_obs(w, g, ignore)]
    if len(got) != len(case["observations"]):
        return [f"{len(got)} observations != {len(case['observations'])}"]
    return [f"step {j}: {d}" for j, (w, g) in enumerate(zip(case["observations"], got))
            for d in compare_obs(w, g, ignore)]


def setup(conn):
    for sql in SETUP:
        for _ in range(5):
            r = conn.extended(sql)
            if r.outcome == "ok":
                break
            if r.sqlstate != "40001":
                raise SystemExit(f"setup failed: {sql}: {r.sqlstate} {r.message}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workdir")
    p.add_argument("--verbose", action="store_true")
    a = p.parse_args()
    files = load_cases()
    cases = global_order(files)
    workdir = a.workdir or tempfile.mkdtemp(prefix="dsql-conformance-")
    emu = testing.Emulator(workdir)
    failures, expected, gaps, advisory = [], [], [], []
    try:
        conn = emu.connect()
        setup(conn)
        for case in cases:
            got = run_occ(emu, case) if case["steps"] is None else run_case(conn, case)
            diffs = compare_case(case, got)
            hard = [d for d in diffs if "(advisory)" not in d]
            advisory += [f"{case['name']}: {d}" for d in diffs if "(advisory)" in d]
            if not hard:
                if case["name"] in EXPECTED_MISMATCHES:
                    print(f"NOTE {case['name']} now matches; remove it from EXPECTED_MISMATCHES")
                if a.verbose:
                    print(f"ok   {case['name']}")
                continue
            if case["name"] in EXPECTED_MISMATCHES:
                expected.append(case["name"])
            elif case.get("known_gap"):
                gaps.append(case["name"])
            else:
                failures.append(case["name"])
            tag = "FAIL" if case["name"] in failures else "gap "
            for d in hard:
                print(f"{tag} {case['name']}: {d}")
        conn.close()
    finally:
        emu.stop()
    for line in advisory:
        print("advisory", line)
    print(f"{len(cases)} cases: {len(cases) - len(failures) - len(expected) - len(gaps)} match, "
          f"{len(gaps)} known_gap, {len(expected)} expected mismatch, {len(failures)} FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
