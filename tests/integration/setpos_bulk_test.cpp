// SQLBulkOperations(SQL_FETCH_BY_BOOKMARK) and the bookmark column as descriptor record 0, through the driver
// manager on PostgreSQL and the DSQL emulator: rows fetched by the bookmarks in the bound column 0 (variable
// and fixed bookmarks), their row statuses and count, SQL_COLUMN_IGNORE, an invalid bookmark failing its row
// only, the cursor position afterwards and the refusals; SQLBindCol(0) seen through SQLGetDescField /
// SQLGetDescRec on the ARD's record 0, SQLSetDescField(record 0) binding it, SQL_UNBIND leaving it bound, the
// IRD's record 0 and the parameter descriptors' lack of one.
#include <cstring>
#include <string>
#include <vector>

#include "setpos_fixture.h"

using namespace dsqltest;

namespace {

using setpos::kRows;

class SetPosBulkTest : public setpos::SetPosFixture {
 protected:
  SetPosBulkTest() { prefix_ = "spb_"; }
  // Bookmarks `useBookmarks` (variable unless said otherwise) on the fixture's static, updatable cursor.
  void open(Stmt& s, const std::string& sql, SQLULEN useBookmarks = SQL_UB_VARIABLE,
            SQLULEN cursor = SQL_CURSOR_STATIC) {
    SetPosFixture::open(s, sql, SQL_CONCUR_LOCK, cursor, useBookmarks);
  }
  SQLHDESC desc(Stmt& s, SQLINTEGER which) {
    SQLHDESC d = SQL_NULL_HDESC;
    EXPECT_ODBC_OK(SQLGetStmtAttr(s.h, which, &d, 0, nullptr), s.diag());
    return d;
  }
};

TEST_P(SetPosBulkTest, FetchByBookmarkFillsTheRowsetFromTheBookmarks) {
  std::string t = table("fetch");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  unsigned char marks[kRows][4]{};
  SQLLEN markInd[kRows]{};
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_VARBOOKMARK, marks, sizeof marks[0], markInd), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_LAST, 0), s.diag());  // ids 3, 4, 5
  unsigned char of5[4], of3[4];
  std::memcpy(of5, marks[2], 4);
  std::memcpy(of3, marks[0], 4);
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_FIRST, 0), s.diag());
  unsigned char of1[4];
  std::memcpy(of1, marks[0], 4);
  // Ask for ids 5, 1, 3 in that order; the buffers hold 1, 2, 3 before.
  std::memcpy(marks[0], of5, 4);
  std::memcpy(marks[1], of1, 4);
  std::memcpy(marks[2], of3, 4);
  std::memset(v_, 0, sizeof v_);
  nInd_[1] = SQL_COLUMN_IGNORE;  // not fetched: n_[1] keeps what it had
  n_[1] = -7;
  fetched_ = 99;
  std::fill(std::begin(status_), std::end(status_), SQLUSMALLINT{0xFFFF});
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(fetched_, kRows);
  for (SQLULEN i = 0; i < kRows; ++i) EXPECT_EQ(status_[i], SQL_ROW_SUCCESS) << i;
  EXPECT_EQ(id_[0], 5);
  EXPECT_STREQ(v_[0], "e");
  EXPECT_EQ(n_[0], 50);
  EXPECT_EQ(id_[1], 1);
  EXPECT_STREQ(v_[1], "a");
  EXPECT_EQ(n_[1], -7);
  EXPECT_EQ(nInd_[1], SQL_COLUMN_IGNORE);
  EXPECT_EQ(id_[2], 3);
  EXPECT_EQ(vInd_[2], 1);
  // The bookmarks stay as the application wrote them.
  EXPECT_EQ(std::memcmp(marks[0], of5, 4), 0);
  // The cursor has no position now: SQLGetData and SQLSetPos refuse until a fetch sets one.
  EXPECT_EQ(SQLSetPos(s.h, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR);
  EXPECT_EQ(state(s), "24000") << s.diag();
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 2), s.diag());
  EXPECT_EQ(id_[0], 2);
  EXPECT_EQ(id_[2], 4);
}

TEST_P(SetPosBulkTest, FetchByBookmarkReportsEachRow) {
  std::string t = table("fetch_rows");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id", SQL_UB_FIXED);
  BOOKMARK marks[kRows] = {4, 999, 2};  // fixed bookmarks: row numbers; 999 names no row
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_BOOKMARK, marks, sizeof marks[0], nullptr), s.diag());
  std::fill(std::begin(status_), std::end(status_), SQLUSMALLINT{0xFFFF});
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_SUCCESS_WITH_INFO) << s.diag();
  EXPECT_EQ(status_[0], SQL_ROW_SUCCESS);
  EXPECT_EQ(status_[1], SQL_ROW_ERROR);
  EXPECT_EQ(status_[2], SQL_ROW_SUCCESS);
  EXPECT_EQ(id_[0], 4);
  EXPECT_STREQ(v_[0], "d");
  EXPECT_EQ(id_[2], 2);
  EXPECT_EQ(fetched_, kRows);
  std::string d = s.diag();
  EXPECT_NE(d.find("HY111"), std::string::npos) << d;
  EXPECT_NE(d.find("01S01"), std::string::npos) << d;
  // A value that does not fit its buffer: that row succeeds with information (01004).
  char small[kRows][1]{};
  SQLLEN smallInd[kRows]{};
  SQLBindCol(s.h, 2, SQL_C_CHAR, small, sizeof small[0], smallInd);
  marks[1] = 3;
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_SUCCESS_WITH_INFO) << s.diag();
  for (SQLULEN i = 0; i < kRows; ++i) EXPECT_EQ(status_[i], SQL_ROW_SUCCESS_WITH_INFO) << i;
  EXPECT_EQ(smallInd[1], 1);
  EXPECT_EQ(id_[1], 3);
  d = s.diag();
  EXPECT_NE(d.find("01004"), std::string::npos) << d;
  // Every bookmark wrong: the call fails.
  marks[0] = marks[1] = marks[2] = 0;
  EXPECT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_ERROR);
}

TEST_P(SetPosBulkTest, FetchByBookmarkRefusals) {
  std::string t = table("fetch_refuse");
  {
    Stmt s(conn_);  // bookmarks off
    open(s, "SELECT id, v, n FROM " + t + " ORDER BY id", SQL_UB_OFF);
    EXPECT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_ERROR);
    EXPECT_EQ(state(s), "HY092") << s.diag();
  }
  {
    Stmt s(conn_);  // bookmarks on, column 0 not bound
    open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
    EXPECT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_ERROR);
    EXPECT_EQ(state(s), "HY092") << s.diag();
    EXPECT_NE(s.diag().find("column 0"), std::string::npos) << s.diag();
  }
  {
    Stmt s(conn_);  // forward-only cursor
    open(s, "SELECT id, v, n FROM " + t + " ORDER BY id", SQL_UB_VARIABLE, SQL_CURSOR_FORWARD_ONLY);
    unsigned char marks[kRows][4]{};
    SQLLEN markInd[kRows]{};
    ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_VARBOOKMARK, marks, sizeof marks[0], markInd), s.diag());
    EXPECT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_ERROR);
    EXPECT_EQ(state(s), "HYC00") << s.diag();
    EXPECT_NE(s.diag().find("SQL_CURSOR_STATIC"), std::string::npos) << s.diag();
  }
  SQLUINTEGER v = 0;
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_STATIC_CURSOR_ATTRIBUTES1, &v, sizeof v, nullptr), conn_.diag());
  EXPECT_NE(v & SQL_CA1_BULK_FETCH_BY_BOOKMARK, 0u);
}

TEST_P(SetPosBulkTest, BookmarkBindingIsArdRecordZero) {
  std::string t = table("ard0");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  unsigned char marks[kRows][8]{};
  SQLLEN markInd[kRows]{};
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_VARBOOKMARK, marks, sizeof marks[0], markInd), s.diag());
  SQLHDESC ard = desc(s, SQL_ATTR_APP_ROW_DESC);
  SQLPOINTER p = nullptr;
  ASSERT_ODBC_OK(SQLGetDescField(ard, 0, SQL_DESC_DATA_PTR, &p, 0, nullptr), diagnostics(SQL_HANDLE_DESC, ard));
  EXPECT_EQ(p, static_cast<SQLPOINTER>(marks));
  ASSERT_ODBC_OK(SQLGetDescField(ard, 0, SQL_DESC_INDICATOR_PTR, &p, 0, nullptr), diagnostics(SQL_HANDLE_DESC, ard));
  EXPECT_EQ(p, static_cast<SQLPOINTER>(markInd));
  SQLSMALLINT type = 0, concise = 0, count = -1;
  SQLLEN octets = 0;
  SQLGetDescField(ard, 0, SQL_DESC_TYPE, &type, 0, nullptr);
  SQLGetDescField(ard, 0, SQL_DESC_CONCISE_TYPE, &concise, 0, nullptr);
  SQLGetDescField(ard, 0, SQL_DESC_OCTET_LENGTH, &octets, 0, nullptr);
  EXPECT_EQ(type, SQL_C_VARBOOKMARK);
  EXPECT_EQ(concise, SQL_C_VARBOOKMARK);
  EXPECT_EQ(octets, static_cast<SQLLEN>(sizeof marks[0]));
  SQLGetDescField(ard, 0, SQL_DESC_COUNT, &count, 0, nullptr);
  EXPECT_EQ(count, 3);  // record 0 is not counted
  SQLSMALLINT recType = 0, sub = 0, prec = 0, scale = 0, nullable = 0;
  SQLLEN recLen = 0;
  ASSERT_ODBC_OK(SQLGetDescRec(ard, 0, nullptr, 0, nullptr, &recType, &sub, &recLen, &prec, &scale, &nullable),
                 diagnostics(SQL_HANDLE_DESC, ard));
  EXPECT_EQ(recType, SQL_C_VARBOOKMARK);
  EXPECT_EQ(recLen, static_cast<SQLLEN>(sizeof marks[0]));
  // The IRD describes the bookmark column as record 0; parameter descriptors have no record 0.
  SQLHDESC ird = desc(s, SQL_ATTR_IMP_ROW_DESC);
  ASSERT_ODBC_OK(SQLGetDescField(ird, 0, SQL_DESC_TYPE, &type, 0, nullptr), diagnostics(SQL_HANDLE_DESC, ird));
  EXPECT_EQ(type, SQL_BINARY);
  SQLHDESC apd = desc(s, SQL_ATTR_APP_PARAM_DESC);
  EXPECT_EQ(SQLGetDescField(apd, 0, SQL_DESC_TYPE, &type, 0, nullptr), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DESC, apd), "07009");
  // SQL_UNBIND leaves the bookmark column bound (SQLFreeStmt reference).
  ASSERT_ODBC_OK(SQLFreeStmt(s.h, SQL_UNBIND), s.diag());
  ASSERT_ODBC_OK(SQLGetDescField(ard, 0, SQL_DESC_DATA_PTR, &p, 0, nullptr), diagnostics(SQL_HANDLE_DESC, ard));
  EXPECT_EQ(p, static_cast<SQLPOINTER>(marks));
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 3), s.diag());
  SQLUINTEGER number = 0;
  std::memcpy(&number, marks[1], sizeof number);
  EXPECT_EQ(number, 4u);  // the bookmark of the rowset's second row, row 4
  EXPECT_EQ(markInd[1], 4);
  // Setting DATA_PTR to NULL through the ARD unbinds it.
  ASSERT_ODBC_OK(SQLSetDescField(ard, 0, SQL_DESC_DATA_PTR, nullptr, 0), diagnostics(SQL_HANDLE_DESC, ard));
  SQLSetDescField(ard, 0, SQL_DESC_INDICATOR_PTR, nullptr, 0);
  SQLSetDescField(ard, 0, SQL_DESC_OCTET_LENGTH_PTR, nullptr, 0);
  std::memset(marks, 0xEE, sizeof marks);
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_FIRST, 0), s.diag());
  EXPECT_EQ(marks[0][0], 0xEE);
}

TEST_P(SetPosBulkTest, SetDescFieldOnRecordZeroBindsTheBookmark) {
  std::string t = table("setdesc0");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id", SQL_UB_FIXED);
  SQLHDESC ard = desc(s, SQL_ATTR_APP_ROW_DESC);
  BOOKMARK marks[kRows]{};  // SQL_C_BOOKMARK's C type
  SQLLEN markInd[kRows]{};
  const std::string where = diagnostics(SQL_HANDLE_DESC, ard);
  ASSERT_ODBC_OK(SQLSetDescField(ard, 0, SQL_DESC_TYPE, reinterpret_cast<SQLPOINTER>(SQL_C_BOOKMARK), 0), where);
  ASSERT_ODBC_OK(SQLSetDescField(ard, 0, SQL_DESC_OCTET_LENGTH, reinterpret_cast<SQLPOINTER>(sizeof marks[0]), 0), where);
  ASSERT_ODBC_OK(SQLSetDescField(ard, 0, SQL_DESC_INDICATOR_PTR, markInd, 0), where);
  ASSERT_ODBC_OK(SQLSetDescField(ard, 0, SQL_DESC_DATA_PTR, marks, 0), where);
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 2), s.diag());
  EXPECT_EQ(marks[0], 2u);
  EXPECT_EQ(marks[2], 4u);
  EXPECT_EQ(markInd[0], static_cast<SQLLEN>(sizeof(BOOKMARK)));
  // ... and serves the bookmark operations: fetch rows 5 and 1.
  marks[0] = 5;
  marks[1] = 1;
  marks[2] = 5;
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_FETCH_BY_BOOKMARK), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(id_[0], 5);
  EXPECT_EQ(id_[1], 1);
  // A bookmark record takes bookmark types only.
  EXPECT_EQ(SQLSetDescField(ard, 0, SQL_DESC_CONCISE_TYPE, reinterpret_cast<SQLPOINTER>(SQL_C_DOUBLE), 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DESC, ard), "HY021");
}

INSTANTIATE_TEST_SUITE_P(Servers, SetPosBulkTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
