// Credential cache implementation (see credential_cache.h). Per entry, `data` guards the cached value for
// microseconds, and a `refreshing` flag under it (with a condition variable to wait on, bounded) serialises
// fetches so a burst of connects runs a provider once. Not a timed mutex: libstdc++'s try_lock_for uses
// pthread_mutex_clocklock, which ThreadSanitizer (GCC 12) does not intercept, so every unlock was reported.
#include "shim/auth/credential_cache.h"

#include <condition_variable>

#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {

struct CredentialCache::Entry {
  std::mutex data;
  bool refreshing = false;            // under `data`: a fetch is running
  std::condition_variable refreshed;  // signalled when it ends
  std::optional<Credentials> creds;
  TimePoint fetchedAt{};
};

namespace {
// Ends this thread's fetch on every path: clears the flag and wakes the threads waiting for it.
template <class E>
struct RefreshTurn {
  E& e;
  ~RefreshTurn() {
    {
      std::lock_guard<std::mutex> lock(e.data);
      e.refreshing = false;
    }
    e.refreshed.notify_all();
  }
};
}  // namespace

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
    {
      std::lock_guard<std::mutex> lock(e->data);
      if (e->refreshing) return *cached;  // someone else is refreshing; ours are still good
      e->refreshing = true;
    }
    RefreshTurn<Entry> turn{*e};
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

  {
    std::unique_lock<std::mutex> lock(e->data);
    if (!e->refreshed.wait_for(lock, windows_.lockWait, [&] { return !e->refreshing; })) {
      if (cached && (!cached->expiration || *cached->expiration > now)) return *cached;
      throw dsql::Error("HYT00", "timed out after " + std::to_string(windows_.lockWait.count()) +
                                     " ms waiting for another connection's credential refresh");
    }
    if (state(*e, now) == State::Fresh) return *e->creds;  // another thread refreshed while we waited
    e->refreshing = true;
  }
  RefreshTurn<Entry> turn{*e};
  Credentials fresh = fetch();
  std::lock_guard<std::mutex> lock(e->data);
  e->creds = fresh;
  e->fetchedAt = now;
  return fresh;
}

}  // namespace dsql::shim::auth
