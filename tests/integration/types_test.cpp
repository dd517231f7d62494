// Every PostgreSQL type the driver maps: the SQL type it reports and its value through SQL_C_CHAR and
// through the natural C type. Run against PostgreSQL and the DSQL emulator.
#include <cmath>
#include <cstring>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class TypesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  Conn conn_;
};

struct TypeCase {
  const char* expr;
  SQLSMALLINT sqlType;
  const char* text;  // via SQL_C_CHAR
};

TEST_P(TypesTest, DescribeAndTextValues) {
  const TypeCase cases[] = {
      {"true", SQL_BIT, "1"},
      {"32767::int2", SQL_SMALLINT, "32767"},
      {"(-2147483648)::int4", SQL_INTEGER, "-2147483648"},
      {"9223372036854775807::int8", SQL_BIGINT, "9223372036854775807"},
      {"12345.678::numeric(10,3)", SQL_NUMERIC, "12345.678"},
      {"1.5::float4", SQL_REAL, "1.5"},
      {"2.25::float8", SQL_DOUBLE, "2.25"},
      {"'txt'::text", SQL_WLONGVARCHAR, "txt"},
      {"'vc'::varchar(10)", SQL_WVARCHAR, "vc"},
      {"'ab'::char(4)", SQL_WCHAR, "ab  "},
      {"'\\x00ff10'::bytea", SQL_VARBINARY, "00FF10"},
      {"'2024-02-29'::date", SQL_TYPE_DATE, "2024-02-29"},
      {"'13:14:15'::time", SQL_TYPE_TIME, "13:14:15"},
      {"'2024-02-29 13:14:15.5'::timestamp", SQL_TYPE_TIMESTAMP, "2024-02-29 13:14:15.5"},
      {"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", SQL_GUID, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"},
      {"'{\"k\": 1}'::jsonb", SQL_WLONGVARCHAR, "{\"k\": 1}"},
  };
  for (const auto& c : cases) {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec(std::string("SELECT ") + c.expr), c.expr + s.diag());
    SQLCHAR name[64];
    SQLSMALLINT len = 0, type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    SQLDescribeCol(s.h, 1, name, sizeof name, &len, &type, &size, &digits, &nullable);
    EXPECT_EQ(type, c.sqlType) << c.expr;
    auto rows = s.rows();
    ASSERT_EQ(rows.size(), 1u) << c.expr;
    ASSERT_TRUE(rows[0][0].has_value()) << c.expr;
    std::string got = *rows[0][0];
    if (c.sqlType == SQL_BINARY || c.sqlType == SQL_VARBINARY)
      for (auto& ch : got) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_EQ(got, c.text) << c.expr;
  }
}

TEST_P(TypesTest, NaturalCTypes) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT 42::int4, 2.5::float8, '2024-02-29 13:14:15.123456'::timestamp, "
                        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '\\x0102ff'::bytea, 123.45::numeric(7,2), "
                        "'2001-02-03'::date, NULL::int4, '2024-01-01 00:00:00+00'::timestamptz"),
                 s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  SQLINTEGER i = 0;
  SQLLEN ind = 0;
  ASSERT_ODBC_OK(SQLGetData(s.h, 1, SQL_C_SLONG, &i, 0, &ind), s.diag());
  EXPECT_EQ(i, 42);
  double d = 0;
  ASSERT_ODBC_OK(SQLGetData(s.h, 2, SQL_C_DOUBLE, &d, 0, &ind), s.diag());
  EXPECT_DOUBLE_EQ(d, 2.5);
  SQL_TIMESTAMP_STRUCT ts{};
  ASSERT_ODBC_OK(SQLGetData(s.h, 3, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind), s.diag());
  EXPECT_EQ(ts.year, 2024);
  EXPECT_EQ(ts.month, 2);
  EXPECT_EQ(ts.day, 29);
  EXPECT_EQ(ts.hour, 13);
  EXPECT_EQ(ts.second, 15);
  EXPECT_EQ(ts.fraction, 123456000u);
  SQLGUID g{};
  ASSERT_ODBC_OK(SQLGetData(s.h, 4, SQL_C_GUID, &g, 0, &ind), s.diag());
  EXPECT_EQ(g.Data1, 0xa0eebc99u);
  EXPECT_EQ(g.Data4[7], 0x11);
  unsigned char bin[8];
  ASSERT_ODBC_OK(SQLGetData(s.h, 5, SQL_C_BINARY, bin, sizeof bin, &ind), s.diag());
  ASSERT_EQ(ind, 3);
  EXPECT_EQ(bin[2], 0xff);
  SQL_NUMERIC_STRUCT num{};
  ASSERT_ODBC_OK(SQLGetData(s.h, 6, SQL_C_NUMERIC, &num, 0, &ind), s.diag());
  EXPECT_EQ(num.sign, 1);
  SQL_DATE_STRUCT date{};
  ASSERT_ODBC_OK(SQLGetData(s.h, 7, SQL_C_TYPE_DATE, &date, 0, &ind), s.diag());
  EXPECT_EQ(date.year, 2001);
  EXPECT_EQ(date.day, 3);
  ASSERT_ODBC_OK(SQLGetData(s.h, 8, SQL_C_SLONG, &i, 0, &ind), s.diag());
  EXPECT_EQ(ind, SQL_NULL_DATA);
  SQL_TIMESTAMP_STRUCT tz{};
  ASSERT_ODBC_OK(SQLGetData(s.h, 9, SQL_C_TYPE_TIMESTAMP, &tz, 0, &ind), s.diag());
  EXPECT_EQ(tz.year, 2024);
  EXPECT_EQ(tz.hour, 0);
}

TEST_P(TypesTest, OutOfRangeConversionIsAnError) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT 70000::int4"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS);
  SQLSMALLINT small = 0;
  SQLLEN ind = 0;
  EXPECT_EQ(SQLGetData(s.h, 1, SQL_C_SSHORT, &small, 0, &ind), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "22003");
}

INSTANTIATE_TEST_SUITE_P(Servers, TypesTest, ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)));

}  // namespace
