// getdata_bench: how reading one long text value piecewise with SQLGetData scales with its length. Reads
// repeat('aé€😀', n) -- 1 MiB and 8 MiB of UTF-8, a quarter of it astral characters -- in 4 KiB pieces
// with SQL_C_CHAR and SQL_C_WCHAR, and prints the time per value and per MiB. Linear reading keeps the
// per-MiB figure flat; a driver that re-converts the value for every piece grows with the length.
// Prints figures only; asserts nothing. Run through bench/run.sh (which starts the server and writes the
// DSNs), or directly with ODBCINI set:
//   getdata_bench [--dsn NAME]... (default: dsql_pg, then psqlodbc_pg when present, for comparison)
#include <sql.h>
#include <sqlext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMiB = 1024 * 1024;
constexpr SQLLEN kPiece = 4096;

bool ok(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char* what) {
  if (SQL_SUCCEEDED(rc)) return true;
  SQLCHAR state[6] = {0}, msg[512] = {0};
  SQLINTEGER native = 0;
  SQLSMALLINT len = 0;
  SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len);
  std::fprintf(stderr, "%s failed: %s %s\n", what, state, msg);
  return false;
}

// Executes the query and reads its one value in kPiece pieces; returns the seconds taken (execute
// included) and the bytes read, or a negative time on error.
double readOnce(SQLHDBC dbc, const std::string& sql, SQLSMALLINT cType, std::size_t& bytes) {
  SQLHSTMT st = nullptr;
  SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
  std::vector<char> buf(kPiece);
  bytes = 0;
  auto start = Clock::now();
  bool good = ok(SQLExecDirect(st, (SQLCHAR*)sql.c_str(), SQL_NTS), SQL_HANDLE_STMT, st, "execute") &&
              ok(SQLFetch(st), SQL_HANDLE_STMT, st, "fetch");
  std::size_t terminator = cType == SQL_C_WCHAR ? sizeof(SQLWCHAR) : 1;
  for (SQLRETURN rc; good && (rc = SQLGetData(st, 1, cType, buf.data(), kPiece, nullptr)) != SQL_NO_DATA;) {
    if (!ok(rc, SQL_HANDLE_STMT, st, "SQLGetData")) good = false;
    else if (rc == SQL_SUCCESS_WITH_INFO) bytes += static_cast<std::size_t>(kPiece) - terminator;
    else bytes += cType == SQL_C_WCHAR ? std::char_traits<char16_t>::length(reinterpret_cast<char16_t*>(buf.data())) * 2
                                       : std::strlen(buf.data());
  }
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  SQLFreeHandle(SQL_HANDLE_STMT, st);
  return good ? s : -1;
}

void benchDsn(const std::string& dsn) {
  SQLHENV env = nullptr;
  SQLHDBC dbc = nullptr;
  SQLAllocHandle(SQL_HANDLE_ENV, nullptr, &env);
  SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
  SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
  std::string conn = "DSN=" + dsn;
  if (ok(SQLDriverConnect(dbc, nullptr, (SQLCHAR*)conn.c_str(), SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT),
         SQL_HANDLE_DBC, dbc, conn.c_str())) {
    std::printf("%s\n", dsn.c_str());
    for (std::size_t mib : {1, 8}) {
      std::size_t reps = mib * kMiB / 10;  // 'aé€😀' is 10 bytes of UTF-8
      std::string sql = "SELECT repeat('a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80', " + std::to_string(reps) + ")";
      for (SQLSMALLINT cType : {SQL_C_CHAR, SQL_C_WCHAR}) {
        std::vector<double> runs;
        std::size_t bytes = 0;
        for (int i = 0; i < 3; ++i) runs.push_back(readOnce(dbc, sql, cType, bytes));
        std::sort(runs.begin(), runs.end());
        if (runs.front() < 0) continue;
        std::printf("  %zu MiB UTF-8 as %-11s in 4 KiB pieces: %8.3f s (median of 3)  %7.3f s/MiB  (%zu bytes read)\n",
                    mib, cType == SQL_C_CHAR ? "SQL_C_CHAR" : "SQL_C_WCHAR", runs[1], runs[1] / static_cast<double>(mib),
                    bytes);
      }
    }
    SQLDisconnect(dbc);
  }
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
  SQLFreeHandle(SQL_HANDLE_ENV, env);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> dsns;
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], "--dsn")) dsns.emplace_back(argv[++i]);
  if (dsns.empty()) dsns = {"dsql_pg", "psqlodbc_pg"};
  for (const std::string& d : dsns) benchDsn(d);
  return 0;
}
