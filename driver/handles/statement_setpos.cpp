// SQLSetPos and SQLBulkOperations on a statement's result (ODBC reference: SQLSetPos, SQLBulkOperations,
// "Updating Data with SQLSetPos"). SQL_POSITION picks a row of the rowset for SQLGetData; SQL_REFRESH
// reloads the rowset buffers from the cursor's rows (a static cursor is a snapshot: it does not see later
// changes, SQL_STATIC_SENSITIVITY 0); SQL_UPDATE / SQL_DELETE and SQL_ADD become one UPDATE / DELETE /
// INSERT per row on the result's table (positioned_key.cpp finds it), run like any statement of the
// application: in autocommit each is its own transaction (retried on a DSQL conflict), in manual-commit
// mode it joins the open one. A row is found by its original key values, so an update or delete that
// affects no row (the row was deleted, or its key changed, since it was read) is a cursor operation
// conflict (01001). No lock is taken (SQL_LOCK_NO_CHANGE only; SQL_CONCUR_LOCK is the updatable mode).
// SQLBulkOperations itself is statement_bulk.cpp; data-at-execution columns, statement_setpos_data.cpp.
#include <algorithm>
#include <cstring>

#include "driver/convert/from_c.h"
#include "driver/convert/pg_types.h"
#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace {

// Owns the values of one row's parameters and lends libpq pointers to them.
struct RowParams {
  std::vector<PgParam> values;
  pg::Params wire() const {
    pg::Params p;
    for (const PgParam& v : values) {
      p.values.push_back(v.isNull ? nullptr : v.value.c_str());
      p.lengths.push_back(static_cast<int>(v.value.size()));
      p.formats.push_back(v.binary ? 1 : 0);
      p.types.push_back(v.typeOid);
    }
    return p;
  }
};

}  // namespace

SQLUSMALLINT* Statement::rowStatusArray() const {
  return positioned_.odbc2RowStatus ? positioned_.odbc2RowStatus : ird_.arrayStatusPtr;
}

const TableKey& Statement::tableKey() {
  if (!positioned_.key) {
    const pg::Result* shape = results_[current_].shape();
    if (!shape) throw Error("24000", "Invalid cursor state: no result set");
    positioned_.key = findTableKey(conn_, *shape);
  }
  const TableKey& k = *positioned_.key;
  if (!k.updatable()) throw Error(k.refusalState, "Optional feature not implemented: " + k.refusal);
  return k;
}

// The value of bound column `col` in buffer row `bufferRow`; false when the column is unbound or its
// indicator says SQL_COLUMN_IGNORE.
bool Statement::boundValue(SQLSMALLINT col, SQLULEN bufferRow, PgParam& out) const {
  const DescRecord* a = ard_->findRecord(col);
  if (!a || (!a->dataPtr && !a->indicatorPtr)) return false;
  SQLLEN* ind = ard_->indicatorAddress(a->indicatorPtr, bufferRow);
  if (ind && *ind == SQL_COLUMN_IGNORE) return false;
  const DescRecord& ird = *ird_.findRecord(col);
  CSource src{};
  src.cType = boundCType(col);
  src.sqlType = ird.conciseType;
  src.columnSize = ird.length;
  src.decimalDigits = ird.scale;
  SQLLEN elementSize = fixedCTypeSize(src.cType);
  SQLLEN length = ind ? *ind : SQL_NTS;
  if (isDataAtExecColumn(ind)) {  // the value came through SQLPutData (statement_setpos_data.cpp)
    const std::optional<std::string>* v = columnDataValue(bufferRow, col);
    if (!v) throw Error("HY010", "Function sequence error: a data-at-execution column's value was not asked for");
    src.buffer = *v ? (*v)->data() : nullptr;
    length = *v ? static_cast<SQLLEN>((*v)->size()) : SQL_NULL_DATA;
    src.bufferLength = length;
  } else {
    src.buffer = ard_->elementAddress(a->dataPtr, bufferRow, elementSize ? elementSize : a->octetLength);
    src.bufferLength = a->octetLength;
    // A length the fetch left larger than the buffer (truncated data) must not read past it.
    if (elementSize == 0 && length > a->octetLength && a->octetLength > 0) length = a->octetLength;
  }
  src.indicator = ind ? &length : nullptr;
  src.octetLength = ind ? &length : nullptr;
  src.numericPrecision = a->precision;
  src.numericScale = a->scale;
  fromC(src, out);
  return true;
}

// Runs one generated statement the way the application's own DML runs; returns the rows it affected.
long long Statement::runPositioned(const std::string& text, const pg::Params& params) {
  shim::sql::Statement s;
  s.sql = text;
  s.kind = shim::sql::StatementKind::Dml;
  pg::Result r = executeWithRetry(s, text, params, false);
  conn_.afterStatement(s.kind);
  conn_.drainNotices(diag());
  return r.affectedRows();
}

// The bound, updatable table columns of buffer row `bufferRow`, each table column once.
void Statement::collectValues(const TableKey& k, SQLULEN bufferRow, std::vector<std::string>& names,
                              std::vector<PgParam>& values) const {
  for (SQLSMALLINT c = 1; c <= ird_.count(); ++c) {
    const std::string& name = k.columnName[static_cast<std::size_t>(c - 1)];
    if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) continue;
    PgParam p;
    if (!boundValue(c, bufferRow, p)) continue;
    names.push_back(name);
    values.push_back(std::move(p));
  }
}

// Key values of result row `resultRow`, as the server sent them (text), appended to `values`; an update
// through this cursor that changed the key left the new values in keyOverride.
void Statement::appendKey(const TableKey& k, long long resultRow, std::vector<std::string>& names,
                          std::vector<PgParam>& values) const {
  const pg::Result& r = results_[current_].result;
  if (auto it = positioned_.keyOverride.find(resultRow); it != positioned_.keyOverride.end()) {
    for (std::size_t j = 0; j < k.keyColumns.size(); ++j) {
      names.push_back(k.columnName[static_cast<std::size_t>(k.keyColumns[j])]);
      values.push_back(it->second[j]);
    }
    return;
  }
  for (int col : k.keyColumns) {
    if (r.isNull(static_cast<int>(resultRow), col))
      throw Error("HY109", "Invalid cursor position: the row's key column \"" + k.columnName[col] + "\" is NULL");
    PgParam p;
    p.value.assign(r.value(static_cast<int>(resultRow), col), static_cast<std::size_t>(r.length(static_cast<int>(resultRow), col)));
    names.push_back(k.columnName[static_cast<std::size_t>(col)]);
    values.push_back(std::move(p));
  }
}

// After an update that set key columns, later operations on that row must find it by the new values.
void Statement::rememberNewKey(long long resultRow, const std::vector<std::string>& setNames,
                               const std::vector<std::string>& keyNames, const std::vector<PgParam>& values,
                               std::size_t setCount) {
  std::vector<PgParam> key(values.begin() + static_cast<std::ptrdiff_t>(setCount), values.end());
  bool changed = false;
  for (std::size_t j = 0; j < keyNames.size(); ++j) {
    auto it = std::find(setNames.begin(), setNames.end(), keyNames[j]);
    if (it == setNames.end()) continue;
    const PgParam& v = values[static_cast<std::size_t>(it - setNames.begin())];
    if (v.isNull || v.binary) return;  // not usable as a text key: later operations report a conflict
    key[j] = v;
    key[j].typeOid = 0;
    changed = true;
  }
  if (changed) positioned_.keyOverride[resultRow] = std::move(key);
}

SQLUSMALLINT Statement::changeRow(SQLUSMALLINT operation, long long resultRow, SQLULEN bufferRow) {
  const TableKey& k = tableKey();
  RowParams params;
  std::vector<std::string> setNames, keyNames;
  std::string text;
  if (operation == SQL_UPDATE) {
    collectValues(k, bufferRow, setNames, params.values);
    if (setNames.empty())
      throw Error("21S02", "Degree of derived table does not match column list: no column to update (every column "
                           "is unbound, an expression, or marked SQL_COLUMN_IGNORE)");
    std::size_t setCount = params.values.size();
    appendKey(k, resultRow, keyNames, params.values);
    text = shim::sql::positionedUpdate(k.table, setNames, keyNames);
    if (runPositioned(text, params.wire()) > 0) {
      rememberNewKey(resultRow, setNames, keyNames, params.values, setCount);
      return SQL_ROW_UPDATED;
    }
  } else {
    appendKey(k, resultRow, keyNames, params.values);
    text = shim::sql::positionedDelete(k.table, keyNames);
    if (runPositioned(text, params.wire()) > 0) return SQL_ROW_DELETED;
  }
  DiagRecord d;
  d.sqlstate = "01001";
  d.message = std::string(kDriverPrefix) + "Cursor operation conflict: no row of \"" + k.table.table +
              "\" has this row's key any more (deleted or changed since it was fetched); nothing was " +
              (operation == SQL_UPDATE ? "updated" : "deleted");
  d.rowNumber = static_cast<SQLLEN>(bufferRow + 1);
  diag().addRecord(std::move(d));
  return SQL_ROW_ERROR;
}

SQLUSMALLINT Statement::addRow(SQLULEN bufferRow) {
  const TableKey& k = tableKey();
  RowParams params;
  std::vector<std::string> names;
  collectValues(k, bufferRow, names, params.values);
  runPositioned(shim::sql::positionedInsert(k.table, names), params.wire());
  return SQL_ROW_ADDED;
}


// Errors common to SQLSetPos and SQLBulkOperations before any row is touched.
void Statement::checkChangeable(const char* function) const {
  if (concurrency_ == SQL_CONCUR_READ_ONLY)
    throw Error("HY092", std::string("Invalid attribute/option identifier: ") + function +
                             " cannot change rows of a read-only cursor; set SQL_ATTR_CONCURRENCY to SQL_CONCUR_LOCK "
                             "before executing");
  if (results_[current_].streamed || cursorType_ == SQL_CURSOR_FORWARD_ONLY)
    throw Error("HYC00", std::string("Optional feature not implemented: ") + function +
                             " changes rows of static cursors only; set SQL_ATTR_CURSOR_TYPE to SQL_CURSOR_STATIC");
}

// One row of SQLSetPos: `i` is the 0-based row of the rowset. Returns the row's new status.
SQLUSMALLINT Statement::setPosRow(SQLUSMALLINT operation, SQLULEN i) {
  bool deleted = i < positioned_.deletedInRowset.size() && positioned_.deletedInRowset[i];
  if (deleted && operation == SQL_REFRESH) return SQL_ROW_DELETED;  // nothing to reload; it stays deleted
  if (deleted && operation != SQL_ADD)
    throw Error("HY109", "Invalid cursor position: row " + std::to_string(i + 1) + " of the rowset was deleted");
  switch (operation) {
    case SQL_REFRESH: {
      SQLRETURN rc = SQL_SUCCESS;
      for (SQLSMALLINT c = 1; c <= ard_->count() && c <= ird_.count(); ++c) {
        const DescRecord* t = ard_->findRecord(c);
        if (t && (t->dataPtr || t->indicatorPtr)) convertCell(static_cast<SQLUSMALLINT>(c), *t, i, rc);
      }
      if (rc == SQL_ERROR) throw RowFailed{};
      return rc == SQL_SUCCESS ? SQL_ROW_SUCCESS : SQL_ROW_SUCCESS_WITH_INFO;
    }
    case SQL_ADD: return addRow(i);
    default: {
      SQLUSMALLINT st = changeRow(operation, position_ + static_cast<long long>(i), i);
      if (st == SQL_ROW_DELETED) {
        if (positioned_.deletedInRowset.size() <= i) positioned_.deletedInRowset.resize(i + 1, false);
        positioned_.deletedInRowset[i] = true;
      }
      return st;
    }
  }
}

SQLRETURN Statement::setPos(SQLSETPOSIROW row, SQLUSMALLINT operation, SQLUSMALLINT lock) {
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error: data-at-execution parameters pending");
  if (operation != SQL_POSITION && operation != SQL_REFRESH && operation != SQL_UPDATE && operation != SQL_DELETE &&
      operation != SQL_ADD)
    throw Error("HY092", "Invalid attribute/option identifier: SQLSetPos operation " + std::to_string(operation));
  if (lock == SQL_LOCK_EXCLUSIVE || lock == SQL_LOCK_UNLOCK)
    throw Error("HYC00", "Optional feature not implemented: row locks; SQLSetPos takes SQL_LOCK_NO_CHANGE only");
  if (lock != SQL_LOCK_NO_CHANGE) throw Error("HY092", "Invalid attribute/option identifier: lock type " + std::to_string(lock));
  if (state_ != State::Executed || !cursorOpen_) throw Error("24000", "Invalid cursor state: no result set is open");
  if (operation != SQL_ADD && (position_ < 0 || rowsetRows_ == 0))
    throw Error("24000", "Invalid cursor state: no rowset has been fetched (or the cursor is past the end)");
  // SQL_ADD (ODBC 2) fills the rowset buffers: SQL_ROWSET_SIZE of them after SQLExtendedFetch.
  SQLULEN addRows = positioned_.odbc2RowStatus ? ird_.rowsetSize : ard_->arraySize;
  SQLULEN rowsetSize = operation == SQL_ADD ? addRows : static_cast<SQLULEN>(rowsetRows_);
  if (row > rowsetSize)
    throw Error("HY107", "Row value out of range: row " + std::to_string(row) + " of a rowset of " + std::to_string(rowsetSize));
  if (row == 0 && operation == SQL_POSITION) throw Error("HY109", "Invalid cursor position: SQL_POSITION needs a row number from 1");
  if (operation == SQL_UPDATE || operation == SQL_DELETE || operation == SQL_ADD) checkChangeable("SQLSetPos");
  if (row != 0 && operation != SQL_ADD) {  // the cursor moves to that row; SQLGetData reads it from the start
    positioned_.rowInSet = row - 1;
    positioned_.positioned = true;
    restartGetData();
  }
  if (operation == SQL_POSITION) return SQL_SUCCESS;
  const SQLULEN first = row == 0 ? 0 : row - 1, end = row == 0 ? rowsetSize : row;
  if ((operation == SQL_UPDATE || operation == SQL_ADD) &&
      startColumnData(PendingColumnData{false, operation, first, end, row == 0, {}, 0, false}))
    return SQL_NEED_DATA;
  return forEachRow(first, end, row == 0, [&](SQLULEN i) { return setPosRow(operation, i); });
}

// Applies `op` to rows [first, end) of the rowset buffers, honouring SQL_ATTR_ROW_OPERATION_PTR when `all`,
// writing each row's status. An error in one row of many is reported for that row (SQL_ROW_ERROR) and the
// others go on; a single-row operation's error is the function's.
SQLRETURN Statement::forEachRow(SQLULEN first, SQLULEN end, bool all, const std::function<SQLUSMALLINT(SQLULEN)>& op) {
  SQLUSMALLINT* status = rowStatusArray();
  SQLULEN done = 0, errors = 0;
  for (SQLULEN i = first; i < end; ++i) {
    if (all && ard_->arrayStatusPtr && ard_->arrayStatusPtr[i] == SQL_ROW_IGNORE) continue;
    ++done;
    SQLUSMALLINT st;
    try {
      st = op(i);
    } catch (const pg::ServerError& e) {
      if (status) status[i] = SQL_ROW_ERROR;
      if (!all) throw;
      diag().addServer(e.sqlstate(), e.what(), conn_.serverOrigin()).rowNumber = static_cast<SQLLEN>(i + 1);
      st = SQL_ROW_ERROR;
      ++errors;
    } catch (const Error& e) {
      if (status) status[i] = SQL_ROW_ERROR;
      if (!all) throw;
      diag().add(e.sqlstate(), e.what()).rowNumber = static_cast<SQLLEN>(i + 1);
      st = SQL_ROW_ERROR;
      ++errors;
    } catch (const RowFailed&) {
      if (status) status[i] = SQL_ROW_ERROR;
      if (!all) return SQL_ERROR;
      st = SQL_ROW_ERROR;
      ++errors;
    }
    if (status) status[i] = st;
  }
  if (errors > 0 && all) {
    diag().add("01S01", "Error in row: " + std::to_string(errors) + " of " + std::to_string(done) + " rows failed");
    if (errors == done) return SQL_ERROR;
  }
  return SQL_SUCCESS;  // a conflict (01001) is a warning: Entry makes this SQL_SUCCESS_WITH_INFO
}

}  // namespace dsql::driver
