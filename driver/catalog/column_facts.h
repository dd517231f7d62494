// What the server's RowDescription does not say about a result column that comes straight from a table
// column (libpq's PQftable / PQftablecol): whether the table column is NOT NULL, whether its value is
// generated (identity or serial), and its schema, table and column names - the IRD's SQL_DESC_NULLABLE,
// SQL_DESC_AUTO_UNIQUE_VALUE and SQL_DESC_BASE_*/SCHEMA_NAME fields. One query answers any number of
// columns; the cache keeps the answers per connection so a result shape costs at most one round trip.
// Expressions (PQftable = 0) have no origin: their nullability stays SQL_NULLABLE_UNKNOWN.
#pragma once

#include "driver/catalog/catalog_queries.h"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace dsql::driver {

struct ColumnOrigin {  // PQftable(r, i) and PQftablecol(r, i); table 0 = not a plain table column
  unsigned table = 0;
  int column = 0;
  bool operator==(const ColumnOrigin&) const = default;
};

struct ColumnFacts {
  bool notNull = false;     // attnotnull, or a NOT NULL domain
  bool autoUnique = false;  // GENERATED ... AS IDENTITY, or a serial default (nextval)
  std::string schema, table, column;
};

// SQL_DESC_NULLABLE for a result column with these facts. `outerJoinPossible`: the statement may
// null-extend rows (LEFT/RIGHT/FULL JOIN), so a NOT NULL table column can still deliver NULL.
SQLSMALLINT nullableOf(const ColumnFacts* facts, bool outerJoinPossible);

// The query for `origins` (entries with table 0 and duplicates are skipped): one row per table column that
// still exists: table_oid, attnum, not_null, auto_unique, schema_name, table_name, column_name (text protocol:
// "t"/"f" for booleans). Returns an empty sql when there is nothing to ask.
CatalogQuery columnFactsQuery(std::span<const ColumnOrigin> origins);

class ColumnFactsCache {
 public:
  // The origins of `wanted` the cache cannot answer yet (table 0 skipped, each once).
  std::vector<ColumnOrigin> missing(std::span<const ColumnOrigin> wanted) const;
  // Stores one row of columnFactsQuery's result (text values, in its column order). Malformed rows are ignored.
  void storeRow(std::span<const std::optional<std::string>> row);
  // Marks origins the query returned no row for (a dropped column): they are answered as unknown.
  void storeUnknown(std::span<const ColumnOrigin> asked);
  // nullptr when unknown (not asked, dropped, or an expression).
  const ColumnFacts* find(ColumnOrigin origin) const;
  // After DDL on this connection (ALTER TABLE ... SET NOT NULL, DROP/ADD COLUMN, ...), the answers may be stale.
  void clear() { facts_.clear(); }

 private:
  struct Hash {
    size_t operator()(const ColumnOrigin& o) const {
      return (size_t{o.table} << 16) ^ static_cast<size_t>(o.column);
    }
  };
  std::unordered_map<ColumnOrigin, std::optional<ColumnFacts>, Hash> facts_;  // nullopt = asked, no such column
};

}  // namespace dsql::driver
