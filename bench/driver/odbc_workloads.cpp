// The workloads through ODBC (dsql-odbc or psqlODBC, loaded by the unixODBC driver manager from a DSN).
// Each mirrors its libpq twin in libpq_workloads.cpp: same SQL, same C types, same arrays.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include "workloads.h"

namespace bench {
namespace {

#define SQLTXT(s) (SQLCHAR*)(s)


void bindArrays(SQLHSTMT s, FetchArrays& a, SQLULEN* fetched) {
  SQLSetStmtAttr(s, SQL_ATTR_ROW_BIND_TYPE, reinterpret_cast<SQLPOINTER>(SQL_BIND_BY_COLUMN), 0);
  SQLSetStmtAttr(s, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(a.cap)), 0);
  SQLSetStmtAttr(s, SQL_ATTR_ROWS_FETCHED_PTR, fetched, 0);
  SQLBindCol(s, 1, SQL_C_SLONG, a.id.data(), 0, a.idInd.data());
  SQLBindCol(s, 2, SQL_C_SBIGINT, a.big.data(), 0, a.bigInd.data());
  SQLBindCol(s, 3, SQL_C_DOUBLE, a.f.data(), 0, a.fInd.data());
  SQLBindCol(s, 4, SQL_C_CHAR, a.t.data(), kTextCap, a.tInd.data());
  SQLBindCol(s, 5, SQL_C_TYPE_DATE, a.d.data(), sizeof(SQL_DATE_STRUCT), a.dInd.data());
}

void bindRow(SQLHSTMT s, RowValues& v, SQLLEN* ind) {
  SQLBindCol(s, 1, SQL_C_SLONG, &v.id, 0, &ind[0]);
  SQLBindCol(s, 2, SQL_C_SBIGINT, &v.big, 0, &ind[1]);
  SQLBindCol(s, 3, SQL_C_DOUBLE, &v.f, 0, &ind[2]);
  SQLBindCol(s, 4, SQL_C_CHAR, v.t, kTextCap, &v.tLen);
  SQLBindCol(s, 5, SQL_C_TYPE_DATE, &v.d, sizeof v.d, &ind[4]);
}

// Executes `sql` and fetches every row into bound arrays; returns the checksum, adds the rows to *rows.
long long fetchAll(SQLHSTMT s, const std::string& sql, FetchArrays& a, long long* rows) {
  SQLULEN fetched = 0;
  bindArrays(s, a, &fetched);
  check(SQLExecDirect(s, SQLTXT(sql.c_str()), SQL_NTS), SQL_HANDLE_STMT, s, "fetch");
  long long sum = 0;
  SQLRETURN rc;
  while (SQL_SUCCEEDED(rc = SQLFetch(s))) {
    sum += a.checksum(fetched);
    *rows += static_cast<long long>(fetched);
  }
  if (rc != SQL_NO_DATA) check(rc, SQL_HANDLE_STMT, s, "SQLFetch");
  SQLFreeStmt(s, SQL_CLOSE);
  return sum;
}

Measure connectLoop(const WorkloadArgs& a) {
  OdbcEnv env;
  return timedLoop(a.iters, [&](int) {
    OdbcConn c(env, a.target);
    return 1LL;
  });
}

Measure select1(OdbcConn& c, const WorkloadArgs& a) {
  SQLHSTMT s = c.statement();
  SQLINTEGER v = 0;
  SQLLEN ind = 0;
  SQLBindCol(s, 1, SQL_C_SLONG, &v, 0, &ind);
  Measure m = timedLoop(a.iters, [&](int) {
    check(SQLExecDirect(s, SQLTXT("SELECT 1"), SQL_NTS), SQL_HANDLE_STMT, s, "SELECT 1");
    check(SQLFetch(s), SQL_HANDLE_STMT, s, "SQLFetch");
    SQLFreeStmt(s, SQL_CLOSE);
    return static_cast<long long>(v);
  });
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

Measure pointSelect(OdbcConn& c, const WorkloadArgs& a) {
  SQLHSTMT s = c.statement();
  const std::string sql = std::string("SELECT ") + kFetchColumns + " FROM bench_small WHERE id = ?";
  check(SQLPrepare(s, SQLTXT(sql.c_str()), SQL_NTS), SQL_HANDLE_STMT, s, "SQLPrepare");
  SQLINTEGER key = 0;
  RowValues v;
  SQLLEN ind[5] = {};
  SQLBindParameter(s, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &key, 0, nullptr);
  bindRow(s, v, ind);
  Measure m = timedLoop(a.iters, [&](int i) {
    key = 1 + i % kSmallRows;
    check(SQLExecute(s), SQL_HANDLE_STMT, s, "SQLExecute");
    check(SQLFetch(s), SQL_HANDLE_STMT, s, "SQLFetch");
    SQLFreeStmt(s, SQL_CLOSE);
    return v.checksum();
  });
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

Measure singleInsert(OdbcConn& c, const WorkloadArgs& a) {
  const std::string table = "bench_ins_" + a.tag;
  c.exec("DROP TABLE IF EXISTS " + table);
  c.exec("CREATE TABLE " + table + " (id int, v text)");
  SQLHSTMT s = c.statement();
  check(SQLPrepare(s, SQLTXT(("INSERT INTO " + table + " VALUES (?, ?)").c_str()), SQL_NTS), SQL_HANDLE_STMT, s,
        "SQLPrepare");
  SQLINTEGER id = 0;
  char v[16] = "value";
  SQLLEN vind = SQL_NTS;
  SQLBindParameter(s, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0, nullptr);
  SQLBindParameter(s, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0, v, sizeof v, &vind);
  Measure m = timedLoop(a.iters, [&](int i) {
    id = i;
    check(SQLExecute(s), SQL_HANDLE_STMT, s, "insert");
    return 1LL;
  });
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

Measure smallFetch(OdbcConn& c, const WorkloadArgs& a) {
  SQLHSTMT s = c.statement();
  FetchArrays arr(kSmallFetchRows);
  const std::string sql = std::string("SELECT ") + kFetchColumns + " FROM bench_small WHERE id <= " +
                          std::to_string(kSmallFetchRows);
  long long rows = 0;
  Measure m = timedLoop(a.iters, [&](int) { return fetchAll(s, sql, arr, &rows); });
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

Measure boundFetch(OdbcConn& c, const WorkloadArgs&) {
  SQLHSTMT s = c.statement();
  FetchArrays arr(1000);
  Measure m;
  const Stopwatch watch;
  m.checksum = fetchAll(s, fetchSql(), arr, &m.ops);
  watch.stop(m);
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

Measure getDataFetch(OdbcConn& c, const WorkloadArgs&) {
  SQLHSTMT s = c.statement();
  RowValues v;
  SQLLEN ind = 0;
  Measure m;
  const Stopwatch watch;
  check(SQLExecDirect(s, SQLTXT(fetchSql().c_str()), SQL_NTS), SQL_HANDLE_STMT, s, "fetch");
  SQLRETURN rc;
  while (SQL_SUCCEEDED(rc = SQLFetch(s))) {
    SQLGetData(s, 1, SQL_C_SLONG, &v.id, 0, &ind);
    SQLGetData(s, 2, SQL_C_SBIGINT, &v.big, 0, &ind);
    SQLGetData(s, 3, SQL_C_DOUBLE, &v.f, 0, &ind);
    SQLGetData(s, 4, SQL_C_CHAR, v.t, kTextCap, &v.tLen);
    SQLGetData(s, 5, SQL_C_TYPE_DATE, &v.d, sizeof v.d, &ind);
    m.checksum += v.checksum();
    ++m.ops;
  }
  if (rc != SQL_NO_DATA) check(rc, SQL_HANDLE_STMT, s, "SQLFetch");
  SQLFreeStmt(s, SQL_CLOSE);
  watch.stop(m);
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

Measure arrayInsert(OdbcConn& c, const WorkloadArgs& a) {
  const std::string table = "bench_arr_" + a.tag;
  c.exec("DROP TABLE IF EXISTS " + table);
  c.exec("CREATE TABLE " + table + " (id int, v text)");
  const auto n = static_cast<std::size_t>(a.rows);
  std::vector<SQLINTEGER> ids(n);
  std::vector<char> vs(n * 16);
  std::vector<SQLLEN> vind(n, SQL_NTS);
  for (std::size_t i = 0; i < n; ++i) {
    ids[i] = static_cast<SQLINTEGER>(i);
    std::memcpy(&vs[i * 16], "value", 6);
  }
  SQLHSTMT s = c.statement();
  SQLSetStmtAttr(s, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(n)), 0);
  SQLBindParameter(s, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids.data(), 0, nullptr);
  SQLBindParameter(s, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0, vs.data(), 16, vind.data());
  Measure m;
  const Stopwatch watch;
  check(SQLExecDirect(s, SQLTXT(("INSERT INTO " + table + " VALUES (?, ?)").c_str()), SQL_NTS), SQL_HANDLE_STMT, s,
        "array insert");
  watch.stop(m);
  m.ops = a.rows;
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

// What an open result costs once the rest of it must be buffered: the result is opened and one row
// fetched, then another statement on the connection makes a streaming driver keep the rest in memory.
// extraA = growth of the peak resident set since before the execute (KiB); extraB = KiB of values.
Measure bufferRest(OdbcConn& c, const WorkloadArgs&) {
  SQLHSTMT s = c.statement(), t = c.statement();
  char v[5][64];
  SQLLEN ind[5];
  for (int col = 0; col < 5; ++col)
    SQLBindCol(s, static_cast<SQLUSMALLINT>(col + 1), SQL_C_CHAR, v[col], sizeof v[col], &ind[col]);
  const long before = procStatusKb("VmRSS:");
  check(SQLExecDirect(s, SQLTXT(fetchSql().c_str()), SQL_NTS), SQL_HANDLE_STMT, s, "buffer");
  check(SQLFetch(s), SQL_HANDLE_STMT, s, "SQLFetch");
  long long bytes = 0;
  for (SQLLEN i : ind) bytes += i > 0 ? i : 0;
  check(SQLExecDirect(t, SQLTXT("SELECT 1"), SQL_NTS), SQL_HANDLE_STMT, t, "other statement");
  Measure m;
  m.extraA = procStatusKb("VmHWM:") - before;
  while (SQL_SUCCEEDED(SQLFetch(s))) {
    for (SQLLEN i : ind) bytes += i > 0 ? i : 0;
    ++m.ops;
  }
  m.extraB = bytes / 1024;
  m.ops += 1;
  SQLFreeHandle(SQL_HANDLE_STMT, t);
  SQLFreeHandle(SQL_HANDLE_STMT, s);
  return m;
}

}  // namespace

Measure odbcWorkload(const std::string& kind, const WorkloadArgs& a) {
  if (kind == "connect") return connectLoop(a);
  OdbcEnv env;
  OdbcConn c(env, a.target);
  if (kind == "select1") return select1(c, a);
  if (kind == "point") return pointSelect(c, a);
  if (kind == "insert") return singleInsert(c, a);
  if (kind == "small") return smallFetch(c, a);
  if (kind == "fetch") return boundFetch(c, a);
  if (kind == "getdata") return getDataFetch(c, a);
  if (kind == "array") return arrayInsert(c, a);
  if (kind == "buffer") return bufferRest(c, a);
  fail("unknown workload " + kind);
}

}  // namespace bench
