// Parameter arrays (SQL_ATTR_PARAMSET_SIZE > 1) for one statement, sent in libpq pipeline mode: one round
// trip per batch of parameter sets instead of one per set. When the driver owns the transaction
// (autocommit mode), the array is committed in chunks, each its own transaction between BEGIN and COMMIT
// and so atomic: on DSQL chunks respect its per-transaction limits (ArrayChunkRows, default 3,000 rows),
// and a chunk that meets an OCC conflict is run again whole; on PostgreSQL the whole array is one
// transaction unless ArrayChunkRows says otherwise. In manual-commit mode every set runs in the
// application's transaction. The first failing set stops the array; what was committed is exactly the
// chunks before it (the status array and a diagnostic say so). Statements that return rows give one
// result set per parameter set, walked with SQLMoreResults.
#include <algorithm>
#include <optional>

#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "driver/pg/pipeline.h"
#include "shim/sql/values_rows.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::driver {
namespace policy = shim::policy;

namespace {

// Parameter sets queued before a batch is sent and its results read: small enough that the server's
// answers never fill the socket while the driver is still writing, large enough to hide the round trip.
constexpr SQLULEN kBatchSets = 512;
// Multi-row VALUES (shim/sql/values_rows.h): rows per execution, bounded by the protocol's 65,535
// parameters per message and by the bytes of one message (DSQL drops a message over 10 MiB).
constexpr int kRowsPerExecution = 1000;
constexpr int kMaxParamsPerExecution = 65535;
constexpr std::size_t kBytesPerExecution = std::size_t{1} << 20;
constexpr SQLULEN kParse = static_cast<SQLULEN>(-1);  // marks a Parse result among the executions' results

// The parameter sets gathered into one execution: one set, or several rows of a multi-row VALUES whose
// parameters are the sets' parameters one after the other. Values are copied, because buildParams
// reuses its storage for the next set.
class Gathered {
 public:
  void add(const pg::Params& set) {
    const std::size_t base = params_.size();
    if (kept_.size() < base + set.size()) kept_.resize(base + set.size());
    for (std::size_t k = 0; k < set.size(); ++k) {
      params_.types.push_back(set.types[k]);
      params_.formats.push_back(set.formats[k]);
      params_.lengths.push_back(set.lengths[k]);
      params_.values.push_back(nullptr);
      if (set.values[k]) kept_[base + k].assign(set.values[k], static_cast<std::size_t>(set.lengths[k]));
      null_.push_back(set.values[k] == nullptr);
      bytes_ += static_cast<std::size_t>(set.lengths[k]);
    }
    ++rows_;
  }
  // The parameters of the gathered rows, their value pointers filled in.
  const pg::Params& params() {
    for (std::size_t k = 0; k < params_.size(); ++k) params_.values[k] = null_[k] ? nullptr : kept_[k].c_str();
    return params_;
  }
  void clear() {
    params_.types.clear(), params_.formats.clear(), params_.lengths.clear(), params_.values.clear();
    null_.clear();
    rows_ = 0, bytes_ = 0;
  }
  int rows() const { return rows_; }
  std::size_t bytes() const { return bytes_; }

 private:
  pg::Params params_;
  std::vector<std::string> kept_;
  std::vector<bool> null_;
  int rows_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace

struct ChunkFailure {
  pg::ServerError error;
  SQLULEN failedRow;     // the parameter set that failed (or the chunk's last, for a failed COMMIT)
  bool batched = false;  // it failed in a multi-row execution: which of its sets failed is not known
};

bool Statement::arrayPipelineable() const {
  const auto& list = translation_->statements;
  if (list.size() != 1 || apd_->arraySize <= 1) return false;
  const auto& s = list.front();
  using K = shim::sql::StatementKind;
  // A {call} on PostgreSQL may name a procedure, which runOne sends as CALL (statement_outputs.cpp): row by row.
  return s.local == shim::sql::LocalAction::None && !s.returnValue && !s.createIndexAsync &&
         !(s.call && !conn_.dsqlMode()) && (s.kind == K::Dml || s.kind == K::Query);
}

// Whether the array's sets may be sent as multi-row VALUES: the statement has the shape values_rows.h
// accepts, and its target is a plain table without user triggers, rules or a foreign key to itself — the
// things that could tell one multi-row statement from the same rows one statement at a time. A catalog
// that cannot answer means no.
std::optional<shim::sql::ValuesRows> Statement::multiRowPlan(const shim::sql::Statement& s) {
  if (s.kind != shim::sql::StatementKind::Dml || apd_->arraySize < 4 || s.paramCount < 1) return std::nullopt;
  bool scs = conn_.wire().standardConformingStrings();
  auto plan = shim::sql::valuesRows(s.sql, s.paramCount, scs);
  if (!plan) return std::nullopt;
  pg::Params p;
  p.addText(plan->table.c_str());
  // DSQL has no triggers (CREATE TRIGGER is refused, docs/dsql-behaviour.md §2); the emulator's own
  // bookkeeping triggers are not the application's, so DSQL's question leaves them out.
  std::string sql = "SELECT c.relkind = 'r' AND NOT c.relhasrules";
  if (!conn_.dsqlMode()) sql += " AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal)";
  sql += " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.confrelid = c.oid)"
         " FROM pg_class c WHERE c.oid = to_regclass($1)";
  try {
    pg::Result r = conn_.wire().execParams(sql, p);
    if (r.rows() == 1 && r.value(0, 0) == std::string_view("t")) return plan;
  } catch (const pg::ServerError& e) {
    log::info(std::string("parameter array sent one set per execution: the catalog did not answer (") + e.what() + ")");
  }
  return std::nullopt;
}

namespace {

struct Execution {
  SQLULEN first, last;  // the parameter sets it carried; first == kParse for the Parse before it
};

// Reads the results of one batch in order: the BEGIN/SAVEPOINT when it opened the chunk, each execution's,
// and the COMMIT/RELEASE when it closed it. The first failure is kept; later commands are skipped by the
// server (pipeline aborted) and ignored here. The sync point is left for the caller.
void readBatch(pg::Connection& wire, pg::Pipeline& pipe, bool opened, bool closed, bool multi, SQLULEN chunkFirst,
               SQLULEN chunkLast, const std::vector<Execution>& executions, SQLULEN* rowsProcessed, std::vector<ResultSet>& out,
               SQLLEN& affected, std::optional<ChunkFailure>& failure) {
  auto fail = [&](pg::Result r, SQLULEN row, bool batched) {
    if (!failure) failure = ChunkFailure{wire.errorOf(r), row, batched};
  };
  if (opened) {
    if (pg::Result b = pipe.next(); b.failed()) fail(std::move(b), chunkFirst, false);
  }
  for (const Execution& e : executions) {
    pg::Result res = pipe.next();
    if (res.pipelineAborted()) continue;
    if (res.failed()) {
      const SQLULEN row = e.first == kParse ? e.last : e.first;
      fail(std::move(res), row, multi);
      continue;
    }
    if (e.first == kParse) continue;
    if (rowsProcessed) *rowsProcessed = e.last + 1;
    ResultSet rs = ResultSet::fromServer(std::move(res));
    if (rs.hasColumns()) out.push_back(std::move(rs));
    else if (rs.affectedRows >= 0) affected += rs.affectedRows;
  }
  if (closed) {
    pg::Result c = pipe.next();
    const std::string_view tag = c.commandTag();
    if (c.failed() && !c.pipelineAborted()) fail(std::move(c), chunkLast, false);
    else if (!failure && tag == "ROLLBACK")
      failure = ChunkFailure{pg::ServerError("40000", "The chunk's transaction was rolled back, not committed", false), chunkLast};
  }
}

}  // namespace

// Runs rows [first, end) of the array through one pipeline; `wrap` says what surrounds them: BEGIN/COMMIT
// when the driver owns the transaction, SAVEPOINT/RELEASE for statement-level rollback. A chunk
// ends early, with `end` moved back, once its parameter bytes reach `maxBytes` (0: no limit). With
// `multi`, consecutive sets go out as the rows of one multi-row VALUES execution. Results of
// row-returning statements are appended to `out`; affected rows are summed into `affected`.
std::optional<ChunkFailure> Statement::runArrayChunk(const shim::sql::Statement& s, SQLULEN first, SQLULEN& end,
                                                     std::size_t maxBytes, ArrayWrap wrap,
                                                     const shim::sql::ValuesRows* multi, std::vector<ResultSet>& out,
                                                     SQLLEN& affected) {
  pg::Pipeline pipe(conn_.wire());
  pg::Params params;
  std::vector<std::string> storage;
  Gathered gathered;
  const int sent = s.paramCount - (s.returnValue ? 1 : 0);
  const int rowsPerExecution = multi ? std::min(kRowsPerExecution, kMaxParamsPerExecution / std::max(sent, 1)) : 1;
  const SQLULEN setsPerBatch = multi ? static_cast<SQLULEN>(rowsPerExecution) * 4 : kBatchSets;
  const std::string single(s.sql);  // one set's statement, for the message-size check
  std::string text(s.sql), preparedText;
  std::vector<pg::Oid> preparedTypes;
  bool prepared = false;
  std::vector<Execution> executions;
  SQLULEN gatheredFirst = 0, gatheredLast = 0;
  auto flush = [&] {
    if (!gathered.rows()) return;
    const pg::Params& p = gathered.params();
    if (multi) shim::sql::writeValuesRows(*multi, gathered.rows(), sent, text);
    if (!prepared || p.types != preparedTypes || text != preparedText) {  // the unnamed statement, typed as sent
      pipe.prepare(text, p);
      preparedText = text, preparedTypes = p.types, prepared = true;
      executions.push_back({kParse, gatheredFirst});
    }
    pipe.executePrepared(p);
    executions.push_back({gatheredFirst, gatheredLast});
    gathered.clear();
  };
  const bool owned = wrap == ArrayWrap::Transaction, wrapped = wrap != ArrayWrap::None;
  if (wrapped) pipe.command(owned ? "BEGIN" : "SAVEPOINT dsql_odbc_statement");
  std::optional<ChunkFailure> failure;
  std::size_t bytes = 0;
  SQLULEN r = first;
  bool done = false, opened = wrapped;
  while (!done && !failure) {
    const SQLULEN batchEnd = std::min(end, r + setsPerBatch);
    executions.clear();
    for (; r < batchEnd; ++r) {
      if (apd_->arrayStatusPtr && apd_->arrayStatusPtr[r] == SQL_PARAM_IGNORE) continue;
      buildParams(s, r, params, storage);
      try {  // a set over the server's message limit fails here, before anything of it is queued
        conn_.wire().checkMessageSize(single, params);
      } catch (const pg::ServerError& e) {
        failure = ChunkFailure{e, r};
        break;
      }
      // A multi-row execution stays under kBytesPerExecution unless it is one set alone, which the check
      // above has kept under the server's message limit.
      std::size_t setBytes = 0;
      for (int len : params.lengths) setBytes += static_cast<std::size_t>(len);
      if (gathered.rows() && gathered.bytes() + setBytes > kBytesPerExecution) flush();
      if (!gathered.rows()) gatheredFirst = r;
      gatheredLast = r;
      gathered.add(params);
      if (gathered.rows() >= rowsPerExecution || gathered.bytes() >= kBytesPerExecution) flush();
      for (int len : params.lengths) bytes += static_cast<std::size_t>(len);
      bytes += 32;  // per-row overhead, as DSQL counts it
      if (maxBytes && bytes >= maxBytes && r + 1 < end) {  // the chunk is full by size
        end = ++r;
        break;
      }
    }
    flush();
    done = r >= end;
    if (wrapped && done) pipe.command(owned ? "COMMIT" : "RELEASE SAVEPOINT dsql_odbc_statement");
    pipe.sync();
    readBatch(conn_.wire(), pipe, opened, wrapped && done, multi != nullptr, first, end - 1, executions, ipd_.rowsProcessedPtr, out, affected, failure);
    opened = false;
    pipe.next();  // the sync point
  }
  return failure;
}

SQLRETURN Statement::runParamArray() {
  const auto& s = translation_->statements.front();
  const SQLULEN rows = apd_->arraySize;
  SQLUSMALLINT* status = ipd_.arrayStatusPtr;
  QueryTimer::Scope timer(conn_.queryTimer(), queryTimeout_);
  std::vector<ResultSet> sets;
  SQLLEN affected = 0;
  SQLULEN chunkRows = conn_.arrayChunkRows();
  std::size_t chunkBytes = conn_.arrayChunkBytes();
  SQLULEN committedThrough = 0;  // rows [0, committedThrough) are committed (owned chunks only)
  int chunks = 0;
  std::optional<shim::sql::ValuesRows> multi;
  bool planned = false;
  for (SQLULEN first = 0; first < rows;) {
    conn_.beforeStatement(s.kind);
    bool owned = conn_.ownsNextTransaction();
    ArrayWrap wrap = owned ? ArrayWrap::Transaction : conn_.guardStatement(s.kind) ? ArrayWrap::Savepoint : ArrayWrap::None;
    SQLULEN end = owned && chunkRows ? std::min(rows, first + chunkRows) : rows;
    // Multi-row executions only where a failure can be undone and the chunk run again set by set, so that
    // the failing set is still named exactly.
    if (!planned && wrap != ArrayWrap::None) {
      planned = true;
      multi = multiRowPlan(s);
      if (multi) log::info("parameter array: " + std::to_string(rows) + " sets sent as multi-row VALUES executions");
    }
    bool batch = multi && wrap != ArrayWrap::None;
    std::optional<policy::Retrier> retrier;
    bool reconnected = false;
    for (;;) {
      std::vector<ResultSet> chunkSets;
      SQLLEN chunkAffected = 0;
      std::optional<ChunkFailure> f;
      try {
        f = runArrayChunk(s, first, end, owned ? chunkBytes : 0, wrap, batch ? &*multi : nullptr, chunkSets, chunkAffected);
      } catch (const pg::ServerError& e) {
        f = ChunkFailure{e, first};
      }
      if (!f) {
        for (auto& rs : chunkSets) sets.push_back(std::move(rs));
        affected += chunkAffected;
        for (SQLULEN r = first; status && r < end; ++r)
          if (!apd_->arrayStatusPtr || apd_->arrayStatusPtr[r] != SQL_PARAM_IGNORE) status[r] = SQL_PARAM_SUCCESS;
        if (owned) committedThrough = end, ++chunks;
        break;
      }
      if (wrap != ArrayWrap::None && !conn_.wire().isBad() && conn_.wire().inTransaction())
        conn_.wire().exec(owned ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT dsql_odbc_statement; RELEASE SAVEPOINT dsql_odbc_statement");
      conn_.afterStatement(s.kind, false);
      auto c = policy::classify(policy::Phase::Statement, f->error.sqlstate(), f->error.what());
      if (f->batched && !f->error.connectionLost() && c.outcome != policy::Outcome::RetryableConflict) {
        batch = false;  // undone: the chunk again, one set per execution, to name the failing set
        log::info("parameter sets " + std::to_string(first + 1) + ".." + std::to_string(end) +
                  ": a multi-row execution failed (" + f->error.sqlstate() + "), chunk run again set by set");
        conn_.beforeStatement(s.kind);
        continue;
      }
      if (!owned) conn_.statementFailedInTransaction(f->error, diag());
      if (owned && c.outcome == policy::Outcome::ConnectionLost && f->error.notSent() && !reconnected) {
        reconnected = true;  // nothing of the chunk reached the server: run it on a new connection
        conn_.beforeStatement(s.kind);
        continue;
      }
      if (owned && c.outcome == policy::Outcome::RetryableConflict) {
        if (!retrier) retrier.emplace(conn_.retryBackoff(), policy::Clock::system());
        if (retrier->again()) {
          log::info("parameter sets " + std::to_string(first + 1) + ".." + std::to_string(end) + ": " +
                    std::string(c.reason) + ", chunk retried (" + std::to_string(retrier->retries()) + ")");
          conn_.beforeStatement(s.kind);
          continue;
        }
      }
      if (status) {
        for (SQLULEN r = first; r < rows; ++r) status[r] = SQL_PARAM_UNUSED;
        status[f->failedRow] = SQL_PARAM_ERROR;
      }
      if (ipd_.rowsProcessedPtr) *ipd_.rowsProcessedPtr = f->failedRow + 1;
      state_ = State::Prepared;
      std::string what = "Parameter set " + std::to_string(f->failedRow + 1) + " of " + std::to_string(rows) + " failed; ";
      if (owned)
        what += committedThrough ? "sets 1.." + std::to_string(committedThrough) + " were committed in " +
                                       std::to_string(chunks) + " transaction(s), the others were not applied"
                                 : "no set was applied";
      else if (wrap == ArrayWrap::Savepoint)
        what += "no set was applied; the transaction goes on (ErrorRollback=statement)";
      else
        what += "the transaction is the application's: roll it back";
      diag().add("01000", what);
      if (owned && f->error.connectionLost())
        throw Error("08007", "Connection failure during transaction: the connection was lost while parameter sets " +
                                 std::to_string(first + 1) + ".." + std::to_string(end) +
                                 " were being committed; they may or may not have been committed");
      if (auto hint = policy::hintFor(f->error.sqlstate(), f->error.what()); !hint.empty())
        throw pg::ServerError(f->error.sqlstate(), std::string(f->error.what()) + "\nHINT: " + std::string(hint),
                              f->error.connectionLost(), f->error.notSent());
      throw f->error;
    }
    conn_.afterStatement(s.kind);
    if (owned && chunks > 1)
      log::info("parameter array: chunk " + std::to_string(chunks) + " committed (sets " + std::to_string(first + 1) +
                ".." + std::to_string(end) + ")");
    first = end;
  }
  conn_.drainNotices(diag());
  results_ = std::move(sets);
  if (results_.empty()) {
    results_.push_back(ResultSet::local(""));
    results_.back().affectedRows = affected;
  }
  state_ = State::Executed;
  activateResult(0);
  return SQL_SUCCESS;
}

}  // namespace dsql::driver
