// Shared pieces of driver_bench (see bench_util.h): arrays, libpq text conversions, connection helpers.
#include "bench_util.h"

#include <time.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bench {

const char* const kFetchColumns = "id, big, f, t, d";

std::string fetchSql() { return std::string("SELECT ") + kFetchColumns + " FROM bench_rows"; }

Measure timedLoop(int iters, const std::function<long long(int)>& body) {
  for (int i = 0; i < iters / 10; ++i) body(i);
  Measure m;
  const Stopwatch watch;
  for (int i = 0; i < iters; ++i) m.checksum += body(i);
  watch.stop(m);
  m.ops = iters;
  return m;
}

namespace {
double processCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);  // precise, unlike getrusage's tick-sampled split
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}
}  // namespace

Stopwatch::Stopwatch() : wall_(Clock::now()), cpu_(processCpuSeconds()) {}

void Stopwatch::stop(Measure& m) const {
  m.seconds = secondsSince(wall_);
  m.cpuSeconds = processCpuSeconds() - cpu_;
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

long procStatusKb(const char* field) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && std::fgets(line, sizeof line, f))
    if (!std::strncmp(line, field, std::strlen(field))) kb = std::atol(line + std::strlen(field));
  if (f) std::fclose(f);
  return kb;
}

FetchArrays::FetchArrays(std::size_t n)
    : cap(n), id(n), big(n), f(n), t(n * kTextCap), d(n), idInd(n), bigInd(n), fInd(n), tInd(n), dInd(n) {}

// The same sum for every client: id, the text's length and the date's day, so a client that skipped a
// column or truncated a value disagrees with the others.
long long FetchArrays::checksum(std::size_t rows) const {
  long long sum = 0;
  for (std::size_t i = 0; i < rows; ++i) sum += id[i] + big[i] % 7 + tInd[i] + d[i].day;
  return sum;
}

long long RowValues::checksum() const { return id + big % 7 + tLen + d.day; }

SQLINTEGER parseInt4(const char* s, int len) {
  SQLINTEGER v = 0;
  std::from_chars(s, s + len, v);
  return v;
}

SQLBIGINT parseInt8(const char* s, int len) {
  SQLBIGINT v = 0;
  std::from_chars(s, s + len, v);
  return v;
}

SQLDOUBLE parseFloat8(const char* s, int len) {
  SQLDOUBLE v = 0;
  std::from_chars(s, s + len, v);
  return v;
}

SQL_DATE_STRUCT parseDate(const char* s) {
  auto num = [s](int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  SQL_DATE_STRUCT d{};
  d.year = static_cast<SQLSMALLINT>(num(0, 4));
  d.month = static_cast<SQLUSMALLINT>(num(5, 2));
  d.day = static_cast<SQLUSMALLINT>(num(8, 2));
  return d;
}

namespace {
// Copies text into a kTextCap buffer the way SQL_C_CHAR does (truncated, NUL-terminated); returns the length.
SQLLEN copyText(const PGresult* r, int row, int col, char* out) {
  const int len = PQgetlength(r, row, col);
  const int n = len < kTextCap - 1 ? len : kTextCap - 1;
  std::memcpy(out, PQgetvalue(r, row, col), static_cast<std::size_t>(n));
  out[n] = '\0';
  return len;
}
}  // namespace

void convertRow(const PGresult* r, int row, FetchArrays& a, std::size_t slot) {
  a.id[slot] = parseInt4(PQgetvalue(r, row, 0), PQgetlength(r, row, 0));
  a.big[slot] = parseInt8(PQgetvalue(r, row, 1), PQgetlength(r, row, 1));
  a.f[slot] = parseFloat8(PQgetvalue(r, row, 2), PQgetlength(r, row, 2));
  a.tInd[slot] = copyText(r, row, 3, a.text(slot));
  a.d[slot] = parseDate(PQgetvalue(r, row, 4));
}

void convertRow(const PGresult* r, int row, RowValues& v) {
  v.id = parseInt4(PQgetvalue(r, row, 0), PQgetlength(r, row, 0));
  v.big = parseInt8(PQgetvalue(r, row, 1), PQgetlength(r, row, 1));
  v.f = parseFloat8(PQgetvalue(r, row, 2), PQgetlength(r, row, 2));
  v.tLen = copyText(r, row, 3, v.t);
  v.d = parseDate(PQgetvalue(r, row, 4));
}

void fail(const std::string& what) {
  std::fprintf(stderr, "driver_bench: %s\n", what.c_str());
  std::exit(1);
}

void check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char* what) {
  if (SQL_SUCCEEDED(rc)) return;
  SQLCHAR state[6] = {0}, msg[512] = {0};
  SQLINTEGER native = 0;
  SQLSMALLINT len = 0;
  SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len);
  fail(std::string(what) + " failed: " + reinterpret_cast<char*>(state) + " " + reinterpret_cast<char*>(msg));
}

OdbcEnv::OdbcEnv() {
  SQLAllocHandle(SQL_HANDLE_ENV, nullptr, &env);
  SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
}

OdbcEnv::~OdbcEnv() { SQLFreeHandle(SQL_HANDLE_ENV, env); }

OdbcConn::OdbcConn(OdbcEnv& e, const std::string& conn) {
  SQLAllocHandle(SQL_HANDLE_DBC, e.env, &dbc);
  // The connection string names a DSN; it carries no secret of its own (the DSN file does).
  check(SQLDriverConnect(dbc, nullptr, (SQLCHAR*)conn.c_str(), SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT),
        SQL_HANDLE_DBC, dbc, conn.c_str());
}

OdbcConn::~OdbcConn() {
  SQLDisconnect(dbc);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

SQLHSTMT OdbcConn::statement() {
  SQLHSTMT s = nullptr;
  check(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &s), SQL_HANDLE_DBC, dbc, "SQLAllocHandle(STMT)");
  return s;
}

void OdbcConn::exec(const std::string& sql) {
  SQLHSTMT s = statement();
  check(SQLExecDirect(s, (SQLCHAR*)sql.c_str(), SQL_NTS), SQL_HANDLE_STMT, s, sql.c_str());
  SQLFreeHandle(SQL_HANDLE_STMT, s);
}

PGconn* pgConnect(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (PQstatus(c) != CONNECTION_OK) fail(std::string("libpq connect: ") + PQerrorMessage(c));
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);  // "table ... does not exist, skipping"
  return c;
}

PGresult* pgCheck(PGconn* c, PGresult* r, const char* what) {
  const ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_SINGLE_TUPLE) return r;
  fail(std::string(what) + ": " + PQerrorMessage(c));
}

void pgExec(PGconn* c, const std::string& sql) { PQclear(pgCheck(c, PQexec(c, sql.c_str()), sql.c_str())); }

}  // namespace bench
