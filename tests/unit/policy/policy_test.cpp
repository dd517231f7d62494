// The policy as tables: every server outcome the driver meets, the backoff schedule, the retry loop with a
// fake clock (no sleeping), and the connection-age rule.
#include "shim/policy/policy.h"

#include <gtest/gtest.h>

#include <vector>

namespace dsql::shim::policy {
namespace {

using namespace std::chrono_literals;

struct Row {
  Phase phase;
  const char* sqlstate;
  const char* message;
  Outcome outcome;
  Conflict conflict;
};

const Row kTable[] = {
    // OCC, in every observed wording (docs/dsql-behaviour.md §3)
    {Phase::Statement, "40001", "change conflicts with another transaction (OC000)", Outcome::RetryableConflict, Conflict::DataOC000},
    {Phase::Statement, "40001", "change conflicts with another transaction, please retry: (OC000)", Outcome::RetryableConflict, Conflict::DataOC000},
    {Phase::Statement, "40001", "mutation conflicts with another transaction, retry as needed", Outcome::RetryableConflict, Conflict::Other40001},
    {Phase::Statement, "40001", "schema has been updated by another transaction (OC001)", Outcome::RetryableConflict, Conflict::SchemaOC001},
    {Phase::Statement, "40001", "could not serialize access due to concurrent update", Outcome::RetryableConflict, Conflict::Other40001},
    {Phase::Statement, "OC000", "", Outcome::RetryableConflict, Conflict::DataOC000},
    {Phase::Statement, "OC001", "", Outcome::RetryableConflict, Conflict::SchemaOC001},
    // lost sessions
    {Phase::Statement, "57P01", "terminating connection: maximum connection age of 5s exceeded", Outcome::ConnectionLost, Conflict::None},
    {Phase::Statement, "08S01", "server closed the connection unexpectedly", Outcome::ConnectionLost, Conflict::None},
    {Phase::Statement, "08006", "connection failure", Outcome::ConnectionLost, Conflict::None},
    {Phase::Statement, "08003", "no connection to the server", Outcome::ConnectionLost, Conflict::None},
    {Phase::Statement, "08007", "connection failure during transaction", Outcome::NeverRetry, Conflict::None},
    // never retried: the statement itself
    {Phase::Statement, "23505", "duplicate key value violates unique constraint", Outcome::NeverRetry, Conflict::None},
    {Phase::Statement, "23503", "violates foreign key constraint", Outcome::NeverRetry, Conflict::None},
    {Phase::Statement, "42P01", "relation \"x\" does not exist", Outcome::NeverRetry, Conflict::None},
    {Phase::Statement, "0A000", "ddl and dml are not supported in the same transaction", Outcome::NeverRetry, Conflict::None},
    {Phase::Statement, "54000", "transaction row limit exceeded", Outcome::NeverRetry, Conflict::None},
    {Phase::Statement, "22012", "division by zero", Outcome::NeverRetry, Conflict::None},
    {Phase::Statement, "25P02", "current transaction is aborted", Outcome::NeverRetry, Conflict::None},
    {Phase::Statement, "53400", "rate exceeded", Outcome::NeverRetry, Conflict::None},  // only at connect
    // connect
    {Phase::Connect, "", "FATAL:  unable to accept connection, waking up cluster, please retry later", Outcome::RetryableConnect, Conflict::None},
    {Phase::Connect, "53400", "FATAL:  Unable to accept connection, rate exceeded.", Outcome::RetryableConnect, Conflict::None},
    {Phase::Connect, "", "FATAL:  Unable to accept connection, rate exceeded.", Outcome::RetryableConnect, Conflict::None},
    {Phase::Connect, "", "connection to server at \"127.0.0.1\", port 1 failed: Connection refused", Outcome::RetryableConnect, Conflict::None},
    {Phase::Connect, "", "could not receive data from server: Connection reset by peer", Outcome::RetryableConnect, Conflict::None},
    {Phase::Connect, "HYT00", "timeout expired", Outcome::RetryableConnect, Conflict::None},
    {Phase::Connect, "57P03", "the database system is starting up", Outcome::RetryableConnect, Conflict::None},
    {Phase::Connect, "28000", "FATAL:  unable to accept connection, access denied", Outcome::NeverRetry, Conflict::None},
    {Phase::Connect, "28P01", "password authentication failed for user \"x\"", Outcome::NeverRetry, Conflict::None},
    {Phase::Connect, "3D000", "database \"nope\" does not exist", Outcome::NeverRetry, Conflict::None},
    {Phase::Connect, "08001", "could not translate host name \"nope\" to address", Outcome::NeverRetry, Conflict::None},
    {Phase::Connect, "40001", "schema has been updated by another transaction (OC001)", Outcome::RetryableConflict, Conflict::SchemaOC001},
};

TEST(PolicyClassify, Table) {
  for (const auto& r : kTable) {
    Classification c = classify(r.phase, r.sqlstate, r.message);
    EXPECT_EQ(static_cast<int>(c.outcome), static_cast<int>(r.outcome)) << r.sqlstate << " " << r.message;
    EXPECT_EQ(static_cast<int>(c.conflict), static_cast<int>(r.conflict)) << r.sqlstate << " " << r.message;
    EXPECT_FALSE(c.reason.empty()) << r.message;
  }
}

TEST(PolicyClassify, NativeCodesAreDistinctAndDocumented) {
  EXPECT_EQ(nativeCode(Conflict::None), 0);
  EXPECT_EQ(nativeCode(Conflict::DataOC000), 1000);
  EXPECT_EQ(nativeCode(Conflict::SchemaOC001), 1001);
  EXPECT_EQ(nativeCode(Conflict::Other40001), 1002);
}

TEST(PolicyHints, NameTheLimit) {
  EXPECT_NE(hintFor("54000", "transaction row limit exceeded").find("3,000 rows"), std::string_view::npos);
  EXPECT_NE(hintFor("54000", "transaction size limit 10mb exceeded").find("10 MiB"), std::string_view::npos);
  EXPECT_NE(hintFor("54000", "transaction age limit of 300s exceeded").find("300 seconds"), std::string_view::npos);
  EXPECT_NE(hintFor("0A000", "ddl and dml are not supported in the same transaction").find("IsolateDdl"),
            std::string_view::npos);
  EXPECT_TRUE(hintFor("0A000", "unsupported statement").empty());
  EXPECT_TRUE(hintFor("23505", "duplicate key").empty());
}

TEST(PolicyClassify, RetryableMeansWorthRunningAgain) {
  EXPECT_TRUE(retryable(classify(Phase::Statement, "40001", "(OC000)")));
  EXPECT_TRUE(retryable(classify(Phase::Statement, "57P01", "terminating connection")));
  EXPECT_TRUE(retryable(classify(Phase::Connect, "", "rate exceeded")));
  EXPECT_FALSE(retryable(classify(Phase::Statement, "23505", "duplicate key")));
  EXPECT_FALSE(retryable(classify(Phase::Connect, "28000", "access denied")));
}

TEST(PolicyBackoff, ScheduleWithoutJitterDoublesUpToTheCap) {
  Backoff b;  // the AWS connectors' defaults: base 100 ms, x2, cap 5 s
  b.jitter = 0;
  const long long expected[] = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(backoffDelay(b, i + 1, 0.5).count(), expected[i]) << "retry " << i + 1;
}

TEST(PolicyBackoff, JitterSpreadsWithinTheFraction) {
  Backoff b;  // jitter 25 %
  EXPECT_EQ(backoffDelay(b, 1, 0.0).count(), 75);
  EXPECT_EQ(backoffDelay(b, 1, 0.5).count(), 100);
  EXPECT_EQ(backoffDelay(b, 1, 0.999999).count(), 125);
  EXPECT_EQ(backoffDelay(b, 3, 0.0).count(), 300);
  EXPECT_EQ(backoffDelay(b, 10, 1.0).count(), 6250);  // the cap, spread too
  EXPECT_EQ(backoffDelay(b, 0, 0.5).count(), 100);    // retry numbers start at 1
}

struct FakeClock {
  std::chrono::steady_clock::time_point t{std::chrono::seconds(1000)};
  std::vector<long long> sleeps;
  Clock clock() {
    Clock c;
    c.now = [this] { return t; };
    c.sleep = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d.count());
      t += d;
    };
    c.random01 = [] { return 0.5; };
    return c;
  }
};

TEST(PolicyRetrier, StopsAfterMaxRetriesAndSleepsTheSchedule) {
  FakeClock fc;
  Retrier r(Backoff{}, fc.clock());
  int attempts = 1;
  while (r.again()) ++attempts;
  EXPECT_EQ(attempts, 4);  // the first try plus 3 retries
  EXPECT_EQ(r.retries(), 3);
  EXPECT_EQ(fc.sleeps, (std::vector<long long>{100, 200, 400}));
  EXPECT_EQ(r.slept().count(), 700);
}

TEST(PolicyRetrier, DeadlineBoundsTheLoop) {
  FakeClock fc;
  Backoff b;
  b.maxRetries = 100;
  b.jitter = 0;
  auto deadline = fc.t + 1000ms;
  Retrier r(b, fc.clock(), deadline);
  int retries = 0;
  while (r.again()) ++retries;
  // 100 + 200 + 400 = 700 ms fit; the next (800 ms) would end past the deadline.
  EXPECT_EQ(retries, 3);
  EXPECT_LE(fc.t, deadline);  // never slept past it
}

TEST(PolicyRetrier, DeadlineLeavesRoomForTheAttempt) {
  FakeClock fc;
  Backoff b;
  b.maxRetries = 100;
  b.jitter = 0;
  const auto deadline = fc.t + 1000ms;
  Retrier r(b, fc.clock(), deadline);
  const auto attempt = 300ms;  // each attempt takes this long
  fc.t += attempt;             // the first attempt
  int retries = 0;
  while (r.again(attempt)) {
    ++retries;
    fc.t += attempt;
  }
  // 300 + 100 + 300 = 700 ms; the next retry (200 ms of delay, then 300 ms of attempt) would end at 1200 ms,
  // past the deadline, so it is not started (without the attempt's time it would be: 700 + 200 < 1000).
  EXPECT_EQ(retries, 1);
  EXPECT_LE(fc.t, deadline);
}

TEST(PolicyRetrier, AttemptConnectTimeoutIsWhatIsLeft) {
  EXPECT_EQ(attemptConnectTimeout(0, 5000ms), 0);     // no login timeout: no limit
  EXPECT_EQ(attemptConnectTimeout(10, 10000ms), 10);  // all of it left
  EXPECT_EQ(attemptConnectTimeout(10, 2001ms), 3);    // rounded up
  EXPECT_EQ(attemptConnectTimeout(10, 300ms), 1);     // at least a second
  EXPECT_EQ(attemptConnectTimeout(10, -50ms), 1);     // already past: one short attempt
  EXPECT_EQ(attemptConnectTimeout(3, 60000ms), 3);    // never more than the login timeout
}

TEST(PolicyRetrier, ZeroRetriesMeansNone) {
  FakeClock fc;
  Backoff b;
  b.maxRetries = 0;
  Retrier r(b, fc.clock());
  EXPECT_FALSE(r.again());
  EXPECT_TRUE(fc.sleeps.empty());
}

TEST(PolicyAge, Table) {
  auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  EXPECT_FALSE(connectionTooOld(t0, t0 + 54min, 55min));
  EXPECT_TRUE(connectionTooOld(t0, t0 + 55min, 55min));
  EXPECT_TRUE(connectionTooOld(t0, t0 + 2h, 55min));
  EXPECT_FALSE(connectionTooOld(t0, t0 + 100h, 0s));  // no limit
}

}  // namespace
}  // namespace dsql::shim::policy
