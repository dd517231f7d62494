// Which INSERT statements may have their parameter sets sent as one multi-row VALUES, and the text written.
#include "shim/sql/values_rows.h"

#include <gtest/gtest.h>

namespace dsql::shim::sql {
namespace {

struct Row {
  const char* sql;
  int params;
  const char* twoRows;  // nullptr: refused
  const char* table;
};

const Row kRows[] = {
    {"INSERT INTO t VALUES ($1, $2)", 2, "INSERT INTO t VALUES ($1, $2), ($3, $4)", "t"},
    {"insert into s.\"T x\" (a, \"B\") values ($2,$1)", 2,
     "insert into s.\"T x\" (a, \"B\") values ($2,$1), ($4,$3)", "s.\"T x\""},
    {"INSERT INTO t VALUES ($1::numeric(10,2), -$2, 'x''y', NULL, DEFAULT, true, 1.5e3, $3::timestamp with time zone)", 3,
     "INSERT INTO t VALUES ($1::numeric(10,2), -$2, 'x''y', NULL, DEFAULT, true, 1.5e3, $3::timestamp with time zone), "
     "($4::numeric(10,2), -$5, 'x''y', NULL, DEFAULT, true, 1.5e3, $6::timestamp with time zone)", "t"},
    {"INSERT INTO t OVERRIDING SYSTEM VALUE VALUES ($1)", 1, "INSERT INTO t OVERRIDING SYSTEM VALUE VALUES ($1), ($2)", "t"},
    {"INSERT INTO t VALUES ($1, $1)", 1, "INSERT INTO t VALUES ($1, $1), ($2, $2)", "t"},
    {"INSERT INTO t VALUES ($1);", 1, "INSERT INTO t VALUES ($1), ($2)", "t"},
    {"INSERT INTO t VALUES ('a')", 0, nullptr, ""},                      // nothing varies per set
    {"INSERT INTO t VALUES ($1) RETURNING id", 1, nullptr, ""},          // one result set per parameter set
    {"INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING", 1, nullptr, ""},
    {"INSERT INTO t VALUES ($1, (SELECT max(a) FROM t))", 1, nullptr, ""},  // sees the array's earlier rows
    {"INSERT INTO t VALUES ($1, now())", 1, nullptr, ""},
    {"INSERT INTO t VALUES ($1 + 1)", 1, nullptr, ""},
    {"INSERT INTO t VALUES ($1), ($2)", 2, nullptr, ""},
    {"INSERT INTO t SELECT $1", 1, nullptr, ""},
    {"WITH x AS (SELECT 1) INSERT INTO t VALUES ($1)", 1, nullptr, ""},
    {"INSERT INTO t /* c */ VALUES ($1)", 1, nullptr, ""},
    {"INSERT INTO a.b.c VALUES ($1)", 1, nullptr, ""},
    {"INSERT INTO t AS x VALUES ($1)", 1, nullptr, ""},
    {"INSERT INTO t VALUES ($2)", 1, nullptr, ""},                       // a parameter the statement lacks
    {"INSERT INTO t VALUES ($1::int[])", 1, nullptr, ""},
    {"UPDATE t SET a = $1", 1, nullptr, ""},
    {"INSERT INTO t VALUES ('unterminated", 0, nullptr, ""},
};

TEST(ValuesRows, Table) {
  for (const Row& row : kRows) {
    SCOPED_TRACE(row.sql);
    auto v = valuesRows(row.sql, row.params);
    ASSERT_EQ(v.has_value(), row.twoRows != nullptr);
    if (!v) continue;
    EXPECT_EQ(v->table, row.table);
    std::string out;
    writeValuesRows(*v, 2, row.params, out);
    EXPECT_EQ(out, row.twoRows);
  }
}

TEST(ValuesRows, OneRowIsTheStatementAndNumbersGrowPastNine) {
  auto v = valuesRows("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", 5);
  ASSERT_TRUE(v);
  std::string out;
  writeValuesRows(*v, 1, 5, out);
  EXPECT_EQ(out, "INSERT INTO t VALUES ($1, $2, $3, $4, $5)");
  writeValuesRows(*v, 3, 5, out);
  EXPECT_EQ(out, "INSERT INTO t VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10), ($11, $12, $13, $14, $15)");
}

TEST(ValuesRows, BackslashQuotesFollowTheSessionSetting) {
  EXPECT_FALSE(valuesRows("INSERT INTO t VALUES ($1, 'it\\'s')", 1, true));  // on: the literal never ends
  EXPECT_TRUE(valuesRows("INSERT INTO t VALUES ($1, 'it\\'s')", 1, false));
}

}  // namespace
}  // namespace dsql::shim::sql
