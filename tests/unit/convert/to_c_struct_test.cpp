// toC into structs: SQL_NUMERIC_STRUCT, date/time/timestamp (ODBC 3 and 2 codes), SQLGUID, intervals.
#include <gtest/gtest.h>

#include <ctime>

#include "driver/convert/pg_types.h"
#include "tests/unit/convert/convert_test_util.h"

namespace dsql::driver {
namespace {

using test::cellOf;
using test::runToC;

// Little-endian 128-bit val of a numeric struct as a decimal string, with the sign.
std::string numericValue(const SQL_NUMERIC_STRUCT& n) {
  __extension__ typedef unsigned __int128 U128;
  U128 v = 0;
  for (int k = 15; k >= 0; --k) v = (v << 8) | n.val[k];
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  return (n.sign ? "+" : "-") + digits;
}

TEST(ToCNumeric, StructMatrix) {
  struct Row {
    const char* text; SQLSMALLINT precision, scale; const char* outcome; const char* value;
  } rows[] = {
      {"-12.3400", 10, 4, "Ok", "-123400"},
      {"-12.3400", 10, 2, "Ok", "-1234"},
      {"12.345", 10, 2, "01S07", "+1234"},       // truncation of fractional digits
      {"12.345", 0, 0, "01S07", "+12"},          // precision 0 means the default 38
      {"0", 5, 2, "Ok", "+0"},
      {"-0.001", 5, 2, "01S07", "+0"},           // zero is never negative
      {"123456", 5, 0, "22003", ""},             // 6 digits > precision 5
      {"99999999999999999999999999999999999999", 38, 0, "Ok", "+99999999999999999999999999999999999999"},
      {"340282366920938463463374607431768211456", 38, 0, "22003", ""},  // 2^128
      {"1.5", 10, -1, "01S07", "+0"},            // negative scale: value / 10
      {"1234", 10, -2, "01S07", "+12"},
      {"NaN", 10, 2, "22018", ""},
      {"Infinity", 10, 2, "22003", ""},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(r.text) + " s=" + std::to_string(r.scale));
    SQL_NUMERIC_STRUCT n{};
    SQLLEN ind = 0;
    ASSERT_EQ(runToC(cellOf(r.text, kOidNumeric), SQL_C_NUMERIC, &n, 0, &ind, nullptr, r.precision, r.scale),
              r.outcome);
    if (*r.value == 0) continue;
    EXPECT_EQ(numericValue(n), r.value);
    EXPECT_EQ(n.scale, r.scale);
    EXPECT_EQ(n.precision, r.precision ? r.precision : 38);
    EXPECT_EQ(ind, static_cast<SQLLEN>(sizeof n));
  }
}

TEST(ToCNumeric, Int64BoundsRoundTripThroughStruct) {
  SQL_NUMERIC_STRUCT n{};
  ASSERT_EQ(runToC(cellOf("-9223372036854775808", kOidInt8), SQL_C_NUMERIC, &n, 0, nullptr, nullptr, 19, 0), "Ok");
  EXPECT_EQ(numericValue(n), "-9223372036854775808");
  CSource s{SQL_C_NUMERIC, SQL_BIGINT, 19, 0, &n, 0, nullptr, nullptr};
  PgParam p;
  ASSERT_EQ(test::runFromC(s, p), "Ok");
  EXPECT_EQ(p.value, "-9223372036854775808");
}

struct DtRow {
  unsigned oid;
  const char* text;
  SQLSMALLINT cType;
  const char* outcome;
  int y, mo, d, h, mi, s;
  unsigned long frac;
};

const DtRow kDtRows[] = {
    {kOidDate, "2024-02-29", SQL_C_TYPE_DATE, "Ok", 2024, 2, 29, 0, 0, 0, 0},
    {kOidDate, "2024-02-29", SQL_C_DATE, "Ok", 2024, 2, 29, 0, 0, 0, 0},
    {kOidDate, "2024-02-29", SQL_C_TYPE_TIMESTAMP, "Ok", 2024, 2, 29, 0, 0, 0, 0},
    {kOidDate, "2024-02-29", SQL_C_TYPE_TIME, "07006", 0, 0, 0, 0, 0, 0, 0},
    {kOidDate, "infinity", SQL_C_TYPE_DATE, "22008", 0, 0, 0, 0, 0, 0, 0},
    {kOidDate, "-infinity", SQL_C_TYPE_TIMESTAMP, "22008", 0, 0, 0, 0, 0, 0, 0},
    {kOidDate, "0044-03-15 BC", SQL_C_TYPE_DATE, "22008", 0, 0, 0, 0, 0, 0, 0},
    {kOidTimestamp, "2024-01-02 03:04:05.123456", SQL_C_TYPE_TIMESTAMP, "Ok", 2024, 1, 2, 3, 4, 5, 123456000},
    {kOidTimestamp, "2024-01-02 03:04:05.123456", SQL_C_TIMESTAMP, "Ok", 2024, 1, 2, 3, 4, 5, 123456000},
    {kOidTimestamp, "2024-01-02 03:04:05", SQL_C_TYPE_DATE, "01S07", 2024, 1, 2, 0, 0, 0, 0},
    {kOidTimestamp, "2024-01-02 00:00:00", SQL_C_TYPE_DATE, "Ok", 2024, 1, 2, 0, 0, 0, 0},
    {kOidTimestamp, "2024-01-02 03:04:05.5", SQL_C_TYPE_TIME, "01S07", 0, 0, 0, 3, 4, 5, 0},
    {kOidTimestamp, "2024-01-02 03:04:05", SQL_C_TIME, "Ok", 0, 0, 0, 3, 4, 5, 0},
    {kOidTimestamptz, "2024-01-02 03:04:05.5+00", SQL_C_TYPE_TIMESTAMP, "Ok", 2024, 1, 2, 3, 4, 5, 500000000},
    // the wall clock as the server rendered it in the session time zone; the offset is dropped
    {kOidTimestamptz, "2024-01-01 23:30:00-02:00", SQL_C_TYPE_TIMESTAMP, "Ok", 2024, 1, 1, 23, 30, 0, 0},
    {kOidTimestamptz, "2024-03-01 01:00:00+05", SQL_C_TYPE_DATE, "01S07", 2024, 3, 1, 0, 0, 0, 0},
    {kOidTime, "23:59:59", SQL_C_TYPE_TIME, "Ok", 0, 0, 0, 23, 59, 59, 0},
    {kOidTime, "23:59:59.25", SQL_C_TYPE_TIME, "01S07", 0, 0, 0, 23, 59, 59, 0},
    {kOidTime, "10:00:00", SQL_C_TYPE_DATE, "07006", 0, 0, 0, 0, 0, 0, 0},
    {kOidTimetz, "01:00:00+02", SQL_C_TYPE_TIME, "Ok", 0, 0, 0, 1, 0, 0, 0},
    {kOidVarchar, "2024-05-06", SQL_C_TYPE_DATE, "Ok", 2024, 5, 6, 0, 0, 0, 0},
    {kOidVarchar, "2024-13-06", SQL_C_TYPE_DATE, "22018", 0, 0, 0, 0, 0, 0, 0},
    {kOidVarchar, "2023-02-29", SQL_C_TYPE_DATE, "22018", 0, 0, 0, 0, 0, 0, 0},
    {kOidVarchar, "hello", SQL_C_TYPE_TIMESTAMP, "22018", 0, 0, 0, 0, 0, 0, 0},
    {kOidInt4, "20240102", SQL_C_TYPE_DATE, "07006", 0, 0, 0, 0, 0, 0, 0},
};

TEST(ToCDateTime, Matrix) {
  for (const DtRow& r : kDtRows) {
    SCOPED_TRACE(std::string(r.text) + " -> " + std::to_string(r.cType));
    SQL_TIMESTAMP_STRUCT ts{};  // large enough for each struct
    SQLLEN ind = 0;
    ASSERT_EQ(runToC(cellOf(r.text, r.oid), r.cType, &ts, 0, &ind), r.outcome);
    if (std::string(r.outcome) != "Ok" && std::string(r.outcome) != "01S07") continue;
    if (r.cType == SQL_C_TYPE_DATE || r.cType == SQL_C_DATE) {
      SQL_DATE_STRUCT d;
      std::memcpy(&d, &ts, sizeof d);
      EXPECT_EQ(d.year, r.y);
      EXPECT_EQ(d.month, r.mo);
      EXPECT_EQ(d.day, r.d);
      EXPECT_EQ(ind, static_cast<SQLLEN>(sizeof d));
    } else if (r.cType == SQL_C_TYPE_TIME || r.cType == SQL_C_TIME) {
      SQL_TIME_STRUCT t;
      std::memcpy(&t, &ts, sizeof t);
      EXPECT_EQ(t.hour, r.h);
      EXPECT_EQ(t.minute, r.mi);
      EXPECT_EQ(t.second, r.s);
      EXPECT_EQ(ind, static_cast<SQLLEN>(sizeof t));
    } else {
      EXPECT_EQ(ts.year, r.y);
      EXPECT_EQ(ts.month, r.mo);
      EXPECT_EQ(ts.day, r.d);
      EXPECT_EQ(ts.hour, r.h);
      EXPECT_EQ(ts.minute, r.mi);
      EXPECT_EQ(ts.second, r.s);
      EXPECT_EQ(ts.fraction, r.frac);
    }
  }
}

TEST(ToCDateTime, TimeIntoTimestampTakesToday) {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  SQL_TIMESTAMP_STRUCT ts{};
  ASSERT_EQ(runToC(cellOf("12:34:56", kOidTime), SQL_C_TYPE_TIMESTAMP, &ts, 0, nullptr), "Ok");
  EXPECT_EQ(ts.year, local.tm_year + 1900);
  EXPECT_EQ(ts.hour, 12);
  EXPECT_EQ(ts.second, 56);
}

TEST(ToCGuid, Matrix) {
  SQLGUID g{};
  ASSERT_EQ(runToC(cellOf("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", kOidUuid), SQL_C_GUID, &g, 0, nullptr), "Ok");
  EXPECT_EQ(g.Data1, 0xa0eebc99u);
  EXPECT_EQ(g.Data2, 0x9c0b);
  EXPECT_EQ(g.Data3, 0x4ef8);
  const unsigned char tail[8] = {0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11};
  EXPECT_EQ(std::memcmp(g.Data4, tail, 8), 0);
  EXPECT_EQ(runToC(cellOf("{A0EEBC999C0B4EF8BB6D6BB9BD380A11}", kOidText), SQL_C_GUID, &g, 0, nullptr), "Ok");
  EXPECT_EQ(g.Data1, 0xa0eebc99u);
  EXPECT_EQ(runToC(cellOf("a0eebc99-9c0b", kOidText), SQL_C_GUID, &g, 0, nullptr), "22018");
  EXPECT_EQ(runToC(cellOf("42", kOidInt4), SQL_C_GUID, &g, 0, nullptr), "07006");
}

struct IvRow {
  unsigned oid;
  const char* text;
  SQLSMALLINT cType;
  const char* outcome;
  bool negative;
  unsigned long a, b, c, d, frac;  // year,month or day,hour,minute,second
};

const IvRow kIvRows[] = {
    {kOidInterval, "1 day 02:03:04", SQL_C_INTERVAL_DAY_TO_SECOND, "Ok", false, 1, 2, 3, 4, 0},
    {kOidInterval, "-1 days -02:03:04.5", SQL_C_INTERVAL_DAY_TO_SECOND, "Ok", true, 1, 2, 3, 4, 500000},
    {kOidInterval, "1 day -01:00:00", SQL_C_INTERVAL_DAY_TO_SECOND, "Ok", false, 0, 23, 0, 0, 0},
    {kOidInterval, "100:00:00", SQL_C_INTERVAL_HOUR_TO_SECOND, "Ok", false, 0, 100, 0, 0, 0},
    {kOidInterval, "2 days 00:30:00", SQL_C_INTERVAL_DAY, "01S07", false, 2, 0, 0, 0, 0},
    {kOidInterval, "00:01:30.25", SQL_C_INTERVAL_MINUTE_TO_SECOND, "Ok", false, 0, 0, 1, 30, 250000},
    {kOidInterval, "00:01:30.25", SQL_C_INTERVAL_SECOND, "Ok", false, 0, 0, 0, 90, 250000},
    {kOidInterval, "1 year 2 mons", SQL_C_INTERVAL_YEAR_TO_MONTH, "Ok", false, 1, 2, 0, 0, 0},
    {kOidInterval, "-1 years -2 mons", SQL_C_INTERVAL_MONTH, "Ok", true, 0, 14, 0, 0, 0},
    {kOidInterval, "1 year 2 mons", SQL_C_INTERVAL_YEAR, "01S07", false, 1, 0, 0, 0, 0},
    {kOidInterval, "1 mon 3 days", SQL_C_INTERVAL_DAY_TO_SECOND, "22015", false, 0, 0, 0, 0, 0},
    {kOidInterval, "1 year 3 days", SQL_C_INTERVAL_YEAR_TO_MONTH, "01S07", false, 1, 0, 0, 0, 0},
    {kOidInterval, "@ 3 days 4 hours ago", SQL_C_INTERVAL_DAY_TO_HOUR, "Ok", true, 3, 4, 0, 0, 0},
    {kOidVarchar, "5 02:00:00", SQL_C_INTERVAL_DAY_TO_SECOND, "Ok", false, 5, 2, 0, 0, 0},
    {kOidVarchar, "soon", SQL_C_INTERVAL_DAY_TO_SECOND, "22018", false, 0, 0, 0, 0, 0},
    {kOidInt4, "-7", SQL_C_INTERVAL_DAY, "Ok", true, 7, 0, 0, 0, 0},
    {kOidInt4, "7", SQL_C_INTERVAL_DAY_TO_HOUR, "07006", false, 0, 0, 0, 0, 0},
    {kOidDate, "2024-01-01", SQL_C_INTERVAL_DAY, "07006", false, 0, 0, 0, 0, 0},
};

TEST(ToCInterval, Matrix) {
  for (const IvRow& r : kIvRows) {
    SCOPED_TRACE(std::string(r.text) + " -> " + std::to_string(r.cType));
    SQL_INTERVAL_STRUCT iv{};
    ASSERT_EQ(runToC(cellOf(r.text, r.oid), r.cType, &iv, 0, nullptr, nullptr, 6), r.outcome);  // ARD default 6
    if (std::string(r.outcome) != "Ok" && std::string(r.outcome) != "01S07") continue;
    EXPECT_EQ(iv.interval_type, static_cast<SQLINTERVAL>(r.cType - 100));
    EXPECT_EQ(iv.interval_sign, r.negative ? SQL_TRUE : SQL_FALSE);
    if (r.cType == SQL_C_INTERVAL_YEAR || r.cType == SQL_C_INTERVAL_MONTH || r.cType == SQL_C_INTERVAL_YEAR_TO_MONTH) {
      EXPECT_EQ(iv.intval.year_month.year, r.a);
      EXPECT_EQ(iv.intval.year_month.month, r.b);
    } else {
      EXPECT_EQ(iv.intval.day_second.day, r.a);
      EXPECT_EQ(iv.intval.day_second.hour, r.b);
      EXPECT_EQ(iv.intval.day_second.minute, r.c);
      EXPECT_EQ(iv.intval.day_second.second, r.d);
      EXPECT_EQ(iv.intval.day_second.fraction, r.frac);
    }
  }
}

TEST(ToC, NullAndBadTypes) {
  SQLLEN ind = 0;
  Cell null{nullptr, 0, true, kOidInt4, -1};
  SQLINTEGER v = 7;
  EXPECT_EQ(runToC(null, SQL_C_SLONG, &v, 0, &ind), "Ok");
  EXPECT_EQ(ind, SQL_NULL_DATA);
  EXPECT_EQ(v, 7);  // buffer untouched
  EXPECT_EQ(runToC(null, SQL_C_SLONG, &v, 0, nullptr), "22002");
  EXPECT_EQ(runToC(cellOf("1", kOidInt4), 9999, &v, 0, &ind), "HY003");
  char buf[4];
  EXPECT_EQ(runToC(cellOf("1", kOidInt4), SQL_C_CHAR, buf, -1, &ind), "HY090");
  // SQL_C_DEFAULT resolves to the column's default C type (int4 -> SQL_C_SLONG).
  EXPECT_EQ(runToC(cellOf("1234", kOidInt4), SQL_C_DEFAULT, &v, 0, &ind), "Ok");
  EXPECT_EQ(v, 1234);
}

}  // namespace
// The ARD's SQL_DESC_PRECISION is the interval seconds precision: how many digits `fraction` carries.
TEST(ToCInterval, SecondsPrecisionFromTheArd) {
  struct Case {
    const char* text;
    unsigned oid;
    SQLSMALLINT precision;
    const char* outcome;
    unsigned long second, fraction;
  };
  const Case cases[] = {
      {"00:00:01.5", kOidInterval, 6, "Ok", 1, 500000},      {"00:00:01.5", kOidInterval, 3, "Ok", 1, 500},
      {"00:00:01.5", kOidInterval, 1, "Ok", 1, 5},           {"00:00:01.5", kOidInterval, 9, "Ok", 1, 500000000},
      {"00:00:01.5", kOidInterval, 0, "01S07", 1, 0},        {"00:00:01.123456", kOidInterval, 3, "01S07", 1, 123},
      {"00:00:01.123456", kOidInterval, 38, "Ok", 1, 123456},  // no ARD precision (SQLGetData): default 6
      {"2.25", kOidNumeric, 2, "Ok", 2, 25},                 {"2.25", kOidNumeric, 1, "01S07", 2, 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " precision " + std::to_string(c.precision));
    SQL_INTERVAL_STRUCT iv{};
    ASSERT_EQ(runToC(cellOf(c.text, c.oid), SQL_C_INTERVAL_SECOND, &iv, 0, nullptr, nullptr, c.precision), c.outcome);
    EXPECT_EQ(iv.intval.day_second.second, c.second);
    EXPECT_EQ(iv.intval.day_second.fraction, c.fraction);
  }
  SQL_INTERVAL_STRUCT iv{};
  ASSERT_EQ(runToC(cellOf("1 day 00:00:00.25", kOidInterval), SQL_C_INTERVAL_DAY_TO_SECOND, &iv, 0, nullptr, nullptr, 2),
            "Ok");
  EXPECT_EQ(iv.intval.day_second.day, 1u);
  EXPECT_EQ(iv.intval.day_second.fraction, 25u);
}

// The ARD's precision and scale shape an SQL_NUMERIC_STRUCT (ODBC: SQLBindCol / SQL_ARD_TYPE).
TEST(ToCNumeric, ArdPrecisionAndScale) {
  SQL_NUMERIC_STRUCT n{};
  ASSERT_EQ(runToC(cellOf("123.456", kOidNumeric), SQL_C_NUMERIC, &n, 0, nullptr, nullptr, 10, 2), "01S07");
  EXPECT_EQ(n.precision, 10);
  EXPECT_EQ(n.scale, 2);
  EXPECT_EQ(numericValue(n), "+12345");
  ASSERT_EQ(runToC(cellOf("123.456", kOidNumeric), SQL_C_NUMERIC, &n, 0, nullptr, nullptr, 4, 2), "22003");
  ASSERT_EQ(runToC(cellOf("$1,234.56", kOidMoney), SQL_C_NUMERIC, &n, 0, nullptr, nullptr, 19, 2), "Ok");
  EXPECT_EQ(numericValue(n), "+123456");
}

}  // namespace dsql::driver
