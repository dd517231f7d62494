// Bookmarks (ODBC reference: "Bookmarks", SQLBindCol/SQLGetData column 0, SQLFetchScroll SQL_FETCH_BOOKMARK).
// A bookmark is the row's 1-based number within the result, 4 bytes: a static cursor's rows are buffered
// and never renumbered, so a bookmark stays valid while the result is open, across scrolling, updates
// through the cursor and transaction ends (SQL_BOOKMARK_PERSISTENCE). SQL_UB_VARIABLE bookmarks are
// binary (SQL_C_VARBOOKMARK); ODBC 2's fixed bookmarks (SQL_UB_ON) are the same number as an integer
// (SQL_C_BOOKMARK); either C type reads either kind.
#include <cstdint>
#include <cstring>

#include "driver/handles/statement.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace {

SQLLEN bookmarkSize(SQLSMALLINT cType) {
  switch (cType) {
    case SQL_C_BINARY: return kBookmarkBytes;
    case SQL_C_ULONG: case SQL_C_SLONG: case SQL_C_LONG: return sizeof(SQLINTEGER);
    case SQL_C_UBIGINT: case SQL_C_SBIGINT: return sizeof(std::int64_t);
    default:
      throw Error("07006", "Restricted data type attribute violation: the bookmark column converts to "
                           "SQL_C_VARBOOKMARK or SQL_C_BOOKMARK only");
  }
}

// Writes bookmark `number` as `cType`; false when a binary buffer was too small (01004).
bool writeBookmark(long long number, SQLSMALLINT cType, void* buffer, SQLLEN bufferLength, SQLLEN* indicator) {
  SQLLEN size = bookmarkSize(cType);
  if (indicator) *indicator = size;
  if (!buffer) return true;
  if (cType == SQL_C_UBIGINT || cType == SQL_C_SBIGINT) {
    std::int64_t v = number;
    std::memcpy(buffer, &v, sizeof v);
    return true;
  }
  auto v = static_cast<SQLUINTEGER>(number);
  if (cType == SQL_C_BINARY && bufferLength < size) {
    std::memcpy(buffer, &v, static_cast<std::size_t>(bufferLength > 0 ? bufferLength : 0));
    return false;
  }
  std::memcpy(buffer, &v, sizeof v);
  return true;
}

long long readBookmark(const void* p, SQLSMALLINT cType) {
  if (cType == SQL_C_UBIGINT || cType == SQL_C_SBIGINT) {
    std::int64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  SQLUINTEGER v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

void Statement::setUseBookmarks(SQLULEN value) {
  if (value != SQL_UB_OFF && value != SQL_UB_ON && value != SQL_UB_VARIABLE)
    throw Error("HY024", "Invalid attribute value: SQL_ATTR_USE_BOOKMARKS " + std::to_string(value));
  if (cursorOpen_) throw Error("HY011", "Attribute cannot be set now: a cursor is open");
  positioned_.useBookmarks = value;
  if (value == SQL_UB_OFF) return ird_.describeBookmark(nullptr);
  // IRD record 0, as SQLDescribeCol(0), SQLColAttribute(0) and SQLGetDescField(IRD, 0) report it.
  DescRecord d;
  bool variable = value == SQL_UB_VARIABLE;
  Descriptor::setConciseType(d, variable ? SQL_BINARY : SQL_INTEGER);
  d.length = variable ? kBookmarkBytes : 10;
  d.octetLength = kBookmarkBytes;
  d.displaySize = variable ? 2 * kBookmarkBytes : 10;
  d.nullable = SQL_NO_NULLS;
  d.updatable = SQL_ATTR_READONLY;
  d.unsignedFlag = SQL_TRUE;
  d.typeName = variable ? "bytea" : "int4";
  ird_.describeBookmark(&d);
}

// SQLBindCol(column 0) is an edit of the ARD's record 0, as SQLSetDescField(ARD, 0, …) is.
void Statement::bindBookmark(SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength, SQLLEN* indicator) {
  DescRecord& r = ard_->bookmarkRecord();
  if (!value && !indicator) {
    r.dataPtr = nullptr;
    r.indicatorPtr = r.octetLengthPtr = nullptr;
    return;
  }
  if (positioned_.useBookmarks == SQL_UB_OFF)
    throw Error("07009", "Invalid descriptor index: column 0 is the bookmark column; set SQL_ATTR_USE_BOOKMARKS first");
  if (bufferLength < 0) throw Error("HY090", "Invalid string or buffer length");
  if (cType == SQL_C_DEFAULT) cType = positioned_.useBookmarks == SQL_UB_VARIABLE ? SQL_C_VARBOOKMARK : SQL_C_BOOKMARK;
  bookmarkSize(cType);  // refuses other C types
  Descriptor::setConciseType(r, cType);
  r.dataPtr = value;
  r.octetLength = bufferLength;
  r.indicatorPtr = r.octetLengthPtr = indicator;
}

// The ARD's record 0 when it is bound and bookmarks are on, its C type resolved.
std::optional<BookmarkBinding> Statement::boundBookmark() const {
  const DescRecord& r = ard_->bookmark();
  if (positioned_.useBookmarks == SQL_UB_OFF || (!r.dataPtr && !r.indicatorPtr)) return std::nullopt;
  SQLSMALLINT cType = r.conciseType;
  if (cType == SQL_C_DEFAULT) cType = positioned_.useBookmarks == SQL_UB_VARIABLE ? SQL_C_VARBOOKMARK : SQL_C_BOOKMARK;
  return BookmarkBinding{cType, r.dataPtr, r.octetLength, r.indicatorPtr};
}

const DescRecord& Statement::bookmarkDescription() { return ird_.bookmarkRecord(); }

SQLRETURN Statement::getBookmark(SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength, SQLLEN* indicator) {
  if (positioned_.useBookmarks == SQL_UB_OFF)
    throw Error("07009", "Invalid descriptor index: column 0 is the bookmark column and bookmarks are off");
  if (cType == SQL_C_DEFAULT || cType == SQL_ARD_TYPE)
    cType = positioned_.useBookmarks == SQL_UB_VARIABLE ? SQL_C_VARBOOKMARK : SQL_C_BOOKMARK;
  long long number = position_ + static_cast<long long>(positioned_.rowInSet) + 1;
  if (!writeBookmark(number, cType, value, bufferLength, indicator)) {
    diag().add("01004", "String data, right truncated: a bookmark is " + std::to_string(kBookmarkBytes) + " bytes");
    return SQL_SUCCESS_WITH_INFO;
  }
  return SQL_SUCCESS;
}

long long Statement::bookmarkRow() {
  if (positioned_.useBookmarks == SQL_UB_OFF)
    throw Error("HY106", "Fetch type out of range: SQL_FETCH_BOOKMARK needs SQL_ATTR_USE_BOOKMARKS on");
  long long number = 0;
  if (positioned_.odbc2Bookmark) {
    number = *positioned_.odbc2Bookmark;
    positioned_.odbc2Bookmark.reset();
  } else {
    if (!positioned_.fetchBookmarkPtr)
      throw Error("HY111", "Invalid bookmark value: SQL_ATTR_FETCH_BOOKMARK_PTR is not set");
    number = readBookmark(positioned_.fetchBookmarkPtr, SQL_C_BINARY);
  }
  if (number < 1 || number > results_[current_].rows())
    throw Error("HY111", "Invalid bookmark value " + std::to_string(number) + ": no such row in this result");
  return number - 1;
}

long long Statement::boundBookmarkRow(SQLULEN bufferRow) {
  const std::optional<BookmarkBinding> b = boundBookmark();
  if (!b || !b->value)
    throw Error("HY092", "Invalid attribute/option identifier: bind the bookmark column (column 0) to give the rows' bookmarks");
  SQLLEN size = bookmarkSize(b->cType);
  const void* p = ard_->elementAddress(b->value, bufferRow, b->cType == SQL_C_BINARY ? b->bufferLength : size);
  long long number = readBookmark(p, b->cType);
  if (number < 1 || number > results_[current_].rows())
    throw Error("HY111", "Invalid bookmark value " + std::to_string(number) + ": no such row in this result");
  return number - 1;
}

void Statement::afterRowsetFetch() {
  positioned_.rowInSet = 0;
  positioned_.positioned = false;
  positioned_.odbc2RowStatus = nullptr;
  positioned_.deletedInRowset.clear();  // SQLSetPos(SQL_DELETE) grows it as far as the rows it deletes
  const std::optional<BookmarkBinding> b = boundBookmark();
  if (!b) return;
  SQLLEN size = bookmarkSize(b->cType);
  for (long long i = 0; i < rowsetRows_; ++i) {
    auto row = static_cast<SQLULEN>(i);
    void* p = ard_->elementAddress(b->value, row, b->cType == SQL_C_BINARY ? b->bufferLength : size);
    if (!writeBookmark(position_ + i + 1, b->cType, p, b->bufferLength, ard_->indicatorAddress(b->indicator, row))) {
      DiagRecord& d = diag().add("01004", "String data, right truncated: a bookmark is " + std::to_string(kBookmarkBytes) + " bytes");
      d.rowNumber = static_cast<SQLLEN>(i + 1);
      d.columnNumber = 0;
    }
  }
}

}  // namespace dsql::driver
