// Entry: the one wrapper every ODBC call goes through (release: its twin for SQLFreeHandle). It validates the handle against the live-handle
// registry (SQL_INVALID_HANDLE otherwise), serialises calls on the connection, clears the handle's
// diagnostics, traces the call, and turns every exception into a diagnostic record. Only here are
// exceptions caught. Text helpers convert ANSI (UTF-8) or Unicode (UTF-16) arguments via odbc_strings.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>

#include "driver/convert/odbc_strings.h"
#include "driver/handles/handle.h"
#include "driver/pg/pg.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::driver::calls {

// The server's name as it appears in diagnostic prefixes, for records raised by the server.
std::string_view serverOriginOf(Handle& h);
void recordException(Handle& h, const char* function);

template <class H, class Body>
SQLRETURN entry(SQLHANDLE raw, const char* function, Body&& body) {
  constexpr HandleKind kind = H::kKind;
  Handle* h = Handle::lookup(raw, kind);
  if (!h) return SQL_INVALID_HANDLE;
  std::lock_guard<std::recursive_mutex> lock(h->callMutex());
  h->diag().clear();
  if (log::enabled(log::Level::Debug)) log::debug(std::string(function) + " on " + std::to_string(reinterpret_cast<std::uintptr_t>(raw)));
  SQLRETURN rc;
  try {
    H& target = static_cast<H&>(*h);
    // Statements and connections bound the call's waits for the server (SQL_ATTR_QUERY_TIMEOUT,
    // SQL_ATTR_CONNECTION_TIMEOUT) and publish the running statement for a cross-thread SQLCancel.
    if constexpr (requires(H& x) { x.callScope(); }) {
      auto scope = target.callScope();
      rc = body(target);
    } else {
      rc = body(target);
    }
  } catch (...) {
    recordException(*h, function);
    rc = SQL_ERROR;
  }
  return h->diag().finish(rc);
}

// The one path by which a handle is freed: the same registry check, lock, diagnostics and exception
// barrier as entry(). `detach` checks that the handle may be freed (throwing HY010/HY017 otherwise) and
// takes it out of its parent, which owned it; the handle is then destroyed here. A statement or
// descriptor is destroyed under its connection's lock (its destructor may still use the session); a
// connection or environment, whose lock lives inside it, after that lock is released.
template <class H, class Detach>
SQLRETURN release(SQLHANDLE raw, const char* function, Detach&& detach) {
  constexpr HandleKind kind = H::kKind;
  Handle* h = Handle::lookup(raw, kind);
  if (!h) return SQL_INVALID_HANDLE;
  std::unique_ptr<H> owned;
  std::unique_lock<std::recursive_mutex> lock(h->callMutex());
  h->diag().clear();
  if (log::enabled(log::Level::Debug)) log::debug(std::string(function) + " on " + std::to_string(reinterpret_cast<std::uintptr_t>(raw)));
  try {
    owned = detach(static_cast<H&>(*h));
    if (!owned) throw Error("HY000", "Internal error: the handle has no owner");
  } catch (...) {
    recordException(*h, function);
    return h->diag().finish(SQL_ERROR);
  }
  h->retire();
  constexpr bool ownLock = kind == HandleKind::Connection || kind == HandleKind::Environment;
  if (ownLock) lock.unlock();
  owned.reset();  // noexcept destructors: nothing escapes
  return SQL_SUCCESS;
}

// The exception barrier of the functions that must not post diagnostics of their own (SQLGetDiagRec,
// SQLGetDiagField read them): whatever escapes `body` (an allocation failure while converting a message)
// becomes SQL_ERROR, never an exception out of an extern "C" function.
template <class Body>
SQLRETURN withoutDiagnostics(Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return SQL_ERROR;
  }
}

// ---- text arguments: `wide` selects SQLWCHAR (UTF-16) over SQLCHAR (UTF-8) ----
inline std::string inText(const void* p, SQLLEN length, bool wide) {
  return wide ? inString(static_cast<const SQLWCHAR*>(p), length) : inString(static_cast<const SQLCHAR*>(p), length);
}
inline std::optional<std::string> inOptText(const void* p, SQLLEN length, bool wide) {
  return wide ? inOptString(static_cast<const SQLWCHAR*>(p), length) : inOptString(static_cast<const SQLCHAR*>(p), length);
}
// Writes `value`; returns true when truncated (callers post 01004 through `truncated()`).
template <class Len>
bool outText(std::string_view value, void* buffer, SQLLEN bufferLength, Len* length, bool wide,
             WideUnits units = WideUnits::Chars) {
  return wide ? outStringW(value, static_cast<SQLWCHAR*>(buffer), bufferLength, length, units)
              : outString(value, static_cast<SQLCHAR*>(buffer), bufferLength, length);
}
inline void truncated(Handle& h, bool wasTruncated) {
  if (wasTruncated) h.diag().add("01004", "String data, right truncated");
}

}  // namespace dsql::driver::calls
