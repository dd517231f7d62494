// One result of an executed statement: a server result (rows and/or a command tag), or a local one
// for statements the shim answered itself (SAVEPOINT and friends). SQLMoreResults walks a list of these.
#pragma once

#include <sql.h>

#include <string>

#include "driver/pg/pg.h"

namespace dsql::driver {

struct ResultSet {
  pg::Result result;          // null for locally answered statements
  SQLLEN affectedRows = -1;   // SQLRowCount: rows affected by INSERT/UPDATE/DELETE/..., -1 when not applicable
  std::string commandTag;

  bool hasColumns() const { return result && PQnfields(result.get()) > 0; }
  int columns() const { return result ? PQnfields(result.get()) : 0; }
  long long rows() const { return result ? PQntuples(result.get()) : 0; }

  static ResultSet fromServer(pg::Result r) {
    ResultSet s;
    const char* tuples = PQcmdTuples(r.get());
    const char* status = PQcmdStatus(r.get());
    s.commandTag = status ? status : "";
    s.affectedRows = (tuples && *tuples) ? std::stoll(tuples) : -1;
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
