// SQLAllocHandle / SQLFreeHandle / SQLFreeStmt / environment attributes.
#include <cstring>

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
      if (!output) return SQL_ERROR;
      try {
        *output = static_cast<Handle*>(new Environment());
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
        *output = static_cast<Handle*>(new Connection(env));
        return SQL_SUCCESS;
      });
    case SQL_HANDLE_STMT:
      return entry<Connection>(input, "SQLAllocHandle(STMT)", [&](Connection& c) -> SQLRETURN {
        if (!output) throw Error("HY009", "Invalid use of null pointer");
        *output = SQL_NULL_HSTMT;
        if (!c.connected()) throw Error("08003", "Connection not open");
        *output = static_cast<Handle*>(new Statement(c));
        return SQL_SUCCESS;
      });
    case SQL_HANDLE_DESC:
      return entry<Connection>(input, "SQLAllocHandle(DESC)", [&](Connection& c) -> SQLRETURN {
        if (!output) throw Error("HY009", "Invalid use of null pointer");
        *output = SQL_NULL_HDESC;
        if (!c.connected()) throw Error("08003", "Connection not open");
        auto* d = new Descriptor(c, DescRole::Explicit);
        c.addDescriptor(d);
        *output = static_cast<Handle*>(d);
        return SQL_SUCCESS;
      });
    default:
      // The handle type is invalid; with a valid input handle, report HY092 on it.
      if (Handle* h = Handle::lookup(input, HandleKind::Environment)) {
        h->diag().clear();
        h->diag().add("HY092", "Invalid handle type " + std::to_string(type));
        return SQL_ERROR;
      }
      if (Handle* h = Handle::lookup(input, HandleKind::Connection)) {
        h->diag().clear();
        h->diag().add("HY092", "Invalid handle type " + std::to_string(type));
        return SQL_ERROR;
      }
      return SQL_INVALID_HANDLE;
  }
}

SQLRETURN freeHandle(SQLSMALLINT type, SQLHANDLE handle) {
  switch (type) {
    case SQL_HANDLE_ENV: {
      auto* env = static_cast<Environment*>(Handle::lookup(handle, HandleKind::Environment));
      if (!env) return SQL_INVALID_HANDLE;
      {
        std::lock_guard<std::recursive_mutex> lock(env->callMutex());
        env->diag().clear();
        if (env->connections > 0) {
          env->diag().add("HY010", "Function sequence error: free the connections first");
          return SQL_ERROR;
        }
      }
      delete env;
      return SQL_SUCCESS;
    }
    case SQL_HANDLE_DBC: {
      auto* c = static_cast<Connection*>(Handle::lookup(handle, HandleKind::Connection));
      if (!c) return SQL_INVALID_HANDLE;
      Environment& env = c->environment();
      std::lock_guard<std::recursive_mutex> envLock(env.callMutex());
      {
        std::lock_guard<std::recursive_mutex> lock(c->callMutex());
        c->diag().clear();
        if (c->connected()) {
          c->diag().add("HY010", "Function sequence error: disconnect first");
          return SQL_ERROR;
        }
        for (Statement* s : std::vector<Statement*>(c->statements())) delete s;
      }
      delete c;
      return SQL_SUCCESS;
    }
    case SQL_HANDLE_STMT: {
      auto* s = static_cast<Statement*>(Handle::lookup(handle, HandleKind::Statement));
      if (!s) return SQL_INVALID_HANDLE;
      std::lock_guard<std::recursive_mutex> lock(s->callMutex());
      delete s;
      return SQL_SUCCESS;
    }
    case SQL_HANDLE_DESC: {
      auto* d = static_cast<Descriptor*>(Handle::lookup(handle, HandleKind::Descriptor));
      if (!d) return SQL_INVALID_HANDLE;
      std::lock_guard<std::recursive_mutex> lock(d->callMutex());
      d->diag().clear();
      if (!d->isExplicit()) {
        d->diag().add("HY017", "Invalid use of an automatically allocated descriptor handle");
        return SQL_ERROR;
      }
      Connection& c = d->connection();
      for (Statement* s : c.statements()) s->descriptorFreed(d);
      c.removeDescriptor(d);
      delete d;
      return SQL_SUCCESS;
    }
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
