// What ODBC clients' own test suites (psqlODBC's regression programs, pyodbc's, Perl DBI's) do and Debian's
// psqlODBC lets them do, through the driver manager: VACUUM and the other statements PostgreSQL runs only
// outside a transaction block work in manual-commit mode; COPY … FROM STDIN / TO STDOUT is refused with
// 0A000 at once (never a hang) and leaves the connection usable; SQLDisconnect in manual-commit mode ends
// a transaction that has only read, and still refuses (25000) one that changed something; SQLFetch after a
// statement without a result set answers SQL_NO_DATA; ODBC 1.0's SQLSetParam binds an input parameter;
// psqlODBC's Protocol=7.4-N key chooses the ErrorRollback mode.
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

// The emulator relays COPY FROM STDIN only for the simple query protocol (tests/emulator/dsqlemu/session.py);
// an extended-protocol COPY ended with CopyFail + Sync, as libpq ends it, stalls there.
constexpr const char* kEmulatorCopy = "the emulator relays COPY only for the simple query protocol";

class ClientConventionsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS cc_t");
    ASSERT_ODBC_OK(s.exec("CREATE TABLE cc_t (id int PRIMARY KEY, t varchar(20))"), s.diag());
    ASSERT_ODBC_OK(s.exec("INSERT INTO cc_t VALUES (1, 'one'), (2, 'two')"), s.diag());
  }
  bool dsql() const { return GetParam() == kEmuDsn; }
  void manualCommit() {
    ASSERT_TRUE(SQL_SUCCEEDED(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0)));
  }
  SQLRETURN prepareExecute(Stmt& s, const std::string& sql) {
    SQLRETURN rc = SQLPrepare(s.h, (SQLCHAR*)sql.c_str(), SQL_NTS);
    return SQL_SUCCEEDED(rc) ? SQLExecute(s.h) : rc;
  }
  // COPY in both directions, both ways of executing: each refused with 0A000, the session still usable.
  void expectCopyRefused() {
    Stmt s(conn_);
    EXPECT_EQ(s.exec("COPY cc_t FROM STDIN"), SQL_ERROR);
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "0A000") << s.diag();
    EXPECT_NE(s.diag().find("COPY FROM STDIN is not supported"), std::string::npos) << s.diag();
    SQLFreeStmt(s.h, SQL_CLOSE);
    EXPECT_EQ(s.exec("COPY cc_t TO STDOUT"), SQL_ERROR);
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "0A000") << s.diag();
    SQLFreeStmt(s.h, SQL_CLOSE);
    EXPECT_EQ(prepareExecute(s, "COPY cc_t (id, t) FROM STDIN"), SQL_ERROR);
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "0A000") << s.diag();
    SQLFreeStmt(s.h, SQL_CLOSE);
    auto rows = s.query("SELECT count(*) FROM cc_t");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].value_or(""), "2");
  }
  Conn conn_;
};

TEST_P(ClientConventionsTest, VacuumRunsWithAutocommitOff) {
  if (dsql()) GTEST_SKIP() << "DSQL has no VACUUM (the shim answers it; see ShimTest)";
  manualCommit();
  Stmt s(conn_);
  EXPECT_ODBC_OK(s.exec("vacuum (analyze) cc_t"), s.diag());
  SQLFreeStmt(s.h, SQL_CLOSE);
  EXPECT_ODBC_OK(prepareExecute(s, "VACUUM ANALYZE cc_t"), s.diag());
  SQLFreeStmt(s.h, SQL_CLOSE);
  // The driver opens no transaction for it, so none is left open: SQLDisconnect has nothing to refuse.
  // Inside a transaction the application opened, the server's refusal is the answer (nothing is committed
  // behind the application's back).
  auto rows = s.query("SELECT id FROM cc_t WHERE id = 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(s.exec("VACUUM cc_t"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "25001") << s.diag();
  EXPECT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK)));
}

TEST_P(ClientConventionsTest, CopyStdinStdoutIsRefusedWithAutocommitOn) {
  if (dsql()) GTEST_SKIP() << kEmulatorCopy;
  expectCopyRefused();
}

TEST_P(ClientConventionsTest, CopyStdinStdoutIsRefusedWithAutocommitOff) {
  if (dsql()) GTEST_SKIP() << kEmulatorCopy;
  manualCommit();
  expectCopyRefused();
  EXPECT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK)));
}

TEST_P(ClientConventionsTest, DisconnectEndsATransactionThatOnlyRead) {
  manualCommit();
  {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec("INSERT INTO cc_t VALUES (10, 'rolled back')"), s.diag());
    ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK)));
    auto rows = s.query("SELECT id FROM cc_t WHERE id = 10");  // opens the driver's implicit transaction
    EXPECT_TRUE(rows.empty());
  }
  EXPECT_ODBC_OK(SQLDisconnect(conn_.h), conn_.diag());
  conn_.open = false;
}

TEST_P(ClientConventionsTest, DisconnectStillRefusesATransactionThatChangedSomething) {
  manualCommit();
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("INSERT INTO cc_t VALUES (11, 'pending')"), s.diag());
  EXPECT_EQ(SQLDisconnect(conn_.h), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, conn_.h), "25000") << conn_.diag();
  ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK)));
  auto rows = s.query("SELECT id FROM cc_t WHERE id = 11");
  EXPECT_TRUE(rows.empty());
}

TEST_P(ClientConventionsTest, FetchAfterAStatementWithoutAResultSetIsNoData) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("UPDATE cc_t SET t = 'uno' WHERE id = 1"), s.diag());
  EXPECT_EQ(SQLFetch(s.h), SQL_NO_DATA) << s.diag();
  SQLFreeStmt(s.h, SQL_CLOSE);
  auto rows = s.query("SELECT t FROM cc_t WHERE id = 1");  // the statement is as usable as before
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value_or(""), "uno");
}

// ODBC 1.0's SQLSetParam, which unixODBC passes on as SQLBindParameter(…, SQL_PARAM_INPUT_OUTPUT, …,
// SQL_SETPARAM_VALUE_MAX, …): an input parameter (psqlODBC's deprecated-functions program binds this way).
TEST_P(ClientConventionsTest, SetParamBindsAnInputParameter) {
  Stmt s(conn_);
  SQLSMALLINT number = 100;
  ASSERT_ODBC_OK(SQLSetParam(s.h, 1, SQL_C_SHORT, SQL_SMALLINT, 0, 0, &number, nullptr), s.diag());
  auto rows = s.query("SELECT ?::int + 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value_or(""), "101");
  SQLFreeStmt(s.h, SQL_CLOSE);
  char text[] = "abc";
  ASSERT_ODBC_OK(SQLSetParam(s.h, 1, SQL_C_CHAR, SQL_VARCHAR, 20, 0, text, nullptr), s.diag());
  rows = s.query("SELECT CAST(? AS varchar(20)) || 'x'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value_or(""), "abcx");
}

// psqlODBC's Protocol=7.4-N: N is its rollback-on-error mode, read as ErrorRollback (0 none, 1 transaction,
// 2 statement; statement-level rollback needs savepoints, which DSQL lacks).
TEST_P(ClientConventionsTest, PsqlOdbcProtocolKeyChoosesTheErrorRollbackMode) {
  struct Case {
    const char* protocol;
    const char* ids;  // after INSERT 10, a failing INSERT, INSERT 20 and COMMIT; "" when INSERT 20 is refused
  };
  const Case cases[] = {{"7.4-1", "1,2,20"}, {"7.4-2", dsql() ? "" : "1,2,10,20"}, {"7.4-0", ""}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.protocol);
    Conn other;
    ASSERT_ODBC_OK(other.driverConnect("DSN=" + GetParam() + ";Protocol=" + c.protocol), other.diag());
    ASSERT_TRUE(SQL_SUCCEEDED(SQLSetConnectAttr(other.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0)));
    {
      Stmt s(other);
      ASSERT_ODBC_OK(s.exec("INSERT INTO cc_t VALUES (10, 'ten')"), s.diag());
      EXPECT_EQ(s.exec("INSERT INTO cc_t VALUES (1, 'duplicate')"), SQL_ERROR);
      SQLRETURN rc = s.exec("INSERT INTO cc_t VALUES (20, 'twenty')");
      EXPECT_EQ(SQL_SUCCEEDED(rc), *c.ids != '\0') << s.diag();
      if (!SQL_SUCCEEDED(rc)) {
        EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "25P02") << s.diag();
      }
      SQLEndTran(SQL_HANDLE_DBC, other.h, SQL_SUCCEEDED(rc) ? SQL_COMMIT : SQL_ROLLBACK);
    }
    Stmt q(conn_);
    std::string ids;
    for (auto& r : q.query("SELECT id FROM cc_t ORDER BY id")) ids += (ids.empty() ? "" : ",") + r[0].value_or("");
    if (*c.ids) {
      EXPECT_EQ(ids, c.ids);
    }
    ASSERT_ODBC_OK(q.exec("DELETE FROM cc_t WHERE id >= 10"), q.diag());
  }
}

INSTANTIATE_TEST_SUITE_P(Servers, ClientConventionsTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
