// The connection handle: settings, the libpq session, connection attributes, transaction control
// (autocommit, lazy BEGIN for manual-commit mode — never SET TRANSACTION, which DSQL refuses, docs/dsql-behaviour.md
// §2.1), the local savepoint tracker, and the statements and explicitly allocated descriptors it owns
// (std::unique_ptr: freeing the connection frees them, so no child outlives the connection it points to).
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "driver/catalog/column_facts.h"
#include "driver/config/settings.h"
#include "driver/convert/pg_types.h"
#include "driver/handles/handle.h"
#include "driver/handles/query_timer.h"
#include "driver/handles/server_statements.h"
#include "driver/info/info_table.h"
#include "driver/pg/pg.h"
#include "shim/policy/policy.h"
#include "shim/sql/savepoint_tracker.h"
#include "shim/sql/translate.h"

namespace dsql::driver {

class Environment;
class Statement;
class Descriptor;

class Connection : public Handle {
 public:
  static constexpr HandleKind kKind = HandleKind::Connection;
  explicit Connection(Environment& env);
  ~Connection() override;
  std::recursive_mutex& callMutex() override { return mutex_; }
  Environment& environment() const { return env_; }

  // Connects with merged settings (DSN + connection string). Throws on failure; the handle stays unconnected.
  void connect(Settings settings);
  void disconnect();
  bool connected() const { return pg_.isOpen(); }
  const Settings& settings() const { return settings_; }
  std::string outString() const { return settings_.outString(); }

  // The libpq session for a new command: a result still streaming to another statement is settled first
  // (its remaining rows are buffered so it can still be fetched).
  pg::Connection& pg() {
    settleStream();
    return pg_;
  }
  // The session as the streaming statement itself reads it.
  pg::Connection& wire() { return pg_; }
  void setStreamer(Statement* s) { streamer_ = s; }
  void clearStreamer(Statement* s) {
    if (streamer_ == s) streamer_ = nullptr;
  }
  void settleStream();
  QueryTimer& queryTimer() { return queryTimer_; }
  // The scope of every call on this connection (calls/entry.h): SQL_ATTR_CONNECTION_TIMEOUT bounds its
  // waits for the server (SQLEndTran's COMMIT, the queries after connecting).
  QueryTimer::Scope callScope() {
    return QueryTimer::Scope(queryTimer_, connectionTimeout_, nullptr, "SQL_ATTR_CONNECTION_TIMEOUT");
  }
  // Thread-safe: the cancel key of the current session, the only part a cross-thread SQLCancel touches.
  pg::Canceller& canceller() { return pg_.canceller(); }
  bool dsqlMode() const { return dsql_; }
  std::string_view serverOrigin() const { return dsql_ ? "Aurora DSQL" : "PostgreSQL"; }
  const shim::sql::Options& shimOptions() const { return shimOptions_; }
  // ForeignKeys=auto met a server that refuses FK clauses: from now on this connection strips them.
  void fallBackToStrippedForeignKeys() {
    fkFallback_ = true;
    shimOptions_.foreignKeys = shim::sql::ForeignKeyMode::Strip;
  }
  bool foreignKeysFellBack() const { return fkFallback_; }
  const TypeOptions& typeOptions() const { return typeOptions_; }
  // Table-column facts (NOT NULL, identity) behind result columns, kept until DDL runs on this connection.
  ColumnFactsCache& columnFacts() { return columnFacts_; }
  // Named server-side statements for SQLPrepare'd statements run more than once (PostgreSQL only).
  bool namedStatements() const { return !dsql_; }
  ServerStatements& serverStatements() { return serverStatements_; }
  // {call name(…)} on PostgreSQL: whether `name`, as written, is a procedure (statement_outputs.cpp asks
  // pg_proc once per name). Kept until DDL runs on this connection or a session setting (search_path)
  // changes, as the column facts are.
  std::unordered_map<std::string, bool>& routineKinds() { return routineKinds_; }
  shim::sql::SavepointTracker& savepoints() { return savepoints_; }
  InfoContext infoContext() const;
  bool indexWait() const { return indexWait_; }
  const std::string& catalogName() const { return catalog_; }  // cached: read for every result column
  bool shimNotes() const { return shimNotes_; }
  shim::sql::RollbackToMode rollbackToMode() const { return rollbackToMode_; }

  // Called before each statement goes to the server: in manual-commit mode opens the transaction, unless
  // `opensTransaction` is false (the driver's own catalog queries: they must not start the application's
  // transaction, which on DSQL would then refuse the application's first DDL).
  void beforeStatement(shim::sql::StatementKind kind, bool opensTransaction = true);
  // Called after a statement ran, so transaction-ending statements reset the savepoint tracker.
  void afterStatement(shim::sql::StatementKind kind, bool succeeded = true);
  // The driver's own catalog query (primary keys, routine kinds, parameter types): run as a query that
  // opens no transaction of its own, between beforeStatement and afterStatement. Throws ServerError.
  pg::Result catalogLookup(const std::string& sql, const pg::Params& params);
  void endTransaction(bool commit);
  bool autocommit() const { return autocommit_; }

  // ---- resilience (connection_session.cpp)
  // True when the statement about to run is a transaction of its own, owned by the driver: autocommit
  // mode and no transaction open. Only such statements are ever run again by the driver.
  bool ownsNextTransaction() const { return autocommit_ && !txnOpen_; }
  const shim::policy::Backoff& retryBackoff() const { return backoff_; }
  // Parameter arrays in autocommit mode are committed in chunks of at most this many sets / parameter
  // bytes (0: the whole array in one transaction).
  SQLULEN arrayChunkRows() const { return arrayChunkRows_; }
  std::size_t arrayChunkBytes() const { return arrayChunkBytes_; }
  // Rolls back the application's transaction on its behalf (after a 40001, which the server has aborted
  // anyway, or with ErrorRollback=transaction) so the connection is clean for the application's retry.
  void abandonTransaction() noexcept;
  // What a failed statement does to a transaction the application owns (ErrorRollback key).
  enum class ErrorRollback { None, Statement, Transaction };
  ErrorRollback errorRollback() const { return errorRollback_; }
  // Statement-level rollback applies now: PostgreSQL, a transaction open, the statement a query, DML or DDL.
  bool guardStatement(shim::sql::StatementKind kind) const;
  // A streamed statement ran under the statement savepoint: released (or rolled back to, if the stream
  // failed) before the next command.
  void savepointPending() { savepointPending_ = true; }
  // A statement failed inside the application's transaction: applies ErrorRollback=transaction, and
  // remembers the first error so later 25P02 refusals can name it.
  void statementFailedInTransaction(const Error& e, Diagnostics& diag);
  // "current transaction is aborted" gains the first error and what to do, while the transaction stays aborted.
  std::string abortedBecause() const { return txnOpen_ ? firstTxnError_ : std::string(); }
  // A successful SET/RESET: remembered so a transparent reconnect can restore it.
  void rememberSessionSetting(std::string_view sql);
  // SQL_ATTR_CONNECTION_DEAD: the session is gone, or past its maximum age.
  bool dead();

  void setAttr(SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length);
  // Integer attributes are written to `value`; string attributes are returned through `text`.
  void getAttr(SQLINTEGER attribute, SQLPOINTER value, std::string* text);

  // Children (call with the connection's mutex held): made here, owned here, taken back out to be freed.
  Statement& newStatement();
  Descriptor& newDescriptor();
  std::unique_ptr<Statement> takeStatement(Statement& s);
  // Statements that use `d` as their APD or ARD go back to their implicit ones first.
  std::unique_ptr<Descriptor> takeDescriptor(Descriptor& d);
  const std::vector<std::unique_ptr<Statement>>& statements() const { return statements_; }

  // Moves server notices (NOTICE/WARNING) into a diagnostic area as warnings.
  void drainNotices(Diagnostics& diag);

 private:
  // `remaining`: what is left of the login timeout for this attempt (retries), or none (the first attempt).
  std::vector<std::pair<std::string, std::string>> buildConnectParams(
      std::vector<std::string>& secrets, std::optional<std::chrono::milliseconds> remaining = std::nullopt);
  void afterConnect();
  // connection_session.cpp
  void openSession();                      // connect with retries for refusals, a fresh token each attempt
  void ensureLiveSession();                // before a statement: reconnect if old or gone, outside transactions
  void reconnect(std::string_view why);
  void readResilienceSettings();
  void settleSavepoint();
  bool tooOld() const;

  Environment& env_;
  std::recursive_mutex mutex_;
  Settings settings_;
  pg::Connection pg_;
  QueryTimer queryTimer_{pg_};  // declared after pg_: destroyed (thread joined) before it
  bool dsql_ = false;
  ColumnFactsCache columnFacts_;
  ServerStatements serverStatements_;
  std::unordered_map<std::string, bool> routineKinds_;  // call name -> is a procedure
  std::string user_, server_, catalog_;
  shim::sql::Options shimOptions_;
  bool fkFallback_ = false;  // ForeignKeys=auto fell back to strip (statement_retry.cpp)
  TypeOptions typeOptions_;
  shim::sql::SavepointTracker savepoints_;
  shim::sql::RollbackToMode rollbackToMode_ = shim::sql::RollbackToMode::Error;
  bool indexWait_ = false;
  bool shimNotes_ = false;
  bool autocommit_ = true;
  bool readOnly_ = false;
  SQLUINTEGER loginTimeout_ = 0;
  SQLUINTEGER connectionTimeout_ = 0;
  SQLUINTEGER txnIsolation_ = SQL_TXN_REPEATABLE_READ;
  SQLUINTEGER packetSize_ = 0;
  Statement* streamer_ = nullptr;  // the statement whose rows are still arriving, if any
  // resilience
  std::chrono::steady_clock::time_point openedAt_{};
  std::chrono::seconds maxAge_{0};
  std::chrono::seconds connectBudget_{0};
  shim::policy::Backoff backoff_;
  bool isolateDdl_ = true;
  ErrorRollback errorRollback_ = ErrorRollback::None;
  bool savepointPending_ = false;
  std::string firstTxnError_;
  SQLULEN arrayChunkRows_ = 0;
  std::size_t arrayChunkBytes_ = 0;
  bool txnOpen_ = false;   // a transaction is open on the server, as far as the driver knows
  bool txnChanged_ = false;  // ... and it ran something other than a query
  bool txnLost_ = false;   // the connection died inside that transaction: 08S01 until it is ended
  int reconnects_ = 0;
  std::vector<std::pair<std::string, std::string>> sessionSettings_;  // parameter -> last SET statement
  // Declared last: destroyed first, while everything a statement's destructor touches still exists.
  // Descriptors are destroyed after the statements that may point at them.
  std::vector<std::unique_ptr<Descriptor>> descriptors_;
  std::vector<std::unique_ptr<Statement>> statements_;
};

}  // namespace dsql::driver
