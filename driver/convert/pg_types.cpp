// The PostgreSQL type table (see pg_types.h) and the ODBC appendix D rules ("Column Size", "Decimal
// Digits", "Transfer Octet Length", "Display Size") that turn a type OID + typmod into a column shape.
//
// Decisions where the spec leaves a choice (keep docs/README in step):
// - unconstrained numeric: precision 28, scale 6 (psqlODBC's defaults, so sized buffers keep working);
// - bytea: SQL_VARBINARY sized maxLongVarcharSize (bytea is unbounded; LONGVARBINARY would make many
//   tools refuse to show it);
// - interval: (W)VARCHAR in PostgreSQL's text form, because the common clients (pyodbc among them) cannot
//   fetch SQL_INTERVAL_* columns; SQL_C_INTERVAL_* targets still convert from it (see to_c.h);
// - timestamptz: SQL_TYPE_TIMESTAMP (the struct gets the wall-clock fields; the text keeps the offset);
// - timetz: (W)VARCHAR in PostgreSQL's text form, as psqlODBC describes it: ODBC has no time type with an
//   offset, and clients that pick the C type from the SQL type (nanodbc) would otherwise bind a
//   SQL_TIME_STRUCT and lose both the offset and the fraction; SQL_C_TYPE_TIME still converts from it;
// - oid: SQL_INTEGER unsigned (default C type SQL_C_ULONG), as it is an unsigned 32-bit number;
// - arrays and unknown OIDs: character data in their text form;
// - octet length of character data: 4 bytes per character (the UTF-8 and UTF-16 worst case), so a buffer
//   sized from it never truncates.
#include "driver/convert/pg_types.h"

#include <algorithm>

namespace dsql::driver {
namespace {

// One row per type; looked up by OID. Array OIDs (pg_type.dat) are character data in their text form.
constexpr PgTypeRow kRows[] = {
    {kOidBool, "bool", SQL_BIT, SQL_C_BIT},
    {kOidBytea, "bytea", SQL_VARBINARY, SQL_C_BINARY},
    {kOidChar, "char", SQL_CHAR, SQL_C_CHAR},
    {kOidName, "name", SQL_VARCHAR, SQL_C_CHAR},
    {kOidInt8, "int8", SQL_BIGINT, SQL_C_SBIGINT},
    {kOidInt2, "int2", SQL_SMALLINT, SQL_C_SSHORT},
    {kOidInt4, "int4", SQL_INTEGER, SQL_C_SLONG},
    {kOidText, "text", SQL_LONGVARCHAR, SQL_C_CHAR},
    {kOidOid, "oid", SQL_INTEGER, SQL_C_ULONG},
    {kOidJson, "json", SQL_LONGVARCHAR, SQL_C_CHAR},
    {kOidXml, "xml", SQL_LONGVARCHAR, SQL_C_CHAR},
    {kOidFloat4, "float4", SQL_REAL, SQL_C_FLOAT},
    {kOidFloat8, "float8", SQL_DOUBLE, SQL_C_DOUBLE},
    {kOidUnknown, "unknown", SQL_VARCHAR, SQL_C_CHAR},
    {kOidBpchar, "bpchar", SQL_CHAR, SQL_C_CHAR},
    {kOidVarchar, "varchar", SQL_VARCHAR, SQL_C_CHAR},
    {kOidDate, "date", SQL_TYPE_DATE, SQL_C_TYPE_DATE},
    {kOidTime, "time", SQL_TYPE_TIME, SQL_C_TYPE_TIME},
    {kOidTimestamp, "timestamp", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP},
    {kOidTimestamptz, "timestamptz", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP},
    {kOidInterval, "interval", SQL_VARCHAR, SQL_C_CHAR},
    {kOidTimetz, "timetz", SQL_VARCHAR, SQL_C_CHAR},
    {kOidNumeric, "numeric", SQL_NUMERIC, SQL_C_CHAR},
    {kOidMoney, "money", SQL_DECIMAL, SQL_C_CHAR},
    {kOidUuid, "uuid", SQL_GUID, SQL_C_GUID},
    {kOidJsonb, "jsonb", SQL_LONGVARCHAR, SQL_C_CHAR},
    // arrays: text form such as {1,2,3}
    {1000, "_bool", SQL_VARCHAR, SQL_C_CHAR},
    {1001, "_bytea", SQL_VARCHAR, SQL_C_CHAR},
    {1002, "_char", SQL_VARCHAR, SQL_C_CHAR},
    {1003, "_name", SQL_VARCHAR, SQL_C_CHAR},
    {1005, "_int2", SQL_VARCHAR, SQL_C_CHAR},
    {1007, "_int4", SQL_VARCHAR, SQL_C_CHAR},
    {1009, "_text", SQL_VARCHAR, SQL_C_CHAR},
    {1014, "_bpchar", SQL_VARCHAR, SQL_C_CHAR},
    {1015, "_varchar", SQL_VARCHAR, SQL_C_CHAR},
    {1016, "_int8", SQL_VARCHAR, SQL_C_CHAR},
    {1021, "_float4", SQL_VARCHAR, SQL_C_CHAR},
    {1022, "_float8", SQL_VARCHAR, SQL_C_CHAR},
    {1028, "_oid", SQL_VARCHAR, SQL_C_CHAR},
    {1115, "_timestamp", SQL_VARCHAR, SQL_C_CHAR},
    {1182, "_date", SQL_VARCHAR, SQL_C_CHAR},
    {1183, "_time", SQL_VARCHAR, SQL_C_CHAR},
    {1185, "_timestamptz", SQL_VARCHAR, SQL_C_CHAR},
    {1187, "_interval", SQL_VARCHAR, SQL_C_CHAR},
    {1231, "_numeric", SQL_VARCHAR, SQL_C_CHAR},
    {1270, "_timetz", SQL_VARCHAR, SQL_C_CHAR},
    {791, "_money", SQL_VARCHAR, SQL_C_CHAR},
    {199, "_json", SQL_VARCHAR, SQL_C_CHAR},
    {2951, "_uuid", SQL_VARCHAR, SQL_C_CHAR},
    {3807, "_jsonb", SQL_VARCHAR, SQL_C_CHAR},
};

constexpr SQLULEN kNameLength = 63;            // NAMEDATALEN - 1
constexpr SQLSMALLINT kDefaultFraction = 6;    // PostgreSQL keeps microseconds
constexpr SQLULEN kNumericDefaultPrecision = 28, kNumericDefaultScale = 6;
constexpr SQLLEN kBytesPerChar = 4;            // worst case of one character in UTF-8 or UTF-16
constexpr SQLLEN kOffsetChars = 6;             // "+05:30": the offset timestamptz text carries
constexpr SQLULEN kBoolsAsCharSize = 5;        // BoolsAsChar: "false", the longest spelling, as psqlODBC sizes it

bool isArray(const PgTypeRow& row) { return row.name.front() == '_'; }

bool isCharType(SQLSMALLINT t) {
  return t == SQL_CHAR || t == SQL_VARCHAR || t == SQL_LONGVARCHAR || t == SQL_WCHAR || t == SQL_WVARCHAR ||
         t == SQL_WLONGVARCHAR;
}

SQLSMALLINT widen(SQLSMALLINT t) {
  switch (t) {
    case SQL_CHAR: return SQL_WCHAR;
    case SQL_VARCHAR: return SQL_WVARCHAR;
    case SQL_LONGVARCHAR: return SQL_WLONGVARCHAR;
    default: return t;
  }
}

// Fractional-second precision from a time/timestamp typmod (-1: PostgreSQL's default of 6).
SQLSMALLINT fractionDigits(int typmod) {
  return typmod >= 0 && typmod <= kDefaultFraction ? static_cast<SQLSMALLINT>(typmod) : kDefaultFraction;
}

// Character shape: size in characters; `longData` marks unbounded text (LONGVARCHAR when asked).
void charShape(ColumnShape& s, SQLSMALLINT baseType, SQLULEN size, const TypeOptions& o) {
  SQLSMALLINT t = baseType;
  if (t == SQL_LONGVARCHAR && !o.textAsLongVarchar) t = SQL_VARCHAR;
  if (o.wideCharTypes) t = widen(t);
  s.conciseType = s.verboseType = t;
  s.columnSize = size;
  s.displaySize = static_cast<SQLLEN>(size);
  s.octetLength = static_cast<SQLLEN>(size) * kBytesPerChar;
  s.caseSensitive = true;
  s.searchable = SQL_SEARCHABLE;
  s.literalPrefix = s.literalSuffix = "'";
}

void numberShape(ColumnShape& s, SQLSMALLINT t, SQLULEN digits, SQLLEN display, SQLLEN octets) {
  s.conciseType = s.verboseType = t;
  s.columnSize = digits;
  s.precision = static_cast<SQLSMALLINT>(digits);
  s.displaySize = display;
  s.octetLength = octets;
  s.numPrecRadix = 10;
  s.isUnsigned = false;
  s.searchable = SQL_PRED_BASIC;
}

void datetimeShape(ColumnShape& s, SQLSMALLINT t, SQLSMALLINT code, SQLULEN size, SQLSMALLINT fraction,
                   SQLLEN octets) {
  s.conciseType = t;
  s.verboseType = SQL_DATETIME;
  s.datetimeSubcode = code;
  s.columnSize = size;
  s.decimalDigits = fraction;
  s.precision = fraction;
  s.displaySize = static_cast<SQLLEN>(size);
  s.octetLength = octets;
  s.searchable = SQL_PRED_BASIC;
  s.literalPrefix = s.literalSuffix = "'";
}

void numericShape(ColumnShape& s, int typmod) {
  SQLULEN precision = kNumericDefaultPrecision, scale = kNumericDefaultScale;
  if (typmod >= 4) {  // VARHDRSZ; precision in the high 16 bits, 11-bit signed scale in the low bits
    int packed = typmod - 4;
    precision = static_cast<SQLULEN>((packed >> 16) & 0xffff);
    int signedScale = ((packed & 0x7ff) ^ 1024) - 1024;  // PostgreSQL 15 allows negative scales
    scale = signedScale > 0 ? static_cast<SQLULEN>(signedScale) : 0;
  }
  auto display = static_cast<SQLLEN>(precision + 2);  // sign and decimal point
  numberShape(s, SQL_NUMERIC, precision, display, display);
  s.decimalDigits = static_cast<SQLSMALLINT>(scale);
}

void shapeFor(ColumnShape& s, const PgTypeRow& row, int typmod, const TypeOptions& o) {
  switch (row.oid) {
    case kOidBool:
      if (o.boolsAsChar) {  // psqlODBC's BoolsAsChar: SQL_VARCHAR wide enough for "false", values '1'/'0'
        charShape(s, SQL_VARCHAR, kBoolsAsCharSize, TypeOptions{false, o.textAsLongVarchar});
        return;
      }
      s.conciseType = s.verboseType = SQL_BIT;
      s.columnSize = 1;
      s.precision = 1;
      s.displaySize = s.octetLength = 1;
      s.searchable = SQL_PRED_BASIC;
      return;
    case kOidInt2: return numberShape(s, SQL_SMALLINT, 5, 6, 2);
    case kOidInt4: return numberShape(s, SQL_INTEGER, 10, 11, 4);
    case kOidInt8: return numberShape(s, SQL_BIGINT, 19, 20, 8);
    case kOidOid:
      numberShape(s, SQL_INTEGER, 10, 10, 4);
      s.isUnsigned = true;
      return;
    case kOidFloat4:
      numberShape(s, SQL_REAL, 7, 14, 4);
      s.precision = 24;  // SQL_DESC_PRECISION of approximate types counts mantissa bits
      return;
    case kOidFloat8:
      numberShape(s, SQL_DOUBLE, 15, 24, 8);
      s.precision = 53;
      return;
    case kOidNumeric: return numericShape(s, typmod);
    case kOidBytea:
      s.conciseType = s.verboseType = SQL_VARBINARY;
      s.columnSize = o.maxLongVarcharSize;
      s.displaySize = static_cast<SQLLEN>(o.maxLongVarcharSize) * 2;  // two hex digits per byte
      s.octetLength = static_cast<SQLLEN>(o.maxLongVarcharSize);
      s.searchable = SQL_PRED_BASIC;
      s.literalPrefix = "'\\x";
      s.literalSuffix = "'";
      return;
    case kOidDate: return datetimeShape(s, SQL_TYPE_DATE, SQL_CODE_DATE, 10, 0, sizeof(SQL_DATE_STRUCT));
    case kOidTime: {
      SQLSMALLINT f = fractionDigits(typmod);
      return datetimeShape(s, SQL_TYPE_TIME, SQL_CODE_TIME, f > 0 ? 9u + f : 8u, f, sizeof(SQL_TIME_STRUCT));
    }
    case kOidTimestamp:
    case kOidTimestamptz: {
      SQLSMALLINT f = fractionDigits(typmod);
      datetimeShape(s, SQL_TYPE_TIMESTAMP, SQL_CODE_TIMESTAMP, f > 0 ? 20u + f : 19u, f,
                    sizeof(SQL_TIMESTAMP_STRUCT));
      if (row.oid == kOidTimestamptz) s.displaySize += kOffsetChars;
      return;
    }
    case kOidMoney:
      // A 64-bit count of the currency's minor unit: 19 digits, two after the point in the usual locales.
      // Its character form is a plain decimal ("-1234.56"), see to_c.h.
      numberShape(s, SQL_DECIMAL, 19, 21, 21);
      s.decimalDigits = 2;
      s.fixedPrecScale = true;
      return;
    case kOidUuid:
      s.conciseType = s.verboseType = SQL_GUID;
      s.columnSize = 36;
      s.displaySize = 36;
      s.octetLength = sizeof(SQLGUID);
      s.searchable = SQL_PRED_BASIC;
      s.literalPrefix = s.literalSuffix = "'";
      return;
    case kOidChar: return charShape(s, SQL_CHAR, 1, o);
    case kOidName: return charShape(s, SQL_VARCHAR, kNameLength, o);
    case kOidBpchar:
    case kOidVarchar:
      // typmod = declared length + VARHDRSZ(4); without one the column is unbounded.
      if (typmod >= 4) return charShape(s, row.sqlType, static_cast<SQLULEN>(typmod - 4), o);
      return charShape(s, row.sqlType, o.maxVarcharSize, o);
    case kOidText:
    case kOidJson:
    case kOidJsonb:
    case kOidXml:
      charShape(s, SQL_LONGVARCHAR, o.maxLongVarcharSize, o);
      // json and xml have no equality operator; jsonb and text do.
      if (row.oid == kOidJson || row.oid == kOidXml) s.searchable = SQL_PRED_NONE;
      return;
    default:
      // interval, timetz, unknown, arrays and anything not in the table: text form.
      return charShape(s, SQL_VARCHAR, isArray(row) ? o.maxLongVarcharSize : o.maxVarcharSize, o);
  }
}

SQLSMALLINT defaultCTypeFor(SQLSMALLINT sqlType, const PgTypeRow& row) {
  if (sqlType == SQL_WCHAR || sqlType == SQL_WVARCHAR || sqlType == SQL_WLONGVARCHAR) return SQL_C_WCHAR;
  if (isCharType(sqlType)) return SQL_C_CHAR;
  return row.defaultCType;
}

}  // namespace

std::span<const PgTypeRow> allPgTypes() { return kRows; }

const PgTypeRow& pgType(unsigned oid) {
  const auto* it = std::find_if(std::begin(kRows), std::end(kRows), [oid](const PgTypeRow& r) { return r.oid == oid; });
  if (it != std::end(kRows)) return *it;
  static const PgTypeRow& unknown =
      *std::find_if(std::begin(kRows), std::end(kRows), [](const PgTypeRow& r) { return r.oid == kOidUnknown; });
  return unknown;
}

ColumnShape describeColumn(unsigned oid, int typmod, const TypeOptions& options) {
  const PgTypeRow& row = pgType(oid);
  ColumnShape s{};
  s.typeName = row.name;
  s.isUnsigned = true;  // SQL_DESC_UNSIGNED is SQL_TRUE for every non-numeric type
  s.searchable = SQL_PRED_BASIC;
  shapeFor(s, row, typmod, options);
  s.defaultCType = defaultCTypeFor(s.conciseType, row);
  return s;
}

unsigned pgOidForSqlType(SQLSMALLINT sqlType) {
  switch (sqlType) {
    case SQL_BIT: return kOidBool;
    case SQL_TINYINT:  // PostgreSQL has no 1-byte integer
    case SQL_SMALLINT: return kOidInt2;
    case SQL_INTEGER: return kOidInt4;
    case SQL_BIGINT: return kOidInt8;
    case SQL_REAL: return kOidFloat4;
    case SQL_FLOAT:
    case SQL_DOUBLE: return kOidFloat8;
    case SQL_NUMERIC:
    case SQL_DECIMAL: return kOidNumeric;
    case SQL_BINARY:
    case SQL_VARBINARY:
    case SQL_LONGVARBINARY: return kOidBytea;
    case SQL_TYPE_DATE:
    case SQL_DATE: return kOidDate;
    case SQL_TYPE_TIME:
    case SQL_TIME: return kOidTime;
    case SQL_TYPE_TIMESTAMP:
    case SQL_TIMESTAMP: return kOidTimestamp;
    case SQL_GUID: return kOidUuid;
    default:
      if (sqlType >= SQL_INTERVAL_YEAR && sqlType <= SQL_INTERVAL_MINUTE_TO_SECOND) return kOidInterval;
      return 0;  // character data and anything else: the server infers from context
  }
}

}  // namespace dsql::driver
