#!/usr/bin/python3
"""Commit-time OCC of the emulator (README "OCC"): conflicting writers both proceed and the first to COMMIT
wins whatever the order of the writes; an autocommit write (or DDL) wins over an open transaction; concurrent
autocommit increments never lose an update and every loser gets 40001 OC000; disjoint rows never conflict;
OC001 after another session's DDL. Over libpq (psycopg2). Run: test_occ.py [EMULATOR_DIR]."""
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import psycopg2  # noqa: E402

import test_behaviour as tb  # noqa: E402
from test_behaviour import OC000, OC001, Base, run  # noqa: E402
from dsqlemu import testing  # noqa: E402


class CommitOrder(Base):
    def rows(self, name, n=2):
        c = self.table(name)
        run(c, f"INSERT INTO {name} SELECT g, 'x' FROM generate_series(1, {n}) g")
        return c

    def test_first_writer_commits_first(self):
        c = self.rows("occ_ww")
        a, b = self.conn(False), self.conn(False)
        self.assertEqual(run(a, "UPDATE occ_ww SET v = 'a' WHERE id = 1").rowcount, 1)
        cur = run(b, "UPDATE occ_ww SET v = 'b' WHERE id = 1")      # does not wait, does not fail
        self.assertEqual((cur.rowcount, cur.statusmessage), (1, "UPDATE 1"))
        a.commit()
        self.assertPgError("40001", OC000, b.commit)
        self.assertEqual(run(c, "SELECT v FROM occ_ww WHERE id = 1").fetchone(), ("a",))

    def test_second_writer_commits_first(self):
        c = self.rows("occ_ww2")
        a, b = self.conn(False), self.conn(False)
        self.assertEqual(run(a, "UPDATE occ_ww2 SET v = 'a' WHERE id = 1").rowcount, 1)
        t0 = time.monotonic()
        self.assertEqual(run(b, "UPDATE occ_ww2 SET v = 'b' WHERE id = 1").rowcount, 1)
        b.commit()                                   # first committer wins, though it wrote second
        self.assertLess(time.monotonic() - t0, 2.0)
        self.assertPgError("40001", OC000, a.commit)
        self.assertEqual(run(c, "SELECT v FROM occ_ww2 WHERE id = 1").fetchone(), ("b",))
        run(a, "UPDATE occ_ww2 SET v = 'retry' WHERE id = 1")   # the loser's retry works
        a.commit()
        self.assertEqual(run(c, "SELECT v FROM occ_ww2 WHERE id = 1").fetchone(), ("retry",))

    def test_no_lost_update_in_explicit_transactions(self):
        c = self.table("occ_inc", "(id int PRIMARY KEY, n int)")
        run(c, "INSERT INTO occ_inc VALUES (1, 0)")
        a, b = self.conn(False), self.conn(False)
        run(a, "UPDATE occ_inc SET n = n + 1 WHERE id = 1")
        run(b, "UPDATE occ_inc SET n = n + 1 WHERE id = 1")
        b.commit()
        self.assertPgError("40001", OC000, a.commit)
        self.assertEqual(run(c, "SELECT n FROM occ_inc").fetchone(), (1,))

    def test_for_update_counts_as_a_write(self):
        c = self.rows("occ_fu")
        a, b = self.conn(False), self.conn(False)
        self.assertEqual(run(a, "SELECT v FROM occ_fu WHERE id = 1 FOR UPDATE").fetchall(), [("x",)])
        self.assertEqual(run(b, "UPDATE occ_fu SET v = 'b' WHERE id = 1").rowcount, 1)
        b.commit()
        self.assertPgError("40001", OC000, a.commit)
        self.assertEqual(run(c, "SELECT v FROM occ_fu WHERE id = 1").fetchone(), ("b",))

    def test_disjoint_rows_never_conflict(self):
        c = self.rows("occ_dis", 3)
        a, b = self.conn(False), self.conn(False)
        run(a, "UPDATE occ_dis SET v = 'a' WHERE id = 1")
        run(b, "UPDATE occ_dis SET v = 'b' WHERE id = 2")
        run(c, "UPDATE occ_dis SET v = 'c' WHERE id = 3")           # autocommit, other row
        b.commit()
        a.commit()
        self.assertEqual(run(c, "SELECT v FROM occ_dis ORDER BY id").fetchall(), [("a",), ("b",), ("c",)])

    def test_disjoint_rows_concurrent_transactions(self):
        c = self.table("occ_dis2", "(id int PRIMARY KEY, n int)")
        run(c, "INSERT INTO occ_dis2 SELECT g, 0 FROM generate_series(1, 4) g")
        errors = []

        def worker(i):
            conn = tb.connect(autocommit=False)
            try:
                for _ in range(15):
                    run(conn, "UPDATE occ_dis2 SET n = n + 1 WHERE id = %s", (i,))
                    conn.commit()
            except psycopg2.Error as e:
                errors.append(f"{e.pgcode} {e}")
            finally:
                conn.close()
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(1, 5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(run(c, "SELECT n FROM occ_dis2 ORDER BY id").fetchall(), [(15,)] * 4)


class Autocommit(Base):
    def test_autocommit_write_wins_over_open_transaction(self):
        c = self.table("occ_ac")
        run(c, "INSERT INTO occ_ac VALUES (1, 'x')")
        a = self.conn(False)
        run(a, "UPDATE occ_ac SET v = 'a' WHERE id = 1")
        t0 = time.monotonic()
        self.assertEqual(run(c, "UPDATE occ_ac SET v = 'c' WHERE id = 1").rowcount, 1)   # commits at once
        self.assertLess(time.monotonic() - t0, 2.0)
        self.assertPgError("40001", OC000, a.commit)
        self.assertEqual(run(c, "SELECT v FROM occ_ac").fetchone(), ("c",))

    def test_autocommit_write_wins_over_aborted_transaction(self):
        c = self.table("occ_ac2")
        run(c, "INSERT INTO occ_ac2 VALUES (1, 'x')")
        a = self.conn(False)
        run(a, "UPDATE occ_ac2 SET v = 'a' WHERE id = 1")
        self.assertPgError("22012", "division by zero", run, a, "SELECT 1/0")     # aborted, still locking
        t0 = time.monotonic()
        self.assertEqual(run(c, "UPDATE occ_ac2 SET v = 'c' WHERE id = 1").rowcount, 1)
        self.assertLess(time.monotonic() - t0, 2.0)
        self.assertPgError("25P02", "current transaction is aborted, commands ignored until end of transaction "
                           "block", run, a, "SELECT 1")                     # still aborted for its client
        a.rollback()
        self.assertEqual(run(a, "SELECT v FROM occ_ac2").fetchone(), ("c",))

    def test_concurrent_autocommit_increments(self):
        c = self.table("occ_counter", "(id int PRIMARY KEY, n bigint NOT NULL)")
        run(c, "INSERT INTO occ_counter VALUES (1, 0)")
        ok, failures, lock = [0], [], threading.Lock()

        def worker():
            conn = tb.connect()
            try:
                for _ in range(50):
                    try:
                        run(conn, "UPDATE occ_counter SET n = n + 1 WHERE id = 1")
                        with lock:
                            ok[0] += 1
                    except psycopg2.Error as e:
                        with lock:
                            failures.append((e.pgcode, e.diag.message_primary))
            finally:
                conn.close()
        threads = [threading.Thread(target=worker) for _ in range(8)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertFalse(any(t.is_alive() for t in threads), "a writer hung")
        self.assertEqual(ok[0] + len(failures), 400)
        self.assertEqual(set(failures) - {("40001", OC000)}, set())
        self.assertEqual(run(c, "SELECT n FROM occ_counter").fetchone(), (ok[0],))
        print(f"\n  8x50 autocommit increments: {ok[0]} committed, {len(failures)} OC000, "
              f"{time.monotonic() - t0:.1f}s", file=sys.stderr)


class Schema(Base):
    def test_schema_change_gives_oc001_once(self):
        self.table("occ_schema")
        a, b = self.conn(), self.conn()
        run(a, "SELECT * FROM occ_schema")
        run(b, "ALTER TABLE occ_schema ADD COLUMN extra text")
        self.assertPgError("40001", OC001, run, a, "SELECT * FROM occ_schema")
        self.assertEqual(run(a, "SELECT count(*) FROM occ_schema").fetchone(), (0,))


    def test_autocommit_ddl_wins_over_open_transaction(self):
        c = self.table("occ_ddl")
        a = self.conn(False)
        run(a, "SELECT * FROM occ_ddl")                  # holds a lock the DDL has to wait for in PostgreSQL
        t0 = time.monotonic()
        run(c, "ALTER TABLE occ_ddl ADD COLUMN extra text")
        self.assertLess(time.monotonic() - t0, 2.0)
        self.assertPgError("40001", OC001, a.commit)
        self.assertPgError("40001", OC001, run, a, "SELECT * FROM occ_ddl")   # its catalog cache, once
        a.rollback()
        self.assertEqual(run(a, "SELECT count(extra) FROM occ_ddl").fetchone(), (0,))


def main():
    args = sys.argv[1:]
    directory = args.pop(0) if args and not args[0].startswith("-") else tempfile.mkdtemp(prefix="dsql-emu-occ-")
    tb.EMU = testing.Emulator(directory)
    return testing.run_unittests(tb.EMU, args)


if __name__ == "__main__":
    sys.exit(main())
