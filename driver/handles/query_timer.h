// SQL_ATTR_QUERY_TIMEOUT: a per-connection watchdog that cancels the running statement (libpq's
// thread-safe PQcancel) when its deadline passes. The thread starts the first time a timeout is armed,
// so connections that never use timeouts pay nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "driver/pg/pg.h"

namespace dsql::driver {

class QueryTimer {
 public:
  explicit QueryTimer(pg::Connection& conn) : conn_(conn) {}
  ~QueryTimer();
  QueryTimer(const QueryTimer&) = delete;
  QueryTimer& operator=(const QueryTimer&) = delete;

  void arm(std::chrono::seconds timeout);
  // Returns true when the deadline passed (and a cancel was sent) since arm().
  bool disarm();

  // Arms for the lifetime of a scope when `seconds` > 0.
  class Scope {
   public:
    Scope(QueryTimer& t, unsigned long seconds) : t_(seconds ? &t : nullptr) {
      if (t_) t_->arm(std::chrono::seconds(seconds));
    }
    ~Scope() {
      if (t_) t_->disarm();
    }
    bool fired() { return t_ && t_->disarm(); }

   private:
    QueryTimer* t_;
  };

 private:
  void run();

  pg::Connection& conn_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool fired_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace dsql::driver
