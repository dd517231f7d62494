// Printing driver_bench's results (see report.h). Ratios are ratios of time per operation (time per row
// for fetches), so above 1 means slower than the reference whatever the unit shown; each is the median
// of the per-round ratios, because the clients of one round ran back to back and share the machine's
// momentary load.
#include "report.h"

#include <algorithm>
#include <cmath>

namespace bench {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double perOp(const Measure& m) { return m.ops ? m.seconds / static_cast<double>(m.ops) : NAN; }
double cpuPerOp(const Measure& m) {
  return m.ops && m.cpuSeconds > 0 ? m.cpuSeconds / static_cast<double>(m.ops) : NAN;
}

const Cell* cell(const Results& r, const std::string& scenario, const std::string& client) {
  auto s = r.find(scenario);
  if (s == r.end()) return nullptr;
  auto c = s->second.find(client);
  return c == s->second.end() || c->second.failed || c->second.rounds.empty() ? nullptr : &c->second;
}

// Median over rounds of a's time per op / b's time per op (wall time, or with `of` = cpuPerOp, CPU time).
double pairedRatio(const Cell* a, const Cell* b, double (*of)(const Measure&) = perOp) {
  if (!a || !b) return NAN;
  std::vector<double> v;
  for (std::size_t i = 0; i < a->rounds.size() && i < b->rounds.size(); ++i)
    v.push_back(of(a->rounds[i]) / of(b->rounds[i]));
  return median(v);
}

double medianCpuPerOp(const Cell* c) {
  if (!c) return NAN;
  std::vector<double> v;
  for (const Measure& m : c->rounds) v.push_back(cpuPerOp(m));
  return median(v);
}

// Median of a Measure field over rounds, for the buffer case.
double medianField(const Cell* c, long long Measure::*field) {
  if (!c) return NAN;
  std::vector<double> v;
  for (const Measure& m : c->rounds) v.push_back(static_cast<double>(m.*field));
  return median(v);
}

std::string fmt(const char* f, double v) {
  if (std::isnan(v)) return "-";
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

// The shown value of a cell in its scenario's unit; `md` adds the unit (markdown cells stand alone).
std::string shown(Unit u, const Cell* c, bool md) {
  if (!c) return "-";
  if (u == Unit::Buffer) {
    const double growth = medianField(c, &Measure::extraA) / 1024, data = medianField(c, &Measure::extraB) / 1024;
    return fmt("%.1f", growth) + (md ? " MiB" : "") + " (" + fmt("%.2f", growth / data) + "x)";
  }
  const double t = c->medianPerOp();
  switch (u) {
    case Unit::Ms: return fmt("%.3f", t * 1e3) + (md ? " ms" : "");
    case Unit::Us: return fmt(t * 1e6 < 100 ? "%.1f" : "%.0f", t * 1e6) + (md ? " µs" : "");
    case Unit::MRowsPerSec: return fmt("%.2f", 1 / t / 1e6) + (md ? " M rows/s" : "");
    case Unit::KRowsPerSec: return fmt("%.0f", 1 / t / 1e3) + (md ? " k rows/s" : "");
    default: return "-";
  }
}

const char* unitName(Unit u) {
  switch (u) {
    case Unit::Ms: return "ms";
    case Unit::Us: return "us";
    case Unit::MRowsPerSec: return "Mrows/s";
    case Unit::KRowsPerSec: return "krows/s";
    default: return "MiB";
  }
}

std::string rss(const Cell* c) { return c ? fmt("%.0f", c->medianRssMiB()) : "-"; }

struct Line {
  std::string title, unit, v[3], ratio[3], rss[3];
};

// One printed line per scenario (and one for libpq's whole-result reference under the bound fetch).
std::vector<Line> lines(const std::vector<Scenario>& scenarios, const Results& r, bool md) {
  std::vector<Line> out;
  for (const Scenario& s : scenarios) {
    if (!r.count(s.id)) continue;
    const bool token = s.kind == "token";
    const Cell* d = cell(r, s.id, token ? "token" : "dsql");
    const Cell* p = cell(r, s.id, "psql");
    const Cell* l = cell(r, s.id, "libpq");
    Line x{s.title, unitName(s.unit), {shown(s.unit, d, md), shown(s.unit, p, md), shown(s.unit, l, md)},
           {fmt("%.2f", pairedRatio(d, l)), fmt("%.2f", pairedRatio(p, l)), fmt("%.2f", pairedRatio(d, p))},
           {token ? "-" : rss(d), rss(p), rss(l)}};
    if (s.unit == Unit::Buffer) x.ratio[0] = x.ratio[1] = x.ratio[2] = "-";
    out.push_back(x);
    if (const Cell* w = cell(r, s.id, "libpq-whole")) {
      Line y{std::string(md ? "" : "  ") + "same fetch, libpq whole result (PQexec)", unitName(s.unit),
             {"-", "-", shown(s.unit, w, md)},
             {fmt("%.2f", pairedRatio(d, w)), fmt("%.2f", pairedRatio(p, w)), "-"}, {"-", "-", rss(w)}};
      out.push_back(y);
    }
  }
  return out;
}

// The client's own CPU time per operation (per row for fetches), in µs: the work a driver adds to what
// libpq does, without the waits for the server that wall time includes.
struct CpuLine {
  std::string title, v[3], ratio[2];
};

std::vector<CpuLine> cpuLines(const std::vector<Scenario>& scenarios, const Results& r, bool md) {
  std::vector<CpuLine> out;
  for (const Scenario& s : scenarios) {
    if (!r.count(s.id) || s.unit == Unit::Buffer || s.kind == "token") continue;
    const Cell* d = cell(r, s.id, "dsql");
    const Cell* p = cell(r, s.id, "psql");
    const Cell* l = cell(r, s.id, "libpq");
    auto us = [](const Cell* c) {
      const double v = medianCpuPerOp(c) * 1e6;
      return fmt(v < 10 ? "%.3f" : v < 100 ? "%.1f" : "%.0f", v);
    };
    const bool rows = s.unit == Unit::MRowsPerSec;
    out.push_back({s.title + (rows ? (md ? " (per row)" : " /row") : ""), {us(d), us(p), us(l)},
                   {fmt("%.2f", pairedRatio(d, l, cpuPerOp)), fmt("%.2f", pairedRatio(p, l, cpuPerOp))}});
  }
  return out;
}

struct Target {
  std::string text;
  const char* status;  // PASS, MISS, or "n/a" when the scenario did not run (or a client failed)
};

std::vector<Target> targets(const Results& r) {
  std::vector<Target> t;
  auto add = [&t](std::string text, double v, bool pass) {
    t.push_back({std::move(text), std::isnan(v) ? "n/a" : pass ? "PASS" : "MISS"});
  };
  const Cell* fd = cell(r, "fetch", "dsql");
  const Cell* fp = cell(r, "fetch", "psql");
  const double vsLibpq = 1 / pairedRatio(fd, cell(r, "fetch", "libpq"));
  add("bound fetch rows/s >= 0.8x libpq single-row: " + fmt("%.3fx", vsLibpq), vsLibpq, vsLibpq >= 0.8);
  const double vsPsql = 1 / pairedRatio(fd, fp);
  add("bound fetch rows/s >= 2x psqlODBC: " + fmt("%.3fx", vsPsql), vsPsql, vsPsql >= 2);
  const double mem = fd && fp ? fd->medianRssMiB() / fp->medianRssMiB() : NAN;
  add("bound fetch peak RSS <= 1/10 psqlODBC: " + fmt("%.3fx", mem), mem, mem <= 0.1);
  for (auto [id, what] : {std::pair{"select1", "SELECT 1"}, {"point", "prepared point select"},
                          {"insert", "single prepared insert"}}) {
    const double v = pairedRatio(cell(r, id, "dsql"), cell(r, id, "libpq"));
    add(std::string(what) + " <= 1.05x libpq: " + fmt("%.3fx", v), v, v <= 1.05);
  }
  const double c = pairedRatio(cell(r, "connect", "dsql"), cell(r, "connect", "libpq"));
  add("connect (no TLS) <= 1.10x libpq: " + fmt("%.3fx", c), c, c <= 1.10);
  const Cell* tok = cell(r, "token", "token");
  const double us = tok ? tok->medianPerOp() * 1e6 : NAN;
  add("IAM token signing < 50 us: " + fmt("%.1f us", us), us, us < 50);
  const Cell* b = cell(r, "buffer", "dsql");
  const double buf = medianField(b, &Measure::extraA) / medianField(b, &Measure::extraB);
  add("buffering the rest of the stream <= 1.5x its data: " + fmt("%.3fx", buf), buf, buf <= 1.5);
  return t;
}

}  // namespace

double Cell::medianPerOp() const {
  std::vector<double> v;
  for (const Measure& m : rounds) v.push_back(perOp(m));
  return median(v);
}

double Cell::medianRssMiB() const {
  std::vector<double> v;
  for (long kb : rssKb) v.push_back(static_cast<double>(kb) / 1024);
  return median(v);
}

void printTable(std::FILE* out, const std::vector<Scenario>& scenarios, const Results& r, const RunInfo& info) {
  std::fprintf(out, "\ndriver_bench %s UTC: %lld rows per fetch, rounds: %d (latency scenarios: three times as "
               "many), medians; wall %.0f s; %ld CPUs, load average %.1f before, %.1f after\n", info.when.c_str(),
               info.rows, info.rounds, info.wallSeconds, info.cpus, info.loadStart, info.loadEnd);
  std::fprintf(out, "ratios: time per op (per row for fetches), median of per-round ratios; >1 = slower\n\n");
  std::fprintf(out, "%-46s %-7s %11s %11s %11s %7s %7s %7s  %s\n", "scenario", "unit", "dsql-odbc", "psqlODBC",
               "libpq", "d/libpq", "p/libpq", "d/p", "peak RSS MiB d/p/l");
  for (const Line& x : lines(scenarios, r, false))
    std::fprintf(out, "%-46s %-7s %11s %11s %11s %7s %7s %7s  %s/%s/%s\n", x.title.c_str(), x.unit.c_str(),
                 x.v[0].c_str(), x.v[1].c_str(), x.v[2].c_str(), x.ratio[0].c_str(), x.ratio[1].c_str(),
                 x.ratio[2].c_str(), x.rss[0].c_str(), x.rss[1].c_str(), x.rss[2].c_str());
  std::fprintf(out, "\nclient CPU time (user + system of the client process, timed part only), us per op (per row "
               "for fetches); median of per-round ratios:\n\n");
  std::fprintf(out, "%-46s %11s %11s %11s %7s %7s\n", "scenario", "dsql-odbc", "psqlODBC", "libpq", "d/libpq",
               "p/libpq");
  for (const CpuLine& x : cpuLines(scenarios, r, false))
    std::fprintf(out, "%-46s %11s %11s %11s %7s %7s\n", x.title.c_str(), x.v[0].c_str(), x.v[1].c_str(),
                 x.v[2].c_str(), x.ratio[0].c_str(), x.ratio[1].c_str());
  std::fprintf(out, "\nacceptance targets (issue 11), reporting only:\n");
  for (const Target& t : targets(r)) std::fprintf(out, "  %-5s %s\n", t.status, t.text.c_str());
}

void printMarkdown(std::FILE* out, const std::vector<Scenario>& scenarios, const Results& r, const RunInfo& info) {
  std::fprintf(out, "<!-- bench:begin -->\n");
  std::fprintf(out, "Produced by `bash bench/run.sh` on %s UTC (release build, PostgreSQL 15 on loopback, %ld CPUs, "
               "load average %.1f before the run and %.1f after): %lld rows per large fetch, %lld per parameter "
               "array, rounds: %d (latency scenarios: three times as many), medians; ratios are of time per "
               "operation (below 1 is faster), medians of per-round ratios.\n\n", info.when.c_str(), info.cpus,
               info.loadStart, info.loadEnd, info.rows, info.arrayRows, info.rounds);
  std::fprintf(out, "| scenario | dsql-odbc | psqlODBC | libpq | dsql / libpq | psqlODBC / libpq | dsql / psqlODBC "
               "| peak RSS MiB (dsql / psqlODBC / libpq) |\n|---|---|---|---|---|---|---|---|\n");
  for (const Line& x : lines(scenarios, r, true))
    std::fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s / %s / %s |\n", x.title.c_str(), x.v[0].c_str(),
                 x.v[1].c_str(), x.v[2].c_str(), x.ratio[0].c_str(), x.ratio[1].c_str(), x.ratio[2].c_str(),
                 x.rss[0].c_str(), x.rss[1].c_str(), x.rss[2].c_str());
  std::fprintf(out, "\nThe client process's own CPU time (user + system, timed part only) in µs per operation, "
               "per row for fetches: the work each client adds, without the waits for the server that wall time "
               "includes.\n\n");
  std::fprintf(out, "| scenario | dsql-odbc | psqlODBC | libpq | dsql / libpq | psqlODBC / libpq |\n"
               "|---|---|---|---|---|---|\n");
  for (const CpuLine& x : cpuLines(scenarios, r, true))
    std::fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", x.title.c_str(), x.v[0].c_str(), x.v[1].c_str(),
                 x.v[2].c_str(), x.ratio[0].c_str(), x.ratio[1].c_str());
  std::fprintf(out, "\nTargets of issue 11 in this run:\n\n");
  for (const Target& t : targets(r)) std::fprintf(out, "- %s %s\n", t.status, t.text.c_str());
  std::fprintf(out, "<!-- bench:end -->\n");
}

}  // namespace bench
