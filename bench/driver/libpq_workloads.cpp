// The workloads through raw libpq, written as a careful application would: named prepared statements
// created once, text results converted into the same C arrays the ODBC clients bind, single-row mode for
// streaming (or the whole result with PQexec as a reference), a pipeline for the parameter array.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>

#include "workloads.h"

namespace bench {
namespace {


// An int parameter in text format, as an application passes it.
struct IntParam {
  char buf[16];
  const char* values[1] = {buf};
  void set(int v) { *std::to_chars(buf, buf + sizeof buf - 1, v).ptr = '\0'; }
};

Measure connectLoop(const WorkloadArgs& a) {
  return timedLoop(a.iters, [&](int) {
    PQfinish(pgConnect(a.target));
    return 1LL;
  });
}

Measure select1(PGconn* c, const WorkloadArgs& a) {
  return timedLoop(a.iters, [&](int) {
    PGresult* r = pgCheck(c, PQexec(c, "SELECT 1"), "SELECT 1");
    const long long v = parseInt4(PQgetvalue(r, 0, 0), PQgetlength(r, 0, 0));
    PQclear(r);
    return v;
  });
}

Measure pointSelect(PGconn* c, const WorkloadArgs& a) {
  const std::string sql = std::string("SELECT ") + kFetchColumns + " FROM bench_small WHERE id = $1";
  PQclear(pgCheck(c, PQprepare(c, "point", sql.c_str(), 1, nullptr), "PQprepare"));
  IntParam p;
  RowValues v;
  return timedLoop(a.iters, [&](int i) {
    p.set(1 + i % kSmallRows);
    PGresult* r = pgCheck(c, PQexecPrepared(c, "point", 1, p.values, nullptr, nullptr, 0), "point");
    convertRow(r, 0, v);
    PQclear(r);
    return v.checksum();
  });
}

Measure singleInsert(PGconn* c, const WorkloadArgs& a) {
  const std::string table = "bench_ins_" + a.tag;
  pgExec(c, "DROP TABLE IF EXISTS " + table);
  pgExec(c, "CREATE TABLE " + table + " (id int, v text)");
  const std::string sql = "INSERT INTO " + table + " VALUES ($1, $2)";
  PQclear(pgCheck(c, PQprepare(c, "ins", sql.c_str(), 2, nullptr), "PQprepare"));
  char id[16];
  const char* values[2] = {id, "value"};
  return timedLoop(a.iters, [&](int i) {
    *std::to_chars(id, id + sizeof id - 1, i).ptr = '\0';
    PQclear(pgCheck(c, PQexecPrepared(c, "ins", 2, values, nullptr, nullptr, 0), "insert"));
    return 1LL;
  });
}

// Whole result: every row converted into the arrays, a batch of arr.cap at a time.
long long convertWhole(PGresult* r, FetchArrays& arr, long long* rows) {
  long long sum = 0;
  const int n = PQntuples(r);
  std::size_t slot = 0;
  for (int row = 0; row < n; ++row) {
    convertRow(r, row, arr, slot);
    if (++slot == arr.cap) {
      sum += arr.checksum(slot);
      slot = 0;
    }
  }
  *rows += n;
  return sum + arr.checksum(slot);
}

Measure smallFetch(PGconn* c, const WorkloadArgs& a) {
  const std::string sql = std::string("SELECT ") + kFetchColumns + " FROM bench_small WHERE id <= " +
                          std::to_string(kSmallFetchRows);
  FetchArrays arr(kSmallFetchRows);
  long long rows = 0;
  return timedLoop(a.iters, [&](int) {
    PGresult* r = pgCheck(c, PQexec(c, sql.c_str()), "small fetch");
    const long long sum = convertWhole(r, arr, &rows);
    PQclear(r);
    return sum;
  });
}

// Single-row mode: one PGresult per row, each converted into the next slot of the arrays.
Measure streamFetch(PGconn* c) {
  FetchArrays arr(1000);
  Measure m;
  const Stopwatch watch;
  if (!PQsendQuery(c, fetchSql().c_str()) || !PQsetSingleRowMode(c)) fail(std::string("fetch: ") + PQerrorMessage(c));
  std::size_t slot = 0;
  while (PGresult* r = PQgetResult(c)) {
    if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
      convertRow(r, 0, arr, slot);
      if (++slot == arr.cap) {
        m.checksum += arr.checksum(slot);
        slot = 0;
      }
      ++m.ops;
    } else {
      pgCheck(c, r, "fetch");
    }
    PQclear(r);
  }
  m.checksum += arr.checksum(slot);
  watch.stop(m);
  return m;
}

Measure wholeFetch(PGconn* c) {
  FetchArrays arr(1000);
  Measure m;
  const Stopwatch watch;
  PGresult* r = pgCheck(c, PQexec(c, fetchSql().c_str()), "fetch");
  m.checksum = convertWhole(r, arr, &m.ops);
  PQclear(r);
  watch.stop(m);
  return m;
}

// libpq's pipeline as a careful application writes it: one transaction, the statement prepared once,
// batches of 512 executions each ended by a sync point whose results are read before the next batch.
Measure pipelineInsert(PGconn* p, const WorkloadArgs& a) {
  const std::string table = "bench_arr_" + a.tag;
  pgExec(p, "DROP TABLE IF EXISTS " + table);
  pgExec(p, "CREATE TABLE " + table + " (id int, v text)");
  Measure m;
  const Stopwatch watch;
  PQenterPipelineMode(p);
  PQsendQueryParams(p, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0);
  PQsendPrepare(p, "", ("INSERT INTO " + table + " VALUES ($1, $2)").c_str(), 2, nullptr);
  auto drain = [p] {
    for (;;) {
      PGresult* r = PQgetResult(p);
      if (!r && PQstatus(p) == CONNECTION_BAD) fail(std::string("libpq: ") + PQerrorMessage(p));
      if (!r) continue;
      const ExecStatusType st = PQresultStatus(r);
      PQclear(r);
      if (st == PGRES_FATAL_ERROR) fail(std::string("pipeline: ") + PQerrorMessage(p));
      if (st == PGRES_PIPELINE_SYNC) return;
    }
  };
  char id[16];
  const char* vals[2] = {id, "value"};
  for (long long i = 0; i < a.rows; ++i) {
    *std::to_chars(id, id + sizeof id - 1, i).ptr = '\0';
    PQsendQueryPrepared(p, "", 2, vals, nullptr, nullptr, 0);
    if ((i + 1) % 512 == 0 || i + 1 == a.rows) {
      if (i + 1 == a.rows) PQsendQueryParams(p, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0);
      PQpipelineSync(p);
      drain();
    }
  }
  PQexitPipelineMode(p);
  watch.stop(m);
  m.ops = a.rows;
  return m;
}

}  // namespace

Measure libpqWorkload(const std::string& kind, const WorkloadArgs& a, bool whole) {
  if (kind == "connect") return connectLoop(a);
  PGconn* c = pgConnect(a.target);
  Measure m;
  if (kind == "select1") m = select1(c, a);
  else if (kind == "point") m = pointSelect(c, a);
  else if (kind == "insert") m = singleInsert(c, a);
  else if (kind == "small") m = smallFetch(c, a);
  else if (kind == "fetch" || kind == "getdata") m = whole ? wholeFetch(c) : streamFetch(c);
  else if (kind == "array") m = pipelineInsert(c, a);
  else fail("unknown libpq workload " + kind);
  PQfinish(c);
  return m;
}

}  // namespace bench
