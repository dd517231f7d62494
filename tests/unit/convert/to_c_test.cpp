// toC conversion matrix: (PG type, text value) x C type -> expected value / indicator / result or SQLSTATE.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "driver/convert/pg_types.h"
#include "driver/convert/unicode.h"
#include "tests/unit/convert/convert_test_util.h"

namespace dsql::driver {
namespace {

using test::cellOf;
using test::runToC;

// ---- character targets --------------------------------------------------------------------------------
struct CharRow {
  unsigned oid;
  const char* text;
  const char* expected;
};

const CharRow kCharRows[] = {
    {kOidBool, "t", "1"},
    {kOidBool, "f", "0"},
    {kOidInt4, "-42", "-42"},
    {kOidNumeric, "-12.3400", "-12.3400"},
    {kOidNumeric, "NaN", "NaN"},
    {kOidFloat8, "-Infinity", "-Infinity"},
    {kOidBytea, "\\x0a1bff", "0a1bff"},
    {kOidBytea, "a\\\\b\\001", "615c6201"},  // bytea_output=escape
    // the server's text, offset and all (it is already in the session's time zone)
    {kOidTimestamptz, "2024-01-02 03:04:05.123456+00", "2024-01-02 03:04:05.123456+00"},
    {kOidTimestamptz, "2024-01-01 22:30:00+05:30", "2024-01-01 22:30:00+05:30"},
    {kOidTimestamptz, "2024-01-01 22:30:00-03", "2024-01-01 22:30:00-03"},
    {kOidTimestamptz, "infinity", "infinity"},
    {kOidTimetz, "01:00:00+02", "01:00:00+02"},
    {kOidTimetz, "12:34:56.5+05:30", "12:34:56.5+05:30"},
    // money: a plain decimal, whatever lc_monetary made of it
    {kOidMoney, "$1,234.56", "1234.56"},
    {kOidMoney, "-$5.00", "-5.00"},
    {kOidMoney, "($5.00)", "-5.00"},
    {kOidMoney, "$0.00", "0.00"},
    {kOidMoney, "-$92,233,720,368,547,758.08", "-92233720368547758.08"},
    {kOidMoney, "1.234,56 \xe2\x82\xac", "1234.56"},
    {kOidMoney, "-1 234,56 \xe2\x82\xac", "-1234.56"},
    {kOidMoney, "\xc2\xa5" "1,234", "1234"},  // a lone separator before three digits groups
    {kOidMoney, "kr. 1.234.567,89", "1234567.89"},
    {kOidTimestamp, "2024-01-02 03:04:05", "2024-01-02 03:04:05"},
    {kOidDate, "2024-02-29", "2024-02-29"},
    {kOidInterval, "1 day 02:03:04", "1 day 02:03:04"},
    {kOidUuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"},  // upper case, as psqlODBC
    {kOidText, "h\xc3\xa9llo", "h\xc3\xa9llo"},
    {kOidText, "", ""},
};

TEST(ToC, CharMatrix) {
  for (const CharRow& r : kCharRows) {
    SCOPED_TRACE(r.text);
    char buf[64];
    SQLLEN ind = -99;
    EXPECT_EQ(runToC(cellOf(r.text, r.oid), SQL_C_CHAR, buf, sizeof buf, &ind), "Ok");
    EXPECT_STREQ(buf, r.expected);
    EXPECT_EQ(ind, static_cast<SQLLEN>(std::strlen(r.expected)));
  }
}

TEST(ToC, WideMatrixCountsBytes) {
  for (const CharRow& r : kCharRows) {
    SCOPED_TRACE(r.text);
    SQLWCHAR buf[64];
    SQLLEN ind = -99;
    EXPECT_EQ(runToC(cellOf(r.text, r.oid), SQL_C_WCHAR, buf, sizeof buf, &ind), "Ok");
    std::u16string expected = utf8ToUtf16(r.expected);
    EXPECT_EQ(ind, static_cast<SQLLEN>(expected.size() * sizeof(SQLWCHAR)));
    EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t*>(buf), expected.size()), expected);
    EXPECT_EQ(buf[expected.size()], 0);
  }
}

// ---- integer / bit targets ----------------------------------------------------------------------------
struct IntRow {
  unsigned oid;
  const char* text;
  SQLSMALLINT cType;
  long long expected;       // compared after reading the target type
  const char* outcome;      // "Ok", "01S07" or a SQLSTATE
};

const IntRow kIntRows[] = {
    {kOidInt2, "32767", SQL_C_SSHORT, 32767, "Ok"},
    {kOidInt2, "-32768", SQL_C_SSHORT, -32768, "Ok"},
    {kOidInt4, "32768", SQL_C_SSHORT, 0, "22003"},
    {kOidInt4, "-32769", SQL_C_SSHORT, 0, "22003"},
    {kOidInt4, "65535", SQL_C_USHORT, 65535, "Ok"},
    {kOidInt4, "-1", SQL_C_USHORT, 0, "22003"},
    {kOidInt2, "255", SQL_C_UTINYINT, 255, "Ok"},
    {kOidInt2, "256", SQL_C_UTINYINT, 0, "22003"},
    {kOidInt2, "-128", SQL_C_STINYINT, -128, "Ok"},
    {kOidInt2, "128", SQL_C_STINYINT, 0, "22003"},
    {kOidInt2, "-129", SQL_C_TINYINT, 0, "22003"},
    {kOidInt4, "2147483647", SQL_C_SLONG, 2147483647, "Ok"},
    {kOidInt8, "2147483648", SQL_C_SLONG, 0, "22003"},
    {kOidInt8, "-2147483648", SQL_C_LONG, -2147483648LL, "Ok"},
    {kOidOid, "4294967295", SQL_C_ULONG, 4294967295LL, "Ok"},
    {kOidInt8, "9223372036854775807", SQL_C_SBIGINT, INT64_MAX, "Ok"},
    {kOidInt8, "-9223372036854775808", SQL_C_SBIGINT, INT64_MIN, "Ok"},
    {kOidNumeric, "9223372036854775808", SQL_C_SBIGINT, 0, "22003"},
    {kOidNumeric, "-9223372036854775809", SQL_C_SBIGINT, 0, "22003"},
    {kOidNumeric, "123456789012345678901234567890123456789012", SQL_C_SBIGINT, 0, "22003"},
    {kOidNumeric, "12.75", SQL_C_SLONG, 12, "01S07"},
    {kOidNumeric, "-12.75", SQL_C_SLONG, -12, "01S07"},
    {kOidNumeric, "12.000", SQL_C_SLONG, 12, "Ok"},
    {kOidNumeric, "-0.5", SQL_C_UTINYINT, 0, "01S07"},
    {kOidNumeric, "NaN", SQL_C_SLONG, 0, "22018"},
    {kOidFloat8, "1e+300", SQL_C_SLONG, 0, "22003"},
    {kOidFloat8, "-Infinity", SQL_C_SBIGINT, 0, "22003"},
    {kOidFloat8, "1.5e2", SQL_C_SLONG, 150, "Ok"},
    {kOidFloat8, "1.2345e-05", SQL_C_SLONG, 0, "01S07"},
    {kOidBool, "t", SQL_C_SLONG, 1, "Ok"},
    {kOidBool, "f", SQL_C_SSHORT, 0, "Ok"},
    {kOidText, " 77 ", SQL_C_SLONG, 77, "Ok"},
    {kOidText, "abc", SQL_C_SLONG, 0, "22018"},
    {kOidVarchar, "", SQL_C_SLONG, 0, "22018"},
    {kOidInt8, "18446744073709551615", SQL_C_UBIGINT, -1 /* all bits */, "Ok"},
    {kOidBool, "t", SQL_C_BIT, 1, "Ok"},
    {kOidInt4, "0", SQL_C_BIT, 0, "Ok"},
    {kOidNumeric, "1.5", SQL_C_BIT, 1, "01S07"},
    {kOidNumeric, "0.25", SQL_C_BIT, 0, "01S07"},
    {kOidInt4, "2", SQL_C_BIT, 0, "22003"},
    {kOidInt4, "-1", SQL_C_BIT, 0, "22003"},
    {kOidNumeric, "NaN", SQL_C_BIT, 0, "22018"},
    {kOidDate, "2024-01-02", SQL_C_SLONG, 0, "07006"},
    {kOidBytea, "\\x01", SQL_C_SLONG, 0, "07006"},
    {kOidUuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", SQL_C_SLONG, 0, "07006"},
};

long long readInt(SQLSMALLINT cType, const unsigned char* b) {
  auto get = [b](auto v) { std::memcpy(&v, b, sizeof v); return static_cast<long long>(v); };
  switch (cType) {
    case SQL_C_BIT:
    case SQL_C_UTINYINT: return get(SQLCHAR{});
    case SQL_C_TINYINT:
    case SQL_C_STINYINT: return get(SQLSCHAR{});
    case SQL_C_SSHORT: return get(SQLSMALLINT{});
    case SQL_C_USHORT: return get(SQLUSMALLINT{});
    case SQL_C_LONG:
    case SQL_C_SLONG: return get(SQLINTEGER{});
    case SQL_C_ULONG: return get(SQLUINTEGER{});
    default: return get(SQLBIGINT{});
  }
}

TEST(ToC, IntegerMatrix) {
  for (const IntRow& r : kIntRows) {
    SCOPED_TRACE(std::string(r.text) + " -> " + std::to_string(r.cType));
    alignas(8) unsigned char buf[16];
    std::memset(buf, 0xAB, sizeof buf);
    SQLLEN ind = -99;
    ASSERT_EQ(runToC(cellOf(r.text, r.oid), r.cType, buf, 0, &ind), r.outcome);
    if (std::string(r.outcome) == "Ok" || std::string(r.outcome) == "01S07") {
      EXPECT_EQ(readInt(r.cType, buf), r.expected);
      EXPECT_GT(ind, 0);
      EXPECT_LE(ind, 8);
    }
  }
}

TEST(ToC, FixedIndicatorIsSizeOfTarget) {
  SQLINTEGER v = 0;
  SQLLEN ind = 0;
  ASSERT_EQ(runToC(cellOf("5", kOidInt4), SQL_C_SLONG, &v, 0, &ind), "Ok");
  EXPECT_EQ(ind, static_cast<SQLLEN>(sizeof(SQLINTEGER)));
  SQL_TIMESTAMP_STRUCT ts{};
  ASSERT_EQ(runToC(cellOf("2024-01-02", kOidDate), SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind), "Ok");
  EXPECT_EQ(ind, static_cast<SQLLEN>(sizeof ts));
}

// ---- floating targets ---------------------------------------------------------------------------------
TEST(ToC, FloatingMatrix) {
  struct Row { unsigned oid; const char* text; SQLSMALLINT cType; double expected; const char* outcome; } rows[] = {
      {kOidFloat8, "1.5", SQL_C_DOUBLE, 1.5, "Ok"},
      {kOidFloat8, "1.2345678901234567e-05", SQL_C_DOUBLE, 1.2345678901234567e-05, "Ok"},
      {kOidFloat4, "3.25", SQL_C_FLOAT, 3.25, "Ok"},
      {kOidNumeric, "-12.3400", SQL_C_DOUBLE, -12.34, "Ok"},
      {kOidInt8, "9007199254740993", SQL_C_DOUBLE, 9007199254740992.0, "Ok"},
      {kOidFloat8, "1e+300", SQL_C_FLOAT, 0, "22003"},
      {kOidFloat8, "1e-400", SQL_C_DOUBLE, 0.0, "Ok"},
      {kOidNumeric, "1e400", SQL_C_DOUBLE, 0, "22003"},
      {kOidFloat8, "Infinity", SQL_C_DOUBLE, std::numeric_limits<double>::infinity(), "Ok"},
      {kOidBool, "t", SQL_C_DOUBLE, 1.0, "Ok"},
      {kOidText, "x1", SQL_C_DOUBLE, 0, "22018"},
      {kOidTimestamp, "2024-01-02 00:00:00", SQL_C_DOUBLE, 0, "07006"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.text);
    alignas(8) unsigned char buf[8] = {};
    SQLLEN ind = 0;
    ASSERT_EQ(runToC(cellOf(r.text, r.oid), r.cType, buf, 0, &ind), r.outcome);
    if (std::string(r.outcome) != "Ok") continue;
    if (r.cType == SQL_C_FLOAT) {
      float f;
      std::memcpy(&f, buf, sizeof f);
      EXPECT_EQ(f, static_cast<float>(r.expected));
      EXPECT_EQ(ind, 4);
    } else {
      double d;
      std::memcpy(&d, buf, sizeof d);
      EXPECT_EQ(d, r.expected);
      EXPECT_EQ(ind, 8);
    }
  }
  double nan = 0;
  ASSERT_EQ(runToC(cellOf("NaN", kOidFloat8), SQL_C_DOUBLE, &nan, 0, nullptr), "Ok");
  EXPECT_TRUE(std::isnan(nan));
}

}  // namespace
// money into numbers: the locale's currency text is read as the decimal it stands for.
TEST(ToC, MoneyToNumbers) {
  double d = 0;
  EXPECT_EQ(runToC(cellOf("-$1,234.50", kOidMoney), SQL_C_DOUBLE, &d, 0, nullptr), "Ok");
  EXPECT_EQ(d, -1234.5);
  SQLINTEGER l = 0;
  EXPECT_EQ(runToC(cellOf("$1,234.00", kOidMoney), SQL_C_SLONG, &l, 0, nullptr), "Ok");
  EXPECT_EQ(l, 1234);
  EXPECT_EQ(runToC(cellOf("$1,234.56", kOidMoney), SQL_C_SLONG, &l, 0, nullptr), "01S07");
  SQLSMALLINT sh = 0;
  EXPECT_EQ(runToC(cellOf("$92,233,720,368,547,758.07", kOidMoney), SQL_C_SSHORT, &sh, 0, nullptr), "22003");
  SQL_TIMESTAMP_STRUCT ts{};
  EXPECT_EQ(runToC(cellOf("$1.00", kOidMoney), SQL_C_TYPE_TIMESTAMP, &ts, 0, nullptr), "07006");
}

}  // namespace dsql::driver
