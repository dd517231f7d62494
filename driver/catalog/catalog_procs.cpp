// SQLProcedures, SQLProcedureColumns, SQLTablePrivileges and SQLColumnPrivileges (reference pages
// .../sqlprocedures-function etc.). Procedures are pg_proc functions (prokind f) and procedures (prokind p);
// aggregates and window functions cannot be called with {call} and are left out. Privileges come from
// information_schema, which DSQL serves, and which already limits rows to what the user may see.
#include "driver/catalog/catalog_args.h"
#include "driver/catalog/catalog_queries.h"
#include "driver/catalog/type_columns.h"

#include <string>

namespace dsql::driver {

using namespace catalog_detail;

namespace {

constexpr int kFuncMaxArgs = 100;  // PostgreSQL FUNC_MAX_ARGS
constexpr unsigned kVoidOid = 2278;

std::string num(long v) { return std::to_string(v); }
std::string ident(const std::string& expr, const char* alias) {
  return expr + "::" + kIdent + " AS \"" + alias + "\"";
}

std::string argPositions() {
  std::string v = "(VALUES ";
  for (int i = 1; i <= kFuncMaxArgs; ++i) v += (i > 1 ? ", (" : "(") + std::to_string(i) + ")";
  return v + ") AS k(pos)";
}

// proargmodes letters -> SQL_PARAM_* / SQL_RESULT_COL (i in, o out, b inout, v variadic in, t table column).
std::string argModeExpr() {
  return "CASE COALESCE(p.proargmodes[k.pos], 'i') WHEN 'o' THEN " + num(SQL_PARAM_OUTPUT) + " WHEN 'b' THEN " +
         num(SQL_PARAM_INPUT_OUTPUT) + " WHEN 't' THEN " + num(SQL_RESULT_COL) + " ELSE " + num(SQL_PARAM_INPUT) +
         " END";
}

}  // namespace

CatalogQuery proceduresQuery(const ObjectName& proc, bool metadataId) {
  return preferExact([&](QueryBuilder& q) {
    q.scope("current_database()", proc.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("n.nspname", proc.schema, ArgKind::Pattern, metadataId);
    q.filter("p.proname", proc.name, ArgKind::Pattern, metadataId);
    return "SELECT " + ident("current_database()", "PROCEDURE_CAT") + ", " + ident("n.nspname", "PROCEDURE_SCHEM") +
        ", " + ident("p.proname", "PROCEDURE_NAME") +
        ", NULL::int4 AS \"NUM_INPUT_PARAMS\", NULL::int4 AS \"NUM_OUTPUT_PARAMS\", NULL::int4 AS \"NUM_RESULT_SETS\", "
        "d.description::varchar AS \"REMARKS\", (CASE WHEN p.prokind = 'p' THEN " + num(SQL_PT_PROCEDURE) + " ELSE " +
        num(SQL_PT_FUNCTION) + " END)::int2 AS \"PROCEDURE_TYPE\" "
        "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
        "LEFT JOIN pg_catalog.pg_description d ON d.objoid = p.oid AND d.objsubid = 0 "
        "AND d.classoid = 'pg_catalog.pg_proc'::regclass "
        "WHERE p.prokind IN ('f', 'p') AND " + q.where() + " ORDER BY 1, 2, 3";
  });
}

CatalogQuery procedureColumnsQuery(const ObjectName& proc, const std::optional<std::string>& column,
                                   bool metadataId, const TypeOptions& options) {
  return preferExact([&](QueryBuilder& q) {
    q.scope("current_database()", proc.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("n.nspname", proc.schema, ArgKind::Pattern, metadataId);
    q.filter("p.proname", proc.name, ArgKind::Pattern, metadataId);
    std::string where = q.takeWhere();
    q.filter("s.colname", column, ArgKind::Pattern, metadataId);
    std::string columnFilter = q.takeWhere();
    TypeColumnExprs t = typeColumnExprs("s.typoid", "s.typmod", "s.typname", options);
    std::string from = " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace ";
    // The return value (ordinal 0) exists for functions that return something and have no OUT/INOUT/TABLE
    // parameters (those make the result a row, reported through the parameters themselves).
    std::string returnValue =
        "SELECT n.nspname, p.proname, p.oid AS procoid, ''::text AS colname, p.prorettype AS argtype, 0 AS ordinal, "
        "(CASE WHEN p.proretset THEN " + num(SQL_RESULT_COL) + " ELSE " + num(SQL_RETURN_VALUE) + " END) AS coltype" +
        from + "WHERE p.prokind = 'f' AND p.prorettype <> " + num(kVoidOid) +
        " AND (p.proargmodes IS NULL OR NOT ('o' = ANY (p.proargmodes) OR 'b' = ANY (p.proargmodes) "
        "OR 't' = ANY (p.proargmodes))) AND " + where;
    std::string arguments =
        "SELECT n.nspname, p.proname, p.oid, COALESCE(p.proargnames[k.pos], '')::text, "
        "COALESCE(p.proallargtypes[k.pos], p.proargtypes[k.pos - 1]), k.pos, " + argModeExpr() + from +
        "JOIN " + argPositions() + " ON k.pos <= COALESCE(array_length(p.proallargtypes, 1), p.pronargs) "
        "WHERE p.prokind IN ('f', 'p') AND " + where;
    return "SELECT " + ident("current_database()", "PROCEDURE_CAT") + ", " + ident("s.nspname", "PROCEDURE_SCHEM") +
        ", " + ident("s.proname", "PROCEDURE_NAME") + ", " + ident("s.colname", "COLUMN_NAME") +
        ", s.coltype::int2 AS \"COLUMN_TYPE\", " + t.dataType + " AS \"DATA_TYPE\", " + t.typeName +
        " AS \"TYPE_NAME\", " + t.columnSize + " AS \"COLUMN_SIZE\", " + t.bufferLength + " AS \"BUFFER_LENGTH\", " +
        t.decimalDigits + " AS \"DECIMAL_DIGITS\", " + t.numPrecRadix + " AS \"NUM_PREC_RADIX\", " +
        num(SQL_NULLABLE_UNKNOWN) + "::int2 AS \"NULLABLE\", NULL::varchar AS \"REMARKS\", "
        "NULL::varchar AS \"COLUMN_DEF\", " + t.sqlDataType + " AS \"SQL_DATA_TYPE\", " + t.datetimeSub +
        " AS \"SQL_DATETIME_SUB\", " + t.charOctetLength + " AS \"CHAR_OCTET_LENGTH\", "
        "s.ordinal::int4 AS \"ORDINAL_POSITION\", ''::varchar(3) AS \"IS_NULLABLE\" "
        "FROM (SELECT r.nspname, r.proname, r.procoid, r.colname, r.ordinal, r.coltype, ty.typname, "
        "CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE r.argtype END AS typoid, "
        "CASE WHEN ty.typtype = 'd' THEN ty.typtypmod ELSE -1 END AS typmod FROM (" + returnValue + " UNION ALL " +
        arguments + ") AS r JOIN pg_catalog.pg_type ty ON ty.oid = r.argtype) AS s WHERE " + columnFilter +
        " ORDER BY 1, 2, 3, s.procoid, 18";
  });
}

CatalogQuery tablePrivilegesQuery(const ObjectName& table, bool metadataId) {
  return preferExact([&](QueryBuilder& q) {
    q.scope("p.table_catalog", table.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("p.table_schema", table.schema, ArgKind::Pattern, metadataId);
    q.filter("p.table_name", table.name, ArgKind::Pattern, metadataId);
    return "SELECT " + ident("p.table_catalog", "TABLE_CAT") + ", " + ident("p.table_schema", "TABLE_SCHEM") + ", " +
        ident("p.table_name", "TABLE_NAME") + ", " + ident("p.grantor", "GRANTOR") + ", " +
        ident("p.grantee", "GRANTEE") + ", " + ident("p.privilege_type", "PRIVILEGE") +
        ", p.is_grantable::varchar(3) AS \"IS_GRANTABLE\" FROM information_schema.table_privileges p WHERE " +
        q.where() + " ORDER BY 1, 2, 3, 6, 5";
  });
}

CatalogQuery columnPrivilegesQuery(const ObjectName& table, const std::optional<std::string>& column,
                                   bool metadataId) {
  requireArgument(table.name, "TableName");
  return preferExact([&](QueryBuilder& q) {
    q.scope("p.table_catalog", table.catalog, ArgKind::Ordinary, metadataId, true);
    q.scope("p.table_schema", table.schema, ArgKind::Ordinary, metadataId);
    q.filter("p.table_name", table.name, ArgKind::Ordinary, metadataId);
    q.filter("p.column_name", column, ArgKind::Pattern, metadataId);
    return "SELECT " + ident("p.table_catalog", "TABLE_CAT") + ", " + ident("p.table_schema", "TABLE_SCHEM") + ", " +
        ident("p.table_name", "TABLE_NAME") + ", " + ident("p.column_name", "COLUMN_NAME") + ", " +
        ident("p.grantor", "GRANTOR") + ", " + ident("p.grantee", "GRANTEE") + ", " +
        ident("p.privilege_type", "PRIVILEGE") +
        ", p.is_grantable::varchar(3) AS \"IS_GRANTABLE\" FROM information_schema.column_privileges p WHERE " +
        q.where() + " ORDER BY 1, 2, 3, 4, 7";
  });
}

}  // namespace dsql::driver
