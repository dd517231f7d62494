// The outcome table and the backoff schedule (see policy.h). Connect failures are matched on libpq's
// text because libpq exposes no SQLSTATE for a connection that never opened; statement failures are
// matched on SQLSTATE alone, except 40001 whose OC000/OC001 code DSQL puts only in the message.
#include "shim/policy/policy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <random>
#include <thread>

namespace dsql::shim::policy {
namespace {

bool contains(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) return false;
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

// Connect-time refusals worth another attempt: DSQL waking an idle cluster, its connection-rate limit,
// and the transient socket failures a load balancer or a restarting server produces.
struct ConnectRule {
  std::string_view needle;
  std::string_view reason;
};
constexpr ConnectRule kRetryableConnect[] = {
    {"waking up cluster", "cluster waking up"},
    {"rate exceeded", "connection rate exceeded"},
    {"too many open connections", "too many connections"},
    {"connection refused", "connection refused"},
    {"connection reset", "connection reset"},
    {"timeout expired", "connect timed out"},
    {"timed out", "connect timed out"},
    {"server closed the connection unexpectedly", "connection closed during connect"},
    {"ssl syscall error", "connection closed during connect"},
    {"no route to host", "no route to host"},
    {"network is unreachable", "network unreachable"},
    {"the database system is starting up", "server starting up"},
    {"the database system is shutting down", "server shutting down"},
};

// SQLSTATEs a connect may carry when the server did answer (the emulator and DSQL send FATALs).
constexpr std::string_view kRetryableConnectStates[] = {"53400", "53300", "57P03"};

Classification classifyConflict(std::string_view message) {
  if (contains(message, "OC000")) return {Outcome::RetryableConflict, Conflict::DataOC000, "occ data conflict (OC000)"};
  if (contains(message, "OC001")) return {Outcome::RetryableConflict, Conflict::SchemaOC001, "occ schema conflict (OC001)"};
  return {Outcome::RetryableConflict, Conflict::Other40001, "serialization failure"};
}

}  // namespace

Classification classify(Phase phase, std::string_view sqlstate, std::string_view message) {
  // DSQL's connectors also accept the code as the SQLSTATE itself, defensively.
  if (sqlstate == "40001" || sqlstate == "OC000" || sqlstate == "OC001") {
    if (sqlstate == "OC000") return {Outcome::RetryableConflict, Conflict::DataOC000, "occ data conflict (OC000)"};
    if (sqlstate == "OC001") return {Outcome::RetryableConflict, Conflict::SchemaOC001, "occ schema conflict (OC001)"};
    return classifyConflict(message);
  }
  if (phase == Phase::Connect) {
    // Credentials and names are wrong every time: never retried.
    if (sqlstate.substr(0, 2) == "28" || sqlstate == "3D000") return {Outcome::NeverRetry, Conflict::None, "refused"};
    for (const auto& r : kRetryableConnect)
      if (contains(message, r.needle)) return {Outcome::RetryableConnect, Conflict::None, r.reason};
    for (auto s : kRetryableConnectStates)
      if (sqlstate == s) return {Outcome::RetryableConnect, Conflict::None, "server refused for now"};
    return {Outcome::NeverRetry, Conflict::None, "connect failed"};
  }
  // COMMIT in flight when the link failed: the outcome is unknown, so running it again could do it twice.
  if (sqlstate == "08007") return {Outcome::NeverRetry, Conflict::None, "outcome unknown"};
  // An established session that went away: the server shut it (57P01 admin shutdown, used for DSQL's
  // maximum connection age; 57P02/57P03 crash or not yet up) or the link failed (class 08).
  if (sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03")
    return {Outcome::ConnectionLost, Conflict::None, "connection lost"};
  return {Outcome::NeverRetry, Conflict::None, "not retryable"};
}

int nativeCode(Conflict c) {
  switch (c) {
    case Conflict::DataOC000: return kNativeOC000;
    case Conflict::SchemaOC001: return kNativeOC001;
    case Conflict::Other40001: return kNativeOtherConflict;
    case Conflict::None: break;
  }
  return 0;
}

std::string_view hintFor(std::string_view sqlstate, std::string_view message) {
  if (sqlstate == "54000" && contains(message, "row limit"))
    return "Aurora DSQL lets one transaction modify at most 3,000 rows: commit in smaller batches (parameter arrays "
           "in autocommit mode are split by the driver: see ArrayChunkRows)";
  if (sqlstate == "54000" && contains(message, "size limit"))
    return "Aurora DSQL lets one transaction write at most 10 MiB: commit in smaller batches";
  if (sqlstate == "54000" && contains(message, "age limit"))
    return "Aurora DSQL ends transactions older than 300 seconds: keep transactions short";
  if (sqlstate == "0A000" && contains(message, "ddl and dml"))
    return "Aurora DSQL runs DDL and DML in separate transactions: commit before the DDL (in manual-commit mode the "
           "driver runs a DDL statement that would open a transaction on its own; see IsolateDdl)";
  if (sqlstate == "0A000" && contains(message, "multiple ddl"))
    return "Aurora DSQL runs one DDL statement per transaction: commit after each";
  return {};
}

std::chrono::milliseconds backoffDelay(const Backoff& b, int retry, double random01) {
  if (retry < 1) retry = 1;
  double ms = static_cast<double>(b.base.count()) * std::pow(b.multiplier, retry - 1);
  ms = std::min(ms, static_cast<double>(b.cap.count()));
  double spread = std::clamp(b.jitter, 0.0, 1.0);
  ms *= 1.0 + spread * (2.0 * std::clamp(random01, 0.0, 1.0) - 1.0);
  return std::chrono::milliseconds(static_cast<long long>(std::max(0.0, std::round(ms))));
}

Clock Clock::system() {
  Clock c;
  c.now = [] { return std::chrono::steady_clock::now(); };
  c.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  c.random01 = [] {
    thread_local std::mt19937_64 gen{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
  };
  return c;
}

Retrier::Retrier(Backoff backoff, Clock clock, std::chrono::steady_clock::time_point deadline)
    : backoff_(backoff), clock_(std::move(clock)), deadline_(deadline) {}

bool Retrier::again(std::chrono::milliseconds attemptTakes) {
  if (retries_ >= backoff_.maxRetries) return false;
  auto delay = backoffDelay(backoff_, retries_ + 1, clock_.random01());
  if (deadline_ != std::chrono::steady_clock::time_point{}) {
    auto now = clock_.now();
    if (now + delay + attemptTakes >= deadline_) return false;
  }
  if (delay.count() > 0) clock_.sleep(delay);
  slept_ += delay;
  ++retries_;
  return true;
}

long attemptConnectTimeout(long loginTimeoutSeconds, std::chrono::milliseconds remaining) {
  if (loginTimeoutSeconds <= 0) return 0;
  const long seconds = static_cast<long>((std::max<long long>(remaining.count(), 0) + 999) / 1000);
  return std::clamp(seconds, 1L, loginTimeoutSeconds);
}

bool connectionTooOld(std::chrono::steady_clock::time_point openedAt, std::chrono::steady_clock::time_point now,
                      std::chrono::seconds maxAge) {
  return maxAge.count() > 0 && now - openedAt >= maxAge;
}

}  // namespace dsql::shim::policy
