// SQLTables (https://learn.microsoft.com/sql/odbc/reference/syntax/sqltables-function) and SQLColumns
// (.../sqlcolumns-function). Table types: relkind r/p TABLE, v VIEW, m MATERIALIZED VIEW, f FOREIGN TABLE;
// anything in pg_catalog, information_schema or DSQL's sys schema is SYSTEM TABLE / SYSTEM VIEW, and
// PostgreSQL's pg_temp_N schemas hold LOCAL TEMPORARY tables (DSQL has none).
#include "driver/catalog/catalog_args.h"
#include "driver/catalog/catalog_queries.h"
#include "driver/catalog/type_columns.h"

#include <string>

namespace dsql::driver {

using namespace catalog_detail;

namespace {

// The table types SQLTables reports, in the order the TableType "%" enumeration lists them.
constexpr const char* kTableTypes[] = {"TABLE", "VIEW", "SYSTEM TABLE", "SYSTEM VIEW", "MATERIALIZED VIEW",
                                       "FOREIGN TABLE", "LOCAL TEMPORARY"};

const std::string kTableTypeExpr =
    "CASE WHEN n.nspname IN ('pg_catalog', 'information_schema', 'sys') "
    "THEN CASE WHEN c.relkind IN ('v', 'm') THEN 'SYSTEM VIEW' ELSE 'SYSTEM TABLE' END "
    "WHEN substr(n.nspname, 1, 8) = 'pg_temp_' THEN 'LOCAL TEMPORARY' "
    "WHEN c.relkind IN ('r', 'p') THEN 'TABLE' WHEN c.relkind = 'v' THEN 'VIEW' "
    "WHEN c.relkind = 'm' THEN 'MATERIALIZED VIEW' WHEN c.relkind = 'f' THEN 'FOREIGN TABLE' END";

std::string nullIdent(const char* alias) { return std::string("NULL::") + kIdent + " AS \"" + alias + "\""; }

CatalogQuery listCatalogs() {
  return {std::string("SELECT current_database()::") + kIdent + " AS \"TABLE_CAT\", " + nullIdent("TABLE_SCHEM") +
              ", " + nullIdent("TABLE_NAME") + ", " + nullIdent("TABLE_TYPE") + ", NULL::varchar AS \"REMARKS\"",
          {}};
}

CatalogQuery listSchemas() {
  return {"SELECT " + nullIdent("TABLE_CAT") + ", n.nspname::" + kIdent + " AS \"TABLE_SCHEM\", " +
              nullIdent("TABLE_NAME") + ", " + nullIdent("TABLE_TYPE") +
              ", NULL::varchar AS \"REMARKS\" FROM pg_catalog.pg_namespace n "
              "WHERE substr(n.nspname, 1, 8) <> 'pg_toast' AND substr(n.nspname, 1, 8) <> 'pg_temp_' "
              "AND substr(n.nspname, 1, 14) <> 'pg_toast_temp_' ORDER BY 2",
          {}};
}

CatalogQuery listTableTypes() {
  std::string values;
  int order = 0;
  for (const char* t : kTableTypes)
    values += std::string(values.empty() ? "" : ", ") + "(" + sqlLiteral(t) + ", " + std::to_string(order++) + ")";
  return {"SELECT " + nullIdent("TABLE_CAT") + ", " + nullIdent("TABLE_SCHEM") + ", " + nullIdent("TABLE_NAME") +
              ", v.t::" + kIdent + " AS \"TABLE_TYPE\", NULL::varchar AS \"REMARKS\" FROM (VALUES " + values +
              ") AS v(t, o) ORDER BY v.o",
          {}};
}

}  // namespace

CatalogQuery tablesQuery(const ObjectName& table, const std::optional<std::string>& tableTypes, bool metadataId) {
  // The special enumerations of the SQLTables reference page ("Comments"), which take exact empty strings.
  auto isEmpty = [](const std::optional<std::string>& s) { return s && s->empty(); };
  if (table.catalog == SQL_ALL_CATALOGS && isEmpty(table.schema) && isEmpty(table.name)) return listCatalogs();
  if (table.schema == SQL_ALL_SCHEMAS && isEmpty(table.catalog) && isEmpty(table.name)) return listSchemas();
  if (tableTypes == SQL_ALL_TABLE_TYPES && isEmpty(table.catalog) && isEmpty(table.schema) && isEmpty(table.name))
    return listTableTypes();

  std::vector<std::string> types;
  if (tableTypes && *tableTypes != SQL_ALL_TABLE_TYPES) types = parseTableTypes(*tableTypes);
  for (auto& t : types)
    if (t == "MATVIEW") t = "MATERIALIZED VIEW";  // psqlODBC's name for the same relkind
  return preferExact([&](QueryBuilder& q) {
    q.scope("current_database()", table.catalog, ArgKind::Pattern, metadataId, true);
    q.scope("n.nspname", table.schema, ArgKind::Pattern, metadataId);
    q.filter("c.relname", table.name, ArgKind::Pattern, metadataId);
    std::string inner = q.where();
    std::string typeFilter = "TRUE";
    if (!types.empty()) {
      typeFilter = "t.\"TABLE_TYPE\" IN (";
      for (size_t i = 0; i < types.size(); ++i) typeFilter += (i ? ", " : "") + q.param(types[i]);
      typeFilter += ")";
    }
    return std::string("SELECT t.\"TABLE_CAT\", t.\"TABLE_SCHEM\", t.\"TABLE_NAME\", t.\"TABLE_TYPE\", "
                       "t.\"REMARKS\" FROM (SELECT current_database()::") + kIdent + " AS \"TABLE_CAT\", n.nspname::" +
           kIdent + " AS \"TABLE_SCHEM\", c.relname::" + kIdent + " AS \"TABLE_NAME\", (" + kTableTypeExpr +
           ")::" + kIdent + " AS \"TABLE_TYPE\", d.description::varchar AS \"REMARKS\" "
           "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
           "LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = 0 "
           "AND d.classoid = 'pg_catalog.pg_class'::regclass "
           "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND " + inner + ") AS t WHERE " + typeFilter +
           " ORDER BY 4, 1, 2, 3";
  });
}

CatalogQuery columnsQuery(const ObjectName& table, const std::optional<std::string>& column, bool metadataId,
                          const TypeOptions& options) {
  return preferExact([&](QueryBuilder& q) {
    q.scope("current_database()", table.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("n.nspname", table.schema, ArgKind::Pattern, metadataId);
    q.filter("c.relname", table.name, ArgKind::Pattern, metadataId);
    std::string inner = q.takeWhere();
    // The column filter applies outside, after ORDINAL_POSITION is numbered, so positions stay table-relative.
    q.filter("s.attname", column, ArgKind::Pattern, metadataId);
    std::string columnFilter = q.takeWhere();
    TypeColumnExprs t = typeColumnExprs("s.typoid", "s.typmod", "s.typname", options);
    return std::string("SELECT s.cat::") + kIdent + " AS \"TABLE_CAT\", s.nspname::" + kIdent +
        " AS \"TABLE_SCHEM\", " +
        "s.relname::" + kIdent + " AS \"TABLE_NAME\", s.attname::" + kIdent + " AS \"COLUMN_NAME\", " + t.dataType +
        " AS \"DATA_TYPE\", " + t.typeName + " AS \"TYPE_NAME\", " + t.columnSize + " AS \"COLUMN_SIZE\", " +
        t.bufferLength + " AS \"BUFFER_LENGTH\", " + t.decimalDigits + " AS \"DECIMAL_DIGITS\", " + t.numPrecRadix +
        " AS \"NUM_PREC_RADIX\", (CASE WHEN s.notnull THEN " + std::to_string(SQL_NO_NULLS) + " ELSE " +
        std::to_string(SQL_NULLABLE) + " END)::int2 AS \"NULLABLE\", s.remarks::varchar AS \"REMARKS\", " +
        "s.coldef::varchar AS \"COLUMN_DEF\", " + t.sqlDataType + " AS \"SQL_DATA_TYPE\", " + t.datetimeSub +
        " AS \"SQL_DATETIME_SUB\", " + t.charOctetLength + " AS \"CHAR_OCTET_LENGTH\", " +
        "s.ordinal::int4 AS \"ORDINAL_POSITION\", (CASE WHEN s.notnull THEN 'NO' ELSE 'YES' END)::varchar(3) "
        "AS \"IS_NULLABLE\" FROM (SELECT current_database() AS cat, n.nspname, c.relname, a.attname, "
        "(a.attnotnull OR t.typnotnull) AS notnull, "
        "CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS typoid, "
        "CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod, t.typname, "
        "pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS coldef, d.description AS remarks, "
        "row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS ordinal "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
        "LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum "
        "AND d.classoid = 'pg_catalog.pg_class'::regclass "
        "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND " + inner +
        ") AS s WHERE " + columnFilter + " ORDER BY 1, 2, 3, 17";
  });
}

}  // namespace dsql::driver
