// Parameter arrays of a plain `INSERT … VALUES (?, …)` are sent as multi-row VALUES executions (the fast
// path, shim/sql/values_rows.h) only where nothing can tell the difference from one execution per set:
// the values arrive exactly, a failing set is still named exactly (the chunk is undone and run again set
// by set), and a table whose triggers or foreign key to itself could observe the rows one at a time keeps
// getting them one at a time. The driver's info log says which path an array took.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class MultiRowArrayTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    log_ = ::testing::TempDir() + "multi_row_" + std::to_string(::getpid()) + ".log";
    std::remove(log_.c_str());
    std::string out;
    ASSERT_ODBC_OK(conn_.driverConnect("DSN=" + GetParam() + ";LogLevel=info;LogFile=" + log_, &out), conn_.diag());
  }
  void TearDown() override { std::remove(log_.c_str()); }
  bool dsql() const { return GetParam() == kEmuDsn; }
  void run(const std::string& sql) {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec(sql), s.diag());
  }
  std::string log() const {
    std::ifstream in(log_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Binds `ids` and `parents` (0 = NULL) as an array of ids.size() sets.
  void bindIds(Stmt& s, std::vector<SQLINTEGER>& ids, std::vector<SQLINTEGER>& parents) {
    parentInd_.assign(ids.size(), 0);
    for (std::size_t i = 0; i < ids.size(); ++i) parentInd_[i] = parents[i] ? 0 : SQL_NULL_DATA;
    status_.assign(ids.size(), 0xFFFF);
    SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(ids.size()), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_PARAM_STATUS_PTR, status_.data(), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed_, 0);
    SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids.data(), 0, nullptr);
    SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, parents.data(), 0, parentInd_.data());
  }
  Conn conn_;
  std::string log_;
  std::vector<SQLLEN> parentInd_;
  std::vector<SQLUSMALLINT> status_;
  SQLULEN processed_ = 0;
};

TEST_P(MultiRowArrayTest, ValuesArriveExactlyThroughMultiRowExecutions) {
  run("DROP TABLE IF EXISTS mr_values");
  run("CREATE TABLE mr_values (id int PRIMARY KEY, n numeric(12,2), t varchar(40), d int DEFAULT 7)");
  const std::size_t n = 2500;
  std::vector<SQLINTEGER> ids(n);
  std::vector<double> nums(n);
  std::vector<char> texts(n * 41, '\0');
  std::vector<SQLLEN> numInd(n, 0), textInd(n, SQL_NTS);
  for (std::size_t i = 0; i < n; ++i) {
    ids[i] = static_cast<SQLINTEGER>(i + 1);
    nums[i] = -static_cast<double>(i) / 4;
    if (i % 7 == 3) numInd[i] = SQL_NULL_DATA;
    std::string t = i % 5 == 0 ? "it's $1, \"quoted\" " + std::to_string(i) : "row " + std::to_string(i);
    std::snprintf(&texts[i * 41], 41, "%s", t.c_str());
  }
  Stmt s(conn_);
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(n), 0);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids.data(), 0, nullptr);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, nums.data(), 0, numInd.data());
  SQLBindParameter(s.h, 3, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 40, 0, texts.data(), 41, textInd.data());
  ASSERT_ODBC_OK(s.exec("INSERT INTO mr_values (id, n, t, d) VALUES (?, ?::numeric(12,2), ?, DEFAULT)"), s.diag());
  SQLLEN affected = 0;
  SQLRowCount(s.h, &affected);
  EXPECT_EQ(affected, static_cast<SQLLEN>(n));
  Stmt q(conn_);
  auto rows = q.query("SELECT id, n, t, d FROM mr_values ORDER BY id");
  ASSERT_EQ(rows.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(rows[i][0], std::to_string(i + 1));
    if (i % 7 == 3) ASSERT_FALSE(rows[i][1]) << i;
    else ASSERT_EQ(std::stod(*rows[i][1]), -static_cast<double>(i) / 4) << i;
    ASSERT_EQ(rows[i][2], std::string(&texts[i * 41])) << i;
    ASSERT_EQ(rows[i][3], "7");
  }
  EXPECT_NE(log().find("as multi-row VALUES"), std::string::npos) << log();
}

TEST_P(MultiRowArrayTest, FailingSetInsideAMultiRowExecutionIsNamedExactly) {
  run("DROP TABLE IF EXISTS mr_dup");
  run("CREATE TABLE mr_dup (id int PRIMARY KEY, parent int)");
  std::vector<SQLINTEGER> ids(2000), parents(2000, 0);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<SQLINTEGER>(i + 1);
  ids[1499] = 17;  // set 1,500 repeats set 17's key, in the middle of a multi-row execution
  Stmt s(conn_);
  bindIds(s, ids, parents);
  EXPECT_EQ(s.exec("INSERT INTO mr_dup VALUES (?, ?)"), SQL_ERROR);
  EXPECT_NE(s.diag().find("23505"), std::string::npos) << s.diag();
  EXPECT_EQ(processed_, 1500u);
  for (std::size_t i = 0; i < ids.size(); ++i)
    ASSERT_EQ(status_[i], i == 1499 ? SQL_PARAM_ERROR : SQL_PARAM_UNUSED) << "set " << i + 1;
  Stmt q(conn_);
  EXPECT_EQ(q.query("SELECT count(*) FROM mr_dup")[0][0], "0");
  EXPECT_NE(log().find("chunk run again set by set"), std::string::npos) << log();
}

TEST_P(MultiRowArrayTest, ForeignKeyToItselfKeepsOneSetPerExecution) {
  // Set 2 names set 3 as its parent before set 3 exists: one set at a time that is an error at set 2,
  // although one multi-row statement would accept all three.
  run("DROP TABLE IF EXISTS mr_tree");
  run("CREATE TABLE mr_tree (id int PRIMARY KEY, parent int REFERENCES mr_tree (id))");
  std::vector<SQLINTEGER> ids = {1, 2, 3, 4, 5, 6}, parents = {0, 3, 1, 1, 1, 1};
  Stmt s(conn_);
  bindIds(s, ids, parents);
  EXPECT_EQ(s.exec("INSERT INTO mr_tree VALUES (?, ?)"), SQL_ERROR);
  EXPECT_NE(s.diag().find("23503"), std::string::npos) << s.diag();
  EXPECT_EQ(status_[1], SQL_PARAM_ERROR);
  EXPECT_EQ(log().find("as multi-row VALUES"), std::string::npos) << log();
}

TEST_P(MultiRowArrayTest, StatementTriggerFiresOncePerSet) {
  if (dsql()) GTEST_SKIP() << "DSQL has no triggers";
  run("DROP TABLE IF EXISTS mr_trig");
  run("DROP TABLE IF EXISTS mr_trig_count");
  run("CREATE TABLE mr_trig (id int PRIMARY KEY, parent int)");
  run("CREATE TABLE mr_trig_count (n int)");
  run("INSERT INTO mr_trig_count VALUES (0)");
  run("CREATE OR REPLACE FUNCTION mr_trig_bump() RETURNS trigger LANGUAGE plpgsql AS "
      "$$BEGIN UPDATE mr_trig_count SET n = n + 1; RETURN NULL; END$$");
  run("CREATE TRIGGER mr_trig_each AFTER INSERT ON mr_trig FOR EACH STATEMENT EXECUTE FUNCTION mr_trig_bump()");
  std::vector<SQLINTEGER> ids(50), parents(50, 0);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<SQLINTEGER>(i + 1);
  Stmt s(conn_);
  bindIds(s, ids, parents);
  ASSERT_ODBC_OK(s.exec("INSERT INTO mr_trig VALUES (?, ?)"), s.diag());
  Stmt q(conn_);
  EXPECT_EQ(q.query("SELECT n FROM mr_trig_count")[0][0], "50");
}

TEST_P(MultiRowArrayTest, ManualCommitFailureLeavesTheTransactionAsOneSetPerExecutionWould) {
  if (dsql()) GTEST_SKIP() << "DSQL arrays in the application's transaction go one set per execution";
  run("DROP TABLE IF EXISTS mr_txn");
  run("CREATE TABLE mr_txn (id int PRIMARY KEY, parent int)");
  ASSERT_TRUE(SQL_SUCCEEDED(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0)));
  run("INSERT INTO mr_txn VALUES (-1, NULL)");
  std::vector<SQLINTEGER> ids(1200), parents(1200, 0);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<SQLINTEGER>(i + 1);
  ids[1100] = -1;
  Stmt s(conn_);
  bindIds(s, ids, parents);
  EXPECT_EQ(s.exec("INSERT INTO mr_txn VALUES (?, ?)"), SQL_ERROR);
  EXPECT_EQ(status_[1100], SQL_PARAM_ERROR);
  ids[1100] = 5000;  // statement-level rollback (the PostgreSQL default): the transaction goes on
  ASSERT_ODBC_OK(s.exec("INSERT INTO mr_txn VALUES (?, ?)"), s.diag());
  ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT)));
  Stmt q(conn_);
  EXPECT_EQ(q.query("SELECT count(*) FROM mr_txn")[0][0], "1201");
}

INSTANTIATE_TEST_SUITE_P(Servers, MultiRowArrayTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
