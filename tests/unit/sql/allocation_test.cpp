// The pass-through path allocates nothing but the statements vector (DESIGN.md "Performance shape"). The
// global operator new of this test binary is replaced by a counting one; only this file reads the count.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "shim/sql/translate.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// AddressSanitizer owns operator new/delete itself, so the count is only taken in ordinary builds.
#if defined(__SANITIZE_ADDRESS__)
#define DSQL_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DSQL_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef DSQL_COUNT_ALLOCATIONS
#define DSQL_COUNT_ALLOCATIONS 1
#endif

#if DSQL_COUNT_ALLOCATIONS
// Replacement operators pair malloc/free by design; GCC 12 misreads the pair after inlining at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace dsql::shim::sql {
namespace {

long allocationsOf(std::string_view sql, const Options& options = Options()) {
  if (!DSQL_COUNT_ALLOCATIONS) return -1;
  const long before = g_allocations.load();
  {
    Translation t = translate(sql, options);
    EXPECT_FALSE(t.statements.empty());
  }
  return g_allocations.load() - before;
}

TEST(Allocation, UnchangedStatementAllocatesOnlyTheVector) {
  if (!DSQL_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
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
  if (!DSQL_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
  EXPECT_GT(allocationsOf("SELECT ?"), 1);
}

}  // namespace
}  // namespace dsql::shim::sql
