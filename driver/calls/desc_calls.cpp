// Descriptor calls: SQLGetDescField, SQLSetDescField, SQLGetDescRec, SQLSetDescRec, SQLCopyDesc.
#include "driver/calls/calls.h"
#include "driver/calls/entry.h"
#include "driver/handles/descriptor.h"

namespace dsql::driver::calls {
namespace {

bool isStringField(SQLSMALLINT f) {
  switch (f) {
    case SQL_DESC_BASE_COLUMN_NAME: case SQL_DESC_BASE_TABLE_NAME: case SQL_DESC_CATALOG_NAME: case SQL_DESC_LABEL:
    case SQL_DESC_LITERAL_PREFIX: case SQL_DESC_LITERAL_SUFFIX: case SQL_DESC_LOCAL_TYPE_NAME: case SQL_DESC_NAME:
    case SQL_DESC_SCHEMA_NAME: case SQL_DESC_TABLE_NAME: case SQL_DESC_TYPE_NAME:
      return true;
    default:
      return false;
  }
}

}  // namespace

SQLRETURN getDescField(SQLHDESC desc, SQLSMALLINT record, SQLSMALLINT field, SQLPOINTER value,
                       SQLINTEGER bufferLength, SQLINTEGER* length, bool wide) {
  return entry<Descriptor>(desc, "SQLGetDescField", [&](Descriptor& d) {
    std::string text;
    SQLRETURN rc = d.getField(record, field, value, bufferLength, length, &text);
    if (rc == SQL_SUCCESS && isStringField(field))
      truncated(d, outText(text, value, bufferLength, length, wide, WideUnits::Bytes));
    return rc;
  });
}

SQLRETURN setDescField(SQLHDESC desc, SQLSMALLINT record, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER length,
                       bool wide) {
  return entry<Descriptor>(desc, "SQLSetDescField", [&](Descriptor& d) {
    if (isStringField(field)) {
      std::string text = inText(value, wide && length > 0 ? length / static_cast<SQLINTEGER>(sizeof(SQLWCHAR)) : length, wide);
      d.setField(record, field, text.data(), static_cast<SQLINTEGER>(text.size()));
    } else {
      d.setField(record, field, value, length);
    }
    return SQL_SUCCESS;
  });
}

SQLRETURN getDescRec(SQLHDESC desc, SQLSMALLINT record, void* name, SQLSMALLINT bufferLength, SQLSMALLINT* nameLength,
                     SQLSMALLINT* type, SQLSMALLINT* subType, SQLLEN* length, SQLSMALLINT* precision,
                     SQLSMALLINT* scale, SQLSMALLINT* nullable, bool wide) {
  return entry<Descriptor>(desc, "SQLGetDescRec", [&](Descriptor& d) -> SQLRETURN {
    const DescRecord* r = d.recordForRead(record);  // record 0: the bookmark column
    if (!r) return SQL_NO_DATA;
    truncated(d, outText(r->name, name, bufferLength, nameLength, wide));
    if (type) *type = r->type;
    if (subType) *subType = r->datetimeIntervalCode;
    if (length) *length = r->octetLength;
    if (precision) *precision = r->precision;
    if (scale) *scale = r->scale;
    if (nullable) *nullable = r->nullable;
    return SQL_SUCCESS;
  });
}

SQLRETURN setDescRec(SQLHDESC desc, SQLSMALLINT record, SQLSMALLINT type, SQLSMALLINT subType, SQLLEN length,
                     SQLSMALLINT precision, SQLSMALLINT scale, SQLPOINTER data, SQLLEN* stringLength,
                     SQLLEN* indicator) {
  return entry<Descriptor>(desc, "SQLSetDescRec", [&](Descriptor& d) {
    if (d.role() == DescRole::IRD) throw Error("HY016", "Cannot modify an implementation row descriptor");
    checkOctetLength(length);  // before the record is created
    if (record == 0) d.bookmarkRecord();  // 07009 where there is no record 0
    if (record == 0 && !isBookmarkCType(type))
      throw Error("HY021", "Inconsistent descriptor information: record 0 is the bookmark column; its type is "
                           "SQL_C_VARBOOKMARK or SQL_C_BOOKMARK");
    DescRecord& r = d.recordForWrite(record);
    Descriptor::setVerboseType(r, type, subType);
    r.octetLength = length;
    r.precision = precision;
    r.scale = scale;
    r.dataPtr = data;
    r.octetLengthPtr = stringLength;
    r.indicatorPtr = indicator;
    return SQL_SUCCESS;
  });
}

SQLRETURN copyDesc(SQLHDESC source, SQLHDESC target) {
  Handle* src = Handle::lookup(source, HandleKind::Descriptor);
  if (!src) return SQL_INVALID_HANDLE;
  return entry<Descriptor>(target, "SQLCopyDesc", [&](Descriptor& t) {
    t.copyFrom(static_cast<Descriptor&>(*src));
    return SQL_SUCCESS;
  });
}

}  // namespace dsql::driver::calls
