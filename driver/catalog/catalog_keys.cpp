// Key and index catalog functions: SQLPrimaryKeys, SQLForeignKeys, SQLStatistics and SQLSpecialColumns
// (reference pages .../sqlprimarykeys-function etc.). Key columns are walked with a constant VALUES list of
// positions (1..INDEX_MAX_KEYS) rather than a set-returning function or LATERAL: DSQL mishandles some
// LATERAL joins (42804, docs/dsql-behaviour.md §2), and plain joins run everywhere.
#include "driver/catalog/catalog_args.h"
#include "driver/catalog/catalog_queries.h"
#include "driver/catalog/type_columns.h"
#include "shim/common/error.h"

#include <string>

namespace dsql::driver {

using namespace catalog_detail;

namespace {

constexpr int kIndexMaxKeys = 32;  // PostgreSQL INDEX_MAX_KEYS; DSQL allows 8 (54011)

std::string positions(const char* alias) {
  std::string v = "(VALUES ";
  for (int i = 1; i <= kIndexMaxKeys; ++i) v += (i > 1 ? ", (" : "(") + std::to_string(i) + ")";
  return v + ") AS " + alias + "(pos)";
}

std::string num(long v) { return std::to_string(v); }

std::string ident(const std::string& expr, const char* alias) {
  return expr + "::" + kIdent + " AS \"" + alias + "\"";
}

// pg_constraint's confupdtype/confdeltype letters -> SQL_CASCADE, SQL_RESTRICT, ...
std::string ruleExpr(const char* column) {
  return std::string("(CASE ") + column + " WHEN 'c' THEN " + num(SQL_CASCADE) + " WHEN 'r' THEN " +
         num(SQL_RESTRICT) + " WHEN 'n' THEN " + num(SQL_SET_NULL) + " WHEN 'd' THEN " + num(SQL_SET_DEFAULT) +
         " ELSE " + num(SQL_NO_ACTION) + " END)::int2";
}

}  // namespace

CatalogQuery primaryKeysQuery(const ObjectName& table, bool metadataId) {
  requireArgument(table.name, "TableName");
  return preferExact([&](QueryBuilder& q) {
    q.scope("current_database()", table.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("n.nspname", table.schema, ArgKind::Ordinary, metadataId);
    q.filter("c.relname", table.name, ArgKind::Ordinary, metadataId);
    return "SELECT " + ident("current_database()", "TABLE_CAT") + ", " + ident("n.nspname", "TABLE_SCHEM") + ", " +
        ident("c.relname", "TABLE_NAME") + ", " + ident("a.attname", "COLUMN_NAME") + ", k.pos::int2 AS \"KEY_SEQ\", " +
        ident("con.conname", "PK_NAME") +
        " FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN " + positions("k") +
        " ON k.pos <= array_length(con.conkey, 1) "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[k.pos] "
        "WHERE con.contype = 'p' AND " + q.where() + " ORDER BY 1, 2, 3, 5";
  });
}

CatalogQuery foreignKeysQuery(const ObjectName& pkTable, const ObjectName& fkTable, bool metadataId) {
  if (!pkTable.name && !fkTable.name) throw Error("HY009", "Invalid use of null pointer: PKTableName and FKTableName are both NULL");
  return preferExact([&](QueryBuilder& q) {
    // Either table may be omitted, so NULL never means HY009 here, even with SQL_ATTR_METADATA_ID.
    q.scope("current_database()", pkTable.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("pn.nspname", pkTable.schema, ArgKind::Ordinary, metadataId, true);
    q.filter("pc.relname", pkTable.name, ArgKind::Ordinary, metadataId, true);
    q.scope("current_database()", fkTable.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("fn.nspname", fkTable.schema, ArgKind::Ordinary, metadataId, true);
    q.filter("fc.relname", fkTable.name, ArgKind::Ordinary, metadataId, true);
    // Reference page: foreign keys of a primary key order by FKTABLE_*, else by PKTABLE_*; FK_NAME keeps the
    // columns of one multi-column key together before KEY_SEQ.
    std::string order = pkTable.name && !fkTable.name ? "5, 6, 7, 12, 9" : "1, 2, 3, 12, 9";
    return "SELECT " + ident("current_database()", "PKTABLE_CAT") + ", " + ident("pn.nspname", "PKTABLE_SCHEM") + ", " +
        ident("pc.relname", "PKTABLE_NAME") + ", " + ident("pa.attname", "PKCOLUMN_NAME") + ", " +
        ident("current_database()", "FKTABLE_CAT") + ", " + ident("fn.nspname", "FKTABLE_SCHEM") + ", " +
        ident("fc.relname", "FKTABLE_NAME") + ", " + ident("fa.attname", "FKCOLUMN_NAME") +
        ", k.pos::int2 AS \"KEY_SEQ\", " + ruleExpr("con.confupdtype") + " AS \"UPDATE_RULE\", " +
        ruleExpr("con.confdeltype") + " AS \"DELETE_RULE\", " + ident("con.conname", "FK_NAME") + ", " +
        ident("ic.relname", "PK_NAME") + ", (CASE WHEN con.condeferrable AND con.condeferred THEN " +
        num(SQL_INITIALLY_DEFERRED) + " WHEN con.condeferrable THEN " + num(SQL_INITIALLY_IMMEDIATE) + " ELSE " +
        num(SQL_NOT_DEFERRABLE) + " END)::int2 AS \"DEFERRABILITY\" "
        "FROM pg_catalog.pg_constraint con "
        "JOIN pg_catalog.pg_class fc ON fc.oid = con.conrelid "
        "JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace "
        "JOIN pg_catalog.pg_class pc ON pc.oid = con.confrelid "
        "JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace "
        "JOIN " + positions("k") + " ON k.pos <= array_length(con.conkey, 1) "
        "JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.conrelid AND fa.attnum = con.conkey[k.pos] "
        "JOIN pg_catalog.pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = con.confkey[k.pos] "
        "LEFT JOIN pg_catalog.pg_class ic ON ic.oid = con.conindid "
        "WHERE con.contype = 'f' AND " + q.where() + " ORDER BY " + order;
  });
}

CatalogQuery statisticsQuery(const ObjectName& table, bool uniqueOnly, bool metadataId) {
  requireArgument(table.name, "TableName");
  return preferExact([&](QueryBuilder& q) {
    q.scope("current_database()", table.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("n.nspname", table.schema, ArgKind::Ordinary, metadataId);
    q.filter("c.relname", table.name, ArgKind::Ordinary, metadataId);
    std::string where = q.where();
    auto cardinality = [](const char* rel) {  // reltuples is -1 before the first ANALYZE; clamp into int4
      return std::string("(CASE WHEN ") + rel + ".reltuples < 0 THEN NULL ELSE LEAST(" + rel +
             ".reltuples, 2147483647) END)::int4";
    };
    std::string head = "SELECT " + ident("current_database()", "TABLE_CAT") + ", " + ident("n.nspname", "TABLE_SCHEM") +
                       ", " + ident("c.relname", "TABLE_NAME") + ", ";
    // First the SQL_TABLE_STAT row, then one row per key column of each valid index (an index DSQL is still
    // building asynchronously has indisvalid = false and is not usable yet, docs/dsql-behaviour.md §5).
    return head + "NULL::int2 AS \"NON_UNIQUE\", NULL::" + kIdent + " AS \"INDEX_QUALIFIER\", NULL::" + kIdent +
        " AS \"INDEX_NAME\", " + num(SQL_TABLE_STAT) +
        "::int2 AS \"TYPE\", NULL::int2 AS \"ORDINAL_POSITION\", NULL::" + kIdent +
        " AS \"COLUMN_NAME\", NULL::char(1) AS \"ASC_OR_DESC\", " + cardinality("c") +
        " AS \"CARDINALITY\", c.relpages::int4 AS \"PAGES\", NULL::varchar AS \"FILTER_CONDITION\" "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'm', 'f') AND " + where +
        " UNION ALL " + head + "(CASE WHEN x.indisunique THEN " + num(SQL_FALSE) + " ELSE " + num(SQL_TRUE) +
        " END)::int2, n.nspname::" + kIdent + ", ic.relname::" + kIdent + ", (CASE WHEN x.indisclustered THEN " +
        num(SQL_INDEX_CLUSTERED) + " ELSE " + num(SQL_INDEX_OTHER) + " END)::int2, k.pos::int2, "
        "(CASE WHEN x.indkey[k.pos - 1] = 0 THEN '' ELSE a.attname::text END)::" + kIdent +
        ", (CASE WHEN (x.indoption[k.pos - 1] & 1) = 1 THEN 'D' ELSE 'A' END)::char(1), " + cardinality("ic") +
        ", ic.relpages::int4, pg_catalog.pg_get_expr(x.indpred, x.indrelid)::varchar "
        "FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid "
        "JOIN " + positions("k") + " ON k.pos <= x.indnkeyatts "
        "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.pos - 1] "
        "WHERE x.indisvalid AND " + (uniqueOnly ? "x.indisunique AND " : "") + where +
        " ORDER BY 4 NULLS FIRST, 7, 5, 6, 8";
  });
}

CatalogQuery specialColumnsQuery(SQLUSMALLINT identifierType, const ObjectName& table, SQLUSMALLINT scope,
                                 SQLUSMALLINT nullable, bool metadataId, const TypeOptions& options) {
  if (identifierType != SQL_BEST_ROWID && identifierType != SQL_ROWVER)
    throw Error("HY097", "Column type out of range");
  if (scope != SQL_SCOPE_CURROW && scope != SQL_SCOPE_TRANSACTION && scope != SQL_SCOPE_SESSION)
    throw Error("HY098", "Scope type out of range");
  if (nullable != SQL_NO_NULLS && nullable != SQL_NULLABLE) throw Error("HY099", "Nullable type out of range");
  requireArgument(table.name, "TableName");
  return preferExact([&](QueryBuilder& q) {
    q.scope("current_database()", table.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("n.nspname", table.schema, ArgKind::Ordinary, metadataId);
    q.filter("c.relname", table.name, ArgKind::Ordinary, metadataId);
    // SQL_BEST_ROWID: the primary key, valid for the session (so any requested scope is met); its columns are
    // NOT NULL, so the Nullable argument never removes them. SQL_ROWVER: PostgreSQL has no column the server
    // updates on every change that DSQL exposes, so the result is empty (same shape).
    std::string kind = identifierType == SQL_BEST_ROWID ? "TRUE" : "FALSE";
    TypeColumnExprs t = typeColumnExprs("s.typoid", "s.typmod", "s.typname", options);
    return "SELECT " + num(SQL_SCOPE_SESSION) + "::int2 AS \"SCOPE\", s.attname::" + kIdent + " AS \"COLUMN_NAME\", " +
        t.dataType + " AS \"DATA_TYPE\", " + t.typeName + " AS \"TYPE_NAME\", " + t.columnSize +
        " AS \"COLUMN_SIZE\", " + t.bufferLength + " AS \"BUFFER_LENGTH\", " + t.decimalDigits +
        " AS \"DECIMAL_DIGITS\", " + num(SQL_PC_NOT_PSEUDO) + "::int2 AS \"PSEUDO_COLUMN\" "
        "FROM (SELECT a.attname, a.attnum, t.typname, "
        "CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS typoid, "
        "CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod "
        "FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey) "
        "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "WHERE con.contype = 'p' AND " + kind + " AND " + q.where() + ") AS s ORDER BY 1, s.attnum";
  });
}

}  // namespace dsql::driver
