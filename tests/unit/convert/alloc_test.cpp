// Hot paths allocate nothing: integer, float, numeric, date/timestamp and narrow character conversions of a
// result cell are checked with a counting global operator new.
#include <gtest/gtest.h>

#include "driver/convert/pg_types.h"
#include "tests/support/counting_new.h"
#include "tests/unit/convert/convert_test_util.h"

namespace dsql::driver {
namespace {

TEST(Allocation, FixedAndNarrowConversionsDoNotAllocate) {
  if (!dsqltest::kCountingAllocations) GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
  SQLBIGINT i = 0;
  double d = 0;
  SQL_NUMERIC_STRUCT n{};
  SQL_TIMESTAMP_STRUCT ts{};
  char buf[64];
  SQLLEN ind = 0;
  Cell c1 = test::cellOf("-9223372036854775808", kOidInt8);
  Cell c2 = test::cellOf("1.2345678901234567e-05", kOidFloat8);
  Cell c3 = test::cellOf("-12.3400", kOidNumeric);
  Cell c4 = test::cellOf("2024-01-02 03:04:05.123456+05:30", kOidTimestamptz);
  Cell c5 = test::cellOf("some text", kOidText);
  long before = dsqltest::allocationCount();
  for (int k = 0; k < 100; ++k) {
    ASSERT_EQ(toC(c1, CTarget{SQL_C_SBIGINT, &i, 0, &ind}, nullptr), ConvertResult::Ok);
    ASSERT_EQ(toC(c2, CTarget{SQL_C_DOUBLE, &d, 0, &ind}, nullptr), ConvertResult::Ok);
    ASSERT_EQ(toC(c3, CTarget{SQL_C_NUMERIC, &n, 0, &ind, 10, 4}, nullptr), ConvertResult::Ok);
    ASSERT_EQ(toC(c4, CTarget{SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind}, nullptr), ConvertResult::Ok);
    ASSERT_EQ(toC(c4, CTarget{SQL_C_CHAR, buf, sizeof buf, &ind}, nullptr), ConvertResult::Ok);
    ASSERT_EQ(toC(c5, CTarget{SQL_C_CHAR, buf, sizeof buf, &ind}, nullptr), ConvertResult::Ok);
  }
  EXPECT_EQ(dsqltest::allocationCount() - before, 0);
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_EQ(ts.hour, 3);  // the wall clock as written (the session time zone's), offset dropped
  EXPECT_STREQ(buf, "some text");
}

}  // namespace
}  // namespace dsql::driver
