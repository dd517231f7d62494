// Statement-level calls: execution, parameters, cursors, attributes.
#include "driver/calls/calls.h"
#include "driver/calls/attr_width.h"
#include "driver/calls/entry.h"
#include "driver/handles/connection.h"
#include "driver/handles/statement.h"

namespace dsql::driver::calls {
namespace {
// How long SQLCancel waits for the server to take a cancel request before returning anyway.
constexpr std::chrono::milliseconds kCancelWait{500};
}  // namespace

SQLRETURN execDirect(SQLHSTMT stmt, const void* text, SQLINTEGER length, bool wide) {
  return entry<Statement>(stmt, "SQLExecDirect", [&](Statement& s) {
    if (!text) throw Error("HY009", "Invalid use of null pointer");
    return s.execDirect(inText(text, length, wide));
  });
}

SQLRETURN prepare(SQLHSTMT stmt, const void* text, SQLINTEGER length, bool wide) {
  return entry<Statement>(stmt, "SQLPrepare", [&](Statement& s) {
    if (!text) throw Error("HY009", "Invalid use of null pointer");
    s.prepare(inText(text, length, wide));
    return SQL_SUCCESS;
  });
}

SQLRETURN execute(SQLHSTMT stmt) {
  return entry<Statement>(stmt, "SQLExecute", [&](Statement& s) { return s.execute(); });
}

SQLRETURN bindParameter(SQLHSTMT stmt, SQLUSMALLINT number, SQLSMALLINT ioType, SQLSMALLINT cType,
                        SQLSMALLINT sqlType, SQLULEN columnSize, SQLSMALLINT digits, SQLPOINTER value,
                        SQLLEN bufferLength, SQLLEN* indicator) {
  return entry<Statement>(stmt, "SQLBindParameter", [&](Statement& s) {
    s.bindParameter(number, ioType, cType, sqlType, columnSize, digits, value, bufferLength, indicator);
    return SQL_SUCCESS;
  });
}

SQLRETURN numParams(SQLHSTMT stmt, SQLSMALLINT* count) {
  return entry<Statement>(stmt, "SQLNumParams", [&](Statement& s) {
    SQLSMALLINT n = s.numParams();
    if (count) *count = n;
    return SQL_SUCCESS;
  });
}

SQLRETURN describeParam(SQLHSTMT stmt, SQLUSMALLINT number, SQLSMALLINT* sqlType, SQLULEN* size,
                        SQLSMALLINT* digits, SQLSMALLINT* nullable) {
  return entry<Statement>(stmt, "SQLDescribeParam", [&](Statement& s) {
    s.describeParam(number, sqlType, size, digits, nullable);
    return SQL_SUCCESS;
  });
}

SQLRETURN paramData(SQLHSTMT stmt, SQLPOINTER* token) {
  return entry<Statement>(stmt, "SQLParamData", [&](Statement& s) {
    return s.columnDataPending() ? s.columnParamData(token) : s.paramData(token);  // SQLSetPos/SQLBulkOperations
  });
}

SQLRETURN putData(SQLHSTMT stmt, SQLPOINTER data, SQLLEN length) {
  return entry<Statement>(stmt, "SQLPutData", [&](Statement& s) {
    if (s.columnDataPending()) s.columnPutData(data, length);
    else s.putData(data, length);
    return SQL_SUCCESS;
  });
}

// SQLCancel (https://learn.microsoft.com/sql/odbc/reference/syntax/sqlcancel-function) may come from
// another thread while the connection is busy, so it does not wait for the connection's call lock:
// - the lock is free: nothing runs on the connection, so this statement is idle. unixODBC then treats the
//   statement as SQLFreeStmt(SQL_CLOSE) would leave it; Statement::cancel closes it to agree.
// - the lock is held and this statement's call is the running one: a CancelRequest goes to the server
//   (pg::Canceller only: thread-safe, bounded even when the server is silent); the running call ends with
//   HY008 when the server stops the statement, or gives the connection up if it never answers.
// - the lock is held by another statement's call: this one is idle; its close waits for its next call.
// Nothing may escape this extern "C" path: every exception becomes SQL_ERROR.
SQLRETURN cancel(SQLHSTMT stmt) {
  Handle* h = Handle::lookup(stmt, HandleKind::Statement);
  if (!h) return SQL_INVALID_HANDLE;
  auto& s = static_cast<Statement&>(*h);
  try {
    std::unique_lock<std::recursive_mutex> lock(s.callMutex(), std::try_to_lock);
    if (lock.owns_lock()) {
      s.diag().clear();
      try {
        auto scope = s.callScope();
        // Data-at-execution columns of SQLSetPos/SQLBulkOperations: the operation is abandoned and the cursor
        // stays open (unixODBC returns the statement to its cursor state); anything else closes the cursor.
        if (s.columnDataPending()) s.abandonColumnData();
        else s.cancel();
      } catch (...) {
        recordException(s, "SQLCancel");
        return s.diag().finish(SQL_ERROR);
      }
      return s.diag().finish(SQL_SUCCESS);
    }
    Connection& c = s.connection();
    if (!c.queryTimer().running(&s)) {
      s.requestClose();
      return SQL_SUCCESS;
    }
    std::string error;
    if (c.canceller().send(error, kCancelWait)) return SQL_SUCCESS;
    log::warn("SQLCancel: " + error);  // no diagnostic: the statement's records belong to the running call
    return SQL_ERROR;
  } catch (...) {
    return SQL_ERROR;
  }
}

SQLRETURN closeCursor(SQLHSTMT stmt) {
  return entry<Statement>(stmt, "SQLCloseCursor", [&](Statement& s) {
    s.closeCursor(true);
    return SQL_SUCCESS;
  });
}

SQLRETURN rowCount(SQLHSTMT stmt, SQLLEN* count) {
  return entry<Statement>(stmt, "SQLRowCount", [&](Statement& s) {
    SQLLEN n = s.rowCount();
    if (count) *count = n;
    return SQL_SUCCESS;
  });
}

SQLRETURN moreResults(SQLHSTMT stmt) {
  return entry<Statement>(stmt, "SQLMoreResults", [&](Statement& s) { return s.moreResults(); });
}

SQLRETURN getCursorName(SQLHSTMT stmt, void* name, SQLSMALLINT bufferLength, SQLSMALLINT* length, bool wide) {
  return entry<Statement>(stmt, "SQLGetCursorName", [&](Statement& s) {
    truncated(s, outText(s.cursorName(), name, bufferLength, length, wide));
    return SQL_SUCCESS;
  });
}

SQLRETURN setCursorName(SQLHSTMT stmt, const void* name, SQLSMALLINT length, bool wide) {
  return entry<Statement>(stmt, "SQLSetCursorName", [&](Statement& s) {
    if (!name) throw Error("HY009", "Invalid use of null pointer");
    s.setCursorName(inText(name, length, wide));
    return SQL_SUCCESS;
  });
}

SQLRETURN setStmtAttr(SQLHSTMT stmt, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length) {
  return entry<Statement>(stmt, "SQLSetStmtAttr", [&](Statement& s) {
    s.setAttr(attribute, value, length);
    return SQL_SUCCESS;
  });
}

namespace {

// unixODBC relays an ODBC 2 application's SQLGetStmtOption as SQLGetStmtAttr with BufferLength
// SQL_MAX_OPTION_STRING_LENGTH. Those options are 32-bit UDWORDs, except the four that 64-bit ODBC widened
// to SQLULEN (Microsoft's "ODBC 64-Bit Information"): state that width so an application's UDWORD is not
// overrun.
SQLINTEGER statedStmtWidth(SQLINTEGER attribute, SQLINTEGER bufferLength) {
  if (bufferLength != SQL_MAX_OPTION_STRING_LENGTH) return bufferLength;
  bool wide = attribute == SQL_KEYSET_SIZE || attribute == SQL_MAX_LENGTH || attribute == SQL_MAX_ROWS ||
              attribute == SQL_ROWSET_SIZE;
  return wide ? static_cast<SQLINTEGER>(sizeof(SQLULEN)) : SQL_IS_UINTEGER;
}

}  // namespace

SQLRETURN getStmtAttr(SQLHSTMT stmt, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER bufferLength,
                      SQLINTEGER* length) {
  return entry<Statement>(stmt, "SQLGetStmtAttr", [&](Statement& s) {
    IntegerOut out;  // every statement attribute is an integer or a pointer
    s.getAttr(attribute, out.scratch(), nullptr);
    SQLINTEGER written = out.copyTo(value, statedStmtWidth(attribute, bufferLength));
    if (length) *length = written;
    return SQL_SUCCESS;
  });
}

}  // namespace dsql::driver::calls
