// driver_bench: dsql-odbc against psqlODBC (Debian's odbc-postgresql) and raw libpq in one run, on the
// same private PostgreSQL, plus dsql-odbc and libpq through the DSQL emulator. The parent process never
// loads ODBC: it prepares the tables, then for every scenario and round runs each client in turn
// (dsql, psqlODBC, libpq; the next round in reverse order) as a fresh child process of this same binary,
// reads the child's Measure from a pipe and its peak RSS from wait4(), and prints the tables (report.h).
// Asserts nothing;
// exits 1 only when a client failed or disagreed on the data. Run through bench/run.sh, which starts the
// servers and writes the DSNs (see bench/README.md).
//   driver_bench [--rows N] [--rounds R] [--scale F] [--array-rows N] [--only id,id...]
//   driver_bench --instructions 1 [--only ...]  (instructions per operation under callgrind, see below)
//   driver_bench --child ID --client C [...]   (the child mode)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "report.h"
#include "workloads.h"

namespace bench {
namespace {

struct Options {
  long long rows = 1000000, arrayRows = 100000;
  int rounds = 3;
  double scale = 1.0;  // multiplies latency iterations (quick mode uses less than 1)
  std::string only;    // comma-separated scenario ids, empty = all
  std::string child, client;
  bool instructions = false;
};

const std::vector<std::string> kThree = {"dsql", "psql", "libpq"};
const std::vector<std::string> kEmu = {"dsql", "libpq"};

std::vector<Scenario> scenarios(const Options& o) {
  auto it = [&o](int n) { return std::max(1, static_cast<int>(n * o.scale)); };
  const std::string rows = o.rows % 1000000 == 0 ? std::to_string(o.rows / 1000000) + "M"
                                                 : std::to_string(o.rows / 1000) + "k";
  std::vector<Scenario> s = {
      {"connect", "connect", "connect + disconnect (no TLS)", Unit::Ms, "pg", kThree, it(200)},
      {"connect_tls", "connect", "connect + disconnect (TLS)", Unit::Ms, "pg-tls", kThree, it(100)},
      {"select1", "select1", "SELECT 1 round trip", Unit::Us, "pg", kThree, it(5000)},
      {"point", "point", "prepared point select (1 row x 5 cols)", Unit::Us, "pg", kThree, it(5000)},
      {"insert", "insert", "single prepared insert (autocommit)", Unit::Us, "pg", kThree, it(4000)},
      {"small", "small", "fetch 100 rows x 5 cols, bound arrays", Unit::Us, "pg", kThree, it(2000)},
      {"fetch", "fetch", "fetch " + rows + " rows x 5 cols, bound arrays", Unit::MRowsPerSec, "pg",
       {"dsql", "psql", "libpq", "libpq-whole"}, 0},
      {"getdata", "getdata", "fetch " + rows + " rows x 5 cols, SQLGetData", Unit::MRowsPerSec, "pg", kThree, 0},
      {"array", "array", "insert " + std::to_string(o.arrayRows / 1000) + "k rows as a parameter array",
       Unit::KRowsPerSec, "pg", kThree, 0},
      {"buffer", "buffer", "buffer the rest of a " + rows + "-row stream", Unit::Buffer, "pg", {"dsql", "psql"}, 0},
      {"emu_connect", "connect", "emulator: connect (TLS, IAM token)", Unit::Ms, "emu", kEmu, it(40)},
      {"emu_select1", "select1", "emulator: SELECT 1 round trip", Unit::Us, "emu", kEmu, it(1000)},
      {"emu_point", "point", "emulator: prepared point select", Unit::Us, "emu", kEmu, it(1000)},
      {"emu_insert", "insert", "emulator: single prepared insert", Unit::Us, "emu", kEmu, it(500)},
      {"emu_small", "small", "emulator: fetch 100 rows x 5 cols", Unit::Us, "emu", kEmu, it(300)},
      {"token", "token", "IAM token signing, in process (dsql column)", Unit::Us, "", {"token"}, it(3000)},
  };
  return s;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The connection string (ODBC) or conninfo (libpq) of a client on a target. dsql_pg names `localhost`;
// 127.0.0.1 is given so no client tries ::1 first.
std::string targetFor(const std::string& client, const std::string& target) {
  const bool tls = target == "pg-tls";
  if (target == "emu") return client == "dsql" ? "DSN=dsql_emu" : env("DSQL_BENCH_EMU_LIBPQ");
  if (client == "dsql") return std::string("DSN=dsql_pg;Server=127.0.0.1;SSLMode=") + (tls ? "require" : "disable");
  if (client == "psql") return std::string("DSN=psqlodbc_pg;SSLmode=") + (tls ? "require" : "disable");
  return env("DSQL_BENCH_LIBPQ") + (tls ? " sslmode=require" : " sslmode=disable");
}

int childMain(const Options& o) {
  alarm(900);  // a hung client ends as a failed measurement, never a hung benchmark
  for (const Scenario& s : scenarios(o)) {
    if (s.id != o.child) continue;
    WorkloadArgs a{targetFor(o.client, s.target), (s.target == "emu" ? "e" : "") + o.client.substr(0, 1),
                   s.kind == "array" ? o.arrayRows : o.rows, s.iters};
    const Measure m = o.client == "dsql" || o.client == "psql" ? odbcWorkload(s.kind, a)
                                                                : libpqWorkload(s.kind, a, o.client == "libpq-whole");
    std::printf("%.9f %lld %lld %lld %lld %ld %.9f\n", m.seconds, m.ops, m.checksum, m.extraA, m.extraB,
                procStatusKb("VmHWM:"), m.cpuSeconds);
    return 0;
  }
  fail("unknown scenario " + o.child);
}

// Runs argv as a child with stdout on a pipe; fills *m from its one output line and returns its peak RSS
// (KiB), or -1 when it failed. The peak is the child's own VmHWM when it reports one: on Linux the
// ru_maxrss that wait4() returns also counts the resident set the child had before exec, i.e. this
// parent's, which would put a floor of several MiB under every client. ru_maxrss is kept as the
// fallback (token_bench reports no peak) and as a check: the child's own peak can never exceed it.
long runChild(const std::vector<std::string>& args, Measure* m) {
  int fd[2];
  if (pipe(fd) != 0) fail("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fd[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = read(fd[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  close(fd[0]);
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  if (std::sscanf(out.c_str(), "%lf %lld %lld %lld %lld %lld %lf", &m->seconds, &m->ops, &m->checksum, &m->extraA,
                  &m->extraB, &m->peakKb, &m->cpuSeconds) < 5)
    return -1;
  return m->peakKb > 0 && m->peakKb <= u.ru_maxrss ? static_cast<long>(m->peakKb) : u.ru_maxrss;
}

std::vector<std::string> childArgs(const std::string& self, const Options& o, const Scenario& s,
                                   const std::string& client) {
  if (client == "token") {
    const std::string dir = self.substr(0, self.rfind('/') + 1);
    return {dir + "token_bench", "--host", env("DSQL_BENCH_EMU_HOST"), "--iters", std::to_string(s.iters)};
  }
  return {self, "--child", s.id, "--client", client, "--rows", std::to_string(o.rows), "--array-rows",
          std::to_string(o.arrayRows), "--scale", std::to_string(o.scale)};
}

bool selected(const Options& o, const Scenario& s) {
  if (s.target == "emu" && env("DSQL_BENCH_EMU_LIBPQ").empty()) return false;
  if (s.kind == "token" && env("DSQL_BENCH_EMU_HOST").empty()) return false;
  return o.only.empty() || ("," + o.only + ",").find("," + s.id + ",") != std::string::npos;
}

// The tables every scenario reads: bench_rows (the large fetch; PostgreSQL only) and bench_small (1000
// rows with a key; on PostgreSQL and, when it runs, the emulator). Five columns: int4, int8, float8,
// 16-character text, date.
void prepareTables(const Options& o) {
  const char* cols = "(id int4 PRIMARY KEY, big int8, f float8, t text, d date)";
  const char* values = "SELECT g, g::int8 * 1000003, g * 0.25, 'name-' || lpad(g::text, 11, '0'), "
                       "date '2000-01-01' + g %% 9000 FROM generate_series(1, %lld) g";
  char sql[400];
  auto fill = [&](PGconn* c, const char* table, long long n) {
    pgExec(c, std::string("DROP TABLE IF EXISTS ") + table);
    pgExec(c, std::string("CREATE TABLE ") + table + " " + cols);
    std::snprintf(sql, sizeof sql, values, n);
    pgExec(c, std::string("INSERT INTO ") + table + " " + sql);
  };
  PGconn* pg = pgConnect(targetFor("libpq", "pg"));
  fill(pg, "bench_rows", o.rows);
  fill(pg, "bench_small", kSmallRows);
  pgExec(pg, "VACUUM ANALYZE bench_rows");  // hint bits set once, not by the first client's scan
  pgExec(pg, "VACUUM ANALYZE bench_small");
  PQfinish(pg);
  if (!env("DSQL_BENCH_EMU_LIBPQ").empty()) {
    PGconn* emu = pgConnect(targetFor("libpq", "emu"));
    fill(emu, "bench_small", kSmallRows);
    PQfinish(emu);
  }
}

// Compares checksums of the clients of one round; a mismatch means a client read different values.
bool agree(const std::map<std::string, Cell>& cells, std::size_t round, const Scenario& s) {
  if (s.kind == "connect" || s.kind == "insert" || s.kind == "array" || s.kind == "buffer" || s.kind == "token")
    return true;
  const long long* first = nullptr;
  for (auto& [client, c] : cells) {
    if (c.failed || c.rounds.size() <= round) continue;
    if (first && *first != c.rounds[round].checksum) return false;
    first = &c.rounds[round].checksum;
  }
  return true;
}

double loadAverage() {
  double one = 0;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &one) != 1) one = 0;
    std::fclose(f);
  }
  return one;
}

// The instructions a callgrind run counted, from its output file (-1 when it has none).
long long callgrindTotal(const std::string& file) {
  std::ifstream f(file);
  long long total = -1;
  for (std::string line; std::getline(f, line);)
    if (line.rfind("totals:", 0) == 0 || line.rfind("summary:", 0) == 0) total = std::atoll(line.c_str() + line.find(':') + 1);
  return total;
}

// Instructions per operation of one client in one scenario: its child process run under callgrind at two
// sizes, the difference in instructions over the difference in operations, so that starting, connecting
// and preparing cancel out. The count is the client process's own (the server's work is not in it), and
// unlike time it does not move with the host's load. -1 when a run failed.
double instructionsPerOp(const std::string& self, const Options& o, const Scenario& s, const std::string& client) {
  long long ir[2] = {0, 0}, ops[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    Options sized = o;
    sized.scale = o.scale * (k + 1);
    const std::string out = "/tmp/driver_bench." + std::to_string(getpid()) + ".callgrind";
    std::vector<std::string> args = {"/usr/bin/valgrind", "-q", "--tool=callgrind", "--callgrind-out-file=" + out};
    for (std::string& a : childArgs(self, sized, s, client)) args.push_back(std::move(a));
    Measure m;
    const bool ran = runChild(args, &m) >= 0;
    ir[k] = callgrindTotal(out);
    ops[k] = m.ops;
    std::remove(out.c_str());
    if (!ran || ir[k] < 0) return -1;
  }
  return ops[1] > ops[0] ? static_cast<double>(ir[1] - ir[0]) / static_cast<double>(ops[1] - ops[0]) : -1;
}

int instructionsMain(const std::string& self, const Options& o) {
  prepareTables(o);
  std::printf("instructions per operation of the client process (callgrind: the difference between two runs, one\n"
              "with twice the operations of the other):\n%-46s %11s %11s %11s %7s %7s\n",
              "scenario", "dsql-odbc", "psqlODBC", "libpq", "d/libpq", "p/libpq");
  bool failed = false;
  for (const Scenario& s : scenarios(o)) {
    if (!selected(o, s) || s.unit != Unit::Us || s.kind == "token") continue;
    std::fprintf(stderr, "driver_bench: %s under callgrind ...\n", s.id.c_str());
    std::map<std::string, double> per;
    for (const std::string& client : s.clients) {
      per[client] = instructionsPerOp(self, o, s, client);
      failed = failed || per[client] < 0;
    }
    auto cell = [&](const std::string& c) { return per.count(c) && per[c] >= 0 ? std::to_string(std::lround(per[c])) : "-"; };
    auto ratio = [&](const std::string& c) {
      char b[16] = "-";
      if (per.count(c) && per[c] >= 0 && per.count("libpq") && per["libpq"] > 0) std::snprintf(b, sizeof b, "%.2f", per[c] / per["libpq"]);
      return std::string(b);
    };
    std::printf("%-46s %11s %11s %11s %7s %7s\n", s.title.c_str(), cell("dsql").c_str(), cell("psql").c_str(),
                cell("libpq").c_str(), ratio("dsql").c_str(), ratio("psql").c_str());
    std::fflush(stdout);
  }
  return failed ? 1 : 0;
}

int parentMain(const std::string& self, const Options& o) {
  const auto start = Clock::now();
  const double loadStart = loadAverage();
  prepareTables(o);
  const std::vector<Scenario> all = scenarios(o);
  Results results;
  bool failed = false;
  for (const Scenario& s : all) {
    if (!selected(o, s)) continue;
    std::fprintf(stderr, "driver_bench: %s ...\n", s.id.c_str());
    auto& cells = results[s.id];
    // A latency scenario takes a fraction of a second per client: it runs three times the rounds, so its
    // median ratio rests on more pairs (one round of a round trip moved up to 30 % on a shared VM).
    const int rounds = s.unit == Unit::Us || s.unit == Unit::Ms ? 3 * o.rounds : o.rounds;
    for (int round = 0; round < rounds; ++round) {
      // Odd rounds run the clients in reverse order, so a load that rises or falls during a scenario
      // does not favour whichever client always runs first.
      std::vector<std::string> order = s.clients;
      if (round % 2) std::reverse(order.begin(), order.end());
      for (const std::string& client : order) {
        Cell& c = cells[client];
        if (c.failed) continue;
        Measure m;
        const long rss = runChild(childArgs(self, o, s, client), &m);
        if (rss < 0) {
          std::fprintf(stderr, "driver_bench: %s failed on %s\n", client.c_str(), s.id.c_str());
          c.failed = failed = true;
          continue;
        }
        c.rounds.push_back(m);
        c.rssKb.push_back(rss);
        std::fprintf(stderr, "  round %d %-11s %12.3f us/op  %12.3f CPU us/op  %6.1f MiB\n", round + 1, client.c_str(),
                     1e6 * m.seconds / static_cast<double>(m.ops ? m.ops : 1),
                     1e6 * m.cpuSeconds / static_cast<double>(m.ops ? m.ops : 1), static_cast<double>(rss) / 1024);
      }
      if (!agree(cells, static_cast<std::size_t>(round), s)) {
        std::fprintf(stderr, "driver_bench: clients read different values in %s (round %d)\n", s.id.c_str(), round);
        failed = true;
      }
    }
  }
  RunInfo info{o.rows, o.arrayRows, o.rounds, secondsSince(start), "", loadStart, loadAverage(),
               sysconf(_SC_NPROCESSORS_ONLN)};
  char when[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", std::gmtime(&now));
  info.when = when;
  printTable(stdout, all, results, info);
  std::printf("\n");
  printMarkdown(stdout, all, results, info);
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  bench::Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--rows") o.rows = std::atoll(v.c_str());
    else if (k == "--array-rows") o.arrayRows = std::atoll(v.c_str());
    else if (k == "--rounds") o.rounds = std::atoi(v.c_str());
    else if (k == "--scale") o.scale = std::atof(v.c_str());
    else if (k == "--only") o.only = v;
    else if (k == "--child") o.child = v;
    else if (k == "--client") o.client = v;
    else if (k == "--instructions") o.instructions = v == "1";
    else return std::fprintf(stderr, "driver_bench: unknown option %s\n", k.c_str()), 2;
  }
  if (bench::env("DSQL_BENCH_LIBPQ").empty()) {
    std::fprintf(stderr, "run through bench/run.sh (DSQL_BENCH_LIBPQ unset)\n");
    return 2;
  }
  char self[4096];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return 2;
  self[n] = '\0';
  if (!o.child.empty()) return bench::childMain(o);
  if (o.instructions) {
    o.scale *= 0.3;  // callgrind runs a client about 50 times slower: 1,500 and 3,000 SELECT 1s
    return bench::instructionsMain(self, o);
  }
  return bench::parentMain(self, o);
}
