// Metadata through the driver manager: SQLGetInfo, SQLGetFunctions, SQLGetTypeInfo, SQLTables and
// SQLColumns with the result-set shapes the ODBC specification defines.
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class MetadataTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  Conn conn_;
};

TEST_P(MetadataTest, GetInfoBasics) {
  char buf[256];
  SQLSMALLINT len = 0;
  ASSERT_EQ(SQLGetInfo(conn_.h, SQL_DRIVER_ODBC_VER, buf, sizeof buf, &len), SQL_SUCCESS);
  EXPECT_STREQ(buf, "03.80");
  ASSERT_EQ(SQLGetInfo(conn_.h, SQL_DBMS_NAME, buf, sizeof buf, &len), SQL_SUCCESS);
  EXPECT_STREQ(buf, "PostgreSQL");
  ASSERT_EQ(SQLGetInfo(conn_.h, SQL_IDENTIFIER_QUOTE_CHAR, buf, sizeof buf, &len), SQL_SUCCESS);
  EXPECT_STREQ(buf, "\"");
  SQLUSMALLINT u16 = 0;
  ASSERT_EQ(SQLGetInfo(conn_.h, SQL_MAX_COLUMN_NAME_LEN, &u16, sizeof u16, nullptr), SQL_SUCCESS);
  EXPECT_EQ(u16, 63);
  SQLUINTEGER fns = 0;
  ASSERT_EQ(SQLGetInfo(conn_.h, SQL_STRING_FUNCTIONS, &fns, sizeof fns, nullptr), SQL_SUCCESS);
  EXPECT_TRUE(fns & SQL_FN_STR_UCASE);  // the shim translates {fn UCASE(...)}
  EXPECT_TRUE(fns & SQL_FN_STR_CONCAT);
  EXPECT_EQ(SQLGetInfo(conn_.h, 65000, buf, sizeof buf, &len), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, conn_.h), "HY096");
}

TEST_P(MetadataTest, GetFunctionsMatchesExports) {
  SQLUSMALLINT supported = 0;
  ASSERT_EQ(SQLGetFunctions(conn_.h, SQL_API_SQLNATIVESQL, &supported), SQL_SUCCESS);
  EXPECT_EQ(supported, SQL_TRUE);
  ASSERT_EQ(SQLGetFunctions(conn_.h, SQL_API_SQLBULKOPERATIONS, &supported), SQL_SUCCESS);
  EXPECT_EQ(supported, SQL_TRUE);
  ASSERT_EQ(SQLGetFunctions(conn_.h, SQL_API_SQLBROWSECONNECT, &supported), SQL_SUCCESS);
  EXPECT_EQ(supported, SQL_FALSE);
}

TEST_P(MetadataTest, TablesAndColumns) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS md_widgets");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE md_widgets (id int PRIMARY KEY, label varchar(30) NOT NULL, price numeric(8,2))"), s.diag());
  ASSERT_ODBC_OK(SQLTables(s.h, nullptr, 0, (SQLCHAR*)"public", SQL_NTS, (SQLCHAR*)"md_widg%", SQL_NTS, (SQLCHAR*)"TABLE", SQL_NTS), s.diag());
  EXPECT_EQ(s.columnNames(), (std::vector<std::string>{"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"}));
  auto tables = s.rows();
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0][2], "md_widgets");
  EXPECT_EQ(tables[0][3], "TABLE");
  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(SQLColumns(s.h, nullptr, 0, (SQLCHAR*)"public", SQL_NTS, (SQLCHAR*)"md_widgets", SQL_NTS, nullptr, 0), s.diag());
  auto names = s.columnNames();
  ASSERT_GE(names.size(), 18u);
  EXPECT_EQ(names[3], "COLUMN_NAME");
  EXPECT_EQ(names[4], "DATA_TYPE");
  EXPECT_EQ(names[17], "IS_NULLABLE");
  auto cols = s.rows();
  ASSERT_EQ(cols.size(), 3u);
  EXPECT_EQ(cols[1][3], "label");
  EXPECT_EQ(cols[1][6], "30");  // COLUMN_SIZE
  EXPECT_EQ(cols[1][17], "NO");
  EXPECT_EQ(cols[2][4], std::to_string(SQL_NUMERIC));
}

TEST_P(MetadataTest, TypeInfoListsSupportedTypes) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLGetTypeInfo(s.h, SQL_ALL_TYPES), s.diag());
  auto names = s.columnNames();
  ASSERT_EQ(names.size(), 19u);
  EXPECT_EQ(names[0], "TYPE_NAME");
  EXPECT_EQ(names[1], "DATA_TYPE");
  auto rows = s.rows();
  bool sawInt = false, sawUuid = false;
  for (auto& r : rows) {
    if (r[0] == "int4") sawInt = true;
    if (r[0] == "uuid") sawUuid = true;
  }
  EXPECT_TRUE(sawInt);
  EXPECT_TRUE(sawUuid);
  SQLFreeStmt(s.h, SQL_CLOSE);
  ASSERT_ODBC_OK(SQLGetTypeInfo(s.h, SQL_INTEGER), s.diag());
  auto ints = s.rows();
  ASSERT_GE(ints.size(), 1u);
  for (auto& r : ints) EXPECT_EQ(r[1], std::to_string(SQL_INTEGER));
}

INSTANTIATE_TEST_SUITE_P(Servers, MetadataTest, ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)));

}  // namespace
