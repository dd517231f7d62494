// Facts about the table columns behind result columns (see column_facts.h): one catalog query over
// pg_attribute for any number of (table OID, attribute number) pairs, and the per-connection cache.
// The pairs travel as parameters like every catalog argument; a constant VALUES list carries them (no
// unnest or LATERAL, which DSQL handles unevenly).
#include "driver/catalog/column_facts.h"

#include <charconv>

namespace dsql::driver {

namespace {

template <typename T>
bool parseNumber(const std::optional<std::string>& text, T& out) {
  if (!text) return false;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
  return ec == std::errc() && end == text->data() + text->size();
}

}  // namespace

SQLSMALLINT nullableOf(const ColumnFacts* facts, bool outerJoinPossible) {
  if (!facts) return SQL_NULLABLE_UNKNOWN;
  if (!facts->notNull) return SQL_NULLABLE;
  return outerJoinPossible ? SQL_NULLABLE_UNKNOWN : SQL_NO_NULLS;
}

CatalogQuery columnFactsQuery(std::span<const ColumnOrigin> origins) {
  CatalogQuery q;
  std::string values;
  std::vector<ColumnOrigin> seen;
  for (const ColumnOrigin& o : origins) {
    if (o.table == 0 || o.column <= 0) continue;  // expressions; system columns have no NOT NULL to report
    bool dup = false;
    for (const ColumnOrigin& s : seen) dup = dup || s == o;
    if (dup) continue;
    seen.push_back(o);
    q.params.emplace_back(std::to_string(o.table));
    q.params.emplace_back(std::to_string(o.column));
    values += std::string(values.empty() ? "" : ", ") + "($" + std::to_string(q.params.size() - 1) + "::oid, $" +
              std::to_string(q.params.size()) + "::int2)";
  }
  if (values.empty()) return q;
  q.sql = "SELECT a.attrelid::int8 AS table_oid, a.attnum::int4 AS attnum, "
          "(a.attnotnull OR t.typnotnull) AS not_null, (a.attidentity IN ('a', 'd') OR "
          "COALESCE(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%', FALSE)) AS auto_unique, "
          "n.nspname::text AS schema_name, c.relname::text AS table_name, a.attname::text AS column_name "
          "FROM (VALUES " + values + ") AS v(rel, att) "
          "JOIN pg_catalog.pg_attribute a ON a.attrelid = v.rel AND a.attnum = v.att AND NOT a.attisdropped "
          "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
          "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
          "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum";
  return q;
}

std::vector<ColumnOrigin> ColumnFactsCache::missing(std::span<const ColumnOrigin> wanted) const {
  std::vector<ColumnOrigin> out;
  for (const ColumnOrigin& o : wanted) {
    if (o.table == 0 || o.column <= 0 || facts_.count(o)) continue;
    bool dup = false;
    for (const ColumnOrigin& m : out) dup = dup || m == o;
    if (!dup) out.push_back(o);
  }
  return out;
}

void ColumnFactsCache::storeRow(std::span<const std::optional<std::string>> row) {
  if (row.size() != 7 || !row[2] || !row[3]) return;
  ColumnOrigin o;
  long long table = 0;
  if (!parseNumber(row[0], table) || !parseNumber(row[1], o.column) || table <= 0) return;
  o.table = static_cast<unsigned>(table);
  ColumnFacts f;
  f.notNull = *row[2] == "t";
  f.autoUnique = *row[3] == "t";
  f.schema = row[4].value_or("");
  f.table = row[5].value_or("");
  f.column = row[6].value_or("");
  facts_[o] = std::move(f);
}

void ColumnFactsCache::storeUnknown(std::span<const ColumnOrigin> asked) {
  for (const ColumnOrigin& o : asked) facts_.try_emplace(o, std::nullopt);
}

const ColumnFacts* ColumnFactsCache::find(ColumnOrigin origin) const {
  auto it = facts_.find(origin);
  return it == facts_.end() || !it->second ? nullptr : &*it->second;
}

}  // namespace dsql::driver
