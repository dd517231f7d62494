// libpq pipeline mode for parameter arrays: one statement sent for many parameter sets with one round trip
// per batch (the batch ends at a sync point), the results read back in order. Part of the only layer
// that calls libpq; nothing above it sees libpq.
#pragma once

#include "driver/pg/pg.h"

namespace dsql::driver::pg {

class Pipeline {
 public:
  // Enters pipeline mode on an idle connection; throws ServerError when it cannot.
  explicit Pipeline(Connection& connection);
  // Leaves pipeline mode, reading whatever is still pending.
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void command(const char* sql);                               // a statement without parameters (BEGIN, COMMIT)
  void prepare(const std::string& sql, const Params& shape, const char* name = "");  // typed as `shape`
  void executePrepared(const Params& params, const char* name = "");  // one execution of the unnamed (or a named) statement
  void sync();                                                 // ends a batch and sends it

  // The result of the next command sent, in order (its error, if it failed; PGRES_PIPELINE_ABORTED if an
  // earlier failure made the server skip it), or the sync point's marker. Throws ServerError when the
  // connection is lost.
  Result next();

 private:
  [[noreturn]] void sendFailed();
  Connection& connection_;
  pg_conn* conn_;
  int pendingSyncs_ = 0;
};

// Runs one statement between SAVEPOINT `name` and RELEASE in a single round trip, so that a failure
// undoes only this statement (ROLLBACK TO, one more round trip, only then) and the transaction stays
// usable. For PostgreSQL only: DSQL has no savepoints. Throws the statement's ServerError.
// `statement`: run as this named statement, parsed first when `parse` (else it exists already); null: the
// unnamed statement, always parsed.
Result execWithSavepoint(Connection& connection, const std::string& sql, const Params& params, const char* name,
                         const char* statement = nullptr, bool parse = true);

}  // namespace dsql::driver::pg
