// Rewriter throughput (shim/sql translate()): bytes/s on a large pg_dump-like script and on typical ORM
// statements, and the cost of a 200-byte statement that needs no change — time and heap allocations per
// call (DESIGN.md "Performance shape": the target is the statements vector as the only allocation and well
// under a microsecond). Allocations are counted by replacing the global operator new in this binary.
#include <benchmark/benchmark.h>

#include <string>

#include "shim/sql/translate.h"
#include "tests/support/counting_new.h"

namespace {

namespace sql = dsql::shim::sql;

// 200 bytes, no ?, no {, one statement: the pass-through path.
const std::string kUnchanged =
    "SELECT o.id, o.customer_id, o.total, o.created_at, c.name, c.email FROM orders o JOIN customers c ON "
    "c.id = o.customer_id WHERE o.status = 'open' AND o.total > 100 ORDER BY o.created_at DESC LIMIT 500";

const std::string kTypical =
    "SELECT \"t\".\"id\", \"t\".\"name\", {fn UCASE(\"t\".\"code\")} FROM \"app_item\" \"t\" WHERE \"t\".\"owner_id\" = ? "
    "AND \"t\".\"created\" >= {ts '2024-01-01 00:00:00'} AND \"t\".\"name\" LIKE ? /* orm */ ORDER BY 1 LIMIT ?";

const std::string kDdlUnit =
    "CREATE TABLE public.orders_N (\n    id bigint NOT NULL,\n    customer_id bigint REFERENCES customers(id) ON "
    "DELETE CASCADE,\n    note text DEFAULT 'x;y'::text,\n    CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES "
    "customers(id)\n);\nCREATE INDEX orders_N_idx ON public.orders_N USING btree (customer_id DESC);\n"
    "CREATE FUNCTION public.f_N() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;\n"
    "INSERT INTO public.orders_N VALUES (1, 2, 'it''s -- not a comment');\n";

std::string repeated(const std::string& unit, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += unit;
  return out;
}

// Times `translateOnce` over `text` and counts heap allocations per call.
template <class F>
void measure(benchmark::State& state, const std::string& text, F translateOnce) {
  long allocations = 0;
  for (auto _ : state) {
    const long before = dsqltest::allocationCount();
    translateOnce();
    allocations += dsqltest::allocationCount() - before;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

void run(benchmark::State& state, const std::string& text) {
  const sql::Options options;
  measure(state, text, [&] {
    sql::Translation t = sql::translate(text, options);
    benchmark::DoNotOptimize(t);
  });
}

void BM_Unchanged200Bytes(benchmark::State& state) { run(state, kUnchanged); }

// What the driver does: one Translation per statement handle, translated into again and again.
void BM_Unchanged200BytesReused(benchmark::State& state) {
  const sql::Options options;
  sql::Translation t;
  measure(state, kUnchanged, [&] {
    sql::translate(kUnchanged, options, t);
    benchmark::DoNotOptimize(t);
  });
}
void BM_TypicalOrmStatement(benchmark::State& state) { run(state, kTypical); }
void BM_LargeUnchangedSelects(benchmark::State& state) {
  static const std::string text = repeated(kUnchanged + ";\n", 1 << 20);
  run(state, text);
}
void BM_LargeDdlScript(benchmark::State& state) {
  static const std::string text = repeated(kDdlUnit, 1 << 20);
  run(state, text);
}

}  // namespace

BENCHMARK(BM_Unchanged200Bytes);
BENCHMARK(BM_Unchanged200BytesReused);
BENCHMARK(BM_TypicalOrmStatement);
BENCHMARK(BM_LargeUnchangedSelects)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LargeDdlScript)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
