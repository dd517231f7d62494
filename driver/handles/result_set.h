// One result of an executed statement: a server result (rows and/or a command tag), or a local one
// for statements the shim answered itself (SAVEPOINT and friends). SQLMoreResults walks a list of these.
#pragma once

#include <sql.h>

#include <optional>
#include <string>
#include <string_view>

#include "driver/handles/row_store.h"
#include "driver/pg/pg.h"

namespace dsql::driver {

struct ResultSet {
  pg::Result result;          // buffered: every row (null for locally answered statements and streamed results)
  SQLLEN affectedRows = -1;   // SQLRowCount: rows affected by INSERT/UPDATE/DELETE/..., -1 when not applicable
  std::string commandTag;

  // Streamed results (single-row mode): rows arrive one PGresult each. `buffered` holds those received
  // but not yet fetched, compactly (row_store.h); `firstRow` keeps the first row's result for the column
  // descriptions; `streaming` says the server is still sending; an error that arrived while the rows
  // were being buffered for another statement waits in `streamError` until the fetch reaches it.
  bool streamed = false;
  bool streaming = false;
  RowStore buffered;
  pg::Result firstRow;
  std::optional<pg::ServerError> streamError;

  bool hasColumns() const { return streamed || (result && result.columns() > 0); }
  const pg::Result* shape() const { return result ? &result : firstRow ? &firstRow : nullptr; }
  long long rows() const { return result ? result.rows() : -1; }  // -1: not known (streaming)

  // SQLRowCount of a statement whose command tag carries no count is the driver's to define (ODBC: "driver-
  // defined" for anything but INSERT/UPDATE/DELETE). Applications written against psqlODBC see its answer,
  // so it is this one: 0 when the tag has two words or more (CREATE TABLE, DROP VIEW, TRUNCATE TABLE), -1 for
  // a one-word tag (SET, BEGIN, GRANT, DO) and for DROP TABLE / ALTER TABLE.
  static SQLLEN rowCountOf(std::string_view tag, long long counted) {
    if (counted >= 0) return static_cast<SQLLEN>(counted);
    if (tag.find(' ') == std::string_view::npos || tag == "DROP TABLE" || tag == "ALTER TABLE") return -1;
    return 0;
  }

  static ResultSet fromServer(pg::Result r) {
    ResultSet s;
    s.commandTag = r.commandTag();
    s.affectedRows = rowCountOf(s.commandTag, r.affectedRows());
    s.result = std::move(r);
    return s;
  }
  static ResultSet local(std::string tag) {
    ResultSet s;
    s.commandTag = std::move(tag);
    return s;
  }
};

}  // namespace dsql::driver
