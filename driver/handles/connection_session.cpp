// The connection's server session over time: connecting with retries for refusals that pass (a waking
// DSQL cluster, 53400 rate exceeded, refused or reset sockets), each attempt with a freshly signed token;
// replacing a session that is too old (DSQL closes connections at 60 minutes) or already gone before the
// next transaction, and restoring what the application SET on it; never reconnecting inside a
// transaction (the application is told with 08S01 and the next transaction works). Rules come from
// shim/policy; this file only applies them.
#include <sqlext.h>

#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"
#include "shim/common/log.h"
#include "shim/sql/session_setting.h"

namespace dsql::driver {
namespace policy = shim::policy;
using Clock = std::chrono::steady_clock;
constexpr std::chrono::microseconds kFreshSession{1000};  // see ensureLiveSession

void Connection::readResilienceSettings() {
  long age = settings_.has("MaxConnectionAge") ? settings_.getInt("MaxConnectionAge") : (dsql_ ? 3300 : 0);
  maxAge_ = std::chrono::seconds(age);
  backoff_ = policy::Backoff{};
  backoff_.maxRetries = static_cast<int>(settings_.getInt("ConflictRetries"));
  backoff_.base = std::chrono::milliseconds(settings_.getInt("RetryBaseDelay"));
  backoff_.cap = std::chrono::milliseconds(std::max(settings_.getInt("RetryMaxDelay"), settings_.getInt("RetryBaseDelay")));
  long login = loginTimeout_ ? static_cast<long>(loginTimeout_) : settings_.getInt("LoginTimeout");
  connectBudget_ = std::chrono::seconds(login > 0 ? login : settings_.getInt("ConnectRetryTimeout"));
  isolateDdl_ = settings_.getBool("IsolateDdl");
  // Statement-level rollback needs savepoints, which DSQL does not have: there the default keeps DSQL's
  // own semantics (the transaction stays aborted until the application rolls back).
  std::string mode = settings_.get("ErrorRollback");
  if (mode == "auto") mode = dsql_ ? "none" : "statement";
  errorRollback_ = mode == "transaction" ? ErrorRollback::Transaction
                   : mode == "statement" && !dsql_ ? ErrorRollback::Statement
                                                   : ErrorRollback::None;
  // DSQL: 3,000 modified rows and 10 MiB per transaction (docs/dsql-behaviour.md §4); the byte default leaves room
  // for index entries, which DSQL counts too.
  arrayChunkRows_ = static_cast<SQLULEN>(settings_.has("ArrayChunkRows") ? settings_.getInt("ArrayChunkRows") : (dsql_ ? 3000 : 0));
  arrayChunkBytes_ = static_cast<std::size_t>(
      settings_.has("ArrayChunkBytes") ? settings_.getInt("ArrayChunkBytes") : (dsql_ ? 4L * 1024 * 1024 : 0));
}

void Connection::openSession() {
  auto started = Clock::now();
  // Connect refusals are retried until the login timeout (or ConnectRetryTimeout) is spent; the number
  // of attempts is bounded by that deadline alone.
  policy::Backoff connectBackoff = backoff_;
  connectBackoff.maxRetries = 1000;
  connectBackoff.base = std::chrono::milliseconds(std::max(1L, settings_.getInt("RetryBaseDelay")));
  connectBackoff.cap = std::chrono::milliseconds(std::max(settings_.getInt("RetryMaxDelay"), 1L));
  std::optional<policy::Retrier> retrier;
  for (int attempt = 1;; ++attempt) {
    const auto attemptStarted = Clock::now();
    std::vector<std::string> secrets = {settings_.get("PWD"), settings_.get("SecretAccessKey"), settings_.get("SessionToken")};
    // Signs a fresh IAM token for every attempt; a retry may wait for the server only as long as the
    // login timeout has left.
    std::optional<std::chrono::milliseconds> remaining;
    if (retrier)
      remaining = std::chrono::duration_cast<std::chrono::milliseconds>(started + connectBudget_ - Clock::now());
    auto params = buildConnectParams(secrets, remaining);
    if (!retrier) {
      readResilienceSettings();
      retrier.emplace(connectBackoff, policy::Clock::system(), started + connectBudget_);
    }
    try {
      serverStatements_.sessionChanged();
      pg_.open(params, secrets);
      break;
    } catch (const pg::ServerError& e) {
      auto c = policy::classify(policy::Phase::Connect, e.sqlstate(), e.what());
      // The next attempt must fit in the login timeout with its backoff: one as long as this one. An
      // application's connect then returns within its timeout (pyodbc connects a second time, with the
      // ANSI function, when SQLDriverConnectW fails: each call keeps to the timeout).
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - attemptStarted);
      if (c.outcome != policy::Outcome::RetryableConnect || connectBudget_.count() == 0 || !retrier->again(took)) {
        if (attempt > 1) log::info("connect gave up after " + std::to_string(attempt) + " attempts (" + std::string(c.reason) + ")");
        throw;
      }
      log::info("connect attempt " + std::to_string(attempt) + " refused (" + std::string(c.reason) + "); retried after " +
                std::to_string(retrier->slept().count()) + " ms of backoff in all");
    }
  }
  openedAt_ = Clock::now();
  afterConnect();
  for (const auto& [name, sql] : sessionSettings_) {
    try {
      pg_.exec(sql.c_str());
    } catch (const Error& e) {
      log::warn("session setting " + name + " could not be restored after reconnecting: " + e.what());
    }
  }
  log::info("connected in " +
            std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(openedAt_ - started).count()) + " ms");
}

bool Connection::tooOld() const { return policy::connectionTooOld(openedAt_, Clock::now(), maxAge_); }

namespace {
Error lostInTransaction() {
  return Error("08S01", "Communication link failure: the connection was lost during the transaction and the server "
                        "rolled it back; end it with SQLEndTran and run it again (the next transaction reconnects)");
}
}  // namespace

void Connection::ensureLiveSession() {
  if (txnLost_) throw lostInTransaction();
  // Not replaced quietly: the abandoned statement may still run (or commit) on the silent server.
  if (pg_.abandoned())
    throw Error("08S01", "Communication link failure: the driver gave up on this connection when the server stopped "
                         "answering (timeout or cancel); disconnect and connect again");
  // On PostgreSQL a session that answered under a millisecond ago is not probed (pg::Connection::probe);
  // on DSQL every statement probes: round trips are milliseconds there, and the session ends by age.
  bool alive = pg_.probe(dsql_ ? std::chrono::microseconds{0} : kFreshSession);
  if (alive && !tooOld()) return;
  if (txnOpen_) {
    if (alive) return;  // too old, but a transaction is open: DSQL lets it finish; replace it afterwards
    txnOpen_ = false;
    txnLost_ = true;
    throw lostInTransaction();
  }
  reconnect(alive ? "maximum connection age reached" : "the server closed the connection");
}

void Connection::reconnect(std::string_view why) {
  auto started = Clock::now();
  for (auto& s : statements_) s->abandonStream();
  pg_.close();
  openSession();
  ++reconnects_;
  log::info("reconnected (" + std::string(why) + "), reconnect " + std::to_string(reconnects_) + " of this handle, " +
            std::to_string(sessionSettings_.size()) + " session settings restored, in " +
            std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()) + " ms");
}

void Connection::abandonTransaction() noexcept {
  savepoints_.transactionEnded();
  txnOpen_ = false;
  try {
    if (!pg_.isBad() && pg_.inTransaction()) pg_.exec("ROLLBACK");
  } catch (...) {
    // The server has aborted the transaction already; a failed ROLLBACK leaves nothing more to undo.
  }
}

void Connection::rememberSessionSetting(std::string_view sql) {
  auto s = shim::sql::sessionSetting(sql);
  if (!s) return;
  routineKinds_.clear();  // SET search_path can change which routine an unqualified {call} name finds
  serverStatements_.schemaChanged();  // ... and which table a saved plan reads
  if (s->name.empty()) {  // RESET ALL: back to a fresh session's state
    sessionSettings_.clear();
    return;
  }
  std::erase_if(sessionSettings_, [&](const auto& p) { return p.first == s->name; });
  if (!s->reset) sessionSettings_.emplace_back(s->name, std::string(sql));
}

bool Connection::guardStatement(shim::sql::StatementKind kind) const {
  using K = shim::sql::StatementKind;
  return errorRollback_ == ErrorRollback::Statement && txnOpen_ && !pg_.transactionFailed() &&
         (kind == K::Query || kind == K::Dml || kind == K::Ddl);
}

// The savepoint a streamed statement ran under: released, or rolled back to when the stream failed
// after its first row, so the statement-level promise holds for streams too.
void Connection::settleSavepoint() {
  if (!savepointPending_) return;
  savepointPending_ = false;
  if (pg_.isBad() || !pg_.inTransaction()) return;
  if (pg_.transactionFailed()) pg_.exec("ROLLBACK TO SAVEPOINT dsql_odbc_statement; RELEASE SAVEPOINT dsql_odbc_statement");
  else pg_.exec("RELEASE SAVEPOINT dsql_odbc_statement");
}

void Connection::statementFailedInTransaction(const Error& e, Diagnostics& diag) {
  if (!txnOpen_ || pg_.isBad()) return;
  if (errorRollback_ == ErrorRollback::Transaction && pg_.transactionFailed()) {
    abandonTransaction();
    diag.add("01000", "The driver rolled the transaction back after the error (ErrorRollback=transaction); the next "
                      "statement begins a new one");
    return;
  }
  if (firstTxnError_.empty() && pg_.transactionFailed()) firstTxnError_ = e.sqlstate() + " " + e.what();
}

bool Connection::dead() {
  if (!connected() || pg_.isBad()) return true;
  if (streamer_ == nullptr && !pg_.probe()) return true;
  return tooOld() && !txnOpen_;
}

}  // namespace dsql::driver
