// Cancel and timeouts through the driver manager, against servers that stop answering: the test's own
// PostgreSQL backend stopped with SIGSTOP (its postmaster still takes cancel requests), and the
// emulator's freeze fault (tests/emulator/README.md: nothing answered, cancel requests held open). Every
// call must come back within the query timeout plus the cancel grace, the connection then reported dead;
// SQLCancel must touch only its own statement, give HY008, and leave driver and driver manager agreeing.
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <string>
#include <thread>

#include "odbc_fixture.h"

using namespace dsqltest;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

long backendPid(Conn& c) {
  Stmt s(c);
  auto rows = s.query("SELECT pg_backend_pid()");
  if (rows.empty() || !rows[0][0]) return 0;
  return std::stol(*rows[0][0]);
}

// Stops the test connection's own backend for the guard's lifetime (never anything else).
struct FrozenBackend {
  pid_t pid;
  explicit FrozenBackend(long p) : pid(static_cast<pid_t>(p)) { EXPECT_EQ(::kill(pid, SIGSTOP), 0); }
  ~FrozenBackend() { ::kill(pid, SIGCONT); }
};

void setTimeout(Stmt& s, SQLULEN seconds) {
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_QUERY_TIMEOUT, reinterpret_cast<SQLPOINTER>(seconds), 0), s.diag());
}

SQLUINTEGER connectionDead(Conn& c) {
  SQLUINTEGER dead = 42;
  EXPECT_ODBC_OK(SQLGetConnectAttr(c.h, SQL_ATTR_CONNECTION_DEAD, &dead, 0, nullptr), c.diag());
  return dead;
}

SQLRETURN execDirect(Stmt& s, const std::string& sql) {
  return SQLExecDirect(s.h, (SQLCHAR*)sql.c_str(), SQL_NTS);
}

// After the driver gave up on a session: dead, later statements 08S01 (no quiet reconnect), and a new
// connect on the same handle works.
void expectAbandoned(Conn& c, const std::string& dsn) {
  EXPECT_EQ(connectionDead(c), static_cast<SQLUINTEGER>(SQL_CD_TRUE));
  Stmt again(c);
  EXPECT_EQ(execDirect(again, "SELECT 1"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, again.h), "08S01") << again.diag();
  SQLFreeHandle(SQL_HANDLE_STMT, again.h);
  again.h = SQL_NULL_HSTMT;
  auto t = Clock::now();
  EXPECT_ODBC_OK(SQLDisconnect(c.h), c.diag());
  EXPECT_LT(secondsSince(t), 2.0);
  c.open = false;
  ASSERT_ODBC_OK(c.connectDsn(dsn), c.diag());
  Stmt s(c);
  EXPECT_EQ(s.query("SELECT 'back'").size(), 1u);
}

}  // namespace

TEST(CancellationTest, TimeoutBoundsAFrozenBackend) {
  Conn c;
  connectOrFail(c, kPgDsn);
  long pid = backendPid(c);
  ASSERT_GT(pid, 0);
  Stmt s(c);
  setTimeout(s, 2);
  auto start = Clock::now();
  {
    FrozenBackend frozen(pid);
    EXPECT_EQ(execDirect(s, "SELECT 1"), SQL_ERROR);
  }
  double took = secondsSince(start);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HYT00") << s.diag();
  EXPECT_NE(s.diag().find("SQL_ATTR_QUERY_TIMEOUT"), std::string::npos) << s.diag();
  // 2 s timeout + 2 s grace after the cancel; never the 12 s (or forever) of a server that resumes late.
  EXPECT_GE(took, 1.9);
  EXPECT_LT(took, 7.0);
  expectAbandoned(c, kPgDsn);
}

TEST(CancellationTest, TimeoutBoundsAFetchWhenTheServerStopsMidStream) {
  Conn c;
  connectOrFail(c, kPgDsn);
  long pid = backendPid(c);
  Stmt s(c);
  setTimeout(s, 2);
  // ~200 MB of rows: far more than socket buffers hold, so the stream is still arriving when it stops.
  ASSERT_ODBC_OK(execDirect(s, "SELECT g, repeat('x', 2000) FROM generate_series(1, 100000) g"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  auto start = Clock::now();
  SQLRETURN rc = SQL_SUCCESS;
  long fetched = 1;
  {
    FrozenBackend frozen(pid);
    while ((rc = SQLFetch(s.h)) == SQL_SUCCESS && secondsSince(start) < 60) ++fetched;
  }
  EXPECT_EQ(rc, SQL_ERROR) << "after " << fetched << " rows";
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HYT00") << s.diag();
  EXPECT_LT(fetched, 100000);
  EXPECT_LT(secondsSince(start), 15.0);
  SQLFreeStmt(s.h, SQL_CLOSE);
  expectAbandoned(c, kPgDsn);
}

TEST(CancellationTest, DisconnectDoesNotWaitForAStreamFromASilentServer) {
  Conn c;
  connectOrFail(c, kPgDsn);
  long pid = backendPid(c);
  Stmt s(c);  // no query timeout: nothing else bounds this
  ASSERT_ODBC_OK(execDirect(s, "SELECT g, repeat('x', 2000) FROM generate_series(1, 100000) g"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  FrozenBackend frozen(pid);
  auto start = Clock::now();
  EXPECT_ODBC_OK(SQLDisconnect(c.h), c.diag());
  EXPECT_LT(secondsSince(start), 2.0);
  c.open = false;
  s.h = SQL_NULL_HSTMT;  // unixODBC freed it with the connection
}

TEST(CancellationTest, SameThreadCancelClosesTheCursorForDriverAndDriverManager) {
  Conn c;
  connectOrFail(c, kPgDsn);
  Stmt s(c);
  ASSERT_ODBC_OK(execDirect(s, "SELECT g FROM generate_series(1, 5000) g"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS);
  EXPECT_EQ(SQLCancel(s.h), SQL_SUCCESS) << s.diag();
  // unixODBC now holds the statement as closed (as after SQLFreeStmt(SQL_CLOSE)): the driver must agree,
  // so a new statement runs at once instead of failing with 24000.
  ASSERT_ODBC_OK(execDirect(s, "SELECT 'next'"), s.diag());
  auto rows = s.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][0], "next");
  SQLFreeStmt(s.h, SQL_CLOSE);
  // A prepared statement stays prepared: it can run again after the cancel closed its cursor.
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"SELECT 7", SQL_NTS), s.diag());
  ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  EXPECT_EQ(SQLCancel(s.h), SQL_SUCCESS) << s.diag();
  ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  rows = s.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][0], "7");
}

TEST(CancellationTest, CancelOfAnIdleStatementLeavesTheRunningOneAlone) {
  Conn c;
  connectOrFail(c, kPgDsn);
  Stmt a(c), b(c);
  SQLRETURN rcA = SQL_ERROR;
  std::string diagA;
  auto start = Clock::now();
  std::thread runner([&] {
    rcA = execDirect(a, "SELECT pg_sleep(2)");
    diagA = a.diag();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto t = Clock::now();
  EXPECT_EQ(SQLCancel(b.h), SQL_SUCCESS);
  EXPECT_LT(secondsSince(t), 0.5);  // it does not wait for a's call to finish
  runner.join();
  EXPECT_TRUE(SQL_SUCCEEDED(rcA)) << diagA;  // a ran to its end: b's cancel was not sent for it
  EXPECT_GE(secondsSince(start), 1.9);
}

TEST(CancellationTest, CancelledStatementReportsHY008WithTheServerMessage) {
  Conn c;
  connectOrFail(c, kPgDsn);
  Stmt a(c);
  SQLRETURN rc = SQL_SUCCESS;
  auto start = Clock::now();
  std::thread runner([&] { rc = execDirect(a, "SELECT pg_sleep(30)"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_EQ(SQLCancel(a.h), SQL_SUCCESS);
  runner.join();
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, a.h), "HY008") << a.diag();
  EXPECT_NE(a.diag().find("canceling statement"), std::string::npos) << a.diag();
  EXPECT_LT(secondsSince(start), 5.0);
  EXPECT_EQ(connectionDead(c), static_cast<SQLUINTEGER>(SQL_CD_FALSE));  // the server answered: still usable
  EXPECT_EQ(a.query("SELECT 'usable'").size(), 1u);
}

class CancellationEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!emulatorAvailable() || emulatorControlUrl().empty()) GTEST_SKIP() << "emulator not started";
    connectOrFail(c_, kEmuDsn);
    pid_ = backendPid(c_);
    ASSERT_GT(pid_, 0);
  }
  void freeze() { emulatorPost("/inject/freeze", "{\"backend_pid\":" + std::to_string(pid_) + "}"); }
  Conn c_;
  long pid_ = 0;
};

TEST_F(CancellationEmulatorTest, TimeoutBoundsASilentServerThatHoldsTheCancelToo) {
  Stmt s(c_);
  setTimeout(s, 2);
  freeze();
  auto start = Clock::now();
  EXPECT_EQ(execDirect(s, "SELECT 1"), SQL_ERROR);
  double took = secondsSince(start);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HYT00") << s.diag();
  EXPECT_GE(took, 1.9);
  EXPECT_LT(took, 8.0);
  expectAbandoned(c_, kEmuDsn);
}

TEST_F(CancellationEmulatorTest, SqlCancelReturnsPromptlyWhenTheServerIsSilent) {
  Stmt s(c_);
  freeze();
  SQLRETURN rc = SQL_SUCCESS;
  std::thread runner([&] { rc = execDirect(s, "SELECT 1"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto t = Clock::now();
  EXPECT_EQ(SQLCancel(s.h), SQL_SUCCESS);
  EXPECT_LT(secondsSince(t), 1.5);  // the emulator never answers the cancel request
  runner.join();
  double took = secondsSince(t);
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY008") << s.diag();
  EXPECT_LT(took, 6.0);  // the call gives up a grace after the cancel
  expectAbandoned(c_, kEmuDsn);
}

TEST_F(CancellationEmulatorTest, HugeInsertIsRefusedBeforeAnyWait) {
  // Over DSQL's 10 MiB message limit: the emulator, as DSQL, would drop the connection; the driver knows
  // the limit and refuses at once, so there is nothing to wait for and the connection stays usable.
  Stmt s(c_);
  execDirect(s, "DROP TABLE IF EXISTS cancel_big");
  ASSERT_ODBC_OK(execDirect(s, "CREATE TABLE cancel_big (v text)"), s.diag());
  setTimeout(s, 2);
  std::string sql = "INSERT INTO cancel_big VALUES ('" + std::string(12u << 20, 'x') + "')";
  auto start = Clock::now();
  EXPECT_EQ(execDirect(s, sql), SQL_ERROR);
  EXPECT_LT(secondsSince(start), 2.0);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "54000") << s.diag();
  EXPECT_NE(connectionDead(c_), SQL_CD_TRUE);
  Stmt t(c_);
  EXPECT_EQ(t.query("SELECT count(*) FROM cancel_big")[0][0], "0");
}
