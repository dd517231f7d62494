// Where ODBC leaves the answer to the driver, applications written against psqlODBC (and pyodbc's and
// psqlODBC's own test suites) expect psqlODBC's: SQLRowCount of statements whose command tag has no count
// (0 after CREATE …, -1 after SET or DROP TABLE), a uuid read as characters in upper case, SELECT @@IDENTITY
// (sent as lastval()), BoolsAsChar's SQL_VARCHAR(5), and SQL_NULLABLE for a parameter. Each through the driver
// manager, on PostgreSQL and on the DSQL emulator.
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class PsqlOdbcAnswersTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
    Stmt s(conn_);
    s.exec("DROP VIEW IF EXISTS pa_v");
    s.exec("DROP TABLE IF EXISTS pa_t");
    s.exec("DROP TABLE IF EXISTS pa_serial");
  }
  bool dsql() const { return GetParam() == kEmuDsn; }
  // Executes `sql` and answers SQLRowCount (fails the test on error).
  SQLLEN rowCountOf(const std::string& sql) {
    Stmt s(conn_);
    EXPECT_ODBC_OK(s.exec(sql), sql + ": " + s.diag());
    SQLLEN n = -2;
    EXPECT_ODBC_OK(SQLRowCount(s.h, &n), s.diag());
    return n;
  }
  Conn conn_;
};

TEST_P(PsqlOdbcAnswersTest, RowCountOfStatementsWithoutACount) {
  EXPECT_EQ(rowCountOf("CREATE TABLE pa_t (id int PRIMARY KEY, v varchar(10))"), 0);  // pyodbc's test_rowcount
  EXPECT_EQ(rowCountOf("INSERT INTO pa_t VALUES (1, 'a'), (2, 'b')"), 2);
  EXPECT_EQ(rowCountOf("DELETE FROM pa_t WHERE id = 3"), 0);
  EXPECT_EQ(rowCountOf("CREATE VIEW pa_v AS SELECT id FROM pa_t"), 0);
  EXPECT_EQ(rowCountOf("DROP VIEW pa_v"), 0);
  EXPECT_EQ(rowCountOf("SET datestyle = 'ISO, MDY'"), -1);  // a one-word tag
  EXPECT_EQ(rowCountOf("DROP TABLE pa_t"), -1);
}

TEST_P(PsqlOdbcAnswersTest, UuidReadAsCharactersIsUpperCase) {
  const std::string id = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT '" + id + "'::uuid, '" + id + "'::uuid::text, '" + id + "'::uuid"), s.diag());
  ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  char narrow[64] = {};
  SQLLEN ind = 0;
  ASSERT_ODBC_OK(SQLGetData(s.h, 1, SQL_C_CHAR, narrow, sizeof narrow, &ind), s.diag());
  EXPECT_STREQ(narrow, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
  EXPECT_EQ(ind, 36);
  ASSERT_ODBC_OK(SQLGetData(s.h, 2, SQL_C_CHAR, narrow, sizeof narrow, &ind), s.diag());
  EXPECT_STREQ(narrow, id.c_str());  // text is the server's text
  SQLGUID g{};
  ASSERT_ODBC_OK(SQLGetData(s.h, 3, SQL_C_GUID, &g, sizeof g, &ind), s.diag());
  EXPECT_EQ(g.Data1, 0xa0eebc99u);
  EXPECT_EQ(g.Data4[7], 0x11);
  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(s.exec("SELECT '" + id + "'::uuid"), s.diag());
  ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  SQLWCHAR wide[64] = {};
  ASSERT_ODBC_OK(SQLGetData(s.h, 1, SQL_C_WCHAR, wide, sizeof wide, &ind), s.diag());
  EXPECT_EQ(ind, static_cast<SQLLEN>(36 * sizeof(SQLWCHAR)));
  EXPECT_EQ(wide[0], SQLWCHAR('A'));
  EXPECT_EQ(wide[35], SQLWCHAR('1'));
  EXPECT_EQ(wide[33], SQLWCHAR('A'));  // "…0A11"
}

TEST_P(PsqlOdbcAnswersTest, SelectIdentityAnswersTheLastGeneratedValue) {
  // On DSQL the shim sends serial as a bigint identity column (shim/sql/README.md); lastval() sees it alike.
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("CREATE TABLE pa_serial (id serial PRIMARY KEY, t text)"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO pa_serial (t) VALUES ('one')"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO pa_serial (t) VALUES ('two')"), s.diag());
  auto last = s.query("SELECT @@IDENTITY AS last_insert");
  ASSERT_EQ(last.size(), 1u);
  auto expected = s.query("SELECT max(id) FROM pa_serial");
  EXPECT_EQ(last[0][0].value_or("?"), expected[0][0].value_or("!"));
  EXPECT_ODBC_OK(s.exec("SELECT @@identity"), s.diag());
  EXPECT_EQ(s.columnNames(), std::vector<std::string>{"lastval"});
  SQLFreeStmt(s.h, SQL_CLOSE);
  EXPECT_EQ(native(conn_, "SELECT @@IDENTITY AS last_insert"), "SELECT lastval() AS last_insert");
  // @@ with a blank before the word is PostgreSQL's text-search operator: not ours to change.
  EXPECT_EQ(native(conn_, "SELECT v @@ identity FROM docs"), "SELECT v @@ identity FROM docs");
  EXPECT_EQ(native(conn_, "SELECT '@@IDENTITY'"), "SELECT '@@IDENTITY'");
}

TEST_P(PsqlOdbcAnswersTest, SelectIdentityBeforeAnyInsertIsTheServersError) {
  Stmt s(conn_);
  EXPECT_EQ(s.exec("SELECT @@IDENTITY"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "55000") << s.diag();  // lastval is not yet defined
  EXPECT_NE(s.diag().find("lastval"), std::string::npos) << s.diag();
}

TEST_P(PsqlOdbcAnswersTest, BoolsAsCharIsVarcharFive) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=" + GetParam() + ";BoolsAsChar=1"))) << c.diag();
  Stmt s(c);
  ASSERT_ODBC_OK(s.exec("SELECT true, false"), s.diag());
  SQLCHAR name[32];
  SQLSMALLINT nameLen = 0, type = 0, digits = -1, nullable = 0;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeCol(s.h, 1, name, sizeof name, &nameLen, &type, &size, &digits, &nullable), s.diag());
  EXPECT_EQ(type, SQL_VARCHAR);
  EXPECT_EQ(size, 5u);
  EXPECT_EQ(digits, 0);
  auto rows = s.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value_or(""), "1");
  EXPECT_EQ(rows[0][1].value_or(""), "0");
}

TEST_P(PsqlOdbcAnswersTest, ParametersAreDescribedNullable) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("CREATE TABLE pa_t (id int PRIMARY KEY, v varchar(10) NOT NULL)"), s.diag());
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"SELECT v FROM pa_t WHERE id = ?", SQL_NTS), s.diag());
  SQLSMALLINT type = 0, digits = -1, nullable = -1;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeParam(s.h, 1, &type, &size, &digits, &nullable), s.diag());
  EXPECT_EQ(type, SQL_INTEGER);
  EXPECT_EQ(size, 10u);
  EXPECT_EQ(digits, 0);  // ODBC's decimal digits of an exact integer type (psqlODBC answers -1)
  EXPECT_EQ(nullable, SQL_NULLABLE);
}

INSTANTIATE_TEST_SUITE_P(Servers, PsqlOdbcAnswersTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
