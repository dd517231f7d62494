// Connection handle: connect/disconnect, transactions and connection attributes.
#include "driver/handles/connection.h"

#include <algorithm>
#include <cstring>

#include "driver/config/connect_plan.h"
#include "driver/handles/environment.h"
#include "driver/handles/statement.h"
#include "shim/auth/connect_token.h"
#include "driver/convert/out_value.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::driver {

Connection::Connection(Environment& env) : Handle(HandleKind::Connection), env_(env) {}

Connection::~Connection() {
  // Statements first (their destructors still use the session and may point at explicit descriptors).
  statements_.clear();
  descriptors_.clear();
  pg_.close();
}

void Connection::settleStream() {
  if (Statement* s = streamer_) {
    streamer_ = nullptr;
    s->bufferStream();
  }
}

Statement& Connection::newStatement() {
  statements_.push_back(std::make_unique<Statement>(*this));
  return *statements_.back();
}

Descriptor& Connection::newDescriptor() {
  descriptors_.push_back(std::make_unique<Descriptor>(*this, DescRole::Explicit));
  return *descriptors_.back();
}

namespace {

template <class T>
std::unique_ptr<T> takeFrom(std::vector<std::unique_ptr<T>>& owners, T& child) {
  auto it = std::find_if(owners.begin(), owners.end(), [&](const auto& p) { return p.get() == &child; });
  if (it == owners.end()) return nullptr;
  std::unique_ptr<T> owned = std::move(*it);
  owners.erase(it);
  return owned;
}

}  // namespace

std::unique_ptr<Statement> Connection::takeStatement(Statement& s) {
  return takeFrom(statements_, s);
}

std::unique_ptr<Descriptor> Connection::takeDescriptor(Descriptor& d) {
  for (auto& s : statements_) s->descriptorFreed(&d);
  return takeFrom(descriptors_, d);
}

std::vector<std::pair<std::string, std::string>> Connection::buildConnectParams(
    std::vector<std::string>& secrets, std::optional<std::chrono::milliseconds> remaining) {
  const Settings& s = settings_;
  ConnectPlan plan = planConnect(s);  // the same decisions the connection doctor reports
  server_ = plan.server;
  dsql_ = plan.dsql;
  user_ = plan.user;
  std::string host = server_;
  std::string password = s.get("PWD");
  if (plan.iam) {
    shim::auth::ConnectToken token = shim::auth::makeConnectToken(plan.tokenRequest);
    host = token.hostname;
    password = std::move(token.token);
    log::info("signed a DSQL IAM token for " + host + " (" + token.region + ", credentials from " +
              token.credentialSource + ")");
  }
  secrets.push_back(password);
  long timeout = loginTimeout_ ? static_cast<long>(loginTimeout_) : s.getInt("LoginTimeout");
  if (remaining) timeout = shim::policy::attemptConnectTimeout(timeout, *remaining);
  return libpqParams(plan, s, host, password, timeout);
}

void Connection::connect(Settings settings) {
  if (connected()) throw Error("08002", "Connection already open");
  settings_ = std::move(settings);
  log::Level lvl = log::parseLevel(settings_.get("LogLevel"));
  if (lvl != log::Level::Off || settings_.has("LogFile")) log::configure(lvl, settings_.get("LogFile"));
  log::info("connecting: " + settings_.forLog());
  sessionSettings_.clear();
  reconnects_ = 0;
  fkFallback_ = false;
  openSession();
  diag().serverName = settings_.get("DSN").empty() ? server_ : settings_.get("DSN");
}

void Connection::afterConnect() {
  pg_.setMessageLimit(dsql_ ? shim::policy::kMaxMessageBytes : 0, std::string(serverOrigin()));
  shimOptions_ = {};
  shimOptions_.dsql = dsql_;
  shimOptions_.escapes = !settings_.getBool("NoEscapes");
  const std::string fk = settings_.get("ForeignKeys");
  shimOptions_.foreignKeys = fk == "strip"  ? shim::sql::ForeignKeyMode::Strip
                             : fk == "keep" ? shim::sql::ForeignKeyMode::Keep
                                            : shim::sql::ForeignKeyMode::Auto;
  if (fkFallback_) shimOptions_.foreignKeys = shim::sql::ForeignKeyMode::Strip;  // kept across reconnects
  shimOptions_.truncateAsDelete = settings_.getBool("TruncateAsDelete");
  shimOptions_.serialAsIdentity = settings_.getBool("SerialAsIdentity");
  const long cache = settings_.getInt("SequenceCache");  // DSQL accepts CACHE 1 or >= 65536
  shimOptions_.sequenceCache = cache == 1 ? 1 : std::max<long>(cache, 65536);
  rollbackToMode_ = settings_.get("RollbackToSavepoint") == "rollback" ? shim::sql::RollbackToMode::RollbackAll
                                                                        : shim::sql::RollbackToMode::Error;
  indexWait_ = settings_.getBool("IndexWait");
  catalog_ = settings_.get("Database");
  shimNotes_ = settings_.getBool("ShimNotes");
  readOnly_ = settings_.getBool("ReadOnly");
  typeOptions_.wideCharTypes = settings_.getBool("WideCharTypes");
  typeOptions_.textAsLongVarchar = settings_.getBool("TextAsLongVarchar");
  typeOptions_.maxVarcharSize = static_cast<SQLULEN>(settings_.getInt("MaxVarcharSize"));
  typeOptions_.maxLongVarcharSize = static_cast<SQLULEN>(settings_.getInt("MaxLongVarcharSize"));
  typeOptions_.boolsAsChar = settings_.getBool("BoolsAsChar");
  txnIsolation_ = dsql_ ? SQL_TXN_REPEATABLE_READ : SQL_TXN_READ_COMMITTED;
  // Values are parsed from the server's text output; make sure it is the format the converters read.
  if (!dsql_) {
    if (pg_.parameterStatus("DateStyle").rfind("ISO", 0) != 0) pg_.exec("SET DateStyle = ISO");
    if (pg_.parameterStatus("IntervalStyle") != "postgres") pg_.exec("SET IntervalStyle = postgres");
  }
  savepoints_.transactionEnded();
  txnOpen_ = txnLost_ = false;
}

void Connection::disconnect() {
  // In autocommit mode nothing is left to wait for: the session closes first, so a result still arriving
  // (perhaps from a server that stopped answering) is dropped, not drained.
  if (autocommit_) pg_.close();
  if (streamer_) streamer_->abandonStream();
  if (!autocommit_ && pg_.isOpen() && !pg_.isBad() && pg_.inTransaction()) {
    // ODBC SQLDisconnect: in manual-commit mode an open transaction is 25000 and stays open; the
    // application ends it with SQLEndTran. (In autocommit mode the server rolls back what is left.)
    // A transaction that has only read (as the driver's implicit BEGIN before a SELECT leaves one) holds
    // nothing to lose, so it ends with the session, as psqlODBC users expect; one that changed something
    // or failed still needs the application's decision.
    if (txnChanged_ || pg_.transactionFailed())
      throw Error("25000", "Invalid transaction state: a transaction is open; commit or roll back before disconnecting");
  }
  pg_.close();
  txnOpen_ = txnLost_ = false;
}

InfoContext Connection::infoContext() const {
  InfoContext c;
  c.dataSourceName = settings_.get("DSN");
  c.serverName = server_;
  c.databaseName = settings_.get("Database");
  c.userName = user_;
  c.dsql = dsql_;
  c.readOnly = readOnly_;
  std::string v = const_cast<pg::Connection&>(pg_).parameterStatus("server_version");
  c.dbmsVersion = v;
  return c;
}

void Connection::beforeStatement(shim::sql::StatementKind kind, bool opensTransaction) {
  if (!connected()) throw Error("08003", "Connection not open");
  settleStream();
  ensureLiveSession();
  settleSavepoint();
  // Outside any transaction, so that a DEALLOCATE can never abort one of the application's.
  if (!pg_.inTransaction()) {
    if (std::string sql = serverStatements_.takeDeallocations(); !sql.empty()) {
      try {
        pg_.exec(sql.c_str());
      } catch (const pg::ServerError& e) {
        // A name whose Parse never completed is unknown to the server: nothing is lost by not freeing it.
        if (e.connectionLost()) throw;
        log::debug(std::string("DEALLOCATE of released statements: ") + e.what());
      }
    }
  }
  using K = shim::sql::StatementKind;
  // DSQL runs DDL only in a transaction of its own (docs/dsql-behaviour.md §2.1): a DDL statement that would open
  // the application's transaction runs alone and commits; the transaction begins with what follows. A
  // transaction that has only read so far is committed first: that loses nothing.
  bool isolate = dsql_ && isolateDdl_ && !autocommit_ && kind == K::Ddl;
  if (isolate && txnOpen_ && !txnChanged_ && !pg_.transactionFailed() && pg_.inTransaction()) {
    pg_.exec("COMMIT");
    txnOpen_ = false;
    savepoints_.transactionEnded();
    log::info("committed a read-only transaction so that DDL runs on its own, as DSQL requires");
  }
  if (autocommit_ || pg_.inTransaction() || !opensTransaction || isolate) return;
  if (kind == K::Begin || kind == K::Commit || kind == K::Rollback) return;
  std::string begin = readOnly_ ? "BEGIN READ ONLY" : "BEGIN";
  // DSQL has REPEATABLE READ only; on PostgreSQL the requested level goes on BEGIN, never SET TRANSACTION.
  if (!dsql_) {
    switch (txnIsolation_) {
      case SQL_TXN_READ_UNCOMMITTED: begin += " ISOLATION LEVEL READ UNCOMMITTED"; break;
      case SQL_TXN_REPEATABLE_READ: begin += " ISOLATION LEVEL REPEATABLE READ"; break;
      case SQL_TXN_SERIALIZABLE: begin += " ISOLATION LEVEL SERIALIZABLE"; break;
      default: break;
    }
  }
  try {
    pg_.exec(begin.c_str());
  } catch (const pg::ServerError& e) {
    // The session ended just as the transaction was to begin (a FATAL racing BEGIN): nothing of the
    // application's work was on it, so a new session is as good.
    if (!e.connectionLost()) throw;
    reconnect("the server closed the connection at BEGIN");
    pg_.exec(begin.c_str());
  }
  txnOpen_ = true;
  txnChanged_ = false;
  savepoints_.transactionEnded();
}

void Connection::afterStatement(shim::sql::StatementKind kind, bool succeeded) {
  using K = shim::sql::StatementKind;
  if (pg_.isBad()) {
    // The session died under this statement. Inside a transaction the server rolled it back: say so until
    // the application ends it, never reconnect into the middle of it.
    if (txnOpen_) txnLost_ = true;
    txnOpen_ = false;
  } else if (!pg_.busy()) {
    txnOpen_ = pg_.inTransaction();  // also follows BEGIN/COMMIT the application sends as SQL text
  }
  if (!txnOpen_) txnChanged_ = false, firstTxnError_.clear();
  else if (kind != K::Query) txnChanged_ = true;
  if (kind == K::Ddl) {  // ALTER TABLE … SET NOT NULL, CREATE PROCEDURE and friends; a saved plan's result may change shape
    columnFacts_.clear();
    routineKinds_.clear();
    serverStatements_.schemaChanged();
  }
  if (kind == K::Commit || kind == K::Rollback) savepoints_.transactionEnded();
  // A savepoint can be "rolled back to" only while nothing changed since it: a successful query changed
  // nothing; anything else, or any failure (which aborts the transaction), did.
  else if (kind != K::Begin) savepoints_.statementExecuted(!(succeeded && kind == K::Query));
}

pg::Result Connection::catalogLookup(const std::string& sql, const pg::Params& params) {
  beforeStatement(shim::sql::StatementKind::Query, false);
  pg::Result r = pg_.execParams(sql, params);
  afterStatement(shim::sql::StatementKind::Query);
  return r;
}

void Connection::endTransaction(bool commit) {
  if (!connected()) throw Error("08003", "Connection not open");
  settleStream();
  savepoints_.transactionEnded();
  firstTxnError_.clear();
  savepointPending_ = false;  // COMMIT or ROLLBACK ends the statement savepoint with the transaction
  if (txnOpen_ && !pg_.probe()) txnLost_ = true;
  if (txnLost_) {
    txnLost_ = txnOpen_ = false;
    if (commit)
      throw Error("08S01", "Communication link failure: the connection was lost during the transaction; the server "
                           "rolled it back and nothing of it was committed. Run the transaction again");
    return;  // rolled back already, as asked
  }
  txnOpen_ = false;
  if (pg_.isBad() || !pg_.inTransaction()) return;  // nothing open: success, as ODBC specifies
  if (!commit) {
    try {
      pg_.exec("ROLLBACK");
    } catch (const pg::ServerError& e) {
      if (!e.connectionLost()) throw;  // a lost session has rolled back on its own
    }
    return;
  }
  bool failed = pg_.transactionFailed();
  pg::Result r;
  try {
    r = pg_.exec("COMMIT");
  } catch (const pg::ServerError& e) {
    if (e.connectionLost() && !e.notSent())
      throw Error("08007", "Connection failure during transaction: the connection was lost while COMMIT was in flight; "
                           "the transaction may or may not have been committed");
    if (e.connectionLost())
      throw Error("08S01", "Communication link failure: the connection was lost before COMMIT; the server rolled the "
                           "transaction back");
    throw;  // 40001 at COMMIT: the server rolled back; the application runs the transaction again
  }
  if (failed || std::strcmp(r.commandTag(), "ROLLBACK") == 0) {
    // PostgreSQL and DSQL answer COMMIT of an aborted transaction with the tag ROLLBACK and no error
    // (docs/dsql-behaviour.md §2.1); an application asking to commit must not be told it succeeded.
    throw Error("40000", "The transaction was aborted by an earlier error and has been rolled back, not committed");
  }
}

void Connection::drainNotices(Diagnostics& d) {
  for (auto& n : pg_.takeNotices()) d.addServer(n.sqlstate.rfind("01", 0) == 0 ? n.sqlstate : "01000", n.message, serverOrigin());
}

void Connection::setAttr(SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length) {
  auto v = static_cast<SQLUINTEGER>(reinterpret_cast<SQLULEN>(value));
  switch (attribute) {
    case SQL_ATTR_AUTOCOMMIT: {
      if (v != SQL_AUTOCOMMIT_ON && v != SQL_AUTOCOMMIT_OFF)
        throw Error("HY024", "Invalid attribute value " + std::to_string(v) + " for SQL_ATTR_AUTOCOMMIT");
      bool on = v == SQL_AUTOCOMMIT_ON;
      if (on && !autocommit_ && connected() && pg_.inTransaction()) endTransaction(true);  // ODBC: switching commits
      autocommit_ = on;
      return;
    }
    case SQL_ATTR_LOGIN_TIMEOUT: loginTimeout_ = v; return;
    case SQL_ATTR_CONNECTION_TIMEOUT: connectionTimeout_ = v; return;
    case SQL_ATTR_ACCESS_MODE:
      if (v != SQL_MODE_READ_ONLY && v != SQL_MODE_READ_WRITE)
        throw Error("HY024", "Invalid attribute value " + std::to_string(v) + " for SQL_ATTR_ACCESS_MODE");
      readOnly_ = v == SQL_MODE_READ_ONLY;
      return;
    case SQL_ATTR_PACKET_SIZE: packetSize_ = v; return;
    case SQL_ATTR_TXN_ISOLATION:
      if (connected() && pg_.inTransaction()) throw Error("HY011", "Isolation level cannot change inside a transaction");
      if (dsql_ && v != SQL_TXN_REPEATABLE_READ) {
        txnIsolation_ = SQL_TXN_REPEATABLE_READ;
        diag().add("01S02", "Option value changed: Aurora DSQL supports only REPEATABLE READ (docs/dsql-behaviour.md §2.1)");
        return;
      }
      if (v != SQL_TXN_READ_UNCOMMITTED && v != SQL_TXN_READ_COMMITTED && v != SQL_TXN_REPEATABLE_READ && v != SQL_TXN_SERIALIZABLE)
        throw Error("HY024", "Invalid transaction isolation level");
      txnIsolation_ = v;
      return;
    case SQL_ATTR_CURRENT_CATALOG: {
      std::string cat = value ? (length == SQL_NTS ? std::string(static_cast<char*>(value))
                                                   : std::string(static_cast<char*>(value), static_cast<std::size_t>(length)))
                              : "";
      if (connected() && cat != settings_.get("Database"))
        throw Error("HYC00", "Changing the catalog of an open connection is not supported (reconnect with Database=" + cat + ")");
      settings_.set("Database", cat);
      return;
    }
    case SQL_ATTR_RESET_CONNECTION:
      // ODBC 3.8: the driver manager returns the connection to its pool; the next user must find it as a
      // new connection would be: nothing open, attributes at their defaults.
      if (v != SQL_RESET_CONNECTION_YES) throw Error("HY024", "Invalid attribute value for SQL_ATTR_RESET_CONNECTION");
      for (auto& s : statements_) s->abandonStream();
      if (connected()) endTransaction(false);
      autocommit_ = true;
      readOnly_ = settings_.getBool("ReadOnly");
      txnIsolation_ = dsql_ ? SQL_TXN_REPEATABLE_READ : SQL_TXN_READ_COMMITTED;
      connectionTimeout_ = 0;
      return;
    case SQL_ATTR_QUIET_MODE: case SQL_ATTR_TRACE: case SQL_ATTR_TRACEFILE: case SQL_ATTR_TRANSLATE_LIB:
    case SQL_ATTR_TRANSLATE_OPTION: case SQL_ATTR_ODBC_CURSORS:
      return;  // owned by the driver manager
    case SQL_ATTR_ASYNC_ENABLE:
      if (v != SQL_ASYNC_ENABLE_OFF) throw Error("HYC00", "Asynchronous execution is not supported");
      return;
    case SQL_ATTR_AUTO_IPD:
    case SQL_ATTR_CONNECTION_DEAD:
      throw Error("HY092", "Attribute is read-only");
    case SQL_ATTR_ANSI_APP:
      // The driver manager asks whether ANSI and Unicode applications behave differently; they do not, and
      // the ODBC reference says to answer that with an error.
      throw Error("HYC00", "The driver behaves the same for ANSI and Unicode applications");
    default:
      throw Error("HY092", "Invalid connection attribute " + std::to_string(attribute));
  }
}

void Connection::getAttr(SQLINTEGER attribute, SQLPOINTER value, std::string* text) {
  switch (attribute) {
    case SQL_ATTR_AUTOCOMMIT: storeValue<SQLUINTEGER>(value, autocommit_ ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF); return;
    case SQL_ATTR_LOGIN_TIMEOUT: storeValue<SQLUINTEGER>(value, loginTimeout_); return;
    case SQL_ATTR_CONNECTION_TIMEOUT: storeValue<SQLUINTEGER>(value, connectionTimeout_); return;
    case SQL_ATTR_ACCESS_MODE: storeValue<SQLUINTEGER>(value, readOnly_ ? SQL_MODE_READ_ONLY : SQL_MODE_READ_WRITE); return;
    case SQL_ATTR_PACKET_SIZE: storeValue<SQLUINTEGER>(value, packetSize_); return;
    case SQL_ATTR_TXN_ISOLATION: storeValue<SQLUINTEGER>(value, txnIsolation_); return;
    case SQL_ATTR_AUTO_IPD: storeValue<SQLUINTEGER>(value, SQL_TRUE); return;
    case SQL_ATTR_ASYNC_ENABLE: storeValue<SQLULEN>(value, SQL_ASYNC_ENABLE_OFF); return;
    case SQL_ATTR_CONNECTION_DEAD:
      storeValue<SQLUINTEGER>(value, dead() ? SQL_CD_TRUE : SQL_CD_FALSE);
      return;
    case SQL_ATTR_CURRENT_CATALOG:
      if (text) *text = settings_.get("Database");
      return;
    default:
      throw Error("HY092", "Invalid connection attribute " + std::to_string(attribute));
  }
}

}  // namespace dsql::driver
