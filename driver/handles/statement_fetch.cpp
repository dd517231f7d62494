// Result side of a statement: the IRD (from a result or a Describe of the prepared text), SQLBindCol as
// ARD edits, block fetches into bound buffers (row-wise or column-wise, with row status and rows-fetched),
// scrolling over the buffered result, and SQLGetData with piecewise retrieval.
#include <cstring>

#include "driver/convert/pg_types.h"
#include "driver/convert/to_c.h"
#include "driver/handles/connection.h"
#include "driver/handles/fetch_plan.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"

namespace dsql::driver {

// Whether the IRD already describes result `r`: a prepared statement run again gets the same columns,
// and rebuilding two dozen fields per column (strings among them) was a measurable part of its round trip.
bool Statement::irdDescribes(const pg::Result& r) const {
  const int n = r.columns();
  if (ird_.count() != n) return false;
  for (int i = 0; i < n; ++i) {
    const DescRecord* d = ird_.findRecord(static_cast<SQLSMALLINT>(i + 1));
    if (!d || d->pgOid != r.type(i) || d->pgTypmod != r.typmod(i) || d->originTable != r.table(i) ||
        d->originColumn != r.tableColumn(i) || d->name != r.name(i))
      return false;
  }
  return true;
}

void Statement::fillIrd(const pg::Result* r) {
  factsApplied_ = false;
  if (r && *r && irdDescribes(*r)) {
    // Same columns: only the table facts are looked up again (DDL may have changed them); until then the
    // fields they set read as a fresh description's.
    for (SQLSMALLINT c = 1; c <= ird_.count(); ++c) {
      DescRecord& d = ird_.record(c);
      d.nullable = SQL_NULLABLE_UNKNOWN;
      d.autoUniqueValue = SQL_FALSE;
      d.baseColumnName = d.name;
      d.baseTableName.clear();
      d.tableName.clear();
      d.schemaName.clear();
    }
    return;
  }
  ird_.clearRecords();
  if (!r || !*r) return;
  int n = r->columns();
  const TypeOptions& opts = conn_.typeOptions();
  for (int i = 0; i < n; ++i) {
    DescRecord& d = ird_.record(static_cast<SQLSMALLINT>(i + 1));
    unsigned oid = r->type(i);
    int mod = r->typmod(i);
    ColumnShape c = describeColumn(oid, mod, opts);
    Descriptor::setConciseType(d, c.conciseType);
    d.type = c.verboseType;
    d.datetimeIntervalCode = c.datetimeSubcode;
    d.length = c.columnSize;
    d.octetLength = c.octetLength;
    d.precision = c.precision;
    d.scale = c.decimalDigits;
    d.numPrecRadix = c.numPrecRadix;
    d.displaySize = c.displaySize;
    d.name = r->name(i);
    d.label = d.name;
    d.baseColumnName = d.name;
    d.unnamed = d.name == "?column?" ? SQL_UNNAMED : SQL_NAMED;
    d.typeName = std::string(c.typeName);
    d.localTypeName = d.typeName;
    d.literalPrefix = std::string(c.literalPrefix);
    d.literalSuffix = std::string(c.literalSuffix);
    d.unsignedFlag = c.isUnsigned ? SQL_TRUE : SQL_FALSE;
    d.caseSensitive = c.caseSensitive ? SQL_TRUE : SQL_FALSE;
    d.searchable = c.searchable;
    d.fixedPrecScale = c.fixedPrecScale ? SQL_TRUE : SQL_FALSE;
    d.nullable = SQL_NULLABLE_UNKNOWN;
    d.updatable = SQL_ATTR_READWRITE_UNKNOWN;
    // Only a column read from a table has a catalog; an expression (SELECT 1 + 1) has none (ODBC: "").
    d.catalogName = r->table(i) != 0 ? conn_.catalogName() : std::string();  // expressions have no catalog
    d.pgOid = oid;
    d.pgTypmod = mod;
    d.originTable = r->table(i);
    d.originColumn = r->tableColumn(i);
  }
}

// SQLNumResultCols/SQLDescribeCol after SQLPrepare: describe the statement that will produce the first
// result, without executing it (unnamed Parse + Describe).
void Statement::describePrepared() {
  if (described_ || !translation_) return;
  described_ = true;
  for (const auto& s : translation_->statements) {
    if (s.local != shim::sql::LocalAction::None) continue;
    pg::Result d = conn_.pg().describe(std::string(s.sql), s.paramCount);
    fillIrd(&d);
    return;
  }
  ird_.clearRecords();
}

SQLSMALLINT Statement::numResultCols() {
  if (state_ == State::Allocated) throw Error("HY010", "Function sequence error: no statement prepared or executed");
  if (state_ == State::NeedData) throw Error("HY010", "Function sequence error");
  if (state_ == State::Prepared) describePrepared();
  return ird_.count();
}

const DescRecord& Statement::column(SQLUSMALLINT number) {
  if (state_ == State::Allocated || state_ == State::NeedData)
    throw Error("HY010", "Function sequence error: no statement prepared or executed");
  if (state_ == State::Prepared) describePrepared();
  if (number == 0) return bookmarkDescription();
  const DescRecord* r = ird_.findRecord(static_cast<SQLSMALLINT>(number));
  if (!r) throw Error("07009", "Invalid descriptor index: column " + std::to_string(number) + " does not exist");
  if (!factsApplied_) applyColumnFacts();
  return *r;
}

void Statement::bindCol(SQLUSMALLINT number, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength,
                        SQLLEN* indicator) {
  if (number > static_cast<SQLUSMALLINT>(kMaxRecords))  // range check (hardening)
    throw Error("07009", "Invalid descriptor index " + std::to_string(number) + ": columns are numbered up to " +
                             std::to_string(kMaxRecords));
  if (number == 0) return bindBookmark(cType, value, bufferLength, indicator);
  if (bufferLength < 0) throw Error("HY090", "Invalid string or buffer length");
  if (!value && !indicator) {  // unbinding one column
    if (number <= static_cast<SQLUSMALLINT>(ard_->count())) {
      DescRecord& r = ard_->record(static_cast<SQLSMALLINT>(number));
      r.dataPtr = nullptr;
      r.indicatorPtr = nullptr;
      r.octetLengthPtr = nullptr;
      while (ard_->count() > 0) {  // trailing unbound records drop off, as SQL_DESC_COUNT requires
        const DescRecord* last = ard_->findRecord(ard_->count());
        if (last->dataPtr || last->indicatorPtr) break;
        ard_->setCount(static_cast<SQLSMALLINT>(ard_->count() - 1));
      }
    }
    return;
  }
  DescRecord& r = ard_->record(static_cast<SQLSMALLINT>(number));
  Descriptor::setConciseType(r, cType);
  r.dataPtr = value;
  r.octetLength = bufferLength;
  r.indicatorPtr = indicator;
  r.octetLengthPtr = indicator;
  if (cType == SQL_C_NUMERIC) {
    r.precision = 38;  // ODBC: binding sets the driver default precision; the app may adjust via the ARD
    r.scale = 0;
  }
}

SQLRETURN Statement::fetch(SQLSMALLINT orientation, SQLLEN offset) {
  if (state_ != State::Executed) throw Error("HY010", "Function sequence error: no statement executed");
  // ODBC says 24000 for a fetch after a statement without a result set (SET, INSERT, …); psqlODBC answers
  // SQL_NO_DATA, and applications written against it (its own regression programs among them) read that
  // as "no rows" and go on. Nothing is lost by answering the same.
  if (!cursorOpen_) return SQL_NO_DATA;
  const ResultSet& rs = results_[current_];
  if (rs.streamed) return fetchStreamed(orientation);
  long long total = rs.rows();
  if (maxRows_ > 0 && total > static_cast<long long>(maxRows_)) total = static_cast<long long>(maxRows_);
  long long size = static_cast<long long>(ard_->arraySize);
  long long first = 0;
  long long cur = position_;
  switch (orientation) {
    case SQL_FETCH_NEXT: first = cur < 0 ? 0 : cur + rowsetRows_; break;
    default:
      if (cursorType_ == SQL_CURSOR_FORWARD_ONLY)
        throw Error("HY106", "Fetch type out of range: the cursor is forward-only (set SQL_ATTR_CURSOR_TYPE to SQL_CURSOR_STATIC to scroll)");
      switch (orientation) {
        case SQL_FETCH_FIRST: first = 0; break;
        case SQL_FETCH_LAST: first = total - size < 0 ? 0 : total - size; break;
        case SQL_FETCH_PRIOR: first = cur < 0 ? -1 : cur - size; if (cur >= 0 && first < 0 && cur > 0) first = 0; break;
        case SQL_FETCH_ABSOLUTE: first = offset > 0 ? offset - 1 : (offset < 0 ? total + offset : -1); break;
        case SQL_FETCH_RELATIVE:  // saturating: an offset near SQLLEN's limits must not overflow (hardening)
          if (__builtin_add_overflow(cur < 0 ? (offset > 0 ? -1 : 0) : cur, static_cast<long long>(offset), &first))
            first = offset > 0 ? total : -1;
          break;
        case SQL_FETCH_BOOKMARK: first = bookmarkRow() + offset; break;
        default: throw Error("HY106", "Fetch type out of range");
      }
  }
  if (first < 0 || first >= total) {
    position_ = first < 0 ? -1 : total;
    rowsetRows_ = 0;
    if (ird_.rowsProcessedPtr) *ird_.rowsProcessedPtr = 0;
    if (ird_.arrayStatusPtr)
      for (long long i = 0; i < size; ++i) ird_.arrayStatusPtr[i] = SQL_ROW_NOROW;
    return SQL_NO_DATA;
  }
  long long n = std::min(size, total - first);
  position_ = first;
  rowsetRows_ = n;
  return fetchRowset(first);
}

SQLRETURN Statement::fetchRowset(long long first) {
  (void)first;
  restartGetData();
  long long size = static_cast<long long>(ard_->arraySize);
  SQLRETURN overall = SQL_SUCCESS;
  long long errors = 0;
  if (retrieveData_ == SQL_RD_ON) planBoundColumns(*ard_, ird_, conn_.typeOptions(), plan_);
  else plan_.clear();
  for (long long i = 0; i < size; ++i) {
    if (i >= rowsetRows_) {
      if (ird_.arrayStatusPtr) ird_.arrayStatusPtr[i] = SQL_ROW_NOROW;
      continue;
    }
    SQLRETURN rowRc = SQL_SUCCESS;
    const RowCells row = rowRef(static_cast<SQLULEN>(i));
    for (const BoundColumn& b : plan_) {
      const int ci = b.number - 1;
      const CTarget t = b.forRow(static_cast<SQLULEN>(i));
      const pg::Result::CellView cell = row.cell(ci);
      if (cell.null) {
        if (t.indicator) {
          *t.indicator = SQL_NULL_DATA;
          continue;
        }
      } else if (convertFast(b.fast, cell.value, static_cast<std::size_t>(cell.length), t)) {
        continue;
      }
      convertCell(b.number, row, t, static_cast<SQLULEN>(i), rowRc);
    }
    if (rowRc == SQL_ERROR) ++errors;
    if (ird_.arrayStatusPtr)
      ird_.arrayStatusPtr[i] = rowRc == SQL_ERROR ? SQL_ROW_ERROR : rowRc == SQL_SUCCESS_WITH_INFO ? SQL_ROW_SUCCESS_WITH_INFO : SQL_ROW_SUCCESS;
    if (rowRc != SQL_SUCCESS) overall = SQL_SUCCESS_WITH_INFO;
  }
  afterRowsetFetch();
  if (ird_.rowsProcessedPtr) *ird_.rowsProcessedPtr = static_cast<SQLULEN>(rowsetRows_);
  if (errors > 0 && errors == rowsetRows_ && rowsetRows_ == 1) return SQL_ERROR;
  return overall;
}

// getData() starts every column it comes to afresh when lastGetDataColumn_ is another column, so setting
// it to none restarts them all. The last column's piece state is reset here too, to give back the value
// it converted (a long text as UTF-16, say) now rather than at the next SQLGetData.
void Statement::restartGetData() {
  if (lastGetDataColumn_ < getDataOffsets_.size()) getDataOffsets_[lastGetDataColumn_] = PieceState{};
  lastGetDataColumn_ = 0;
}

// Where row `rowInSet` of the current rowset lives: a streamed row of the window, or the buffered result.
RowCells Statement::rowRef(SQLULEN rowInSet) const {
  if (results_[current_].streamed) return windowCells_[rowInSet];
  return RowCells(pg::RowsView(results_[current_].result), static_cast<int>(position_ + static_cast<long long>(rowInSet)));
}

// Converts one cell into the bound buffer of `rowInSet` (SQLSetPos(SQL_REFRESH) and friends).
bool Statement::convertCell(SQLUSMALLINT col, const DescRecord& t, SQLULEN rowInSet, SQLRETURN& rc) {
  const DescRecord* irdRec = ird_.findRecord(static_cast<SQLSMALLINT>(col));
  CTarget target{};
  target.cType = t.conciseType == SQL_C_DEFAULT ? describeColumn(irdRec->pgOid, irdRec->pgTypmod, conn_.typeOptions()).defaultCType
                                                 : t.conciseType;
  SQLLEN elementSize = fixedCTypeSize(target.cType);
  if (elementSize == 0) elementSize = t.octetLength;
  target.buffer = ard_->elementAddress(t.dataPtr, rowInSet, elementSize);
  target.bufferLength = t.octetLength;
  target.indicator = ard_->indicatorAddress(t.indicatorPtr, rowInSet);
  target.precision = t.precision;
  target.scale = t.scale;
  return convertCell(col, rowRef(rowInSet), target, rowInSet, rc);
}

// The general conversion of one cell (toC); truncation and conversion errors become row-scoped diagnostics.
bool Statement::convertCell(SQLUSMALLINT col, const RowCells& row, const CTarget& target, SQLULEN rowInSet, SQLRETURN& rc) {
  const DescRecord* irdRec = ird_.findRecord(static_cast<SQLSMALLINT>(col));
  int ci = col - 1;
  Cell cell{row.value(ci), static_cast<std::size_t>(row.length(ci)), row.isNull(ci), irdRec->pgOid, irdRec->pgTypmod};
  try {
    ConvertResult cr = toC(cell, target, nullptr);
    if (cr == ConvertResult::Truncated || cr == ConvertResult::FractionalTruncation) {
      DiagRecord d;
      d.sqlstate = cr == ConvertResult::Truncated ? "01004" : "01S07";
      d.message = std::string(kDriverPrefix) + (cr == ConvertResult::Truncated ? "String data, right truncated" : "Fractional truncation");
      d.rowNumber = static_cast<SQLLEN>(rowInSet + 1);
      d.columnNumber = col;
      diag().addRecord(std::move(d));
      if (rc == SQL_SUCCESS) rc = SQL_SUCCESS_WITH_INFO;
    }
    return true;
  } catch (const Error& e) {
    DiagRecord d;
    d.sqlstate = e.sqlstate();
    d.message = std::string(kDriverPrefix) + e.what();
    d.rowNumber = static_cast<SQLLEN>(rowInSet + 1);
    d.columnNumber = col;
    diag().addRecord(std::move(d));
    rc = SQL_ERROR;
    return false;
  }
}

SQLRETURN Statement::getData(SQLUSMALLINT col, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength,
                             SQLLEN* indicator) {
  if (state_ != State::Executed || !cursorOpen_) throw Error("24000", "Invalid cursor state: no result set");
  if (position_ < 0 || rowsetRows_ == 0) throw Error("24000", "Invalid cursor state: no row fetched");
  if (ard_->arraySize > 1 && !positioned_.positioned)
    throw Error("HYC00", "SQLGetData with a rowset size above 1 needs SQLSetPos(SQL_POSITION) to pick the row first");
  if (col == 0) return getBookmark(cType, value, bufferLength, indicator);
  if (col > static_cast<SQLUSMALLINT>(ird_.count())) throw Error("07009", "Invalid descriptor index");
  if (bufferLength < 0) throw Error("HY090", "Invalid string or buffer length");
  const DescRecord& irdRec = *ird_.findRecord(static_cast<SQLSMALLINT>(col));
  if (cType == SQL_ARD_TYPE) {
    const DescRecord* a = ard_->findRecord(static_cast<SQLSMALLINT>(col));
    cType = a ? a->conciseType : SQL_C_DEFAULT;
  }
  if (cType == SQL_C_DEFAULT) cType = describeColumn(irdRec.pgOid, irdRec.pgTypmod, conn_.typeOptions()).defaultCType;
  if (getDataOffsets_.size() <= col) getDataOffsets_.resize(col + 1);
  if (col != lastGetDataColumn_) {
    // ODBC SQLGetData: moving to another column invalidates earlier offsets; coming back starts over.
    // The column left behind gives back its converted value.
    if (lastGetDataColumn_ < getDataOffsets_.size()) getDataOffsets_[lastGetDataColumn_] = PieceState{};
    lastGetDataColumn_ = col;
    getDataOffsets_[col] = PieceState{};
  }
  const RowCells row = rowRef(positioned_.rowInSet);
  int ci = col - 1;
  Cell cell{row.value(ci), static_cast<std::size_t>(row.length(ci)), row.isNull(ci), irdRec.pgOid, irdRec.pgTypmod};
  CTarget target{};
  target.cType = cType;
  target.buffer = value;
  target.bufferLength = bufferLength;
  target.indicator = indicator;
  PieceState& piece = getDataOffsets_[col];
  // A value read whole in one call (a number, a date, text that fits) takes the fast path bound columns
  // take (to_c_fast.h); the piece is then done, as toC would leave it.
  if (!cell.isNull && !piece.started && !piece.done &&
      convertFast(chooseFastPath(irdRec.pgOid, cType), cell.data, cell.length, target)) {
    piece.done = true;
    return SQL_SUCCESS;
  }
  const DescRecord* a = ard_->findRecord(static_cast<SQLSMALLINT>(col));
  target.precision = a && a->precision ? a->precision : 38;
  target.scale = a ? a->scale : 0;
  ConvertResult cr = toC(cell, target, &piece);
  switch (cr) {
    case ConvertResult::NoData: return SQL_NO_DATA;
    case ConvertResult::Truncated: diag().add("01004", ""); return SQL_SUCCESS_WITH_INFO;
    case ConvertResult::FractionalTruncation: diag().add("01S07", ""); return SQL_SUCCESS_WITH_INFO;
    case ConvertResult::Ok: break;
  }
  return SQL_SUCCESS;
}

}  // namespace dsql::driver
