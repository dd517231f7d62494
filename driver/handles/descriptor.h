// ODBC descriptors (APD, IPD, ARD, IRD, and explicitly allocated ones): header fields and records, with
// the field rules of SQLSetDescField (setting a type resets dependent fields; IRDs are read-only).
// SQLBindCol, SQLBindParameter and the IRD filled from a result are all expressed as descriptor edits.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <vector>

#include "driver/handles/handle.h"

namespace dsql::driver {

class Connection;

enum class DescRole { APD, IPD, ARD, IRD, Explicit };

// Range limits on what an application may ask for (HY024/07009 beyond them, the limit named):
// - rows in a rowset or parameter sets in an array (SQL_DESC_ARRAY_SIZE and the statement attributes
//   that set it): 2^20, so that the per-row work of one fetch or execute stays bounded and the
//   application's own arrays, which it must allocate for that many rows, are of a size that exists;
inline constexpr SQLULEN kMaxArraySize = SQLULEN{1} << 20;
// - records (bound columns or parameters): SQL_DESC_COUNT is an SQLSMALLINT;
inline constexpr SQLSMALLINT kMaxRecords = 32767;
// - the size of one row of row-wise bound buffers (SQL_DESC_BIND_TYPE): 2^31 - 1 bytes.
inline constexpr SQLULEN kMaxBindStride = 2147483647;
// Throws HY024 unless 1 <= size <= kMaxArraySize; `what` names the attribute or field.
void checkArraySize(SQLULEN size, const char* what);
// Throws HY024 unless `stride` is SQL_BIND_BY_COLUMN (0) or at most kMaxBindStride.
void checkBindStride(SQLULEN stride, const char* what);
// Throws HY024 when a record's SQL_DESC_OCTET_LENGTH is negative.
void checkOctetLength(SQLLEN length);

struct DescRecord {
  // shared
  SQLSMALLINT type = SQL_C_DEFAULT;          // SQL_DESC_TYPE (verbose)
  SQLSMALLINT conciseType = SQL_C_DEFAULT;   // SQL_DESC_CONCISE_TYPE
  SQLSMALLINT datetimeIntervalCode = 0;
  SQLINTEGER datetimeIntervalPrecision = 0;
  SQLULEN length = 0;
  SQLLEN octetLength = 0;
  SQLSMALLINT precision = 0;
  SQLSMALLINT scale = 0;
  SQLSMALLINT numPrecRadix = 0;
  SQLSMALLINT nullable = SQL_NULLABLE_UNKNOWN;
  // application descriptors
  SQLPOINTER dataPtr = nullptr;
  SQLLEN* indicatorPtr = nullptr;
  SQLLEN* octetLengthPtr = nullptr;
  // implementation descriptors
  SQLSMALLINT parameterType = SQL_PARAM_INPUT;
  std::string name;
  SQLSMALLINT unnamed = SQL_UNNAMED;
  std::string typeName, localTypeName, label, baseColumnName, baseTableName, tableName, schemaName, catalogName;
  std::string literalPrefix, literalSuffix;
  SQLLEN displaySize = 0;
  SQLSMALLINT fixedPrecScale = SQL_FALSE, caseSensitive = SQL_FALSE, searchable = SQL_PRED_SEARCHABLE;
  SQLSMALLINT unsignedFlag = SQL_TRUE, updatable = SQL_ATTR_READWRITE_UNKNOWN, autoUniqueValue = SQL_FALSE;
  SQLSMALLINT rowver = SQL_FALSE;
  unsigned pgOid = 0;                        // IRD: server type of the column
  unsigned originTable = 0;                  // IRD: the table the column is read from (0: an expression)
  int originColumn = 0;                      // IRD: its attribute number in that table
  int pgTypmod = -1;
};

class Descriptor : public Handle {
 public:
  static constexpr HandleKind kKind = HandleKind::Descriptor;
  Descriptor(Connection& conn, DescRole role);
  std::recursive_mutex& callMutex() override;

  Connection& connection() const { return conn_; }
  DescRole role() const { return role_; }
  bool isImplementation() const { return role_ == DescRole::IPD || role_ == DescRole::IRD; }
  bool isExplicit() const { return role_ == DescRole::Explicit; }

  // Header fields.
  SQLSMALLINT allocType() const { return isExplicit() ? SQL_DESC_ALLOC_USER : SQL_DESC_ALLOC_AUTO; }
  SQLULEN arraySize = 1;
  SQLUSMALLINT* arrayStatusPtr = nullptr;
  SQLLEN* bindOffsetPtr = nullptr;
  SQLULEN bindType = SQL_BIND_BY_COLUMN;
  SQLULEN* rowsProcessedPtr = nullptr;
  // IRD only: SQL_ROWSET_SIZE, the ODBC 2 rowset size SQLExtendedFetch uses (distinct from the ARD's
  // SQL_DESC_ARRAY_SIZE that SQLFetch/SQLFetchScroll use). A statement attribute, kept on the one
  // descriptor a statement can never swap for another.
  SQLULEN rowsetSize = 1;

  SQLSMALLINT count() const { return static_cast<SQLSMALLINT>(records_.size()); }
  // Record n (1-based), growing the record list as SQLSetDescField does.
  DescRecord& record(SQLSMALLINT n);
  const DescRecord* findRecord(SQLSMALLINT n) const;
  void setCount(SQLSMALLINT n);
  // Records 1..n go; record 0 (the bookmark column) stays, as SQL_DESC_COUNT 0 and SQL_UNBIND leave it.
  void clearRecords() { records_.clear(); }

  // Record 0, the bookmark column, which SQL_DESC_COUNT does not count (ODBC "Bookmarks", SQLSetDescField).
  // An ARD, or an explicitly allocated descriptor (which may serve as one), holds the bookmark binding
  // there: SQLBindCol(column 0) and SQLSetDescField(record 0) set the same fields. An IRD holds the bookmark
  // column's description while its statement has SQL_ATTR_USE_BOOKMARKS on. Throws 07009 where there is
  // none (parameter descriptors; an IRD with bookmarks off).
  DescRecord& bookmarkRecord();
  const DescRecord& bookmark() const { return bookmark_; }  // the binding as fetches read it
  void describeBookmark(const DescRecord* description);   // IRD: nullptr when bookmarks are off
  // Record `n` for SQLSetDescRec / SQLGetDescRec: record 0 is bookmarkRecord(); nullptr past SQL_DESC_COUNT.
  DescRecord& recordForWrite(SQLSMALLINT n);
  const DescRecord* recordForRead(SQLSMALLINT n);
  std::vector<DescRecord>& records() { return records_; }

  // Field access as SQLGetDescField/SQLSetDescField see it (value in the ODBC calling convention).
  // String fields are exchanged as UTF-8; the API layer converts.
  void setField(SQLSMALLINT recNumber, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER length);
  // Returns SQL_NO_DATA when recNumber > count for record fields.
  SQLRETURN getField(SQLSMALLINT recNumber, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER bufferLength,
                     SQLINTEGER* stringLength, std::string* stringValue);

  // Sets type and concise type consistently (ODBC "Data Type Identifiers and Descriptors").
  static void setConciseType(DescRecord& r, SQLSMALLINT conciseType);
  static void setVerboseType(DescRecord& r, SQLSMALLINT type, SQLSMALLINT subcode);

  void copyFrom(const Descriptor& other);

  // Address of a bound buffer/indicator for row `row` of an array, honouring bind type and offset.
  SQLPOINTER elementAddress(SQLPOINTER base, SQLULEN row, SQLLEN elementSize) const;
  SQLLEN* indicatorAddress(SQLLEN* base, SQLULEN row) const;

 private:
  Connection& conn_;
  DescRole role_;
  std::vector<DescRecord> records_;
  DescRecord bookmark_;
  bool describesBookmark_ = false;  // IRD: record 0 holds a description
};

// The C types a bookmark converts to: SQL_C_VARBOOKMARK (SQL_C_BINARY), SQL_C_BOOKMARK (SQL_C_ULONG) and the
// other 4- and 8-byte integers, or SQL_C_DEFAULT (the kind SQL_ATTR_USE_BOOKMARKS names).
bool isBookmarkCType(SQLSMALLINT cType);

// Size in bytes of one element of a fixed-size C type (0 for variable-length char/binary types).
SQLLEN fixedCTypeSize(SQLSMALLINT cType);

}  // namespace dsql::driver
