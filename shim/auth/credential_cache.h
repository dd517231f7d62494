// Per-process credential cache with botocore's refresh windows (docs/dsql-behaviour.md §8):
//  - fresh: more than `advisory` (15 min) left -> served from the cache, no lock held while signing;
//  - advisory window (15..10 min left): ONE caller refreshes, the others keep using the cached
//    credentials; a failed advisory refresh is logged and the cached ones are kept;
//  - mandatory window (< 10 min left) or nothing cached: callers wait for the refresh, but never
//    longer than `lockWait`; a failed mandatory refresh is an error.
// Credentials without an expiry (static keys) are re-read after `staticTtl`, so edited files and rotated
// keys are picked up by long-running processes. Keys are per provider configuration; each key has its own
// refresh lock, so a slow provider only delays connects that need it.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "shim/auth/aws_time.h"
#include "shim/auth/credentials.h"

namespace dsql::shim::auth {

class CredentialCache {
 public:
  struct Windows {
    std::chrono::seconds advisory{15 * 60};
    std::chrono::seconds mandatory{10 * 60};
    std::chrono::seconds staticTtl{5 * 60};
    std::chrono::milliseconds lockWait{30000};
  };
  using Fetch = std::function<Credentials()>;

  CredentialCache() = default;
  explicit CredentialCache(Windows w) : windows_(w) {}

  Credentials get(const std::string& key, const Fetch& fetch, TimePoint now);
  void clear();
  size_t size() const;

  static CredentialCache& process();

 private:
  struct Entry;
  enum class State { Fresh, Advisory, Mandatory };
  State state(const Entry& e, TimePoint now) const;
  std::shared_ptr<Entry> entry(const std::string& key);

  Windows windows_;
  mutable std::mutex mapMutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace dsql::shim::auth
