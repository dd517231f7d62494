// A counting replacement of the global operator new, for the tests and benchmarks that check or report
// "no allocation" on hot paths. It DEFINES the replacement operators: include it from exactly one source
// file of a binary. Under AddressSanitizer the sanitizer keeps its own allocator, counting is off, and
// kCountingAllocations says so (tests skip rather than pass without checking).
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define DSQL_COUNTING_NEW 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DSQL_COUNTING_NEW 0
#endif
#endif
#ifndef DSQL_COUNTING_NEW
#define DSQL_COUNTING_NEW 1
#endif

namespace dsqltest {
inline std::atomic<long> g_allocations{0};
inline constexpr bool kCountingAllocations = DSQL_COUNTING_NEW != 0;
inline long allocationCount() { return g_allocations.load(std::memory_order_relaxed); }
}  // namespace dsqltest

#if DSQL_COUNTING_NEW
// Replacement operators pair malloc/free by design; GCC 12 misreads the pair after inlining at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  dsqltest::g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif
