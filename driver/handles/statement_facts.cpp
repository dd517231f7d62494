// What a result's column descriptions do not carry: whether a column read straight from a table is NOT
// NULL or generated (identity, serial), and the names of its schema, table and column (SQL_DESC_NULLABLE,
// SQL_DESC_AUTO_UNIQUE_VALUE, SQL_DESC_BASE_* / SCHEMA / TABLE_NAME). Asked of the catalog once per table
// column and connection (driver/catalog/column_facts.h), on the first description of a result: pyodbc and
// reporting tools describe every result, so the answer must cost at most one round trip, and usually none.
// The lookup needs an idle connection: while a result is still streaming on it, only what the cache
// already knows is used and the rest stays SQL_NULLABLE_UNKNOWN, because reading the catalog would first
// buffer the whole stream in memory. Results that end within the read-ahead window (most) leave the
// connection idle, and a later result of the same tables is answered from the cache.
#include <vector>

#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/log.h"
#include "shim/sql/lexer.h"

namespace dsql::driver {
namespace {

// A LEFT/RIGHT/FULL join can deliver NULL from a NOT NULL column: then the column's nullability is unknown.
bool outerJoinPossible(std::string_view sql) {
  using namespace shim::sql;
  try {
    Lexer lexer(sql);
    for (Token t; lexer.next(t);) {
      if (t.kind != TokenKind::Word) continue;
      std::string_view w = sql.substr(t.begin, t.size());
      if (keywordEquals(w, "LEFT") || keywordEquals(w, "RIGHT") || keywordEquals(w, "FULL")) return true;
    }
  } catch (...) {
    return true;  // cannot tell: say unknown rather than "no nulls"
  }
  return false;
}

}  // namespace

void Statement::applyColumnFacts() {
  factsApplied_ = true;
  std::vector<ColumnOrigin> origins;
  for (SQLSMALLINT c = 1; c <= ird_.count(); ++c)
    if (const DescRecord* d = ird_.findRecord(c)) origins.push_back({d->originTable, d->originColumn});
  ColumnFactsCache& cache = conn_.columnFacts();
  std::vector<ColumnOrigin> missing = cache.missing(origins);
  if (!missing.empty() && conn_.connected() && !conn_.wire().busy() && !conn_.wire().transactionFailed()) {
    CatalogQuery q = columnFactsQuery(missing);
    pg::Params p;
    for (const auto& v : q.params) p.addText(v ? v->c_str() : nullptr);
    try {
      pg::Result r = conn_.wire().execParams(q.sql, p);
      std::vector<std::optional<std::string>> row(static_cast<std::size_t>(r.columns()));
      for (int i = 0; i < r.rows(); ++i) {
        for (int c = 0; c < r.columns(); ++c)
          row[static_cast<std::size_t>(c)] = r.isNull(i, c) ? std::nullopt : std::optional<std::string>(r.value(i, c));
        cache.storeRow(row);
      }
      cache.storeUnknown(missing);
    } catch (const pg::ServerError& e) {
      log::info(std::string("column facts not available: ") + e.what());
    }
  }
  bool outer = false;
  if (translation_)
    for (const auto& s : translation_->statements) outer = outer || outerJoinPossible(s.sql);
  for (SQLSMALLINT c = 1; c <= ird_.count(); ++c) {
    DescRecord& d = ird_.record(c);
    const ColumnFacts* f = cache.find({d.originTable, d.originColumn});
    if (!f) continue;
    d.nullable = nullableOf(f, outer);
    d.autoUniqueValue = f->autoUnique ? SQL_TRUE : SQL_FALSE;
    d.baseColumnName = f->column;
    d.baseTableName = f->table;
    d.tableName = f->table;
    d.schemaName = f->schema;
  }
}

}  // namespace dsql::driver
