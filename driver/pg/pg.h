// RAII wrappers of libpq's PGconn and PGresult, and the translation of server errors into dsql::Error
// (SQLSTATE taken from PG_DIAG_SQLSTATE, never parsed from text). The only place that calls libpq.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shim/common/error.h"

namespace dsql::driver::pg {

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// An error the server (or the link to it) raised; Entry renders it with the server's origin prefix.
class ServerError : public dsql::Error {
 public:
  ServerError(std::string sqlstate, std::string message, bool connectionLost, bool notSent = false)
      : Error(std::move(sqlstate), std::move(message)), connectionLost_(connectionLost), notSent_(notSent) {}
  bool connectionLost() const noexcept { return connectionLost_; }
  // True when the request never left the client (the link was already down): nothing ran on the server,
  // so running it again elsewhere cannot do anything twice.
  bool notSent() const noexcept { return notSent_; }

 private:
  bool connectionLost_;
  bool notSent_;
};

// Parameters for one execution, all in libpq's array form (text unless formats[i] == 1).
struct Params {
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::size_t size() const { return values.size(); }
};

struct Notice {
  std::string sqlstate;
  std::string message;
  bool fatal = false;  // a FATAL that arrived while idle: the server is ending the session
};

class Connection {
 public:
  Connection() = default;
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects with keyword/value arrays (never a conninfo string: IAM tokens contain '&', '=' and '%').
  // `secretValues` lists values that must not appear in error messages. Throws ServerError on failure.
  void open(const std::vector<std::pair<std::string, std::string>>& params,
            const std::vector<std::string>& secretValues);
  void close() noexcept;
  bool isOpen() const noexcept { return conn_ != nullptr; }
  bool isBad() const noexcept;
  // Whether an idle session is still usable, without blocking: reads whatever the server sent meanwhile
  // (a FATAL such as DSQL's maximum-connection-age shutdown, or end of file) and reports false if the
  // session is gone. Only for an idle session (no result pending).
  bool probe() noexcept;
  PGconn* raw() const noexcept { return conn_; }

  // Runs one statement with the extended protocol (unnamed statement). Throws ServerError on failure.
  Result execParams(const std::string& sql, const Params& params);
  // Streaming: sends one statement with the extended protocol in single-row mode; results then come from
  // nextResult() one row at a time (PGRES_SINGLE_TUPLE), then the final result, then null.
  void sendStreaming(const std::string& sql, const Params& params);
  Result nextResult();
  // Reads and discards what is left of a streaming query.
  void discardStream();
  // True for results that carry an error (the caller turns it into ServerError).
  static bool failed(const PGresult* r);

  // Runs simple-protocol text (used only for the driver's own BEGIN/COMMIT/ROLLBACK).
  Result exec(const char* sql);
  // Describes `sql` with an unnamed Parse + Describe (parameter and result shapes) without executing it.
  Result describe(const std::string& sql, int paramCount);

  bool inTransaction() const noexcept;   // PQTRANS_INTRANS or PQTRANS_INERROR (or a command still running)
  bool busy() const noexcept;            // a command is still running (e.g. a result is streaming)
  bool transactionFailed() const noexcept;
  std::string parameterStatus(const char* name) const;
  int serverVersion() const noexcept { return conn_ ? PQserverVersion(conn_) : 0; }

  // Thread-safe: may be called from another thread while a statement runs.
  bool cancel(std::string& error);
  std::vector<Notice> takeNotices();

 private:
  void send(const std::string& sql, const Params& params);
  static void onNotice(void* self, const PGresult* result);
  void checkResult(const Result& r);
  void refreshCancel();

  PGconn* conn_ = nullptr;
  std::mutex cancelMutex_;
  PGcancel* cancel_ = nullptr;
  std::vector<Notice> notices_;
};

// Builds the error for a failed result: primary message plus DETAIL/HINT lines.
ServerError errorFromResult(const PGresult* result, PGconn* conn);

}  // namespace dsql::driver::pg
