// Running one statement against the server with DSQL's run-time rules applied (shim/policy decides, this
// file acts): a statement that is a transaction of its own (autocommit, no transaction open) and fails
// with an OCC conflict (40001 OC000/OC001) is run again with backoff, before any row has reached the
// application; one that never reached the server because the connection had gone is run again on a new
// connection. A statement inside a transaction the application owns is never replayed: a conflict rolls
// that transaction back, so the connection is clean for the application's own retry, and is reported.
// It is also where the run-time halves of the SQL shim's rewrites hook in (statement_rewrites.cpp): a
// TRUNCATE sent as DELETE in autocommit, and the ForeignKeys=auto fallback when the server refuses FK clauses.
#include <cctype>
#include <optional>

#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::driver {
namespace policy = shim::policy;

namespace {

// Nothing of the statement took effect: it never left the client, or the server ended the session
// instead of running it (57P01 aborts whatever was running, and an autocommit statement with it).
bool nothingRan(const pg::ServerError& e) { return e.notSent() || e.sqlstate() == "57P01"; }

// Aurora DSQL before 2026-08 refused FOREIGN KEY clauses with 0A000 (the wording was not recorded; the
// emulator's foreign_keys=false switch answers "foreign key constraints not supported").
bool foreignKeysRefused(const pg::ServerError& e) {
  if (e.sqlstate() != "0A000") return false;
  std::string m = e.what();
  for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return m.find("foreign key") != std::string::npos;
}

}  // namespace

pg::Result Statement::executeWithRetry(const shim::sql::Statement& s, const std::string& text,
                                       const pg::Params& params, bool stream) {
  if (s.validatesConstraint && conn_.foreignKeysFellBack())  // the constraint it validates was never created
    return conn_.wire().emptyCommandResult();
  if (!s.truncateTable.empty() && conn_.ownsNextTransaction() && conn_.arrayChunkRows() > 0)
    return deleteInChunks(s, params);
  try {
    return runWithRetry(s, text, params, stream);
  } catch (const pg::ServerError& e) {
    // A {call} refused as the wrong kind of routine (42809) or as none (42883): another session may have
    // replaced it since the connection looked its kind up (statement_outputs.cpp); look again next time.
    if (s.call && (e.sqlstate() == "42809" || e.sqlstate() == "42883"))
      conn_.routineKinds().erase(std::string(s.callName));
    if (!s.truncateTable.empty() && e.sqlstate() == "54000")  // a TRUNCATE inside the application's transaction
      throw pg::ServerError(e.sqlstate(), std::string(e.what()) + "\nTRUNCATE was sent as one DELETE because a "
                            "transaction was open; in autocommit mode the driver deletes in transactions of at most "
                            "ArrayChunkRows rows", e.connectionLost(), e.notSent());
    // Translated under ForeignKeys=auto: still so, or the connection fell back during this very batch.
    const bool autoMode =
        conn_.shimOptions().foreignKeys == shim::sql::ForeignKeyMode::Auto || conn_.foreignKeysFellBack();
    if (s.kind != shim::sql::StatementKind::Ddl || !autoMode || !foreignKeysRefused(e)) throw;
    return resendWithoutForeignKeys(s, params, e);
  }
}

pg::Result Statement::runWithRetry(const shim::sql::Statement& s, const std::string& text, const pg::Params& params,
                                   bool stream) {
  std::optional<policy::Retrier> conflicts;
  bool reconnected = false;
  for (int attempt = 1;; ++attempt) {
    // May replace an old or closed session, or open the transaction (not for what PostgreSQL runs only outside one).
    conn_.beforeStatement(s.kind, !s.outsideTransaction);
    bool owned = conn_.ownsNextTransaction();
    try {
      pg::Result r = execute(text, params, stream, conn_.guardStatement(s.kind), namedStatementFor(s, text, params));
      if (attempt > 1) log::info("statement succeeded on attempt " + std::to_string(attempt));
      return r;
    } catch (const pg::ServerError& e) {
      conn_.afterStatement(s.kind, false);
      policy::Classification c = policy::classify(policy::Phase::Statement, e.sqlstate(), e.what());
      if (owned && c.outcome == policy::Outcome::ConnectionLost && nothingRan(e) && !reconnected) {
        reconnected = true;
        log::info("connection lost before the statement ran (" + e.sqlstate() + "); running it on a new connection");
        continue;
      }
      if (owned && c.outcome == policy::Outcome::RetryableConflict) {
        if (!conflicts) conflicts.emplace(conn_.retryBackoff(), policy::Clock::system());
        if (conflicts->again()) {
          log::info(std::string(c.reason) + " in autocommit; retry " + std::to_string(conflicts->retries()) + " after " +
                    std::to_string(conflicts->slept().count()) + " ms of backoff in all");
          continue;
        }
        if (conflicts->retries() > 0)
          diag().add("01000", "The statement was run " + std::to_string(conflicts->retries() + 1) +
                                  " times and met a conflict each time (ConflictRetries=" +
                                  std::to_string(conn_.retryBackoff().maxRetries) + ")");
      }
      if (!owned && c.outcome == policy::Outcome::RetryableConflict) {
        conn_.abandonTransaction();
        diag().add("01000", "The driver rolled the transaction back after the conflict: run it again from its start");
      } else if (!owned) {
        conn_.statementFailedInTransaction(e, diag());
        if (e.sqlstate() == "25P02" && !conn_.abortedBecause().empty())
          throw pg::ServerError(e.sqlstate(), std::string(e.what()) + "\nThe transaction was aborted by an earlier error: " +
                                                  conn_.abortedBecause() +
                                                  "\nHINT: roll the transaction back (SQLEndTran) and run it again",
                                e.connectionLost(), e.notSent());
      }
      // The hint goes into the error's own text: many applications show only the first record.
      if (auto hint = policy::hintFor(e.sqlstate(), e.what()); !hint.empty())
        throw pg::ServerError(e.sqlstate(), std::string(e.what()) + "\nHINT: " + std::string(hint), e.connectionLost(),
                              e.notSent());
      throw;
    } catch (const Error& e) {
      conn_.afterStatement(s.kind, false);
      if (!owned) conn_.statementFailedInTransaction(e, diag());
      throw;
    }
  }
}

}  // namespace dsql::driver
