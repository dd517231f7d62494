// State of a statement's positioned operations (SQLSetPos, SQLBulkOperations) and bookmarks: the table and
// key behind the current result (found once per result, from the catalog), the row the cursor is positioned
// on inside the rowset, rows of the rowset deleted through the cursor, and the bookmark statement attributes
// (the bookmark column's binding is the ARD's record 0, its description the IRD's). Statement owns one; statement_setpos.cpp and statement_bookmarks.cpp use it.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "driver/convert/from_c.h"
#include "driver/handles/descriptor.h"
#include "shim/sql/positioned_sql.h"

namespace dsql::driver {

class Connection;
namespace pg { class Result; }

// Where a result's rows live, for updating them: the one table its columns come from and the key that
// finds a row again. `refusal` (with `refusalState`) says why rows of this result cannot be changed.
struct TableKey {
  shim::sql::TableName table;
  std::vector<std::string> columnName;  // per result column (0-based): the table column, "" for an expression
  std::vector<int> keyColumns;          // result columns (0-based) holding the key, in key order
  std::string refusalState, refusal;
  bool updatable() const { return refusal.empty(); }
};

// Looks up the table behind `shape` (PQftable/PQftablecol) and its primary key, or else a unique index over
// NOT NULL plain columns, all of whose columns must be in the result. Catalog queries run without opening
// the application's transaction.
TableKey findTableKey(Connection& conn, const pg::Result& shape);

struct BookmarkBinding {  // the ARD's record 0 (SQLBindCol column 0), its C type resolved
  SQLSMALLINT cType = 0;
  SQLPOINTER value = nullptr;
  SQLLEN bufferLength = 0;
  SQLLEN* indicator = nullptr;
};

// SQLSetPos(SQL_UPDATE / SQL_ADD) or SQLBulkOperations(SQL_ADD / SQL_UPDATE_BY_BOOKMARK) waiting for the
// values of its data-at-execution columns (SQLParamData / SQLPutData), and then running with them.
struct PendingColumnData {
  bool bulk = false;               // SQLBulkOperations; else SQLSetPos
  SQLUSMALLINT operation = 0;
  SQLULEN first = 0, end = 0;      // SQLSetPos: rows [first, end) of the rowset
  bool all = false;                // SQLSetPos: row 0, the whole rowset (SQL_ATTR_ROW_OPERATION_PTR applies)
  struct Slot {
    SQLULEN row;
    SQLSMALLINT column;
    std::optional<std::string> value;  // nullopt: no SQLPutData, or SQL_NULL_DATA - the column is set NULL
  };
  std::vector<Slot> slots;         // in (row, column) order
  std::size_t next = 0;            // the slot the next SQLParamData hands out
  bool sending = false;            // SQLPutData goes to slots[next - 1]
};

// A length/indicator that makes a bound column's value data-at-execution.
inline bool isDataAtExecColumn(const SQLLEN* ind) {
  return ind && (*ind == SQL_DATA_AT_EXEC || *ind <= SQL_LEN_DATA_AT_EXEC_OFFSET);
}

// A row of a multi-row operation failed and its diagnostic is already recorded (convertCell records per row
// and column); forEachRow marks the row SQL_ROW_ERROR and goes on.
struct RowFailed {};

struct PositionedState {
  std::optional<TableKey> key;           // found on the first positioned change of the current result
  SQLULEN rowInSet = 0;                  // SQLSetPos: the row of the rowset the cursor is on (0-based)
  bool positioned = false;               // SQLSetPos chose that row (SQLGetData with a block cursor needs it)
  std::vector<bool> deletedInRowset;     // rows of the current rowset deleted through this cursor
  SQLULEN useBookmarks = SQL_UB_OFF;     // SQL_ATTR_USE_BOOKMARKS
  SQLPOINTER fetchBookmarkPtr = nullptr; // SQL_ATTR_FETCH_BOOKMARK_PTR
  std::optional<long long> odbc2Bookmark;  // SQLExtendedFetch(SQL_FETCH_BOOKMARK): the bookmark is the offset
  SQLUSMALLINT* odbc2RowStatus = nullptr;  // SQLExtendedFetch's row-status array, which SQLSetPos also updates
  std::map<long long, std::vector<PgParam>> keyOverride;  // result row -> key values after an update changed them
  std::optional<PendingColumnData> columnData;  // an operation waiting for data-at-execution columns

  // A new result (execute, SQLMoreResults) or a closed cursor: facts about the old one no longer apply.
  void resultChanged() {
    key.reset();
    keyOverride.clear();
    rowInSet = 0;
    positioned = false;
    deletedInRowset.clear();
    odbc2RowStatus = nullptr;
    odbc2Bookmark.reset();
  }
};

// Bookmarks are the 1-based row number within the result: stable for a static cursor's buffered rows.
inline constexpr SQLLEN kBookmarkBytes = sizeof(SQLUINTEGER);

}  // namespace dsql::driver
