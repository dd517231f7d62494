// The fast paths of bound-column fetch (to_c_fast.h) against toC: over every (type, C type, value) of a
// matrix that includes the values the fast paths must refuse, a fast path either declines and writes
// nothing, or writes exactly what toC writes -- the same bytes and the same indicator.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "driver/convert/pg_types.h"
#include "driver/convert/to_c.h"
#include "driver/convert/to_c_fast.h"

namespace dsql::driver {
namespace {

struct Case {
  unsigned oid;
  std::vector<const char*> values;
};

const Case kCases[] = {
    {kOidInt2, {"0", "-32768", "32767", "12"}},
    {kOidInt4, {"0", "-2147483648", "2147483647", "42", "-7"}},
    {kOidInt8, {"0", "-9223372036854775808", "9223372036854775807", "2147483648", "-2147483649", "40000", "123456789012345678",
                "-999999999999999999", "9999999999999999999", "-9223372036854775809", "0000000000000000000012", "007", "-0",
                "-", "", "+5", "12a", "1-2", " 12", "1e3"}},
    {kOidOid, {"4294967295", "16384"}},
    {kOidFloat8, {"1.5", "-0", "1e+300", "1e-300", "NaN", "Infinity", "-Infinity", "3.4028236e+38", "0.1", "123456789.123"}},
    {kOidFloat4, {"1.5", "3.4028235e+38", "-1e-45", "NaN"}},
    {kOidNumeric, {"12.3400", "-0.001", "NaN", "99999999999999999999999.5", "0"}},
    {kOidText, {"", "abc", "aé€😀", "a string that is longer than sixteen bytes"}},
    {kOidVarchar, {"x", "0123456789abcde", "0123456789abcdef"}},
    {kOidBool, {"t", "f"}},
    {kOidMoney, {"$1,234.56", "-$0.50"}},
    {kOidBytea, {"\\x0a1bff"}},
    {kOidUuid, {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}},
    {kOidDate, {"2024-01-31", "0001-01-01", "9999-12-31", "infinity", "-infinity", "2024-01-31 BC", "10000-01-01",
                "01/31/2024", "31.01.2024"}},
    {kOidTimestamp, {"2024-01-31 12:34:56", "2024-01-31 12:34:56.5", "2024-01-31 12:34:56.123456", "2024-01-31 23:59:59.999999",
                     "infinity", "2024-01-31 12:34:56 BC", "2024-01-31 12:34:56.", "01/31/2024 12:34:56"}},
    {kOidTimestamptz, {"2024-01-31 12:34:56+05:30", "2024-01-31 12:34:56.25-03"}},
    {kOidTime, {"12:34:56", "24:00:00"}},
    {kOidInterval, {"1 day 02:00:00"}},
};

const SQLSMALLINT kTypes[] = {SQL_C_SLONG, SQL_C_LONG, SQL_C_SBIGINT, SQL_C_SSHORT, SQL_C_SHORT, SQL_C_DOUBLE,
                              SQL_C_CHAR, SQL_C_TYPE_DATE, SQL_C_DATE, SQL_C_TYPE_TIMESTAMP, SQL_C_TIMESTAMP};

struct Outcome {
  bool threw = false;
  ConvertResult result = ConvertResult::Ok;
  unsigned char buffer[64];
  SQLLEN indicator = -12345;
};

TEST(ToCFast, AgreesWithToCOrDeclines) {
  int taken = 0, declined = 0;
  for (const Case& c : kCases) {
    for (const char* v : c.values) {
      for (SQLSMALLINT type : kTypes) {
        for (SQLLEN bufferLength : {SQLLEN{64}, SQLLEN{16}, SQLLEN{4}}) {
          const FastPath path = chooseFastPath(c.oid, type);
          Outcome fast, slow;
          std::memset(fast.buffer, 0xAB, sizeof fast.buffer);
          std::memset(slow.buffer, 0xAB, sizeof slow.buffer);
          CTarget tf{type, fast.buffer, bufferLength, &fast.indicator};
          CTarget ts{type, slow.buffer, bufferLength, &slow.indicator};
          const std::size_t len = std::strlen(v);
          SCOPED_TRACE("oid " + std::to_string(c.oid) + " '" + v + "' C type " + std::to_string(type) + " buffer " +
                       std::to_string(bufferLength));
          if (!convertFast(path, v, len, tf)) {
            ++declined;
            EXPECT_EQ(fast.indicator, -12345) << "a declining fast path wrote the indicator";
            for (unsigned char b : fast.buffer) ASSERT_EQ(b, 0xAB) << "a declining fast path wrote the buffer";
            continue;
          }
          ++taken;
          try {
            slow.result = toC(Cell{v, len, false, c.oid, -1}, ts, nullptr);
          } catch (const std::exception& e) {
            ADD_FAILURE() << "the fast path converted a value toC refuses: " << e.what();
            continue;
          }
          EXPECT_EQ(slow.result, ConvertResult::Ok) << "the fast path took a value toC truncates";
          EXPECT_EQ(fast.indicator, slow.indicator);
          EXPECT_EQ(0, std::memcmp(fast.buffer, slow.buffer, sizeof fast.buffer));
        }
      }
    }
  }
  // The matrix exercises both sides: common values go fast, the edge values are declined.
  EXPECT_GT(taken, 60);
  EXPECT_GT(declined, 60);
}

TEST(ToCFast, ChoosesAPathOnlyForTheCommonPairs) {
  EXPECT_EQ(chooseFastPath(kOidInt4, SQL_C_SLONG), FastPath::Int64ToInt32);
  EXPECT_EQ(chooseFastPath(kOidInt8, SQL_C_SBIGINT), FastPath::Int64ToInt64);
  EXPECT_EQ(chooseFastPath(kOidFloat8, SQL_C_DOUBLE), FastPath::TextToDouble);
  EXPECT_EQ(chooseFastPath(kOidText, SQL_C_CHAR), FastPath::TextToChar);
  EXPECT_EQ(chooseFastPath(kOidDate, SQL_C_TYPE_DATE), FastPath::IsoDateToDate);
  EXPECT_EQ(chooseFastPath(kOidTimestamp, SQL_C_TYPE_TIMESTAMP), FastPath::IsoTimestampToTimestamp);
  // Forms with rules of their own, and pairs toC refuses, always take the general path.
  EXPECT_EQ(chooseFastPath(kOidBool, SQL_C_CHAR), FastPath::None);
  EXPECT_EQ(chooseFastPath(kOidMoney, SQL_C_CHAR), FastPath::None);
  EXPECT_EQ(chooseFastPath(kOidBytea, SQL_C_CHAR), FastPath::None);
  EXPECT_EQ(chooseFastPath(kOidUuid, SQL_C_CHAR), FastPath::None);
  EXPECT_EQ(chooseFastPath(kOidTimestamptz, SQL_C_TYPE_TIMESTAMP), FastPath::None);
  EXPECT_EQ(chooseFastPath(kOidText, SQL_C_SLONG), FastPath::None);
  EXPECT_EQ(chooseFastPath(kOidInt4, SQL_C_WCHAR), FastPath::None);
}

}  // namespace
}  // namespace dsql::driver
