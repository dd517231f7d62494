// What driver_bench prints: the scenario table (medians over rounds, ratios of times as medians of
// per-round ratios, peak RSS per client), the acceptance targets of issue 11 with PASS/MISS, and the same
// as markdown between <!-- bench:begin --> and <!-- bench:end --> for bench/readme-table.sh.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bench_util.h"

namespace bench {

enum class Unit { Ms, Us, MRowsPerSec, KRowsPerSec, Buffer };

struct Scenario {
  std::string id;       // what --only selects, e.g. "select1", "emu_select1"
  std::string kind;     // the workload (workloads.h), or "token"
  std::string title;
  Unit unit;
  std::string target;   // "pg" (no TLS), "pg-tls", "emu", or "" (in process)
  std::vector<std::string> clients;  // dsql, psql, libpq, libpq-whole, token
  int iters = 0;
};

// One (scenario, client): a Measure and the child's peak RSS per round.
struct Cell {
  std::vector<Measure> rounds;
  std::vector<long> rssKb;
  bool failed = false;
  double medianPerOp() const;   // seconds per operation
  double medianRssMiB() const;
};

using Results = std::map<std::string, std::map<std::string, Cell>>;  // scenario id -> client -> cell

struct RunInfo {
  long long rows = 0, arrayRows = 0;
  int rounds = 0;
  double wallSeconds = 0;
  std::string when;   // UTC date and time of the run
  double loadStart = 0, loadEnd = 0;  // 1-minute load average before and after (other work on the machine)
  long cpus = 0;
};

void printTable(std::FILE* out, const std::vector<Scenario>& scenarios, const Results& r, const RunInfo& info);
void printMarkdown(std::FILE* out, const std::vector<Scenario>& scenarios, const Results& r, const RunInfo& info);

}  // namespace bench
