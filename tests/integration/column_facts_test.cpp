// Result columns read straight from a table are described with the table column's facts: NOT NULL
// (SQL_NO_NULLS, unless an outer join can null-extend the row), identity/serial (SQL_DESC_AUTO_UNIQUE_VALUE),
// and the base schema, table and column names, as psqlODBC and pyodbc's cursor.description expect.
// Expressions stay SQL_NULLABLE_UNKNOWN. After DDL on the connection, the facts are read again.
#include <string>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class ColumnFactsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
    run("DROP TABLE IF EXISTS cf_child");
    run("DROP TABLE IF EXISTS cf_item");
    run("CREATE TABLE cf_item (id bigserial PRIMARY KEY, n int NOT NULL, m text)");
    run("CREATE TABLE cf_child (k int PRIMARY KEY, item bigint)");
  }
  void run(const std::string& sql) {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec(sql), s.diag());
  }
  static SQLSMALLINT nullable(Stmt& s, SQLUSMALLINT col) {
    SQLCHAR name[64];
    SQLSMALLINT len = 0, type = 0, digits = 0, nul = -1;
    SQLULEN size = 0;
    EXPECT_ODBC_OK(SQLDescribeCol(s.h, col, name, sizeof name, &len, &type, &size, &digits, &nul), s.diag());
    return nul;
  }
  static SQLLEN numeric(Stmt& s, SQLUSMALLINT col, SQLUSMALLINT field) {
    SQLLEN v = -1;
    EXPECT_ODBC_OK(SQLColAttribute(s.h, col, field, nullptr, 0, nullptr, &v), s.diag());
    return v;
  }
  static std::string text(Stmt& s, SQLUSMALLINT col, SQLUSMALLINT field) {
    char buf[128] = {};
    SQLSMALLINT len = 0;
    EXPECT_ODBC_OK(SQLColAttribute(s.h, col, field, buf, sizeof buf, &len, nullptr), s.diag());
    return buf;
  }
  Conn conn_;
};

TEST_P(ColumnFactsTest, TableColumnsCarryNotNullIdentityAndBaseNames) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT id, n AS renamed, m, n + 1 AS e FROM cf_item"), s.diag());
  EXPECT_EQ(nullable(s, 1), SQL_NO_NULLS);
  EXPECT_EQ(nullable(s, 2), SQL_NO_NULLS);
  EXPECT_EQ(nullable(s, 3), SQL_NULLABLE);
  EXPECT_EQ(nullable(s, 4), SQL_NULLABLE_UNKNOWN);
  EXPECT_EQ(numeric(s, 1, SQL_DESC_AUTO_UNIQUE_VALUE), SQL_TRUE);
  EXPECT_EQ(numeric(s, 2, SQL_DESC_AUTO_UNIQUE_VALUE), SQL_FALSE);
  EXPECT_EQ(numeric(s, 3, SQL_DESC_NULLABLE), SQL_NULLABLE);
  EXPECT_EQ(text(s, 2, SQL_DESC_BASE_COLUMN_NAME), "n");
  EXPECT_EQ(text(s, 2, SQL_DESC_LABEL), "renamed");
  EXPECT_EQ(text(s, 2, SQL_DESC_BASE_TABLE_NAME), "cf_item");
  EXPECT_EQ(text(s, 2, SQL_DESC_SCHEMA_NAME), "public");
  EXPECT_EQ(text(s, 4, SQL_DESC_BASE_TABLE_NAME), "");
}

TEST_P(ColumnFactsTest, OuterJoinMakesNotNullUnknownAndPreparedStatementsAreDescribedToo) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT c.k, i.n FROM cf_child c LEFT JOIN cf_item i ON i.id = c.item"), s.diag());
  EXPECT_EQ(nullable(s, 1), SQL_NULLABLE_UNKNOWN);  // NOT NULL, but the statement has an outer join
  EXPECT_EQ(nullable(s, 2), SQL_NULLABLE_UNKNOWN);
  Stmt p(conn_);
  ASSERT_ODBC_OK(SQLPrepare(p.h, (SQLCHAR*)"SELECT n, m FROM cf_item WHERE id = ?", SQL_NTS), p.diag());
  EXPECT_EQ(nullable(p, 1), SQL_NO_NULLS);
  EXPECT_EQ(nullable(p, 2), SQL_NULLABLE);
}

TEST_P(ColumnFactsTest, DdlOnTheConnectionRefreshesTheFacts) {
  if (GetParam() == kEmuDsn) GTEST_SKIP() << "DSQL does not alter a column's NOT NULL";
  {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec("SELECT m FROM cf_item"), s.diag());
    EXPECT_EQ(nullable(s, 1), SQL_NULLABLE);
  }
  run("ALTER TABLE cf_item ALTER COLUMN m SET NOT NULL");
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT m FROM cf_item"), s.diag());
  EXPECT_EQ(nullable(s, 1), SQL_NO_NULLS);
}

TEST_P(ColumnFactsTest, ALongStreamKeepsStreamingAndIsDescribedFromWhatIsKnown) {
  // 2,000 rows do not end within the read-ahead window, so the connection is still busy with the stream
  // when the application describes it: facts not yet known are not looked up (that would buffer the
  // stream), facts the connection learned earlier are used.
  run("INSERT INTO cf_item (n, m) SELECT g, 'm' || g FROM generate_series(1, 2000) g");
  auto describeAndDrain = [&](SQLSMALLINT want) {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec("SELECT n FROM cf_item"), s.diag());
    EXPECT_EQ(nullable(s, 1), want);
    EXPECT_EQ(s.rows().size(), 2000u);
  };
  describeAndDrain(SQL_NULLABLE_UNKNOWN);  // cold: the stream is not interrupted
  {
    Stmt small(conn_);
    ASSERT_ODBC_OK(small.exec("SELECT n FROM cf_item WHERE id = 1"), small.diag());
    EXPECT_EQ(nullable(small, 1), SQL_NO_NULLS);  // ended within the window: looked up
  }
  describeAndDrain(SQL_NO_NULLS);  // busy again, answered from what the connection knows
}

INSTANTIATE_TEST_SUITE_P(Servers, ColumnFactsTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
