// fromC matrix: C buffer + SQL type -> parameter text / bytes / type OID, or the SQLSTATE.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "driver/convert/pg_types.h"
#include "tests/unit/convert/convert_test_util.h"

namespace dsql::driver {
namespace {

using test::runFromC;

struct CharParamRow {
  const char* text;
  SQLSMALLINT sqlType;
  const char* outcome;
  const char* value;
  unsigned oid;
};

const CharParamRow kCharParams[] = {
    {"abc", SQL_VARCHAR, "Ok", "abc", 0},
    {"abc", SQL_INTEGER, "22018", "", 0},
    {" 42 ", SQL_INTEGER, "Ok", "42", kOidInt4},
    {"1e3", SQL_INTEGER, "Ok", "1000", kOidInt4},
    {"1.5", SQL_INTEGER, "22001", "", 0},
    {"2147483648", SQL_INTEGER, "22003", "", 0},
    {"-32768", SQL_SMALLINT, "Ok", "-32768", kOidInt2},
    {"32768", SQL_SMALLINT, "22003", "", 0},
    {"255", SQL_TINYINT, "Ok", "255", kOidInt2},
    {"256", SQL_TINYINT, "22003", "", 0},
    {"-9223372036854775808", SQL_BIGINT, "Ok", "-9223372036854775808", kOidInt8},
    {"9223372036854775808", SQL_BIGINT, "22003", "", 0},
    {"-12.3400", SQL_NUMERIC, "Ok", "-12.3400", kOidNumeric},
    {"NaN", SQL_NUMERIC, "Ok", "NaN", kOidNumeric},
    {"12,5", SQL_DECIMAL, "22018", "", 0},
    {"1.5e10", SQL_DOUBLE, "Ok", "1.5e10", kOidFloat8},
    {"1", SQL_BIT, "Ok", "1", kOidBool},
    {"true", SQL_BIT, "Ok", "true", kOidBool},
    {"2", SQL_BIT, "22003", "", 0},
    {"0.5", SQL_BIT, "22001", "", 0},
    {"2024-02-29", SQL_TYPE_DATE, "Ok", "2024-02-29", kOidDate},
    {"2023-02-29", SQL_TYPE_DATE, "22018", "", 0},
    {"2024-01-02 03:04:05", SQL_TYPE_DATE, "22008", "", 0},
    {"2024-01-02 00:00:00", SQL_TYPE_DATE, "Ok", "2024-01-02 00:00:00", kOidDate},
    {"03:04:05.25", SQL_TYPE_TIME, "Ok", "03:04:05.25", kOidTime},
    {"25:00:00", SQL_TYPE_TIME, "22018", "", 0},
    {"2024-01-02 03:04:05.123456", SQL_TYPE_TIMESTAMP, "Ok", "2024-01-02 03:04:05.123456", kOidTimestamp},
    {"now", SQL_TYPE_TIMESTAMP, "Ok", "now", kOidTimestamp},
    // ODBC escapes are valid character forms of date/time values
    {"{ts '2024-01-02 03:04:05.5'}", SQL_TYPE_TIMESTAMP, "Ok", "2024-01-02 03:04:05.5", kOidTimestamp},
    {" { TS  '2024-01-02 03:04:05' } ", SQL_TYPE_TIMESTAMP, "Ok", "2024-01-02 03:04:05", kOidTimestamp},
    {"{d '2024-01-02'}", SQL_TYPE_DATE, "Ok", "2024-01-02", kOidDate},
    {"{d '2024-01-02'}", SQL_TYPE_TIMESTAMP, "Ok", "2024-01-02", kOidTimestamp},
    {"{t '03:04:05'}", SQL_TYPE_TIME, "Ok", "03:04:05", kOidTime},
    {"{ts '2024-01-02 03:04:05'}", SQL_TYPE_DATE, "22008", "", 0},
    {"{d '2024-13-02'}", SQL_TYPE_DATE, "22018", "", 0},
    {"{x '2024-01-02'}", SQL_TYPE_DATE, "22018", "", 0},
    {"{d 2024-01-02}", SQL_TYPE_DATE, "22018", "", 0},
    {"{d '2024-01-02'", SQL_TYPE_DATE, "22018", "", 0},
    {"{d '2024-01-02'}", SQL_VARCHAR, "Ok", "{d '2024-01-02'}", 0},
    {"yesterday-ish", SQL_TYPE_TIMESTAMP, "22018", "", 0},
    {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", SQL_GUID, "Ok", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", kOidUuid},
    {"not-a-uuid", SQL_GUID, "22018", "", 0},
    {"1 day 02:00:00", SQL_INTERVAL_DAY_TO_SECOND, "Ok", "1 day 02:00:00", kOidInterval},
};

TEST(FromC, CharSourceMatrix) {
  for (const CharParamRow& r : kCharParams) {
    SCOPED_TRACE(std::string(r.text) + " as " + std::to_string(r.sqlType));
    SQLLEN ind = SQL_NTS;
    CSource s{SQL_C_CHAR, r.sqlType, 0, 0, r.text, 0, &ind, &ind};
    PgParam p;
    ASSERT_EQ(runFromC(s, p), r.outcome);
    if (std::string(r.outcome) != "Ok") continue;
    EXPECT_EQ(p.value, r.value);
    EXPECT_EQ(p.typeOid, r.oid);
    EXPECT_FALSE(p.isNull);
    EXPECT_FALSE(p.binary);
  }
}

TEST(FromC, CharLengths) {
  PgParam p;
  SQLLEN len = 3;
  CSource s{SQL_C_CHAR, SQL_VARCHAR, 0, 0, "abcdef", 0, &len, &len};
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "abc");
  s.indicator = s.octetLength = nullptr;  // no length: NUL-terminated
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "abcdef");
  len = -7;
  s.indicator = s.octetLength = &len;
  EXPECT_EQ(runFromC(s, p), "HY090");
  len = SQL_NULL_DATA;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_TRUE(p.isNull);
  EXPECT_EQ(p.typeOid, 0u);
  s.buffer = nullptr;
  len = 3;
  EXPECT_EQ(runFromC(s, p), "HY009");
}

TEST(FromC, WideSource) {
  const SQLWCHAR text[] = {u'h', 0xE9, 0xD83D, 0xDE00, u'!', 0};
  SQLLEN len = SQL_NTS;
  CSource s{SQL_C_WCHAR, SQL_WVARCHAR, 0, 0, text, 0, &len, &len};
  PgParam p;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "h\xC3\xA9\xF0\x9F\x98\x80!");
  len = 4;  // bytes: two units
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "h\xC3\xA9");
  const SQLWCHAR num[] = {u'1', u'2', u'x', 0};
  len = SQL_NTS;
  CSource n{SQL_C_WCHAR, SQL_INTEGER, 0, 0, num, 0, &len, &len};
  EXPECT_EQ(runFromC(n, p), "22018");
}

template <class T>
std::string numberParam(SQLSMALLINT cType, T value, SQLSMALLINT sqlType, PgParam& p) {
  CSource s{cType, sqlType, 0, 0, &value, 0, nullptr, nullptr};
  return runFromC(s, p);
}

TEST(FromC, NumericSourceMatrix) {
  PgParam p;
  ASSERT_EQ(numberParam<SQLINTEGER>(SQL_C_SLONG, -42, SQL_INTEGER, p), "Ok");
  EXPECT_EQ(p.value, "-42");
  EXPECT_EQ(p.typeOid, kOidInt4);
  ASSERT_EQ(numberParam<SQLBIGINT>(SQL_C_SBIGINT, INT64_MIN, SQL_BIGINT, p), "Ok");
  EXPECT_EQ(p.value, "-9223372036854775808");
  ASSERT_EQ(numberParam<SQLUBIGINT>(SQL_C_UBIGINT, UINT64_MAX, SQL_NUMERIC, p), "Ok");
  EXPECT_EQ(p.value, "18446744073709551615");
  EXPECT_EQ(numberParam<SQLUBIGINT>(SQL_C_UBIGINT, UINT64_MAX, SQL_BIGINT, p), "22003");
  EXPECT_EQ(numberParam<SQLINTEGER>(SQL_C_SLONG, 70000, SQL_SMALLINT, p), "22003");
  ASSERT_EQ(numberParam<SQLSMALLINT>(SQL_C_SSHORT, 32767, SQL_SMALLINT, p), "Ok");
  EXPECT_EQ(p.value, "32767");
  ASSERT_EQ(numberParam<unsigned char>(SQL_C_UTINYINT, 255, SQL_TINYINT, p), "Ok");
  EXPECT_EQ(p.value, "255");
  ASSERT_EQ(numberParam<double>(SQL_C_DOUBLE, 0.1, SQL_DOUBLE, p), "Ok");
  EXPECT_EQ(p.value, "0.1");  // shortest round-trip form
  EXPECT_EQ(p.typeOid, kOidFloat8);
  ASSERT_EQ(numberParam<float>(SQL_C_FLOAT, 0.1f, SQL_REAL, p), "Ok");
  EXPECT_EQ(p.value, "0.1");
  ASSERT_EQ(numberParam<double>(SQL_C_DOUBLE, 1e300, SQL_NUMERIC, p), "Ok");
  EXPECT_EQ(p.value, "1e+300");
  ASSERT_EQ(numberParam<double>(SQL_C_DOUBLE, -std::numeric_limits<double>::infinity(), SQL_DOUBLE, p), "Ok");
  EXPECT_EQ(p.value, "-Infinity");
  ASSERT_EQ(numberParam<double>(SQL_C_DOUBLE, std::nan(""), SQL_DOUBLE, p), "Ok");
  EXPECT_EQ(p.value, "NaN");
  EXPECT_EQ(numberParam<double>(SQL_C_DOUBLE, std::nan(""), SQL_INTEGER, p), "22018");
  EXPECT_EQ(numberParam<double>(SQL_C_DOUBLE, 2.5, SQL_INTEGER, p), "22001");
  ASSERT_EQ(numberParam<double>(SQL_C_DOUBLE, 3.0, SQL_INTEGER, p), "Ok");
  EXPECT_EQ(p.value, "3");
  ASSERT_EQ(numberParam<SQLINTEGER>(SQL_C_SLONG, 5, SQL_VARCHAR, p), "Ok");
  EXPECT_EQ(p.value, "5");
  EXPECT_EQ(p.typeOid, 0u);
  EXPECT_EQ(numberParam<SQLINTEGER>(SQL_C_SLONG, 5, SQL_TYPE_DATE, p), "07006");
  EXPECT_EQ(numberParam<SQLINTEGER>(SQL_C_SLONG, 5, SQL_GUID, p), "07006");
  ASSERT_EQ(numberParam<SQLINTEGER>(SQL_C_SLONG, 5, SQL_INTERVAL_DAY, p), "Ok");
  EXPECT_EQ(p.value, "5 days");
  ASSERT_EQ(numberParam<unsigned char>(SQL_C_BIT, 1, SQL_BIT, p), "Ok");
  EXPECT_EQ(p.value, "1");
  EXPECT_EQ(p.typeOid, kOidBool);
  EXPECT_EQ(numberParam<unsigned char>(SQL_C_BIT, 2, SQL_BIT, p), "22003");
  EXPECT_EQ(numberParam<SQLINTEGER>(SQL_C_SLONG, 2, SQL_BIT, p), "22003");
  // SQL_C_DEFAULT resolves from the SQL type (SQL_INTEGER -> SQL_C_SLONG).
  ASSERT_EQ(numberParam<SQLINTEGER>(SQL_C_DEFAULT, 99, SQL_INTEGER, p), "Ok");
  EXPECT_EQ(p.value, "99");
  EXPECT_EQ(numberParam<SQLINTEGER>(777, 1, SQL_INTEGER, p), "HY003");
}

TEST(FromC, NumericStructMatrix) {
  struct Row { std::uint64_t val; SQLSCHAR scale; SQLCHAR sign; const char* text; } rows[] = {
      {123400, 4, 0, "-12.3400"}, {5, 3, 1, "0.005"}, {0, 2, 0, "0.00"}, {12, -2, 1, "1200"}, {7, 0, 1, "7"}};
  for (const Row& r : rows) {
    SQL_NUMERIC_STRUCT n{};
    n.precision = 38;
    n.scale = r.scale;
    n.sign = r.sign;
    for (int k = 0; k < 8; ++k) n.val[k] = static_cast<SQLCHAR>(r.val >> (8 * k));
    PgParam p;
    CSource s{SQL_C_NUMERIC, SQL_NUMERIC, 38, r.scale, &n, 0, nullptr, nullptr};
    ASSERT_EQ(runFromC(s, p), "Ok");
    EXPECT_EQ(p.value, r.text);
    EXPECT_EQ(p.typeOid, kOidNumeric);
  }
}

TEST(FromC, NumericStructApdPrecisionScale) {
  SQL_NUMERIC_STRUCT n{};
  n.precision = 38;
  n.scale = 0;  // ignored once the APD states a precision
  n.sign = 1;
  n.val[0] = 0x39, n.val[1] = 0x30;  // 12345
  PgParam p;
  CSource s{SQL_C_NUMERIC, SQL_NUMERIC, 10, 2, &n, 0, nullptr, nullptr};
  s.numericPrecision = 10, s.numericScale = 3;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "12.345");
  s.numericScale = -1;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "123450");
  s.numericPrecision = 4, s.numericScale = 0;  // five digits do not fit a precision of 4
  EXPECT_EQ(runFromC(s, p), "22003");
  s.numericPrecision = 0;  // APD precision not set: the struct's scale
  n.scale = 1;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "1234.5");
}

TEST(FromC, BinarySource) {
  const unsigned char bytes[] = {0x00, 0x0a, 0xff};
  SQLLEN len = 3;
  CSource s{SQL_C_BINARY, SQL_VARBINARY, 0, 0, bytes, 0, &len, &len};
  PgParam p;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_TRUE(p.binary);
  EXPECT_EQ(p.value, std::string("\x00\x0a\xff", 3));
  EXPECT_EQ(p.typeOid, kOidBytea);
  s.sqlType = SQL_VARCHAR;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_FALSE(p.binary);  // binary -> character: the bytes as they are, sent as text
  EXPECT_EQ(p.value, std::string("\x00\x0a\xff", 3));
  const char text[] = "h\xc3\xa9llo";
  SQLLEN textLen = 6;
  CSource asChar{SQL_C_BINARY, SQL_LONGVARCHAR, 0, 0, text, 0, &textLen, &textLen};
  ASSERT_EQ(runFromC(asChar, p), "Ok");
  EXPECT_EQ(p.value, "h\xc3\xa9llo");
  EXPECT_EQ(p.typeOid, 0u);
  s.sqlType = SQL_INTEGER;
  EXPECT_EQ(runFromC(s, p), "07006");
  len = SQL_NTS;
  s.sqlType = SQL_VARBINARY;
  EXPECT_EQ(runFromC(s, p), "HY090");
  // character hex digits into a binary type become bytes
  SQLLEN nts = SQL_NTS;
  CSource hex{SQL_C_CHAR, SQL_VARBINARY, 0, 0, "0aFF", 0, &nts, &nts};
  ASSERT_EQ(runFromC(hex, p), "Ok");
  EXPECT_TRUE(p.binary);
  EXPECT_EQ(p.value, "\x0a\xff");
  CSource bad{SQL_C_CHAR, SQL_VARBINARY, 0, 0, "0g", 0, &nts, &nts};
  EXPECT_EQ(runFromC(bad, p), "22018");
}

TEST(FromC, DateTimeStructs) {
  PgParam p;
  SQL_DATE_STRUCT d{2024, 2, 29};
  CSource s{SQL_C_TYPE_DATE, SQL_TYPE_DATE, 0, 0, &d, 0, nullptr, nullptr};
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "2024-02-29");
  EXPECT_EQ(p.typeOid, kOidDate);
  d = {2023, 2, 29};
  EXPECT_EQ(runFromC(s, p), "22008");
  d = {2024, 13, 1};
  EXPECT_EQ(runFromC(s, p), "22008");
  d = {2024, 1, 5};
  s.sqlType = SQL_TYPE_TIME;
  EXPECT_EQ(runFromC(s, p), "07006");
  s.sqlType = SQL_TYPE_TIMESTAMP;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "2024-01-05");

  SQL_TIMESTAMP_STRUCT ts{2024, 1, 2, 3, 4, 5, 123456000};
  CSource t{SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 26, 6, &ts, 0, nullptr, nullptr};
  ASSERT_EQ(runFromC(t, p), "Ok");
  EXPECT_EQ(p.value, "2024-01-02 03:04:05.123456");
  EXPECT_EQ(p.typeOid, kOidTimestamp);
  t.sqlType = SQL_TYPE_DATE;
  EXPECT_EQ(runFromC(t, p), "22008");  // time fields non-zero
  t.sqlType = SQL_TYPE_TIME;
  EXPECT_EQ(runFromC(t, p), "22008");  // fractional seconds non-zero
  ts.fraction = 0;
  ASSERT_EQ(runFromC(t, p), "Ok");
  EXPECT_EQ(p.value, "03:04:05");
  ts.hour = 24;
  EXPECT_EQ(runFromC(t, p), "22008");
  ts = {2024, 1, 2, 3, 4, 5, 1000000000};
  t.sqlType = SQL_TYPE_TIMESTAMP;
  EXPECT_EQ(runFromC(t, p), "22008");
  ts.fraction = 0;
  t.cType = SQL_C_TIMESTAMP;  // ODBC 2 code
  t.sqlType = SQL_VARCHAR;
  ASSERT_EQ(runFromC(t, p), "Ok");
  EXPECT_EQ(p.value, "2024-01-02 03:04:05");
  EXPECT_EQ(p.typeOid, 0u);

  SQL_TIME_STRUCT tm{23, 59, 58};
  CSource tt{SQL_C_TYPE_TIME, SQL_TYPE_TIME, 0, 0, &tm, 0, nullptr, nullptr};
  ASSERT_EQ(runFromC(tt, p), "Ok");
  EXPECT_EQ(p.value, "23:59:58");
  tt.sqlType = SQL_TYPE_DATE;
  EXPECT_EQ(runFromC(tt, p), "07006");
}

TEST(FromC, GuidAndInterval) {
  SQLGUID g{0xa0eebc99u, 0x9c0b, 0x4ef8, {0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}};
  CSource s{SQL_C_GUID, SQL_GUID, 0, 0, &g, 0, nullptr, nullptr};
  PgParam p;
  ASSERT_EQ(runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(p.typeOid, kOidUuid);
  s.sqlType = SQL_INTEGER;
  EXPECT_EQ(runFromC(s, p), "07006");

  SQL_INTERVAL_STRUCT iv{};
  iv.interval_type = SQL_IS_DAY_TO_SECOND;
  iv.interval_sign = SQL_TRUE;
  iv.intval.day_second = {1, 2, 3, 4, 500000};
  CSource i{SQL_C_INTERVAL_DAY_TO_SECOND, SQL_INTERVAL_DAY_TO_SECOND, 0, 6, &iv, 0, nullptr, nullptr};
  ASSERT_EQ(runFromC(i, p), "Ok");
  EXPECT_EQ(p.value, "-1 days -2 hours -3 mins -4.500000 secs");
  EXPECT_EQ(p.typeOid, kOidInterval);
  iv = {};
  iv.interval_sign = SQL_FALSE;
  iv.intval.year_month = {1, 2};
  CSource y{SQL_C_INTERVAL_YEAR_TO_MONTH, SQL_INTERVAL_YEAR_TO_MONTH, 0, 0, &iv, 0, nullptr, nullptr};
  ASSERT_EQ(runFromC(y, p), "Ok");
  EXPECT_EQ(p.value, "1 years 2 mons");
  y.sqlType = SQL_TYPE_DATE;
  EXPECT_EQ(runFromC(y, p), "07006");
}

// What fromC sends, toC reads back: the two directions agree on every C type they share.
TEST(FromC, RoundTripThroughText) {
  SQL_TIMESTAMP_STRUCT in{1999, 12, 31, 23, 59, 59, 999999000};
  CSource s{SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 26, 6, &in, 0, nullptr, nullptr};
  PgParam p;
  ASSERT_EQ(runFromC(s, p), "Ok");
  SQL_TIMESTAMP_STRUCT out{};
  ASSERT_EQ(test::runToC(test::cellOf(p.value.c_str(), kOidTimestamp), SQL_C_TYPE_TIMESTAMP, &out, 0, nullptr), "Ok");
  EXPECT_EQ(std::memcmp(&in, &out, sizeof in), 0);
  for (double v : {0.1, -1.5e-300, 123456789.125, 5e-324}) {
    ASSERT_EQ(numberParam<double>(SQL_C_DOUBLE, v, SQL_DOUBLE, p), "Ok");
    double back = 0;
    ASSERT_EQ(test::runToC(test::cellOf(p.value.c_str(), kOidFloat8), SQL_C_DOUBLE, &back, 0, nullptr), "Ok");
    EXPECT_EQ(back, v) << p.value;
  }
}

}  // namespace
}  // namespace dsql::driver
