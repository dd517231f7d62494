// The metadata, diagnostic and cursor-position calls nanodbc's own PostgreSQL test suite makes, exactly as
// its library makes them, through the driver manager. nanodbc lists catalogs and schemas with the
// SQL_ALL_CATALOGS / SQL_ALL_SCHEMAS special cases (every other argument a zero-length string), asks for
// table privileges with a zero-length catalog, reads fixed-width SQLGetInfo values with BufferLength 0,
// reads SQL_ATTR_ROW_NUMBER into an SQLULEN while stating SQL_IS_UINTEGER, and takes the first diagnostic
// record of a failed re-execution of a prepared INSERT. Debian's psqlODBC answers all of these; these tests
// keep dsql-odbc answering them the same way (see nanodbc_conventions_test.cpp for binding conventions).
#include <algorithm>
#include <cstring>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

SQLCHAR* txt(const char* s) { return reinterpret_cast<SQLCHAR*>(const_cast<char*>(s)); }

std::vector<std::string> column(const Rows& rows, size_t i) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.at(i).value_or("<null>"));
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

class NanodbcMetadataTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  bool onPg() const { return GetParam() == kPgDsn; }
  Conn conn_;
};

// catalog::list_catalogs() and list_schemas(): the special enumerations, with the other three arguments
// zero-length strings (which would otherwise match nothing).
TEST_P(NanodbcMetadataTest, CatalogAndSchemaEnumerations) {
  Stmt q(conn_);
  auto db = q.query("SELECT current_database()");
  ASSERT_EQ(db.size(), 1u);
  const std::string current = db[0][0].value_or("");
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLTables(s.h, txt(SQL_ALL_CATALOGS), 1, txt(""), 0, txt(""), 0, txt(""), 0), s.diag());
  Rows catalogs = s.rows();
  ASSERT_FALSE(catalogs.empty());
  EXPECT_TRUE(contains(column(catalogs, 0), current)) << "catalogs do not name " << current;
  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(SQLTables(s.h, txt(""), 0, txt(SQL_ALL_SCHEMAS), 1, txt(""), 0, txt(""), 0), s.diag());
  Rows schemas = s.rows();
  ASSERT_FALSE(schemas.empty());
  EXPECT_TRUE(contains(column(schemas, 1), "public"));
  for (const auto& r : schemas) EXPECT_FALSE(r.at(2).has_value()) << "a schema row names a table";
}

// catalog::find_table_privileges(""): a zero-length catalog with no schema or table pattern lists
// privileges of every table; with a table name, the owner's SELECT/INSERT/UPDATE/DELETE are among them.
TEST_P(NanodbcMetadataTest, TablePrivilegesWithZeroLengthCatalog) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS nm_priv");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE nm_priv (i int PRIMARY KEY)"), s.diag());
  ASSERT_ODBC_OK(SQLTablePrivileges(s.h, txt(""), SQL_NTS, nullptr, 0, nullptr, 0), s.diag());
  Rows all = s.rows();
  ASSERT_FALSE(all.empty());
  for (const auto& r : all) {
    EXPECT_FALSE(r.at(2).value_or("").empty());
    EXPECT_FALSE(r.at(5).value_or("").empty());
  }
  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(SQLTablePrivileges(s.h, txt(""), SQL_NTS, nullptr, 0, txt("nm_priv"), SQL_NTS), s.diag());
  Rows mine = s.rows();
  for (const auto& r : mine) EXPECT_EQ(r.at(2), std::optional<std::string>("nm_priv"));
  const auto privileges = column(mine, 5);
  for (const char* p : {"SELECT", "INSERT", "UPDATE", "DELETE"}) EXPECT_TRUE(contains(privileges, p)) << p;
}

// catalog::find_columns("%", table): the facts nanodbc's test checks column by column.
TEST_P(NanodbcMetadataTest, ColumnFactsNanodbcChecks) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS nm_cols");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE nm_cols (c0 int PRIMARY KEY, c1 smallint NOT NULL, c3 decimal(9, 3), "
                        "c4 date, c5 varchar(60) DEFAULT 'sample value', c7 text, c8 bytea)"),
                 s.diag());
  ASSERT_ODBC_OK(SQLColumns(s.h, nullptr, 0, nullptr, 0, txt("nm_cols"), SQL_NTS, txt("%"), SQL_NTS), s.diag());
  Rows cols = s.rows();
  ASSERT_EQ(column(cols, 3), (std::vector<std::string>{"c0", "c1", "c3", "c4", "c5", "c7", "c8"}));
  auto num = [&](size_t row, size_t col) { return std::stol(cols.at(row).at(col).value_or("-99999")); };
  EXPECT_EQ(num(0, 13), SQL_INTEGER);
  EXPECT_EQ(num(0, 6), 10);
  EXPECT_EQ(num(0, 10), SQL_NO_NULLS);
  EXPECT_EQ(num(1, 6), 5);
  EXPECT_EQ(num(1, 10), SQL_NO_NULLS);
  EXPECT_TRUE(num(2, 13) == SQL_DECIMAL || num(2, 13) == SQL_NUMERIC);
  EXPECT_EQ(num(2, 6), 9);
  EXPECT_EQ(num(2, 8), 3);
  EXPECT_EQ(num(3, 13), SQL_DATETIME);  // SQL_DATA_TYPE of a date: the verbose type (equal to SQL_DATE)
  EXPECT_EQ(num(3, 6), 10);
  EXPECT_EQ(num(4, 6), 60);
  if (onPg()) {
    EXPECT_EQ(cols[4][12], std::optional<std::string>("'sample value'::character varying"));
  }
  const long textSize = num(5, 6);
  EXPECT_TRUE(textSize == 2147483647 || textSize == 65535 || textSize == 8190) << textSize;
  EXPECT_TRUE(num(6, 4) == SQL_VARBINARY || num(6, 4) == SQL_LONGVARBINARY || num(6, 4) == SQL_BINARY);
  EXPECT_TRUE(num(6, 6) > 0 || num(6, 6) == SQL_NO_TOTAL);
}

// connection::get_info<T>(): fixed-width values read with BufferLength 0 and no length pointer.
TEST_P(NanodbcMetadataTest, FixedWidthInfoWithZeroBufferLength) {
  SQLUSMALLINT nnc = 0;
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_NON_NULLABLE_COLUMNS, &nnc, 0, nullptr), conn_.diag());
  EXPECT_EQ(nnc, SQL_NNC_NON_NULL);
  SQLUINTEGER conformance = 0, createTable = 0;
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_ODBC_INTERFACE_CONFORMANCE, &conformance, 0, nullptr), conn_.diag());
  EXPECT_GT(conformance, 0u);
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_CREATE_TABLE, &createTable, 0, nullptr), conn_.diag());
  EXPECT_TRUE(createTable & SQL_CT_CREATE_TABLE);
  SQLULEN hdbc = 0;
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_DRIVER_HDBC, &hdbc, 0, nullptr), conn_.diag());
  EXPECT_NE(hdbc, 0u);
}

// result::position(): a one-row rowset with a rows-fetched pointer, and SQL_ATTR_ROW_NUMBER read into an
// SQLULEN while the application states SQL_IS_UINTEGER. The row number counts the rows fetched.
TEST_P(NanodbcMetadataTest, RowNumberOfOneRowRowsets) {
  Stmt s(conn_);
  SQLULEN fetched = 0;
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)1, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), s.diag());
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 3) AS g ORDER BY g"), s.diag());
  for (SQLULEN row = 1; row <= 3; ++row) {
    ASSERT_EQ(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), SQL_SUCCESS) << s.diag();
    EXPECT_EQ(fetched, 1u);
    SQLULEN number = 0;
    ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_ROW_NUMBER, &number, SQL_IS_UINTEGER, nullptr), s.diag());
    EXPECT_EQ(number, row);
  }
  EXPECT_EQ(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), SQL_NO_DATA);
}

// statement::execute() of a prepared INSERT: one row affected each time, and a duplicate key on
// re-execution gives SQL_ERROR whose first record is 23505 with the server's words.
TEST_P(NanodbcMetadataTest, ReexecutedInsertReportsTheUniqueViolation) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS nm_err");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE nm_err (i int NOT NULL CONSTRAINT nm_err_pk PRIMARY KEY)"), s.diag());
  Stmt ins(conn_);
  ASSERT_ODBC_OK(SQLPrepare(ins.h, txt("insert into nm_err (i) values (0);"), SQL_NTS), ins.diag());
  ASSERT_ODBC_OK(SQLExecute(ins.h), ins.diag());
  SQLLEN count = -2;
  ASSERT_ODBC_OK(SQLRowCount(ins.h, &count), ins.diag());
  EXPECT_EQ(count, 1);
  ASSERT_ODBC_OK(SQLFreeStmt(ins.h, SQL_CLOSE), ins.diag());
  ASSERT_EQ(SQLExecute(ins.h), SQL_ERROR);
  SQLCHAR state[6] = {0}, message[1024] = {0};
  SQLINTEGER nativeCode = -1;
  SQLSMALLINT len = 0;
  ASSERT_ODBC_OK(SQLGetDiagRec(SQL_HANDLE_STMT, ins.h, 1, state, &nativeCode, message, sizeof message, &len),
                 "SQLGetDiagRec");
  EXPECT_STREQ(reinterpret_cast<char*>(state), "23505");
  EXPECT_NE(std::strstr(reinterpret_cast<char*>(message), "duplicate key value violates unique constraint"),
            nullptr)
      << message;
}

INSTANTIATE_TEST_SUITE_P(Servers, NanodbcMetadataTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
