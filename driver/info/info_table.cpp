// The SQLGetInfo table (https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetinfo-function): one row
// per information type, its SQL_* name and the value (a constant, or a function of the connection's facts).
// Value types follow the reference page exactly (SQLUSMALLINT vs SQLUINTEGER vs string), because the entry
// point copies sizeof(value) bytes. Why each answer is what it is: driver/info/README.md.
#include "driver/info/info_table.h"

#include "driver/info/escape_functions.h"
#include "driver/info/info_values.h"
#include "shim/common/error.h"

#include <algorithm>

namespace dsql::driver {
namespace {

using info_detail::EscapeMasks;
using Ctx = const InfoContext&;

struct InfoRow {
  SQLUSMALLINT type;
  std::string_view name;
  InfoValue (*value)(Ctx);
};

InfoValue u16(unsigned v) { return static_cast<SQLUSMALLINT>(v); }
InfoValue u32(unsigned long v) { return static_cast<SQLUINTEGER>(v); }
InfoValue str(std::string v) { return v; }
InfoValue yn(bool v) { return std::string(v ? "Y" : "N"); }

#define ROW(id, expr) {id, #id, [](Ctx c) -> InfoValue { (void)c; return expr; }}

const std::vector<InfoRow>& rows() {
  using namespace info_values;
  static const std::vector<InfoRow> table = {
      // Driver and data source identity
      ROW(SQL_DRIVER_NAME, str("libdsqlodbc.so")),
      ROW(SQL_DRIVER_VER, str(odbcVersionString(DSQL_DRIVER_VERSION))),
      ROW(SQL_DRIVER_ODBC_VER, str(c.driverOdbcVersion)),
      ROW(SQL_ODBC_VER, str("03.80")),
      // DSQL speaks the PostgreSQL protocol and reports itself as PostgreSQL 16 (version() = "PostgreSQL 16",
      // golden:environment.json); tools pick their SQL dialect from this name, so it must stay "PostgreSQL".
      ROW(SQL_DBMS_NAME, str("PostgreSQL")),
      ROW(SQL_DBMS_VER, str(odbcVersionString(c.dbmsVersion))),
      ROW(SQL_DATA_SOURCE_NAME, str(c.dataSourceName)),
      ROW(SQL_SERVER_NAME, str(c.serverName)),
      ROW(SQL_DATABASE_NAME, str(c.databaseName)),
      ROW(SQL_USER_NAME, str(c.userName)),
      ROW(SQL_DATA_SOURCE_READ_ONLY, yn(c.readOnly)),
      ROW(SQL_ACCESSIBLE_TABLES, yn(false)),
      ROW(SQL_ACCESSIBLE_PROCEDURES, yn(false)),
      ROW(SQL_ODBC_INTERFACE_CONFORMANCE, u32(SQL_OIC_CORE)),
      ROW(SQL_SQL_CONFORMANCE, u32(SQL_SC_SQL92_ENTRY)),
      ROW(SQL_ODBC_API_CONFORMANCE, u16(SQL_OAC_LEVEL1)),
      ROW(SQL_ODBC_SQL_CONFORMANCE, u16(SQL_OSC_CORE)),
      ROW(SQL_ODBC_SAG_CLI_CONFORMANCE, u16(SQL_OSCC_COMPLIANT)),
      ROW(SQL_STANDARD_CLI_CONFORMANCE, u32(SQL_SCC_XOPEN_CLI_VERSION1)),
      ROW(SQL_ACTIVE_ENVIRONMENTS, u16(0)),
      ROW(SQL_MAX_DRIVER_CONNECTIONS, u16(0)),
      ROW(SQL_MAX_CONCURRENT_ACTIVITIES, u16(0)),
      ROW(SQL_FILE_USAGE, u16(SQL_FILE_NOT_SUPPORTED)),
      ROW(SQL_DRIVER_AWARE_POOLING_SUPPORTED, u32(SQL_DRIVER_AWARE_POOLING_NOT_CAPABLE)),
      // Asynchrony: none
      ROW(SQL_ASYNC_MODE, u32(SQL_AM_NONE)),
      ROW(SQL_ASYNC_DBC_FUNCTIONS, u32(SQL_ASYNC_DBC_NOT_CAPABLE)),
      ROW(SQL_ASYNC_NOTIFICATION, u32(SQL_ASYNC_NOTIFICATION_NOT_CAPABLE)),
      ROW(SQL_MAX_ASYNC_CONCURRENT_STATEMENTS, u32(0)),
      // Names, terms and identifiers
      ROW(SQL_IDENTIFIER_QUOTE_CHAR, str("\"")),
      ROW(SQL_IDENTIFIER_CASE, u16(SQL_IC_LOWER)),
      ROW(SQL_QUOTED_IDENTIFIER_CASE, u16(SQL_IC_SENSITIVE)),
      ROW(SQL_SEARCH_PATTERN_ESCAPE, str("\\")),
      ROW(SQL_SPECIAL_CHARACTERS, str("$")),
      ROW(SQL_KEYWORDS, str(std::string(kKeywords))),
      ROW(SQL_CATALOG_NAME, yn(true)),
      ROW(SQL_CATALOG_NAME_SEPARATOR, str(".")),
      ROW(SQL_CATALOG_TERM, str("database")),
      ROW(SQL_CATALOG_LOCATION, u16(SQL_CL_START)),
      ROW(SQL_CATALOG_USAGE, u32(SQL_CU_DML_STATEMENTS)),
      ROW(SQL_SCHEMA_TERM, str("schema")),
      ROW(SQL_SCHEMA_USAGE, u32(SQL_SU_DML_STATEMENTS | SQL_SU_PROCEDURE_INVOCATION | SQL_SU_TABLE_DEFINITION |
                                SQL_SU_INDEX_DEFINITION | SQL_SU_PRIVILEGE_DEFINITION)),
      ROW(SQL_TABLE_TERM, str("table")),
      ROW(SQL_PROCEDURE_TERM, str("function")),
      ROW(SQL_PROCEDURES, yn(true)),
      ROW(SQL_COLLATION_SEQ, str(c.dsql ? "C" : "")),
      ROW(SQL_MAX_IDENTIFIER_LEN, u16(kMaxNameLen)),
      ROW(SQL_MAX_CATALOG_NAME_LEN, u16(kMaxNameLen)),
      ROW(SQL_MAX_SCHEMA_NAME_LEN, u16(kMaxNameLen)),
      ROW(SQL_MAX_TABLE_NAME_LEN, u16(kMaxNameLen)),
      ROW(SQL_MAX_COLUMN_NAME_LEN, u16(kMaxNameLen)),
      ROW(SQL_MAX_CURSOR_NAME_LEN, u16(kMaxNameLen)),
      ROW(SQL_MAX_PROCEDURE_NAME_LEN, u16(kMaxNameLen)),
      ROW(SQL_MAX_USER_NAME_LEN, u16(kMaxNameLen)),
      // Size limits (DSQL: docs/dsql-behaviour.md §4 / CHAP_quotas; PostgreSQL: its compiled-in limits; 0 = none)
      ROW(SQL_MAX_COLUMNS_IN_TABLE, u16(c.dsql ? kDsqlMaxColumns : kPgMaxColumns)),
      ROW(SQL_MAX_COLUMNS_IN_INDEX, u16(c.dsql ? kDsqlMaxIndexColumns : kPgMaxIndexColumns)),
      ROW(SQL_MAX_COLUMNS_IN_SELECT, u16(kPgMaxTargetList)),
      ROW(SQL_MAX_COLUMNS_IN_GROUP_BY, u16(0)),
      ROW(SQL_MAX_COLUMNS_IN_ORDER_BY, u16(0)),
      ROW(SQL_MAX_TABLES_IN_SELECT, u16(0)),
      ROW(SQL_MAX_INDEX_SIZE, u32(c.dsql ? kDsqlMaxKeyBytes : 0)),
      ROW(SQL_MAX_ROW_SIZE, u32(c.dsql ? kDsqlMaxRowBytes : 0)),
      ROW(SQL_MAX_ROW_SIZE_INCLUDES_LONG, yn(true)),
      ROW(SQL_MAX_STATEMENT_LEN, u32(c.dsql ? kDsqlMaxStatementBytes : 0)),
      ROW(SQL_MAX_CHAR_LITERAL_LEN, u32(0)),
      ROW(SQL_MAX_BINARY_LITERAL_LEN, u32(0)),
      // Transactions. DSQL refuses DDL and DML in one transaction and more than one DDL per transaction
      // (0A000, docs/dsql-behaviour.md §2.1): SQL_TC_DML ("DDL within a transaction causes an error") is the honest answer;
      // DDL works in autocommit. Only REPEATABLE READ exists on DSQL (0A000 "Unsupported isolation level").
      ROW(SQL_TXN_CAPABLE, u16(c.dsql ? SQL_TC_DML : SQL_TC_ALL)),
      ROW(SQL_DEFAULT_TXN_ISOLATION, u32(c.dsql ? SQL_TXN_REPEATABLE_READ : SQL_TXN_READ_COMMITTED)),
      ROW(SQL_TXN_ISOLATION_OPTION, u32(c.dsql ? SQL_TXN_REPEATABLE_READ : kPgIsolationLevels)),
      ROW(SQL_MULTIPLE_ACTIVE_TXN, yn(true)),
      ROW(SQL_CURSOR_COMMIT_BEHAVIOR, u16(SQL_CB_PRESERVE)),
      ROW(SQL_CURSOR_ROLLBACK_BEHAVIOR, u16(SQL_CB_PRESERVE)),
      // Cursors and fetching: forward-only and static (client-side, buffered) cursors. Static cursors take
      // SQLSetPos (position, refresh, update, delete, add) and SQLBulkOperations (add, update/delete/fetch by
      // bookmark) on results of one table with a key, changing rows by key without locks (SQL_CONCUR_LOCK,
      // SQL_LOCK_NO_CHANGE; statement_setpos.cpp); they are snapshots that do not show those changes
      // (sensitivity 0). Bookmarks are row numbers of the buffered result (statement_bookmarks.cpp).
      // Positioned UPDATE/DELETE ... WHERE CURRENT OF is not supported (SQL_POSITIONED_STATEMENTS 0).
      ROW(SQL_SCROLL_OPTIONS, u32(SQL_SO_FORWARD_ONLY | SQL_SO_STATIC)),
      ROW(SQL_FETCH_DIRECTION, u32(SQL_FD_FETCH_NEXT | SQL_FD_FETCH_FIRST | SQL_FD_FETCH_LAST |
                                   SQL_FD_FETCH_PRIOR | SQL_FD_FETCH_ABSOLUTE | SQL_FD_FETCH_RELATIVE |
                                   SQL_FD_FETCH_BOOKMARK)),
      ROW(SQL_SCROLL_CONCURRENCY, u32(SQL_SCCO_READ_ONLY | SQL_SCCO_LOCK)),
      ROW(SQL_CURSOR_SENSITIVITY, u32(SQL_INSENSITIVE)),
      ROW(SQL_STATIC_SENSITIVITY, u32(0)),
      ROW(SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1,
          u32(SQL_CA1_NEXT | SQL_CA1_LOCK_NO_CHANGE | SQL_CA1_POS_POSITION | SQL_CA1_POS_REFRESH)),
      ROW(SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2, u32(SQL_CA2_READ_ONLY_CONCURRENCY)),
      ROW(SQL_STATIC_CURSOR_ATTRIBUTES1,
          u32(SQL_CA1_NEXT | SQL_CA1_ABSOLUTE | SQL_CA1_RELATIVE | SQL_CA1_BOOKMARK | SQL_CA1_LOCK_NO_CHANGE |
              SQL_CA1_POS_POSITION | SQL_CA1_POS_UPDATE | SQL_CA1_POS_DELETE | SQL_CA1_POS_REFRESH |
              SQL_CA1_BULK_ADD | SQL_CA1_BULK_UPDATE_BY_BOOKMARK | SQL_CA1_BULK_DELETE_BY_BOOKMARK |
              SQL_CA1_BULK_FETCH_BY_BOOKMARK)),
      ROW(SQL_STATIC_CURSOR_ATTRIBUTES2, u32(SQL_CA2_READ_ONLY_CONCURRENCY | SQL_CA2_LOCK_CONCURRENCY |
                                             SQL_CA2_CRC_EXACT | SQL_CA2_SIMULATE_UNIQUE)),
      ROW(SQL_DYNAMIC_CURSOR_ATTRIBUTES1, u32(0)),
      ROW(SQL_DYNAMIC_CURSOR_ATTRIBUTES2, u32(0)),
      ROW(SQL_KEYSET_CURSOR_ATTRIBUTES1, u32(0)),
      ROW(SQL_KEYSET_CURSOR_ATTRIBUTES2, u32(0)),
      ROW(SQL_POS_OPERATIONS, u32(SQL_POS_POSITION | SQL_POS_REFRESH | SQL_POS_UPDATE | SQL_POS_DELETE | SQL_POS_ADD)),
      ROW(SQL_POSITIONED_STATEMENTS, u32(0)),
      ROW(SQL_LOCK_TYPES, u32(SQL_LCK_NO_CHANGE)),
      ROW(SQL_BOOKMARK_PERSISTENCE, u32(SQL_BP_SCROLL | SQL_BP_UPDATE | SQL_BP_TRANSACTION)),
      ROW(SQL_ROW_UPDATES, yn(false)),
      ROW(SQL_GETDATA_EXTENSIONS, u32(SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER | SQL_GD_BOUND | SQL_GD_BLOCK)),
      ROW(SQL_NEED_LONG_DATA_LEN, yn(false)),
      // Parameters, batches and result sets
      ROW(SQL_DESCRIBE_PARAMETER, yn(false)),
      ROW(SQL_PARAM_ARRAY_ROW_COUNTS, u32(SQL_PARC_NO_BATCH)),
      ROW(SQL_PARAM_ARRAY_SELECTS, u32(SQL_PAS_BATCH)),
      ROW(SQL_BATCH_SUPPORT, u32(SQL_BS_SELECT_EXPLICIT | SQL_BS_ROW_COUNT_EXPLICIT)),
      ROW(SQL_BATCH_ROW_COUNT, u32(SQL_BRC_EXPLICIT)),
      ROW(SQL_MULT_RESULT_SETS, yn(true)),
      // SQL language
      ROW(SQL_NULL_COLLATION, u16(SQL_NC_HIGH)),
      ROW(SQL_CONCAT_NULL_BEHAVIOR, u16(SQL_CB_NULL)),
      ROW(SQL_NON_NULLABLE_COLUMNS, u16(SQL_NNC_NON_NULL)),
      ROW(SQL_ORDER_BY_COLUMNS_IN_SELECT, yn(false)),
      ROW(SQL_EXPRESSIONS_IN_ORDERBY, yn(true)),
      ROW(SQL_COLUMN_ALIAS, yn(true)),
      ROW(SQL_CORRELATION_NAME, u16(SQL_CN_ANY)),
      ROW(SQL_GROUP_BY, u16(SQL_GB_GROUP_BY_CONTAINS_SELECT)),
      ROW(SQL_LIKE_ESCAPE_CLAUSE, yn(true)),
      ROW(SQL_OUTER_JOINS, yn(true)),
      ROW(SQL_OJ_CAPABILITIES, u32(SQL_OJ_LEFT | SQL_OJ_RIGHT | SQL_OJ_FULL | SQL_OJ_NESTED | SQL_OJ_NOT_ORDERED |
                                   SQL_OJ_INNER | SQL_OJ_ALL_COMPARISON_OPS)),
      ROW(SQL_UNION, u32(SQL_U_UNION | SQL_U_UNION_ALL)),
      ROW(SQL_SUBQUERIES, u32(SQL_SQ_COMPARISON | SQL_SQ_EXISTS | SQL_SQ_IN | SQL_SQ_QUANTIFIED |
                              SQL_SQ_CORRELATED_SUBQUERIES)),
      ROW(SQL_DATETIME_LITERALS, u32(kDatetimeLiterals)),
      ROW(SQL_AGGREGATE_FUNCTIONS, u32(SQL_AF_ALL | SQL_AF_AVG | SQL_AF_COUNT | SQL_AF_DISTINCT | SQL_AF_MAX |
                                       SQL_AF_MIN | SQL_AF_SUM)),
      ROW(SQL_INSERT_STATEMENT, u32(SQL_IS_INSERT_LITERALS | SQL_IS_INSERT_SEARCHED |
                                    (c.dsql ? 0u : unsigned(SQL_IS_SELECT_INTO)))),
      ROW(SQL_INFO_SCHEMA_VIEWS, u32(kInfoSchemaViews)),
      ROW(SQL_SQL92_PREDICATES, u32(kSql92Predicates)),
      ROW(SQL_SQL92_RELATIONAL_JOIN_OPERATORS, u32(kSql92JoinOperators)),
      ROW(SQL_SQL92_VALUE_EXPRESSIONS, u32(SQL_SVE_CASE | SQL_SVE_CAST | SQL_SVE_COALESCE | SQL_SVE_NULLIF)),
      ROW(SQL_SQL92_ROW_VALUE_CONSTRUCTOR, u32(SQL_SRVC_VALUE_EXPRESSION | SQL_SRVC_NULL | SQL_SRVC_DEFAULT |
                                               SQL_SRVC_ROW_SUBQUERY)),
      ROW(SQL_SQL92_FOREIGN_KEY_DELETE_RULE, u32(SQL_SFKD_CASCADE | SQL_SFKD_NO_ACTION | SQL_SFKD_SET_DEFAULT |
                                                 SQL_SFKD_SET_NULL)),
      ROW(SQL_SQL92_FOREIGN_KEY_UPDATE_RULE, u32(SQL_SFKU_CASCADE | SQL_SFKU_NO_ACTION | SQL_SFKU_SET_DEFAULT |
                                                 SQL_SFKU_SET_NULL)),
      // DDL: honest for DSQL (docs/dsql-behaviour.md §2 and golden:alters.json), full PostgreSQL otherwise
      ROW(SQL_CREATE_TABLE, u32(c.dsql ? kCreateTableDsql : kCreateTablePg)),
      ROW(SQL_DROP_TABLE, u32(SQL_DT_DROP_TABLE | SQL_DT_RESTRICT | SQL_DT_CASCADE)),
      ROW(SQL_ALTER_TABLE, u32(c.dsql ? kAlterTableDsql : kAlterTablePg)),
      ROW(SQL_CREATE_VIEW, u32(SQL_CV_CREATE_VIEW | SQL_CV_CHECK_OPTION | SQL_CV_CASCADED | SQL_CV_LOCAL)),
      ROW(SQL_DROP_VIEW, u32(SQL_DV_DROP_VIEW | SQL_DV_RESTRICT | SQL_DV_CASCADE)),
      ROW(SQL_CREATE_SCHEMA, u32(SQL_CS_CREATE_SCHEMA | SQL_CS_AUTHORIZATION)),
      ROW(SQL_DROP_SCHEMA, u32(SQL_DS_DROP_SCHEMA | SQL_DS_RESTRICT | SQL_DS_CASCADE)),
      ROW(SQL_CREATE_DOMAIN, u32(SQL_CDO_CREATE_DOMAIN | SQL_CDO_DEFAULT | SQL_CDO_CONSTRAINT |
                                 SQL_CDO_CONSTRAINT_NAME_DEFINITION)),
      ROW(SQL_DROP_DOMAIN, u32(SQL_DD_DROP_DOMAIN | SQL_DD_RESTRICT | SQL_DD_CASCADE)),
      ROW(SQL_ALTER_DOMAIN, u32(c.dsql ? 0u : kAlterDomainPg)),
      ROW(SQL_CREATE_ASSERTION, u32(0)),
      ROW(SQL_DROP_ASSERTION, u32(0)),
      ROW(SQL_CREATE_CHARACTER_SET, u32(0)),
      ROW(SQL_DROP_CHARACTER_SET, u32(0)),
      ROW(SQL_CREATE_COLLATION, u32(0)),
      ROW(SQL_DROP_COLLATION, u32(0)),
      ROW(SQL_CREATE_TRANSLATION, u32(0)),
      ROW(SQL_DROP_TRANSLATION, u32(0)),
      ROW(SQL_DDL_INDEX, u32(SQL_DI_CREATE_INDEX | SQL_DI_DROP_INDEX)),
      // DSQL refuses ASC/DESC on index keys (0A000 "specifying sort order not supported for index keys").
      ROW(SQL_INDEX_KEYWORDS, u32(c.dsql ? SQL_IK_NONE : SQL_IK_ALL)),
      // Scalar functions: exactly those the SQL shim translates (setEscapeFunctions)
      ROW(SQL_STRING_FUNCTIONS, u32(info_detail::currentEscapeMasks().string)),
      ROW(SQL_NUMERIC_FUNCTIONS, u32(info_detail::currentEscapeMasks().numeric)),
      ROW(SQL_TIMEDATE_FUNCTIONS, u32(info_detail::currentEscapeMasks().timedate)),
      ROW(SQL_SYSTEM_FUNCTIONS, u32(info_detail::currentEscapeMasks().system)),
      ROW(SQL_TIMEDATE_ADD_INTERVALS, u32(timestampIntervals(SQL_FN_TD_TIMESTAMPADD))),
      ROW(SQL_TIMEDATE_DIFF_INTERVALS, u32(timestampIntervals(SQL_FN_TD_TIMESTAMPDIFF))),
      ROW(SQL_CONVERT_FUNCTIONS, u32(SQL_FN_CVT_CAST |
                                     (info_detail::currentEscapeMasks().convertTargets ? SQL_FN_CVT_CONVERT : 0))),
      ROW(SQL_SQL92_STRING_FUNCTIONS, u32(SQL_SSF_CONVERT | SQL_SSF_LOWER | SQL_SSF_UPPER | SQL_SSF_SUBSTRING |
                                          SQL_SSF_TRANSLATE | SQL_SSF_TRIM_BOTH | SQL_SSF_TRIM_LEADING |
                                          SQL_SSF_TRIM_TRAILING)),
      ROW(SQL_SQL92_NUMERIC_VALUE_FUNCTIONS, u32(SQL_SNVF_BIT_LENGTH | SQL_SNVF_CHAR_LENGTH |
                                                 SQL_SNVF_CHARACTER_LENGTH | SQL_SNVF_EXTRACT |
                                                 SQL_SNVF_OCTET_LENGTH | SQL_SNVF_POSITION)),
      ROW(SQL_SQL92_DATETIME_FUNCTIONS, u32(SQL_SDF_CURRENT_DATE | SQL_SDF_CURRENT_TIME |
                                            SQL_SDF_CURRENT_TIMESTAMP)),
  };
  return table;
}

#undef ROW

const InfoRow* findRow(SQLUSMALLINT infoType) {
  const auto& table = rows();
  auto it = std::find_if(table.begin(), table.end(), [&](const InfoRow& r) { return r.type == infoType; });
  return it == table.end() ? nullptr : &*it;
}

}  // namespace

InfoValue getInfo(SQLUSMALLINT infoType, const InfoContext& ctx) {
  if (const InfoRow* row = findRow(infoType)) return row->value(ctx);
  // SQL_CONVERT_<type>: one row per source type, kept in escape_functions.cpp's conversion matrix.
  if (auto mask = info_detail::convertMask(infoType)) return *mask;
  throw Error("HY096", "Information type out of range");
}

std::vector<SQLUSMALLINT> allInfoTypes() {
  std::vector<SQLUSMALLINT> types;
  for (const auto& r : rows()) types.push_back(r.type);
  for (SQLUSMALLINT t : info_detail::convertInfoTypes()) types.push_back(t);
  return types;
}

std::string_view infoTypeName(SQLUSMALLINT infoType) {
  if (const InfoRow* row = findRow(infoType)) return row->name;
  return info_detail::convertInfoName(infoType);
}

}  // namespace dsql::driver
