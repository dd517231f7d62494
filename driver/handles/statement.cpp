// Statement lifecycle and execution: SQL text -> shim translation -> local answers or libpq execution
// -> a list of result sets. Multi-statement text runs every statement in order, each with the extended
// protocol; the first failure stops the run and is reported (nothing later runs).
#include "driver/handles/statement.h"

#include <cstring>

#include "driver/convert/pg_types.h"
#include "driver/convert/to_c.h"
#include "driver/handles/connection.h"
#include "driver/pg/pipeline.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::driver {
namespace {

// A Bind message counts its parameters in an unsigned 16-bit field (PostgreSQL "Message Formats").
constexpr int kMaxProtocolParams = 65535;

}  // namespace

Statement::Statement(Connection& conn)
    : Handle(HandleKind::Statement),
      conn_(conn),
      implicitApd_(conn, DescRole::APD),
      implicitArd_(conn, DescRole::ARD),
      ipd_(conn, DescRole::IPD),
      ird_(conn, DescRole::IRD),
      apd_(&implicitApd_),
      ard_(&implicitArd_) {}

Statement::~Statement() {
  try {
    QueryTimer::Scope bounded(conn_.queryTimer(), queryTimeout_, this);  // draining waits for the server too
    abandonStream();
  } catch (...) {
  }
  conn_.clearStreamer(this);
  forgetNamedStatement();
}

std::recursive_mutex& Statement::callMutex() { return conn_.callMutex(); }

void Statement::descriptorFreed(Descriptor* d) {
  if (apd_ == d) apd_ = &implicitApd_;
  if (ard_ == d) ard_ = &implicitArd_;
}

void Statement::translate(std::string sql) {
  if (!conn_.connected()) throw Error("08003", "Connection not open");
  forgetNamedStatement();  // new text: the old statement's server side is of no more use
  appPrepared_ = false;
  described_ = false;
  shim::sql::Options opts = conn_.shimOptions();
  if (noScan_) opts.escapes = false;
  // Read per statement: SET standard_conforming_strings changes how '\' in a literal is read mid-session.
  opts.standardConformingStrings = conn_.wire().standardConformingStrings();
  // The same text under the same options translates the same: applications run one text in a loop, and the
  // translation in hand (which points into sql_, so sql_ is kept) is the answer.
  if (!translation_ || !(opts == translatedWith_) || sql != sql_) {
    sql_ = std::move(sql);
    translatedWith_ = opts;
    if (!translation_) translation_.emplace();
    try {
      shim::sql::translate(sql_, opts, *translation_);  // reuses the handle's Translation: no allocation when unchanged
    } catch (...) {
      translation_.reset();  // a half-built translation must never be executed
      state_ = State::Allocated;
      throw;
    }
    if (translation_->paramCount > kMaxProtocolParams) {
      const int count = translation_->paramCount;
      translation_.reset();
      state_ = State::Allocated;
      throw Error("07009", "The statement has " + std::to_string(count) + " parameter markers; at most " +
                               std::to_string(kMaxProtocolParams) + " fit in one PostgreSQL protocol message");
    }
  }
  for (const auto& n : translation_->notes) log::debug("shim rule " + n.rule + ": " + n.message);
}

// ShimNotes=1: each rewrite is reported when the statement runs. Never at SQLPrepare: isql, among others,
// treats anything but SQL_SUCCESS from SQLPrepare as a failure.
// Notes that drop something the application asked for (a referential action, a VACUUM) are reported
// whatever ShimNotes says: losing a cascade must never be silent.
void Statement::reportShimNotes() {
  for (const auto& n : translation_->notes)
    if (conn_.shimNotes() || n.warn) diag().add("01000", "SQL rewritten (" + n.rule + "): " + n.message);
}

void Statement::prepare(std::string sql) {
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error: data-at-execution parameters pending");
  if (cursorOpen_) throw Error("24000", "Invalid cursor state: a cursor is open; close it first");
  closeCursor(false);
  translate(std::move(sql));
  appPrepared_ = true;
  state_ = State::Prepared;
}

SQLRETURN Statement::execDirect(std::string sql) {
  settlePendingClose();
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error: data-at-execution parameters pending");
  if (cursorOpen_) throw Error("24000", "Invalid cursor state: a cursor is open; close it first");
  closeCursor(false);
  translate(std::move(sql));
  state_ = State::Prepared;
  return execute();
}

SQLRETURN Statement::execute() {
  settlePendingClose();
  if (state_ == State::Allocated || !translation_) throw Error("HY010", "Function sequence error: no statement prepared");
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error: data-at-execution parameters pending");
  if (cursorOpen_) throw Error("24000", "Invalid cursor state: a cursor is open; close it before executing");
  closeCursor(false);
  if (apd_->count() < translation_->paramCount && ipd_.count() < translation_->paramCount)
    throw Error("07002", "COUNT field incorrect: the statement has " + std::to_string(translation_->paramCount) +
                             " parameter markers but " + std::to_string(apd_->count()) + " are bound");
  if (collectDataAtExec()) {
    state_ = State::NeedData;
    return SQL_NEED_DATA;
  }
  return run();
}

SQLRETURN Statement::run() {
  reportShimNotes();
  results_.clear();
  SQLULEN rows = translation_->paramCount > 0 ? apd_->arraySize : 1;
  SQLUSMALLINT* status = ipd_.arrayStatusPtr;
  if (ipd_.rowsProcessedPtr) *ipd_.rowsProcessedPtr = 0;
  for (SQLULEN r = 0; r < rows; ++r) {
    if (status) status[r] = SQL_PARAM_UNUSED;
  }
  if (rows > 1 && arrayPipelineable()) return runParamArray();
  if (rows == 1 && !(apd_->arrayStatusPtr && apd_->arrayStatusPtr[0] == SQL_PARAM_IGNORE)) return runOneSet(status);
  std::vector<ResultSet> collected;
  std::vector<std::size_t> countSlots;  // results carrying row counts, summed over the parameter sets
  for (SQLULEN r = 0; r < rows; ++r) {
    // SQL_ATTR_PARAM_OPERATION_PTR: rows the application marked SQL_PARAM_IGNORE are skipped.
    if (apd_->arrayStatusPtr && apd_->arrayStatusPtr[r] == SQL_PARAM_IGNORE) continue;
    if (ipd_.rowsProcessedPtr) *ipd_.rowsProcessedPtr = r + 1;
    try {
      std::vector<ResultSet> rowResults;
      runParamRow(r, rowResults);
      if (status) status[r] = SQL_PARAM_SUCCESS;
      // Parameter arrays: one row count per statement, the sum over the sets (SQL_PARC_NO_BATCH); one
      // result set per set for statements that return rows (SQL_PAS_BATCH).
      std::size_t c = 0;
      for (auto& rs : rowResults) {
        bool count = !rs.hasColumns();
        if (count && c < countSlots.size()) {
          if (rs.affectedRows >= 0) collected[countSlots[c]].affectedRows += std::max<SQLLEN>(0, rs.affectedRows);
          ++c;
          continue;
        }
        if (count) countSlots.push_back(collected.size()), ++c;
        collected.push_back(std::move(rs));
      }
    } catch (const Error&) {
      if (status) status[r] = SQL_PARAM_ERROR;
      conn_.drainNotices(diag());
      state_ = State::Prepared;
      if (rows > 1) diag().add("01000", "Parameter set " + std::to_string(r + 1) + " of " + std::to_string(rows) + " failed");
      throw;
    }
  }
  conn_.drainNotices(diag());
  results_ = std::move(collected);
  state_ = State::Executed;
  if (results_.empty()) results_.push_back(ResultSet::local(""));
  activateResult(0);
  return SQL_SUCCESS;
}

// One parameter set (the common case): its results are the statement's as they come, with nothing to sum
// over sets, so they go straight into results_ (whose capacity outlives the execution).
SQLRETURN Statement::runOneSet(SQLUSMALLINT* status) {
  if (ipd_.rowsProcessedPtr) *ipd_.rowsProcessedPtr = 1;
  try {
    runParamRow(0, results_);
  } catch (const Error&) {
    results_.clear();
    if (status) status[0] = SQL_PARAM_ERROR;
    conn_.drainNotices(diag());
    state_ = State::Prepared;
    throw;
  }
  if (status) status[0] = SQL_PARAM_SUCCESS;
  conn_.drainNotices(diag());
  state_ = State::Executed;
  if (results_.empty()) results_.push_back(ResultSet::local(""));
  activateResult(0);
  return SQL_SUCCESS;
}

SQLRETURN Statement::runParamRow(SQLULEN row, std::vector<ResultSet>& out) {
  const auto& list = translation_->statements;
  // Only the last statement of a single, forward-only execution streams: earlier results must be
  // complete before the next statement can use the connection.
  bool streamable = cursorType_ == SQL_CURSOR_FORWARD_ONLY && apd_->arraySize == 1;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& s = list[i];
    if (s.local != shim::sql::LocalAction::None) {
      out.push_back(answerLocally(s));
      continue;
    }
    bool stream = streamable && i + 1 == list.size() && !s.returnValue && !(s.createIndexAsync && conn_.indexWait());
    out.push_back(runOne(s, row, stream));
  }
  return SQL_SUCCESS;
}

ResultSet Statement::runOne(const shim::sql::Statement& s, SQLULEN row, bool stream) {
  if (s.call && callNeedsSettling(s)) return runCallWithOutputs(s, row);
  // Members, so that their capacity serves the next execution (buildParams refills them in place).
  pg::Params& params = execParams_;
  buildParams(s, row, params, execStorage_);
  std::string& text = execText_;
  text.assign(s.sql);
  pg::Result result = executeWithRetry(s, text, params, stream);
  ResultSet rs;
  if (stream && result.streamPart()) {
    rs.streamed = rs.streaming = true;
    rs.firstRow = std::move(result);
    rs.buffered.lend(rs.firstRow);
    conn_.setStreamer(this);
    readAhead(rs);
  } else {
    if (stream) conn_.wire().discardStream();  // the final result arrived whole; read libpq's end marker
    rs = ResultSet::fromServer(std::move(result));
  }
  conn_.afterStatement(s.kind);
  if (s.kind == shim::sql::StatementKind::Other) conn_.rememberSessionSetting(s.sql);
  if (s.createIndexAsync && conn_.indexWait()) waitForIndexJob(rs);
  if (s.returnValue) storeReturnValue(s, rs, row);
  return rs;
}

// DSQL refuses SAVEPOINT, RELEASE and ROLLBACK TO (0A000, docs/dsql-behaviour.md §2); the shim marks them and the
// connection's tracker answers them without a round trip.
ResultSet Statement::answerLocally(const shim::sql::Statement& s) {
  using A = shim::sql::LocalAction;
  auto& tracker = conn_.savepoints();
  switch (s.local) {
    case A::Savepoint:
      conn_.beforeStatement(shim::sql::StatementKind::Other);
      if (!conn_.pg().inTransaction())
        throw Error("25P01", "SAVEPOINT can only be used in transaction blocks");
      tracker.savepoint(s.savepointName);
      return ResultSet::local("SAVEPOINT");
    case A::ReleaseSavepoint:
      tracker.release(s.savepointName);
      return ResultSet::local("RELEASE");
    case A::RollbackToSavepoint: {
      if (tracker.rollbackTo(s.savepointName) == shim::sql::RollbackOutcome::Honoured) return ResultSet::local("ROLLBACK");
      if (conn_.rollbackToMode() == shim::sql::RollbackToMode::RollbackAll) {
        conn_.pg().exec("ROLLBACK");
        tracker.transactionEnded();
        diag().add("01000", "ROLLBACK TO SAVEPOINT " + s.savepointName +
                                " rolled back the whole transaction: Aurora DSQL has no savepoints");
        return ResultSet::local("ROLLBACK");
      }
      throw Error("0A000", "ROLLBACK TO SAVEPOINT " + s.savepointName +
                               " cannot be honoured: statements ran after the savepoint and Aurora DSQL has no "
                               "savepoints (the transaction is unchanged; roll it back, or set RollbackToSavepoint=rollback)");
    }
    case A::NoOp:
      return ResultSet::local("");
    case A::None:
      break;
  }
  return ResultSet::local("");
}

// {?= call f(...)}: the function's value (first column of the first row) goes to the output parameter.
void Statement::storeReturnValue(const shim::sql::Statement& s, const ResultSet& rs, SQLULEN row) {
  if (rs.result && rs.result.rows() >= 1 && rs.result.columns() >= 1)
    storeOutput(static_cast<SQLSMALLINT>(s.firstParam + 1), rs.result, 0, row);
}

// IndexWait=1: block until the asynchronous index build finishes, so code that creates an index and then
// relies on it keeps working (docs/dsql-behaviour.md §5: CALL sys.wait_for_job must run alone, outside a transaction).
void Statement::waitForIndexJob(const ResultSet& r) {
  if (!r.result || r.result.rows() < 1 || r.result.columns() < 1) return;
  if (conn_.pg().inTransaction()) {
    diag().add("01000", "Index build not awaited: CALL sys.wait_for_job cannot run inside a transaction");
    return;
  }
  std::string job = r.result.value(0, 0);
  pg::Params p;
  p.addText(job.c_str());
  conn_.pg().execParams("CALL sys.wait_for_job($1)", p);
}

SQLRETURN Statement::execCatalog(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error: data-at-execution parameters pending");
  if (cursorOpen_) throw Error("24000", "Invalid cursor state: a cursor is open");
  closeCursor(false);
  if (!conn_.connected()) throw Error("08003", "Connection not open");
  translation_.reset();
  forgetNamedStatement();
  appPrepared_ = false;
  pg::Params p;
  for (const auto& v : params) p.addText(v ? v->c_str() : nullptr);
  conn_.beforeStatement(shim::sql::StatementKind::Query, false);
  results_.clear();
  results_.push_back(ResultSet::fromServer(conn_.pg().execParams(sql, p)));
  state_ = State::Executed;
  activateResult(0);
  return SQL_SUCCESS;
}

void Statement::activateResult(std::size_t index) {
  current_ = index;
  ResultSet& r = results_[index];
  position_ = -1;
  rowsetRows_ = 0;
  getDataOffsets_.clear();
  lastGetDataColumn_ = 0;
  consumed_ = 0;
  windowCells_.clear();
  positioned_.resultChanged();
  cursorOpen_ = r.hasColumns();
  fillIrd(r.shape());
  diag().rowCount = r.affectedRows;
  if (cursorOpen_) diag().cursorRowCount = static_cast<SQLLEN>(r.rows());
}

SQLRETURN Statement::moreResults() {
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error");
  if (state_ != State::Executed || current_ + 1 >= results_.size()) {
    if (state_ == State::Executed) {
      abandonStream();
      results_.clear();
      cursorOpen_ = false;
      state_ = translation_ ? State::Prepared : State::Allocated;
    }
    return SQL_NO_DATA;
  }
  activateResult(current_ + 1);
  return SQL_SUCCESS;
}

SQLLEN Statement::rowCount() const {
  if (state_ != State::Executed || results_.empty()) throw Error("HY010", "Function sequence error: no statement executed");
  return results_[current_].affectedRows;
}

void Statement::closeCursor(bool mustBeOpen) {
  if (mustBeOpen && !cursorOpen_) throw Error("24000", "Invalid cursor state: no cursor is open");
  abandonStream();
  results_.clear();
  windowCells_.clear();
  cursorOpen_ = false;
  position_ = -1;
  positioned_.resultChanged();
  if (state_ == State::Executed) state_ = translation_ ? State::Prepared : State::Allocated;
}

void Statement::unbindColumns() {
  ard_->clearRecords();  // not the bookmark column (record 0): SQL_UNBIND leaves it bound
}

void Statement::resetParams() {
  apd_->clearRecords();
  ipd_.clearRecords();
}

QueryTimer::Scope Statement::callScope() { return QueryTimer::Scope(conn_.queryTimer(), queryTimeout_, this); }

void Statement::cancel() {
  pendingClose_.store(false);
  if (state_ == State::NeedData) abandonParamData();  // ODBC: SQLCancel during data-at-execution abandons it
  closeCursor(false);
}

void Statement::settlePendingClose() {
  if (pendingClose_.exchange(false)) closeCursor(false);
}

}  // namespace dsql::driver
