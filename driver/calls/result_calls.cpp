// Result description (SQLNumResultCols, SQLDescribeCol, SQLColAttribute) and retrieval (SQLBindCol,
// SQLFetch, SQLFetchScroll, ODBC 2's SQLExtendedFetch, SQLGetData).
#include "driver/calls/calls.h"
#include "driver/calls/entry.h"
#include "driver/handles/statement.h"

namespace dsql::driver::calls {
namespace {

// SQLExtendedFetch is SQLFetchScroll with the rows-fetched count and row-status array taken from its own
// arguments instead of the IRD, and the rowset size from SQL_ROWSET_SIZE instead of the ARD's array size.
// This swaps those three fields in for the one fetch and puts the application's back afterwards, even
// when the fetch throws.
class ExtendedFetchScope {
 public:
  ExtendedFetchScope(Statement& s, SQLULEN* rowCount, SQLUSMALLINT* rowStatus)
      : ird_(s.ird()), ard_(s.ard()), count_(ird_.rowsProcessedPtr), status_(ird_.arrayStatusPtr),
        size_(ard_.arraySize) {
    ird_.rowsProcessedPtr = rowCount;
    ird_.arrayStatusPtr = rowStatus;
    ard_.arraySize = ird_.rowsetSize;
  }
  ~ExtendedFetchScope() {
    ird_.rowsProcessedPtr = count_;
    ird_.arrayStatusPtr = status_;
    ard_.arraySize = size_;
  }
  ExtendedFetchScope(const ExtendedFetchScope&) = delete;
  ExtendedFetchScope& operator=(const ExtendedFetchScope&) = delete;

 private:
  Descriptor& ird_;
  Descriptor& ard_;
  SQLULEN* count_;
  SQLUSMALLINT* status_;
  SQLULEN size_;
};

// SQLColAttribute: the field's string value, or its numeric value.
struct AttrValue {
  bool isString = false;
  std::string text;
  SQLLEN number = 0;
};

AttrValue columnAttribute(Statement& s, SQLUSMALLINT col, SQLUSMALLINT field) {
  AttrValue v;
  auto str = [&](const std::string& t) { v.isString = true; v.text = t; };
  if (field == SQL_DESC_COUNT || field == SQL_COLUMN_COUNT) {
    v.number = s.numResultCols();
    return v;
  }
  const DescRecord& r = s.column(col);
  switch (field) {
    case SQL_DESC_AUTO_UNIQUE_VALUE: v.number = r.autoUniqueValue; break;
    case SQL_DESC_BASE_COLUMN_NAME: str(r.baseColumnName); break;
    case SQL_DESC_BASE_TABLE_NAME: str(r.baseTableName); break;
    case SQL_DESC_CASE_SENSITIVE: v.number = r.caseSensitive; break;
    case SQL_DESC_CATALOG_NAME: str(r.catalogName); break;
    case SQL_DESC_CONCISE_TYPE: v.number = r.conciseType; break;
    case SQL_DESC_DISPLAY_SIZE: v.number = r.displaySize; break;
    case SQL_DESC_FIXED_PREC_SCALE: v.number = r.fixedPrecScale; break;
    case SQL_DESC_LABEL: str(r.label); break;
    case SQL_DESC_LENGTH: v.number = static_cast<SQLLEN>(r.length); break;
    case SQL_DESC_LITERAL_PREFIX: str(r.literalPrefix); break;
    case SQL_DESC_LITERAL_SUFFIX: str(r.literalSuffix); break;
    case SQL_DESC_LOCAL_TYPE_NAME: str(r.localTypeName); break;
    case SQL_DESC_NAME: case SQL_COLUMN_NAME: str(r.name); break;
    case SQL_DESC_NULLABLE: case SQL_COLUMN_NULLABLE: v.number = r.nullable; break;
    case SQL_DESC_NUM_PREC_RADIX: v.number = r.numPrecRadix; break;
    case SQL_DESC_OCTET_LENGTH: case SQL_COLUMN_LENGTH: v.number = r.octetLength; break;
    case SQL_DESC_PRECISION: v.number = r.precision; break;
    case SQL_COLUMN_PRECISION: v.number = static_cast<SQLLEN>(r.length); break;  // ODBC 2: the column size
    case SQL_DESC_SCALE: case SQL_COLUMN_SCALE: v.number = r.scale; break;
    case SQL_DESC_SCHEMA_NAME: str(r.schemaName); break;
    case SQL_DESC_SEARCHABLE: v.number = r.searchable; break;
    case SQL_DESC_TABLE_NAME: str(r.tableName); break;
    case SQL_DESC_TYPE: v.number = r.type; break;
    case SQL_DESC_TYPE_NAME: str(r.typeName); break;
    case SQL_DESC_UNNAMED: v.number = r.unnamed; break;
    case SQL_DESC_UNSIGNED: v.number = r.unsignedFlag; break;
    case SQL_DESC_UPDATABLE: v.number = r.updatable; break;
    default: throw Error("HY091", "Invalid descriptor field identifier " + std::to_string(field));
  }
  return v;
}

}  // namespace

SQLRETURN numResultCols(SQLHSTMT stmt, SQLSMALLINT* count) {
  return entry<Statement>(stmt, "SQLNumResultCols", [&](Statement& s) {
    SQLSMALLINT n = s.numResultCols();
    if (count) *count = n;
    return SQL_SUCCESS;
  });
}

SQLRETURN describeCol(SQLHSTMT stmt, SQLUSMALLINT column, void* name, SQLSMALLINT bufferLength,
                      SQLSMALLINT* nameLength, SQLSMALLINT* sqlType, SQLULEN* size, SQLSMALLINT* digits,
                      SQLSMALLINT* nullable, bool wide) {
  return entry<Statement>(stmt, "SQLDescribeCol", [&](Statement& s) {
    const DescRecord& r = s.column(column);
    truncated(s, outText(r.name, name, bufferLength, nameLength, wide));
    if (sqlType) *sqlType = r.conciseType;
    if (size) *size = r.length;
    if (digits) *digits = r.scale;
    if (nullable) *nullable = r.nullable;
    return SQL_SUCCESS;
  });
}

SQLRETURN colAttribute(SQLHSTMT stmt, SQLUSMALLINT column, SQLUSMALLINT field, SQLPOINTER text,
                       SQLSMALLINT bufferLength, SQLSMALLINT* length, SQLLEN* numeric, bool wide) {
  return entry<Statement>(stmt, "SQLColAttribute", [&](Statement& s) {
    AttrValue v = columnAttribute(s, column, field);
    if (v.isString) truncated(s, outText(v.text, text, bufferLength, length, wide, WideUnits::Bytes));
    else if (numeric) *numeric = v.number;
    return SQL_SUCCESS;
  });
}

SQLRETURN bindCol(SQLHSTMT stmt, SQLUSMALLINT column, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength,
                  SQLLEN* indicator) {
  return entry<Statement>(stmt, "SQLBindCol", [&](Statement& s) {
    s.bindCol(column, cType, value, bufferLength, indicator);
    return SQL_SUCCESS;
  });
}

SQLRETURN fetch(SQLHSTMT stmt) {
  return entry<Statement>(stmt, "SQLFetch", [&](Statement& s) { return s.fetch(SQL_FETCH_NEXT, 0); });
}

SQLRETURN extendedFetch(SQLHSTMT stmt, SQLUSMALLINT orientation, SQLLEN offset, SQLULEN* rowCount,
                        SQLUSMALLINT* rowStatus) {
  return entry<Statement>(stmt, "SQLExtendedFetch", [&](Statement& s) {
    ExtendedFetchScope scope(s, rowCount, rowStatus);
    if (orientation == SQL_FETCH_BOOKMARK) s.useOdbc2Bookmark(offset);  // ODBC 2: the offset is the bookmark
    SQLRETURN rc = s.fetch(static_cast<SQLSMALLINT>(orientation), orientation == SQL_FETCH_BOOKMARK ? 0 : offset);
    s.rememberExtendedFetchStatus(rowStatus);
    return rc;
  });
}

SQLRETURN fetchScroll(SQLHSTMT stmt, SQLSMALLINT orientation, SQLLEN offset) {
  return entry<Statement>(stmt, "SQLFetchScroll", [&](Statement& s) {
    return s.fetch(orientation, offset);
  });
}

SQLRETURN getData(SQLHSTMT stmt, SQLUSMALLINT column, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength,
                  SQLLEN* indicator) {
  return entry<Statement>(stmt, "SQLGetData", [&](Statement& s) {
    return s.getData(column, cType, value, bufferLength, indicator);
  });
}

}  // namespace dsql::driver::calls
