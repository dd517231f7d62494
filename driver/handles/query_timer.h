// The limits on a call's waits for the server, and which statement's call is using the connection. A
// scope around each statement call (SQL_ATTR_QUERY_TIMEOUT) or connection call (SQL_ATTR_CONNECTION_TIMEOUT)
// gives the libpq session a deadline; the session's own waits (driver/pg/pg_wait.cpp) cancel past it and
// give up on a server that stays silent. No thread: the waiting call watches its own deadline. The
// running owner is what a cross-thread SQLCancel reads (atomically) to cancel only its own statement.
#pragma once

#include <atomic>
#include <chrono>

#include "driver/pg/pg.h"

namespace dsql::driver {

class QueryTimer {
 public:
  explicit QueryTimer(pg::Connection& conn) : conn_(conn) {}
  QueryTimer(const QueryTimer&) = delete;
  QueryTimer& operator=(const QueryTimer&) = delete;

  // Thread-safe: whether `owner`'s call is the one using the connection now.
  bool running(const void* owner) const noexcept { return owner && owner_.load() == owner; }

  // For the lifetime of a scope: a deadline `seconds` from now (none when 0) and `owner` as the running
  // statement. Nested scopes leave the outer one's deadline and owner in place.
  class Scope {
   public:
    Scope(QueryTimer& t, unsigned long seconds, const void* owner = nullptr,
          const char* what = "SQL_ATTR_QUERY_TIMEOUT") noexcept;
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    // The deadline passed during this scope (and a cancel was sent).
    bool fired() const noexcept { return t_.conn_.timedOut(); }

   private:
    QueryTimer& t_;
    bool armed_ = false;
    bool owns_ = false;
  };

 private:
  pg::Connection& conn_;
  std::atomic<const void*> owner_{nullptr};
};

}  // namespace dsql::driver
