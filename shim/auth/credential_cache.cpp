// Credential cache implementation (see credential_cache.h). Two locks per entry: `data` guards the cached
// value for microseconds; `refresh` (timed) serialises fetches so a burst of connects runs a provider once.
#include "shim/auth/credential_cache.h"

#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {

struct CredentialCache::Entry {
  std::mutex data;
  std::timed_mutex refresh;
  std::optional<Credentials> creds;
  TimePoint fetchedAt{};
};

CredentialCache& CredentialCache::process() {
  static CredentialCache cache;
  return cache;
}

std::shared_ptr<CredentialCache::Entry> CredentialCache::entry(const std::string& key) {
  std::lock_guard<std::mutex> lock(mapMutex_);
  auto& e = entries_[key];
  if (!e) e = std::make_shared<Entry>();
  return e;
}

void CredentialCache::clear() {
  std::lock_guard<std::mutex> lock(mapMutex_);
  entries_.clear();
}

size_t CredentialCache::size() const {
  std::lock_guard<std::mutex> lock(mapMutex_);
  return entries_.size();
}

CredentialCache::State CredentialCache::state(const Entry& e, TimePoint now) const {
  if (!e.creds) return State::Mandatory;
  if (!e.creds->expiration) return now - e.fetchedAt < windows_.staticTtl ? State::Fresh : State::Mandatory;
  auto left = *e.creds->expiration - now;
  if (left > windows_.advisory) return State::Fresh;
  if (left > windows_.mandatory) return State::Advisory;
  return State::Mandatory;
}

Credentials CredentialCache::get(const std::string& key, const Fetch& fetch, TimePoint now) {
  std::shared_ptr<Entry> e = entry(key);
  std::optional<Credentials> cached;
  State st;
  {
    std::lock_guard<std::mutex> lock(e->data);
    st = state(*e, now);
    cached = e->creds;
  }
  if (st == State::Fresh) return *cached;

  if (st == State::Advisory) {
    std::unique_lock<std::timed_mutex> refresh(e->refresh, std::try_to_lock);
    if (!refresh.owns_lock()) return *cached;  // someone else is refreshing; ours are still good
    try {
      Credentials fresh = fetch();
      std::lock_guard<std::mutex> lock(e->data);
      e->creds = fresh;
      e->fetchedAt = now;
      return fresh;
    } catch (const dsql::Error& err) {
      dsql::log::warn(std::string("auth: advisory credential refresh failed, using cached credentials: ") +
                      err.what());
      return *cached;
    }
  }

  std::unique_lock<std::timed_mutex> refresh(e->refresh, std::defer_lock);
  if (!refresh.try_lock_for(windows_.lockWait)) {
    if (cached && (!cached->expiration || *cached->expiration > now)) return *cached;
    throw dsql::Error("HYT00", "timed out after " + std::to_string(windows_.lockWait.count()) +
                                   " ms waiting for another connection's credential refresh");
  }
  {
    std::lock_guard<std::mutex> lock(e->data);  // another thread may have refreshed while we waited
    if (state(*e, now) == State::Fresh) return *e->creds;
  }
  Credentials fresh = fetch();
  std::lock_guard<std::mutex> lock(e->data);
  e->creds = fresh;
  e->fetchedAt = now;
  return fresh;
}

}  // namespace dsql::shim::auth
