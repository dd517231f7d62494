// Integer attribute values going out to the application (SQLGetStmtAttr, SQLGetConnectAttr,
// SQLGetEnvAttr): the handle writes its value, in the attribute's natural type (SQLULEN, SQLUINTEGER or a
// pointer, per the ODBC reference), into an 8-byte scratch; this copies it out with the width the
// application stated in BufferLength (SQL_IS_UINTEGER and SQL_IS_INTEGER: 4 bytes, SQL_IS_USMALLINT and
// SQL_IS_SMALLINT: 2, SQL_IS_POINTER: a pointer, or a plain byte count of 2, 4 or 8), and with the natural
// width when it stated none. So a 4-byte variable passed with SQL_IS_UINTEGER never has its neighbour
// overwritten, whatever the attribute's natural type. The one place this rule lives.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace dsql::driver::calls {

class IntegerOut {
 public:
  IntegerOut() { std::memset(bytes_, kUnwritten, sizeof bytes_); }
  SQLPOINTER scratch() { return bytes_; }

  // Copies the value to `out` (which may be null); returns the number of bytes written (for StringLength).
  SQLINTEGER copyTo(SQLPOINTER out, SQLINTEGER bufferLength) const {
    std::size_t natural = naturalWidth();
    std::uint64_t v = 0;
    if (natural == 8) {
      std::memcpy(&v, bytes_, 8);
    } else {
      std::uint32_t v32;
      std::memcpy(&v32, bytes_, 4);
      v = v32;
    }
    std::size_t width = statedWidth(bufferLength, natural);
    if (out) writeWidth(out, v, width);
    return static_cast<SQLINTEGER>(width);
  }

 private:
  // Bytes the handle did not write keep this pattern. Handles write 4 or 8 bytes; an 8-byte value whose
  // upper half is exactly 0xA5A5A5A5 (no count or user-space pointer is) would be taken as 4 bytes, which
  // errs on the side of writing less.
  static constexpr unsigned char kUnwritten = 0xA5;

  std::size_t naturalWidth() const {
    for (std::size_t i = 4; i < 8; ++i)
      if (bytes_[i] != kUnwritten) return 8;
    return 4;
  }

  static std::size_t statedWidth(SQLINTEGER bufferLength, std::size_t natural) {
    switch (bufferLength) {
      case SQL_IS_POINTER: return sizeof(SQLPOINTER);
      case SQL_IS_UINTEGER: case SQL_IS_INTEGER: return 4;
      case SQL_IS_USMALLINT: case SQL_IS_SMALLINT: return 2;
      case 2: case 4: case 8: return static_cast<std::size_t>(bufferLength);
      default: return natural;
    }
  }

  static void writeWidth(SQLPOINTER out, std::uint64_t v, std::size_t width) {
    if (width == 2) {
      auto n = static_cast<std::uint16_t>(v);
      std::memcpy(out, &n, 2);
    } else if (width == 4) {
      auto n = static_cast<std::uint32_t>(v);
      std::memcpy(out, &n, 4);
    } else {
      std::memcpy(out, &v, 8);
    }
  }

  alignas(8) unsigned char bytes_[8];
};

}  // namespace dsql::driver::calls
