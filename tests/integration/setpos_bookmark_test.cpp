// Bookmarks with positioned operations, through the driver manager on PostgreSQL and the DSQL emulator:
// variable and fixed bookmarks (column 0 bound and through SQLGetData, SQL_FETCH_BOOKMARK), SQL_UNBIND
// leaving column 0 bound, and SQLBulkOperations updating, deleting and fetching by bookmark.
#include <cstring>
#include <string>
#include <vector>

#include "setpos_fixture.h"

using namespace dsqltest;

namespace {

using setpos::kRows;
class SetPosBookmarkTest : public setpos::SetPosFixture {};

TEST_P(SetPosBookmarkTest, VariableBookmarks) {
  std::string t = table("bookmark");
  Stmt s(conn_);
  SQLSetStmtAttr(s.h, SQL_ATTR_USE_BOOKMARKS, reinterpret_cast<SQLPOINTER>(SQL_UB_VARIABLE), 0);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  SQLSMALLINT type = 0;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeCol(s.h, 0, nullptr, 0, nullptr, &type, &size, nullptr, nullptr), s.diag());
  EXPECT_EQ(type, SQL_BINARY);
  unsigned char marks[kRows][8]{};
  SQLLEN markInd[kRows]{};
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_VARBOOKMARK, marks, sizeof marks[0], markInd), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  EXPECT_EQ(id_[1], 5);
  ASSERT_GT(markInd[1], 0);
  std::vector<unsigned char> saved(marks[1], marks[1] + markInd[1]);  // the bookmark of id 5
  std::vector<unsigned char> first(marks[0], marks[0] + markInd[0]);  // of id 4
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_FIRST, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_FETCH_BOOKMARK_PTR, saved.data(), 0), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_BOOKMARK, 0), s.diag());
  EXPECT_EQ(fetched_, 1u);
  EXPECT_EQ(id_[0], 5);
  SQLSetStmtAttr(s.h, SQL_ATTR_FETCH_BOOKMARK_PTR, first.data(), 0);
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_BOOKMARK, -2), s.diag());  // two rows before id 4
  EXPECT_EQ(id_[0], 2);
  EXPECT_EQ(id_[2], 4);
  // SQLGetData of column 0 on a positioned row gives that row's bookmark.
  ASSERT_ODBC_OK(SQLSetPos(s.h, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  unsigned char got[8]{};
  SQLLEN gotInd = 0;
  ASSERT_ODBC_OK(SQLGetData(s.h, 0, SQL_C_VARBOOKMARK, got, sizeof got, &gotInd), s.diag());
  ASSERT_EQ(gotInd, static_cast<SQLLEN>(first.size()));
  EXPECT_EQ(std::memcmp(got, first.data(), first.size()), 0);
  // A bookmark that names no row.
  unsigned char bogus[4] = {0xff, 0xff, 0, 0};
  SQLSetStmtAttr(s.h, SQL_ATTR_FETCH_BOOKMARK_PTR, bogus, 0);
  EXPECT_EQ(SQLFetchScroll(s.h, SQL_FETCH_BOOKMARK, 0), SQL_ERROR);
  EXPECT_EQ(state(s), "HY111") << s.diag();
}

TEST_P(SetPosBookmarkTest, FixedBookmarksAndUnbind) {
  std::string t = table("fixed_bookmark");
  Stmt s(conn_);
  SQLSetStmtAttr(s.h, SQL_ATTR_USE_BOOKMARKS, reinterpret_cast<SQLPOINTER>(SQL_UB_FIXED), 0);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  SQLSMALLINT type = 0;
  ASSERT_ODBC_OK(SQLDescribeCol(s.h, 0, nullptr, 0, nullptr, &type, nullptr, nullptr, nullptr), s.diag());
  EXPECT_EQ(type, SQL_INTEGER);
  BOOKMARK marks[kRows]{};
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_BOOKMARK, marks, sizeof marks[0], nullptr), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 2), s.diag());
  EXPECT_EQ(id_[0], 2);
  EXPECT_EQ(marks[0], 2u);
  EXPECT_EQ(marks[2], 4u);
  // A bookmark column of another C type is refused.
  double wrong[kRows];
  EXPECT_EQ(SQLBindCol(s.h, 0, SQL_C_DOUBLE, wrong, 0, nullptr), SQL_ERROR);
  EXPECT_EQ(state(s), "07006") << s.diag();
  // SQL_UNBIND leaves column 0 bound (SQLFreeStmt reference); unbinding it takes a null SQLBindCol.
  ASSERT_ODBC_OK(SQLFreeStmt(s.h, SQL_UNBIND), s.diag());
  marks[0] = 999;
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_FIRST, 0), s.diag());
  EXPECT_EQ(marks[0], 1u);
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_BOOKMARK, nullptr, 0, nullptr), s.diag());
  marks[0] = 999;
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_FIRST, 0), s.diag());
  EXPECT_EQ(marks[0], 999u);
}

TEST_P(SetPosBookmarkTest, BulkUpdateAndDeleteByBookmark) {
  std::string t = table("by_bookmark");
  Stmt s(conn_);
  SQLSetStmtAttr(s.h, SQL_ATTR_USE_BOOKMARKS, reinterpret_cast<SQLPOINTER>(SQL_UB_VARIABLE), 0);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  unsigned char marks[kRows][4]{};
  SQLLEN markInd[kRows]{};
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_VARBOOKMARK, marks, sizeof marks[0], markInd), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_LAST, 0), s.diag());  // ids 3, 4, 5
  unsigned char keep[kRows][4];
  std::memcpy(keep, marks, sizeof keep);
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_FIRST, 0), s.diag());  // buffers now hold ids 1..3
  std::memcpy(marks, keep, sizeof keep);  // ... but the bookmarks say 3, 4, 5
  for (SQLULEN i = 0; i < kRows; ++i) {
    setV(i, "bm");
    nInd_[i] = SQL_COLUMN_IGNORE;
    idInd_[i] = SQL_COLUMN_IGNORE;
  }
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_UPDATE_BY_BOOKMARK), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(status_[0], SQL_ROW_UPDATED);
  auto rows = rowsOf(t);
  EXPECT_EQ(rows[1][1], "b");
  EXPECT_EQ(rows[2][1], "bm");
  EXPECT_EQ(rows[4][1], "bm");
  SQLUSMALLINT ops[kRows] = {SQL_ROW_IGNORE, SQL_ROW_PROCEED, SQL_ROW_IGNORE};
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_OPERATION_PTR, ops, 0);
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_DELETE_BY_BOOKMARK), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(status_[1], SQL_ROW_DELETED);
  EXPECT_EQ(cell(t, 4, "v"), "<no row>");
  EXPECT_EQ(rowsOf(t).size(), 4u);
  // Fetching by the same bookmarks reads the cursor's rows (a snapshot: the deleted row is still there).
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_OPERATION_PTR, nullptr, 0);
  for (SQLULEN i = 0; i < kRows; ++i) idInd_[i] = nInd_[i] = 0;
  ASSERT_ODBC_OK(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), s.diag());
  EXPECT_STREQ(v_[0], "c");
  EXPECT_EQ(id_[0], 3);
  EXPECT_EQ(id_[1], 4);
  EXPECT_EQ(id_[2], 5);
}

INSTANTIATE_TEST_SUITE_P(Servers, SetPosBookmarkTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
