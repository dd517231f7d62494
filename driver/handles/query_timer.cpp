// Call scopes: arm and clear the session's deadline, publish and withdraw the running statement.
#include "driver/handles/query_timer.h"

namespace dsql::driver {

QueryTimer::Scope::Scope(QueryTimer& t, unsigned long seconds, const void* owner, const char* what) noexcept : t_(t) {
  if (seconds > 0 && !t_.conn_.hasDeadline()) {
    t_.conn_.setDeadline(std::chrono::steady_clock::now() + std::chrono::seconds(seconds), static_cast<long>(seconds), what);
    armed_ = true;
  }
  const void* none = nullptr;
  if (owner) owns_ = t_.owner_.compare_exchange_strong(none, owner);
}

QueryTimer::Scope::~Scope() {
  if (armed_) t_.conn_.clearDeadline();
  if (owns_) t_.owner_.store(nullptr);
}

}  // namespace dsql::driver
