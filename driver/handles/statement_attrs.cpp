// Statement attributes (ODBC reference: SQLSetStmtAttr). Attributes that live in descriptors are
// forwarded to the APD/ARD/IPD/IRD header fields, as the specification defines them.
#include <cstring>
#include <initializer_list>
#include <limits>

#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "driver/info/info_values.h"
#include "driver/convert/out_value.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace {

// The largest SQL_ATTR_QUERY_TIMEOUT kept as given (about 68 years); a larger one is lowered to it with
// 01S02, as SQLSetStmtAttr allows, so that no deadline computed from it overflows.
constexpr SQLULEN kMaxQueryTimeout = 2147483647;

// HY024 unless `v` is one of `allowed`: an unknown value of an enumerated attribute is a mistake to
// report, never something to store (or to read later as a different value).
void requireOneOf(SQLULEN v, std::initializer_list<SQLULEN> allowed, const char* name) {
  for (SQLULEN a : allowed)
    if (v == a) return;
  throw Error("HY024", std::string("Invalid attribute value ") + std::to_string(v) + " for " + name);
}

}  // namespace

void Statement::setAttr(SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length) {
  auto v = static_cast<SQLULEN>(reinterpret_cast<SQLULEN>(value));
  switch (attribute) {
    case SQL_ATTR_APP_ROW_DESC:
    case SQL_ATTR_APP_PARAM_DESC: {
      Descriptor*& slot = attribute == SQL_ATTR_APP_ROW_DESC ? ard_ : apd_;
      Descriptor& implicit = attribute == SQL_ATTR_APP_ROW_DESC ? implicitArd_ : implicitApd_;
      if (!value) { slot = &implicit; return; }
      auto* d = static_cast<Descriptor*>(Handle::lookup(value, HandleKind::Descriptor));
      if (!d) throw Error("HY024", "Invalid attribute value: not a descriptor handle");
      if (d == &implicit) { slot = d; return; }
      if (!d->isExplicit() || &d->connection() != &conn_)
        throw Error("HY017", "Invalid use of an automatically allocated descriptor handle");
      slot = d;
      return;
    }
    case SQL_ATTR_IMP_ROW_DESC: case SQL_ATTR_IMP_PARAM_DESC: case SQL_ATTR_ROW_NUMBER:
      throw Error("HY017", "Attribute is read-only");
    case SQL_ATTR_CURSOR_TYPE:
      requireOneOf(v, {SQL_CURSOR_FORWARD_ONLY, SQL_CURSOR_STATIC, SQL_CURSOR_KEYSET_DRIVEN, SQL_CURSOR_DYNAMIC},
                   "SQL_ATTR_CURSOR_TYPE");
      if (cursorOpen_) throw Error("24000", "Invalid cursor state");
      if (v == SQL_CURSOR_FORWARD_ONLY || v == SQL_CURSOR_STATIC) { cursorType_ = v; return; }
      cursorType_ = SQL_CURSOR_STATIC;  // keyset/dynamic: the closest we offer (ODBC allows substitution)
      diag().add("01S02", "Option value changed: cursor type set to SQL_CURSOR_STATIC");
      return;
    case SQL_ATTR_CURSOR_SCROLLABLE:
      requireOneOf(v, {SQL_NONSCROLLABLE, SQL_SCROLLABLE}, "SQL_ATTR_CURSOR_SCROLLABLE");
      cursorType_ = v == SQL_SCROLLABLE ? SQL_CURSOR_STATIC : SQL_CURSOR_FORWARD_ONLY;
      return;
    case SQL_ATTR_CURSOR_SENSITIVITY:
      requireOneOf(v, {SQL_UNSPECIFIED, SQL_INSENSITIVE, SQL_SENSITIVE}, "SQL_ATTR_CURSOR_SENSITIVITY");
      if (v == SQL_SENSITIVE) throw Error("HYC00", "Sensitive cursors are not supported");
      return;
    case SQL_ATTR_CONCURRENCY:
      requireOneOf(v, {SQL_CONCUR_READ_ONLY, SQL_CONCUR_LOCK, SQL_CONCUR_ROWVER, SQL_CONCUR_VALUES}, "SQL_ATTR_CONCURRENCY");
      // Positioned changes find the row by its key and take no lock (statement_setpos.cpp): SQL_CONCUR_LOCK is
      // the updatable mode; optimistic value or row-version comparison is not done.
      if (v == SQL_CONCUR_VALUES || v == SQL_CONCUR_ROWVER) {
        concurrency_ = SQL_CONCUR_LOCK;
        diag().add("01S02", "Option value changed: concurrency set to SQL_CONCUR_LOCK (rows are changed by key, "
                            "without comparing values or row versions)");
        return;
      }
      if (v != SQL_CONCUR_READ_ONLY && v != SQL_CONCUR_LOCK)
        throw Error("HY024", "Invalid attribute value: SQL_ATTR_CONCURRENCY " + std::to_string(v));
      concurrency_ = v;
      return;
    case SQL_ATTR_MAX_ROWS:
      // Counted as a signed row number: "all ones" (a -1 passed by mistake) would otherwise mean "no rows".
      if (v > static_cast<SQLULEN>(std::numeric_limits<long long>::max()))
        throw Error("HY024", "Invalid attribute value: SQL_ATTR_MAX_ROWS must be at most " +
                                 std::to_string(std::numeric_limits<long long>::max()) + " (0: no limit)");
      maxRows_ = v;
      return;
    case SQL_ATTR_MAX_LENGTH: maxLength_ = v; return;
    case SQL_ATTR_QUERY_TIMEOUT:
      if (v > kMaxQueryTimeout) {
        v = kMaxQueryTimeout;
        diag().add("01S02", "Option value changed: SQL_ATTR_QUERY_TIMEOUT lowered to its maximum of " +
                                std::to_string(kMaxQueryTimeout) + " seconds");
      }
      queryTimeout_ = v;
      return;
    case SQL_ATTR_NOSCAN:
      requireOneOf(v, {SQL_NOSCAN_OFF, SQL_NOSCAN_ON}, "SQL_ATTR_NOSCAN");
      noScan_ = v == SQL_NOSCAN_ON;
      return;
    case SQL_ATTR_RETRIEVE_DATA:
      requireOneOf(v, {SQL_RD_OFF, SQL_RD_ON}, "SQL_ATTR_RETRIEVE_DATA");
      retrieveData_ = v;
      return;
    case SQL_ATTR_METADATA_ID:
      requireOneOf(v, {SQL_FALSE, SQL_TRUE}, "SQL_ATTR_METADATA_ID");
      metadataId_ = v == SQL_TRUE;
      return;
    case SQL_ATTR_ROW_ARRAY_SIZE:
      checkArraySize(v, "SQL_ATTR_ROW_ARRAY_SIZE");
      ard_->arraySize = v;
      return;
    case SQL_ROWSET_SIZE:  // ODBC 2: the rowset size of SQLExtendedFetch only
      checkArraySize(v, "SQL_ROWSET_SIZE");
      ird_.rowsetSize = v;
      return;
    case SQL_ATTR_ROW_BIND_TYPE:
      checkBindStride(v, "SQL_ATTR_ROW_BIND_TYPE");
      ard_->bindType = v;
      return;
    case SQL_ATTR_ROW_BIND_OFFSET_PTR: ard_->bindOffsetPtr = static_cast<SQLLEN*>(value); return;
    case SQL_ATTR_ROW_STATUS_PTR: ird_.arrayStatusPtr = static_cast<SQLUSMALLINT*>(value); return;
    case SQL_ATTR_ROWS_FETCHED_PTR: ird_.rowsProcessedPtr = static_cast<SQLULEN*>(value); return;
    case SQL_ATTR_ROW_OPERATION_PTR: ard_->arrayStatusPtr = static_cast<SQLUSMALLINT*>(value); return;
    case SQL_ATTR_PARAMSET_SIZE:
      checkArraySize(v, "SQL_ATTR_PARAMSET_SIZE");
      apd_->arraySize = v;
      return;
    case SQL_ATTR_PARAM_BIND_TYPE:
      checkBindStride(v, "SQL_ATTR_PARAM_BIND_TYPE");
      apd_->bindType = v;
      return;
    case SQL_ATTR_PARAM_BIND_OFFSET_PTR: apd_->bindOffsetPtr = static_cast<SQLLEN*>(value); return;
    case SQL_ATTR_PARAM_OPERATION_PTR: apd_->arrayStatusPtr = static_cast<SQLUSMALLINT*>(value); return;
    case SQL_ATTR_PARAM_STATUS_PTR: ipd_.arrayStatusPtr = static_cast<SQLUSMALLINT*>(value); return;
    case SQL_ATTR_PARAMS_PROCESSED_PTR: ipd_.rowsProcessedPtr = static_cast<SQLULEN*>(value); return;
    case SQL_ATTR_USE_BOOKMARKS: setUseBookmarks(v); return;
    case SQL_ATTR_ASYNC_ENABLE:
      if (v != SQL_ASYNC_ENABLE_OFF) throw Error("HYC00", "Asynchronous execution is not supported");
      return;
    case SQL_ATTR_ENABLE_AUTO_IPD:
      if (v != SQL_FALSE) throw Error("HYC00", "Automatic IPD population is not supported");
      return;
    case SQL_ATTR_KEYSET_SIZE: case SQL_ATTR_SIMULATE_CURSOR:
      if (v != 0) throw Error("HYC00", "Keyset-driven and simulated cursors are not supported");
      return;
    case SQL_ATTR_FETCH_BOOKMARK_PTR: positioned_.fetchBookmarkPtr = value; return;
    default:
      throw Error("HY092", "Invalid statement attribute " + std::to_string(attribute));
  }
  (void)length;
}

void Statement::getAttr(SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER* length) {
  if (length) *length = sizeof(SQLULEN);
  switch (attribute) {
    case SQL_ATTR_APP_ROW_DESC: storeValue<SQLHANDLE>(value, static_cast<Handle*>(ard_)); break;
    case SQL_ATTR_APP_PARAM_DESC: storeValue<SQLHANDLE>(value, static_cast<Handle*>(apd_)); break;
    case SQL_ATTR_IMP_ROW_DESC: storeValue<SQLHANDLE>(value, static_cast<Handle*>(&ird_)); break;
    case SQL_ATTR_IMP_PARAM_DESC: storeValue<SQLHANDLE>(value, static_cast<Handle*>(&ipd_)); break;
    case SQL_ATTR_CURSOR_TYPE: storeValue<SQLULEN>(value, cursorType_); break;
    case SQL_ATTR_CURSOR_SCROLLABLE:
      storeValue<SQLULEN>(value, cursorType_ == SQL_CURSOR_FORWARD_ONLY ? SQL_NONSCROLLABLE : SQL_SCROLLABLE);
      break;
    case SQL_ATTR_CURSOR_SENSITIVITY: storeValue<SQLULEN>(value, SQL_INSENSITIVE); break;
    case SQL_ATTR_CONCURRENCY: storeValue<SQLULEN>(value, concurrency_); break;
    case SQL_ATTR_MAX_ROWS: storeValue<SQLULEN>(value, maxRows_); break;
    case SQL_ATTR_MAX_LENGTH: storeValue<SQLULEN>(value, maxLength_); break;
    case SQL_ATTR_QUERY_TIMEOUT: storeValue<SQLULEN>(value, queryTimeout_); break;
    case SQL_ATTR_NOSCAN: storeValue<SQLULEN>(value, noScan_ ? SQL_NOSCAN_ON : SQL_NOSCAN_OFF); break;
    case SQL_ATTR_RETRIEVE_DATA: storeValue<SQLULEN>(value, retrieveData_); break;
    case SQL_ATTR_METADATA_ID: storeValue<SQLULEN>(value, metadataId_ ? SQL_TRUE : SQL_FALSE); break;
    case SQL_ATTR_ROW_ARRAY_SIZE: storeValue<SQLULEN>(value, ard_->arraySize); break;
    case SQL_ROWSET_SIZE: storeValue<SQLULEN>(value, ird_.rowsetSize); break;
    case SQL_ATTR_ROW_BIND_TYPE: storeValue<SQLULEN>(value, ard_->bindType); break;
    case SQL_ATTR_ROW_BIND_OFFSET_PTR: storeValue<SQLPOINTER>(value, ard_->bindOffsetPtr); break;
    case SQL_ATTR_ROW_STATUS_PTR: storeValue<SQLPOINTER>(value, ird_.arrayStatusPtr); break;
    case SQL_ATTR_ROWS_FETCHED_PTR: storeValue<SQLPOINTER>(value, ird_.rowsProcessedPtr); break;
    case SQL_ATTR_ROW_OPERATION_PTR: storeValue<SQLPOINTER>(value, ard_->arrayStatusPtr); break;
    case SQL_ATTR_PARAMSET_SIZE: storeValue<SQLULEN>(value, apd_->arraySize); break;
    case SQL_ATTR_PARAM_BIND_TYPE: storeValue<SQLULEN>(value, apd_->bindType); break;
    case SQL_ATTR_PARAM_BIND_OFFSET_PTR: storeValue<SQLPOINTER>(value, apd_->bindOffsetPtr); break;
    case SQL_ATTR_PARAM_OPERATION_PTR: storeValue<SQLPOINTER>(value, apd_->arrayStatusPtr); break;
    case SQL_ATTR_PARAM_STATUS_PTR: storeValue<SQLPOINTER>(value, ipd_.arrayStatusPtr); break;
    case SQL_ATTR_PARAMS_PROCESSED_PTR: storeValue<SQLPOINTER>(value, ipd_.rowsProcessedPtr); break;
    case SQL_ATTR_USE_BOOKMARKS: storeValue<SQLULEN>(value, positioned_.useBookmarks); break;
    case SQL_ATTR_FETCH_BOOKMARK_PTR: storeValue<SQLPOINTER>(value, positioned_.fetchBookmarkPtr); break;
    case SQL_ATTR_ASYNC_ENABLE: storeValue<SQLULEN>(value, SQL_ASYNC_ENABLE_OFF); break;
    case SQL_ATTR_ENABLE_AUTO_IPD: storeValue<SQLULEN>(value, SQL_FALSE); break;
    case SQL_ATTR_KEYSET_SIZE: case SQL_ATTR_SIMULATE_CURSOR: storeValue<SQLULEN>(value, 0); break;
    case SQL_ATTR_ROW_NUMBER:
      if (!cursorOpen_ || position_ < 0) throw Error("24000", "Invalid cursor state: no current row");
      storeValue<SQLULEN>(value, static_cast<SQLULEN>(position_ + 1));
      break;
    default:
      throw Error("HY092", "Invalid statement attribute " + std::to_string(attribute));
  }
}

std::string Statement::cursorName() const {
  if (!cursorName_.empty()) return cursorName_;
  char buf[40];
  std::snprintf(buf, sizeof buf, "SQL_CUR%p", static_cast<const void*>(this));
  return buf;
}

void Statement::setCursorName(std::string name) {
  if (name.empty() || name.rfind("SQL_CUR", 0) == 0 || name.rfind("SQLCUR", 0) == 0)
    throw Error("34000", "Invalid cursor name");
  // SQL_MAX_CURSOR_NAME_LEN (63 characters, PostgreSQL's identifier limit): a longer name is cut there and
  // the application told (01004), as SQLSetCursorName specifies.
  constexpr std::size_t kMaxChars = info_values::kMaxNameLen;
  std::size_t chars = 0, cut = name.size();
  for (std::size_t i = 0; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    if (chars++ == kMaxChars) {
      cut = i;
      break;
    }
  }
  if (cut < name.size()) {
    name.resize(cut);
    diag().add("01004", "String data, right truncated: the cursor name was cut to " + std::to_string(kMaxChars) + " characters");
  }
  if (cursorOpen_) throw Error("24000", "Invalid cursor state");
  for (const auto& s : conn_.statements())
    if (s.get() != this && s->cursorName_ == name) throw Error("3C000", "Duplicate cursor name");
  cursorName_ = std::move(name);
}

}  // namespace dsql::driver
