// The PostgreSQL type table: one row per server type the driver knows, giving its ODBC SQL type, default C
// type and how to derive column size / decimal digits / display size from the type modifier. Everything
// that describes a column (IRD, SQLDescribeCol, SQLColAttribute, SQLColumns, SQLGetTypeInfo) reads this table.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <span>
#include <string_view>

namespace dsql::driver {

// Well-known PostgreSQL type OIDs (pg_type.dat); named so no code compares against bare numbers.
enum PgOid : unsigned {
  kOidBool = 16, kOidBytea = 17, kOidChar = 18, kOidName = 19, kOidInt8 = 20, kOidInt2 = 21, kOidInt4 = 23,
  kOidText = 25, kOidOid = 26, kOidJson = 114, kOidXml = 142, kOidFloat4 = 700, kOidFloat8 = 701,
  kOidUnknown = 705, kOidBpchar = 1042, kOidVarchar = 1043, kOidDate = 1082, kOidTime = 1083,
  kOidTimestamp = 1114, kOidTimestamptz = 1184, kOidInterval = 1186, kOidTimetz = 1266, kOidNumeric = 1700,
  kOidUuid = 2950, kOidJsonb = 3802, kOidMoney = 790,
};

// Settings that change how types are reported (connection keys; defaults follow psqlODBC so that
// applications that size buffers from column sizes keep working).
struct TypeOptions {
  bool wideCharTypes = true;          // report SQL_WVARCHAR/SQL_WLONGVARCHAR/SQL_WCHAR for character data
  bool textAsLongVarchar = true;      // unbounded text -> SQL_(W)LONGVARCHAR (else (W)VARCHAR)
  SQLULEN maxVarcharSize = 255;       // column size reported for varchar without a length
  SQLULEN maxLongVarcharSize = 8190;  // column size reported for text / unbounded long data
  bool boolsAsChar = false;           // bool -> SQL_VARCHAR(5) instead of SQL_BIT, as psqlODBC (legacy apps)
};

struct PgTypeRow {
  unsigned oid;
  std::string_view name;        // server type name, as SQL_DESC_TYPE_NAME shows it
  SQLSMALLINT sqlType;          // concise ODBC 3 SQL type (before TypeOptions adjustments)
  SQLSMALLINT defaultCType;     // SQL_C_DEFAULT resolves to this
};

// Everything the IRD needs for one result column.
struct ColumnShape {
  SQLSMALLINT conciseType;      // SQL_DESC_CONCISE_TYPE
  SQLSMALLINT verboseType;      // SQL_DESC_TYPE (SQL_DATETIME/SQL_INTERVAL for those families)
  SQLSMALLINT datetimeSubcode;  // SQL_DESC_DATETIME_INTERVAL_CODE or 0
  SQLULEN columnSize;           // SQLDescribeCol ColumnSize / SQL_DESC_LENGTH for char types
  SQLSMALLINT decimalDigits;    // SQLDescribeCol DecimalDigits / SQL_DESC_SCALE
  SQLSMALLINT precision;        // SQL_DESC_PRECISION
  SQLLEN displaySize;           // SQL_DESC_DISPLAY_SIZE
  SQLLEN octetLength;           // SQL_DESC_OCTET_LENGTH
  SQLSMALLINT numPrecRadix;     // 2, 10 or 0
  SQLSMALLINT defaultCType;
  bool isUnsigned;
  bool caseSensitive;
  bool fixedPrecScale;          // SQL_DESC_FIXED_PREC_SCALE (money)
  SQLSMALLINT searchable;       // SQL_PRED_*
  std::string_view typeName;    // SQL_DESC_TYPE_NAME
  std::string_view literalPrefix, literalSuffix;  // SQL_DESC_LITERAL_PREFIX/SUFFIX
};

// Row for a type OID; unknown OIDs get a row describing them as character data (their text form).
const PgTypeRow& pgType(unsigned oid);
std::span<const PgTypeRow> allPgTypes();

// Shape of a result column of type `oid` with type modifier `typmod` (PQfmod; -1 when none).
ColumnShape describeColumn(unsigned oid, int typmod, const TypeOptions& options);

// The PostgreSQL type a parameter of SQL type `sqlType` is sent as (0 = let the server infer).
unsigned pgOidForSqlType(SQLSMALLINT sqlType);

}  // namespace dsql::driver
