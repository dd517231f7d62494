// Result-column facts: the query for (table OID, attnum) pairs (parameters only, expressions and duplicates
// skipped), the cache (what is missing, rows in, dropped columns, clear) and the SQL_DESC_NULLABLE rule.
#include "driver/catalog/column_facts.h"

#include <gtest/gtest.h>

namespace dsql::driver {
namespace {

using Row = std::vector<std::optional<std::string>>;

TEST(ColumnFacts, QueryCarriesPairsAsParameters) {
  std::vector<ColumnOrigin> origins = {{16384, 1}, {0, 0}, {16384, 2}, {16384, 1}, {16390, -2}, {16390, 3}};
  CatalogQuery q = columnFactsQuery(origins);
  EXPECT_EQ(q.params, (std::vector<std::optional<std::string>>{"16384", "1", "16384", "2", "16390", "3"}));
  EXPECT_NE(q.sql.find("(VALUES ($1::oid, $2::int2), ($3::oid, $4::int2), ($5::oid, $6::int2))"), std::string::npos)
      << q.sql;
  EXPECT_EQ(q.sql.find("16384"), std::string::npos);
  EXPECT_TRUE(columnFactsQuery(std::vector<ColumnOrigin>{{0, 0}}).sql.empty());  // only expressions: no query
}

TEST(ColumnFacts, CacheAnswersWhatItWasTold) {
  ColumnFactsCache cache;
  std::vector<ColumnOrigin> wanted = {{10, 1}, {10, 2}, {0, 0}, {10, 1}, {11, 5}};
  EXPECT_EQ(cache.missing(wanted), (std::vector<ColumnOrigin>{{10, 1}, {10, 2}, {11, 5}}));
  cache.storeRow(Row{"10", "1", "t", "t", "public", "orders", "id"});
  cache.storeRow(Row{"10", "2", "f", "f", "public", "orders", "note"});
  cache.storeRow(Row{"x", "3", "t", "f", "s", "t", "c"});  // malformed: ignored
  cache.storeUnknown(cache.missing(wanted));               // (11, 5): dropped since the result was described
  EXPECT_TRUE(cache.missing(wanted).empty());
  const ColumnFacts* id = cache.find({10, 1});
  ASSERT_NE(id, nullptr);
  EXPECT_TRUE(id->notNull);
  EXPECT_TRUE(id->autoUnique);
  EXPECT_EQ(id->table, "orders");
  EXPECT_EQ(id->column, "id");
  EXPECT_EQ(cache.find({11, 5}), nullptr);
  EXPECT_EQ(cache.find({0, 0}), nullptr);
  EXPECT_EQ(nullableOf(id, false), SQL_NO_NULLS);
  EXPECT_EQ(nullableOf(id, true), SQL_NULLABLE_UNKNOWN);  // a LEFT JOIN can null-extend a NOT NULL column
  EXPECT_EQ(nullableOf(cache.find({10, 2}), false), SQL_NULLABLE);
  EXPECT_EQ(nullableOf(nullptr, false), SQL_NULLABLE_UNKNOWN);
  cache.clear();
  EXPECT_EQ(cache.find({10, 1}), nullptr);
  EXPECT_EQ(cache.missing(wanted).size(), 3u);
}

}  // namespace
}  // namespace dsql::driver
