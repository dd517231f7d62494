// The SQL text of positioned operations: quoting, placeholder order (SET values, then key values).
#include <gtest/gtest.h>

#include "shim/sql/positioned_sql.h"

using namespace dsql::shim::sql;

TEST(PositionedSql, QuotesIdentifiers) {
  EXPECT_EQ(quoteIdentifier("plain"), "\"plain\"");
  EXPECT_EQ(quoteIdentifier("Mixed Case"), "\"Mixed Case\"");
  EXPECT_EQ(quoteIdentifier("a\"b"), "\"a\"\"b\"");
}

TEST(PositionedSql, UpdateNumbersSetValuesBeforeKeys) {
  EXPECT_EQ(positionedUpdate({"public", "t"}, {"a", "b"}, {"k1", "k2"}),
            "UPDATE \"public\".\"t\" SET \"a\" = $1, \"b\" = $2 WHERE \"k1\" = $3 AND \"k2\" = $4");
  EXPECT_EQ(positionedUpdate({"", "t"}, {"v"}, {"id"}), "UPDATE \"t\" SET \"v\" = $1 WHERE \"id\" = $2");
}

TEST(PositionedSql, DeleteAndInsert) {
  EXPECT_EQ(positionedDelete({"s", "My\"T"}, {"id"}), "DELETE FROM \"s\".\"My\"\"T\" WHERE \"id\" = $1");
  EXPECT_EQ(positionedInsert({"s", "t"}, {"id", "v"}), "INSERT INTO \"s\".\"t\" (\"id\", \"v\") VALUES ($1, $2)");
  EXPECT_EQ(positionedInsert({"s", "t"}, {}), "INSERT INTO \"s\".\"t\" DEFAULT VALUES");
}
