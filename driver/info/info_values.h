// Internal to driver/info: the named constants behind the SQLGetInfo rows (limits, bitmask sets, keyword
// list) and the two computed helpers. Each DSQL value cites where it comes from.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <string_view>

namespace dsql::driver::info_values {

// PostgreSQL's NAMEDATALEN - 1: the longest identifier of any kind (DSQL is PostgreSQL 16 here too).
constexpr unsigned kMaxNameLen = 63;
constexpr unsigned kPgMaxColumns = 1600;        // MaxHeapAttributeNumber
constexpr unsigned kPgMaxIndexColumns = 32;     // INDEX_MAX_KEYS
constexpr unsigned kPgMaxTargetList = 1664;     // MaxTupleAttributeNumber ("target lists can have at most 1664")
constexpr unsigned kDsqlMaxColumns = 255;       // 54011 "tables can have at most 255 columns" (docs/dsql-behaviour.md §4)
constexpr unsigned kDsqlMaxIndexColumns = 8;    // 54011 "more than 8 column keys in an index" (docs/dsql-behaviour.md §4)
constexpr unsigned long kDsqlMaxKeyBytes = 1024;             // 54000 "key size too large": documented 1 KiB
constexpr unsigned long kDsqlMaxRowBytes = 2UL * 1024 * 1024;  // 54000 "maximum row size exceeded": 2 MiB
// A protocol message over 10 MiB makes DSQL drop the connection (docs/dsql-behaviour.md §4); keep 1 KiB for framing.
constexpr unsigned long kDsqlMaxStatementBytes = 10UL * 1024 * 1024 - 1024;

constexpr unsigned long kPgIsolationLevels =
    SQL_TXN_READ_UNCOMMITTED | SQL_TXN_READ_COMMITTED | SQL_TXN_REPEATABLE_READ | SQL_TXN_SERIALIZABLE;

constexpr unsigned long kDatetimeLiterals =
    SQL_DL_SQL92_DATE | SQL_DL_SQL92_TIME | SQL_DL_SQL92_TIMESTAMP | SQL_DL_SQL92_INTERVAL_YEAR |
    SQL_DL_SQL92_INTERVAL_MONTH | SQL_DL_SQL92_INTERVAL_DAY | SQL_DL_SQL92_INTERVAL_HOUR |
    SQL_DL_SQL92_INTERVAL_MINUTE | SQL_DL_SQL92_INTERVAL_SECOND | SQL_DL_SQL92_INTERVAL_YEAR_TO_MONTH |
    SQL_DL_SQL92_INTERVAL_DAY_TO_HOUR | SQL_DL_SQL92_INTERVAL_DAY_TO_MINUTE |
    SQL_DL_SQL92_INTERVAL_DAY_TO_SECOND | SQL_DL_SQL92_INTERVAL_HOUR_TO_MINUTE |
    SQL_DL_SQL92_INTERVAL_HOUR_TO_SECOND | SQL_DL_SQL92_INTERVAL_MINUTE_TO_SECOND;

// information_schema views PostgreSQL defines (checked against a PostgreSQL 15 catalog).
constexpr unsigned long kInfoSchemaViews =
    SQL_ISV_CHARACTER_SETS | SQL_ISV_CHECK_CONSTRAINTS | SQL_ISV_COLLATIONS | SQL_ISV_COLUMN_DOMAIN_USAGE |
    SQL_ISV_COLUMN_PRIVILEGES | SQL_ISV_COLUMNS | SQL_ISV_CONSTRAINT_COLUMN_USAGE |
    SQL_ISV_CONSTRAINT_TABLE_USAGE | SQL_ISV_DOMAIN_CONSTRAINTS | SQL_ISV_DOMAINS | SQL_ISV_KEY_COLUMN_USAGE |
    SQL_ISV_REFERENTIAL_CONSTRAINTS | SQL_ISV_SCHEMATA | SQL_ISV_TABLE_CONSTRAINTS | SQL_ISV_TABLE_PRIVILEGES |
    SQL_ISV_TABLES | SQL_ISV_USAGE_PRIVILEGES | SQL_ISV_VIEW_COLUMN_USAGE | SQL_ISV_VIEW_TABLE_USAGE |
    SQL_ISV_VIEWS;

constexpr unsigned long kSql92Predicates =
    SQL_SP_BETWEEN | SQL_SP_COMPARISON | SQL_SP_EXISTS | SQL_SP_IN | SQL_SP_ISNOTNULL | SQL_SP_ISNULL |
    SQL_SP_LIKE | SQL_SP_OVERLAPS | SQL_SP_QUANTIFIED_COMPARISON;

constexpr unsigned long kSql92JoinOperators =
    SQL_SRJO_CROSS_JOIN | SQL_SRJO_EXCEPT_JOIN | SQL_SRJO_FULL_OUTER_JOIN | SQL_SRJO_INNER_JOIN |
    SQL_SRJO_INTERSECT_JOIN | SQL_SRJO_LEFT_OUTER_JOIN | SQL_SRJO_NATURAL_JOIN | SQL_SRJO_RIGHT_OUTER_JOIN;

constexpr unsigned long kConstraintDeferral =
    SQL_CT_CONSTRAINT_INITIALLY_DEFERRED | SQL_CT_CONSTRAINT_INITIALLY_IMMEDIATE | SQL_CT_CONSTRAINT_DEFERRABLE |
    SQL_CT_CONSTRAINT_NON_DEFERRABLE;
// DSQL: no TEMPORARY tables (0A000 "TEMPORARY or TEMP table not supported"), C collation only.
constexpr unsigned long kCreateTableDsql = SQL_CT_CREATE_TABLE | SQL_CT_COLUMN_CONSTRAINT | SQL_CT_COLUMN_DEFAULT |
                                           SQL_CT_TABLE_CONSTRAINT | SQL_CT_CONSTRAINT_NAME_DEFINITION |
                                           kConstraintDeferral;
constexpr unsigned long kCreateTablePg = kCreateTableDsql | SQL_CT_COLUMN_COLLATION | SQL_CT_LOCAL_TEMPORARY |
                                         SQL_CT_COMMIT_PRESERVE | SQL_CT_COMMIT_DELETE;

// DSQL: ADD COLUMN only without DEFAULT/constraints (0A000 "ALTER TABLE ADD COLUMN with constraint not
// supported"), ADD CONSTRAINT only with DSQL's NOT VALID form (0A000 "unsupported ALTER TABLE ADD CONSTRAINT
// statement"), DROP COLUMN works (golden:alters.json alter_drop_column).
constexpr unsigned long kAlterTableDsql =
    SQL_AT_ADD_COLUMN_SINGLE | SQL_AT_ADD_COLUMN | SQL_AT_DROP_COLUMN | SQL_AT_DROP_COLUMN_DEFAULT;
constexpr unsigned long kAlterTablePg =
    kAlterTableDsql | SQL_AT_ADD_COLUMN_DEFAULT | SQL_AT_ADD_COLUMN_COLLATION | SQL_AT_ADD_CONSTRAINT |
    SQL_AT_ADD_TABLE_CONSTRAINT | SQL_AT_CONSTRAINT_NAME_DEFINITION | SQL_AT_DROP_COLUMN_CASCADE |
    SQL_AT_DROP_COLUMN_RESTRICT | SQL_AT_DROP_TABLE_CONSTRAINT_CASCADE | SQL_AT_DROP_TABLE_CONSTRAINT_RESTRICT |
    SQL_AT_SET_COLUMN_DEFAULT | SQL_AT_DROP_COLUMN_DEFAULT | SQL_AT_CONSTRAINT_INITIALLY_DEFERRED |
    SQL_AT_CONSTRAINT_INITIALLY_IMMEDIATE | SQL_AT_CONSTRAINT_DEFERRABLE | SQL_AT_CONSTRAINT_NON_DEFERRABLE;

constexpr unsigned long kAlterDomainPg = SQL_AD_ADD_DOMAIN_CONSTRAINT | SQL_AD_ADD_DOMAIN_DEFAULT |
                                         SQL_AD_CONSTRAINT_NAME_DEFINITION | SQL_AD_DROP_DOMAIN_CONSTRAINT |
                                         SQL_AD_DROP_DOMAIN_DEFAULT;

// PostgreSQL reserved words that are not in ODBC's own reserved-keyword list (SQL_KEYWORDS asks for those).
constexpr std::string_view kKeywords =
    "ANALYSE,ANALYZE,ARRAY,ASYMMETRIC,BINARY,CONCURRENTLY,CURRENT_CATALOG,CURRENT_ROLE,CURRENT_SCHEMA,DO,"
    "FREEZE,ILIKE,ISNULL,LATERAL,LIMIT,LOCALTIME,LOCALTIMESTAMP,NOTNULL,OFFSET,PLACING,RETURNING,SIMILAR,"
    "SYMMETRIC,TABLESAMPLE,VARIADIC,VERBOSE,WINDOW";

// "##.##.####" (SQLGetInfo SQL_DBMS_VER / SQL_DRIVER_VER) from "16.15", "0.1.0", "9.6.24" or a server
// version number such as "160015" / "90624"; text it cannot parse is returned unchanged.
std::string odbcVersionString(std::string_view version);

// SQL_TIMEDATE_ADD/DIFF_INTERVALS: the registered SQL_FN_TSI_* intervals when the shim translates the
// function with bit `functionBit` (SQL_FN_TD_TIMESTAMPADD / _TIMESTAMPDIFF), else 0.
SQLUINTEGER timestampIntervals(SQLUINTEGER functionBit);

}  // namespace dsql::driver::info_values
