// describeColumn / pgType / pgOidForSqlType: typmod decoding and the ODBC appendix D sizes, as a table.
#include <gtest/gtest.h>

#include <set>

#include "driver/convert/pg_types.h"

namespace dsql::driver {
namespace {

struct ShapeRow {
  const char* what;
  unsigned oid;
  int typmod;
  bool wide, textAsLong;
  SQLSMALLINT concise, verbose, subcode;
  SQLULEN size;
  SQLSMALLINT digits;
  SQLLEN display, octets;
  SQLSMALLINT cType;
};

// typmods as PostgreSQL stores them: varchar(n)/bpchar(n) = n+4; numeric(p,s) = ((p<<16)|s)+4; time(p) = p.
constexpr int numericMod(int p, int s) { return ((p << 16) | s) + 4; }

const ShapeRow kShapes[] = {
    {"varchar(10) wide", kOidVarchar, 14, true, true, SQL_WVARCHAR, SQL_WVARCHAR, 0, 10, 0, 10, 40, SQL_C_WCHAR},
    {"varchar(10) narrow", kOidVarchar, 14, false, true, SQL_VARCHAR, SQL_VARCHAR, 0, 10, 0, 10, 40, SQL_C_CHAR},
    {"varchar unbounded", kOidVarchar, -1, false, true, SQL_VARCHAR, SQL_VARCHAR, 0, 255, 0, 255, 1020, SQL_C_CHAR},
    {"bpchar(5)", kOidBpchar, 9, true, true, SQL_WCHAR, SQL_WCHAR, 0, 5, 0, 5, 20, SQL_C_WCHAR},
    {"bpchar(5) narrow", kOidBpchar, 9, false, true, SQL_CHAR, SQL_CHAR, 0, 5, 0, 5, 20, SQL_C_CHAR},
    {"text long wide", kOidText, -1, true, true, SQL_WLONGVARCHAR, SQL_WLONGVARCHAR, 0, 8190, 0, 8190, 32760,
     SQL_C_WCHAR},
    {"text long narrow", kOidText, -1, false, true, SQL_LONGVARCHAR, SQL_LONGVARCHAR, 0, 8190, 0, 8190, 32760,
     SQL_C_CHAR},
    {"text as varchar", kOidText, -1, false, false, SQL_VARCHAR, SQL_VARCHAR, 0, 8190, 0, 8190, 32760, SQL_C_CHAR},
    {"text as wvarchar", kOidText, -1, true, false, SQL_WVARCHAR, SQL_WVARCHAR, 0, 8190, 0, 8190, 32760, SQL_C_WCHAR},
    {"jsonb", kOidJsonb, -1, false, true, SQL_LONGVARCHAR, SQL_LONGVARCHAR, 0, 8190, 0, 8190, 32760, SQL_C_CHAR},
    {"name", kOidName, -1, false, true, SQL_VARCHAR, SQL_VARCHAR, 0, 63, 0, 63, 252, SQL_C_CHAR},
    {"numeric(10,2)", kOidNumeric, numericMod(10, 2), true, true, SQL_NUMERIC, SQL_NUMERIC, 0, 10, 2, 12, 12,
     SQL_C_CHAR},
    {"numeric(38,0)", kOidNumeric, numericMod(38, 0), true, true, SQL_NUMERIC, SQL_NUMERIC, 0, 38, 0, 40, 40,
     SQL_C_CHAR},
    {"numeric unconstrained", kOidNumeric, -1, true, true, SQL_NUMERIC, SQL_NUMERIC, 0, 28, 6, 30, 30, SQL_C_CHAR},
    {"int2", kOidInt2, -1, true, true, SQL_SMALLINT, SQL_SMALLINT, 0, 5, 0, 6, 2, SQL_C_SSHORT},
    {"int4", kOidInt4, -1, true, true, SQL_INTEGER, SQL_INTEGER, 0, 10, 0, 11, 4, SQL_C_SLONG},
    {"int8", kOidInt8, -1, true, true, SQL_BIGINT, SQL_BIGINT, 0, 19, 0, 20, 8, SQL_C_SBIGINT},
    {"oid", kOidOid, -1, true, true, SQL_INTEGER, SQL_INTEGER, 0, 10, 0, 10, 4, SQL_C_ULONG},
    {"float4", kOidFloat4, -1, true, true, SQL_REAL, SQL_REAL, 0, 7, 0, 14, 4, SQL_C_FLOAT},
    {"float8", kOidFloat8, -1, true, true, SQL_DOUBLE, SQL_DOUBLE, 0, 15, 0, 24, 8, SQL_C_DOUBLE},
    {"bool", kOidBool, -1, true, true, SQL_BIT, SQL_BIT, 0, 1, 0, 1, 1, SQL_C_BIT},
    {"bytea", kOidBytea, -1, true, true, SQL_VARBINARY, SQL_VARBINARY, 0, 8190, 0, 16380, 8190, SQL_C_BINARY},
    {"date", kOidDate, -1, true, true, SQL_TYPE_DATE, SQL_DATETIME, SQL_CODE_DATE, 10, 0, 10, 6, SQL_C_TYPE_DATE},
    {"time", kOidTime, -1, true, true, SQL_TYPE_TIME, SQL_DATETIME, SQL_CODE_TIME, 15, 6, 15, 6, SQL_C_TYPE_TIME},
    {"time(0)", kOidTime, 0, true, true, SQL_TYPE_TIME, SQL_DATETIME, SQL_CODE_TIME, 8, 0, 8, 6, SQL_C_TYPE_TIME},
    {"timestamp", kOidTimestamp, -1, true, true, SQL_TYPE_TIMESTAMP, SQL_DATETIME, SQL_CODE_TIMESTAMP, 26, 6, 26, 16,
     SQL_C_TYPE_TIMESTAMP},
    {"timestamp(3)", kOidTimestamp, 3, true, true, SQL_TYPE_TIMESTAMP, SQL_DATETIME, SQL_CODE_TIMESTAMP, 23, 3, 23,
     16, SQL_C_TYPE_TIMESTAMP},
    {"timestamp(0)", kOidTimestamp, 0, true, true, SQL_TYPE_TIMESTAMP, SQL_DATETIME, SQL_CODE_TIMESTAMP, 19, 0, 19,
     16, SQL_C_TYPE_TIMESTAMP},
    // display size: the text keeps its offset ("+05:30")
    {"timestamptz(3)", kOidTimestamptz, 3, true, true, SQL_TYPE_TIMESTAMP, SQL_DATETIME, SQL_CODE_TIMESTAMP, 23, 3,
     29, 16, SQL_C_TYPE_TIMESTAMP},
    // timetz: text form (ODBC has no time type with an offset), as psqlODBC describes it
    {"timetz", kOidTimetz, -1, false, true, SQL_VARCHAR, SQL_VARCHAR, 0, 255, 0, 255, 1020, SQL_C_CHAR},
    {"money", kOidMoney, -1, true, true, SQL_DECIMAL, SQL_DECIMAL, 0, 19, 2, 21, 21, SQL_C_CHAR},
    {"uuid", kOidUuid, -1, true, true, SQL_GUID, SQL_GUID, 0, 36, 0, 36, 16, SQL_C_GUID},
    {"interval", kOidInterval, -1, false, true, SQL_VARCHAR, SQL_VARCHAR, 0, 255, 0, 255, 1020, SQL_C_CHAR},
    {"int4[]", 1007, -1, false, true, SQL_VARCHAR, SQL_VARCHAR, 0, 8190, 0, 8190, 32760, SQL_C_CHAR},
    {"unknown oid 99999", 99999, -1, true, true, SQL_WVARCHAR, SQL_WVARCHAR, 0, 255, 0, 255, 1020, SQL_C_WCHAR},
};

TEST(PgTypes, ShapeTable) {
  for (const ShapeRow& r : kShapes) {
    SCOPED_TRACE(r.what);
    TypeOptions o;
    o.wideCharTypes = r.wide;
    o.textAsLongVarchar = r.textAsLong;
    ColumnShape s = describeColumn(r.oid, r.typmod, o);
    EXPECT_EQ(s.conciseType, r.concise);
    EXPECT_EQ(s.verboseType, r.verbose);
    EXPECT_EQ(s.datetimeSubcode, r.subcode);
    EXPECT_EQ(s.columnSize, r.size);
    EXPECT_EQ(s.decimalDigits, r.digits);
    EXPECT_EQ(s.displaySize, r.display);
    EXPECT_EQ(s.octetLength, r.octets);
    EXPECT_EQ(s.defaultCType, r.cType);
  }
}

TEST(PgTypes, PrecisionRadixAndSignedness) {
  TypeOptions o;
  ColumnShape n = describeColumn(kOidNumeric, numericMod(10, 2), o);
  EXPECT_EQ(n.precision, 10);
  EXPECT_EQ(n.numPrecRadix, 10);
  EXPECT_FALSE(n.isUnsigned);
  EXPECT_EQ(describeColumn(kOidFloat8, -1, o).precision, 53);  // mantissa bits
  EXPECT_EQ(describeColumn(kOidTimestamp, 3, o).precision, 3);  // fractional seconds
  EXPECT_TRUE(describeColumn(kOidText, -1, o).isUnsigned);     // non-numeric types report SQL_TRUE
  EXPECT_TRUE(describeColumn(kOidText, -1, o).caseSensitive);
  EXPECT_FALSE(describeColumn(kOidInt4, -1, o).caseSensitive);
  EXPECT_EQ(describeColumn(kOidJson, -1, o).searchable, SQL_PRED_NONE);
  EXPECT_EQ(describeColumn(kOidText, -1, o).searchable, SQL_SEARCHABLE);
  EXPECT_EQ(describeColumn(kOidTimestamptz, -1, o).typeName, "timestamptz");
  EXPECT_EQ(describeColumn(kOidVarchar, 14, o).literalPrefix, "'");
}

TEST(PgTypes, BoolsAsChar) {
  TypeOptions o;
  o.boolsAsChar = true;
  ColumnShape s = describeColumn(kOidBool, -1, o);
  EXPECT_EQ(s.conciseType, SQL_VARCHAR);  // psqlODBC's answer for the same key
  EXPECT_EQ(s.columnSize, 5u);
  EXPECT_EQ(s.defaultCType, SQL_C_CHAR);
}

TEST(PgTypes, NegativeNumericScaleReportsZero) {
  // numeric(3,-2) (PostgreSQL 15): scale bits 0x7fe = -2 in 11-bit two's complement.
  ColumnShape s = describeColumn(kOidNumeric, ((3 << 16) | 0x7fe) + 4, TypeOptions{});
  EXPECT_EQ(s.columnSize, 3u);
  EXPECT_EQ(s.decimalDigits, 0);
}

TEST(PgTypes, TableHasOneRowPerOidAndUnknownFallsBack) {
  std::set<unsigned> seen;
  for (const PgTypeRow& r : allPgTypes()) EXPECT_TRUE(seen.insert(r.oid).second) << r.name;
  for (unsigned oid : {kOidBool, kOidBytea, kOidChar, kOidName, kOidInt8, kOidInt2, kOidInt4, kOidText, kOidOid,
                       kOidJson, kOidXml, kOidFloat4, kOidFloat8, kOidUnknown, kOidBpchar, kOidVarchar, kOidDate,
                       kOidTime, kOidTimestamp, kOidTimestamptz, kOidInterval, kOidTimetz, kOidNumeric, kOidUuid,
                       kOidJsonb, kOidMoney})
    EXPECT_EQ(pgType(oid).oid, oid);
  EXPECT_EQ(pgType(424242).oid, static_cast<unsigned>(kOidUnknown));
}

TEST(PgTypes, ParameterOids) {
  struct Row { SQLSMALLINT sql; unsigned oid; } rows[] = {
      {SQL_CHAR, 0}, {SQL_VARCHAR, 0}, {SQL_WLONGVARCHAR, 0}, {SQL_BIT, kOidBool}, {SQL_TINYINT, kOidInt2},
      {SQL_SMALLINT, kOidInt2}, {SQL_INTEGER, kOidInt4}, {SQL_BIGINT, kOidInt8}, {SQL_REAL, kOidFloat4},
      {SQL_FLOAT, kOidFloat8}, {SQL_DOUBLE, kOidFloat8}, {SQL_DECIMAL, kOidNumeric}, {SQL_NUMERIC, kOidNumeric},
      {SQL_VARBINARY, kOidBytea}, {SQL_TYPE_DATE, kOidDate}, {SQL_TYPE_TIME, kOidTime},
      {SQL_TYPE_TIMESTAMP, kOidTimestamp}, {SQL_TIMESTAMP, kOidTimestamp}, {SQL_GUID, kOidUuid},
      {SQL_INTERVAL_DAY_TO_SECOND, kOidInterval}, {SQL_INTERVAL_YEAR, kOidInterval}, {12345, 0}};
  for (const Row& r : rows) EXPECT_EQ(pgOidForSqlType(r.sql), r.oid) << r.sql;
}

}  // namespace
}  // namespace dsql::driver
