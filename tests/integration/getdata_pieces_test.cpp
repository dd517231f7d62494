// SQLGetData in pieces: where a column read in part starts over. ODBC: the next piece continues the same
// column of the same row; the cursor moving (SQLFetch, SQLSetPos(SQL_POSITION)) or the application going
// to another column and coming back starts the column again from its first byte. On PostgreSQL and the
// DSQL emulator, streamed (forward-only) and static cursors.
#include <cstring>
#include <string>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class GetDataPiecesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  // One piece of column `col` into a buffer of `size` bytes: the text, or "<no data>" at SQL_NO_DATA.
  static std::string piece(Stmt& s, SQLUSMALLINT col, SQLLEN size) {
    char buf[64] = {};
    SQLLEN ind = 0;
    SQLRETURN rc = SQLGetData(s.h, col, SQL_C_CHAR, buf, size, &ind);
    if (rc == SQL_NO_DATA) return "<no data>";
    EXPECT_TRUE(SQL_SUCCEEDED(rc)) << s.diag();
    return buf;
  }
  Conn conn_;
};

const char* kTwoRows =
    "SELECT v, w FROM (VALUES (1, 'abcdefgh', 'xyz'), (2, 'ijklmnop', 'uvw')) AS t(k, v, w) ORDER BY k";

TEST_P(GetDataPiecesTest, TheNextRowStartsOver) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLExecDirect(s.h, (SQLCHAR*)kTwoRows, SQL_NTS), s.diag());
  ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  EXPECT_EQ(piece(s, 1, 4), "abc");
  ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  EXPECT_EQ(piece(s, 1, 4), "ijk");
  EXPECT_EQ(piece(s, 1, 4), "lmn");
  EXPECT_EQ(piece(s, 1, 4), "op");
  EXPECT_EQ(piece(s, 1, 4), "<no data>");
}

TEST_P(GetDataPiecesTest, AnotherColumnAndBackStartsOver) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLExecDirect(s.h, (SQLCHAR*)kTwoRows, SQL_NTS), s.diag());
  ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  EXPECT_EQ(piece(s, 1, 4), "abc");
  EXPECT_EQ(piece(s, 2, 2), "x");
  EXPECT_EQ(piece(s, 1, 64), "abcdefgh");
  EXPECT_EQ(piece(s, 1, 64), "<no data>");
  EXPECT_EQ(piece(s, 2, 64), "xyz");  // column 2 was left in part, then left: it starts over too
}

TEST_P(GetDataPiecesTest, PositioningStartsOver) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER)SQL_CURSOR_STATIC, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)2, 0), s.diag());
  ASSERT_ODBC_OK(SQLExecDirect(s.h, (SQLCHAR*)kTwoRows, SQL_NTS), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetPos(s.h, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(piece(s, 1, 4), "abc");
  ASSERT_ODBC_OK(SQLSetPos(s.h, 2, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(piece(s, 1, 4), "ijk");
  ASSERT_ODBC_OK(SQLSetPos(s.h, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(piece(s, 1, 64), "abcdefgh");
  // Fetching the same rowset again (an absolute scroll) starts over as well.
  ASSERT_ODBC_OK(SQLSetPos(s.h, 2, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(piece(s, 1, 4), "ijk");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 1), s.diag());
  ASSERT_ODBC_OK(SQLSetPos(s.h, 2, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(piece(s, 1, 64), "ijklmnop");
}

INSTANTIATE_TEST_SUITE_P(Servers, GetDataPiecesTest,
                         ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)));

}  // namespace
