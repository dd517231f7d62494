// The table and key behind a result, for SQLSetPos / SQLBulkOperations (positioned.h). Every table column of
// the result must come from the same table (libpq's PQftable); expressions are allowed and are read-only. A
// row is found again by the table's primary key, or else by a unique index without expressions or predicate
// whose columns are all NOT NULL, and valid (a DSQL index still building asynchronously has indisvalid false
// and does not yet guarantee uniqueness); the key's columns must be columns of the result, or the original
// values are unknown. Two catalog queries, once per result; they never open the application's transaction.
#include <charconv>
#include <cstdlib>

#include "driver/handles/connection.h"
#include "driver/handles/positioned.h"
#include "driver/pg/pg.h"

namespace dsql::driver {
namespace {

pg::Result catalogQuery(Connection& conn, const char* sql, const std::string& tableOid) {
  pg::Params p;
  p.addText(tableOid.c_str());
  return conn.catalogLookup(sql, p);
}

// "1 3" (int2vector text) -> {1, 3}
std::vector<int> parseIndexKey(const std::string& text) {
  std::vector<int> out;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    if (*p == ' ') { ++p; continue; }
    int v = 0;
    auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc()) return {};
    out.push_back(v);
    p = next;
  }
  return out;
}

TableKey refuse(TableKey k, std::string state, std::string why) {
  k.refusalState = std::move(state);
  k.refusal = std::move(why);
  return k;
}

}  // namespace

TableKey findTableKey(Connection& conn, const pg::Result& shape) {
  TableKey k;
  const int n = shape.columns();
  pg::Oid table = 0;
  for (int i = 0; i < n; ++i) {
    pg::Oid t = shape.table(i);
    if (t == 0) continue;
    if (table != 0 && t != table)
      return refuse(k, "HYC00", "the result's columns come from more than one table; positioned updates, deletes "
                                "and inserts need a result of one table");
    table = t;
  }
  if (table == 0)
    return refuse(k, "HYC00", "no column of the result comes straight from a table (all are expressions)");
  const std::string oid = std::to_string(table);
  pg::Result cols = catalogQuery(conn,
      "SELECT a.attnum::int4, a.attname::text, a.attnotnull, n.nspname::text, c.relname::text "
      "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped", oid);
  if (cols.rows() == 0) return refuse(k, "HYC00", "the result's table no longer exists");
  k.table = {cols.value(0, 3), cols.value(0, 4)};
  auto attribute = [&](int attnum) -> int {  // row of `cols` for attnum, -1 if none
    for (int r = 0; r < cols.rows(); ++r)
      if (std::atoi(cols.value(r, 0)) == attnum) return r;
    return -1;
  };
  k.columnName.assign(static_cast<std::size_t>(n), std::string());
  for (int i = 0; i < n; ++i) {
    if (shape.table(i) != table) continue;
    int r = attribute(shape.tableColumn(i));
    if (r >= 0) k.columnName[static_cast<std::size_t>(i)] = cols.value(r, 1);
  }
  pg::Result idx = catalogQuery(conn,
      "SELECT i.indisprimary, i.indkey::text FROM pg_catalog.pg_index i "
      "WHERE i.indrelid = $1::oid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL "
      "ORDER BY i.indisprimary DESC, i.indexrelid", oid);
  for (int r = 0; r < idx.rows(); ++r) {
    std::vector<int> attnums = parseIndexKey(idx.value(r, 1));
    std::vector<int> keyColumns;
    for (int att : attnums) {
      int row = attribute(att);
      bool notNull = row >= 0 && std::string(cols.value(row, 2)) == "t";
      int found = -1;
      for (int i = 0; i < n && found < 0; ++i)
        if (shape.table(i) == table && shape.tableColumn(i) == att) found = i;
      if (!notNull || found < 0) break;
      keyColumns.push_back(found);
    }
    if (!attnums.empty() && keyColumns.size() == attnums.size()) {
      k.keyColumns = std::move(keyColumns);
      return k;
    }
  }
  return refuse(k, "HYC00", "table \"" + k.table.table + "\" has no primary key (nor a unique key over NOT NULL "
                            "columns) whose columns are all in the result; select the key columns too");
}

}  // namespace dsql::driver
