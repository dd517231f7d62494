// The live-handle registry (driver/handles/handle.cpp): every ODBC call looks its handle up there, without
// a lock, while other threads create and free handles. A handle is found only while it lives and only as
// its own kind; the table grows and reuses the slots of freed handles without losing any live one.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "driver/handles/handle.h"

namespace dsql::driver {
namespace {

struct TestHandle : Handle {
  explicit TestHandle(HandleKind k) : Handle(k) {}
  std::recursive_mutex& callMutex() override { return mutex; }
  std::recursive_mutex mutex;
};

TEST(HandleRegistry, FindsLiveHandlesOfTheirOwnKindOnly) {
  auto stmt = std::make_unique<TestHandle>(HandleKind::Statement);
  auto desc = std::make_unique<TestHandle>(HandleKind::Descriptor);
  EXPECT_EQ(Handle::lookup(stmt.get(), HandleKind::Statement), stmt.get());
  EXPECT_EQ(Handle::lookup(desc.get(), HandleKind::Descriptor), desc.get());
  EXPECT_EQ(Handle::lookup(stmt.get(), HandleKind::Descriptor), nullptr);
  EXPECT_EQ(Handle::lookup(desc.get(), HandleKind::Statement), nullptr);
  EXPECT_EQ(Handle::lookup(nullptr, HandleKind::Statement), nullptr);
  // An address inside a handle (a garbage pointer) is not a handle.
  EXPECT_EQ(Handle::lookup(reinterpret_cast<char*>(stmt.get()) + 1, HandleKind::Statement), nullptr);
  EXPECT_EQ(Handle::lookup(reinterpret_cast<char*>(stmt.get()) + 8, HandleKind::Statement), nullptr);

  void* freed = stmt.get();
  stmt->retire();
  EXPECT_EQ(Handle::lookup(freed, HandleKind::Statement), nullptr);
  stmt.reset();  // the destructor retires it again: harmless
  EXPECT_EQ(Handle::lookup(freed, HandleKind::Statement), nullptr);
  EXPECT_EQ(Handle::lookup(desc.get(), HandleKind::Descriptor), desc.get());
}

TEST(HandleRegistry, GrowsAndReusesFreedSlotsWithoutLosingLiveHandles) {
  std::vector<std::unique_ptr<TestHandle>> live;
  for (int i = 0; i < 20000; ++i) live.push_back(std::make_unique<TestHandle>(HandleKind::Statement));
  // Free every other one, then churn: create and free many more than the table holds.
  std::vector<void*> freed;
  for (std::size_t i = 0; i < live.size(); i += 2) {
    freed.push_back(live[i].get());
    live[i].reset();
  }
  for (int round = 0; round < 50000; ++round) {
    TestHandle h(HandleKind::Descriptor);
    ASSERT_EQ(Handle::lookup(&h, HandleKind::Descriptor), &h) << "round " << round;
  }
  for (std::size_t i = 1; i < live.size(); i += 2) {
    ASSERT_EQ(Handle::lookup(live[i].get(), HandleKind::Statement), live[i].get()) << i;
  }
  // The survivors were allocated before the frees, so no freed address belongs to a live handle now.
  for (void* p : freed) {
    EXPECT_EQ(Handle::lookup(p, HandleKind::Statement), nullptr);
    EXPECT_EQ(Handle::lookup(p, HandleKind::Descriptor), nullptr);
  }
}

// Readers look handles up while writers create and free others (and the table grows under them): every
// live handle is found every time. ThreadSanitizer runs this too.
TEST(HandleRegistry, LookupsDuringCreationAndFreeingOnOtherThreads) {
  std::vector<std::unique_ptr<TestHandle>> stable;
  for (int i = 0; i < 64; ++i) stable.push_back(std::make_unique<TestHandle>(HandleKind::Connection));
  std::atomic<bool> stop{false};
  std::atomic<long> misses{0}, lookups{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; ++w)
    threads.emplace_back([&] {
      std::vector<std::unique_ptr<TestHandle>> mine;
      for (int i = 0; i < 20000; ++i) {
        mine.push_back(std::make_unique<TestHandle>(HandleKind::Statement));
        if (Handle::lookup(mine.back().get(), HandleKind::Statement) != mine.back().get()) ++misses;
        if (i % 3 == 0) {  // free one from the middle
          std::swap(mine[mine.size() / 2], mine.back());
          mine.pop_back();
        }
      }
    });
  for (int r = 0; r < 2; ++r)
    threads.emplace_back([&] {
      while (!stop.load()) {
        for (auto& h : stable) {
          if (Handle::lookup(h.get(), HandleKind::Connection) != h.get()) ++misses;
          ++lookups;
        }
      }
    });
  threads[0].join();
  threads[1].join();
  stop = true;
  threads[2].join();
  threads[3].join();
  EXPECT_EQ(misses.load(), 0);
  EXPECT_GT(lookups.load(), 0);
}

}  // namespace
}  // namespace dsql::driver
