// Catalog argument handling: identifier folding, pattern -> LIKE translation, table-type lists, and the
// conditions QueryBuilder produces for each argument kind.
#include "driver/catalog/catalog_args.h"
#include "shim/common/error.h"

#include <gtest/gtest.h>

namespace dsql::driver::catalog_detail {
namespace {

TEST(CatalogArgs, FoldIdentifier) {
  EXPECT_EQ(foldIdentifier("MyTable"), "mytable");
  EXPECT_EQ(foldIdentifier("  MyTable  "), "mytable");
  EXPECT_EQ(foldIdentifier("\"MyTable\""), "MyTable");
  EXPECT_EQ(foldIdentifier("\"a\"\"b\""), "a\"b");
  EXPECT_EQ(foldIdentifier("a%_b"), "a%_b");  // identifiers are not patterns
  EXPECT_EQ(foldIdentifier("ÄBC"), "Äbc");    // ASCII folding only, as PostgreSQL in UTF-8
}

TEST(CatalogArgs, Patterns) {
  EXPECT_TRUE(hasWildcards("a_b%"));
  EXPECT_TRUE(hasWildcards("%"));
  EXPECT_FALSE(hasWildcards("a\\_b"));
  EXPECT_FALSE(hasWildcards("plain"));
  EXPECT_TRUE(hasWildcards("a\\\\_"));  // escaped backslash, then a real wildcard
  EXPECT_EQ(unescapePattern("my\\_table"), "my_table");
  EXPECT_EQ(unescapePattern("a\\\\b"), "a\\b");
  EXPECT_EQ(unescapePattern("end\\"), "end\\");
  EXPECT_EQ(likePattern("a_b%"), "a_b%");
  EXPECT_EQ(likePattern("a\\_b%"), "a\\_b%");
  EXPECT_EQ(likePattern("x%\\"), "x%\\\\");  // lone trailing escape becomes a literal backslash
}

TEST(CatalogArgs, TableTypes) {
  EXPECT_EQ(parseTableTypes("'TABLE','VIEW'"), (std::vector<std::string>{"TABLE", "VIEW"}));
  EXPECT_EQ(parseTableTypes(" table , 'system table' ,"), (std::vector<std::string>{"TABLE", "SYSTEM TABLE"}));
  EXPECT_TRUE(parseTableTypes("").empty());
  EXPECT_TRUE(parseTableTypes(" , ").empty());
}

TEST(CatalogArgs, FilterKinds) {
  QueryBuilder q;
  q.filter("a", std::string("x_y%"), ArgKind::Pattern, false);
  q.filter("b", std::string("x\\_y"), ArgKind::Pattern, false);
  q.filter("c", std::string("x_y%"), ArgKind::Ordinary, false);
  q.filter("d", std::nullopt, ArgKind::Pattern, false);
  q.filter("e", std::string("\"Quoted\""), ArgKind::Pattern, true);
  q.filter("f", std::string("Folded%"), ArgKind::Ordinary, true);
  EXPECT_EQ(q.where(), "a LIKE $1 ESCAPE E'\\\\' AND b = $2 AND c = $3 AND e = $4 AND f = $5");
  CatalogQuery r = q.finish("SELECT");
  EXPECT_EQ(r.params, (std::vector<std::optional<std::string>>{"x_y%", "x_y", "x_y%", "Quoted", "folded%"}));
}

TEST(CatalogArgs, FoldAllUpper) {
  EXPECT_EQ(foldAllUpper("MY_TABLE"), "my_table");
  EXPECT_EQ(foldAllUpper("T1%"), "t1%");
  EXPECT_EQ(foldAllUpper("ÄBC"), "Äbc");  // non-ASCII bytes are neither upper nor lower case
  EXPECT_EQ(foldAllUpper("My_Table"), std::nullopt);  // mixed case: exactly as typed
  EXPECT_EQ(foldAllUpper("my_table"), std::nullopt);
  EXPECT_EQ(foldAllUpper("%"), std::nullopt);
  EXPECT_EQ(foldAllUpper(""), std::nullopt);
}

TEST(CatalogArgs, UpperCaseArgumentsPreferExactThenLowerCase) {
  CatalogQuery plain = preferExact([](QueryBuilder& q) {
    q.filter("c.relname", std::string("mytable"), ArgKind::Pattern, false);
    return "SELECT 1 WHERE " + q.where();
  });
  EXPECT_EQ(plain.sql, "SELECT 1 WHERE c.relname = $1");  // nothing to fold: the query as it was
  CatalogQuery q = preferExact([](QueryBuilder& b) {
    b.filter("n.nspname", std::string("public"), ArgKind::Pattern, false);
    b.filter("c.relname", std::string("MY\\_T%"), ArgKind::Pattern, false);
    b.filter("a.attname", std::string("ID"), ArgKind::Ordinary, true);  // SQL_ATTR_METADATA_ID: never chosen
    return "SELECT 1 WHERE " + b.where();
  });
  EXPECT_EQ(q.sql,
            "WITH pick AS (SELECT EXISTS (SELECT 1 WHERE n.nspname = $1 AND c.relname LIKE $2 ESCAPE E'\\\\' AND "
            "a.attname = $3) AS e) SELECT 1 WHERE n.nspname = $4 AND c.relname LIKE (CASE WHEN (SELECT pick.e FROM "
            "pick) THEN $5 ELSE $6 END) ESCAPE E'\\\\' AND a.attname = $7");
  EXPECT_EQ(q.params, (std::vector<std::optional<std::string>>{"public", "MY\\_T%", "id", "public", "MY\\_T%",
                                                               "my\\_t%", "id"}));
}

TEST(CatalogArgs, EmptyCatalogOrSchemaMeansAny) {
  QueryBuilder q;
  q.scope("cat", std::string(""), ArgKind::Pattern, false, true);
  q.scope("s", std::string(""), ArgKind::Pattern, true);  // even as an identifier: "" is not a NULL pointer
  q.scope("s2", std::string("x"), ArgKind::Pattern, false);
  q.filter("t", std::string(""), ArgKind::Pattern, false);  // an empty table name still matches nothing
  EXPECT_EQ(q.where(), "s2 = $1 AND t = $2");
  EXPECT_THROW(q.scope("s", std::nullopt, ArgKind::Pattern, true), Error);
}

TEST(CatalogArgs, MetadataIdNullIsHY009UnlessAllowed) {
  QueryBuilder q;
  EXPECT_NO_THROW(q.filter("cat", std::nullopt, ArgKind::Ordinary, true, true));
  try {
    q.filter("s", std::nullopt, ArgKind::Pattern, true);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "HY009");
  }
  EXPECT_EQ(q.where(), "TRUE");
}

}  // namespace
}  // namespace dsql::driver::catalog_detail
