// Pipeline mode over libpq (see pipeline.h). libpq copies every parameter into its output buffer when a
// command is queued, so callers may reuse their parameter storage between executions.
#include "driver/pg/pipeline.h"

#include <libpq-fe.h>

#include <optional>

namespace dsql::driver::pg {

Pipeline::Pipeline(Connection& connection) : connection_(connection), conn_(connection.raw()) {
  if (!conn_ || connection.isBad())
    throw ServerError("08S01", "The connection to the server was lost before the statement was sent", true, true);
  connection.canceller().clearRequest();
  if (!PQenterPipelineMode(conn_)) throw errorFromResult(nullptr, conn_);
}

Pipeline::~Pipeline() {
  if (!connection_.isBad()) {
    try {
      while (pendingSyncs_ > 0) next();
    } catch (...) {
      // The connection failed while draining; leaving pipeline mode below is all that is left to do.
    }
  }
  PQexitPipelineMode(conn_);
}

void Pipeline::sendFailed() {
  ServerError e = errorFromResult(nullptr, conn_);
  throw ServerError(e.sqlstate(), e.what(), true, false);
}

void Pipeline::command(const char* sql) {
  if (!PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0)) sendFailed();
}

void Pipeline::prepare(const std::string& sql, const Params& shape, const char* name) {
  if (!PQsendPrepare(conn_, name, sql.c_str(), static_cast<int>(shape.size()), shape.types.empty() ? nullptr : shape.types.data()))
    sendFailed();
}

void Pipeline::executePrepared(const Params& p, const char* name) {
  if (!PQsendQueryPrepared(conn_, name, static_cast<int>(p.size()), p.values.empty() ? nullptr : p.values.data(),
                           p.lengths.empty() ? nullptr : p.lengths.data(), p.formats.empty() ? nullptr : p.formats.data(), 0))
    sendFailed();
}

void Pipeline::sync() {
  if (!PQpipelineSync(conn_)) sendFailed();
  ++pendingSyncs_;
}

Result Pipeline::next() {
  Result first = connection_.nextResult();  // a bounded wait (pg_wait.cpp)
  if (!first) {
    if (connection_.isBad()) throw connection_.errorOf(first);
    first = connection_.nextResult();  // between two commands' results libpq answers null once
    if (!first) throw connection_.errorOf(first);
  }
  if (first.pipelineSync()) {
    --pendingSyncs_;
    return first;
  }
  // A command's results end with a null; the error (if any) is the answer, else the last result.
  Result answer = std::move(first);
  while (Result more = connection_.nextResult()) {
    if (answer.failed()) continue;
    answer = std::move(more);
  }
  return answer;
}


Result execWithSavepoint(Connection& connection, const std::string& sql, const Params& params, const char* name,
                         const char* statement, bool parse) {
  const std::string savepoint = std::string("SAVEPOINT ") + name, release = std::string("RELEASE SAVEPOINT ") + name;
  std::optional<ServerError> failure;
  Result answer;
  connection.checkMessageSize(sql, params);  // before the pipeline: nothing half-queued to undo
  {
    Pipeline pipe(connection);
    pipe.command(savepoint.c_str());
    if (!statement) statement = "", parse = true;
    if (parse) pipe.prepare(sql, params, statement);
    pipe.executePrepared(params, statement);
    pipe.command(release.c_str());
    pipe.sync();
    const int commands = parse ? 4 : 3, execution = commands - 2;
    for (int i = 0; i < commands; ++i) {
      Result r = pipe.next();
      if (r.failed() && !r.pipelineAborted() && !failure)
        failure = connection.errorOf(r);
      if (i == execution) answer = std::move(r);
    }
    pipe.next();  // the sync point
  }
  if (!failure) return answer;
  if (!connection.isBad()) connection.exec(("ROLLBACK TO SAVEPOINT " + std::string(name) + "; " + release).c_str());
  throw *failure;
}

}  // namespace dsql::driver::pg
