// Named server statements for statements the application prepared (PostgreSQL only; see
// server_statements.h). The first execution after SQLPrepare goes out as the unnamed statement, as a
// statement run once costs no more that way; the second parses it under a name, and every later one only
// binds and executes it. A named statement is parsed again when its session was replaced, when DDL ran on
// this connection since, or when the application's parameters now have other types. If the server no
// longer knows it, or its saved plan no longer fits the tables (DDL from another session), the execution
// is sent again unnamed where nothing of the application's transaction depends on it.
#include <cstring>

#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "driver/pg/pipeline.h"

namespace dsql::driver {
namespace {

// The server's answers for a name it does not know, and for a saved plan whose result would change shape
// (0A000 from plancache.c's RevalidateCachedQuery: known by the function, which a server whose lc_messages
// is not English names the same; by its English text where the server did not send the function).
bool staleNamedStatement(const pg::ServerError& e) {
  if (e.sqlstate() == "26000") return true;
  if (e.sqlstate() != "0A000") return false;
  if (!e.serverFunction().empty()) return e.serverFunction() == "RevalidateCachedQuery";
  return std::strstr(e.what(), "cached plan must not change result type") != nullptr;
}

}  // namespace

Statement::NamedUse Statement::namedStatementFor(const shim::sql::Statement& s, const std::string& text,
                                                 const pg::Params& params) {
  using K = shim::sql::StatementKind;
  if (!appPrepared_ || !conn_.namedStatements() || !translation_ || translation_->statements.size() != 1 ||
      (s.kind != K::Query && s.kind != K::Dml) || s.call || s.returnValue || text != s.sql)
    return {};
  ServerStatements& server = conn_.serverStatements();
  if (named_ && named_->ready && named_->stamp == server.stamp() && named_->types == params.types)
    return {named_->name.c_str(), false};
  if (!named_ && ++preparedRuns_ < 2) return {};
  forgetNamedStatement();
  named_ = NamedStatement{server.newName(), params.types, server.stamp(), false};
  return {named_->name.c_str(), true};
}

void Statement::namedStatementDone(NamedUse used, bool ok) {
  if (!used.parse || !named_) return;
  if (ok) named_->ready = true;
  else forgetNamedStatement();  // the Parse may have succeeded before the execution failed: deallocated later
}

void Statement::forgetNamedStatement() {
  if (named_) conn_.serverStatements().release(std::move(named_->name), named_->stamp);
  named_.reset();
  preparedRuns_ = 0;
}

// Sends one statement: buffered (one round trip; with statement-level rollback, between SAVEPOINT and
// RELEASE in the same round trip) or streaming (single-row mode; the first result is read here so errors
// surface at execute time, as the application expects).
pg::Result Statement::send(const std::string& text, const pg::Params& params, bool stream, bool guard, NamedUse named) {
  static constexpr const char* kSavepoint = "dsql_odbc_statement";
  if (!stream) {
    if (guard) return pg::execWithSavepoint(conn_.pg(), text, params, kSavepoint, named.name, !named.name || named.parse);
    if (named.parse) conn_.pg().prepareNamed(named.name, text, params);
    return conn_.pg().execParams(text, params, named.name);
  }
  if (guard) conn_.pg().exec("SAVEPOINT dsql_odbc_statement");
  pg::Result first;
  try {
    if (named.parse) conn_.pg().prepareNamed(named.name, text, params);
    conn_.pg().sendStreaming(text, params, named.name);
    first = conn_.wire().nextResult();
    if (first.failed()) throw conn_.wire().errorOf(first);
  } catch (const pg::ServerError&) {
    conn_.wire().discardStream();
    if (guard && !conn_.wire().isBad())
      conn_.wire().exec("ROLLBACK TO SAVEPOINT dsql_odbc_statement; RELEASE SAVEPOINT dsql_odbc_statement");
    throw;
  }
  if (guard) conn_.savepointPending();
  return first;
}

pg::Result Statement::execute(const std::string& text, const pg::Params& params, bool stream, bool guard, NamedUse named) {
  // The call's scope (callScope) already bounds these waits; this one covers callers outside an entry.
  // pg::Connection::errorOf names the deadline's cancel HYT00, and a cancel from SQLCancel HY008.
  QueryTimer::Scope timer(conn_.queryTimer(), queryTimeout_, this);
  try {
    pg::Result r = send(text, params, stream, guard, named);
    namedStatementDone(named, true);
    return r;
  } catch (const pg::ServerError& e) {
    namedStatementDone(named, false);
    if (!named.name || named.parse || !staleNamedStatement(e)) throw;
    forgetNamedStatement();
    // Nothing ran. Outside a transaction, or with the statement's own savepoint rolled back, nothing else
    // was undone either: send it again unnamed. Inside a transaction the server has aborted it: report.
    if (conn_.wire().inTransaction() && !guard) throw;
    return send(text, params, stream, guard, {});
  }
}

}  // namespace dsql::driver
