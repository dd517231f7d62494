// The timed workloads, one function per (kind, API). A child process runs exactly one of them and prints
// its Measure; the parent alternates clients and reads peak RSS (driver_bench.cpp). Each workload sets up
// outside the timed region (connect, prepare, warm-up) unless connecting is what it measures.
//
// Kinds: connect, select1, point, insert, small, fetch, getdata, array, buffer (see bench/README.md).
#pragma once

#include <string>

#include "bench_util.h"

namespace bench {

struct WorkloadArgs {
  std::string target;   // ODBC connection string, or libpq conninfo
  std::string tag;      // distinguishes per-client tables (bench_ins_<tag>)
  long long rows = 0;   // fetch, getdata, buffer: rows read; array: rows inserted
  int iters = 0;        // latency kinds: timed iterations (after a warm-up of iters / 10)
};

// ODBC (dsql-odbc or psqlODBC through the unixODBC driver manager).
Measure odbcWorkload(const std::string& kind, const WorkloadArgs& a);

// Raw libpq. `whole` reads fetch/getdata results with PQexec instead of single-row mode.
Measure libpqWorkload(const std::string& kind, const WorkloadArgs& a, bool whole);

}  // namespace bench
