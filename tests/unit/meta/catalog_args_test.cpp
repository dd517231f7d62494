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
