// Descriptor field semantics (ODBC reference: SQLSetDescField, SQLGetDescField, "Descriptor Field
// Consistency Checks"). Integer fields travel in the SQLPOINTER itself, pointers as pointers, strings as
// UTF-8 (the W layer converts).
#include "driver/handles/descriptor.h"

#include <cstring>

#include "driver/handles/connection.h"
#include "driver/convert/out_value.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace {

std::string* stringField(DescRecord& r, SQLSMALLINT field) {
  switch (field) {
    case SQL_DESC_BASE_COLUMN_NAME: return &r.baseColumnName;
    case SQL_DESC_BASE_TABLE_NAME: return &r.baseTableName;
    case SQL_DESC_CATALOG_NAME: return &r.catalogName;
    case SQL_DESC_LABEL: return &r.label;
    case SQL_DESC_LITERAL_PREFIX: return &r.literalPrefix;
    case SQL_DESC_LITERAL_SUFFIX: return &r.literalSuffix;
    case SQL_DESC_LOCAL_TYPE_NAME: return &r.localTypeName;
    case SQL_DESC_NAME: return &r.name;
    case SQL_DESC_SCHEMA_NAME: return &r.schemaName;
    case SQL_DESC_TABLE_NAME: return &r.tableName;
    case SQL_DESC_TYPE_NAME: return &r.typeName;
    default: return nullptr;
  }
}

template <class T>
T fromPtr(SQLPOINTER v) {
  return static_cast<T>(reinterpret_cast<SQLLEN>(v));
}


}  // namespace

Descriptor::Descriptor(Connection& conn, DescRole role) : Handle(HandleKind::Descriptor), conn_(conn), role_(role) {}

std::recursive_mutex& Descriptor::callMutex() { return conn_.callMutex(); }

DescRecord& Descriptor::record(SQLSMALLINT n) {
  if (n < 1) throw Error("07009", "Invalid descriptor index");
  if (static_cast<std::size_t>(n) > records_.size()) records_.resize(static_cast<std::size_t>(n));
  return records_[static_cast<std::size_t>(n - 1)];
}

DescRecord& Descriptor::bookmarkRecord() {
  if (role_ == DescRole::APD || role_ == DescRole::IPD)
    throw Error("07009", "Invalid descriptor index: record 0 is the bookmark column, which parameter descriptors do not have");
  if (role_ == DescRole::IRD && !describesBookmark_)
    throw Error("07009", "Invalid descriptor index: record 0 is the bookmark column and SQL_ATTR_USE_BOOKMARKS is off");
  return bookmark_;
}

void Descriptor::describeBookmark(const DescRecord* description) {
  describesBookmark_ = description != nullptr;
  bookmark_ = description ? *description : DescRecord{};
}

DescRecord& Descriptor::recordForWrite(SQLSMALLINT n) { return n == 0 ? bookmarkRecord() : record(n); }

const DescRecord* Descriptor::recordForRead(SQLSMALLINT n) {
  if (n < 0) throw Error("07009", "Invalid descriptor index " + std::to_string(n));
  return n == 0 ? &bookmarkRecord() : findRecord(n);
}

bool isBookmarkCType(SQLSMALLINT t) {
  switch (t) {
    case SQL_C_DEFAULT: case SQL_C_BINARY: case SQL_C_ULONG: case SQL_C_SLONG: case SQL_C_LONG:
    case SQL_C_UBIGINT: case SQL_C_SBIGINT:
      return true;
    default:
      return false;
  }
}

const DescRecord* Descriptor::findRecord(SQLSMALLINT n) const {
  if (n < 1 || static_cast<std::size_t>(n) > records_.size()) return nullptr;
  return &records_[static_cast<std::size_t>(n - 1)];
}

void checkArraySize(SQLULEN size, const char* what) {
  if (size == 0 || size > kMaxArraySize)
    throw Error("HY024", std::string("Invalid attribute value: ") + what + " must be between 1 and " +
                             std::to_string(kMaxArraySize) + ", not " + std::to_string(size));
}

void checkOctetLength(SQLLEN length) {
  // A bound buffer's length also strides column-wise arrays: a negative one would address memory before
  // the application's buffer.
  if (length < 0)
    throw Error("HY024", "Invalid attribute value: SQL_DESC_OCTET_LENGTH must not be negative, not " + std::to_string(length));
}

void checkBindStride(SQLULEN stride, const char* what) {
  if (stride > kMaxBindStride)
    throw Error("HY024", std::string("Invalid attribute value: ") + what + " (the size of one bound row) must be at most " +
                             std::to_string(kMaxBindStride) + " bytes, not " + std::to_string(stride));
}

void Descriptor::setCount(SQLSMALLINT n) {
  if (n < 0) throw Error("07009", "Invalid descriptor index: SQL_DESC_COUNT must be between 0 and " + std::to_string(kMaxRecords));
  records_.resize(static_cast<std::size_t>(n));
}

void Descriptor::setConciseType(DescRecord& r, SQLSMALLINT t) {
  r.conciseType = t;
  if (t == SQL_TYPE_DATE || t == SQL_DATE) { r.type = SQL_DATETIME; r.datetimeIntervalCode = SQL_CODE_DATE; }
  else if (t == SQL_TYPE_TIME || t == SQL_TIME) { r.type = SQL_DATETIME; r.datetimeIntervalCode = SQL_CODE_TIME; }
  else if (t == SQL_TYPE_TIMESTAMP || t == SQL_TIMESTAMP) { r.type = SQL_DATETIME; r.datetimeIntervalCode = SQL_CODE_TIMESTAMP; }
  else if (t >= SQL_INTERVAL_YEAR && t <= SQL_INTERVAL_MINUTE_TO_SECOND) {
    r.type = SQL_INTERVAL;
    r.datetimeIntervalCode = static_cast<SQLSMALLINT>(t - 100);
    // ODBC: setting an interval type resets the seconds precision (SQL_DESC_PRECISION) to 6 when the
    // type has a seconds field, else 0; the application may then set its own (the ARD's decides how
    // many digits an interval's `fraction` carries). IRD/IPD callers set precision after this.
    bool seconds = t == SQL_INTERVAL_SECOND || t == SQL_INTERVAL_DAY_TO_SECOND || t == SQL_INTERVAL_HOUR_TO_SECOND ||
                   t == SQL_INTERVAL_MINUTE_TO_SECOND;
    r.precision = seconds ? 6 : 0;
  } else {
    r.type = t;
    r.datetimeIntervalCode = 0;
  }
}

void Descriptor::setVerboseType(DescRecord& r, SQLSMALLINT type, SQLSMALLINT sub) {
  if (type == SQL_DATETIME) setConciseType(r, static_cast<SQLSMALLINT>(90 + sub));
  else if (type == SQL_INTERVAL) setConciseType(r, static_cast<SQLSMALLINT>(100 + sub));
  else setConciseType(r, type);
}

void Descriptor::setField(SQLSMALLINT recNumber, SQLSMALLINT field, SQLPOINTER v, SQLINTEGER length) {
  if (role_ == DescRole::IRD && field != SQL_DESC_ARRAY_STATUS_PTR && field != SQL_DESC_ROWS_PROCESSED_PTR)
    throw Error("HY016", "Cannot modify an implementation row descriptor");
  switch (field) {  // header fields
    case SQL_DESC_ALLOC_TYPE: throw Error("HY091", "SQL_DESC_ALLOC_TYPE is read-only");
    case SQL_DESC_ARRAY_SIZE:
      checkArraySize(fromPtr<SQLULEN>(v), "SQL_DESC_ARRAY_SIZE");
      arraySize = fromPtr<SQLULEN>(v);
      return;
    case SQL_DESC_ARRAY_STATUS_PTR: arrayStatusPtr = static_cast<SQLUSMALLINT*>(v); return;
    case SQL_DESC_BIND_OFFSET_PTR: bindOffsetPtr = static_cast<SQLLEN*>(v); return;
    case SQL_DESC_BIND_TYPE:
      checkBindStride(fromPtr<SQLULEN>(v), "SQL_DESC_BIND_TYPE");
      bindType = fromPtr<SQLULEN>(v);
      return;
    case SQL_DESC_COUNT: {  // the whole value is checked: a truncated 65537 must not become 1
      const SQLLEN n = fromPtr<SQLLEN>(v);
      setCount(n < 0 || n > kMaxRecords ? SQLSMALLINT{-1} : static_cast<SQLSMALLINT>(n));
      return;
    }
    case SQL_DESC_ROWS_PROCESSED_PTR: rowsProcessedPtr = static_cast<SQLULEN*>(v); return;
    default: break;
  }
  if (recNumber < 0) throw Error("07009", "Invalid descriptor index");
  DescRecord& r = recNumber == 0 ? bookmarkRecord() : record(recNumber);
  if (recNumber == 0 && (field == SQL_DESC_TYPE || field == SQL_DESC_CONCISE_TYPE) &&
      !isBookmarkCType(fromPtr<SQLSMALLINT>(v)))
    throw Error("HY021", "Inconsistent descriptor information: record 0 is the bookmark column; its type is "
                         "SQL_C_VARBOOKMARK or SQL_C_BOOKMARK, not " + std::to_string(fromPtr<SQLSMALLINT>(v)));
  if (std::string* s = stringField(r, field)) {
    if (field != SQL_DESC_NAME || role_ != DescRole::IPD)
      throw Error("HY091", "Descriptor field is read-only for this descriptor");
    *s = v ? (length == SQL_NTS ? std::string(static_cast<char*>(v)) : std::string(static_cast<char*>(v), static_cast<std::size_t>(length))) : "";
    r.unnamed = s->empty() ? SQL_UNNAMED : SQL_NAMED;
    return;
  }
  switch (field) {
    case SQL_DESC_TYPE: setVerboseType(r, fromPtr<SQLSMALLINT>(v), r.datetimeIntervalCode); break;
    case SQL_DESC_CONCISE_TYPE: setConciseType(r, fromPtr<SQLSMALLINT>(v)); break;
    case SQL_DESC_DATETIME_INTERVAL_CODE: setVerboseType(r, r.type, fromPtr<SQLSMALLINT>(v)); break;
    case SQL_DESC_DATETIME_INTERVAL_PRECISION: r.datetimeIntervalPrecision = fromPtr<SQLINTEGER>(v); break;
    case SQL_DESC_DATA_PTR: r.dataPtr = v; break;
    case SQL_DESC_INDICATOR_PTR: r.indicatorPtr = static_cast<SQLLEN*>(v); break;
    case SQL_DESC_OCTET_LENGTH_PTR: r.octetLengthPtr = static_cast<SQLLEN*>(v); break;
    case SQL_DESC_LENGTH: r.length = fromPtr<SQLULEN>(v); break;
    case SQL_DESC_OCTET_LENGTH:
      checkOctetLength(fromPtr<SQLLEN>(v));
      r.octetLength = fromPtr<SQLLEN>(v);
      break;
    case SQL_DESC_PRECISION: r.precision = fromPtr<SQLSMALLINT>(v); break;
    case SQL_DESC_SCALE: r.scale = fromPtr<SQLSMALLINT>(v); break;
    case SQL_DESC_NUM_PREC_RADIX: r.numPrecRadix = fromPtr<SQLSMALLINT>(v); break;
    case SQL_DESC_PARAMETER_TYPE:
      if (role_ != DescRole::IPD) throw Error("HY091", "SQL_DESC_PARAMETER_TYPE applies to an IPD only");
      r.parameterType = fromPtr<SQLSMALLINT>(v);
      break;
    case SQL_DESC_UNNAMED:
      if (fromPtr<SQLSMALLINT>(v) == SQL_NAMED) throw Error("HY092", "SQL_DESC_UNNAMED can only be set to SQL_UNNAMED");
      r.unnamed = SQL_UNNAMED;
      r.name.clear();
      break;
    case SQL_DESC_NULLABLE: case SQL_DESC_AUTO_UNIQUE_VALUE: case SQL_DESC_CASE_SENSITIVE:
    case SQL_DESC_DISPLAY_SIZE: case SQL_DESC_FIXED_PREC_SCALE: case SQL_DESC_SEARCHABLE:
    case SQL_DESC_UNSIGNED: case SQL_DESC_UPDATABLE: case SQL_DESC_ROWVER:
      throw Error("HY091", "Descriptor field is read-only");
    default:
      throw Error("HY091", "Invalid descriptor field identifier " + std::to_string(field));
  }
}

SQLRETURN Descriptor::getField(SQLSMALLINT recNumber, SQLSMALLINT field, SQLPOINTER v, SQLINTEGER bufferLength,
                               SQLINTEGER* stringLength, std::string* stringValue) {
  switch (field) {
    case SQL_DESC_ALLOC_TYPE: storeValue<SQLSMALLINT>(v, allocType()); return SQL_SUCCESS;
    case SQL_DESC_ARRAY_SIZE: storeValue<SQLULEN>(v, arraySize); return SQL_SUCCESS;
    case SQL_DESC_ARRAY_STATUS_PTR: storeValue<SQLPOINTER>(v, arrayStatusPtr); return SQL_SUCCESS;
    case SQL_DESC_BIND_OFFSET_PTR: storeValue<SQLPOINTER>(v, bindOffsetPtr); return SQL_SUCCESS;
    case SQL_DESC_BIND_TYPE: storeValue<SQLINTEGER>(v, static_cast<SQLINTEGER>(bindType)); return SQL_SUCCESS;
    case SQL_DESC_COUNT: storeValue<SQLSMALLINT>(v, count()); return SQL_SUCCESS;
    case SQL_DESC_ROWS_PROCESSED_PTR: storeValue<SQLPOINTER>(v, rowsProcessedPtr); return SQL_SUCCESS;
    default: break;
  }
  if (recNumber < 0) throw Error("07009", "Invalid descriptor index");
  if (recNumber > count()) return SQL_NO_DATA;
  DescRecord& r = recNumber == 0 ? bookmarkRecord() : record(recNumber);
  if (std::string* s = stringField(r, field)) {
    if (stringValue) *stringValue = *s;
    return SQL_SUCCESS;
  }
  switch (field) {
    case SQL_DESC_TYPE: storeValue<SQLSMALLINT>(v, r.type); break;
    case SQL_DESC_CONCISE_TYPE: storeValue<SQLSMALLINT>(v, r.conciseType); break;
    case SQL_DESC_DATETIME_INTERVAL_CODE: storeValue<SQLSMALLINT>(v, r.datetimeIntervalCode); break;
    case SQL_DESC_DATETIME_INTERVAL_PRECISION: storeValue<SQLINTEGER>(v, r.datetimeIntervalPrecision); break;
    case SQL_DESC_DATA_PTR: storeValue<SQLPOINTER>(v, r.dataPtr); break;
    case SQL_DESC_INDICATOR_PTR: storeValue<SQLPOINTER>(v, r.indicatorPtr); break;
    case SQL_DESC_OCTET_LENGTH_PTR: storeValue<SQLPOINTER>(v, r.octetLengthPtr); break;
    case SQL_DESC_LENGTH: storeValue<SQLULEN>(v, r.length); break;
    case SQL_DESC_OCTET_LENGTH: storeValue<SQLLEN>(v, r.octetLength); break;
    case SQL_DESC_PRECISION: storeValue<SQLSMALLINT>(v, r.precision); break;
    case SQL_DESC_SCALE: storeValue<SQLSMALLINT>(v, r.scale); break;
    case SQL_DESC_NUM_PREC_RADIX: storeValue<SQLINTEGER>(v, r.numPrecRadix); break;
    case SQL_DESC_PARAMETER_TYPE: storeValue<SQLSMALLINT>(v, r.parameterType); break;
    case SQL_DESC_UNNAMED: storeValue<SQLSMALLINT>(v, r.unnamed); break;
    case SQL_DESC_NULLABLE: storeValue<SQLSMALLINT>(v, r.nullable); break;
    case SQL_DESC_AUTO_UNIQUE_VALUE: storeValue<SQLINTEGER>(v, r.autoUniqueValue); break;
    case SQL_DESC_CASE_SENSITIVE: storeValue<SQLINTEGER>(v, r.caseSensitive); break;
    case SQL_DESC_DISPLAY_SIZE: storeValue<SQLLEN>(v, r.displaySize); break;
    case SQL_DESC_FIXED_PREC_SCALE: storeValue<SQLSMALLINT>(v, r.fixedPrecScale); break;
    case SQL_DESC_SEARCHABLE: storeValue<SQLSMALLINT>(v, r.searchable); break;
    case SQL_DESC_UNSIGNED: storeValue<SQLSMALLINT>(v, r.unsignedFlag); break;
    case SQL_DESC_UPDATABLE: storeValue<SQLSMALLINT>(v, r.updatable); break;
    case SQL_DESC_ROWVER: storeValue<SQLSMALLINT>(v, r.rowver); break;
    default: throw Error("HY091", "Invalid descriptor field identifier " + std::to_string(field));
  }
  (void)bufferLength;
  (void)stringLength;
  return SQL_SUCCESS;
}

void Descriptor::copyFrom(const Descriptor& other) {
  if (role_ == DescRole::IRD) throw Error("HY016", "Cannot modify an implementation row descriptor");
  arraySize = other.arraySize;
  arrayStatusPtr = other.arrayStatusPtr;
  bindOffsetPtr = other.bindOffsetPtr;
  bindType = other.bindType;
  rowsProcessedPtr = other.rowsProcessedPtr;
  records_ = other.records_;
  if (role_ != DescRole::APD && role_ != DescRole::IPD) bookmark_ = other.bookmark_;
}

SQLPOINTER Descriptor::elementAddress(SQLPOINTER base, SQLULEN row, SQLLEN elementSize) const {
  if (!base) return nullptr;
  auto* p = static_cast<char*>(base);
  p += bindType == SQL_BIND_BY_COLUMN ? static_cast<SQLLEN>(row) * elementSize : static_cast<SQLLEN>(row * bindType);
  if (bindOffsetPtr) p += *bindOffsetPtr;
  return p;
}

SQLLEN* Descriptor::indicatorAddress(SQLLEN* base, SQLULEN row) const {
  if (!base) return nullptr;
  auto* p = reinterpret_cast<char*>(base);
  p += bindType == SQL_BIND_BY_COLUMN ? static_cast<SQLLEN>(row * sizeof(SQLLEN)) : static_cast<SQLLEN>(row * bindType);
  if (bindOffsetPtr) p += *bindOffsetPtr;
  return reinterpret_cast<SQLLEN*>(p);
}

SQLLEN fixedCTypeSize(SQLSMALLINT t) {
  switch (t) {
    case SQL_C_BIT: case SQL_C_TINYINT: case SQL_C_STINYINT: case SQL_C_UTINYINT: return 1;
    case SQL_C_SHORT: case SQL_C_SSHORT: case SQL_C_USHORT: return sizeof(SQLSMALLINT);
    case SQL_C_LONG: case SQL_C_SLONG: case SQL_C_ULONG: return sizeof(SQLINTEGER);
    case SQL_C_SBIGINT: case SQL_C_UBIGINT: return sizeof(SQLBIGINT);
    case SQL_C_FLOAT: return sizeof(SQLREAL);
    case SQL_C_DOUBLE: return sizeof(SQLDOUBLE);
    case SQL_C_NUMERIC: return sizeof(SQL_NUMERIC_STRUCT);
    case SQL_C_TYPE_DATE: case SQL_C_DATE: return sizeof(SQL_DATE_STRUCT);
    case SQL_C_TYPE_TIME: case SQL_C_TIME: return sizeof(SQL_TIME_STRUCT);
    case SQL_C_TYPE_TIMESTAMP: case SQL_C_TIMESTAMP: return sizeof(SQL_TIMESTAMP_STRUCT);
    case SQL_C_GUID: return sizeof(SQLGUID);
    default:
      if (t >= SQL_C_INTERVAL_YEAR && t <= SQL_C_INTERVAL_MINUTE_TO_SECOND) return sizeof(SQL_INTERVAL_STRUCT);
      return 0;
  }
}

}  // namespace dsql::driver
