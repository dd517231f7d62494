// libpq wrapper implementation: connection lifetime, statement execution, error translation and notices.
// Every command is sent with libpq's asynchronous calls and its results read after a bounded wait
// (pg_wait.cpp): no blocking libpq call (PQexec, PQprepare, a bare PQgetResult) is used.
#include "driver/pg/pg.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cstdlib>
#include <cstring>

namespace dsql::driver::pg {
namespace {

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    for (std::size_t p = text.find(s); p != std::string::npos; p = text.find(s, p)) text.replace(p, s.size(), "***");
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// COPY … FROM STDIN / TO STDOUT hands the session to the copy sub-protocol, which ODBC cannot drive: left
// alone, the server waits for data forever and libpq answers the same COPY result again and again. The
// copy is ended at once (failed, for COPY IN; its data read and dropped, for COPY OUT) so the session is
// usable again; the COPY result itself stays the statement's answer, reported as 0A000 (errorFromResult).
bool endCopy(pg_conn* conn, const Result& r) {
  switch (r ? PQresultStatus(r.get()) : PGRES_EMPTY_QUERY) {
    case PGRES_COPY_IN:
    case PGRES_COPY_BOTH:
      PQputCopyEnd(conn, "COPY FROM STDIN is not supported through ODBC");
      return true;
    case PGRES_COPY_OUT: {
      char* row = nullptr;
      while (PQgetCopyData(conn, &row, 0) > 0) PQfreemem(row);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace


// ---- Result -------------------------------------------------------------------------------------------

Result::~Result() { PQclear(r_); }

Result& Result::operator=(Result&& o) noexcept {
  if (this != &o) reset(std::exchange(o.r_, nullptr));
  return *this;
}

void Result::reset(pg_result* r) noexcept {
  PQclear(r_);
  r_ = r;
}

bool Result::failed() const noexcept {
  ExecStatusType st = r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR;
  return !(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY || st == PGRES_SINGLE_TUPLE);
}
bool Result::streamPart() const noexcept { return r_ && PQresultStatus(r_) == PGRES_SINGLE_TUPLE; }
bool Result::pipelineSync() const noexcept { return r_ && PQresultStatus(r_) == PGRES_PIPELINE_SYNC; }
bool Result::pipelineAborted() const noexcept { return r_ && PQresultStatus(r_) == PGRES_PIPELINE_ABORTED; }
int Result::rows() const noexcept { return r_ ? PQntuples(r_) : 0; }
int Result::columns() const noexcept { return r_ ? PQnfields(r_) : 0; }
const char* Result::value(int row, int column) const noexcept { return PQgetvalue(r_, row, column); }
int Result::length(int row, int column) const noexcept { return PQgetlength(r_, row, column); }
bool Result::isNull(int row, int column) const noexcept { return PQgetisnull(r_, row, column) != 0; }
int RowsView::rows() const noexcept { return PQntuples(r_); }
const char* RowsView::value(int row, int column) const noexcept { return PQgetvalue(r_, row, column); }
int RowsView::length(int row, int column) const noexcept { return PQgetlength(r_, row, column); }
bool RowsView::isNull(int row, int column) const noexcept { return PQgetisnull(r_, row, column) != 0; }
Result::CellView RowsView::cell(int row, int column) const noexcept {
  const int length = PQgetlength(r_, row, column);
  // libpq gives NULL a length of 0: only an empty value needs the second question.
  return {PQgetvalue(r_, row, column), length, length == 0 && PQgetisnull(r_, row, column) != 0};
}
void Result::cells(int row, CellView* out) const noexcept {
  const RowsView rows(*this);
  const int n = PQnfields(r_);
  for (int c = 0; c < n; ++c) out[c] = rows.cell(row, c);
}
Oid Result::type(int column) const noexcept { return PQftype(r_, column); }
int Result::typmod(int column) const noexcept { return PQfmod(r_, column); }
const char* Result::name(int column) const noexcept { return PQfname(r_, column); }
Oid Result::table(int column) const noexcept { return PQftable(r_, column); }
int Result::tableColumn(int column) const noexcept { return PQftablecol(r_, column); }
int Result::params() const noexcept { return r_ ? PQnparams(r_) : 0; }
Oid Result::paramType(int index) const noexcept { return PQparamtype(r_, index); }
const char* Result::commandTag() const noexcept {
  const char* t = r_ ? PQcmdStatus(r_) : nullptr;
  return t ? t : "";
}
long long Result::affectedRows() const noexcept {
  const char* n = r_ ? PQcmdTuples(r_) : nullptr;
  if (!n || !*n) return -1;
  return std::strtoll(n, nullptr, 10);
}

// ---- Connection ---------------------------------------------------------------------------------------

Connection::~Connection() { close(); }

int Connection::serverVersion() const noexcept { return conn_ ? PQserverVersion(conn_) : 0; }

ServerError Connection::errorOf(const Result& r) const {
  ServerError e = errorFromResult(r.get(), conn_);
  // Our own cancel, sent because the deadline passed: the caller's timeout, not an operation it cancelled.
  if (timedOut_ && e.sqlstate() == "HY008")
    return ServerError("HYT00", "Timeout expired: the statement ran longer than " + std::string(deadlineWhat_) + " (" +
                                    std::to_string(deadlineSeconds_) + " s) and was cancelled (" + e.what() + ")",
                       e.connectionLost());
  return e;
}

Result Connection::emptyCommandResult() const { return Result(PQmakeEmptyPGresult(conn_, PGRES_COMMAND_OK)); }

void Connection::open(const std::vector<std::pair<std::string, std::string>>& params,
                      const std::vector<std::string>& secretValues) {
  close();
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* c = PQconnectdbParams(keys.data(), values.data(), 0);
  if (!c) throw ServerError("HY001", "Out of memory allocating a connection", true);
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = scrub(PQerrorMessage(c), secretValues);
    PQfinish(c);
    // libpq reports authentication failures as text only; a FATAL from the server may carry its SQLSTATE
    // but libpq does not expose it for failed connections, so classify the common cases.
    std::string state = "08001";
    if (msg.find("access denied") != std::string::npos || msg.find("password authentication failed") != std::string::npos)
      state = "28000";
    else if (msg.find("too many") != std::string::npos)
      state = "53300";
    else if (msg.find("rate exceeded") != std::string::npos)
      state = "53400";
    else if (msg.find("timeout expired") != std::string::npos)
      state = "HYT00";
    throw ServerError(state, msg, true);
  }
  // Nonblocking: a send never waits for the server to read (awaitResult flushes under a deadline).
  if (PQsetnonblocking(c, 1) != 0) {
    std::string msg = scrub(PQerrorMessage(c), secretValues);
    PQfinish(c);
    throw ServerError("08001", "Could not switch the connection to nonblocking mode: " + msg, true);
  }
  conn_ = c;
  abandoned_ = false;
  PQsetNoticeReceiver(conn_, &Connection::onNotice, this);
  canceller_.reset(conn_);
}

void Connection::close() noexcept {
  canceller_.reset(nullptr);
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  abandoned_ = false;
}

bool Connection::isBad() const noexcept { return !conn_ || abandoned_ || PQstatus(conn_) == CONNECTION_BAD; }

bool Connection::probe(std::chrono::microseconds fresh) noexcept {
  if (isBad()) return false;
  if (fresh.count() > 0 && std::chrono::steady_clock::now() - idleSince_ < fresh) return true;
  int fd = PQsocket(conn_);
  if (fd < 0) return false;
  std::size_t before = notices_.size();
  // Something may have arrived while idle: a FATAL, a parameter change, or end of file. A FATAL in idle
  // state reaches the notice receiver; end of file marks the connection bad, possibly one read later.
  for (int reads = 0; reads < 4; ++reads) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) break;
    if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) == CONNECTION_BAD) break;
  }
  while (PGnotify* n = PQnotifies(conn_)) PQfreemem(n);
  bool fatal = false;
  for (std::size_t i = before; i < notices_.size(); ++i) fatal = fatal || notices_[i].fatal;
  if (!fatal && PQstatus(conn_) != CONNECTION_BAD) return true;
  notices_.resize(before);  // the goodbye is the caller's to report, not a warning for the next statement
  return false;
}

void Connection::checkResult(const Result& r) const {
  if (r.failed()) throw errorOf(r);
}

// A command is about to go out: a cancel asked for earlier belonged to the previous one.
void Connection::sendWith(const char* what, bool ok) {
  if (ok) return;
  ServerError e = errorFromResult(nullptr, conn_);
  // libpq refused before writing a complete message: the server has not seen the statement.
  throw ServerError(e.sqlstate(), std::string(what) + ": " + e.what(), e.connectionLost(), true);
}

Result Connection::collect() {
  // As PQexec: the last result is the answer; an error result wins over what follows it.
  Result answer;
  while (Result r = nextResult()) {
    if (answer && answer.failed()) continue;
    answer = std::move(r);
  }
  checkResult(answer);
  return answer;
}

void Connection::send(const std::string& sql, const Params& p, const char* name) {
  if (!conn_) throw ServerError("08003", "Connection not open", true, true);
  if (isBad())
    throw ServerError("08S01", "The connection to the server was lost before the statement was sent", true, true);
  checkMessageSize(sql, p);
  canceller_.clearRequest();
  const char* const* values = p.values.empty() ? nullptr : p.values.data();
  const int* lengths = p.lengths.empty() ? nullptr : p.lengths.data();
  const int* formats = p.formats.empty() ? nullptr : p.formats.data();
  const int n = static_cast<int>(p.size());
  // Without parameters the simple Query message does the same work in one message instead of five, and the
  // server skips the unnamed statement's Parse/Bind bookkeeping: a few µs of every round trip. The text is
  // always one statement here (the shim splits multi-statement text), so nothing else could run with it.
  bool ok = name       ? PQsendQueryPrepared(conn_, name, n, values, lengths, formats, 0)
            : n == 0   ? PQsendQuery(conn_, sql.c_str())
                       : PQsendQueryParams(conn_, sql.c_str(), n, p.types.empty() ? nullptr : p.types.data(), values,
                                           lengths, formats, 0);
  if (!ok) {
    ServerError e = errorFromResult(nullptr, conn_);
    throw ServerError(e.sqlstate(), e.what(), e.connectionLost(), true);
  }
}

Result Connection::execParams(const std::string& sql, const Params& p, const char* name) {
  send(sql, p, name);
  return collect();
}

void Connection::prepareNamed(const char* name, const std::string& sql, const Params& shape) {
  if (!conn_) throw ServerError("08003", "Connection not open", true, true);
  if (isBad())
    throw ServerError("08S01", "The connection to the server was lost before the statement was sent", true, true);
  checkMessageSize(sql, Params{});
  canceller_.clearRequest();
  sendWith("could not send the statement to prepare",
           PQsendPrepare(conn_, name, sql.c_str(), static_cast<int>(shape.size()), shape.types.empty() ? nullptr : shape.types.data()) != 0);
  collect();
}

void Connection::sendStreaming(const std::string& sql, const Params& p, const char* name) {
  send(sql, p, name);
  PQsetSingleRowMode(conn_);  // if refused, libpq simply returns the whole result: still correct
}

Result Connection::nextResult() {
  if (!conn_) return Result();
  awaitResult();
  Result r(PQgetResult(conn_));
  endCopy(conn_, r);
  if (!r) idleSince_ = std::chrono::steady_clock::now();
  return r;
}

void Connection::discardStream() {
  while (Result r = nextResult()) {
  }
}


Result Connection::exec(const char* sql) {
  if (!conn_) throw ServerError("08003", "Connection not open", true, true);
  if (isBad())
    throw ServerError("08S01", "The connection to the server was lost before the statement was sent", true, true);
  checkMessageSize(sql, Params{});
  discardStream();  // as PQexec: a result nobody read is dropped
  canceller_.clearRequest();
  sendWith("could not send the command", PQsendQuery(conn_, sql) != 0);
  return collect();
}

Result Connection::describe(const std::string& sql, int paramCount) {
  if (!conn_) throw ServerError("08003", "Connection not open", true);
  if (isBad())
    throw ServerError("08S01", "The connection to the server was lost before the statement was sent", true, true);
  checkMessageSize(sql, Params{});
  discardStream();
  canceller_.clearRequest();
  sendWith("could not send the statement to describe", PQsendPrepare(conn_, "", sql.c_str(), 0, nullptr) != 0);
  collect();
  sendWith("could not send the describe request", PQsendDescribePrepared(conn_, "") != 0);
  return collect();
}

bool Connection::inTransaction() const noexcept {
  if (!conn_) return false;
  auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

bool Connection::busy() const noexcept { return conn_ && PQtransactionStatus(conn_) == PQTRANS_ACTIVE; }

bool Connection::transactionFailed() const noexcept {
  return conn_ && PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

std::string Connection::parameterStatus(const char* name) const {
  const char* v = conn_ ? PQparameterStatus(conn_, name) : nullptr;
  return v ? v : "";
}

bool Connection::standardConformingStrings() const noexcept {
  const char* v = conn_ ? PQparameterStatus(conn_, "standard_conforming_strings") : nullptr;
  return !v || std::strcmp(v, "off") != 0;
}

std::vector<Notice> Connection::takeNotices() { return std::exchange(notices_, {}); }

void Connection::onNotice(void* self, const pg_result* r) {
  auto* c = static_cast<Connection*>(self);
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const char* msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  const char* severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
  bool fatal = severity && (std::strcmp(severity, "FATAL") == 0 || std::strcmp(severity, "PANIC") == 0);
  if (c->notices_.size() < 100) c->notices_.push_back({state ? state : "01000", msg ? msg : "", fatal});
}

ServerError errorFromResult(const pg_result* r, pg_conn* conn) {
  bool lost = conn && PQstatus(conn) == CONNECTION_BAD;
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg;
  if (primary) {
    msg = primary;
    if (const char* d = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL)) msg += std::string("\nDETAIL: ") + d;
    if (const char* h = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT)) msg += std::string("\nHINT: ") + h;
  } else {
    msg = conn ? PQerrorMessage(conn) : "unknown error";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (msg.empty()) msg = "server closed the connection unexpectedly";
  }
  std::string sqlstate = state ? state : (lost ? "08S01" : "HY000");
  // query_canceled: the server ended the statement because a cancel request reached it; ODBC names that
  // HY008 (the server's text stays the message).
  if (sqlstate == "57014") sqlstate = "HY008";
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COPY_IN || status == PGRES_COPY_BOTH)
    return ServerError("0A000", "COPY FROM STDIN is not supported through ODBC: send the rows with INSERT "
                                "(a parameter array sends many at once)", lost);
  if (status == PGRES_COPY_OUT)
    return ServerError("0A000", "COPY TO STDOUT is not supported through ODBC: read the rows with SELECT", lost);
  ServerError e(sqlstate, msg, lost);
  if (const char* f = r ? PQresultErrorField(r, PG_DIAG_SOURCE_FUNCTION) : nullptr) e.setServerFunction(f);
  return e;
}

}  // namespace dsql::driver::pg
