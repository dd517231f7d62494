// SQLGetDiagRec and SQLGetDiagField. These read a handle's diagnostic area and, unlike every other call,
// never clear it.
#include <cstring>

#include "driver/calls/calls.h"
#include "driver/calls/entry.h"
#include "driver/convert/out_value.h"
#include "driver/diag/sqlstate.h"
#include "include/dsqlodbc.h"

namespace dsql::driver::calls {
namespace {

Handle* diagHandle(SQLSMALLINT type, SQLHANDLE h) {
  switch (type) {
    case SQL_HANDLE_ENV: return Handle::lookup(h, HandleKind::Environment);
    case SQL_HANDLE_DBC: return Handle::lookup(h, HandleKind::Connection);
    case SQL_HANDLE_STMT: return Handle::lookup(h, HandleKind::Statement);
    case SQL_HANDLE_DESC: return Handle::lookup(h, HandleKind::Descriptor);
    default: return nullptr;
  }
}


}  // namespace

SQLRETURN getDiagRec(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT record, void* state, SQLINTEGER* native,
                     void* message, SQLSMALLINT bufferLength, SQLSMALLINT* length, bool wide) {
  Handle* h = diagHandle(type, handle);
  if (!h) return SQL_INVALID_HANDLE;
  std::lock_guard<std::recursive_mutex> lock(h->callMutex());
  return withoutDiagnostics([&]() -> SQLRETURN {
    if (record < 1 || bufferLength < 0) return SQL_ERROR;
    const auto& recs = h->diag().records();
    if (static_cast<std::size_t>(record) > recs.size()) return SQL_NO_DATA;
    const DiagRecord& r = recs[static_cast<std::size_t>(record - 1)];
    if (state) outText(r.sqlstate, state, 6, static_cast<SQLSMALLINT*>(nullptr), wide);
    if (native) *native = r.native;
    bool cut = outText(r.message, message, bufferLength, length, wide);
    return cut ? SQL_SUCCESS_WITH_INFO : SQL_SUCCESS;
  });
}

namespace {

SQLRETURN diagField(Handle& handle, SQLSMALLINT record, SQLSMALLINT field, SQLPOINTER value, SQLSMALLINT bufferLength,
                    SQLSMALLINT* length, bool wide) {
  Handle* h = &handle;
  const Diagnostics& d = h->diag();
  auto text = [&](std::string_view s) {
    if (bufferLength < 0) return SQL_ERROR;
    return outText(s, value, bufferLength, length, wide, WideUnits::Bytes) ? SQL_SUCCESS_WITH_INFO : SQL_SUCCESS;
  };
  switch (field) {  // header fields
    case SQL_DIAG_NUMBER: storeValue<SQLINTEGER>(value, static_cast<SQLINTEGER>(d.records().size())); return SQL_SUCCESS;
    case SQL_DIAG_RETURNCODE: storeValue<SQLRETURN>(value, d.returnCode); return SQL_SUCCESS;
    case SQL_DIAG_ROW_COUNT:
    case SQL_DIAG_CURSOR_ROW_COUNT:
    case SQL_DIAG_DYNAMIC_FUNCTION:
    case SQL_DIAG_DYNAMIC_FUNCTION_CODE:
      if (h->kind() != HandleKind::Statement) return SQL_ERROR;
      if (field == SQL_DIAG_ROW_COUNT) storeValue<SQLLEN>(value, d.rowCount);
      else if (field == SQL_DIAG_CURSOR_ROW_COUNT) storeValue<SQLLEN>(value, d.cursorRowCount);
      else if (field == SQL_DIAG_DYNAMIC_FUNCTION_CODE) storeValue<SQLINTEGER>(value, d.dynamicFunctionCode);
      else return text(d.dynamicFunction);
      return SQL_SUCCESS;
    default: break;
  }
  if (record < 1) return SQL_ERROR;
  if (static_cast<std::size_t>(record) > d.records().size()) return SQL_NO_DATA;
  const DiagRecord& r = d.records()[static_cast<std::size_t>(record - 1)];
  switch (field) {
    case SQL_DIAG_SQLSTATE: return text(r.sqlstate);
    case SQL_DIAG_MESSAGE_TEXT: return text(r.message);
    case SQL_DIAG_CLASS_ORIGIN: return text(classOrigin(r.sqlstate));
    case SQL_DIAG_SUBCLASS_ORIGIN: return text(subclassOrigin(r.sqlstate));
    case SQL_DIAG_SERVER_NAME: return text(r.serverName);
    case SQL_DIAG_CONNECTION_NAME: return text(r.connectionName);
    case SQL_DIAG_NATIVE: storeValue<SQLINTEGER>(value, r.native); return SQL_SUCCESS;
    case SQL_DIAG_ROW_NUMBER: storeValue<SQLLEN>(value, r.rowNumber); return SQL_SUCCESS;
    case SQL_DIAG_COLUMN_NUMBER: storeValue<SQLINTEGER>(value, r.columnNumber); return SQL_SUCCESS;
    case SQL_DIAG_DSQL_RETRYABLE: storeValue<SQLINTEGER>(value, r.retryable ? 1 : 0); return SQL_SUCCESS;
    default: return SQL_ERROR;
  }
}

}  // namespace

SQLRETURN getDiagField(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT record, SQLSMALLINT field, SQLPOINTER value,
                       SQLSMALLINT bufferLength, SQLSMALLINT* length, bool wide) {
  Handle* h = diagHandle(type, handle);
  if (!h) return SQL_INVALID_HANDLE;
  std::lock_guard<std::recursive_mutex> lock(h->callMutex());
  return withoutDiagnostics([&] { return diagField(*h, record, field, value, bufferLength, length, wide); });
}

}  // namespace dsql::driver::calls
