// driver_bench: dsql-odbc against psqlODBC (Debian's odbc-postgresql) and raw libpq, measured in the same
// run against the same private PostgreSQL over TLS. Prints figures and ratios; asserts nothing (see
// bench/README.md). Run through bench/run.sh, which starts the servers and writes the DSNs.
//   driver_bench [--rows N] [--memory-case NAME]   (--memory-case is the child-process mode)
#include <libpq-fe.h>
#include <sql.h>
#include <sqlext.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double medianSeconds(int runs, const std::function<void()>& body) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto s = Clock::now();
    body();
    t.push_back(std::chrono::duration<double>(Clock::now() - s).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char* what) {
  if (SQL_SUCCEEDED(rc)) return;
  SQLCHAR state[6] = {0}, msg[512] = {0};
  SQLINTEGER native;
  SQLSMALLINT len;
  SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len);
  std::fprintf(stderr, "%s failed: %s %s\n", what, state, msg);
  std::exit(1);
}

struct Odbc {
  SQLHENV env = nullptr;
  SQLHDBC dbc = nullptr;
  explicit Odbc(const std::string& conn) {
    SQLAllocHandle(SQL_HANDLE_ENV, nullptr, &env);
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
    SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    check(SQLDriverConnect(dbc, nullptr, (SQLCHAR*)conn.c_str(), SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT),
          SQL_HANDLE_DBC, dbc, conn.c_str());
  }
  ~Odbc() {
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, env);
  }
};

// ---- the workloads, once per client ------------------------------------------------------------------
struct Client {
  const char* name;
  std::function<void()> connect;             // connect + trivial query + disconnect
  std::function<void(int)> pointQueries;     // n parameterised single-row queries
  std::function<long(int)> fetch;            // fetch N rows x 3 columns into bound buffers, returns checksum
  std::function<void(int)> insert;           // insert N rows with parameters
  std::function<void(int)> arrayInsert;      // insert N rows as one parameter array (libpq: its pipeline)
};

const char* kFetchSql = "SELECT g, 'row ' || g, (g * 1.5)::numeric(12,2) FROM generate_series(1, %d) g";

Client odbcClient(const char* name, std::string conn) {
  Client c{name, {}, {}, {}, {}, {}};
  c.connect = [conn] { Odbc o(conn); };
  auto shared = std::make_shared<Odbc>(conn);
  c.pointQueries = [shared](int n) {
    SQLHSTMT s;
    SQLAllocHandle(SQL_HANDLE_STMT, shared->dbc, &s);
    check(SQLPrepare(s, (SQLCHAR*)"SELECT ? + 1", SQL_NTS), SQL_HANDLE_STMT, s, "prepare");
    SQLINTEGER in = 0, out = 0;
    SQLLEN ind = 0;
    SQLBindParameter(s, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &in, 0, nullptr);
    SQLBindCol(s, 1, SQL_C_SLONG, &out, 0, &ind);
    for (int i = 0; i < n; ++i) {
      in = i;
      check(SQLExecute(s), SQL_HANDLE_STMT, s, "execute");
      SQLFetch(s);
      SQLFreeStmt(s, SQL_CLOSE);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, s);
  };
  c.fetch = [shared](int rows) {
    SQLHSTMT s;
    SQLAllocHandle(SQL_HANDLE_STMT, shared->dbc, &s);
    char sql[160];
    std::snprintf(sql, sizeof sql, kFetchSql, rows);
    check(SQLExecDirect(s, (SQLCHAR*)sql, SQL_NTS), SQL_HANDLE_STMT, s, "fetch");
    SQLINTEGER id = 0;
    char text[32];
    double amount = 0;
    SQLLEN i1, i2, i3;
    SQLBindCol(s, 1, SQL_C_SLONG, &id, 0, &i1);
    SQLBindCol(s, 2, SQL_C_CHAR, text, sizeof text, &i2);
    SQLBindCol(s, 3, SQL_C_DOUBLE, &amount, 0, &i3);
    long sum = 0;
    while (SQL_SUCCEEDED(SQLFetch(s))) sum += id + static_cast<long>(i2);
    SQLFreeHandle(SQL_HANDLE_STMT, s);
    return sum;
  };
  c.insert = [shared, name](int n) {
    SQLHSTMT s;
    SQLAllocHandle(SQL_HANDLE_STMT, shared->dbc, &s);
    std::string table = std::string("bench_ins_") + (name[0] == 'd' ? "d" : "p");
    SQLExecDirect(s, (SQLCHAR*)("DROP TABLE IF EXISTS " + table).c_str(), SQL_NTS);
    check(SQLExecDirect(s, (SQLCHAR*)("CREATE TABLE " + table + " (id int, v text)").c_str(), SQL_NTS), SQL_HANDLE_STMT, s, "create");
    check(SQLPrepare(s, (SQLCHAR*)("INSERT INTO " + table + " VALUES (?, ?)").c_str(), SQL_NTS), SQL_HANDLE_STMT, s, "prep");
    SQLINTEGER id = 0;
    char v[16] = "value";
    SQLLEN vind = SQL_NTS;
    SQLBindParameter(s, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0, nullptr);
    SQLBindParameter(s, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0, v, sizeof v, &vind);
    for (int i = 0; i < n; ++i) {
      id = i;
      check(SQLExecute(s), SQL_HANDLE_STMT, s, "insert");
    }
    SQLFreeHandle(SQL_HANDLE_STMT, s);
  };
  c.arrayInsert = [shared, name](int n) {
    SQLHSTMT s;
    SQLAllocHandle(SQL_HANDLE_STMT, shared->dbc, &s);
    std::string table = std::string("bench_arr_") + (name[0] == 'd' ? "d" : "p");
    SQLExecDirect(s, (SQLCHAR*)("DROP TABLE IF EXISTS " + table).c_str(), SQL_NTS);
    check(SQLExecDirect(s, (SQLCHAR*)("CREATE TABLE " + table + " (id int, v text)").c_str(), SQL_NTS), SQL_HANDLE_STMT, s, "create");
    std::vector<SQLINTEGER> ids(static_cast<std::size_t>(n));
    std::vector<char> vs(static_cast<std::size_t>(n) * 16);
    std::vector<SQLLEN> vind(static_cast<std::size_t>(n), SQL_NTS);
    for (int i = 0; i < n; ++i) {
      ids[static_cast<std::size_t>(i)] = i;
      std::memcpy(&vs[static_cast<std::size_t>(i) * 16], "value", 6);
    }
    SQLSetStmtAttr(s, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(n)), 0);
    SQLBindParameter(s, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids.data(), 0, nullptr);
    SQLBindParameter(s, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0, vs.data(), 16, vind.data());
    check(SQLExecDirect(s, (SQLCHAR*)("INSERT INTO " + table + " VALUES (?, ?)").c_str(), SQL_NTS), SQL_HANDLE_STMT, s, "array insert");
    SQLFreeHandle(SQL_HANDLE_STMT, s);
  };
  return c;
}

Client libpqClient(std::string conninfo) {
  Client c{"libpq", {}, {}, {}, {}, {}};
  c.connect = [conninfo] {
    PGconn* p = PQconnectdb(conninfo.c_str());
    if (PQstatus(p) != CONNECTION_OK) { std::fprintf(stderr, "libpq: %s", PQerrorMessage(p)); std::exit(1); }
    PQfinish(p);
  };
  auto conn = std::shared_ptr<PGconn>(PQconnectdb(conninfo.c_str()), PQfinish);
  c.pointQueries = [conn](int n) {
    for (int i = 0; i < n; ++i) {
      std::string v = std::to_string(i);
      const char* vals[] = {v.c_str()};
      PGresult* r = PQexecParams(conn.get(), "SELECT $1::int4 + 1", 1, nullptr, vals, nullptr, nullptr, 0);
      PQclear(r);
    }
  };
  c.fetch = [conn](int rows) {
    char sql[160];
    std::snprintf(sql, sizeof sql, kFetchSql, rows);
    PQsendQueryParams(conn.get(), sql, 0, nullptr, nullptr, nullptr, nullptr, 0);
    PQsetSingleRowMode(conn.get());  // the streaming a memory-bounded client would use
    long sum = 0;
    while (PGresult* r = PQgetResult(conn.get())) {
      if (PQntuples(r) == 1) sum += std::atol(PQgetvalue(r, 0, 0)) + PQgetlength(r, 0, 1) + 0 * std::atof(PQgetvalue(r, 0, 2));
      PQclear(r);
    }
    return sum;
  };
  c.insert = [conn](int n) {
    PQclear(PQexec(conn.get(), "DROP TABLE IF EXISTS bench_ins_l"));
    PQclear(PQexec(conn.get(), "CREATE TABLE bench_ins_l (id int, v text)"));
    for (int i = 0; i < n; ++i) {
      std::string id = std::to_string(i);
      const char* vals[] = {id.c_str(), "value"};
      PQclear(PQexecParams(conn.get(), "INSERT INTO bench_ins_l VALUES ($1, $2)", 2, nullptr, vals, nullptr, nullptr, 0));
    }
  };
  // libpq's pipeline as a careful application writes it: one transaction, the statement prepared once,
  // batches of 512 executions each ended by a sync point whose results are read before the next batch.
  c.arrayInsert = [conn](int n) {
    PGconn* p = conn.get();
    PQclear(PQexec(p, "DROP TABLE IF EXISTS bench_arr_l"));
    PQclear(PQexec(p, "CREATE TABLE bench_arr_l (id int, v text)"));
    PQenterPipelineMode(p);
    PQsendQueryParams(p, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0);
    PQsendPrepare(p, "", "INSERT INTO bench_arr_l VALUES ($1, $2)", 2, nullptr);
    auto drain = [p] {
      for (;;) {
        PGresult* r = PQgetResult(p);
        if (!r && PQstatus(p) == CONNECTION_BAD) { std::fprintf(stderr, "libpq: %s", PQerrorMessage(p)); std::exit(1); }
        if (!r) continue;
        bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) return;
      }
    };
    for (int i = 0; i < n; ++i) {
      std::string id = std::to_string(i);
      const char* vals[] = {id.c_str(), "value"};
      PQsendQueryPrepared(p, "", 2, vals, nullptr, nullptr, 0);
      if ((i + 1) % 512 == 0 || i + 1 == n) {
        if (i + 1 == n) PQsendQueryParams(p, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0);
        PQpipelineSync(p);
        drain();
      }
    }
    PQexitPipelineMode(p);
  };
  return c;
}

// Kilobytes of this process's resident set now ("VmRSS") or at its peak ("VmHWM"), from /proc.
long procStatusKb(const char* field) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && std::fgets(line, sizeof line, f))
    if (!std::strncmp(line, field, std::strlen(field))) kb = std::atol(line + std::strlen(field) + 1);
  if (f) std::fclose(f);
  return kb;
}

// What buffering the rest of a stream costs (run in a fresh process): a `rows`-row result is opened and
// one row fetched; another statement on the connection then makes the driver keep the rest in memory.
// Prints the growth of the peak resident set and the bytes of the values buffered, in KiB.
int bufferCase(const std::string& conn, int rows) {
  Odbc o(conn);
  SQLHSTMT s, t;
  SQLAllocHandle(SQL_HANDLE_STMT, o.dbc, &s);
  SQLAllocHandle(SQL_HANDLE_STMT, o.dbc, &t);
  char sql[200];
  std::snprintf(sql, sizeof sql, "SELECT g, 'row ' || g || repeat('x', 12), (g * 1.5)::numeric(12,2) FROM generate_series(1, %d) g", rows);
  check(SQLExecDirect(s, (SQLCHAR*)sql, SQL_NTS), SQL_HANDLE_STMT, s, "buffer");
  char v[3][64];
  SQLLEN ind[3];
  for (int c = 0; c < 3; ++c) SQLBindCol(s, static_cast<SQLUSMALLINT>(c + 1), SQL_C_CHAR, v[c], sizeof v[c], &ind[c]);
  SQLFetch(s);
  const long before = procStatusKb("VmRSS:");
  check(SQLExecDirect(t, (SQLCHAR*)"SELECT 1", SQL_NTS), SQL_HANDLE_STMT, t, "other statement");
  const long peak = procStatusKb("VmHWM:");
  long long bytes = 0;
  while (SQL_SUCCEEDED(SQLFetch(s)))
    for (SQLLEN i : ind) bytes += i > 0 ? i : 0;
  std::printf("%ld %lld\n", peak - before, bytes / 1024);
  return 0;
}

// Peak memory of fetching `rows` rows, each client in a fresh process so peaks do not mix.
long memoryCase(const char* self, const char* name, int rows) {
  pid_t pid = fork();
  if (pid == 0) {
    std::string r = std::to_string(rows);
    execl(self, self, "--memory-case", name, "--rows", r.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  int rows = 200000;
  int arrayRows = 100000;
  const char* memCase = nullptr;
  const char* bufferOf = nullptr;
  std::string only;  // one case (connect, point, fetch, insert, array, memory), for a quick look
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rows")) rows = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--array-rows")) arrayRows = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--memory-case")) memCase = argv[i + 1];
    if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    if (!std::strcmp(argv[i], "--buffer-case")) bufferOf = argv[i + 1];
  }
  const char* pgconn = std::getenv("DSQL_BENCH_LIBPQ");
  std::string ours = "DSN=dsql_pg;SSLMode=require", theirs = "DSN=psqlodbc_pg";
  if (!pgconn) { std::fprintf(stderr, "run through bench/run.sh (DSQL_BENCH_LIBPQ unset)\n"); return 2; }
  if (bufferOf) return bufferCase(std::string(bufferOf) == "dsql-odbc" ? ours : theirs, rows);
  if (memCase) {
    std::string m = memCase;
    Client c = m == "libpq" ? libpqClient(pgconn) : odbcClient(m.c_str(), m == "dsql-odbc" ? ours : theirs);
    c.fetch(rows);  // the parent reads this process's peak RSS from wait4()
    return 0;
  }
  std::vector<Client> clients = {odbcClient("dsql-odbc", ours), odbcClient("psqlODBC", theirs), libpqClient(pgconn)};
  struct Row { const char* what; const char* unit; std::vector<double> v; };
  std::vector<Row> table;
  Row connect{"connect + disconnect", "ms", {}}, point{"parameterised point query", "us/query", {}},
      fetch{"fetch 3 columns", "Mrows/s", {}}, insert{"insert one row per execute", "rows/s", {}},
      arrayInsert{"insert as a parameter array", "rows/s", {}},
      memory{"peak RSS fetching all rows", "MiB", {}};
  auto want = [&](const char* name) { return only.empty() || only == name; };
  for (auto& c : clients) {
    connect.v.push_back(want("connect") ? 1e3 * medianSeconds(15, c.connect) : 0);
    if (want("point")) c.pointQueries(200);  // warm up
    point.v.push_back(want("point") ? 1e6 * medianSeconds(5, [&] { c.pointQueries(1000); }) / 1000 : 0);
    fetch.v.push_back(want("fetch") ? rows / medianSeconds(3, [&] { c.fetch(rows); }) / 1e6 : 0);
    insert.v.push_back(want("insert") ? 2000 / medianSeconds(3, [&] { c.insert(2000); }) : 0);
    arrayInsert.v.push_back(want("array") ? arrayRows / medianSeconds(3, [&] { c.arrayInsert(arrayRows); }) : 0);
    memory.v.push_back(want("memory") ? memoryCase(argv[0], c.name, rows * 5) / 1024.0 : 0);
  }
  std::printf("dsql-odbc benchmark: %d rows per fetch (%d for memory), %d per parameter array, PostgreSQL 15 on loopback, TLS\n\n",
              rows, rows * 5, arrayRows);
  std::printf("%-30s %-9s %12s %12s %12s %14s %14s\n", "case", "unit", "dsql-odbc", "psqlODBC", "libpq",
              "vs psqlODBC", "vs libpq");
  for (Row* r : {&connect, &point, &fetch, &insert, &arrayInsert, &memory}) {
    std::printf("%-30s %-9s %12.2f %12.2f %12.2f %13.2fx %13.2fx\n", r->what, r->unit, r->v[0], r->v[1], r->v[2],
                r->v[0] / r->v[1], r->v[0] / r->v[2]);
  }
  if (want("buffer")) {
    // Each driver in a fresh process; psqlODBC reads every result whole at execute, so its figure is the
    // growth of the same moment, not a buffering step of its own.
    std::printf("\n%-30s %-9s %12s %12s\n", "buffer the rest of a stream", "", "dsql-odbc", "psqlODBC");
    long long kb[2][2] = {};
    int k = 0;
    for (const char* name : {"dsql-odbc", "psqlODBC"}) {
      std::string cmd = std::string(argv[0]) + " --buffer-case " + name + " --rows " + std::to_string(rows * 5);
      if (std::FILE* p = popen(cmd.c_str(), "r")) {
        if (std::fscanf(p, "%lld %lld", &kb[k][0], &kb[k][1]) != 2) kb[k][0] = kb[k][1] = -1;
        pclose(p);
      }
      ++k;
    }
    std::printf("%-30s %-9s %12.1f %12.1f\n", "  memory growth", "MiB", kb[0][0] / 1024.0, kb[1][0] / 1024.0);
    std::printf("%-30s %-9s %12.1f %12.1f\n", "  values buffered", "MiB", kb[0][1] / 1024.0, kb[1][1] / 1024.0);
    std::printf("%-30s %-9s %12.2f %12.2f\n", "  growth / values", "x", double(kb[0][0]) / kb[0][1], double(kb[1][0]) / kb[1][1]);
  }
  std::printf("\nRatios are dsql-odbc / other: above 1 is better for throughput units (Mrows/s, rows/s),\n"
              "below 1 is better for time and memory units.\n");
  return 0;
}
