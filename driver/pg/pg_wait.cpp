// Bounded waits and cancellation. The session runs in libpq's nonblocking mode, so no libpq call blocks:
// every wait for the server is a poll() on the socket here, in slices short enough to notice a deadline
// or a cancel asked for by another thread. Past the deadline a CancelRequest goes out; if the server
// still says nothing `kCancelGrace` later, the driver gives up on the session (shuts its socket down, so
// libpq sees the link as lost) rather than wait for a server that may never answer. The CancelRequest
// itself runs on a helper thread (libpq 15's PQcancel waits for the server to close the cancel socket).
#include <libpq-fe.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <condition_variable>
#include <thread>

#include "driver/pg/pg.h"
#include "shim/common/log.h"

namespace dsql::driver::pg {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kSlice{100};  // how soon a wait notices a cancel from another thread

std::string secondsText(long s) { return std::to_string(s) + " s"; }

}  // namespace

// ---- Canceller ----------------------------------------------------------------------------------------

struct Canceller::Flight {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  bool ok = false;
  std::string error;
};

void Canceller::reset(pg_conn* conn) {
  std::shared_ptr<pg_cancel> key;
  if (conn)
    if (PGcancel* c = PQgetCancel(conn)) key.reset(c, [](PGcancel* p) { PQfreeCancel(p); });
  std::lock_guard<std::mutex> lock(mutex_);
  key_ = std::move(key);
  flight_.reset();
  clearRequest();
}

bool Canceller::send(std::string& error, std::chrono::milliseconds wait) {
  std::shared_ptr<pg_cancel> key;
  std::shared_ptr<Flight> flight;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!key_) return true;
    auto none = Clock::rep{0};
    requested_.compare_exchange_strong(none, Clock::now().time_since_epoch().count());
    if (flight_) {
      std::lock_guard<std::mutex> f(flight_->mutex);
      if (!flight_->done) return true;  // the previous request is still on its way: it is the same request
    }
    key = key_;
    flight = flight_ = std::make_shared<Flight>();
  }
  try {
    // Detached: it may outlive this call (and the session) while a silent server holds PQcancel. It owns
    // the key and the flight; the driver library is never unloaded (-z nodelete), so its code stays.
    std::thread([key, flight] {
      char buf[256] = {0};
      bool ok = PQcancel(key.get(), buf, sizeof buf) != 0;
      std::lock_guard<std::mutex> f(flight->mutex);
      flight->ok = ok;
      if (!ok) flight->error = buf;
      flight->done = true;
      flight->done_cv.notify_all();
    }).detach();
  } catch (const std::system_error& e) {
    error = std::string("could not start the cancel request: ") + e.what();
    std::lock_guard<std::mutex> lock(mutex_);
    flight_.reset();
    return false;
  }
  std::unique_lock<std::mutex> f(flight->mutex);
  if (!flight->done_cv.wait_for(f, wait, [&] { return flight->done; })) {
    log::info("cancel request sent; the server has not acknowledged it yet");
    return true;
  }
  if (!flight->ok) error = flight->error;
  return flight->ok;
}

Clock::time_point Canceller::requested() const noexcept { return Clock::time_point(Clock::duration(requested_.load())); }

void Canceller::clearRequest() noexcept { requested_.store(0); }

// ---- deadlines ------------------------------------------------------------------------------------------

void Connection::setDeadline(Clock::time_point deadline, long seconds, const char* what) noexcept {
  deadline_ = deadline;
  deadlineSeconds_ = seconds;
  deadlineWhat_ = what;
  timedOut_ = false;
  giveUpAt_ = {};
}

void Connection::clearDeadline() noexcept {
  deadlineSeconds_ = 0;
  timedOut_ = false;
  giveUpAt_ = {};
}

void Connection::awaitResult() {
  if (!conn_ || abandoned_) return;
  for (;;) {
    int pending = PQflush(conn_);  // 0: all sent, 1: more queued, -1: failed (PQgetResult reports it)
    if (pending < 0 || (pending == 0 && !PQisBusy(conn_))) return;
    int fd = PQsocket(conn_);
    if (fd < 0) return;
    pollfd p{fd, static_cast<short>(POLLIN | (pending ? POLLOUT : 0)), 0};
    int n = ::poll(&p, 1, static_cast<int>(kSlice.count()));
    if (n < 0 && errno != EINTR) return;
    // Input is read even while output is queued: the server may be waiting for us to read its answer.
    if (n > 0 && (p.revents & (POLLIN | POLLERR | POLLHUP)) && !PQconsumeInput(conn_)) return;
    checkWait();
  }
}

// Called between slices of a wait: sends the cancel when the deadline passes, gives up after the grace.
// Without a deadline, a cancel asked for or a grace running, there is nothing to watch (and no clock read).
void Connection::checkWait() {
  if (giveUpAt_ == Clock::time_point{}) {
    auto asked = canceller_.requested();
    if (asked != Clock::time_point{}) {
      giveUpAt_ = asked + kCancelGrace;
    } else if (deadlineSeconds_ > 0 && Clock::now() >= deadline_) {
      timedOut_ = true;
      std::string error;
      if (!canceller_.send(error, kCancelGrace / 2)) log::warn("query timeout: cancel request failed: " + error);
      giveUpAt_ = Clock::now() + kCancelGrace;
    } else {
      return;
    }
  }
  if (Clock::now() >= giveUpAt_) abandon();
}

void Connection::abandon() {
  abandoned_ = true;
  // Shut the socket down rather than close it: libpq still owns the descriptor, and its next read sees
  // end of file, so whatever the caller reads next ends at once with the link marked lost.
  if (int fd = PQsocket(conn_); fd >= 0) ::shutdown(fd, SHUT_RDWR);
  PQconsumeInput(conn_);
  std::string why = timedOut_ ? "Timeout expired: the server did not answer within " + std::string(deadlineWhat_) + " (" +
                                    secondsText(deadlineSeconds_) + ")"
                              : std::string("Operation canceled: the server did not answer");
  log::warn(why + " nor within " + std::to_string(kCancelGrace.count()) + " ms of the cancel request; connection abandoned");
  throw ServerError(timedOut_ ? "HYT00" : "HY008",
                    why + " nor within " + std::to_string(kCancelGrace.count()) +
                        " ms of the cancel request; the driver closed the connection (the statement may or may not "
                        "have run): disconnect and connect again",
                    true);
}

}  // namespace dsql::driver::pg
