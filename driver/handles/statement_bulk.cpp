// SQLBulkOperations on a static cursor (ODBC reference: SQLBulkOperations, "Updating Data with
// SQLBulkOperations", "Fetching Rows with SQLBulkOperations"). SQL_ADD inserts the rows of the rowset
// buffers; SQL_UPDATE_BY_BOOKMARK and SQL_DELETE_BY_BOOKMARK change the rows whose bookmarks are in the bound
// bookmark column, one statement per row (statement_setpos.cpp); SQL_FETCH_BY_BOOKMARK copies those rows
// from the buffered result into the rowset buffers, converting each bound column as a fetch does. Each row
// gets its status in the row status array and SQL_ATTR_ROWS_FETCHED_PTR the number of rows operated on.
// Afterwards the cursor position is undefined (the reference's words); the driver makes it "before the
// first row" after a fetch by bookmark, whose buffers no longer hold a rowset of the cursor, so that
// SQLSetPos and SQLGetData cannot act on a row other than the one the application sees.
#include "driver/handles/statement.h"
#include "shim/common/error.h"

namespace dsql::driver {

SQLRETURN Statement::bulkOperations(SQLUSMALLINT operation) {
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error: data-at-execution values pending");
  if (operation != SQL_ADD && operation != SQL_UPDATE_BY_BOOKMARK && operation != SQL_DELETE_BY_BOOKMARK &&
      operation != SQL_FETCH_BY_BOOKMARK)
    throw Error("HY092", "Invalid attribute/option identifier: SQLBulkOperations operation " + std::to_string(operation));
  if (state_ != State::Executed || !cursorOpen_) throw Error("24000", "Invalid cursor state: no result set is open");
  if (operation == SQL_FETCH_BY_BOOKMARK) return fetchByBookmark();
  checkChangeable("SQLBulkOperations");
  if (operation != SQL_ADD) {
    if (positioned_.useBookmarks == SQL_UB_OFF)
      throw Error("HY092", "Invalid attribute/option identifier: bookmark operations need SQL_ATTR_USE_BOOKMARKS on");
    if (!boundBookmark())
      throw Error("HY092", "Invalid attribute/option identifier: bind the bookmark column (column 0) to give the "
                           "rows' bookmarks");
  }
  if (operation != SQL_DELETE_BY_BOOKMARK &&
      startColumnData(PendingColumnData{true, operation, 0, ard_->arraySize, true, {}, 0, false}))
    return SQL_NEED_DATA;
  return runBulk(operation);
}

// The rows of SQLBulkOperations, once every data-at-execution value is known.
SQLRETURN Statement::runBulk(SQLUSMALLINT operation) {
  SQLULEN done = 0;
  SQLRETURN rc = forEachRow(0, ard_->arraySize, true, [&](SQLULEN i) -> SQLUSMALLINT {
    ++done;
    if (operation == SQL_ADD) return addRow(i);
    return changeRow(operation == SQL_UPDATE_BY_BOOKMARK ? SQL_UPDATE : SQL_DELETE, boundBookmarkRow(i), i);
  });
  if (ird_.rowsProcessedPtr) *ird_.rowsProcessedPtr = done;
  return rc;
}

SQLRETURN Statement::fetchByBookmark() {
  if (positioned_.useBookmarks == SQL_UB_OFF)
    throw Error("HY092", "Invalid attribute/option identifier: SQL_FETCH_BY_BOOKMARK needs SQL_ATTR_USE_BOOKMARKS on");
  if (!boundBookmark())
    throw Error("HY092", "Invalid attribute/option identifier: bind the bookmark column (column 0) to give the "
                         "rows' bookmarks");
  if (results_[current_].streamed || cursorType_ == SQL_CURSOR_FORWARD_ONLY)
    throw Error("HYC00", "Optional feature not implemented: SQLBulkOperations(SQL_FETCH_BY_BOOKMARK) reads the rows "
                         "of static cursors only; set SQL_ATTR_CURSOR_TYPE to SQL_CURSOR_STATIC");
  restartGetData();
  SQLULEN done = 0;
  SQLRETURN rc = forEachRow(0, ard_->arraySize, true, [&](SQLULEN i) {
    ++done;
    return fetchRowInto(boundBookmarkRow(i), i);
  });
  position_ = -1;
  rowsetRows_ = 0;
  positioned_.rowInSet = 0;
  positioned_.positioned = false;
  positioned_.deletedInRowset.clear();
  if (ird_.rowsProcessedPtr) *ird_.rowsProcessedPtr = done;
  return rc;
}

// Result row `resultRow` into buffer row `bufferRow`: every bound column but those whose indicator says
// SQL_COLUMN_IGNORE, through the fetch's own converter (convertCell, which records a failed column's
// diagnostic with its row and column number).
SQLUSMALLINT Statement::fetchRowInto(long long resultRow, SQLULEN bufferRow) {
  SQLRETURN rc = SQL_SUCCESS;
  if (retrieveData_ == SQL_RD_ON) {
    // convertCell reads row position_ + bufferRow of the buffered result: the position is lent for the row.
    struct Restore {
      long long& position;
      long long saved;
      ~Restore() { position = saved; }
    } restore{position_, position_};
    position_ = resultRow - static_cast<long long>(bufferRow);
    for (SQLSMALLINT c = 1; c <= ard_->count() && c <= ird_.count(); ++c) {
      const DescRecord* t = ard_->findRecord(c);
      if (!t || (!t->dataPtr && !t->indicatorPtr)) continue;
      const SQLLEN* ind = ard_->indicatorAddress(t->indicatorPtr, bufferRow);
      if (ind && *ind == SQL_COLUMN_IGNORE) continue;
      convertCell(static_cast<SQLUSMALLINT>(c), *t, bufferRow, rc);
    }
  }
  if (rc == SQL_ERROR) throw RowFailed{};
  return rc == SQL_SUCCESS ? SQL_ROW_SUCCESS : SQL_ROW_SUCCESS_WITH_INFO;
}

}  // namespace dsql::driver
