// Threads through the driver manager (run under the tsan preset in CI): many threads with their own
// connections; threads with their own statements on one shared connection (streamed results interleave,
// so one statement's rows are buffered while another runs); SQLCancel of a long query from another
// thread; and IAM credentials that refresh (a credential_process whose answer changes) while many
// threads connect to the emulator.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Runs `sql` with one integer parameter and returns the sum of the first column, or -1 on any failure
// (with the diagnostics in `error`).
long long sumOf(SQLHSTMT h, const char* sql, SQLINTEGER param, std::string& error) {
  SQLFreeStmt(h, SQL_CLOSE);
  SQLLEN ind = 0;
  if (!SQL_SUCCEEDED(SQLBindParameter(h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &param, 0, &ind)) ||
      !SQL_SUCCEEDED(SQLExecDirect(h, (SQLCHAR*)sql, SQL_NTS))) {
    error = diagnostics(SQL_HANDLE_STMT, h);
    return -1;
  }
  long long sum = 0;
  SQLBIGINT v = 0;
  SQLLEN vind = 0;
  SQLBindCol(h, 1, SQL_C_SBIGINT, &v, 0, &vind);
  for (SQLRETURN rc; (rc = SQLFetch(h)) != SQL_NO_DATA;) {
    if (!SQL_SUCCEEDED(rc)) {
      error = diagnostics(SQL_HANDLE_STMT, h);
      return -1;
    }
    sum += v;
  }
  SQLFreeStmt(h, SQL_UNBIND);
  return sum;
}

// unixODBC 2.3.11 caches the odbc.ini / odbcinst.ini directory in a static buffer on first use, without
// a lock (odbcinst_system_file_path, in libodbcinst and again inside libodbc): threads that make the very
// first connect of a process together race there (ThreadSanitizer reports it; every writer stores the
// same path). That first use happens here, on one thread; the tests then race only through our code.
void warmUnixOdbc() {
  Conn c;
  connectOrFail(c, kPgDsn);
}

// The sum of k + g for g in 1..n.
long long expectedSum(long long k, long long n) { return k * n + n * (n + 1) / 2; }

}  // namespace

TEST(ConcurrencyTest, SixteenThreadsEachWithTheirOwnSession) {
  constexpr int kThreads = 16, kRounds = 10;
  warmUnixOdbc();
  std::atomic<int> ok{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Conn c;
      if (!SQL_SUCCEEDED(c.connectDsn(kPgDsn))) {
        errors[t] = "connect: " + c.diag();
        return;
      }
      Stmt s(c);
      for (int r = 0; r < kRounds; ++r) {
        long long got = sumOf(s.h, "SELECT ? + g FROM generate_series(1, 300) g", t * 1000 + r, errors[t]);
        if (got != expectedSum(t * 1000 + r, 300)) {
          errors[t] += " round " + std::to_string(r) + " sum " + std::to_string(got);
          return;
        }
      }
      ++ok;
    });
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_TRUE(errors[t].empty()) << "thread " << t << ": " << errors[t];
  EXPECT_EQ(ok.load(), kThreads);
}

TEST(ConcurrencyTest, EightThreadsShareOneSession) {
  constexpr int kThreads = 8, kRounds = 15;
  warmUnixOdbc();
  Conn c;
  connectOrFail(c, kPgDsn);
  std::atomic<int> ok{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Stmt s(c);
      for (int r = 0; r < kRounds; ++r) {
        // 2,000 rows stream past the driver's read-ahead window, so another thread's statement on the
        // connection makes the driver buffer this one's remaining rows mid-fetch.
        long long got = sumOf(s.h, "SELECT ? + g FROM generate_series(1, 2000) g", t * 100 + r, errors[t]);
        if (got != expectedSum(t * 100 + r, 2000)) {
          errors[t] += " round " + std::to_string(r) + " sum " + std::to_string(got);
          return;
        }
      }
      ++ok;
    });
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_TRUE(errors[t].empty()) << "thread " << t << ": " << errors[t];
  EXPECT_EQ(ok.load(), kThreads);
}

TEST(ConcurrencyTest, CancelFromAnotherThreadEndsALongStatementPromptly) {
  Conn c;
  connectOrFail(c, kPgDsn);
  for (int round = 0; round < 3; ++round) {
    Stmt a(c);
    SQLRETURN rc = SQL_SUCCESS;
    auto start = Clock::now();
    std::thread runner([&] { rc = SQLExecDirect(a.h, (SQLCHAR*)"SELECT pg_sleep(60)", SQL_NTS); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + 200 * round));
    auto t = Clock::now();
    EXPECT_EQ(SQLCancel(a.h), SQL_SUCCESS);
    EXPECT_LT(secondsSince(t), 1.0);
    runner.join();
    EXPECT_EQ(rc, SQL_ERROR);
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, a.h), "HY008") << a.diag();
    EXPECT_LT(secondsSince(start), 5.0);
    EXPECT_EQ(a.query("SELECT 'after cancel'").size(), 1u);
  }
}

// A credential_process (in an AWS config file chosen through AWS_CONFIG_FILE and Profile=) that answers
// the emulator's two accepted keys in turn, with expiries inside the refresh windows, so connects in
// many threads refresh while others sign with what is cached.
TEST(ConcurrencyTest, CredentialRefreshWhileManyThreadsLogIn) {
  if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
  warmUnixOdbc();
  const char* stateDir = std::getenv("DSQL_TEST_STATE");
  ASSERT_NE(stateDir, nullptr);
  std::string dir = std::string(stateDir) + "/concurrency-creds-" + std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0700);
  std::string script = dir + "/creds.sh", counter = dir + "/count", config = dir + "/config";
  {
    std::ofstream f(script);
    f << "#!/bin/sh\n"
         "# Answers the emulator's static key and its assumed-role key in turn (test credentials only).\n"
         "n=$(cat '" << counter << "' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '" << counter << "'\n"
         "if [ $((n % 2)) -eq 0 ]; then\n"
         "  k=AKIDEMULATORSTATIC01; s=emulator/static/secret+key; t=''; m=5\n"
         "else\n"
         "  k=ASIAASSUMEDDSQLROLE; s=assumed/secret+key; t=',\"SessionToken\":\"assumed-session-token\"'; m=12\n"
         "fi\n"
         "e=$(date -u -d \"+$m min\" +%Y-%m-%dT%H:%M:%SZ)\n"
         "printf '{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"%s\"%s,\"Expiration\":\"%s\"}\\n' "
         "\"$k\" \"$s\" \"$t\" \"$e\"\n";
  }
  ::chmod(script.c_str(), 0700);
  {
    std::ofstream f(config);
    f << "[profile refresh]\ncredential_process = " << script << "\nregion = us-east-1\n";
  }
  const char* oldConfig = std::getenv("AWS_CONFIG_FILE");
  std::string saved = oldConfig ? oldConfig : "";
  ::setenv("AWS_CONFIG_FILE", config.c_str(), 1);

  constexpr int kThreads = 12, kConnects = 4;
  std::atomic<int> ok{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kConnects; ++i) {
        Conn c;
        if (!SQL_SUCCEEDED(c.driverConnect("DSN=" + std::string(kEmuDsn) + ";Profile=refresh"))) {
          errors[t] = "connect " + std::to_string(i) + ": " + c.diag();
          return;
        }
        Stmt s(c);
        std::string error;
        if (sumOf(s.h, "SELECT ? + 0", t, error) != t) {
          errors[t] = "query: " + error;
          return;
        }
        ++ok;
      }
    });
  for (auto& th : threads) th.join();
  if (oldConfig) ::setenv("AWS_CONFIG_FILE", saved.c_str(), 1);
  else ::unsetenv("AWS_CONFIG_FILE");
  for (int t = 0; t < kThreads; ++t) EXPECT_TRUE(errors[t].empty()) << "thread " << t << ": " << errors[t];
  EXPECT_EQ(ok.load(), kThreads * kConnects);
  std::ifstream cf(counter);
  int runs = 0;
  cf >> runs;
  EXPECT_GE(runs, 2) << "the credential process ran once only: nothing was refreshed";
}
