// Data-at-execution columns in SQLSetPos(SQL_UPDATE / SQL_ADD) and SQLBulkOperations(SQL_ADD /
// SQL_UPDATE_BY_BOOKMARK), through the driver manager on PostgreSQL and the DSQL emulator: SQL_NEED_DATA, the
// SQLParamData token (the address of that row's element of the bound buffer), values sent in pieces, NULL
// through SQLPutData, fixed-size C types, rows and columns asked for in order, and SQLCancel abandoning the
// operation with the cursor still open.
#include <cstring>
#include <string>
#include <vector>

#include "setpos_fixture.h"

using namespace dsqltest;

namespace {

using setpos::kRows;

class SetPosDataTest : public setpos::SetPosFixture {
 protected:
  SetPosDataTest() { prefix_ = "spd_"; }
  // v is wide enough for the values sent in pieces.
  std::string table(const std::string& name) { return SetPosFixture::table(name, "id int PRIMARY KEY, v varchar(200), n int"); }
  void open(Stmt& s, const std::string& sql) {
    SetPosFixture::open(s, sql, SQL_CONCUR_LOCK, SQL_CURSOR_STATIC, SQL_UB_VARIABLE);
  }
  SQLRETURN putText(Stmt& s, const char* text) {
    return SQLPutData(s.h, const_cast<char*>(text), SQL_NTS);
  }
};

TEST_P(SetPosDataTest, SetPosUpdateTakesTheValueInPieces) {
  std::string t = table("update");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  std::strcpy(v_[1], "mine");  // the application's own mark, to recognise the column by
  vInd_[1] = SQL_LEN_DATA_AT_EXEC(0);
  nInd_[1] = SQL_COLUMN_IGNORE;
  ASSERT_EQ(SQLSetPos(s.h, 2, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_NEED_DATA) << s.diag();
  SQLPOINTER token = nullptr;
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA) << s.diag();
  EXPECT_EQ(token, static_cast<SQLPOINTER>(v_[1]));
  EXPECT_STREQ(static_cast<char*>(token), "mine");
  const std::string longer(150, 'x');  // longer than the bound buffer: data-at-execution is how it gets there
  ASSERT_ODBC_OK(putText(s, "first-"), s.diag());
  ASSERT_ODBC_OK(putText(s, longer.c_str()), s.diag());
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(status_[1], SQL_ROW_UPDATED);
  EXPECT_EQ(cell(t, 2, "v"), "first-" + longer);
  EXPECT_EQ(cell(t, 2, "n"), "20");
  EXPECT_EQ(cell(t, 1, "v"), "a");
  // The cursor is usable again, and a plain update needs no data.
  vInd_[0] = SQL_NTS;
  std::strcpy(v_[0], "plain");
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(cell(t, 1, "v"), "plain");
}

TEST_P(SetPosDataTest, WholeRowsetUpdateAsksRowByRowAndColumnByColumn) {
  std::string t = table("rowset");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  for (SQLULEN i = 0; i < kRows; ++i) {
    idInd_[i] = SQL_COLUMN_IGNORE;
    vInd_[i] = i == 1 ? SQL_NTS : SQL_DATA_AT_EXEC;  // row 2 sends its buffer as it is
    nInd_[i] = SQL_DATA_AT_EXEC;
  }
  std::strcpy(v_[1], "buffered");
  ASSERT_EQ(SQLSetPos(s.h, 0, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_NEED_DATA) << s.diag();
  std::vector<SQLPOINTER> tokens;
  SQLPOINTER token = nullptr;
  SQLRETURN rc;
  int k = 0;
  while ((rc = SQLParamData(s.h, &token)) == SQL_NEED_DATA) {
    tokens.push_back(token);
    if (token == static_cast<SQLPOINTER>(&n_[0])) {
      ASSERT_ODBC_OK(SQLPutData(s.h, nullptr, SQL_NULL_DATA), s.diag());
    } else if (token >= static_cast<SQLPOINTER>(n_) && token < static_cast<SQLPOINTER>(n_ + kRows)) {
      SQLINTEGER n = 1000 + k++;
      ASSERT_ODBC_OK(SQLPutData(s.h, &n, 0), s.diag());  // a fixed-size type: the length is ignored
    } else {
      ASSERT_ODBC_OK(putText(s, "piece"), s.diag());
    }
  }
  ASSERT_EQ(rc, SQL_SUCCESS) << s.diag();
  const std::vector<SQLPOINTER> expected = {v_[0], &n_[0], &n_[1], v_[2], &n_[2]};
  EXPECT_EQ(tokens, expected);
  for (SQLULEN i = 0; i < kRows; ++i) EXPECT_EQ(status_[i], SQL_ROW_UPDATED) << i;
  EXPECT_EQ(cell(t, 1, "v"), "piece");
  EXPECT_EQ(cell(t, 1, "n"), std::nullopt);
  EXPECT_EQ(cell(t, 2, "v"), "buffered");
  EXPECT_EQ(cell(t, 2, "n"), "1000");
  EXPECT_EQ(cell(t, 3, "n"), "1001");
}

TEST_P(SetPosDataTest, BulkAddAndUpdateByBookmark) {
  std::string t = table("bulk");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  unsigned char marks[kRows][4]{};
  SQLLEN markInd[kRows]{};
  ASSERT_ODBC_OK(SQLBindCol(s.h, 0, SQL_C_VARBOOKMARK, marks, sizeof marks[0], markInd), s.diag());
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_LAST, 0), s.diag());  // ids 3, 4, 5
  for (SQLULEN i = 0; i < kRows; ++i) {
    vInd_[i] = SQL_DATA_AT_EXEC;
    nInd_[i] = SQL_COLUMN_IGNORE;
    idInd_[i] = SQL_COLUMN_IGNORE;
  }
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_UPDATE_BY_BOOKMARK), SQL_NEED_DATA) << s.diag();
  SQLPOINTER token = nullptr;
  for (SQLULEN i = 0; i < kRows; ++i) {
    ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA) << s.diag();
    EXPECT_EQ(token, static_cast<SQLPOINTER>(v_[i]));
    ASSERT_ODBC_OK(putText(s, ("by-bookmark-" + std::to_string(i)).c_str()), s.diag());
  }
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(cell(t, 3, "v"), "by-bookmark-0");
  EXPECT_EQ(cell(t, 5, "v"), "by-bookmark-2");
  // SQL_ADD: the new rows' ids from the buffers, their texts at execution.
  for (SQLULEN i = 0; i < kRows; ++i) {
    id_[i] = static_cast<SQLINTEGER>(100 + i);
    idInd_[i] = 0;
  }
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_ADD), SQL_NEED_DATA) << s.diag();
  int asked = 0;
  while (SQLParamData(s.h, &token) == SQL_NEED_DATA) {
    ++asked;
    const auto row = (static_cast<char*>(token) - v_[0]) / static_cast<std::ptrdiff_t>(sizeof v_[0]);
    ASSERT_ODBC_OK(putText(s, ("added-" + std::to_string(row)).c_str()), s.diag());
  }
  EXPECT_EQ(asked, 3);
  for (SQLULEN i = 0; i < kRows; ++i) EXPECT_EQ(status_[i], SQL_ROW_ADDED) << i;
  EXPECT_EQ(cell(t, 100, "v"), "added-0");
  EXPECT_EQ(cell(t, 102, "v"), "added-2");
}

TEST_P(SetPosDataTest, CancelAbandonsTheOperationAndKeepsTheCursor) {
  std::string t = table("cancel");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  vInd_[0] = SQL_DATA_AT_EXEC;
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_NEED_DATA) << s.diag();
  // Nothing else runs on the statement meanwhile.
  EXPECT_EQ(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), SQL_ERROR);
  EXPECT_EQ(state(s), "HY010") << s.diag();
  SQLPOINTER token = nullptr;
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA) << s.diag();
  ASSERT_ODBC_OK(putText(s, "never"), s.diag());
  ASSERT_ODBC_OK(SQLCancel(s.h), s.diag());
  EXPECT_EQ(cell(t, 1, "v"), "a");
  // The cursor is where it was: the next rowset follows.
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  EXPECT_EQ(id_[0], 4);
  // A non-character value cannot come in pieces.
  nInd_[0] = SQL_DATA_AT_EXEC;
  vInd_[0] = SQL_COLUMN_IGNORE;
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_NEED_DATA) << s.diag();
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA) << s.diag();
  SQLINTEGER n = 5;
  ASSERT_ODBC_OK(SQLPutData(s.h, &n, sizeof n), s.diag());
  EXPECT_EQ(SQLPutData(s.h, &n, sizeof n), SQL_ERROR);
  EXPECT_EQ(state(s), "HY019") << s.diag();
  // A failed SQLPutData ends the operation (the driver manager is back in the cursor state).
  EXPECT_EQ(SQLParamData(s.h, &token), SQL_ERROR);
  EXPECT_EQ(cell(t, 4, "n"), "40");
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_NEED_DATA) << s.diag();
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA) << s.diag();
  EXPECT_EQ(token, static_cast<SQLPOINTER>(&n_[0]));
  ASSERT_ODBC_OK(SQLPutData(s.h, &n, sizeof n), s.diag());
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(cell(t, 4, "n"), "5");
}

INSTANTIATE_TEST_SUITE_P(Servers, SetPosDataTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
