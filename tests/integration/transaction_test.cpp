// Transactions as applications written for psqlODBC expect them, through the driver manager: a failed
// statement in manual-commit mode undoes only itself on PostgreSQL (ErrorRollback=statement, the default
// there), rolls the transaction back with ErrorRollback=transaction, and on DSQL (and with
// ErrorRollback=none) leaves it aborted while every later refusal names the first error; cursors survive
// COMMIT and ROLLBACK (SQL_CB_PRESERVE); SQLRowCount after a SELECT is exact for results that end within
// the read-ahead window.
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class ManualCommitTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
  }
  bool dsql() const { return GetParam() == kEmuDsn; }
  void open(const std::string& extra = "") {
    ASSERT_TRUE(SQL_SUCCEEDED(conn_.driverConnect("DSN=" + GetParam() + ";" + extra))) << conn_.diag();
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS tx_t");
    ASSERT_ODBC_OK(s.exec("CREATE TABLE tx_t (id int PRIMARY KEY)"), s.diag());
    ASSERT_TRUE(SQL_SUCCEEDED(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0)));
  }
  SQLRETURN endTran(SQLSMALLINT how) { return SQLEndTran(SQL_HANDLE_DBC, conn_.h, how); }
  std::string ids() {
    Stmt q(conn_);
    std::string out;
    for (auto& r : q.query("SELECT id FROM tx_t ORDER BY id")) out += (out.empty() ? "" : ",") + *r[0];
    endTran(SQL_COMMIT);
    return out;
  }
  Conn conn_;
};

TEST_P(ManualCommitTest, FailedStatementUndoesOnlyItselfByDefaultOnPostgreSQL) {
  if (dsql()) GTEST_SKIP() << "DSQL has no savepoints";
  open();
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (1)"), s.diag());
  EXPECT_EQ(s.exec("INSERT INTO tx_t VALUES (1)"), SQL_ERROR);
  EXPECT_NE(s.diag().find("23505"), std::string::npos) << s.diag();
  EXPECT_EQ(s.exec("DROP TABLE tx_no_such_table"), SQL_ERROR);  // pyodbc applications swallow this and go on
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (2)"), s.diag());
  ASSERT_TRUE(SQL_SUCCEEDED(endTran(SQL_COMMIT))) << conn_.diag();
  EXPECT_EQ(ids(), "1,2");
}

TEST_P(ManualCommitTest, StreamFailingAfterItsFirstRowsUndoesOnlyThatStatement) {
  if (dsql()) GTEST_SKIP() << "DSQL has no savepoints";
  open();
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (1)"), s.diag());
  ASSERT_ODBC_OK(s.exec("SELECT 1 / (g - 900) FROM generate_series(1, 1000) g"), s.diag());  // past the read-ahead
  SQLRETURN rc;
  int rows = 0;
  while ((rc = SQLFetch(s.h)) == SQL_SUCCESS) ++rows;
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_NE(s.diag().find("22012"), std::string::npos) << s.diag();
  EXPECT_GE(rows, 256);
  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (2)"), s.diag());
  ASSERT_TRUE(SQL_SUCCEEDED(endTran(SQL_COMMIT))) << conn_.diag();
  EXPECT_EQ(ids(), "1,2");
}

TEST_P(ManualCommitTest, TransactionModeRollsTheWholeTransactionBack) {
  open("ErrorRollback=transaction");
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (1)"), s.diag());
  EXPECT_EQ(s.exec("INSERT INTO tx_t VALUES (1)"), SQL_ERROR);
  EXPECT_NE(s.diag().find("rolled the transaction back"), std::string::npos) << s.diag();
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (3)"), s.diag());
  ASSERT_TRUE(SQL_SUCCEEDED(endTran(SQL_COMMIT))) << conn_.diag();
  EXPECT_EQ(ids(), "3");
}

TEST_P(ManualCommitTest, AbortedTransactionNamesTheFirstErrorUntilRolledBack) {
  open(dsql() ? "" : "ErrorRollback=none");  // DSQL's default
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (1)"), s.diag());
  EXPECT_EQ(s.exec("INSERT INTO tx_t VALUES (1)"), SQL_ERROR);
  EXPECT_EQ(s.exec("INSERT INTO tx_t VALUES (2)"), SQL_ERROR);
  std::string d = s.diag();
  EXPECT_NE(d.find("25P02"), std::string::npos) << d;
  EXPECT_NE(d.find("aborted by an earlier error: 23505"), std::string::npos) << d;
  EXPECT_NE(d.find("roll the transaction back"), std::string::npos) << d;
  EXPECT_EQ(SQLDisconnect(conn_.h), SQL_ERROR);  // 25000: a transaction is open
  EXPECT_NE(conn_.diag().find("25000"), std::string::npos) << conn_.diag();
  ASSERT_TRUE(SQL_SUCCEEDED(endTran(SQL_ROLLBACK)));
  ASSERT_ODBC_OK(s.exec("INSERT INTO tx_t VALUES (5)"), s.diag());
  ASSERT_TRUE(SQL_SUCCEEDED(endTran(SQL_COMMIT)));
  EXPECT_EQ(ids(), "5");
}

TEST_P(ManualCommitTest, CursorsSurviveCommitAndRollback) {
  open();
  SQLUSMALLINT commit = 0, rollback = 0;
  SQLGetInfo(conn_.h, SQL_CURSOR_COMMIT_BEHAVIOR, &commit, sizeof commit, nullptr);
  SQLGetInfo(conn_.h, SQL_CURSOR_ROLLBACK_BEHAVIOR, &rollback, sizeof rollback, nullptr);
  EXPECT_EQ(commit, SQL_CB_PRESERVE);
  EXPECT_EQ(rollback, SQL_CB_PRESERVE);
  Stmt s(conn_), w(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 5000) g"), s.diag());
  SQLINTEGER v = 0;
  SQLLEN ind = 0;
  SQLBindCol(s.h, 1, SQL_C_SLONG, &v, 0, &ind);
  long sum = 0;
  int n = 0;
  for (; n < 10 && SQLFetch(s.h) == SQL_SUCCESS; ++n) sum += v;
  ASSERT_ODBC_OK(w.exec("INSERT INTO tx_t VALUES (7)"), w.diag());
  ASSERT_TRUE(SQL_SUCCEEDED(endTran(SQL_COMMIT))) << conn_.diag();
  for (; n < 20 && SQLFetch(s.h) == SQL_SUCCESS; ++n) sum += v;
  ASSERT_TRUE(SQL_SUCCEEDED(endTran(SQL_ROLLBACK))) << conn_.diag();
  SQLRETURN rc;
  while ((rc = SQLFetch(s.h)) == SQL_SUCCESS) sum += v, ++n;
  EXPECT_EQ(rc, SQL_NO_DATA) << s.diag();
  EXPECT_EQ(n, 5000);
  EXPECT_EQ(sum, 5000L * 5001 / 2);
  EXPECT_EQ(ids(), "7");
}

TEST_P(ManualCommitTest, RowCountOfASelectEndingInTheReadAheadWindowIsExact) {
  ASSERT_TRUE(SQL_SUCCEEDED(conn_.driverConnect("DSN=" + GetParam()))) << conn_.diag();
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 4) g"), s.diag());
  SQLLEN n = 0;
  ASSERT_ODBC_OK(SQLRowCount(s.h, &n), s.diag());
  EXPECT_EQ(n, 4);
  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 100000) g"), s.diag());
  ASSERT_ODBC_OK(SQLRowCount(s.h, &n), s.diag());
  EXPECT_EQ(n, -1);  // still streaming: not known yet
  while (SQLFetch(s.h) == SQL_SUCCESS) {
  }
  ASSERT_ODBC_OK(SQLRowCount(s.h, &n), s.diag());
  EXPECT_EQ(n, 100000);
}

INSTANTIATE_TEST_SUITE_P(Servers, ManualCommitTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
