// The live-handle registry: a set of addresses guarded by a shared mutex. Lookups take the shared side,
// so concurrent calls on different handles do not serialise on it.
#include "driver/handles/handle.h"

#include <shared_mutex>
#include <unordered_map>

namespace dsql::driver {
namespace {

struct Registry {
  std::shared_mutex mutex;
  std::unordered_map<void*, HandleKind> live;
};

Registry& registry() {
  // A function-local object: destroyed when the driver is unloaded (dlclose) or the process ends.
  static Registry r;
  return r;
}

}  // namespace

Handle::Handle(HandleKind kind) : kind_(kind) {
  auto& r = registry();
  std::unique_lock lock(r.mutex);
  r.live[this] = kind;
}

Handle::~Handle() { retire(); }

void Handle::retire() noexcept {
  auto& r = registry();
  std::unique_lock lock(r.mutex);
  r.live.erase(this);
}

Handle* Handle::lookup(void* raw, HandleKind kind) noexcept {
  if (!raw) return nullptr;
  auto& r = registry();
  std::shared_lock lock(r.mutex);
  auto it = r.live.find(raw);
  if (it == r.live.end() || it->second != kind) return nullptr;
  return static_cast<Handle*>(raw);
}

}  // namespace dsql::driver
