// SQLConnect, SQLDriverConnect, SQLDisconnect, connection attributes, SQLEndTran, SQLNativeSql,
// SQLGetInfo and SQLGetFunctions.
#include <cstring>

#include "driver/calls/calls.h"
#include "driver/calls/attr_width.h"
#include "driver/calls/entry.h"
#include "driver/convert/out_value.h"
#include "driver/handles/connection.h"
#include "driver/handles/environment.h"
#include "driver/handles/statement.h"
#include "driver/info/functions.h"
#include "driver/info/info_table.h"

namespace dsql::driver::calls {
namespace {

bool isStringConnectAttr(SQLINTEGER a) {
  return a == SQL_ATTR_CURRENT_CATALOG || a == SQL_ATTR_TRACEFILE || a == SQL_ATTR_TRANSLATE_LIB;
}

// DSN and connection string are merged by now: check the values, report bad tuning values as 01S00
// (the connect goes on with their defaults), and open the connection.
void connectWith(Connection& c, Settings settings) {
  for (const auto& w : settings.validate()) c.diag().add("01S00", w);
  c.connect(std::move(settings));
}

}  // namespace

SQLRETURN connect(SQLHDBC dbc, const void* dsn, SQLSMALLINT dsnLength, const void* uid, SQLSMALLINT uidLength,
                  const void* pwd, SQLSMALLINT pwdLength, bool wide) {
  return entry<Connection>(dbc, "SQLConnect", [&](Connection& c) {
    Settings settings;
    std::string name = inText(dsn, dsnLength, wide);
    if (name.empty()) name = "DEFAULT";
    settings.loadDsn(name);
    std::string user = inText(uid, uidLength, wide);
    std::string password = inText(pwd, pwdLength, wide);
    if (!user.empty()) settings.set("UID", user);
    if (!password.empty()) settings.set("PWD", password);
    connectWith(c, std::move(settings));
    return SQL_SUCCESS;
  });
}

SQLRETURN driverConnect(SQLHDBC dbc, SQLHWND, const void* in, SQLSMALLINT inLength, void* out, SQLSMALLINT outMax,
                        SQLSMALLINT* outLength, SQLUSMALLINT completion, bool wide) {
  return entry<Connection>(dbc, "SQLDriverConnect", [&](Connection& c) {
    if (completion != SQL_DRIVER_NOPROMPT && completion != SQL_DRIVER_COMPLETE &&
        completion != SQL_DRIVER_PROMPT && completion != SQL_DRIVER_COMPLETE_REQUIRED)
      throw Error("HY110", "Invalid driver completion");
    // There is no dialog to show: every completion mode behaves as SQL_DRIVER_NOPROMPT.
    auto entries = parseConnectionString(inText(in, inLength, wide));
    Settings settings;
    for (const auto& e : entries) {
      if (findConnectionKey(e.key) == findConnectionKey("DSN") && !e.value.empty()) settings.loadDsn(e.value);
    }
    settings.apply(entries);
    connectWith(c, std::move(settings));
    truncated(c, outText(c.outString(), out, outMax, outLength, wide));
    return SQL_SUCCESS;
  });
}

SQLRETURN disconnect(SQLHDBC dbc) {
  return entry<Connection>(dbc, "SQLDisconnect", [&](Connection& c) {
    if (!c.connected()) throw Error("08003", "Connection not open");
    for (const auto& s : c.statements())
      if (s->state() == Statement::State::NeedData) throw Error("HY010", "Function sequence error: a statement needs data");
    c.disconnect();
    return SQL_SUCCESS;
  });
}

SQLRETURN setConnectAttr(SQLHDBC dbc, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length, bool wide) {
  return entry<Connection>(dbc, "SQLSetConnectAttr", [&](Connection& c) {
    if (isStringConnectAttr(attribute)) {
      std::string text = inText(value, length, wide);
      c.setAttr(attribute, text.data(), static_cast<SQLINTEGER>(text.size()));
    } else {
      c.setAttr(attribute, value, length);
    }
    return SQL_SUCCESS;
  });
}

SQLRETURN getConnectAttr(SQLHDBC dbc, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER bufferLength,
                         SQLINTEGER* length, bool wide) {
  return entry<Connection>(dbc, "SQLGetConnectAttr", [&](Connection& c) {
    if (isStringConnectAttr(attribute)) {
      std::string text;
      c.getAttr(attribute, nullptr, &text);
      truncated(c, outText(text, value, bufferLength, length, wide, WideUnits::Bytes));
    } else {
      IntegerOut out;
      c.getAttr(attribute, out.scratch(), nullptr);
      SQLINTEGER written = out.copyTo(value, bufferLength);
      if (length) *length = written;
    }
    return SQL_SUCCESS;
  });
}

SQLRETURN endTran(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT completion) {
  if (completion != SQL_COMMIT && completion != SQL_ROLLBACK) {
    if (type == SQL_HANDLE_DBC)
      return entry<Connection>(handle, "SQLEndTran", [](Connection&) -> SQLRETURN {
        throw Error("HY012", "Invalid transaction operation code");
      });
  }
  if (type == SQL_HANDLE_ENV) {
    return entry<Environment>(handle, "SQLEndTran(ENV)", [&](Environment&) -> SQLRETURN {
      throw Error("HYC00", "SQLEndTran on an environment handle is handled by the driver manager");
    });
  }
  if (type != SQL_HANDLE_DBC) return SQL_INVALID_HANDLE;
  return entry<Connection>(handle, "SQLEndTran", [&](Connection& c) {
    // Cursors survive the transaction's end (SQL_CB_PRESERVE): the rest of a streaming result is read into
    // memory before COMMIT or ROLLBACK goes out, so the application keeps fetching where it was.
    c.endTransaction(completion == SQL_COMMIT);
    return SQL_SUCCESS;
  });
}

SQLRETURN nativeSql(SQLHDBC dbc, const void* in, SQLINTEGER inLength, void* out, SQLINTEGER outMax,
                    SQLINTEGER* outLength, bool wide) {
  return entry<Connection>(dbc, "SQLNativeSql", [&](Connection& c) {
    if (!in) throw Error("HY009", "Invalid use of null pointer");
    if (!c.connected()) throw Error("08003", "Connection not open");
    std::string text = inText(in, inLength, wide);
    std::string native = shim::sql::translate(text, c.shimOptions()).nativeSql();
    truncated(c, outText(native, out, outMax, outLength, wide));
    return SQL_SUCCESS;
  });
}

SQLRETURN getInfo(SQLHDBC dbc, SQLUSMALLINT type, SQLPOINTER value, SQLSMALLINT bufferLength, SQLSMALLINT* length,
                  bool wide) {
  return entry<Connection>(dbc, "SQLGetInfo", [&](Connection& c) {
    InfoValue v = driver::getInfo(type, c.infoContext());
    if (auto* s = std::get_if<std::string>(&v)) {
      truncated(c, outText(*s, value, bufferLength, length, wide, WideUnits::Bytes));
    } else if (auto* u16 = std::get_if<SQLUSMALLINT>(&v)) {
      storeValue(value, *u16, length);
    } else if (auto* u32 = std::get_if<SQLUINTEGER>(&v)) {
      storeValue(value, *u32, length);
    } else if (auto* ul = std::get_if<SQLULEN>(&v)) {
      storeValue(value, *ul, length);
    }
    return SQL_SUCCESS;
  });
}

SQLRETURN getFunctions(SQLHDBC dbc, SQLUSMALLINT function, SQLUSMALLINT* supported) {
  return entry<Connection>(dbc, "SQLGetFunctions", [&](Connection&) {
    if (!supported) throw Error("HY009", "Invalid use of null pointer");
    if (function == SQL_API_ODBC3_ALL_FUNCTIONS) fillFunctionBitmap(supported);
    else if (function == SQL_API_ALL_FUNCTIONS) fillFunctionArray(supported);
    else *supported = driverImplements(function) ? SQL_TRUE : SQL_FALSE;
    return SQL_SUCCESS;
  });
}

}  // namespace dsql::driver::calls
