// SQLAllocHandle / SQLFreeHandle / SQLFreeStmt / environment attributes.
#include <cstring>
#include <memory>

#include "driver/calls/calls.h"
#include "driver/calls/attr_width.h"
#include "driver/calls/entry.h"
#include "driver/handles/connection.h"
#include "driver/handles/descriptor.h"
#include "driver/handles/environment.h"
#include "driver/handles/statement.h"

namespace dsql::driver::calls {

SQLRETURN allocHandle(SQLSMALLINT type, SQLHANDLE input, SQLHANDLE* output) {
  switch (type) {
    case SQL_HANDLE_ENV:
      // The one handle without a parent: the application owns it until SQLFreeHandle(SQL_HANDLE_ENV).
      if (!output) return SQL_ERROR;
      try {
        *output = static_cast<Handle*>(std::make_unique<Environment>().release());
      } catch (...) {
        *output = SQL_NULL_HENV;
        return SQL_ERROR;
      }
      return SQL_SUCCESS;
    case SQL_HANDLE_DBC:
      return entry<Environment>(input, "SQLAllocHandle(DBC)", [&](Environment& env) -> SQLRETURN {
        if (!output) throw Error("HY009", "Invalid use of null pointer");
        *output = SQL_NULL_HDBC;
        if (env.odbcVersion == 0) throw Error("HY010", "Function sequence error: set SQL_ATTR_ODBC_VERSION first");
        *output = static_cast<Handle*>(&env.newConnection());
        return SQL_SUCCESS;
      });
    case SQL_HANDLE_STMT:
      return entry<Connection>(input, "SQLAllocHandle(STMT)", [&](Connection& c) -> SQLRETURN {
        if (!output) throw Error("HY009", "Invalid use of null pointer");
        *output = SQL_NULL_HSTMT;
        if (!c.connected()) throw Error("08003", "Connection not open");
        *output = static_cast<Handle*>(&c.newStatement());
        return SQL_SUCCESS;
      });
    case SQL_HANDLE_DESC:
      return entry<Connection>(input, "SQLAllocHandle(DESC)", [&](Connection& c) -> SQLRETURN {
        if (!output) throw Error("HY009", "Invalid use of null pointer");
        *output = SQL_NULL_HDESC;
        if (!c.connected()) throw Error("08003", "Connection not open");
        *output = static_cast<Handle*>(&c.newDescriptor());
        return SQL_SUCCESS;
      });
    default:
      // The handle type is invalid; with a valid input handle, report HY092 on it.
      for (HandleKind kind : {HandleKind::Environment, HandleKind::Connection}) {
        if (Handle* h = Handle::lookup(input, kind)) {
          std::lock_guard<std::recursive_mutex> lock(h->callMutex());
          h->diag().clear();
          h->diag().add("HY092", "Invalid handle type " + std::to_string(type));
          return SQL_ERROR;
        }
      }
      return SQL_INVALID_HANDLE;
  }
}

SQLRETURN freeHandle(SQLSMALLINT type, SQLHANDLE handle) {
  switch (type) {
    case SQL_HANDLE_ENV:
      return release<Environment>(handle, "SQLFreeHandle(ENV)", [](Environment& env) {
        if (env.hasConnections()) throw Error("HY010", "Function sequence error: free the connections first");
        return std::unique_ptr<Environment>(&env);
      });
    case SQL_HANDLE_DBC:
      return release<Connection>(handle, "SQLFreeHandle(DBC)", [](Connection& c) {
        if (c.connected()) throw Error("HY010", "Function sequence error: disconnect first");
        std::lock_guard<std::recursive_mutex> envLock(c.environment().callMutex());
        return c.environment().takeConnection(c);
      });
    case SQL_HANDLE_STMT:
      return release<Statement>(handle, "SQLFreeHandle(STMT)", [](Statement& s) { return s.connection().takeStatement(s); });
    case SQL_HANDLE_DESC:
      return release<Descriptor>(handle, "SQLFreeHandle(DESC)", [](Descriptor& d) {
        if (!d.isExplicit()) throw Error("HY017", "Invalid use of an automatically allocated descriptor handle");
        return d.connection().takeDescriptor(d);
      });
    default:
      return SQL_INVALID_HANDLE;
  }
}

SQLRETURN freeStmt(SQLHSTMT stmt, SQLUSMALLINT option) {
  if (option == SQL_DROP) return freeHandle(SQL_HANDLE_STMT, stmt);
  return entry<Statement>(stmt, "SQLFreeStmt", [&](Statement& s) -> SQLRETURN {
    switch (option) {
      case SQL_CLOSE: s.closeCursor(false); return SQL_SUCCESS;
      case SQL_UNBIND: s.unbindColumns(); return SQL_SUCCESS;
      case SQL_RESET_PARAMS: s.resetParams(); return SQL_SUCCESS;
      default: throw Error("HY092", "Invalid SQLFreeStmt option " + std::to_string(option));
    }
  });
}

SQLRETURN setEnvAttr(SQLHENV env, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER) {
  return entry<Environment>(env, "SQLSetEnvAttr", [&](Environment& e) {
    e.setAttr(attribute, value);
    return SQL_SUCCESS;
  });
}

SQLRETURN getEnvAttr(SQLHENV env, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER bufferLength,
                     SQLINTEGER* length) {
  return entry<Environment>(env, "SQLGetEnvAttr", [&](Environment& e) {
    IntegerOut out;
    e.getAttr(attribute, out.scratch());
    SQLINTEGER written = out.copyTo(value, bufferLength);
    if (length) *length = written;
    return SQL_SUCCESS;
  });
}

}  // namespace dsql::driver::calls
