// Shared pieces of driver_bench: the fetch query and its column-wise arrays, the text-to-C conversions a
// careful libpq application writes (so libpq is measured doing the same work as an ODBC driver), ODBC
// and libpq connection helpers that exit the child process on failure, and the Measure record a child
// reports to the parent. Nothing here times or reports; see workloads.h and report.h.
#pragma once

#include <libpq-fe.h>
#include <sql.h>
#include <sqlext.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start);

// Kilobytes of this process's resident set now ("VmRSS:") or at its peak ("VmHWM:"), from /proc.
long procStatusKb(const char* field);

// What a child measured: `seconds` (wall) and `cpuSeconds` (its own CPU) for `ops` operations (rows for
// fetches), a checksum of the values read (the parent compares it across clients), two scenario-specific
// figures (buffer case: KiB of growth and KiB of values), and the child's own peak resident set in KiB
// (VmHWM at exit).
struct Measure {
  double seconds = 0;
  double cpuSeconds = 0;  // CPU time of the client process (user + system) over the same timed part
  long long ops = 0;
  long long checksum = 0;
  long long extraA = 0, extraB = 0;
  long long peakKb = 0;
};

// The fetch scenarios read five columns: int4, int8, float8, text of 16 characters and date.
extern const char* const kFetchColumns;    // "id, big, f, t, d"
std::string fetchSql();                    // the large fetch: every row of bench_rows

// Starts timing at construction; stop() writes the wall and CPU seconds since then into a Measure. The CPU
// figure is the client's own work (driver, libpq, its system calls) without the waits for the server,
// which is what a driver can change, and it moves far less with the machine's load than wall time.
class Stopwatch {
 public:
  Stopwatch();
  void stop(Measure& m) const;

 private:
  Clock::time_point wall_;
  double cpu_;
};

// Runs body(i) for a warm-up of iters/10 and then `iters` timed iterations; sums what body returns.
Measure timedLoop(int iters, const std::function<long long(int)>& body);
constexpr int kTextCap = 24;               // bound text buffer per row (16 characters + NUL, with room)
constexpr int kSmallRows = 1000;           // rows of bench_small (point select, small fetch)
constexpr int kSmallFetchRows = 100;       // rows per small fetch

// Column-wise arrays for `cap` rows, bound with SQL_ATTR_ROW_ARRAY_SIZE (ODBC) or filled by libpq.
struct FetchArrays {
  explicit FetchArrays(std::size_t cap);
  std::size_t cap;
  std::vector<SQLINTEGER> id;
  std::vector<SQLBIGINT> big;
  std::vector<SQLDOUBLE> f;
  std::vector<char> t;
  std::vector<SQL_DATE_STRUCT> d;
  std::vector<SQLLEN> idInd, bigInd, fInd, tInd, dInd;
  char* text(std::size_t row) { return &t[row * kTextCap]; }
  long long checksum(std::size_t rows) const;  // over the first `rows` rows
};

// One row's worth of the same five values (point select, SQLGetData).
struct RowValues {
  SQLINTEGER id = 0;
  SQLBIGINT big = 0;
  SQLDOUBLE f = 0;
  char t[kTextCap] = {};
  SQL_DATE_STRUCT d{};
  SQLLEN tLen = 0;
  long long checksum() const;
};

// ---- libpq text format into C values (what an ODBC driver also does) ----
SQLINTEGER parseInt4(const char* s, int len);
SQLBIGINT parseInt8(const char* s, int len);
SQLDOUBLE parseFloat8(const char* s, int len);
SQL_DATE_STRUCT parseDate(const char* s);  // YYYY-MM-DD
void convertRow(const PGresult* r, int row, FetchArrays& a, std::size_t slot);
void convertRow(const PGresult* r, int row, RowValues& v);

// ---- connections; every failure prints and exits the child with status 1 ----
[[noreturn]] void fail(const std::string& what);
void check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char* what);

struct OdbcEnv {
  OdbcEnv();
  ~OdbcEnv();
  SQLHENV env = nullptr;
};

struct OdbcConn {
  OdbcConn(OdbcEnv& e, const std::string& conn);
  ~OdbcConn();
  SQLHDBC dbc = nullptr;
  SQLHSTMT statement();             // a new statement handle (the caller frees it)
  void exec(const std::string& sql);  // run and discard
};

PGconn* pgConnect(const std::string& conninfo);
void pgExec(PGconn* c, const std::string& sql);           // command; fails on error
PGresult* pgCheck(PGconn* c, PGresult* r, const char* what);  // returns r when it is a success

}  // namespace bench
