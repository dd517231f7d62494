// SQLGetInfo table: value types per the reference page, DSQL vs PostgreSQL answers, version formatting,
// escape-function masks computed from registered names, and HY096 for unknown types.
#include "driver/info/info_table.h"
#include "shim/common/error.h"

#include <gtest/gtest.h>

#include <set>

namespace dsql::driver {
namespace {

InfoContext dsqlCtx() {
  InfoContext c;
  c.dataSourceName = "mydsn";
  c.serverName = "abc.dsql.us-east-1.on.aws";
  c.databaseName = "postgres";
  c.userName = "admin";
  c.dbmsVersion = "16.15";
  return c;
}

std::string s(SQLUSMALLINT t, const InfoContext& c = dsqlCtx()) { return std::get<std::string>(getInfo(t, c)); }
SQLUSMALLINT u16(SQLUSMALLINT t, const InfoContext& c = dsqlCtx()) { return std::get<SQLUSMALLINT>(getInfo(t, c)); }
SQLUINTEGER u32(SQLUSMALLINT t, const InfoContext& c = dsqlCtx()) { return std::get<SQLUINTEGER>(getInfo(t, c)); }

TEST(InfoTable, IdentityStrings) {
  EXPECT_EQ(s(SQL_DRIVER_NAME), "libdsqlodbc.so");
  EXPECT_EQ(s(SQL_DRIVER_ODBC_VER), "03.80");
  EXPECT_EQ(s(SQL_DBMS_NAME), "PostgreSQL");
  EXPECT_EQ(s(SQL_DBMS_VER), "16.00.0015");
  EXPECT_EQ(s(SQL_DATA_SOURCE_NAME), "mydsn");
  EXPECT_EQ(s(SQL_SERVER_NAME), "abc.dsql.us-east-1.on.aws");
  EXPECT_EQ(s(SQL_DATABASE_NAME), "postgres");
  EXPECT_EQ(s(SQL_USER_NAME), "admin");
  EXPECT_EQ(s(SQL_IDENTIFIER_QUOTE_CHAR), "\"");
  EXPECT_EQ(s(SQL_SEARCH_PATTERN_ESCAPE), "\\");
  EXPECT_EQ(s(SQL_CATALOG_NAME_SEPARATOR), ".");
  EXPECT_EQ(s(SQL_MULT_RESULT_SETS), "Y");
  EXPECT_EQ(s(SQL_ROW_UPDATES), "N");
  // DSQL_DRIVER_VERSION "x.y.z" in ##.##.#### form
  std::string v = s(SQL_DRIVER_VER);
  ASSERT_EQ(v.size(), 10u);
  EXPECT_EQ(v[2], '.');
  EXPECT_EQ(v[5], '.');
}

TEST(InfoTable, DbmsVersionForms) {
  InfoContext c = dsqlCtx();
  c.dbmsVersion = "150013";
  EXPECT_EQ(s(SQL_DBMS_VER, c), "15.00.0013");
  c.dbmsVersion = "90624";
  EXPECT_EQ(s(SQL_DBMS_VER, c), "09.06.0024");
  c.dbmsVersion = "9.6.24";
  EXPECT_EQ(s(SQL_DBMS_VER, c), "09.06.0024");
  c.dbmsVersion = "15.4 (Debian 15.4-1.pgdg120+1)";
  EXPECT_EQ(s(SQL_DBMS_VER, c), "15.00.0004");
  c.dbmsVersion = "weird";
  EXPECT_EQ(s(SQL_DBMS_VER, c), "weird");
}

TEST(InfoTable, ContextDependentAnswers) {
  InfoContext pg = dsqlCtx();
  pg.dsql = false;
  EXPECT_EQ(u32(SQL_TXN_ISOLATION_OPTION), static_cast<SQLUINTEGER>(SQL_TXN_REPEATABLE_READ));
  EXPECT_EQ(u32(SQL_DEFAULT_TXN_ISOLATION), static_cast<SQLUINTEGER>(SQL_TXN_REPEATABLE_READ));
  EXPECT_EQ(u32(SQL_TXN_ISOLATION_OPTION, pg) & SQL_TXN_SERIALIZABLE, static_cast<SQLUINTEGER>(SQL_TXN_SERIALIZABLE));
  EXPECT_EQ(u32(SQL_DEFAULT_TXN_ISOLATION, pg), static_cast<SQLUINTEGER>(SQL_TXN_READ_COMMITTED));
  EXPECT_EQ(u16(SQL_TXN_CAPABLE), SQL_TC_DML);
  EXPECT_EQ(u16(SQL_TXN_CAPABLE, pg), SQL_TC_ALL);
  EXPECT_EQ(u16(SQL_MAX_COLUMNS_IN_TABLE), 255);
  EXPECT_EQ(u16(SQL_MAX_COLUMNS_IN_TABLE, pg), 1600);
  EXPECT_EQ(u32(SQL_INDEX_KEYWORDS), static_cast<SQLUINTEGER>(SQL_IK_NONE));
  EXPECT_EQ(u32(SQL_INDEX_KEYWORDS, pg), static_cast<SQLUINTEGER>(SQL_IK_ALL));
  EXPECT_EQ(u32(SQL_CREATE_TABLE) & SQL_CT_LOCAL_TEMPORARY, 0u);
  EXPECT_NE(u32(SQL_CREATE_TABLE, pg) & SQL_CT_LOCAL_TEMPORARY, 0u);
  EXPECT_EQ(u32(SQL_ALTER_TABLE) & SQL_AT_ADD_COLUMN_DEFAULT, 0u);
  EXPECT_NE(u32(SQL_ALTER_TABLE) & SQL_AT_ADD_COLUMN_SINGLE, 0u);
  EXPECT_NE(u32(SQL_ALTER_TABLE, pg) & SQL_AT_ADD_COLUMN_DEFAULT, 0u);
  EXPECT_EQ(s(SQL_DATA_SOURCE_READ_ONLY), "N");
  InfoContext ro = dsqlCtx();
  ro.readOnly = true;
  EXPECT_EQ(s(SQL_DATA_SOURCE_READ_ONLY, ro), "Y");
}

TEST(InfoTable, ValueTypesFollowTheReferencePage) {
  // SQLUSMALLINT answers
  for (SQLUSMALLINT t : {SQL_MAX_TABLE_NAME_LEN, SQL_MAX_COLUMN_NAME_LEN, SQL_MAX_SCHEMA_NAME_LEN,
                         SQL_MAX_CATALOG_NAME_LEN, SQL_MAX_IDENTIFIER_LEN, SQL_TXN_CAPABLE, SQL_CURSOR_COMMIT_BEHAVIOR,
                         SQL_CURSOR_ROLLBACK_BEHAVIOR, SQL_IDENTIFIER_CASE, SQL_QUOTED_IDENTIFIER_CASE,
                         SQL_NULL_COLLATION, SQL_GROUP_BY, SQL_CORRELATION_NAME, SQL_CONCAT_NULL_BEHAVIOR,
                         SQL_MAX_CONCURRENT_ACTIVITIES, SQL_MAX_DRIVER_CONNECTIONS, SQL_CATALOG_LOCATION,
                         SQL_FILE_USAGE, SQL_NON_NULLABLE_COLUMNS})
    EXPECT_TRUE(std::holds_alternative<SQLUSMALLINT>(getInfo(t, dsqlCtx()))) << t;
  // SQLUINTEGER answers
  for (SQLUSMALLINT t : {SQL_GETDATA_EXTENSIONS, SQL_SCROLL_OPTIONS, SQL_CURSOR_SENSITIVITY, SQL_ASYNC_MODE,
                         SQL_ODBC_INTERFACE_CONFORMANCE, SQL_SQL_CONFORMANCE, SQL_TXN_ISOLATION_OPTION,
                         SQL_DEFAULT_TXN_ISOLATION, SQL_OJ_CAPABILITIES, SQL_STRING_FUNCTIONS, SQL_CONVERT_INTEGER,
                         SQL_CONVERT_FUNCTIONS, SQL_STATIC_CURSOR_ATTRIBUTES1, SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2,
                         SQL_DYNAMIC_CURSOR_ATTRIBUTES1, SQL_KEYSET_CURSOR_ATTRIBUTES2, SQL_PARAM_ARRAY_ROW_COUNTS,
                         SQL_PARAM_ARRAY_SELECTS, SQL_BATCH_SUPPORT, SQL_BATCH_ROW_COUNT, SQL_MAX_STATEMENT_LEN,
                         SQL_MAX_ROW_SIZE, SQL_POS_OPERATIONS, SQL_LOCK_TYPES, SQL_BOOKMARK_PERSISTENCE,
                         SQL_STATIC_SENSITIVITY, SQL_DATETIME_LITERALS, SQL_AGGREGATE_FUNCTIONS, SQL_UNION,
                         SQL_SUBQUERIES, SQL_CREATE_VIEW, SQL_DROP_TABLE, SQL_ALTER_TABLE})
    EXPECT_TRUE(std::holds_alternative<SQLUINTEGER>(getInfo(t, dsqlCtx()))) << t;
  EXPECT_EQ(u16(SQL_MAX_TABLE_NAME_LEN), 63);
}

TEST(InfoTable, HonestCursorAndGetDataAnswers) {
  EXPECT_EQ(u32(SQL_GETDATA_EXTENSIONS),
            static_cast<SQLUINTEGER>(SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER | SQL_GD_BOUND | SQL_GD_BLOCK));
  EXPECT_EQ(u32(SQL_SCROLL_OPTIONS), static_cast<SQLUINTEGER>(SQL_SO_FORWARD_ONLY | SQL_SO_STATIC));
  EXPECT_EQ(u32(SQL_DYNAMIC_CURSOR_ATTRIBUTES1), 0u);
  EXPECT_EQ(u32(SQL_KEYSET_CURSOR_ATTRIBUTES1), 0u);
  EXPECT_EQ(u32(SQL_POS_OPERATIONS), static_cast<SQLUINTEGER>(SQL_POS_POSITION | SQL_POS_REFRESH | SQL_POS_UPDATE |
                                                                SQL_POS_DELETE | SQL_POS_ADD));
  EXPECT_EQ(u32(SQL_LOCK_TYPES), static_cast<SQLUINTEGER>(SQL_LCK_NO_CHANGE));
  EXPECT_EQ(u32(SQL_POSITIONED_STATEMENTS), 0u);  // no WHERE CURRENT OF
  EXPECT_EQ(u32(SQL_ASYNC_MODE), static_cast<SQLUINTEGER>(SQL_AM_NONE));
  EXPECT_EQ(u32(SQL_ODBC_INTERFACE_CONFORMANCE), static_cast<SQLUINTEGER>(SQL_OIC_CORE));
  EXPECT_NE(u32(SQL_STATIC_CURSOR_ATTRIBUTES1) & SQL_CA1_BOOKMARK, 0u);
  EXPECT_NE(u32(SQL_STATIC_CURSOR_ATTRIBUTES1) & SQL_CA1_BULK_FETCH_BY_BOOKMARK, 0u);
  EXPECT_EQ(u32(SQL_STATIC_CURSOR_ATTRIBUTES1) & SQL_CA1_POSITIONED_UPDATE, 0u);
  EXPECT_NE(u32(SQL_STATIC_CURSOR_ATTRIBUTES1) & SQL_CA1_ABSOLUTE, 0u);
}

TEST(InfoTable, UnknownTypeIsHY096) {
  try {
    getInfo(9999, dsqlCtx());
    FAIL() << "expected HY096";
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "HY096");
  }
}

TEST(InfoTable, EveryListedTypeAnswersOnceWithAName) {
  std::set<SQLUSMALLINT> seen;
  for (SQLUSMALLINT t : allInfoTypes()) {
    EXPECT_TRUE(seen.insert(t).second) << "duplicate row " << t;
    EXPECT_NO_THROW(getInfo(t, dsqlCtx())) << t;
    EXPECT_FALSE(infoTypeName(t).empty()) << t;
  }
  EXPECT_EQ(infoTypeName(SQL_DBMS_NAME), "SQL_DBMS_NAME");
  EXPECT_EQ(infoTypeName(SQL_CONVERT_VARCHAR), "SQL_CONVERT_VARCHAR");
  EXPECT_GT(seen.size(), 150u);
}

// Escape masks are process-wide: each test registers what it needs and the fixture resets them.
class EscapeMasks : public ::testing::Test {
 protected:
  void TearDown() override { setEscapeFunctions({}); }
};

TEST_F(EscapeMasks, NothingAdvertisedUntilRegistered) {
  setEscapeFunctions({});
  EXPECT_EQ(u32(SQL_STRING_FUNCTIONS), 0u);
  EXPECT_EQ(u32(SQL_NUMERIC_FUNCTIONS), 0u);
  EXPECT_EQ(u32(SQL_CONVERT_INTEGER), 0u);
  EXPECT_EQ(u32(SQL_CONVERT_FUNCTIONS), static_cast<SQLUINTEGER>(SQL_FN_CVT_CAST));
  EXPECT_EQ(u32(SQL_TIMEDATE_ADD_INTERVALS), 0u);
}

TEST_F(EscapeMasks, MasksComputedFromNames) {
  struct ShimLike {  // the shape of shim::sql::EscapeSupport
    std::vector<std::string_view> string{"CONCAT", "LCASE", "NOT_A_FUNCTION"}, numeric{"ABS", "PI"},
        timedate{"NOW", "TIMESTAMPADD"}, system{"IFNULL"}, convertTypes{"INTEGER", "VARCHAR"},
        intervals{"DAY", "SECOND"};
  };
  setEscapeFunctions(escapeNamesFrom(ShimLike{}));
  EXPECT_EQ(u32(SQL_STRING_FUNCTIONS), static_cast<SQLUINTEGER>(SQL_FN_STR_CONCAT | SQL_FN_STR_LCASE));
  EXPECT_EQ(u32(SQL_NUMERIC_FUNCTIONS), static_cast<SQLUINTEGER>(SQL_FN_NUM_ABS | SQL_FN_NUM_PI));
  EXPECT_EQ(u32(SQL_TIMEDATE_FUNCTIONS), static_cast<SQLUINTEGER>(SQL_FN_TD_NOW | SQL_FN_TD_TIMESTAMPADD));
  EXPECT_EQ(u32(SQL_SYSTEM_FUNCTIONS), static_cast<SQLUINTEGER>(SQL_FN_SYS_IFNULL));
  EXPECT_EQ(u32(SQL_TIMEDATE_ADD_INTERVALS), static_cast<SQLUINTEGER>(SQL_FN_TSI_DAY | SQL_FN_TSI_SECOND));
  EXPECT_EQ(u32(SQL_TIMEDATE_DIFF_INTERVALS), 0u);  // TIMESTAMPDIFF not registered
  EXPECT_EQ(u32(SQL_CONVERT_FUNCTIONS), static_cast<SQLUINTEGER>(SQL_FN_CVT_CAST | SQL_FN_CVT_CONVERT));
  // integer -> integer and -> varchar are casts PostgreSQL has; integer -> date is not.
  EXPECT_EQ(u32(SQL_CONVERT_INTEGER), static_cast<SQLUINTEGER>(SQL_CVT_INTEGER | SQL_CVT_VARCHAR));
  EXPECT_EQ(u32(SQL_CONVERT_DATE), static_cast<SQLUINTEGER>(SQL_CVT_VARCHAR));
  EXPECT_EQ(u32(SQL_CONVERT_VARCHAR), static_cast<SQLUINTEGER>(SQL_CVT_INTEGER | SQL_CVT_VARCHAR));
}

TEST(EscapeBits, LookupByName) {
  EXPECT_EQ(escapeFunctionBit(SQL_STRING_FUNCTIONS, "SUBSTRING"), SQL_FN_STR_SUBSTRING);
  EXPECT_EQ(escapeFunctionBit(SQL_NUMERIC_FUNCTIONS, "SUBSTRING"), std::nullopt);
  EXPECT_EQ(escapeFunctionBit(SQL_SYSTEM_FUNCTIONS, "USER"), SQL_FN_SYS_USERNAME);
  EXPECT_EQ(escapeFunctionBit(SQL_CONVERT_FUNCTIONS, "TYPE_TIMESTAMP"), SQL_CVT_TIMESTAMP);
  EXPECT_EQ(escapeFunctionBit(SQL_TIMEDATE_ADD_INTERVALS, "FRAC_SECOND"), SQL_FN_TSI_FRAC_SECOND);
}

}  // namespace
}  // namespace dsql::driver
