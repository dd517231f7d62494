// Catalog functions (SQLTables, SQLColumns, ...) as named SQL queries over pg_catalog / information_schema.
// Each returns PostgreSQL SQL text with $1..$n placeholders plus the parameter values (bound as text, never
// spliced into the text); the statement path runs it and returns the result set with exactly the column
// names, order and SQL types the ODBC reference page of that function gives. The SQL is final: it must not go
// through ODBC escape or '?' marker translation. The catalog (TABLE_CAT) is current_database().
#pragma once

#include "driver/convert/pg_types.h"

#include <sql.h>
#include <sqlext.h>

#include <optional>
#include <string>
#include <vector>

namespace dsql::driver {

struct CatalogQuery {
  std::string sql;
  std::vector<std::optional<std::string>> params;  // bound as $1..$n text; nullopt = SQL NULL
};

struct ObjectName {  // as passed by the application (nullopt = NULL argument)
  std::optional<std::string> catalog, schema, name;
};

// metadataId = SQL_ATTR_METADATA_ID: when true, arguments are identifiers (case-folded unless quoted), not
// patterns. Argument errors throw dsql::Error (HY009 for a required NULL, HY097/HY098/HY099 for bad options).
CatalogQuery tablesQuery(const ObjectName& table, const std::optional<std::string>& tableTypes, bool metadataId);
CatalogQuery columnsQuery(const ObjectName& table, const std::optional<std::string>& column, bool metadataId,
                          const TypeOptions& options);
CatalogQuery primaryKeysQuery(const ObjectName& table, bool metadataId);
CatalogQuery foreignKeysQuery(const ObjectName& pkTable, const ObjectName& fkTable, bool metadataId);
CatalogQuery statisticsQuery(const ObjectName& table, bool uniqueOnly, bool metadataId);
CatalogQuery specialColumnsQuery(SQLUSMALLINT identifierType, const ObjectName& table, SQLUSMALLINT scope,
                                 SQLUSMALLINT nullable, bool metadataId, const TypeOptions& options);
CatalogQuery proceduresQuery(const ObjectName& proc, bool metadataId);
CatalogQuery procedureColumnsQuery(const ObjectName& proc, const std::optional<std::string>& column,
                                   bool metadataId, const TypeOptions& options);
CatalogQuery tablePrivilegesQuery(const ObjectName& table, bool metadataId);
CatalogQuery columnPrivilegesQuery(const ObjectName& table, const std::optional<std::string>& column,
                                   bool metadataId);

}  // namespace dsql::driver
