// Catalog query generation: argument values only ever travel as parameters (never in the SQL text), every
// placeholder is bound, special SQLTables enumerations, SQLSTATEs for bad arguments, and the type columns
// generated from the PG type table (typmod formulas included).
#include "driver/catalog/catalog_queries.h"
#include "driver/catalog/type_columns.h"
#include "shim/common/error.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>

namespace dsql::driver {
namespace {

const std::optional<std::string> N;
std::optional<std::string> S(const std::string& s) { return s; }

std::string sqlstateOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.sqlstate();
  }
  return "";
}

// Every $n in the text is bound and every parameter is used.
void expectPlaceholdersMatch(const CatalogQuery& q) {
  std::set<size_t> used;
  std::regex ph(R"(\$(\d+))");
  for (std::sregex_iterator it(q.sql.begin(), q.sql.end(), ph), end; it != end; ++it)
    used.insert(std::stoul((*it)[1]));
  std::set<size_t> expected;
  for (size_t i = 1; i <= q.params.size(); ++i) expected.insert(i);
  EXPECT_EQ(used, expected) << q.sql;
}

TEST(CatalogQueries, HostileArgumentsNeverReachTheText) {
  const std::string evil = "zz'); DROP TABLE victim; --\"\\";
  ObjectName o{evil, evil, evil};
  TypeOptions t;
  std::vector<CatalogQuery> all = {
      tablesQuery(o, evil, false), tablesQuery(o, evil, true), columnsQuery(o, evil, false, t),
      columnsQuery(o, evil, true, t), primaryKeysQuery(o, false), foreignKeysQuery(o, o, false),
      foreignKeysQuery(o, o, true), statisticsQuery(o, true, false),
      specialColumnsQuery(SQL_BEST_ROWID, o, SQL_SCOPE_SESSION, SQL_NULLABLE, false, t),
      proceduresQuery(o, false), procedureColumnsQuery(o, evil, false, t), tablePrivilegesQuery(o, false),
      columnPrivilegesQuery(o, evil, false)};
  for (const auto& q : all) {
    EXPECT_EQ(q.sql.find("victim"), std::string::npos) << q.sql;
    EXPECT_EQ(q.sql.find("zz"), std::string::npos);
    ASSERT_FALSE(q.params.empty());
    bool carried = false;
    for (const auto& p : q.params) carried |= p && p->find("victim") != std::string::npos;
    EXPECT_TRUE(carried);
    expectPlaceholdersMatch(q);
  }
}

TEST(CatalogQueries, PatternTranslation) {
  CatalogQuery like = tablesQuery({N, N, S("a_b%")}, N, false);
  EXPECT_NE(like.sql.find("c.relname LIKE $1 ESCAPE"), std::string::npos);
  EXPECT_EQ(like.params, (std::vector<std::optional<std::string>>{"a_b%"}));
  CatalogQuery exact = tablesQuery({N, N, S("my\\_table")}, N, false);
  EXPECT_NE(exact.sql.find("c.relname = $1"), std::string::npos);
  EXPECT_EQ(exact.params.at(0), "my_table");
  // SQLPrimaryKeys takes ordinary arguments: % and _ are literal there.
  CatalogQuery pk = primaryKeysQuery({N, S("s%"), S("t_1")}, false);
  EXPECT_NE(pk.sql.find("n.nspname = $1"), std::string::npos);
  EXPECT_EQ(pk.params, (std::vector<std::optional<std::string>>{"s%", "t_1"}));
}

TEST(CatalogQueries, MetadataIdFoldsIdentifiers) {
  CatalogQuery q = columnsQuery({N, S("Public"), S("\"MixedCase\"")}, S("Col%"), true, TypeOptions{});
  EXPECT_EQ(q.params, (std::vector<std::optional<std::string>>{"public", "MixedCase", "col%"}));
  EXPECT_EQ(q.sql.find(" LIKE "), std::string::npos);  // identifiers, not patterns
  EXPECT_EQ(sqlstateOf([] { columnsQuery({N, N, S("t")}, S("c"), true, TypeOptions{}); }), "HY009");
  EXPECT_EQ(sqlstateOf([] { tablesQuery({N, S("s"), N}, N, true); }), "HY009");
  EXPECT_EQ(sqlstateOf([] { tablesQuery({N, S("s"), S("t")}, N, true); }), "");  // NULL catalog is fine
}

TEST(CatalogQueries, SpecialTablesEnumerations) {
  CatalogQuery cats = tablesQuery({S("%"), S(""), S("")}, N, false);
  EXPECT_TRUE(cats.params.empty());
  EXPECT_NE(cats.sql.find("current_database()"), std::string::npos);
  EXPECT_EQ(cats.sql.find("pg_class"), std::string::npos);
  CatalogQuery schemas = tablesQuery({S(""), S("%"), S("")}, N, false);
  EXPECT_NE(schemas.sql.find("pg_namespace"), std::string::npos);
  EXPECT_EQ(schemas.sql.find("pg_class"), std::string::npos);
  CatalogQuery types = tablesQuery({S(""), S(""), S("")}, S("%"), false);
  for (const char* t : {"'TABLE'", "'VIEW'", "'SYSTEM TABLE'", "'SYSTEM VIEW'"})
    EXPECT_NE(types.sql.find(t), std::string::npos) << t;
  // Not special: "%" catalog with a NULL schema is an ordinary search.
  CatalogQuery normal = tablesQuery({S("%"), N, N}, N, false);
  EXPECT_NE(normal.sql.find("pg_class"), std::string::npos);
  EXPECT_EQ(normal.params.size(), 1u);
}

TEST(CatalogQueries, TableTypeListBecomesParameters) {
  CatalogQuery q = tablesQuery({N, N, N}, S("'TABLE', view"), false);
  EXPECT_EQ(q.params, (std::vector<std::optional<std::string>>{"TABLE", "VIEW"}));
  EXPECT_NE(q.sql.find("IN ($1, $2)"), std::string::npos);
  EXPECT_TRUE(tablesQuery({N, N, N}, S("%"), false).params.empty());  // "%" alone means all types
}

TEST(CatalogQueries, ArgumentErrors) {
  TypeOptions t;
  EXPECT_EQ(sqlstateOf([] { primaryKeysQuery({N, N, N}, false); }), "HY009");
  EXPECT_EQ(sqlstateOf([] { statisticsQuery({N, N, N}, false, false); }), "HY009");
  EXPECT_EQ(sqlstateOf([] { columnPrivilegesQuery({N, N, N}, N, false); }), "HY009");
  EXPECT_EQ(sqlstateOf([] { foreignKeysQuery({N, N, N}, {N, N, N}, false); }), "HY009");
  EXPECT_EQ(sqlstateOf([] { foreignKeysQuery({N, N, S("p")}, {N, N, N}, true); }), "");
  EXPECT_EQ(sqlstateOf([&] { specialColumnsQuery(7, {N, N, S("t")}, SQL_SCOPE_SESSION, SQL_NULLABLE, false, t); }),
            "HY097");
  EXPECT_EQ(sqlstateOf([&] { specialColumnsQuery(SQL_BEST_ROWID, {N, N, S("t")}, 9, SQL_NULLABLE, false, t); }),
            "HY098");
  EXPECT_EQ(sqlstateOf([&] { specialColumnsQuery(SQL_ROWVER, {N, N, S("t")}, SQL_SCOPE_CURROW, 5, false, t); }),
            "HY099");
}

TEST(CatalogQueries, ResultColumnsInReferenceOrder) {
  auto inOrder = [](const std::string& sql, std::vector<std::string> cols) {
    size_t pos = 0;
    for (const auto& c : cols) {
      size_t at = sql.find("AS \"" + c + "\"", pos);
      if (at == std::string::npos) return c;
      pos = at;
    }
    return std::string();
  };
  TypeOptions t;
  EXPECT_EQ(inOrder(columnsQuery({N, N, N}, N, false, t).sql,
                    {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
                     "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS",
                     "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
                     "IS_NULLABLE"}), "");
  EXPECT_EQ(inOrder(foreignKeysQuery({N, N, S("p")}, {N, N, N}, false).sql,
                    {"PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
                     "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE",
                     "FK_NAME", "PK_NAME", "DEFERRABILITY"}), "");
  EXPECT_EQ(inOrder(statisticsQuery({N, N, S("t")}, false, false).sql,
                    {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME",
                     "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
                     "FILTER_CONDITION"}), "");
}

TEST(TypeColumns, GeneratedFromTheTypeTableWithTypmodFormulas) {
  TypeOptions t;
  auto e = catalog_detail::typeColumnExprs("x.oid", "x.tm", "x.name", t);
  // Every known OID has a branch in DATA_TYPE.
  for (const auto& row : allPgTypes())
    EXPECT_NE(e.dataType.find("WHEN " + std::to_string(row.oid) + " THEN"), std::string::npos) << row.name;
  // varchar(n): size n from typmod n + 4, octets 4 per character (describeColumn's rule), default 255.
  EXPECT_NE(e.columnSize.find("WHEN 1043 THEN CASE WHEN x.tm >= 4 THEN 1 * (x.tm - 4) + 0 ELSE " +
                              std::to_string(t.maxVarcharSize) + " END"), std::string::npos) << e.columnSize;
  EXPECT_NE(e.bufferLength.find("WHEN 1043 THEN CASE WHEN x.tm >= 4 THEN 4 * (x.tm - 4) + 0"), std::string::npos);
  // numeric(p,s): precision from the high half, scale from the low half.
  EXPECT_NE(e.columnSize.find("WHEN 1700 THEN CASE WHEN x.tm >= 4 THEN 1 * (((x.tm - 4) >> 16) & 65535) + 0 * "),
            std::string::npos) << e.columnSize;
  EXPECT_NE(e.decimalDigits.find("WHEN 1700 THEN CASE WHEN x.tm >= 4 THEN 0 * (((x.tm - 4) >> 16) & 65535) + 1 * "),
            std::string::npos);
  // int4 does not depend on the typmod: a constant; float has no decimal digits (NULL).
  EXPECT_NE(e.columnSize.find("WHEN 23 THEN 10 "), std::string::npos);
  EXPECT_NE(e.decimalDigits.find("WHEN 701 THEN NULL "), std::string::npos);
  // timestamp(p): enumerated precisions.
  EXPECT_NE(e.decimalDigits.find("WHEN 1114 THEN CASE x.tm WHEN 0 THEN 0 WHEN 1 THEN 1"), std::string::npos)
      << e.decimalDigits;
  EXPECT_NE(e.typeName.find("ELSE x.name END)::varchar(128)"), std::string::npos);
  EXPECT_NE(e.typeName.find("WHEN 16 THEN 'bool' WHEN"), std::string::npos) << e.typeName;  // no empty CASE
  EXPECT_NE(e.dataType.find("END)::int2"), std::string::npos);
}

}  // namespace
}  // namespace dsql::driver
