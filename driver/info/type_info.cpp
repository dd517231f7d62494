// SQLGetTypeInfo rows, generated: for each supported OID, describeColumn(oid, -1) gives DATA_TYPE,
// COLUMN_SIZE and the rest (so TypeOptions such as wide or long character reporting apply here exactly as
// they apply to result columns). Within one DATA_TYPE the type the driver itself sends for that SQL type
// (pgOidForSqlType) comes first - the "closest mapping" the reference page asks to list first.
// Character types are listed under both families, narrow (SQL_CHAR/VARCHAR/LONGVARCHAR) and wide
// (SQL_WCHAR/...), whichever WideCharTypes chooses for result columns: every PostgreSQL character type holds
// any Unicode text, and applications ask for the family they think in (psqlODBC's Unicode driver answers
// SQL_VARCHAR and SQL_WVARCHAR alike). The other family's row is describeColumn() with WideCharTypes flipped.
#include "driver/info/type_info.h"

#include "driver/catalog/type_columns.h"
#include "shim/common/error.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace dsql::driver {
namespace {

using catalog_detail::fieldValue;
using catalog_detail::sqlLiteral;
using catalog_detail::TypeField;

constexpr unsigned kSupported[] = {kOidBool, kOidInt2, kOidInt4, kOidInt8, kOidNumeric, kOidFloat4, kOidFloat8,
                                   kOidBpchar, kOidVarchar, kOidText, kOidBytea, kOidDate, kOidTime,
                                   kOidTimestamp, kOidTimestamptz, kOidInterval, kOidUuid, kOidJson, kOidJsonb};

constexpr int kMaxNumericScale = 1000;   // PostgreSQL NUMERIC_MAX_DISPLAY_SCALE
constexpr int kMaxSecondsPrecision = 6;  // MAX_TIMESTAMP_PRECISION / MAX_INTERVAL_PRECISION

// The 19 result columns and their SQL types, in reference-page order.
struct Column {
  const char* name;
  const char* type;
};
constexpr Column kColumns[] = {
    {"TYPE_NAME", "varchar(128)"}, {"DATA_TYPE", "int2"}, {"COLUMN_SIZE", "int4"},
    {"LITERAL_PREFIX", "varchar(128)"}, {"LITERAL_SUFFIX", "varchar(128)"}, {"CREATE_PARAMS", "varchar(128)"},
    {"NULLABLE", "int2"}, {"CASE_SENSITIVE", "int2"}, {"SEARCHABLE", "int2"}, {"UNSIGNED_ATTRIBUTE", "int2"},
    {"FIXED_PREC_SCALE", "int2"}, {"AUTO_UNIQUE_VALUE", "int2"}, {"LOCAL_TYPE_NAME", "varchar(128)"},
    {"MINIMUM_SCALE", "int2"}, {"MAXIMUM_SCALE", "int2"}, {"SQL_DATA_TYPE", "int2"},
    {"SQL_DATETIME_SUB", "int2"}, {"NUM_PREC_RADIX", "int4"}, {"INTERVAL_PRECISION", "int2"},
};

struct Row {
  SQLSMALLINT dataType;
  bool closest;
  unsigned oid;
  std::vector<std::string> values;  // SQL literals, one per column
};

std::string lit(const std::optional<long long>& v) { return v ? std::to_string(*v) : "NULL"; }
std::string str(std::string_view s) { return s.empty() ? "NULL" : sqlLiteral(s); }

bool isNumeric(const ColumnShape& s) { return s.numPrecRadix != 0; }
bool isCharacter(SQLSMALLINT t) {
  return t == SQL_CHAR || t == SQL_VARCHAR || t == SQL_WCHAR || t == SQL_WVARCHAR;
}
bool isCharacterFamily(SQLSMALLINT t) { return isCharacter(t) || t == SQL_LONGVARCHAR || t == SQL_WLONGVARCHAR; }

Row makeRow(const PgTypeRow& type, const TypeOptions& options) {
  ColumnShape s = describeColumn(type.oid, -1, options);
  bool numeric = isNumeric(s);
  bool scaled = s.conciseType == SQL_NUMERIC || s.conciseType == SQL_DECIMAL;
  auto digits = fieldValue(TypeField::DecimalDigits, s);
  bool fractional = !numeric && digits.has_value();  // time, timestamp, interval with seconds
  std::optional<long long> minScale, maxScale;
  if (scaled) minScale = 0, maxScale = kMaxNumericScale;
  else if (numeric) minScale = maxScale = 0;
  else if (fractional) minScale = 0, maxScale = kMaxSecondsPrecision;
  std::string createParams = scaled ? "precision,scale" : isCharacter(s.conciseType) ? "max length" : "";
  bool interval = s.verboseType == SQL_INTERVAL;
  Row r{s.conciseType, pgOidForSqlType(s.conciseType) == type.oid, type.oid, {}};
  r.values = {
      str(type.name), std::to_string(s.conciseType), lit(fieldValue(TypeField::ColumnSize, s)),
      str(s.literalPrefix), str(s.literalSuffix), str(createParams), std::to_string(SQL_NULLABLE),
      std::to_string(s.caseSensitive ? SQL_TRUE : SQL_FALSE), std::to_string(s.searchable),
      numeric ? std::to_string(s.isUnsigned ? SQL_TRUE : SQL_FALSE) : "NULL",
      std::to_string(SQL_FALSE),                       // no money-like fixed-scale types
      numeric ? std::to_string(SQL_FALSE) : "NULL",    // serial does not exist on DSQL (42704)
      "NULL", lit(minScale), lit(maxScale), std::to_string(s.verboseType),
      lit(fieldValue(TypeField::DatetimeSub, s)), lit(fieldValue(TypeField::NumPrecRadix, s)),
      interval ? std::to_string(s.precision) : "NULL",
  };
  return r;
}


}  // namespace

std::span<const unsigned> typeInfoOids() { return kSupported; }

bool isValidSqlType(SQLSMALLINT t) {
  switch (t) {
    case SQL_ALL_TYPES: case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR: case SQL_WCHAR: case SQL_WVARCHAR:
    case SQL_WLONGVARCHAR: case SQL_DECIMAL: case SQL_NUMERIC: case SQL_SMALLINT: case SQL_INTEGER: case SQL_REAL:
    case SQL_FLOAT: case SQL_DOUBLE: case SQL_BIT: case SQL_TINYINT: case SQL_BIGINT: case SQL_BINARY:
    case SQL_VARBINARY: case SQL_LONGVARBINARY: case SQL_TYPE_DATE: case SQL_TYPE_TIME: case SQL_TYPE_TIMESTAMP:
    case SQL_GUID:
      return true;
    default:
      return t >= SQL_INTERVAL_YEAR && t <= SQL_INTERVAL_MINUTE_TO_SECOND;
  }
}


std::string typeInfoQuery(SQLSMALLINT dataType, const TypeOptions& options) {
  if (dataType == SQL_DATE) dataType = SQL_TYPE_DATE;  // ODBC 2 codes (the DM maps them too, but not always)
  if (dataType == SQL_TIME) dataType = SQL_TYPE_TIME;
  if (dataType == SQL_TIMESTAMP) dataType = SQL_TYPE_TIMESTAMP;
  if (!isValidSqlType(dataType)) throw Error("HY004", "Invalid SQL data type");
  TypeOptions otherFamily = options;
  otherFamily.wideCharTypes = !options.wideCharTypes;
  std::vector<Row> rows;
  auto add = [&](Row r) {
    if (dataType == SQL_ALL_TYPES || r.dataType == dataType) rows.push_back(std::move(r));
  };
  for (const auto& type : allPgTypes()) {
    if (std::find(std::begin(kSupported), std::end(kSupported), type.oid) == std::end(kSupported)) continue;
    Row r = makeRow(type, options);
    bool character = isCharacterFamily(r.dataType);
    add(std::move(r));
    if (character) add(makeRow(type, otherFamily));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.dataType != b.dataType) return a.dataType < b.dataType;
    return a.closest && !b.closest;
  });
  std::string select, names;
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    select += std::string(i ? ", " : "") + "v.c" + std::to_string(i) + "::" + kColumns[i].type + " AS \"" +
              kColumns[i].name + "\"";
    names += "c" + std::to_string(i) + ", ";
  }
  std::string values;
  for (size_t n = 0; n < rows.size(); ++n) {
    values += n ? ", (" : "(";
    for (size_t i = 0; i < rows[n].values.size(); ++i)
      values += rows[n].values[i] + "::" + kColumns[i].type + ", ";
    values += std::to_string(n) + ")";
  }
  if (rows.empty()) {  // keep the typed columns; no rows
    values = "(";
    for (const auto& c : kColumns) values += std::string("NULL::") + c.type + ", ";
    values += "0)";
    return "SELECT " + select + " FROM (VALUES " + values + ") AS v(" + names + "ord) WHERE FALSE";
  }
  return "SELECT " + select + " FROM (VALUES " + values + ") AS v(" + names + "ord) ORDER BY v.ord";
}

}  // namespace dsql::driver
