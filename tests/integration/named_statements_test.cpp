// Named server statements (driver/handles/statement_named.cpp): on PostgreSQL a statement the application
// prepared is parsed under a name at its second execution and only bound and executed after that; on
// Aurora DSQL (the emulator) never. The server's own pg_prepared_statements view is the witness. Results
// must stay exact through DDL on this and on another connection, rebinding with other types, a
// DEALLOCATE ALL behind the driver's back, and statement-level rollback in a manual-commit transaction.
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

long long namedCount(Conn& c) {
  Stmt q(c);
  auto rows = q.query("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'dsql_odbc_%'");
  return rows.empty() || !rows[0][0] ? -1 : std::stoll(*rows[0][0]);
}

class NamedStatementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    connectOrFail(conn_, kPgDsn);
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS named_t");
    ASSERT_ODBC_OK(s.exec("CREATE TABLE named_t (id int PRIMARY KEY, v text)"), s.diag());
    ASSERT_ODBC_OK(s.exec("INSERT INTO named_t SELECT g, 'v' || g FROM generate_series(1, 50) g"), s.diag());
  }
  // Prepares `sql` (one marker) on `s` with `id` bound to it as SQL_C_SLONG.
  void prepare(Stmt& s, const char* sql, SQLINTEGER& id) {
    ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)sql, SQL_NTS), s.diag());
    SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0, nullptr);
  }
  // Executes the prepared statement with `id` bound as SQL_C_SLONG and returns its rows.
  std::vector<std::vector<std::optional<std::string>>> run(Stmt& s, SQLINTEGER& bound, int id) {
    bound = id;
    EXPECT_ODBC_OK(SQLExecute(s.h), s.diag());
    auto rows = s.rows();
    SQLFreeStmt(s.h, SQL_CLOSE);
    return rows;
  }
  Conn conn_;
};

TEST_F(NamedStatementsTest, ParsedOnceFromTheSecondExecution) {
  Stmt s(conn_);
  SQLINTEGER id = 0;
  prepare(s, "SELECT id, v FROM named_t WHERE id = ?", id);
  EXPECT_EQ(run(s, id, 1)[0][1], "v1");
  EXPECT_EQ(namedCount(conn_), 0) << "a statement run once costs no extra round trip";
  for (int k = 2; k <= 10; ++k) EXPECT_EQ(run(s, id, k)[0][1], "v" + std::to_string(k));
  EXPECT_EQ(namedCount(conn_), 1);
  // New text through SQLPrepare releases the old one; SQLExecDirect never makes one.
  Stmt d(conn_);
  for (int k = 0; k < 3; ++k) ASSERT_EQ(d.query("SELECT v FROM named_t WHERE id = 7")[0][0], "v7");
  EXPECT_EQ(namedCount(conn_), 1);
}

TEST_F(NamedStatementsTest, DdlOnThisConnectionReparses) {
  Stmt s(conn_);
  SQLINTEGER id = 0;
  prepare(s, "SELECT * FROM named_t WHERE id = ?", id);
  run(s, id, 1);
  ASSERT_EQ(run(s, id, 2)[0].size(), 2u);
  Stmt ddl(conn_);
  ASSERT_ODBC_OK(ddl.exec("ALTER TABLE named_t ADD COLUMN w int DEFAULT 7"), ddl.diag());
  auto rows = run(s, id, 3);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].size(), 3u);
  EXPECT_EQ(rows[0][2], "7");
}

TEST_F(NamedStatementsTest, DdlFromAnotherSessionIsAnsweredInAutocommit) {
  Stmt s(conn_);
  SQLINTEGER id = 0;
  prepare(s, "SELECT * FROM named_t WHERE id = ?", id);
  run(s, id, 1);
  run(s, id, 2);
  ASSERT_EQ(namedCount(conn_), 1);
  Conn other;
  connectOrFail(other, kPgDsn);
  Stmt ddl(other);
  ASSERT_ODBC_OK(ddl.exec("ALTER TABLE named_t ADD COLUMN w int DEFAULT 9"), ddl.diag());
  // The saved plan no longer fits (0A000 "cached plan must not change result type"): sent again unnamed.
  auto rows = run(s, id, 3);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].size(), 3u);
  EXPECT_EQ(rows[0][2], "9");
  EXPECT_EQ(run(s, id, 4)[0][1], "v4");
}

TEST_F(NamedStatementsTest, StalePlanInsideATransactionIsReportedNotHidden) {
  // ErrorRollback=transaction: a failed statement aborts the application's transaction, so the driver
  // cannot send it again inside it; it reports the server's error and parses again afterwards.
  Conn tx;
  ASSERT_ODBC_OK(tx.driverConnect(std::string("DSN=") + kPgDsn + ";ErrorRollback=transaction"), tx.diag());
  Stmt t(tx);
  SQLINTEGER id = 0;
  prepare(t, "SELECT * FROM named_t WHERE id = ?", id);
  run(t, id, 1);
  run(t, id, 2);
  Stmt ddl(conn_);  // another session, while no lock of tx's is held on the table
  ASSERT_ODBC_OK(ddl.exec("ALTER TABLE named_t ADD COLUMN x int DEFAULT 1"), ddl.diag());
  ASSERT_ODBC_OK(SQLSetConnectAttr(tx.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0), tx.diag());
  Stmt first(tx);
  ASSERT_EQ(first.query("SELECT 1")[0][0], "1");  // the transaction is open
  id = 3;
  EXPECT_EQ(SQLExecute(t.h), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, t.h), "0A000") << t.diag();
  ASSERT_ODBC_OK(SQLEndTran(SQL_HANDLE_DBC, tx.h, SQL_ROLLBACK), tx.diag());
  auto rows = run(t, id, 3);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].size(), 3u);
  SQLEndTran(SQL_HANDLE_DBC, tx.h, SQL_ROLLBACK);
}

TEST_F(NamedStatementsTest, ANewSessionParsesAgain) {
  Stmt s(conn_);
  SQLINTEGER id = 0;
  prepare(s, "SELECT v FROM named_t WHERE id = ?", id);
  run(s, id, 1);
  run(s, id, 2);
  const std::string pid = *Stmt(conn_).query("SELECT pg_backend_pid()")[0][0];
  Conn other;
  connectOrFail(other, kPgDsn);
  Stmt k(other);
  ASSERT_ODBC_OK(k.exec("SELECT pg_terminate_backend(" + pid + ")"), k.diag());
  for (int waited = 0; waited < 100; ++waited) {  // bounded: 5 s
    if (k.query("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)[0][0] == "0") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // The driver opens a new session (autocommit: nothing was lost) and parses the statement there again.
  EXPECT_EQ(run(s, id, 3)[0][0], "v3");
  EXPECT_EQ(run(s, id, 4)[0][0], "v4");
  EXPECT_NE(*Stmt(conn_).query("SELECT pg_backend_pid()")[0][0], pid);
  EXPECT_EQ(namedCount(conn_), 1);
}

TEST_F(NamedStatementsTest, OtherParameterTypesAndDeallocateAll) {
  Stmt s(conn_);
  SQLINTEGER id = 0;
  prepare(s, "SELECT v FROM named_t WHERE id = ?", id);
  run(s, id, 1);
  EXPECT_EQ(run(s, id, 2)[0][0], "v2");
  // Rebound as character data of another SQL type: parsed again with the new parameter type.
  char text[8] = "5";
  SQLLEN ind = SQL_NTS;
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 8, 0, text, sizeof text, &ind);
  ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  EXPECT_EQ(s.rows()[0][0], "v5");
  SQLFreeStmt(s.h, SQL_CLOSE);
  // The application drops every prepared statement behind the driver's back: the next run still works.
  Stmt d(conn_);
  ASSERT_ODBC_OK(d.exec("DEALLOCATE ALL"), d.diag());
  std::strcpy(text, "6");
  ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  EXPECT_EQ(s.rows()[0][0], "v6");
}

TEST_F(NamedStatementsTest, ReleasedStatementsAreDeallocatedInBatches) {
  for (int k = 0; k < 40; ++k) {
    Stmt s(conn_);
    SQLINTEGER id = 0;
    prepare(s, "SELECT v FROM named_t WHERE id = ?", id);
    run(s, id, 1);
    run(s, id, 2);
  }
  // 40 made and freed; at most one batch's worth (16) may still wait for its DEALLOCATE.
  long long left = namedCount(conn_);
  EXPECT_GE(left, 0);
  EXPECT_LE(left, 16);
}

TEST_F(NamedStatementsTest, StatementLevelRollbackInManualCommit) {
  ASSERT_ODBC_OK(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0), conn_.diag());
  Stmt s(conn_);
  SQLINTEGER id = 0;
  prepare(s, "INSERT INTO named_t VALUES (?, 'new')", id);
  int ok = 0;
  for (int k : {101, 102, 5, 103, 7, 104}) {  // 5 and 7 exist: those fail, the rest of the transaction lives
    id = k;
    SQLRETURN rc = SQLExecute(s.h);
    if (k == 5 || k == 7) {
      EXPECT_EQ(rc, SQL_ERROR);
      EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "23505");
    } else {
      EXPECT_ODBC_OK(rc, s.diag());
      ++ok;
    }
  }
  ASSERT_ODBC_OK(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT), conn_.diag());
  Stmt q(conn_);
  EXPECT_EQ(q.query("SELECT count(*) FROM named_t WHERE v = 'new'")[0][0], std::to_string(ok));
  SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT);
}

TEST(NamedStatementsEmulator, DsqlKeepsTheUnnamedStatement) {
  if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
  Conn c;
  connectOrFail(c, kEmuDsn);
  Stmt s(c);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"SELECT ? + 1", SQL_NTS), s.diag());
  SQLINTEGER in = 0;
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &in, 0, nullptr);
  for (int k = 0; k < 5; ++k) {
    in = k;
    ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
    EXPECT_EQ(s.rows()[0][0], std::to_string(k + 1));
    SQLFreeStmt(s.h, SQL_CLOSE);
  }
  Stmt q(c);
  auto rows = q.query("SELECT count(*) FROM pg_prepared_statements");
  if (!rows.empty() && rows[0][0]) {
    EXPECT_EQ(rows[0][0], "0");
  }
}

}  // namespace
