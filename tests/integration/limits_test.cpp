// Bad and extreme input through the driver manager: every count, size and attribute value is range-checked
// (HY024 / HY090 / 07009, the limit named in the message) instead of being accepted and hanging later, and
// the 10 MiB protocol-message limit of DSQL is enforced before sending (54000) on the emulator while plain
// PostgreSQL takes the same message. Each test here reproduces a hang or crash that existed.
#include <chrono>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

using Clock = std::chrono::steady_clock;

class LimitsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  bool dsql() const { return GetParam() == kEmuDsn; }
  Conn conn_;
};

// SQLSetStmtAttr with an integer value: the return code, and the diagnostics on failure.
SQLRETURN setAttr(Stmt& s, SQLINTEGER attr, SQLULEN value) {
  return SQLSetStmtAttr(s.h, attr, reinterpret_cast<SQLPOINTER>(value), 0);
}

TEST_P(LimitsTest, HugeRowArraySizeIsRefusedNotSpun) {
  Stmt s(conn_);
  ASSERT_EQ(setAttr(s, SQL_ATTR_ROW_ARRAY_SIZE, SQLULEN{1} << 40), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY024");
  EXPECT_NE(s.diag().find("1048576"), std::string::npos) << s.diag();  // the limit is named
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, &size, 0, nullptr), s.diag());
  EXPECT_EQ(size, 1u);  // unchanged
  // The same through the ARD field, the ODBC 2 rowset size and the parameter set size.
  SQLHDESC ard = nullptr;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_APP_ROW_DESC, &ard, 0, nullptr), s.diag());
  EXPECT_EQ(SQLSetDescField(ard, 0, SQL_DESC_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(SQLULEN{1} << 40), 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DESC, ard), "HY024");
  EXPECT_EQ(setAttr(s, SQL_ROWSET_SIZE, SQLULEN{1} << 40), SQL_ERROR);
  EXPECT_EQ(setAttr(s, SQL_ATTR_PARAMSET_SIZE, SQLULEN{1} << 40), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY024");
  // The largest accepted size fetches at once (a short result: the rest of the rowset is "no row").
  ASSERT_ODBC_OK(setAttr(s, SQL_ATTR_ROW_ARRAY_SIZE, 1048576), s.diag());
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 3) g"), s.diag());
  std::vector<SQLINTEGER> values(1048576);
  SQLULEN fetched = 0;
  ASSERT_ODBC_OK(SQLBindCol(s.h, 1, SQL_C_SLONG, values.data(), 0, nullptr), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), s.diag());
  auto started = Clock::now();
  ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(fetched, 3u);
  EXPECT_EQ(values[2], 3);
}

TEST_P(LimitsTest, EnumeratedAttributesRefuseUnknownValues) {
  Stmt s(conn_);
  const std::pair<SQLINTEGER, const char*> attrs[] = {
      {SQL_ATTR_CURSOR_TYPE, "SQL_ATTR_CURSOR_TYPE"},         {SQL_ATTR_CONCURRENCY, "SQL_ATTR_CONCURRENCY"},
      {SQL_ATTR_CURSOR_SCROLLABLE, "SQL_ATTR_CURSOR_SCROLLABLE"}, {SQL_ATTR_CURSOR_SENSITIVITY, "SQL_ATTR_CURSOR_SENSITIVITY"},
      {SQL_ATTR_NOSCAN, "SQL_ATTR_NOSCAN"},                   {SQL_ATTR_RETRIEVE_DATA, "SQL_ATTR_RETRIEVE_DATA"},
      {SQL_ATTR_METADATA_ID, "SQL_ATTR_METADATA_ID"},         {SQL_ATTR_ROW_BIND_TYPE, "SQL_ATTR_ROW_BIND_TYPE"},
      {SQL_ATTR_PARAM_BIND_TYPE, "SQL_ATTR_PARAM_BIND_TYPE"},
  };
  for (const auto& [attr, name] : attrs) {
    EXPECT_EQ(setAttr(s, attr, static_cast<SQLULEN>(-7)), SQL_ERROR) << name;
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY024") << name << " " << s.diag();
  }
  // SQL_ATTR_MAX_ROWS of "all ones" (a -1 passed by mistake) is refused, not read as a negative limit.
  EXPECT_EQ(setAttr(s, SQL_ATTR_MAX_ROWS, static_cast<SQLULEN>(-1)), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY024");
  // An enormous query timeout is lowered to the maximum with 01S02, not overflowed.
  EXPECT_EQ(setAttr(s, SQL_ATTR_QUERY_TIMEOUT, static_cast<SQLULEN>(-1)), SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "01S02");
  SQLULEN timeout = 0;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_QUERY_TIMEOUT, &timeout, 0, nullptr), s.diag());
  EXPECT_EQ(timeout, 2147483647u);
  ASSERT_ODBC_OK(setAttr(s, SQL_ATTR_QUERY_TIMEOUT, 0), s.diag());
  EXPECT_EQ(s.query("SELECT 1")[0][0], "1");
}

TEST_P(LimitsTest, ConnectionAttributesRefuseUnknownValues) {
  EXPECT_EQ(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(7), 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, conn_.h), "HY024");
  EXPECT_EQ(SQLSetConnectAttr(conn_.h, SQL_ATTR_ACCESS_MODE, reinterpret_cast<SQLPOINTER>(9), 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, conn_.h), "HY024");
  SQLUINTEGER autocommit = 0;
  ASSERT_ODBC_OK(SQLGetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, &autocommit, 0, nullptr), conn_.diag());
  EXPECT_EQ(autocommit, static_cast<SQLUINTEGER>(SQL_AUTOCOMMIT_ON));  // unchanged
}

// SQLFetchScroll with offsets at SQLLEN's limits: "no row there", not a signed overflow (UBSan) or a wrap.
TEST_P(LimitsTest, ExtremeFetchOffsetsAreNoData) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(setAttr(s, SQL_ATTR_CURSOR_TYPE, SQL_CURSOR_STATIC), s.diag());
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 5) g"), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 2), s.diag());
  const SQLLEN extremes[] = {std::numeric_limits<SQLLEN>::max(), std::numeric_limits<SQLLEN>::min(),
                             std::numeric_limits<SQLLEN>::max() - 1};
  for (SQLLEN offset : extremes) {
    EXPECT_EQ(SQLFetchScroll(s.h, SQL_FETCH_RELATIVE, offset), SQL_NO_DATA) << offset;
    ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 3), s.diag());
    EXPECT_EQ(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, offset), SQL_NO_DATA) << offset;
    ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 3), s.diag());
  }
  SQLINTEGER v = 0;
  ASSERT_ODBC_OK(SQLGetData(s.h, 1, SQL_C_SLONG, &v, 0, nullptr), s.diag());
  EXPECT_EQ(v, 3);
}

TEST_P(LimitsTest, DescriptorCountAndRecordNumbersAreBounded) {
  Stmt s(conn_);
  SQLHDESC apd = nullptr;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_APP_PARAM_DESC, &apd, 0, nullptr), s.diag());
  EXPECT_EQ(SQLSetDescField(apd, 0, SQL_DESC_COUNT, reinterpret_cast<SQLPOINTER>(static_cast<SQLLEN>(-1)), 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DESC, apd), "07009");
  SQLINTEGER v = 1;
  SQLLEN ind = 0;
  // Parameter numbers beyond a descriptor's 32,767 records: 07009 naming the limit, not a wrapped index.
  EXPECT_EQ(SQLBindParameter(s.h, 40000, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &v, 0, &ind), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "07009");
  EXPECT_NE(s.diag().find("32767"), std::string::npos) << s.diag();
  EXPECT_EQ(SQLBindCol(s.h, 40000, SQL_C_SLONG, &v, 0, &ind), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "07009");
  // A negative octet length through the descriptor functions is refused too (it strides bound arrays).
  SQLHDESC ard = nullptr;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_APP_ROW_DESC, &ard, 0, nullptr), s.diag());
  EXPECT_EQ(SQLSetDescField(ard, 1, SQL_DESC_OCTET_LENGTH, reinterpret_cast<SQLPOINTER>(static_cast<SQLLEN>(-64)), 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DESC, ard), "HY024");
  EXPECT_EQ(SQLSetDescRec(ard, 1, SQL_C_CHAR, 0, -64, 0, 0, &v, &ind, &ind), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DESC, ard), "HY024");
  // A negative buffer length is HY090.
  EXPECT_EQ(SQLBindCol(s.h, 1, SQL_C_CHAR, &v, -5, &ind), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY090");
}

// 32,767 bound parameters (the descriptor maximum) for a statement that uses one: executes promptly.
TEST_P(LimitsTest, MaximumBoundParametersDoNotSpin) {
  Stmt s(conn_);
  std::vector<SQLINTEGER> values(32767);
  std::vector<SQLLEN> ind(32767, 0);
  for (SQLUSMALLINT i = 1; i <= 32767; ++i) {
    values[i - 1] = i;
    ASSERT_ODBC_OK(SQLBindParameter(s.h, i, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &values[i - 1], 0, &ind[i - 1]),
                   s.diag());
  }
  auto started = Clock::now();
  SQLRETURN rc = s.exec("SELECT ? + 1");
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));
  ASSERT_ODBC_OK(rc, s.diag());
  EXPECT_EQ(s.rows()[0][0], "2");
  SQLFreeStmt(s.h, SQL_CLOSE);
  // ... and a statement that uses all 32,767 (the SQLSMALLINT loop over them used to wrap and spin).
  std::string sql = "SELECT count(*) FROM generate_series(1, 40000) g WHERE g IN (?";
  for (int i = 1; i < 32767; ++i) sql += ",?";
  sql += ")";
  started = Clock::now();
  rc = s.exec(sql);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(30));
  ASSERT_ODBC_OK(rc, s.diag());
  EXPECT_EQ(s.rows()[0][0], "32767");
}

// A statement with more markers than a Bind message can carry (65,535) is refused before it is sent.
TEST_P(LimitsTest, MoreThanTheProtocolsParametersIsRefused) {
  Stmt s(conn_);
  std::string sql = "SELECT 1 WHERE 1 IN (?";
  for (int i = 1; i < 65536; ++i) sql += ",?";
  sql += ")";
  ASSERT_EQ(SQLPrepare(s.h, (SQLCHAR*)sql.c_str(), SQL_NTS), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "07009");
  EXPECT_NE(s.diag().find("65535"), std::string::npos) << s.diag();
}

// A 12 MiB INSERT: DSQL drops the connection on a protocol message over 10 MiB, so on DSQL the driver
// refuses it before sending (54000, the limit named) and the connection stays usable; PostgreSQL takes it.
TEST_P(LimitsTest, MessageOverTenMibIsRefusedOnDsqlOnly) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS lim_big");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE lim_big (id int PRIMARY KEY, v text)"), s.diag());
  const std::string big(12u << 20, 'x');
  auto started = Clock::now();
  SQLRETURN rc = s.exec("INSERT INTO lim_big VALUES (1, '" + big + "')");
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(30));
  if (dsql()) {
    ASSERT_EQ(rc, SQL_ERROR);
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "54000");
    EXPECT_NE(s.diag().find("10 MiB"), std::string::npos) << s.diag();
    EXPECT_NE(s.diag().find("Aurora DSQL"), std::string::npos) << s.diag();
  } else {
    ASSERT_ODBC_OK(rc, s.diag());
  }
  // The same value as a parameter (a Bind message over the limit).
  SQLLEN ind = static_cast<SQLLEN>(big.size());
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_LONGVARCHAR, big.size(), 0,
                                  const_cast<char*>(big.data()), ind, &ind), s.diag());
  rc = s.exec("INSERT INTO lim_big VALUES (2, ?)");
  if (dsql()) {
    ASSERT_EQ(rc, SQL_ERROR);
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "54000");
  } else {
    ASSERT_ODBC_OK(rc, s.diag());
  }
  SQLFreeStmt(s.h, SQL_RESET_PARAMS);
  // The connection is still there.
  EXPECT_EQ(s.query("SELECT count(*) FROM lim_big")[0][0], dsql() ? "0" : "2");
}

// A parameter array whose third set is over the limit: that set fails with 54000 before it is sent, the
// sets before it are handled as for any failing set (their chunk is not committed), nothing hangs.
TEST_P(LimitsTest, ParameterArraySetOverTheLimitFailsAlone) {
  if (!dsql()) GTEST_SKIP() << "no message limit on PostgreSQL";
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS lim_arr");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE lim_arr (id int PRIMARY KEY, v text)"), s.diag());
  constexpr SQLULEN kSets = 4;
  const SQLLEN width = (11 << 20) + 1;
  std::vector<char> texts(kSets * static_cast<std::size_t>(width), 'y');
  std::vector<SQLLEN> ind(kSets, 3);
  ind[2] = width - 1;  // 11 MiB
  SQLINTEGER ids[kSets] = {1, 2, 3, 4};
  SQLUSMALLINT status[kSets] = {};
  ASSERT_ODBC_OK(setAttr(s, SQL_ATTR_PARAMSET_SIZE, kSets), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_PARAM_STATUS_PTR, status, 0), s.diag());
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0, nullptr), s.diag());
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_LONGVARCHAR, 0, 0, texts.data(), width, ind.data()),
                 s.diag());
  ASSERT_EQ(s.exec("INSERT INTO lim_arr VALUES (?, ?)"), SQL_ERROR);
  EXPECT_NE(s.diag().find("54000"), std::string::npos) << s.diag();
  EXPECT_EQ(status[2], SQL_PARAM_ERROR);
  Stmt q(conn_);
  EXPECT_EQ(q.query("SELECT count(*) FROM lim_arr")[0][0], "0");
}

INSTANTIATE_TEST_SUITE_P(Servers, LimitsTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
