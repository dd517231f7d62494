// Data-at-execution columns of SQLSetPos(SQL_UPDATE / SQL_ADD) and SQLBulkOperations(SQL_ADD /
// SQL_UPDATE_BY_BOOKMARK) (ODBC reference: SQLBulkOperations "Providing Long Data for Bulk Inserts and
// Updates", SQLSetPos "Using SQLSetPos with data-at-execution columns"). A bound column whose length/indicator
// is SQL_DATA_AT_EXEC or SQL_LEN_DATA_AT_EXEC(n) takes its value from SQLPutData: the operation answers
// SQL_NEED_DATA, each SQLParamData hands out the next such column - its token is the address of that row's
// element of the column's bound buffer (SQL_DESC_DATA_PTR for row 1), where the application left a value of
// its own to recognise it - and SQLPutData sends the value, in pieces for character and binary data. The
// last SQLParamData runs the operation with those values and returns its result. Columns are asked for in
// row order, then column order; only columns the operation sends (bound table columns not marked
// SQL_COLUMN_IGNORE) are asked for. SQLCancel, or a failed SQLPutData (the driver manager then returns the
// statement to its cursor state), abandons the operation; the cursor stays open and where it was.
#include <algorithm>

#include "driver/convert/pg_types.h"
#include "driver/handles/connection.h"
#include "driver/handles/data_pieces.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"

namespace dsql::driver {

SQLSMALLINT Statement::boundCType(SQLSMALLINT column) const {
  const DescRecord* a = ard_->findRecord(column);
  if (a && a->conciseType != SQL_C_DEFAULT) return a->conciseType;
  const DescRecord& ird = *ird_.findRecord(column);
  return describeColumn(ird.pgOid, ird.pgTypmod, conn_.typeOptions()).defaultCType;
}

// Records the data-at-execution columns of `op`'s rows; true (the statement now needs data) when there are any.
bool Statement::startColumnData(PendingColumnData op) {
  auto included = [&](SQLULEN row) {
    return !(op.all && ard_->arrayStatusPtr && ard_->arrayStatusPtr[row] == SQL_ROW_IGNORE);
  };
  bool any = false;  // most operations have none: they cost no catalog look-up here
  for (SQLULEN row = op.first; row < op.end && !any; ++row)
    for (SQLSMALLINT c = 1; c <= ard_->count() && c <= ird_.count() && !any; ++c)
      if (const DescRecord* a = ard_->findRecord(c); a && included(row))
        any = isDataAtExecColumn(ard_->indicatorAddress(a->indicatorPtr, row));
  if (!any) return false;
  const TableKey& key = tableKey();
  for (SQLULEN row = op.first; row < op.end; ++row) {
    if (!included(row)) continue;
    std::vector<std::string> names;  // as collectValues: each table column once, from its first used column
    for (SQLSMALLINT c = 1; c <= ird_.count() && c <= ard_->count(); ++c) {
      const DescRecord* a = ard_->findRecord(c);
      if (!a || (!a->dataPtr && !a->indicatorPtr)) continue;
      const SQLLEN* ind = ard_->indicatorAddress(a->indicatorPtr, row);
      const std::string& name = key.columnName[static_cast<std::size_t>(c - 1)];
      if ((ind && *ind == SQL_COLUMN_IGNORE) || name.empty() ||
          std::find(names.begin(), names.end(), name) != names.end())
        continue;
      names.push_back(name);
      if (isDataAtExecColumn(ind)) op.slots.push_back({row, c, std::nullopt});
    }
  }
  if (op.slots.empty()) return false;
  positioned_.columnData = std::move(op);
  state_ = State::NeedData;
  return true;
}

const std::optional<std::string>* Statement::columnDataValue(SQLULEN bufferRow, SQLSMALLINT column) const {
  if (!positioned_.columnData) return nullptr;
  const auto& slots = positioned_.columnData->slots;
  auto it = std::lower_bound(slots.begin(), slots.end(), std::pair(bufferRow, column),
                             [](const PendingColumnData::Slot& s, const std::pair<SQLULEN, SQLSMALLINT>& k) {
                               return std::pair(s.row, s.column) < k;
                             });
  if (it == slots.end() || it->row != bufferRow || it->column != column) return nullptr;
  return &it->value;
}

SQLRETURN Statement::columnParamData(SQLPOINTER* token) {
  PendingColumnData& p = *positioned_.columnData;
  if (p.next < p.slots.size()) {
    const PendingColumnData::Slot& slot = p.slots[p.next++];
    p.sending = true;
    const DescRecord* a = ard_->findRecord(slot.column);
    const SQLLEN size = fixedCTypeSize(boundCType(slot.column));
    if (token) *token = a ? ard_->elementAddress(a->dataPtr, slot.row, size ? size : a->octetLength) : nullptr;
    return SQL_NEED_DATA;
  }
  // Every value is in: the operation runs now, and its values are dropped whatever its outcome.
  struct Done {
    Statement& s;
    ~Done() { s.positioned_.columnData.reset(); }
  } done{*this};
  state_ = State::Executed;
  if (!cursorOpen_) throw Error("24000", "Invalid cursor state: the cursor was closed while values were pending");
  p.sending = false;
  if (p.bulk) return runBulk(p.operation);
  const SQLUSMALLINT operation = p.operation;
  return forEachRow(p.first, p.end, p.all, [&](SQLULEN i) { return setPosRow(operation, i); });
}

void Statement::columnPutData(SQLPOINTER data, SQLLEN length) {
  PendingColumnData& p = *positioned_.columnData;
  if (!p.sending || p.next == 0) throw Error("HY010", "Function sequence error: call SQLParamData first");
  PendingColumnData::Slot& slot = p.slots[p.next - 1];
  try {
    appendDataPiece(slot.value, boundCType(slot.column), data, length);
  } catch (...) {
    abandonColumnData();  // unixODBC ends the operation on a failed SQLPutData: the statement agrees
    throw;
  }
}

void Statement::abandonColumnData() {
  positioned_.columnData.reset();
  state_ = State::Executed;
}

}  // namespace dsql::driver
