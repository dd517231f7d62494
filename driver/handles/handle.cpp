// The live-handle registry: an open-addressing table of handle addresses that every ODBC call reads and
// only handle creation and destruction write. Readers take no lock: a call on one handle must neither
// wait for nor slow down calls on other handles (a shared mutex made every call of every thread write the
// same cache line). Writers serialise on a mutex.
//
// A slot holds 0 (never used), kGone (a handle that was freed) or the handle's address with its kind in
// the low bits (handles are at least 8-byte aligned). A slot never returns to 0, so a reader walking a
// probe sequence never stops early at a slot a writer is changing; freed slots are reused by later
// handles. The table doubles when half of it is live; old tables stay allocated (a reader may still be
// walking one), and together they are smaller than the current one.
#include "driver/handles/handle.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace dsql::driver {
namespace {

constexpr std::uintptr_t kGone = 1;
constexpr std::uintptr_t kKindBits = 7;

struct Table {
  explicit Table(std::size_t capacity) : mask(capacity - 1), slots(new std::atomic<std::uintptr_t>[capacity]) {
    for (std::size_t i = 0; i < capacity; ++i) slots[i].store(0, std::memory_order_relaxed);
  }
  std::size_t mask;
  std::unique_ptr<std::atomic<std::uintptr_t>[]> slots;
};

std::size_t home(std::uintptr_t address, std::size_t mask) {
  return static_cast<std::size_t>(((address >> 4) * 0x9E3779B97F4A7C15ull) >> 20) & mask;
}

struct Registry {
  std::mutex writers;
  std::atomic<Table*> current{nullptr};
  std::vector<std::unique_ptr<Table>> tables;  // every table made, the current one last (writers only)
  std::size_t live = 0;                        // writers only

  Registry() {
    tables.push_back(std::make_unique<Table>(256));
    current.store(tables.back().get(), std::memory_order_release);
  }

  // Under `writers`. Puts `entry` in the first freed or unused slot of its probe sequence.
  static void place(Table& t, std::uintptr_t entry) {
    for (std::size_t i = home(entry & ~kKindBits, t.mask);; i = (i + 1) & t.mask) {
      std::uintptr_t v = t.slots[i].load(std::memory_order_relaxed);
      if (v == 0 || v == kGone) {
        t.slots[i].store(entry, std::memory_order_release);
        return;
      }
    }
  }

  void add(std::uintptr_t entry) {
    std::lock_guard lock(writers);
    Table* t = current.load(std::memory_order_relaxed);
    if ((live + 1) * 2 > t->mask + 1) {
      auto bigger = std::make_unique<Table>((t->mask + 1) * 2);
      for (std::size_t i = 0; i <= t->mask; ++i)
        if (std::uintptr_t v = t->slots[i].load(std::memory_order_relaxed); v > kGone) place(*bigger, v);
      t = bigger.get();
      tables.push_back(std::move(bigger));
      current.store(t, std::memory_order_release);
    }
    place(*t, entry);
    ++live;
  }

  void remove(std::uintptr_t address) {
    std::lock_guard lock(writers);
    Table* t = current.load(std::memory_order_relaxed);
    for (std::size_t i = home(address, t->mask), n = 0; n <= t->mask; i = (i + 1) & t->mask, ++n) {
      std::uintptr_t v = t->slots[i].load(std::memory_order_relaxed);
      if (v == 0) return;
      if ((v & ~kKindBits) == address && v != kGone) {
        t->slots[i].store(kGone, std::memory_order_release);
        --live;
        return;
      }
    }
  }

  // Lock-free. Bounded by the table's size: freed slots never end a probe, so a table full of them would.
  std::uintptr_t find(std::uintptr_t address) const {
    const Table* t = current.load(std::memory_order_acquire);
    for (std::size_t i = home(address, t->mask), n = 0; n <= t->mask; i = (i + 1) & t->mask, ++n) {
      std::uintptr_t v = t->slots[i].load(std::memory_order_acquire);
      if (v == 0) return 0;
      if ((v & ~kKindBits) == address && v != kGone) return v;
    }
    return 0;
  }
};

Registry& registry() {
  // A function-local object: destroyed when the driver is unloaded (dlclose) or the process ends.
  static Registry r;
  return r;
}

std::uintptr_t entryOf(const Handle* h, HandleKind kind) {
  return reinterpret_cast<std::uintptr_t>(h) | static_cast<std::uintptr_t>(kind);
}

}  // namespace

static_assert(static_cast<std::uintptr_t>(HandleKind::Descriptor) <= kKindBits && alignof(Handle) > kKindBits,
              "the kind is kept in the low bits of the handle's address");

Handle::Handle(HandleKind kind) : kind_(kind) { registry().add(entryOf(this, kind)); }

Handle::~Handle() { retire(); }

void Handle::retire() noexcept { registry().remove(reinterpret_cast<std::uintptr_t>(this)); }

Handle* Handle::lookup(void* raw, HandleKind kind) noexcept {
  const auto address = reinterpret_cast<std::uintptr_t>(raw);
  if (!address || (address & kKindBits) != 0) return nullptr;
  if (registry().find(address) != entryOf(static_cast<Handle*>(raw), kind)) return nullptr;
  return static_cast<Handle*>(raw);
}

}  // namespace dsql::driver
