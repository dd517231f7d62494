// Diagnostics an application can act on, through the driver manager against the emulator: a conflict the
// driver did not retry arrives as 40001 with the server's message, the documented native code (OC000 /
// OC001) and SQL_DIAG_DSQL_RETRYABLE = 1; a constraint violation has the field 0; in autocommit the
// driver retries conflicts itself (ConflictRetries), and in manual-commit mode it never replays but
// leaves the connection clean for the application's own retry.
#include "include/dsqlodbc.h"
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

void inject(const std::string& path, const std::string& body) { emulatorPost(path, body); }

struct Record {
  std::string state;
  SQLINTEGER native = 0;
  SQLINTEGER retryable = -1;
  std::string message;
};

Record firstRecord(SQLHSTMT h) {
  Record r;
  SQLCHAR state[6] = {}, msg[1024] = {};
  SQLSMALLINT len = 0;
  if (SQLGetDiagRec(SQL_HANDLE_STMT, h, 1, state, &r.native, msg, sizeof msg, &len) != SQL_SUCCESS) return r;
  r.state = reinterpret_cast<char*>(state);
  r.message = reinterpret_cast<char*>(msg);
  SQLGetDiagField(SQL_HANDLE_STMT, h, 1, SQL_DIAG_DSQL_RETRYABLE, &r.retryable, SQL_IS_INTEGER, nullptr);
  return r;
}

class ResilienceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!emulatorAvailable() || emulatorControlUrl().empty()) GTEST_SKIP() << "emulator not started";
  }
  void open(const std::string& extra) {
    ASSERT_TRUE(SQL_SUCCEEDED(conn_.driverConnect("DSN=" + std::string(kEmuDsn) + ";" + extra))) << conn_.diag();
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS res_t");
    ASSERT_ODBC_OK(s.exec("CREATE TABLE res_t (id int PRIMARY KEY, n int)"), s.diag());
    ASSERT_ODBC_OK(s.exec("INSERT INTO res_t VALUES (1, 0)"), s.diag());
  }
  Conn conn_;
};

TEST_F(ResilienceTest, ConflictNotRetriedCarriesNativeCodeAndRetryableField) {
  open("ConflictRetries=0");
  inject("/inject/statement-conflict", R"({"table":"res_t","count":1,"code":"OC000"})");
  Stmt s(conn_);
  EXPECT_EQ(s.exec("UPDATE res_t SET n = n + 1 WHERE id = 1"), SQL_ERROR);
  Record r = firstRecord(s.h);
  EXPECT_EQ(r.state, "40001");
  EXPECT_EQ(r.native, DSQL_NATIVE_OC000);
  EXPECT_EQ(r.retryable, 1);
  EXPECT_NE(r.message.find("OC000"), std::string::npos) << r.message;

  inject("/inject/statement-conflict", R"({"table":"res_t","count":1,"code":"OC001"})");
  EXPECT_EQ(s.exec("UPDATE res_t SET n = n + 1 WHERE id = 1"), SQL_ERROR);
  r = firstRecord(s.h);
  EXPECT_EQ(r.native, DSQL_NATIVE_OC001);
  EXPECT_EQ(r.retryable, 1);

  EXPECT_EQ(s.exec("INSERT INTO res_t VALUES (1, 0)"), SQL_ERROR);
  r = firstRecord(s.h);
  EXPECT_EQ(r.state, "23505");
  EXPECT_EQ(r.native, 0);
  EXPECT_EQ(r.retryable, 0);
}

TEST_F(ResilienceTest, AutocommitConflictsAreRetriedByTheDriver) {
  open("");  // the default: 5 retries
  inject("/inject/statement-conflict", R"({"table":"res_t","count":2,"code":"OC000"})");
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("UPDATE res_t SET n = n + 1 WHERE id = 1"), s.diag());
  EXPECT_EQ(s.query("SELECT n FROM res_t WHERE id = 1")[0][0], "1");
  inject("/inject/statement-conflict", R"({"table":"res_t","count":6,"code":"OC000"})");
  EXPECT_EQ(s.exec("UPDATE res_t SET n = n + 1 WHERE id = 1"), SQL_ERROR);  // 1 try + 5 retries, all refused
  EXPECT_EQ(firstRecord(s.h).state, "40001");
  EXPECT_NE(s.diag().find("run 6 times"), std::string::npos) << s.diag();
  EXPECT_EQ(s.query("SELECT n FROM res_t WHERE id = 1")[0][0], "1");
}

TEST_F(ResilienceTest, ManualCommitConflictIsReportedAndRolledBackNeverReplayed) {
  open("");
  ASSERT_TRUE(SQL_SUCCEEDED(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0)));
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("INSERT INTO res_t VALUES (2, 0)"), s.diag());
  inject("/inject/commit-conflict", R"({"count":1,"code":"OC000"})");
  EXPECT_EQ(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT), SQL_ERROR);
  EXPECT_NE(conn_.diag().find("40001"), std::string::npos) << conn_.diag();
  // The application's retry: the whole transaction again, on a clean connection.
  ASSERT_ODBC_OK(s.exec("INSERT INTO res_t VALUES (2, 0)"), s.diag());
  ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT))) << conn_.diag();
  EXPECT_EQ(s.query("SELECT count(*) FROM res_t WHERE id = 2")[0][0], "1");
  ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT)));

  // A conflict at a statement inside the transaction: reported, rolled back, not replayed.
  ASSERT_ODBC_OK(s.exec("UPDATE res_t SET n = 5 WHERE id = 2"), s.diag());
  inject("/inject/statement-conflict", R"({"table":"res_t","count":1,"code":"OC000"})");
  EXPECT_EQ(s.exec("UPDATE res_t SET n = 6 WHERE id = 1"), SQL_ERROR);
  EXPECT_EQ(firstRecord(s.h).state, "40001");
  EXPECT_NE(s.diag().find("rolled the transaction back"), std::string::npos) << s.diag();
  ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK)));
  EXPECT_EQ(s.query("SELECT n FROM res_t WHERE id = 2")[0][0], "0");
  ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT)));
}

}  // namespace

namespace {

TEST_F(ResilienceTest, ArrayChunkMeetingAConflictIsRunAgainWhole) {
  open("ArrayChunkRows=4");
  inject("/inject/statement-conflict", R"({"table":"res_t","count":2,"code":"OC000"})");
  Stmt s(conn_);
  SQLINTEGER ids[10];
  for (int i = 0; i < 10; ++i) ids[i] = 100 + i;
  SQLUSMALLINT status[10];
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(10), 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0, nullptr);
  ASSERT_ODBC_OK(s.exec("INSERT INTO res_t VALUES (?, 0)"), s.diag());
  for (auto st : status) EXPECT_EQ(st, SQL_PARAM_SUCCESS);
  Stmt q(conn_);
  EXPECT_EQ(q.query("SELECT count(*), count(DISTINCT id) FROM res_t WHERE id >= 100")[0],
            (std::vector<std::optional<std::string>>{"10", "10"}));
}

}  // namespace
