// Positioned operations: SQLSetPos and SQLBulkOperations (the logic is Statement's, statement_setpos.cpp).
#include "driver/calls/calls.h"
#include "driver/calls/entry.h"
#include "driver/handles/statement.h"

namespace dsql::driver::calls {

SQLRETURN setPos(SQLHSTMT stmt, SQLSETPOSIROW row, SQLUSMALLINT operation, SQLUSMALLINT lock) {
  return entry<Statement>(stmt, "SQLSetPos", [&](Statement& s) { return s.setPos(row, operation, lock); });
}

SQLRETURN bulkOperations(SQLHSTMT stmt, SQLSMALLINT operation) {
  return entry<Statement>(stmt, "SQLBulkOperations", [&](Statement& s) {
    return s.bulkOperations(static_cast<SQLUSMALLINT>(operation));
  });
}

}  // namespace dsql::driver::calls
