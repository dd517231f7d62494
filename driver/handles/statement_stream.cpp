// Streamed results: the last statement of a forward-only execution runs in libpq's single-row mode, so
// memory stays bounded by the rowset whatever the result size. While rows are still arriving the
// connection is busy; any other command on it first settles the stream (Connection::pg() buffers the
// remaining rows here), and closing the cursor early reads and throws away the rest. It never cancels:
// a cancel request travels on its own connection and can land on the NEXT statement once the server has
// finished this one (observed through the DSQL emulator's proxy), so draining is the only safe choice.
#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"

namespace dsql::driver {

void Statement::finishStream(ResultSet& rs) {
  rs.streaming = false;
  conn_.clearStreamer(this);
}

// Reads the next part of the stream from the server (one row in libpq 15's single-row mode; every caller
// takes all the rows a part holds); the final result (row count) or an error ends the stream.
pg::Result Statement::readStreamedRow(ResultSet& rs) {
  pg::Result r = conn_.wire().nextResult();
  if (r.streamPart()) return r;
  std::optional<pg::ServerError> error;
  if (r.failed()) error = conn_.wire().errorOf(r);
  else rs.affectedRows = r.affectedRows();
  conn_.wire().discardStream();  // libpq answers null after the final result
  finishStream(rs);
  if (error) throw *error;
  return pg::Result();
}

// SQLRowCount after a SELECT: results that end within a small window are read at execute, so their row
// count is exact at once (pyodbc's cursor.rowcount); longer ones keep streaming with bounded memory and
// report -1 until they have been read to the end. An error within the window waits, as a buffered
// stream's does, until the fetch reaches it: the rows before it are the application's.
void Statement::readAhead(ResultSet& rs) {
  constexpr std::size_t kWindowRows = 256, kWindowBytes = 256 * 1024;
  std::size_t bytes = 0;
  try {
    while (rs.streaming && rs.buffered.size() < kWindowRows && bytes < kWindowBytes) {
      pg::Result r = readStreamedRow(rs);
      if (!r) break;
      bytes += rs.buffered.push(r);
    }
  } catch (const pg::ServerError& e) {
    rs.streamError = e;
  }
}

void Statement::bufferStream() {
  for (auto& rs : results_) {
    try {
      while (rs.streaming)
        if (pg::Result r = readStreamedRow(rs)) rs.buffered.push(r);
    } catch (const pg::ServerError& e) {
      rs.streamError = e;  // reported when the application's fetch gets there
    }
  }
}

void Statement::abandonStream() {
  for (auto& rs : results_) {
    if (!rs.streaming) continue;
    conn_.wire().discardStream();
    finishStream(rs);
  }
}

SQLRETURN Statement::fetchStreamed(SQLSMALLINT orientation) {
  if (orientation != SQL_FETCH_NEXT)
    throw Error("HY106", "Fetch type out of range: the cursor is forward-only (set SQL_ATTR_CURSOR_TYPE to SQL_CURSOR_STATIC to scroll)");
  ResultSet& rs = results_[current_];
  long long size = static_cast<long long>(ard_->arraySize);
  // The rowset: rows buffered earlier first (they came first), then rows read live from libpq, which
  // pass through the same store -- copied and let go at once, so the allocator hands libpq the same memory
  // part after part (keeping a rowset of results alive made every rowset fault fresh pages in), and rows of
  // a part beyond the rowset simply wait there for the next fetch. Rows of the previous rowset are let go
  // only now, so they stayed readable until this fetch.
  windowCells_.clear();
  rs.buffered.release();
  while (static_cast<long long>(windowCells_.size()) < size) {
    if (maxRows_ > 0 && consumed_ >= static_cast<long long>(maxRows_)) break;
    if (!rs.buffered.empty()) {
      windowCells_.push_back(rs.buffered.take());
    } else if (rs.streaming) {
      pg::Result r = readStreamedRow(rs);
      if (!r) break;
      rs.buffered.push(r);
      continue;  // not a row of the rowset yet
    } else if (rs.streamError) {
      pg::ServerError e = *rs.streamError;
      rs.streamError.reset();
      throw e;
    } else {
      break;
    }
    ++consumed_;
  }
  rowsetRows_ = static_cast<long long>(windowCells_.size());
  if (rowsetRows_ == 0) {
    position_ = consumed_;
    if (ird_.rowsProcessedPtr) *ird_.rowsProcessedPtr = 0;
    if (ird_.arrayStatusPtr)
      for (long long i = 0; i < size; ++i) ird_.arrayStatusPtr[i] = SQL_ROW_NOROW;
    return SQL_NO_DATA;
  }
  position_ = consumed_ - rowsetRows_;
  return fetchRowset(position_);
}

}  // namespace dsql::driver
