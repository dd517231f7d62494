// Watchdog implementation: one thread per connection that has ever armed a timeout.
#include "driver/handles/query_timer.h"

#include "shim/common/log.h"

namespace dsql::driver {

QueryTimer::~QueryTimer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void QueryTimer::arm(std::chrono::seconds timeout) {
  std::lock_guard<std::mutex> lock(mutex_);
  deadline_ = std::chrono::steady_clock::now() + timeout;
  fired_ = false;
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  cv_.notify_all();
}

bool QueryTimer::disarm() {
  std::lock_guard<std::mutex> lock(mutex_);
  deadline_.reset();
  return fired_;
}

void QueryTimer::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    if (!deadline_) {
      cv_.wait(lock);
      continue;
    }
    if (cv_.wait_until(lock, *deadline_) == std::cv_status::timeout && deadline_ &&
        std::chrono::steady_clock::now() >= *deadline_) {
      deadline_.reset();
      fired_ = true;
      lock.unlock();
      std::string error;
      if (!conn_.cancel(error)) log::warn("query timeout: cancel failed: " + error);
      lock.lock();
    }
  }
}

}  // namespace dsql::driver
