// One SQLPutData piece of a data-at-execution value (ODBC reference: SQLPutData): SQL_NULL_DATA makes the
// value NULL, SQL_NTS measures a character piece (UTF-16 units for SQL_C_WCHAR), a fixed-size C type takes
// its size whatever the length says, and only character and binary data may come in more than one piece.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <optional>
#include <string>

namespace dsql::driver {

// Appends the piece to `value` (nullopt: nothing sent yet, or NULL). `cType` is the buffer's C type, already
// resolved from SQL_C_DEFAULT. Throws HY019 (a second piece of other data), HY009, HY090.
void appendDataPiece(std::optional<std::string>& value, SQLSMALLINT cType, SQLPOINTER data, SQLLEN length);

}  // namespace dsql::driver
