// An ODBC 2.x application end to end, compiled against the 2.x API only (ODBCVER=0x0250): SQLAllocEnv,
// SQLAllocConnect, SQLConnect, SQLAllocStmt, SQLSetStmtOption, SQLExecDirect, SQLColAttributes,
// SQLBindCol with a rowset, SQLExtendedFetch with row status, SQLGetStmtOption, SQLFreeStmt, SQLTransact,
// SQLError, against PostgreSQL and the DSQL emulator. The driver manager maps most 2.x calls onto 3.x ones;
// SQLExtendedFetch it passes through, so the driver exports it.
#include <sql.h>
#include <sqlext.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace {

bool dsnExists(const std::string& dsn) {
  const char* ini = std::getenv("ODBCINI");
  std::ifstream f(ini ? ini : "");
  std::string line;
  while (std::getline(f, line))
    if (line == "[" + dsn + "]") return true;
  return false;
}

std::string errorText(HENV env, HDBC dbc, HSTMT stmt) {
  UCHAR state[6] = {0}, msg[512] = {0};
  SDWORD native = 0;
  SWORD len = 0;
  if (SQLError(env, dbc, stmt, state, &native, msg, sizeof msg, &len) != SQL_SUCCESS) return "";
  return std::string(reinterpret_cast<char*>(state)) + ": " + reinterpret_cast<char*>(msg);
}

class Odbc2Test : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!dsnExists(GetParam())) GTEST_SKIP() << GetParam() << " is not configured";
    ASSERT_EQ(SQLAllocEnv(&env_), SQL_SUCCESS);
    ASSERT_EQ(SQLAllocConnect(env_, &dbc_), SQL_SUCCESS);
    RETCODE rc = SQLConnect(dbc_, (UCHAR*)GetParam(), SQL_NTS, nullptr, 0, nullptr, 0);
    ASSERT_TRUE(rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO) << errorText(env_, dbc_, SQL_NULL_HSTMT);
    connected_ = true;
    ASSERT_EQ(SQLAllocStmt(dbc_, &stmt_), SQL_SUCCESS);
  }
  void TearDown() override {
    if (stmt_) SQLFreeStmt(stmt_, SQL_DROP);
    if (connected_) SQLDisconnect(dbc_);
    if (dbc_) SQLFreeConnect(dbc_);
    if (env_) SQLFreeEnv(env_);
  }
  void exec(const std::string& sql) {
    SQLFreeStmt(stmt_, SQL_CLOSE);
    RETCODE rc = SQLExecDirect(stmt_, (UCHAR*)sql.c_str(), SQL_NTS);
    ASSERT_TRUE(rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO) << sql << ": " << error();
  }
  long count(const std::string& table) {
    exec("SELECT count(*) FROM " + table);
    SDWORD n = -1;
    SQLLEN ind = 0;
    EXPECT_EQ(SQLFetch(stmt_), SQL_SUCCESS) << error();
    EXPECT_EQ(SQLGetData(stmt_, 1, SQL_C_LONG, &n, sizeof n, &ind), SQL_SUCCESS) << error();
    SQLFreeStmt(stmt_, SQL_CLOSE);
    return n;
  }
  std::string error() { return errorText(env_, dbc_, stmt_); }

  HENV env_ = SQL_NULL_HENV;
  HDBC dbc_ = SQL_NULL_HDBC;
  HSTMT stmt_ = SQL_NULL_HSTMT;
  bool connected_ = false;
};

TEST_P(Odbc2Test, ExtendedFetchReturnsRowsetsWithRowStatus) {
  UWORD exists = 0;
  ASSERT_EQ(SQLGetFunctions(dbc_, SQL_API_SQLEXTENDEDFETCH, &exists), SQL_SUCCESS);
  EXPECT_EQ(exists, 1);  // TRUE (ODBC 2 has no SQL_TRUE)

  ASSERT_EQ(SQLSetStmtOption(stmt_, SQL_ROWSET_SIZE, 3), SQL_SUCCESS) << error();
  exec("SELECT g AS num, 'row ' || g AS label FROM generate_series(1, 7) AS g ORDER BY g");

  SWORD cols = 0;
  ASSERT_EQ(SQLNumResultCols(stmt_, &cols), SQL_SUCCESS);
  EXPECT_EQ(cols, 2);
  UCHAR name[32] = {0};
  SWORD nameLen = 0;
  SQLLEN numeric = 0;
  ASSERT_EQ(SQLColAttributes(stmt_, 2, SQL_COLUMN_NAME, name, sizeof name, &nameLen, &numeric), SQL_SUCCESS) << error();
  EXPECT_STREQ(reinterpret_cast<char*>(name), "label");
  ASSERT_EQ(SQLColAttributes(stmt_, 1, SQL_COLUMN_TYPE, nullptr, 0, nullptr, &numeric), SQL_SUCCESS) << error();
  EXPECT_EQ(numeric, SQL_INTEGER);
  ASSERT_EQ(SQLColAttributes(stmt_, 1, SQL_COLUMN_COUNT, nullptr, 0, nullptr, &numeric), SQL_SUCCESS) << error();
  EXPECT_EQ(numeric, 2);

  SDWORD nums[3];
  char labels[3][16];
  SQLLEN numInd[3], labelInd[3];
  ASSERT_EQ(SQLBindCol(stmt_, 1, SQL_C_LONG, nums, sizeof nums[0], numInd), SQL_SUCCESS) << error();
  ASSERT_EQ(SQLBindCol(stmt_, 2, SQL_C_CHAR, labels, sizeof labels[0], labelInd), SQL_SUCCESS) << error();

  SQLULEN fetched = 99;
  UWORD status[3];
  int next = 1;
  for (int rowset = 0; rowset < 3; ++rowset) {
    std::memset(status, 0xFF, sizeof status);
    RETCODE rc = SQLExtendedFetch(stmt_, SQL_FETCH_NEXT, 0, &fetched, status);
    ASSERT_EQ(rc, SQL_SUCCESS) << "rowset " << rowset << ": " << error();
    SQLULEN expected = rowset < 2 ? 3 : 1;
    ASSERT_EQ(fetched, expected) << "rowset " << rowset;
    for (SQLULEN i = 0; i < 3; ++i) {
      if (i < fetched) {
        EXPECT_EQ(status[i], SQL_ROW_SUCCESS);
        EXPECT_EQ(nums[i], next);
        EXPECT_EQ(std::string(labels[i]), "row " + std::to_string(next));
        ++next;
      } else {
        EXPECT_EQ(status[i], SQL_ROW_NOROW) << "row " << i << " of the last rowset";
      }
    }
  }
  EXPECT_EQ(SQLExtendedFetch(stmt_, SQL_FETCH_NEXT, 0, &fetched, status), SQL_NO_DATA_FOUND);
  EXPECT_EQ(fetched, 0u);

  // SQL_ROWSET_SIZE is SQLExtendedFetch's own: SQLFetch's array size (SQL_ATTR_ROW_ARRAY_SIZE) is still 1.
  SQLULEN rowsetSize = 0;
  ASSERT_EQ(SQLGetStmtOption(stmt_, SQL_ROWSET_SIZE, &rowsetSize), SQL_SUCCESS) << error();
  EXPECT_EQ(rowsetSize, 3u);
  SQLFreeStmt(stmt_, SQL_UNBIND);
  exec("SELECT 1 UNION ALL SELECT 2");
  SDWORD one[3] = {0, -1, -1};
  ASSERT_EQ(SQLBindCol(stmt_, 1, SQL_C_LONG, one, sizeof one[0], nullptr), SQL_SUCCESS);
  ASSERT_EQ(SQLFetch(stmt_), SQL_SUCCESS) << error();
  EXPECT_EQ(one[0], 1);
  EXPECT_EQ(one[1], -1) << "SQLFetch wrote a second row: it used SQL_ROWSET_SIZE";
}

TEST_P(Odbc2Test, ExtendedFetchScrollsAStaticCursor) {
  ASSERT_EQ(SQLSetStmtOption(stmt_, SQL_CURSOR_TYPE, SQL_CURSOR_STATIC), SQL_SUCCESS) << error();
  ASSERT_EQ(SQLSetStmtOption(stmt_, SQL_ROWSET_SIZE, 2), SQL_SUCCESS) << error();
  exec("SELECT g FROM generate_series(1, 5) AS g ORDER BY g");
  SDWORD v[2];
  ASSERT_EQ(SQLBindCol(stmt_, 1, SQL_C_LONG, v, sizeof v[0], nullptr), SQL_SUCCESS);
  SQLULEN fetched = 0;
  UWORD status[2];
  ASSERT_EQ(SQLExtendedFetch(stmt_, SQL_FETCH_ABSOLUTE, 4, &fetched, status), SQL_SUCCESS) << error();
  EXPECT_EQ(fetched, 2u);
  EXPECT_EQ(v[0], 4);
  EXPECT_EQ(v[1], 5);
  ASSERT_EQ(SQLExtendedFetch(stmt_, SQL_FETCH_PRIOR, 0, &fetched, status), SQL_SUCCESS) << error();
  EXPECT_EQ(v[0], 2);
  EXPECT_EQ(v[1], 3);
  // ODBC 2 options are UDWORDs (but SQL_ROWSET_SIZE and three others, widened for 64-bit): a 4-byte
  // variable followed by a guard must come back with the guard intact.
  struct { UDWORD value; UDWORD guard; } opt = {0, 0xEEEEEEEE};
  ASSERT_EQ(SQLGetStmtOption(stmt_, SQL_CURSOR_TYPE, &opt.value), SQL_SUCCESS) << error();
  EXPECT_EQ(opt.value, static_cast<UDWORD>(SQL_CURSOR_STATIC));
  EXPECT_EQ(opt.guard, 0xEEEEEEEEu);
}

// The ODBC 2 way of changing rows: SQLExtendedFetch, then SQLSetPos on a row of the rowset (its status lands
// in SQLExtendedFetch's array), fixed bookmarks bound as SQL_C_BOOKMARK, SQL_ADD through SQLSetPos, and
// SQLExtendedFetch(SQL_FETCH_BOOKMARK) whose offset is the bookmark.
TEST_P(Odbc2Test, ExtendedFetchThenSetPosChangesRows) {
  std::string table = std::string("odbc2_sp_") + GetParam();
  exec("DROP TABLE IF EXISTS " + table);
  exec("CREATE TABLE " + table + " (id int PRIMARY KEY, v varchar(10))");
  exec("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
  SQLFreeStmt(stmt_, SQL_CLOSE);
  ASSERT_EQ(SQLSetStmtOption(stmt_, SQL_CURSOR_TYPE, SQL_CURSOR_STATIC), SQL_SUCCESS) << error();
  ASSERT_EQ(SQLSetStmtOption(stmt_, SQL_CONCURRENCY, SQL_CONCUR_LOCK), SQL_SUCCESS) << error();
  ASSERT_EQ(SQLSetStmtOption(stmt_, SQL_USE_BOOKMARKS, SQL_UB_ON), SQL_SUCCESS) << error();
  ASSERT_EQ(SQLSetStmtOption(stmt_, SQL_ROWSET_SIZE, 2), SQL_SUCCESS) << error();
  exec("SELECT id, v FROM " + table + " ORDER BY id");
  UDWORD marks[2] = {0, 0};
  SDWORD ids[2];
  char vs[2][11];
  SQLLEN vInd[2];
  ASSERT_EQ(SQLBindCol(stmt_, 0, SQL_C_BOOKMARK, marks, sizeof marks[0], nullptr), SQL_SUCCESS) << error();
  ASSERT_EQ(SQLBindCol(stmt_, 1, SQL_C_LONG, ids, sizeof ids[0], nullptr), SQL_SUCCESS);
  ASSERT_EQ(SQLBindCol(stmt_, 2, SQL_C_CHAR, vs, sizeof vs[0], vInd), SQL_SUCCESS);
  SQLULEN fetched = 0;
  UWORD status[2];
  ASSERT_EQ(SQLExtendedFetch(stmt_, SQL_FETCH_NEXT, 0, &fetched, status), SQL_SUCCESS) << error();
  ASSERT_EQ(fetched, 2u);
  EXPECT_EQ(marks[0], 1u);
  EXPECT_EQ(marks[1], 2u);
  std::strcpy(vs[1], "bb");
  vInd[1] = SQL_NTS;
  ASSERT_EQ(SQLSetPos(stmt_, 2, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << error();
  EXPECT_EQ(status[1], SQL_ROW_UPDATED);
  ASSERT_EQ(SQLSetPos(stmt_, 1, SQL_DELETE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << error();
  EXPECT_EQ(status[0], SQL_ROW_DELETED);
  ids[0] = 10;
  std::strcpy(vs[0], "ten");
  vInd[0] = SQL_NTS;
  ASSERT_EQ(SQLSetPos(stmt_, 1, SQL_ADD, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << error();
  EXPECT_EQ(status[0], SQL_ROW_ADDED);
  // Fetch by bookmark: row 4 of the result.
  ASSERT_EQ(SQLExtendedFetch(stmt_, SQL_FETCH_BOOKMARK, 4, &fetched, status), SQL_SUCCESS) << error();
  EXPECT_EQ(fetched, 1u);
  EXPECT_EQ(ids[0], 4);
  EXPECT_EQ(status[1], SQL_ROW_NOROW);
  SQLFreeStmt(stmt_, SQL_UNBIND);
  exec("SELECT id, v FROM " + table + " ORDER BY id");
  std::string seen;
  while (SQLFetch(stmt_) == SQL_SUCCESS) {
    SDWORD id = 0;
    char v[11] = {0};
    SQLLEN ind = 0;
    SQLGetData(stmt_, 1, SQL_C_LONG, &id, sizeof id, &ind);
    SQLGetData(stmt_, 2, SQL_C_CHAR, v, sizeof v, &ind);
    seen += std::to_string(id) + "=" + v + " ";
  }
  EXPECT_EQ(seen, "2=bb 3=c 4=d 10=ten ");
  exec("DROP TABLE " + table);
}

TEST_P(Odbc2Test, TransactRollsBackAndCommits) {
  std::string table = std::string("odbc2_t_") + GetParam();
  exec("DROP TABLE IF EXISTS " + table);
  exec("CREATE TABLE " + table + " (id int PRIMARY KEY)");
  ASSERT_EQ(SQLSetConnectOption(dbc_, SQL_AUTOCOMMIT, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
  exec("INSERT INTO " + table + " VALUES (1)");
  ASSERT_EQ(SQLTransact(env_, dbc_, SQL_ROLLBACK), SQL_SUCCESS) << errorText(env_, dbc_, SQL_NULL_HSTMT);
  EXPECT_EQ(count(table), 0);
  ASSERT_EQ(SQLTransact(env_, dbc_, SQL_COMMIT), SQL_SUCCESS);
  exec("INSERT INTO " + table + " VALUES (2)");
  ASSERT_EQ(SQLTransact(env_, dbc_, SQL_COMMIT), SQL_SUCCESS) << errorText(env_, dbc_, SQL_NULL_HSTMT);
  EXPECT_EQ(count(table), 1);
  ASSERT_EQ(SQLTransact(env_, dbc_, SQL_COMMIT), SQL_SUCCESS);
  ASSERT_EQ(SQLSetConnectOption(dbc_, SQL_AUTOCOMMIT, SQL_AUTOCOMMIT_ON), SQL_SUCCESS);
  exec("DROP TABLE " + table);
}

TEST_P(Odbc2Test, ErrorsComeBackThroughSqlError) {
  RETCODE rc = SQLExecDirect(stmt_, (UCHAR*)"SELECT * FROM no_such_table_odbc2", SQL_NTS);
  EXPECT_EQ(rc, SQL_ERROR);
  std::string e = error();
  EXPECT_NE(e.find("no_such_table_odbc2"), std::string::npos) << e;
}

INSTANTIATE_TEST_SUITE_P(Servers, Odbc2Test, ::testing::Values("dsql_pg", "dsql_emu"));

}  // namespace
