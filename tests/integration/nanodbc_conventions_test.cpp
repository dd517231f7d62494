// What the nanodbc C++ library does with a driver, and Debian's psqlODBC lets it do, through the driver
// manager. nanodbc picks each result column's C type from the SQL type SQLDescribeCol reports and binds a
// buffer of (column size + 1) characters for character data, so a timetz column must be described as
// character data (ODBC has no time type with an offset; as SQL_TYPE_TIME it would be fetched into a
// SQL_TIME_STRUCT, losing offset and fraction). It binds parameters exactly as SQLDescribeParam describes
// them (type, size and decimal digits), puts the column size in the length/indicator of fixed-size values,
// binds NULLs as SQL_C_CHAR with no buffer at all, and binds a lone C string with no length/indicator
// pointer (meaning null-terminated).
#include <cstring>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class NanodbcConventionsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS nc_t");
    ASSERT_ODBC_OK(s.exec("CREATE TABLE nc_t (i int, s varchar(60), f float)"), s.diag());
  }
  // What SQLDescribeParam says of parameter `n` of the prepared statement.
  struct Described {
    SQLSMALLINT type = 0, digits = 0;
    SQLULEN size = 0;
  };
  static Described describe(Stmt& s, SQLUSMALLINT n) {
    Described d;
    SQLSMALLINT nullable = 0;
    EXPECT_ODBC_OK(SQLDescribeParam(s.h, n, &d.type, &d.size, &d.digits, &nullable), s.diag());
    return d;
  }
  Conn conn_;
};

// A timetz column is described as character data with room for its text, so a client that binds by the
// described type keeps "13:45:12.345-08"; a time column stays SQL_TYPE_TIME.
TEST_P(NanodbcConventionsTest, TimetzIsDescribedAsCharacterData) {
  if (GetParam() == kEmuDsn) GTEST_SKIP() << "DSQL has no timetz";
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS nc_tz");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE nc_tz (t time with time zone, u time without time zone)"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO nc_tz VALUES ('13:45:12.345-08:00', '13:45:12.345')"), s.diag());
  ASSERT_ODBC_OK(s.exec("SELECT t, u FROM nc_tz"), s.diag());
  SQLCHAR name[64];
  SQLSMALLINT nameLen = 0, type = 0, digits = 0, nullable = 0;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeCol(s.h, 1, name, sizeof name, &nameLen, &type, &size, &digits, &nullable), s.diag());
  EXPECT_TRUE(type == SQL_VARCHAR || type == SQL_WVARCHAR) << "timetz described as SQL type " << type;
  ASSERT_GE(size, std::strlen("13:45:12.123456+05:30"));
  SQLSMALLINT timeType = 0;
  SQLULEN timeSize = 0;
  ASSERT_ODBC_OK(SQLDescribeCol(s.h, 2, name, sizeof name, &nameLen, &timeType, &timeSize, &digits, &nullable),
                 s.diag());
  EXPECT_EQ(timeType, SQL_TYPE_TIME);
  // nanodbc's auto_bind: SQL_C_CHAR, (size + 1) bytes, one-row rowset fetched with SQLFetchScroll.
  std::string buf(size + 1, '\0');
  SQLLEN ind = 0;
  ASSERT_ODBC_OK(SQLBindCol(s.h, 1, SQL_C_CHAR, buf.data(), static_cast<SQLLEN>(buf.size()), &ind), s.diag());
  ASSERT_EQ(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), SQL_SUCCESS) << s.diag();
  EXPECT_STREQ(buf.c_str(), "13:45:12.345-08");
  SQLFreeStmt(s.h, SQL_CLOSE);
  // The catalog says the same as the result description.
  ASSERT_ODBC_OK(SQLColumns(s.h, nullptr, 0, nullptr, 0, (SQLCHAR*)"nc_tz", SQL_NTS, (SQLCHAR*)"t", SQL_NTS),
                 s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  SQLSMALLINT dataType = 0;
  ASSERT_ODBC_OK(SQLGetData(s.h, 5, SQL_C_SSHORT, &dataType, 0, nullptr), s.diag());
  EXPECT_EQ(dataType, type);
}

// A three-row parameter array bound exactly as described: integers with the column size in their
// indicators, strings in a fixed-width 2-D array with SQL_NTS, floats; every value arrives intact.
TEST_P(NanodbcConventionsTest, ParameterArrayBoundAsDescribed) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"INSERT INTO nc_t (s, i, f) VALUES (?, ?, ?)", SQL_NTS), s.diag());
  SQLINTEGER ints[3] = {1, 2, 3};
  SQLREAL floats[3] = {1.5f, -2.25f, 6.0f};
  char strings[3][25] = {"first string", "", "finally, the fifthstring"};
  SQLLEN strInd[8], intInd[8], floatInd[8];
  Described ds = describe(s, 1), di = describe(s, 2), df = describe(s, 3);
  for (int k = 0; k < 8; ++k) {
    strInd[k] = SQL_NTS;
    intInd[k] = static_cast<SQLLEN>(di.size);
    floatInd[k] = static_cast<SQLLEN>(df.size);
  }
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)3, 0), s.diag());
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, ds.type, ds.size, ds.digits, strings,
                                  sizeof strings[0], strInd),
                 s.diag());
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_SLONG, di.type, di.size, di.digits, ints,
                                  sizeof ints[0], intInd),
                 s.diag());
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 3, SQL_PARAM_INPUT, SQL_C_FLOAT, df.type, df.size, df.digits, floats,
                                  sizeof floats[0], floatInd),
                 s.diag());
  ASSERT_ODBC_OK(SQLFreeStmt(s.h, SQL_CLOSE), s.diag());  // nanodbc closes before every SQLExecute
  ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  Stmt q(conn_);
  auto rows = q.query("SELECT i, s, f FROM nc_t ORDER BY i");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][1], std::optional<std::string>("first string"));
  EXPECT_EQ(rows[1][1], std::optional<std::string>(""));
  EXPECT_EQ(rows[2][1], std::optional<std::string>("finally, the fifthstring"));
  EXPECT_EQ(rows[1][2], std::optional<std::string>("-2.25"));
  EXPECT_EQ(rows[2][0], std::optional<std::string>("3"));
}

// NULLs bound as SQL_C_CHAR with no buffer (a null pointer, buffer length 0) and SQL_NULL_DATA indicators,
// once alone and once as a two-row array; and a C string bound with no length/indicator pointer.
TEST_P(NanodbcConventionsTest, NullsWithoutBufferAndStringWithoutIndicator) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"INSERT INTO nc_t (i, s) VALUES (?, ?)", SQL_NTS), s.diag());
  SQLLEN nulls[8];
  for (SQLLEN& n : nulls) n = SQL_NULL_DATA;
  for (SQLULEN rows = 1; rows <= 2; ++rows) {
    for (SQLUSMALLINT p = 1; p <= 2; ++p) {
      Described d = describe(s, p);
      ASSERT_ODBC_OK(SQLBindParameter(s.h, p, SQL_PARAM_INPUT, SQL_C_CHAR, d.type, d.size, 0, nullptr, 0, nulls),
                     s.diag());
    }
    ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)rows, 0), s.diag());
    ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  }
  Stmt named(conn_);
  ASSERT_ODBC_OK(SQLPrepare(named.h, (SQLCHAR*)"INSERT INTO nc_t (i, s) VALUES (7, ?)", SQL_NTS), named.diag());
  Described d = describe(named, 1);
  char fred[] = "Fred";
  ASSERT_ODBC_OK(SQLBindParameter(named.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, d.type, d.size, d.digits, fred,
                                  sizeof fred, nullptr),
                 named.diag());
  ASSERT_ODBC_OK(SQLExecute(named.h), named.diag());
  Stmt q(conn_);
  auto rows = q.query("SELECT i, s FROM nc_t ORDER BY i NULLS FIRST");
  ASSERT_EQ(rows.size(), 4u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_FALSE(rows[k][0].has_value());
    EXPECT_FALSE(rows[k][1].has_value());
  }
  EXPECT_EQ(rows[3][1], std::optional<std::string>("Fred"));
}

INSTANTIATE_TEST_SUITE_P(Servers, NanodbcConventionsTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
