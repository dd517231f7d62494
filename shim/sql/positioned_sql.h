// The SQL text of ODBC positioned operations (SQLSetPos SQL_UPDATE / SQL_DELETE, SQLBulkOperations SQL_ADD)
// on a result that comes from one table: UPDATE/DELETE that find the row by its key columns and INSERT of
// the bound columns. Pure text building with $n placeholders in a fixed order (SET values first, then key
// values), so the caller supplies parameters in that order. Every identifier is quoted, so names with
// capitals, spaces or quotes survive. Both PostgreSQL and Aurora DSQL accept these plain forms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dsql::shim::sql {

// "name" with embedded " doubled (PostgreSQL quoted identifier).
std::string quoteIdentifier(std::string_view name);

struct TableName {
  std::string schema;  // empty: unqualified
  std::string table;
};

// UPDATE "s"."t" SET "c1" = $1, ... WHERE "k1" = $n+1 AND ...  (setColumns non-empty, keyColumns non-empty)
std::string positionedUpdate(const TableName& t, const std::vector<std::string>& setColumns,
                             const std::vector<std::string>& keyColumns);
// DELETE FROM "s"."t" WHERE "k1" = $1 AND ...
std::string positionedDelete(const TableName& t, const std::vector<std::string>& keyColumns);
// INSERT INTO "s"."t" ("c1", ...) VALUES ($1, ...); no columns: INSERT INTO "s"."t" DEFAULT VALUES
std::string positionedInsert(const TableName& t, const std::vector<std::string>& columns);

}  // namespace dsql::shim::sql
