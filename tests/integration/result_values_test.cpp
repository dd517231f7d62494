// Result values whose conversion depends on more than the column's text: time zones (timetz offsets, the
// session's SET timezone for timestamptz, compared with Debian's psqlODBC when the fixture registered it),
// the ARD's precision/scale for interval fractions and SQL_C_NUMERIC, money in the locale's currency
// format, and which columns report a catalog. Through the driver manager against PostgreSQL and, where
// the behaviour applies, the DSQL emulator.
#include <cstring>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class ResultValuesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  Conn conn_;
};

std::string getChar(Stmt& s, SQLUSMALLINT col) {
  char buf[128] = {};
  SQLLEN ind = 0;
  SQLRETURN rc = SQLGetData(s.h, col, SQL_C_CHAR, buf, sizeof buf, &ind);
  EXPECT_EQ(rc, SQL_SUCCESS) << s.diag();
  return buf;
}

std::string getWide(Stmt& s, SQLUSMALLINT col) {
  SQLWCHAR buf[128] = {};
  SQLLEN ind = 0;
  SQLRETURN rc = SQLGetData(s.h, col, SQL_C_WCHAR, buf, sizeof buf, &ind);
  EXPECT_EQ(rc, SQL_SUCCESS) << s.diag();
  std::string out;
  for (SQLLEN k = 0; k < ind / static_cast<SQLLEN>(sizeof(SQLWCHAR)); ++k) out += static_cast<char>(buf[k]);
  return out;
}

std::string stamp(const SQL_TIMESTAMP_STRUCT& t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u:%02u.%u", t.year, t.month, t.day, t.hour, t.minute,
                t.second, static_cast<unsigned>(t.fraction));
  return buf;
}

// Runs `sql` and fetches its first row, failing the test otherwise.
void execFetch(Stmt& s, const std::string& sql) {
  ASSERT_ODBC_OK(s.exec(sql), sql + " " + s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
}

TEST_P(ResultValuesTest, TimetzKeepsItsOffset) {
  const char* sql = "SELECT '12:34:56+05:30'::timetz, '23:00:00.25-08'::timetz";
  {
    Stmt s(conn_);
    execFetch(s, sql);
    EXPECT_EQ(getChar(s, 1), "12:34:56+05:30");
    EXPECT_EQ(getWide(s, 2), "23:00:00.25-08");
  }
  // Into SQL_TIME_STRUCT (no place for an offset): the time as written, not moved to UTC.
  Stmt s(conn_);
  execFetch(s, sql);
  SQL_TIME_STRUCT t{};
  SQLLEN ind = 0;
  ASSERT_EQ(SQLGetData(s.h, 1, SQL_C_TYPE_TIME, &t, sizeof t, &ind), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(t.hour, 12);
  EXPECT_EQ(t.minute, 34);
  EXPECT_EQ(t.second, 56);
  SQLLEN display = 0;
  ASSERT_ODBC_OK(SQLColAttribute(s.h, 1, SQL_DESC_DISPLAY_SIZE, nullptr, 0, nullptr, &display), s.diag());
  EXPECT_GE(display, static_cast<SQLLEN>(std::strlen("12:34:56.123456+05:30")));
}

// The server renders timestamptz in the session's time zone; SQL_C_CHAR keeps that text, and the
// timestamp struct gets its wall-clock fields (what psqlODBC gives as well).
TEST_P(ResultValuesTest, TimestamptzFollowsTheSessionTimeZone) {
  const char* sql = "SELECT '2024-01-02 03:04:05.5+00'::timestamptz";
  if (GetParam() == kEmuDsn) {  // DSQL sessions are UTC
    Stmt s(conn_);
    execFetch(s, sql);
    EXPECT_EQ(getChar(s, 1), "2024-01-02 03:04:05.5+00");
    return;
  }
  struct Zone {
    const char* set;
    const char* text;
    const char* wall;
  };
  const Zone zones[] = {{"SET timezone = 'Asia/Kolkata'", "2024-01-02 08:34:05.5+05:30", "2024-01-02 08:34:05.500000000"},
                        {"SET timezone = 'America/New_York'", "2024-01-01 22:04:05.5-05", "2024-01-01 22:04:05.500000000"},
                        {"SET timezone = 'UTC'", "2024-01-02 03:04:05.5+00", "2024-01-02 03:04:05.500000000"}};
  for (const Zone& z : zones) {
    SCOPED_TRACE(z.set);
    {
      Stmt set(conn_);
      ASSERT_ODBC_OK(set.exec(z.set), set.diag());
    }
    {
      Stmt s(conn_);
      execFetch(s, sql);
      EXPECT_EQ(getChar(s, 1), z.text);
    }
    Stmt s(conn_);
    execFetch(s, sql);
    SQL_TIMESTAMP_STRUCT ts{};
    SQLLEN ind = 0;
    ASSERT_EQ(SQLGetData(s.h, 1, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind), SQL_SUCCESS) << s.diag();
    EXPECT_EQ(stamp(ts), z.wall);
  }
}

TEST(ResultValuesPsqlodbc, TimestamptzStructMatchesPsqlodbc) {
  Conn theirs;
  if (!SQL_SUCCEEDED(theirs.connectDsn("psqlodbc_pg"))) GTEST_SKIP() << "psqlODBC not registered";
  Conn ours;
  connectOrFail(ours, kPgDsn);
  auto wall = [](Conn& c) {
    Stmt set(c);
    EXPECT_TRUE(SQL_SUCCEEDED(set.exec("SET timezone = 'Australia/Adelaide'"))) << set.diag();
    Stmt s(c);
    EXPECT_TRUE(SQL_SUCCEEDED(s.exec("SELECT '2024-06-30 23:59:58+00'::timestamptz"))) << s.diag();
    EXPECT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
    SQL_TIMESTAMP_STRUCT ts{};
    SQLLEN ind = 0;
    EXPECT_TRUE(SQL_SUCCEEDED(SQLGetData(s.h, 1, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind))) << s.diag();
    return stamp(ts);
  };
  std::string mine = wall(ours);
  EXPECT_EQ(mine, "2024-07-01 09:29:58.0");  // +09:30 in July
  EXPECT_EQ(mine, wall(theirs));
}

// Leaves column 1's ARD record (type, precision, scale) for SQLGetData(SQL_ARD_TYPE) but no bound buffers.
void unbindKeepingType(Stmt& s, SQLHDESC ard) {
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_INDICATOR_PTR, nullptr, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_OCTET_LENGTH_PTR, nullptr, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, nullptr, 0), s.diag());
}

// The ARD's SQL_DESC_PRECISION is the interval seconds precision: the digits `fraction` carries.
TEST_P(ResultValuesTest, IntervalFractionFollowsTheArdPrecision) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT '00:00:07.123456'::interval"), s.diag());
  SQL_INTERVAL_STRUCT iv{};
  SQLLEN ind = 0;
  ASSERT_ODBC_OK(SQLBindCol(s.h, 1, SQL_C_INTERVAL_SECOND, &iv, sizeof iv, &ind), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();  // default seconds precision 6: nothing lost
  EXPECT_EQ(iv.intval.day_second.second, 7u);
  EXPECT_EQ(iv.intval.day_second.fraction, 123456u);
  ASSERT_ODBC_OK(SQLCloseCursor(s.h), s.diag());

  SQLHDESC ard = SQL_NULL_HDESC;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_APP_ROW_DESC, &ard, 0, nullptr), s.diag());
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_PRECISION, reinterpret_cast<SQLPOINTER>(3), 0), s.diag());
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, &iv, 0), s.diag());
  ASSERT_ODBC_OK(s.exec("SELECT '00:00:07.123456'::interval"), s.diag());
  iv = {};
  EXPECT_EQ(SQLFetch(s.h), SQL_SUCCESS_WITH_INFO);  // 01S07: three digits dropped
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "01S07");
  EXPECT_EQ(iv.intval.day_second.second, 7u);
  EXPECT_EQ(iv.intval.day_second.fraction, 123u);
  ASSERT_ODBC_OK(SQLCloseCursor(s.h), s.diag());

  // SQLGetData(SQL_ARD_TYPE) takes the ARD's type and precision too.
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_PRECISION, reinterpret_cast<SQLPOINTER>(9), 0), s.diag());
  unbindKeepingType(s, ard);
  ASSERT_ODBC_OK(s.exec("SELECT '-00:01:02.5'::interval"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  SQL_INTERVAL_STRUCT got{};
  ASSERT_EQ(SQLGetData(s.h, 1, SQL_ARD_TYPE, &got, sizeof got, &ind), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(got.interval_sign, SQL_TRUE);
  EXPECT_EQ(got.intval.day_second.second, 62u);
  EXPECT_EQ(got.intval.day_second.fraction, 500000000u);
}

std::string unscaled(const SQL_NUMERIC_STRUCT& n) {
  unsigned long long v = 0;
  for (int k = 7; k >= 0; --k) v = (v << 8) | n.val[k];
  return (n.sign ? "" : "-") + std::to_string(v);
}

// SQL_C_NUMERIC: the ARD's precision and scale shape the struct (SQLBindCol and SQLGetData(SQL_ARD_TYPE)).
TEST_P(ResultValuesTest, NumericFollowsTheArdPrecisionAndScale) {
  Stmt s(conn_);
  SQL_NUMERIC_STRUCT n{};
  SQLLEN ind = 0;
  ASSERT_ODBC_OK(SQLBindCol(s.h, 1, SQL_C_NUMERIC, &n, sizeof n, &ind), s.diag());
  SQLHDESC ard = SQL_NULL_HDESC;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_APP_ROW_DESC, &ard, 0, nullptr), s.diag());
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_PRECISION, reinterpret_cast<SQLPOINTER>(12), 0), s.diag());
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_SCALE, reinterpret_cast<SQLPOINTER>(3), 0), s.diag());
  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, &n, 0), s.diag());
  ASSERT_ODBC_OK(s.exec("SELECT (-1234.5678)::numeric(10,4)"), s.diag());
  EXPECT_EQ(SQLFetch(s.h), SQL_SUCCESS_WITH_INFO);  // 01S07: the fourth decimal is dropped
  EXPECT_EQ(n.precision, 12);
  EXPECT_EQ(n.scale, 3);
  EXPECT_EQ(unscaled(n), "-1234567");
  ASSERT_ODBC_OK(SQLCloseCursor(s.h), s.diag());

  ASSERT_ODBC_OK(SQLSetDescField(ard, 1, SQL_DESC_SCALE, reinterpret_cast<SQLPOINTER>(1), 0), s.diag());
  unbindKeepingType(s, ard);
  ASSERT_ODBC_OK(s.exec("SELECT 98.76::numeric(4,2)"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  SQL_NUMERIC_STRUCT g{};
  EXPECT_EQ(SQLGetData(s.h, 1, SQL_ARD_TYPE, &g, sizeof g, &ind), SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(g.precision, 12);
  EXPECT_EQ(g.scale, 1);
  EXPECT_EQ(unscaled(g), "987");
}

// money: a decimal (19 digits, 2 after the point), whatever currency format lc_monetary gives its text.
TEST(ResultValuesMoney, MoneyIsADecimal) {
  Conn c;
  connectOrFail(c, kPgDsn);  // DSQL has no money type
  {
    Stmt set(c);
    ASSERT_ODBC_OK(set.exec("SET lc_monetary = 'C'"), set.diag());
  }
  const char* sql = "SELECT (-1234567.5)::money, 0.07::money, '$92,233,720,368,547,758.07'::money";
  Stmt s(c);
  execFetch(s, sql);
  SQLCHAR name[32];
  SQLSMALLINT len = 0, type = 0, digits = 0, nullable = 0;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeCol(s.h, 1, name, sizeof name, &len, &type, &size, &digits, &nullable), s.diag());
  EXPECT_EQ(type, SQL_DECIMAL);
  EXPECT_EQ(size, 19u);
  EXPECT_EQ(digits, 2);
  EXPECT_EQ(getChar(s, 1), "-1234567.50");
  EXPECT_EQ(getWide(s, 2), "0.07");
  EXPECT_EQ(getChar(s, 3), "92233720368547758.07");

  Stmt n(c);
  execFetch(n, sql);
  double d = 0;
  SQLLEN ind = 0;
  ASSERT_EQ(SQLGetData(n.h, 1, SQL_C_DOUBLE, &d, 0, &ind), SQL_SUCCESS) << n.diag();
  EXPECT_EQ(d, -1234567.5);
  SQLINTEGER i = 0;
  EXPECT_EQ(SQLGetData(n.h, 2, SQL_C_SLONG, &i, 0, &ind), SQL_SUCCESS_WITH_INFO);  // 01S07
  EXPECT_EQ(i, 0);
  SQLBIGINT big = 0;
  EXPECT_EQ(SQLGetData(n.h, 3, SQL_C_SBIGINT, &big, 0, &ind), SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(big, 92233720368547758LL);
}

// Only columns read from a table have a catalog; expressions report "".
TEST_P(ResultValuesTest, ExpressionsReportNoCatalog) {
  {
    Stmt ddl(conn_);
    ASSERT_ODBC_OK(ddl.exec("CREATE TABLE IF NOT EXISTS rv_catalog (id int PRIMARY KEY, name varchar(10))"),
                   ddl.diag());
  }
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT 1 + 1, id, upper(name) FROM rv_catalog RIGHT JOIN (SELECT 1) AS one ON true"),
                 s.diag());
  auto catalog = [&](SQLUSMALLINT col) {
    char buf[64] = "?";
    SQLSMALLINT len = 0;
    EXPECT_ODBC_OK(SQLColAttribute(s.h, col, SQL_DESC_CATALOG_NAME, buf, sizeof buf, &len, nullptr), s.diag());
    return std::string(buf);
  };
  EXPECT_EQ(catalog(1), "");
  EXPECT_EQ(catalog(2), "postgres");
  EXPECT_EQ(catalog(3), "");
}

INSTANTIATE_TEST_SUITE_P(Servers, ResultValuesTest, ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)));

}  // namespace
