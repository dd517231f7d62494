// SQL expressions for the type-describing columns of SQLColumns / SQLProcedureColumns / SQLSpecialColumns
// (DATA_TYPE, TYPE_NAME, COLUMN_SIZE, ...), GENERATED from the PG type table: a CASE over type OIDs whose
// branches are the values describeColumn() gives, with typmod formulas fitted to (and verified against)
// describeColumn() for the typmod-dependent families. Also the per-field rules shared with SQLGetTypeInfo.
#pragma once

#include "driver/convert/pg_types.h"

#include <optional>
#include <string>
#include <string_view>

namespace dsql::driver::catalog_detail {

// One describing field of a column, as ODBC result sets report it (nullopt = NULL: "not applicable").
enum class TypeField {
  DataType, SqlDataType, DatetimeSub, ColumnSize, BufferLength, DecimalDigits, NumPrecRadix, CharOctetLength
};
std::optional<long long> fieldValue(TypeField field, const ColumnShape& shape);

struct TypeColumnExprs {
  std::string dataType, typeName, columnSize, bufferLength, decimalDigits, numPrecRadix, sqlDataType,
      datetimeSub, charOctetLength;  // each already cast to its ODBC SQL type (int2 / int4 / varchar(128))
};

// oidExpr / typmodExpr: SQL expressions of the column's (base) type OID and type modifier;
// fallbackTypeName: SQL expression naming a type the table does not know.
TypeColumnExprs typeColumnExprs(std::string_view oidExpr, std::string_view typmodExpr,
                                std::string_view fallbackTypeName, const TypeOptions& options);

// Single-quoted SQL literal of a constant string from our own tables (doubles embedded quotes).
std::string sqlLiteral(std::string_view text);

}  // namespace dsql::driver::catalog_detail
