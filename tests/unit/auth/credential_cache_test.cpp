// The credential cache's refresh windows and its behaviour under concurrency, with an injected time.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "shim/auth/credential_cache.h"
#include "shim/common/error.h"

using namespace dsql::shim::auth;
using namespace std::chrono_literals;

namespace {

const TimePoint kT0 = *parseIso8601("2025-01-01T00:00:00Z");

Credentials expiringAt(TimePoint exp, const std::string& id) {
  return Credentials{id, "secret", "token", exp, "test"};
}

}  // namespace

TEST(CredentialCache, FreshCredentialsAreServedWithoutFetching) {
  CredentialCache cache;
  int fetches = 0;
  auto fetch = [&] {
    ++fetches;
    return expiringAt(kT0 + 1h, "A" + std::to_string(fetches));
  };
  EXPECT_EQ(cache.get("k", fetch, kT0).accessKeyId, "A1");
  EXPECT_EQ(cache.get("k", fetch, kT0 + 44min).accessKeyId, "A1");  // 16 min left: still fresh
  EXPECT_EQ(fetches, 1);
  EXPECT_EQ(cache.get("other", fetch, kT0).accessKeyId, "A2");  // keys are separate
  EXPECT_EQ(cache.size(), 2u);
}

TEST(CredentialCache, AdvisoryWindowRefreshesButKeepsOldOnFailure) {
  CredentialCache cache;
  cache.get("k", [] { return expiringAt(kT0 + 1h, "OLD"); }, kT0);
  // 12 min left: advisory. A failing refresh keeps the cached credentials.
  auto failing = []() -> Credentials { throw dsql::Error("08001", "sts down"); };
  EXPECT_EQ(cache.get("k", failing, kT0 + 48min).accessKeyId, "OLD");
  // A working refresh replaces them.
  EXPECT_EQ(cache.get("k", [] { return expiringAt(kT0 + 2h, "NEW"); }, kT0 + 48min).accessKeyId, "NEW");
}

TEST(CredentialCache, MandatoryWindowFailureIsAnError) {
  CredentialCache cache;
  cache.get("k", [] { return expiringAt(kT0 + 1h, "OLD"); }, kT0);
  auto failing = []() -> Credentials { throw dsql::Error("28000", "no creds"); };
  EXPECT_THROW(cache.get("k", failing, kT0 + 51min), dsql::Error);  // 9 min left: mandatory
  EXPECT_EQ(cache.get("k", [] { return expiringAt(kT0 + 3h, "NEW"); }, kT0 + 51min).accessKeyId, "NEW");
}

TEST(CredentialCache, StaticCredentialsAreReReadAfterTtl) {
  CredentialCache cache;
  int fetches = 0;
  auto fetch = [&] {
    ++fetches;
    return Credentials{"S" + std::to_string(fetches), "secret", "", std::nullopt, "test"};
  };
  cache.get("k", fetch, kT0);
  EXPECT_EQ(cache.get("k", fetch, kT0 + 4min).accessKeyId, "S1");
  EXPECT_EQ(cache.get("k", fetch, kT0 + 6min).accessKeyId, "S2");
}

TEST(CredentialCache, ConcurrentCallersShareOneFetch) {
  CredentialCache cache;
  std::atomic<int> fetches{0};
  auto fetch = [&] {
    ++fetches;
    std::this_thread::sleep_for(50ms);  // a slow provider
    return expiringAt(kT0 + 1h, "SHARED");
  };
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      if (cache.get("k", fetch, kT0).accessKeyId == "SHARED") ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(fetches.load(), 1);
}

TEST(CredentialCache, WaitersGiveUpAfterTheLockWait) {
  CredentialCache::Windows w;
  w.lockWait = 100ms;
  CredentialCache cache(w);
  std::atomic<bool> release{false};
  std::thread slow([&] {
    cache.get("k", [&] {
      while (!release) std::this_thread::sleep_for(5ms);
      return expiringAt(kT0 + 1h, "SLOW");
    }, kT0);
  });
  std::this_thread::sleep_for(30ms);
  auto start = std::chrono::steady_clock::now();
  try {
    cache.get("k", [] { return expiringAt(kT0 + 1h, "NEVER"); }, kT0);
    ADD_FAILURE() << "expected HYT00";
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "HYT00");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  // Another key is not blocked by the slow one.
  EXPECT_EQ(cache.get("other", [] { return expiringAt(kT0 + 1h, "FAST"); }, kT0).accessKeyId, "FAST");
  release = true;
  slow.join();
  EXPECT_EQ(cache.get("k", [] { return expiringAt(kT0 + 1h, "NEVER"); }, kT0).accessKeyId, "SLOW");
}
