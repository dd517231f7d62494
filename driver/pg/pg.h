// The boundary to libpq: a connection (connect, send, stream, pipeline, cancel, liveness) and a result
// with row/column/cell/type/tag accessors, plus the translation of server errors into dsql::Error
// (SQLSTATE taken from PG_DIAG_SQLSTATE, never parsed from text). Nothing above this layer includes
// <libpq-fe.h> or sees PGconn or PGresult: they are opaque here.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shim/common/error.h"

struct pg_conn;    // libpq's PGconn
struct pg_result;  // libpq's PGresult
struct pg_cancel;  // libpq's PGcancel

namespace dsql::driver::pg {

using Oid = unsigned int;  // libpq's Oid

// One result from the server: rows and/or a command tag, an error, or a pipeline marker. Owns the
// libpq result. Accessors take 0-based row and column numbers, as libpq does.
class Result {
 public:
  Result() = default;
  explicit Result(pg_result* r) noexcept : r_(r) {}
  ~Result();
  Result(Result&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  Result& operator=(Result&& o) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  explicit operator bool() const noexcept { return r_ != nullptr; }
  void reset(pg_result* r = nullptr) noexcept;
  pg_result* get() const noexcept { return r_; }  // opaque outside driver/pg

  bool failed() const noexcept;       // an error (or no result at all, or a pipeline marker)
  // Rows of a stream still running: libpq 15's single-row mode hands over one row per result. libpq 17's
  // chunked mode would hand over several; adopting it changes sendStreaming and this test, nothing above.
  bool streamPart() const noexcept;
  bool pipelineSync() const noexcept;
  bool pipelineAborted() const noexcept;
  int rows() const noexcept;
  int columns() const noexcept;
  const char* value(int row, int column) const noexcept;  // "" for NULL
  int length(int row, int column) const noexcept;
  bool isNull(int row, int column) const noexcept;
  // Every cell of `row` at once, for code that visits them all (one call instead of three per cell).
  struct CellView {
    const char* value;  // "" for NULL
    int length;
    bool null;
  };
  void cells(int row, CellView* out) const noexcept;  // `out` has room for columns() cells
  Oid type(int column) const noexcept;
  int typmod(int column) const noexcept;
  const char* name(int column) const noexcept;
  Oid table(int column) const noexcept;    // the column's table, 0 for an expression
  int tableColumn(int column) const noexcept;
  int params() const noexcept;             // of a described statement
  Oid paramType(int index) const noexcept;
  const char* commandTag() const noexcept;   // "INSERT 0 3", "SELECT 4", ...; "" when none
  long long affectedRows() const noexcept;   // the tag's row count, -1 when it has none

 private:
  pg_result* r_ = nullptr;
};

// The rows of a Result by reference, for code that keeps pointing at them while the owning Result is moved
// (into a vector, out of a function): valid as long as that Result lives and is not reset.
class RowsView {
 public:
  RowsView() = default;
  explicit RowsView(const Result& r) noexcept : r_(r.get()) {}
  int rows() const noexcept;
  const char* value(int row, int column) const noexcept;  // "" for NULL
  int length(int row, int column) const noexcept;
  bool isNull(int row, int column) const noexcept;
  Result::CellView cell(int row, int column) const noexcept;  // the three at once, as Result::cells

 private:
  const pg_result* r_ = nullptr;
};

// An error the server (or the link to it) raised; Entry renders it with the server's origin prefix.
class ServerError : public dsql::Error {
 public:
  ServerError(std::string sqlstate, std::string message, bool connectionLost, bool notSent = false)
      : Error(std::move(sqlstate), std::move(message)), connectionLost_(connectionLost), notSent_(notSent) {}
  bool connectionLost() const noexcept { return connectionLost_; }
  // True when the request never left the client (the link was already down): nothing ran on the server,
  // so running it again elsewhere cannot do anything twice.
  bool notSent() const noexcept { return notSent_; }
  // The server function that raised the error (PG_DIAG_SOURCE_FUNCTION, e.g. "RevalidateCachedQuery"):
  // never translated, so it identifies an error whatever the server's lc_messages; "" when not sent.
  const std::string& serverFunction() const noexcept { return serverFunction_; }
  void setServerFunction(std::string f) { serverFunction_ = std::move(f); }

 private:
  bool connectionLost_;
  bool notSent_;
  std::string serverFunction_;
};

// Parameters for one execution, all in libpq's array form (text unless formats[i] == 1).
struct Params {
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::size_t size() const { return values.size(); }
  // Appends an untyped text parameter (nullptr: SQL NULL); `value` must outlive the Params' use.
  void addText(const char* value) {
    types.push_back(0);
    values.push_back(value);
    lengths.push_back(0);
    formats.push_back(0);
  }
};

struct Notice {
  std::string sqlstate;
  std::string message;
  bool fatal = false;  // a FATAL that arrived while idle: the server is ending the session
};

// The server's cancel key for one session (libpq's PGcancel, made at connect under the connection's call
// lock) and the only part of a Connection another thread may use. PQcancel in libpq 15 waits for the
// server to close the cancel socket, so a silent server would hold the caller as long as it stays
// silent: the request runs on a helper thread and the caller waits a bounded moment for it. The helper
// owns what it uses (shared state), so a request still in flight outlives the session it cancels.
class Canceller {
 public:
  Canceller() = default;
  Canceller(const Canceller&) = delete;
  Canceller& operator=(const Canceller&) = delete;

  void reset(pg_conn* conn);  // a fresh key for a new session (nullptr: none)
  // Thread-safe. Sends a CancelRequest and waits at most `wait` for the server to take it. Returns false
  // with `error` when the request failed; true when it was delivered, is still on its way, or there is
  // no session. Records the request (requested()) so the waiting call knows why its statement ended.
  bool send(std::string& error, std::chrono::milliseconds wait);
  // Since the last clearRequest(): when the first cancel was asked for (time_since_epoch 0: none).
  std::chrono::steady_clock::time_point requested() const noexcept;
  void clearRequest() noexcept;

  struct Flight;  // one request on its helper thread

 private:
  std::mutex mutex_;
  std::shared_ptr<pg_cancel> key_;
  std::shared_ptr<Flight> flight_;  // the latest request, possibly still running
  std::atomic<std::chrono::steady_clock::rep> requested_{0};
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
  // The driver gave up on this session (the server stayed silent past a timeout and its cancel): it is
  // closed on our side, and the caller must not quietly replace it (the statement may still run there).
  bool abandoned() const noexcept { return abandoned_; }
  // The error a failed result (or a lost link, for a null one) stands for.
  ServerError errorOf(const Result& r) const;
  // A successful result with no rows and no tag, for a statement answered without the server.
  Result emptyCommandResult() const;
  // Whether an idle session is still usable, without blocking: reads whatever the server sent meanwhile
  // (a FATAL such as DSQL's maximum-connection-age shutdown, or end of file) and reports false if the
  // session is gone. Only for an idle session (no result pending). A session whose last command ended
  // less than `fresh` ago is taken as alive without the system call: a probe cannot close the race with a
  // server that closes right after it anyway, and back-to-back statements would pay a poll() each.
  bool probe(std::chrono::microseconds fresh = {}) noexcept;
  pg_conn* raw() const noexcept { return conn_; }  // for driver/pg only

  // Runs one statement with the extended protocol: Parse of `sql` as the unnamed statement, or, given a
  // `name` made by prepareNamed, only Bind and Execute of that statement. Throws ServerError on failure.
  Result execParams(const std::string& sql, const Params& params, const char* name = nullptr);
  // Streaming: sends one statement as execParams does, in single-row mode; results then come from
  // nextResult() a part at a time (Result::streamPart), then the final result, then null.
  void sendStreaming(const std::string& sql, const Params& params, const char* name = nullptr);
  // Parses `sql` as the named statement `name`, its parameters typed as `shape`'s. Throws ServerError.
  void prepareNamed(const char* name, const std::string& sql, const Params& shape);
  Result nextResult();
  // Reads and discards what is left of a streaming query.
  void discardStream();

  // Runs simple-protocol text (used only for the driver's own BEGIN/COMMIT/ROLLBACK).
  Result exec(const char* sql);
  // Describes `sql` with an unnamed Parse + Describe (parameter and result shapes) without executing it.
  Result describe(const std::string& sql, int paramCount);

  bool inTransaction() const noexcept;   // PQTRANS_INTRANS or PQTRANS_INERROR (or a command still running)
  bool busy() const noexcept;            // a command is still running (e.g. a result is streaming)
  bool transactionFailed() const noexcept;
  std::string parameterStatus(const char* name) const;
  // standard_conforming_strings as the server last reported it; read per statement, so without a copy.
  bool standardConformingStrings() const noexcept;
  int serverVersion() const noexcept;

  // A server's limit on one protocol message's length word (0: none), named `serverName` in diagnostics.
  // Statements whose Query, Parse or Bind message would be larger are refused before anything is sent
  // (ServerError 54000, not sent): the server would drop the connection instead of answering.
  void setMessageLimit(std::size_t bytes, std::string serverName);
  // Throws that ServerError when the Parse or Bind message for `sql` with `params` would exceed the limit.
  void checkMessageSize(const std::string& sql, const Params& params) const;
  // ---- bounded waits (pg_wait.cpp). Every wait for the server (sending, and each result) polls the
  // socket and watches a deadline: when it passes, a cancel request goes out; when the server has not
  // answered `kCancelGrace` later (nor after a cancel asked for through canceller()), the session is
  // abandoned and the wait throws HYT00 (timeout) or HY008 (cancel) with the link marked lost.
  static constexpr std::chrono::milliseconds kCancelGrace{2000};
  // `what` names the limit in messages ("SQL_ATTR_QUERY_TIMEOUT"). No deadline: waits are unbounded
  // unless a cancel is asked for.
  void setDeadline(std::chrono::steady_clock::time_point deadline, long seconds, const char* what) noexcept;
  void clearDeadline() noexcept;
  bool hasDeadline() const noexcept { return deadlineSeconds_ > 0; }
  // The deadline passed during a wait since setDeadline() (and a cancel was sent).
  bool timedOut() const noexcept { return timedOut_; }
  // Thread-safe: the only member another thread may use while a statement runs.
  Canceller& canceller() noexcept { return canceller_; }
  // Waits until libpq can hand over the next result without blocking (flushing what is still queued).
  void awaitResult();

  std::vector<Notice> takeNotices();

 private:
  void send(const std::string& sql, const Params& params, const char* name);
  void sendWith(const char* what, bool ok);
  Result collect();  // every result of the command sent: the error if one failed, else the last one
  static void onNotice(void* self, const pg_result* result);
  void checkResult(const Result& r) const;
  void checkWait();
  [[noreturn]] void abandon();

  pg_conn* conn_ = nullptr;
  Canceller canceller_;
  std::vector<Notice> notices_;
  std::size_t messageLimit_ = 0;
  std::string limitServer_;
  bool abandoned_ = false;
  // the current wait's limit (set by the caller's scope; only the calling thread touches these)
  std::chrono::steady_clock::time_point deadline_{};
  long deadlineSeconds_ = 0;
  const char* deadlineWhat_ = "";
  bool timedOut_ = false;
  std::chrono::steady_clock::time_point giveUpAt_{};  // set once a cancel went out
  std::chrono::steady_clock::time_point idleSince_{};  // when the last command's results were all read
};

// Builds the error for a failed result: primary message plus DETAIL/HINT lines.
ServerError errorFromResult(const pg_result* result, pg_conn* conn);

}  // namespace dsql::driver::pg
