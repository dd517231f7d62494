// The pass-through path allocates nothing but the statements vector (DESIGN.md "Performance shape"). The
// global operator new of this test binary is replaced by a counting one; only this file reads the count.
#include <gtest/gtest.h>

#include "shim/sql/translate.h"
#include "tests/support/counting_new.h"

namespace dsql::shim::sql {
namespace {

long allocationsOf(std::string_view sql, const Options& options = Options()) {
  if (!dsqltest::kCountingAllocations) return -1;
  const long before = dsqltest::allocationCount();
  {
    Translation t = translate(sql, options);
    EXPECT_FALSE(t.statements.empty());
  }
  return dsqltest::allocationCount() - before;
}

TEST(Allocation, UnchangedStatementAllocatesOnlyTheVector) {
  if (!dsqltest::kCountingAllocations) GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
  const std::string sql =
      "SELECT o.id, o.customer_id, o.total, o.created_at, c.name, c.email FROM orders o JOIN customers c ON "
      "c.id = o.customer_id WHERE o.status = 'open' AND o.total > 100 ORDER BY o.created_at DESC LIMIT 500";
  EXPECT_EQ(allocationsOf(sql), 1);
  Options pg;
  pg.dsql = false;
  EXPECT_EQ(allocationsOf(sql, pg), 1);
  EXPECT_EQ(allocationsOf("SELECT $1, 'a''b', $$x$$ /* c */ -- d"), 1);
}

TEST(Allocation, RewrittenStatementDoesAllocate) {  // the counter is live: a rewrite is seen
  if (!dsqltest::kCountingAllocations) GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
  EXPECT_GT(allocationsOf("SELECT ?"), 1);
}

}  // namespace
}  // namespace dsql::shim::sql
