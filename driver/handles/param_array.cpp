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
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::driver {
namespace policy = shim::policy;

namespace {

// Parameter sets queued before the batch is sent and its results read: small enough that the server's
// answers never fill the socket while the driver is still writing, large enough to hide the round trip.
constexpr SQLULEN kBatchSets = 512;

}  // namespace

struct ChunkFailure {
  pg::ServerError error;
  SQLULEN failedRow;  // the parameter set that failed (or the chunk's last, for a failed COMMIT)
};

bool Statement::arrayPipelineable() const {
  const auto& list = translation_->statements;
  if (list.size() != 1 || apd_->arraySize <= 1) return false;
  const auto& s = list.front();
  using K = shim::sql::StatementKind;
  return s.local == shim::sql::LocalAction::None && !s.returnValue && !s.createIndexAsync &&
         (s.kind == K::Dml || s.kind == K::Query);
}

// Runs rows [first, end) of the array through one pipeline; `wrap` says what surrounds them: BEGIN/COMMIT
// when the driver owns the transaction, SAVEPOINT/RELEASE for statement-level rollback. A chunk
// ends early, with `end` moved back, once its parameter bytes reach `maxBytes` (0: no limit). Results of
// row-returning statements are appended to `out`; affected rows are summed into `affected`.
std::optional<ChunkFailure> Statement::runArrayChunk(const shim::sql::Statement& s, SQLULEN first, SQLULEN& end,
                                                     std::size_t maxBytes, ArrayWrap wrap, std::vector<ResultSet>& out,
                                                     SQLLEN& affected) {
  pg::Pipeline pipe(conn_.wire());
  pg::Params params, prepared;
  std::vector<std::string> storage;
  std::string sql(s.sql);
  std::optional<ChunkFailure> failure;
  auto fail = [&](pg::Result r, SQLULEN row) {
    if (!failure) failure = ChunkFailure{conn_.wire().errorOf(r), row};
  };
  constexpr SQLULEN kParse = static_cast<SQLULEN>(-1);  // marks a Parse result among the rows' results
  const bool owned = wrap == ArrayWrap::Transaction, wrapped = wrap != ArrayWrap::None;
  if (wrapped) pipe.command(owned ? "BEGIN" : "SAVEPOINT dsql_odbc_statement");
  std::vector<SQLULEN> batchRows;
  std::size_t bytes = 0;
  SQLULEN r = first;
  bool done = false;
  while (!done && !failure) {
    const SQLULEN batchStart = r, batchEnd = std::min(end, r + kBatchSets);
    batchRows.clear();
    bool prepareSent = false;
    for (; r < batchEnd; ++r) {
      if (apd_->arrayStatusPtr && apd_->arrayStatusPtr[r] == SQL_PARAM_IGNORE) continue;
      buildParams(s, r, params, storage);
      try {  // a set over the server's message limit fails here, before anything of it is queued
        conn_.wire().checkMessageSize(sql, params);
      } catch (const pg::ServerError& e) {
        failure = ChunkFailure{e, r};
        break;
      }
      if (!prepareSent || params.types != prepared.types) {  // the unnamed statement, typed as these sets are
        pipe.prepare(sql, params);
        prepared.types = params.types;
        prepareSent = true;
        batchRows.push_back(kParse);
      }
      pipe.executePrepared(params);
      batchRows.push_back(r);
      for (int len : params.lengths) bytes += static_cast<std::size_t>(len);
      bytes += 32;  // per-row overhead, as DSQL counts it
      if (maxBytes && bytes >= maxBytes && r + 1 < end) {  // the chunk is full by size
        end = ++r;
        break;
      }
    }
    done = r >= end;
    if (wrapped && done) pipe.command(owned ? "COMMIT" : "RELEASE SAVEPOINT dsql_odbc_statement");
    pipe.sync();
    if (wrapped && batchStart == first) {
      if (pg::Result b = pipe.next(); b.failed()) fail(std::move(b), first);
    }
    for (SQLULEN row : batchRows) {
      pg::Result res = pipe.next();
      if (res.pipelineAborted()) continue;
      if (res.failed()) {
        fail(std::move(res), row == kParse ? batchStart : row);
        continue;
      }
      if (row == kParse) continue;
      if (ipd_.rowsProcessedPtr) *ipd_.rowsProcessedPtr = row + 1;
      ResultSet rs = ResultSet::fromServer(std::move(res));
      if (rs.hasColumns()) out.push_back(std::move(rs));
      else if (rs.affectedRows >= 0) affected += rs.affectedRows;
    }
    if (wrapped && done) {
      pg::Result c = pipe.next();
      const std::string_view tag = c.commandTag();
      if (c.failed() && !c.pipelineAborted()) fail(std::move(c), end - 1);
      else if (!failure && tag == "ROLLBACK")
        failure = ChunkFailure{pg::ServerError("40000", "The chunk's transaction was rolled back, not committed", false), end - 1};
    }
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
  for (SQLULEN first = 0; first < rows;) {
    conn_.beforeStatement(s.kind);
    bool owned = conn_.ownsNextTransaction();
    ArrayWrap wrap = owned ? ArrayWrap::Transaction : conn_.guardStatement(s.kind) ? ArrayWrap::Savepoint : ArrayWrap::None;
    SQLULEN end = owned && chunkRows ? std::min(rows, first + chunkRows) : rows;
    std::optional<policy::Retrier> retrier;
    bool reconnected = false;
    for (;;) {
      std::vector<ResultSet> chunkSets;
      SQLLEN chunkAffected = 0;
      std::optional<ChunkFailure> f;
      try {
        f = runArrayChunk(s, first, end, owned ? chunkBytes : 0, wrap, chunkSets, chunkAffected);
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
      if (!owned) conn_.statementFailedInTransaction(f->error, diag());
      auto c = policy::classify(policy::Phase::Statement, f->error.sqlstate(), f->error.what());
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
