// SQLPutData's piece rules (data_pieces.h), for the data-at-execution columns of SQLSetPos and
// SQLBulkOperations.
#include "driver/handles/data_pieces.h"

#include <cstring>

#include "driver/handles/descriptor.h"
#include "shim/common/error.h"

namespace dsql::driver {

void appendDataPiece(std::optional<std::string>& value, SQLSMALLINT cType, SQLPOINTER data, SQLLEN length) {
  if (length == SQL_NULL_DATA) {
    value.reset();
    return;
  }
  const bool pieceable = cType == SQL_C_CHAR || cType == SQL_C_WCHAR || cType == SQL_C_BINARY;
  if (value && !pieceable) throw Error("HY019", "Non-character and non-binary data sent in pieces");
  if (!data && length != 0) throw Error("HY009", "Invalid use of null pointer");
  if (length == SQL_NTS) {
    length = cType == SQL_C_WCHAR
                 ? static_cast<SQLLEN>(std::char_traits<char16_t>::length(static_cast<const char16_t*>(data)) * 2)
                 : static_cast<SQLLEN>(std::strlen(static_cast<const char*>(data)));
  } else if (length < 0) {
    throw Error("HY090", "Invalid string or buffer length " + std::to_string(length));
  }
  if (const SQLLEN fixed = fixedCTypeSize(cType); fixed > 0) length = fixed;
  if (!value) value.emplace();
  value->append(static_cast<const char*>(data), static_cast<std::size_t>(length));
}

}  // namespace dsql::driver
