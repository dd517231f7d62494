// The common base of the four ODBC handle kinds: a type tag, a diagnostic area, and a process-wide
// registry of live handles, so that a garbage, freed or wrong-kind handle is answered with
// SQL_INVALID_HANDLE instead of being dereferenced.
#pragma once

#include <sql.h>

#include <cstdint>
#include <mutex>

#include "driver/diag/diagnostics.h"

namespace dsql::driver {

enum class HandleKind : std::uint32_t {
  Environment = SQL_HANDLE_ENV,
  Connection = SQL_HANDLE_DBC,
  Statement = SQL_HANDLE_STMT,
  Descriptor = SQL_HANDLE_DESC,
};

class Handle {
 public:
  explicit Handle(HandleKind kind);
  virtual ~Handle();
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  HandleKind kind() const noexcept { return kind_; }
  Diagnostics& diag() noexcept { return diag_; }
  // The mutex that serialises calls on this handle: a connection's, shared by its statements and
  // descriptors (libpq connections are not thread-safe); the environment's own.
  virtual std::recursive_mutex& callMutex() = 0;

  // Returns the handle if `raw` is a live handle of `kind`, else nullptr. Never dereferences `raw` first.
  static Handle* lookup(void* raw, HandleKind kind) noexcept;
  // Takes the handle out of the registry ahead of its destruction (the destructor does it too), so no
  // lookup can find a handle whose members are already being destroyed.
  void retire() noexcept;

 private:
  HandleKind kind_;
  Diagnostics diag_;
};

}  // namespace dsql::driver
