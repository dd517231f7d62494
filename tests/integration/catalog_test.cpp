// Catalog functions through the driver manager, on PostgreSQL and the DSQL emulator: names typed in upper
// case find objects created unquoted (psqlODBC's rule), SQL_ATTR_METADATA_ID identifiers, "" catalog and
// schema arguments, SQLGetTypeInfo for both character families, SQLTablePrivileges/SQLColumnPrivileges, and
// materialized views and foreign tables in SQLTables (PostgreSQL only: DSQL refuses to create them).
#include "odbc_fixture.h"

#include <algorithm>
#include <functional>

using namespace dsqltest;

namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

SQLCHAR* txt(const char* s) { return reinterpret_cast<SQLCHAR*>(const_cast<char*>(s)); }
SQLSMALLINT len(const char* s) { return s ? SQL_NTS : 0; }

class CatalogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  bool onPostgres() const { return GetParam() == kPgDsn; }

  // Runs one catalog call on a fresh cursor and returns its rows (fails the test if the call fails).
  Rows call(Stmt& s, const std::function<SQLRETURN(SQLHSTMT)>& f) {
    SQLFreeStmt(s.h, SQL_CLOSE);
    SQLRETURN rc = f(s.h);
    if (!SQL_SUCCEEDED(rc)) {
      ADD_FAILURE() << "catalog call failed: " << s.diag();
      return {};
    }
    return s.rows();
  }
  Rows tables(Stmt& s, const char* schema, const char* table, const char* types = nullptr) {
    return call(s, [&](SQLHSTMT h) {
      return SQLTables(h, nullptr, 0, txt(schema), len(schema), txt(table), len(table), txt(types), len(types));
    });
  }
  Rows columns(Stmt& s, const char* schema, const char* table, const char* column) {
    return call(s, [&](SQLHSTMT h) {
      return SQLColumns(h, nullptr, 0, txt(schema), len(schema), txt(table), len(table), txt(column), len(column));
    });
  }
  void exec(Stmt& s, const std::string& sql) { ASSERT_ODBC_OK(s.exec(sql), sql + ": " + s.diag()); }
  std::string currentUser(Stmt& s) {
    Rows r = s.query("SELECT current_user");
    return r.empty() ? "" : r[0][0].value_or("");
  }

  Conn conn_;
};

std::vector<std::string> column(const Rows& rows, size_t i) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.at(i).value_or("<NULL>"));
  return out;
}

TEST_P(CatalogTest, UpperCaseNamesFindTablesCreatedUnquoted) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS cat_upper");
  exec(s, "CREATE TABLE cat_upper (id int PRIMARY KEY, val_col text NOT NULL)");
  // Perl DBI's table_info(undef, undef, 'CAT_UPPER'): the name as the application wrote it in its DDL.
  EXPECT_EQ(column(tables(s, nullptr, "CAT_UPPER"), 2), std::vector<std::string>{"cat_upper"});
  EXPECT_EQ(column(tables(s, "PUBLIC", "CAT_UP%"), 2), std::vector<std::string>{"cat_upper"});
  EXPECT_EQ(column(columns(s, nullptr, "CAT_UPPER", "VAL_COL"), 3), std::vector<std::string>{"val_col"});
  EXPECT_EQ(column(columns(s, nullptr, "CAT_UPPER", nullptr), 3), (std::vector<std::string>{"id", "val_col"}));
  Rows pk = call(s, [](SQLHSTMT h) { return SQLPrimaryKeys(h, nullptr, 0, nullptr, 0, txt("CAT_UPPER"), SQL_NTS); });
  EXPECT_EQ(column(pk, 3), std::vector<std::string>{"id"});
  Rows stats = call(s, [](SQLHSTMT h) {
    return SQLStatistics(h, nullptr, 0, nullptr, 0, txt("CAT_UPPER"), SQL_NTS, SQL_INDEX_ALL, SQL_QUICK);
  });
  EXPECT_GE(stats.size(), 2u);  // the table row and the primary key's index
  // Mixed case is taken as typed: no table is called My_Upper or Cat_Upper.
  EXPECT_TRUE(tables(s, nullptr, "Cat_Upper").empty());
  s.exec("DROP TABLE IF EXISTS cat_upper");
}

TEST_P(CatalogTest, ExactUpperCaseNameWinsOverItsLowerCaseForm) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS \"CAT_TWIN\"");
  s.exec("DROP TABLE IF EXISTS cat_twin");
  exec(s, "CREATE TABLE \"CAT_TWIN\" (upper_col int)");
  exec(s, "CREATE TABLE cat_twin (lower_col int)");
  EXPECT_EQ(column(tables(s, nullptr, "CAT_TWIN"), 2), std::vector<std::string>{"CAT_TWIN"});
  EXPECT_EQ(column(tables(s, nullptr, "cat_twin"), 2), std::vector<std::string>{"cat_twin"});
  EXPECT_EQ(column(columns(s, nullptr, "CAT_TWIN", nullptr), 3), std::vector<std::string>{"upper_col"});
  // The rule applies to the call as a whole: "CAT_TWIN" has no column LOWER_COL, so the call as typed finds
  // nothing and every upper-case argument is lowered: cat_twin.lower_col.
  Rows mixed = columns(s, nullptr, "CAT_TWIN", "LOWER_COL");
  EXPECT_EQ(column(mixed, 2), std::vector<std::string>{"cat_twin"});
  EXPECT_EQ(column(mixed, 3), std::vector<std::string>{"lower_col"});
  s.exec("DROP TABLE IF EXISTS \"CAT_TWIN\"");
  s.exec("DROP TABLE IF EXISTS cat_twin");
}

TEST_P(CatalogTest, MetadataIdArgumentsAreIdentifiers) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS \"CAT_TWIN\"");
  s.exec("DROP TABLE IF EXISTS cat_twin");
  exec(s, "CREATE TABLE \"CAT_TWIN\" (upper_col int)");
  exec(s, "CREATE TABLE cat_twin (lower_col int)");
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_METADATA_ID, (SQLPOINTER)SQL_TRUE, 0), s.diag());
  // Unquoted: case-insensitive, folded the way PostgreSQL folds (lower case); quoted: exact.
  EXPECT_EQ(column(tables(s, "Public", "Cat_Twin"), 2), std::vector<std::string>{"cat_twin"});
  EXPECT_EQ(column(tables(s, "public", "\"CAT_TWIN\""), 2), std::vector<std::string>{"CAT_TWIN"});
  EXPECT_TRUE(tables(s, "public", "cat_tw%").empty());  // % is an ordinary character in an identifier
  SQLFreeStmt(s.h, SQL_CLOSE);
  EXPECT_EQ(SQLTables(s.h, nullptr, 0, nullptr, 0, txt("cat_twin"), SQL_NTS, nullptr, 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY009");  // a NULL schema is not an identifier
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_METADATA_ID, (SQLPOINTER)SQL_FALSE, 0), s.diag());
  s.exec("DROP TABLE IF EXISTS \"CAT_TWIN\"");
  s.exec("DROP TABLE IF EXISTS cat_twin");
}

TEST_P(CatalogTest, EmptyCatalogAndSchemaMeanAny) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS cat_scope");
  exec(s, "CREATE TABLE cat_scope (id int PRIMARY KEY)");
  Rows viaEmpty = call(s, [](SQLHSTMT h) {
    return SQLTables(h, txt(""), SQL_NTS, txt(""), SQL_NTS, txt("cat_scope"), SQL_NTS, nullptr, 0);
  });
  EXPECT_EQ(column(viaEmpty, 2), std::vector<std::string>{"cat_scope"});
  // psqlODBC's regression program passes the schema with length 0.
  Rows priv = call(s, [](SQLHSTMT h) {
    return SQLTablePrivileges(h, nullptr, 0, txt("public"), 0, txt("cat_scope"), SQL_NTS);
  });
  EXPECT_FALSE(priv.empty());
  Rows pk = call(s, [](SQLHSTMT h) {
    return SQLPrimaryKeys(h, txt(""), SQL_NTS, txt(""), SQL_NTS, txt("cat_scope"), SQL_NTS);
  });
  EXPECT_EQ(column(pk, 3), std::vector<std::string>{"id"});
  // An empty table name is still a name: it matches nothing.
  EXPECT_TRUE(tables(s, nullptr, "").empty());
  s.exec("DROP TABLE IF EXISTS cat_scope");
}

// Each character type answers for the narrow and the wide SQL type, whatever WideCharTypes says.
TEST_P(CatalogTest, TypeInfoAnswersBothCharacterFamilies) {
  for (const char* wide : {"1", "0"}) {
    Conn c;
    ASSERT_ODBC_OK(c.driverConnect("DSN=" + GetParam() + ";WideCharTypes=" + wide), c.diag());
    Stmt s(c);
    const std::pair<SQLSMALLINT, const char*> cases[] = {
        {SQL_VARCHAR, "varchar"}, {SQL_WVARCHAR, "varchar"}, {SQL_CHAR, "bpchar"},
        {SQL_WCHAR, "bpchar"},    {SQL_LONGVARCHAR, "text"}, {SQL_WLONGVARCHAR, "text"}};
    for (auto [type, first] : cases) {
      Rows r = call(s, [&](SQLHSTMT h) { return SQLGetTypeInfo(h, type); });
      ASSERT_FALSE(r.empty()) << "WideCharTypes=" << wide << " type " << type;
      EXPECT_EQ(r[0][0], first) << type;
      for (const auto& row : r) EXPECT_EQ(row[1], std::to_string(type));
      if (type == SQL_VARCHAR || type == SQL_WVARCHAR) {
        EXPECT_EQ(r[0][5], "max length");  // CREATE_PARAMS
      }
    }
    Rows all = call(s, [](SQLHSTMT h) { return SQLGetTypeInfo(h, SQL_ALL_TYPES); });
    std::vector<std::string> types = column(all, 1);
    EXPECT_TRUE(std::is_sorted(types.begin(), types.end(),
                               [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); }));
    std::vector<std::string> names = column(all, 0);
    EXPECT_EQ(std::count(names.begin(), names.end(), "varchar"), 2);  // SQL_WVARCHAR (-9) and SQL_VARCHAR (12)
    EXPECT_EQ(std::count(names.begin(), names.end(), "int4"), 1);
  }
}

TEST_P(CatalogTest, TableAndColumnPrivileges) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS cat_priv");
  exec(s, "CREATE TABLE cat_priv (id int PRIMARY KEY, val text)");
  s.exec("CREATE ROLE cat_reader");  // may exist from an earlier run; roles are cluster-wide
  exec(s, "GRANT SELECT ON cat_priv TO cat_reader");
  exec(s, "GRANT UPDATE (val) ON cat_priv TO cat_reader");
  const std::string owner = currentUser(s);
  ASSERT_FALSE(owner.empty());

  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(SQLTablePrivileges(s.h, nullptr, 0, nullptr, 0, txt("CAT_PRIV"), SQL_NTS), s.diag());
  EXPECT_EQ(s.columnNames(), (std::vector<std::string>{"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR",
                                                       "GRANTEE", "PRIVILEGE", "IS_GRANTABLE"}));
  Rows tp = s.rows();
  auto has = [](const Rows& rows, std::vector<std::optional<std::string>> want, size_t from) {
    return std::any_of(rows.begin(), rows.end(), [&](const auto& r) {
      return std::equal(want.begin(), want.end(), r.begin() + static_cast<long>(from));
    });
  };
  EXPECT_TRUE(has(tp, {"cat_priv", owner, "cat_reader", "SELECT", "NO"}, 2));
  EXPECT_TRUE(has(tp, {"cat_priv", owner, owner, "INSERT", "YES"}, 2));  // the owner's implicit grants
  EXPECT_FALSE(has(tp, {"cat_priv", owner, "cat_reader", "INSERT", "NO"}, 2));
  // Ordered by TABLE_CAT, TABLE_SCHEM, TABLE_NAME, PRIVILEGE, GRANTEE (reference page).
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& r : tp) order.emplace_back(r[5].value_or(""), r[4].value_or(""));
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));

  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(SQLColumnPrivileges(s.h, nullptr, 0, txt("public"), SQL_NTS, txt("cat_priv"), SQL_NTS, txt("%"),
                                     SQL_NTS), s.diag());
  EXPECT_EQ(s.columnNames(), (std::vector<std::string>{"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME",
                                                       "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE"}));
  Rows cp = s.rows();
  EXPECT_TRUE(has(cp, {"val", owner, "cat_reader", "UPDATE", "NO"}, 3));
  EXPECT_FALSE(has(cp, {"id", owner, "cat_reader", "UPDATE", "NO"}, 3));
  EXPECT_TRUE(has(cp, {"id", owner, "cat_reader", "SELECT", "NO"}, 3));  // the table grant covers every column
  std::vector<std::pair<std::string, std::string>> colOrder;
  for (const auto& r : cp) colOrder.emplace_back(r[3].value_or(""), r[6].value_or(""));
  EXPECT_TRUE(std::is_sorted(colOrder.begin(), colOrder.end()));  // COLUMN_NAME, then PRIVILEGE
  Rows one = call(s, [](SQLHSTMT h) {
    return SQLColumnPrivileges(h, nullptr, 0, nullptr, 0, txt("cat_priv"), SQL_NTS, txt("VAL"), SQL_NTS);
  });
  EXPECT_EQ(column(one, 3), std::vector<std::string>(one.size(), "val"));
  EXPECT_FALSE(one.empty());
  s.exec("DROP TABLE IF EXISTS cat_priv");
}

// SQLTables lists materialized views and foreign tables and filters on their types, psqlODBC's MATVIEW
// spelling included. DSQL refuses to create either (0A000), so there the type filter is only accepted.
TEST_P(CatalogTest, MaterializedViewsAndForeignTables) {
  Stmt s(conn_);
  if (!onPostgres()) {
    Rows r = tables(s, nullptr, "%", "'MATERIALIZED VIEW','FOREIGN TABLE',MATVIEW");
    EXPECT_TRUE(r.empty());
    return;
  }
  s.exec("DROP MATERIALIZED VIEW IF EXISTS cat_mv");
  s.exec("DROP FOREIGN TABLE IF EXISTS cat_ft");
  s.exec("DROP SERVER IF EXISTS cat_srv");
  s.exec("DROP FOREIGN DATA WRAPPER IF EXISTS cat_fdw");
  exec(s, "CREATE MATERIALIZED VIEW cat_mv AS SELECT 1 AS x, 'a'::text AS y");
  exec(s, "CREATE FOREIGN DATA WRAPPER cat_fdw");
  exec(s, "CREATE SERVER cat_srv FOREIGN DATA WRAPPER cat_fdw");
  exec(s, "CREATE FOREIGN TABLE cat_ft (a int, b varchar(10)) SERVER cat_srv");
  Rows all = tables(s, "public", "cat\\_%");
  std::vector<std::string> kinds;
  for (const auto& r : all) kinds.push_back(r[2].value_or("") + ":" + r[3].value_or(""));
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(kinds, (std::vector<std::string>{"cat_ft:FOREIGN TABLE", "cat_mv:MATERIALIZED VIEW"}));
  EXPECT_EQ(column(tables(s, "public", "cat%", "'MATERIALIZED VIEW'"), 2), std::vector<std::string>{"cat_mv"});
  EXPECT_EQ(column(tables(s, "public", "cat%", "MATVIEW"), 2), std::vector<std::string>{"cat_mv"});
  EXPECT_EQ(column(tables(s, "public", "cat%", "FOREIGN TABLE"), 2), std::vector<std::string>{"cat_ft"});
  for (const std::string& name : column(tables(s, "public", "cat%", "TABLE,VIEW"), 2))
    EXPECT_TRUE(name != "cat_mv" && name != "cat_ft") << name;
  EXPECT_EQ(column(columns(s, "public", "cat_mv", nullptr), 3), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(column(columns(s, "public", "CAT_FT", nullptr), 3), (std::vector<std::string>{"a", "b"}));
  Rows types = call(s, [](SQLHSTMT h) {
    return SQLTables(h, txt(""), SQL_NTS, txt(""), SQL_NTS, txt(""), SQL_NTS, txt("%"), SQL_NTS);
  });
  std::vector<std::string> typeNames = column(types, 3);
  for (const char* t : {"MATERIALIZED VIEW", "FOREIGN TABLE"})
    EXPECT_NE(std::find(typeNames.begin(), typeNames.end(), t), typeNames.end()) << t;
  s.exec("DROP MATERIALIZED VIEW IF EXISTS cat_mv");
  s.exec("DROP FOREIGN TABLE IF EXISTS cat_ft");
  s.exec("DROP SERVER IF EXISTS cat_srv");
  s.exec("DROP FOREIGN DATA WRAPPER IF EXISTS cat_fdw");
}

INSTANTIATE_TEST_SUITE_P(Servers, CatalogTest, ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)));

}  // namespace
