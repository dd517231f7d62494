// DSQL run-time policy, as pure functions: which server outcomes may be retried (one table), the backoff
// schedule between attempts, and the connection-age rule. No ODBC, no libpq: the driver hands in the
// SQLSTATE and message it got and a clock and random source of its choosing, so every rule is
// unit-testable as a table. Facts: DSQL returns 40001 with OC000 (data conflict) or OC001 (schema
// conflict) in the message text; the AWS connectors retry those 3 times, base 100 ms, x2, cap 5 s, 25 %
// jitter; DSQL closes a connection at 60 minutes and the connectors recycle them at 55.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string_view>

#include "include/dsqlodbc.h"

namespace dsql::shim::policy {

// DSQL's limit on one protocol message (its length word, docs/dsql-behaviour.md §4): a larger message makes
// DSQL drop the connection without an error, so the driver refuses such a statement before sending it.
inline constexpr std::size_t kMaxMessageBytes = 10u * 1024 * 1024;

// What a failed server interaction means for the caller.
enum class Outcome {
  RetryableConflict,  // 40001 (OC000/OC001): the whole transaction may be run again with fresh reads
  RetryableConnect,   // a connect attempt the server or network refused for now: try again with backoff
  ConnectionLost,     // the session is gone (08xxx, 57P01, ...): reconnect before the next transaction
  NeverRetry,         // the statement itself is wrong or over a limit (23xxx, 42xxx, 0A000, 54000, 22xxx, ...)
};

// Which kind of OCC conflict a 40001 is, read from the message (DSQL puts the code only there).
enum class Conflict { None, DataOC000, SchemaOC001, Other40001 };

// Where the failure happened: connect failures are classified by libpq's text (libpq exposes no SQLSTATE
// for a failed connect); statement failures by SQLSTATE.
enum class Phase { Connect, Statement };

struct Classification {
  Outcome outcome = Outcome::NeverRetry;
  Conflict conflict = Conflict::None;
  std::string_view reason;  // a short name for logs ("occ data conflict", "rate exceeded", ...); static storage
};

Classification classify(Phase phase, std::string_view sqlstate, std::string_view message);

// Native error codes the driver reports with SQLGetDiagRec for conflicts (public: include/dsqlodbc.h).
inline constexpr int kNativeOC000 = DSQL_NATIVE_OC000;
inline constexpr int kNativeOC001 = DSQL_NATIVE_OC001;
inline constexpr int kNativeOtherConflict = DSQL_NATIVE_SERIALIZATION;
int nativeCode(Conflict c);  // 0 for Conflict::None
// Whether running the failed transaction again can be expected to succeed (SQL_DIAG_DSQL_RETRYABLE).
inline bool retryable(const Classification& c) { return c.outcome != Outcome::NeverRetry; }
// A hint naming DSQL's rule for refusals applications meet unprepared (transaction limits, DDL/DML mix);
// empty when there is none.
std::string_view hintFor(std::string_view sqlstate, std::string_view message);

// Exponential backoff with jitter: the delay before retry number `retry` (1 = the first retry) is
// min(cap, base * multiplier^(retry-1)), spread by +/- jitter (a fraction) using `random01` in [0, 1).
struct Backoff {
  int maxRetries = 3;
  std::chrono::milliseconds base{100};
  double multiplier = 2.0;
  std::chrono::milliseconds cap{5000};
  double jitter = 0.25;
};
std::chrono::milliseconds backoffDelay(const Backoff& b, int retry, double random01);

// Injected time and randomness, so a retry loop can be tested without sleeping.
struct Clock {
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<double()> random01;
  static Clock system();  // steady_clock, this_thread::sleep_for, a thread-local PRNG
};

// Decides, after a failure, whether another attempt is allowed and sleeps the backoff before it.
// `deadline` (optional) bounds the whole loop: no attempt starts if its delay would end past it.
class Retrier {
 public:
  Retrier(Backoff backoff, Clock clock, std::chrono::steady_clock::time_point deadline = {});
  // True when one more attempt is allowed; sleeps the delay first. Counts retries. With a deadline, the
  // delay and an attempt as long as `attemptTakes` (the last one's duration) must both end before it: an
  // attempt started just before the deadline would otherwise run past it.
  bool again(std::chrono::milliseconds attemptTakes = std::chrono::milliseconds{0});
  int retries() const { return retries_; }
  std::chrono::milliseconds slept() const { return slept_; }

 private:
  Backoff backoff_;
  Clock clock_;
  std::chrono::steady_clock::time_point deadline_;
  int retries_ = 0;
  std::chrono::milliseconds slept_{0};
};

// The connect_timeout (seconds) of a connect attempt when `remaining` of the login timeout is left: the
// remaining time rounded up, at least 1 and at most the login timeout itself, so a retry that hangs ends
// near the deadline rather than a whole login timeout after it. 0 (no limit) when there is no login timeout.
long attemptConnectTimeout(long loginTimeoutSeconds, std::chrono::milliseconds remaining);

// A connection opened at `openedAt` must not start a new transaction at `now` when its age is at or
// past `maxAge` (zero maxAge: no limit).
bool connectionTooOld(std::chrono::steady_clock::time_point openedAt, std::chrono::steady_clock::time_point now,
                      std::chrono::seconds maxAge);

}  // namespace dsql::shim::policy
