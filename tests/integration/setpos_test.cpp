// Positioned operations through the driver manager, on PostgreSQL and the DSQL emulator: SQLSetPos
// (position, refresh, update, delete, add) and SQLBulkOperations(SQL_ADD) on a static
// cursor over one keyed table, with row-status and row-operation arrays, SQL_COLUMN_IGNORE, the cursor
// operation conflict (01001), manual-commit rollback, the SQLGetInfo/SQLGetFunctions answers, and each
// refusal's SQLSTATE. Bookmarks: setpos_bookmark_test.cpp, setpos_bulk_test.cpp.
#include <cstring>
#include <string>
#include <vector>

#include "setpos_fixture.h"

using namespace dsqltest;

namespace {

using setpos::kRows;
class SetPosTest : public setpos::SetPosFixture {};

TEST_P(SetPosTest, PositionPicksTheRowForGetData) {
  std::string t = table("position");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  char buf[21];
  SQLLEN ind = 0;
  // A block cursor needs a row picked first.
  EXPECT_EQ(SQLGetData(s.h, 2, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_ERROR);
  EXPECT_EQ(state(s), "HYC00") << s.diag();
  ASSERT_ODBC_OK(SQLSetPos(s.h, 2, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  ASSERT_ODBC_OK(SQLGetData(s.h, 2, SQL_C_CHAR, buf, sizeof buf, &ind), s.diag());
  EXPECT_STREQ(buf, "b");
  ASSERT_ODBC_OK(SQLSetPos(s.h, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE), s.diag());
  ASSERT_ODBC_OK(SQLGetData(s.h, 1, SQL_C_CHAR, buf, sizeof buf, &ind), s.diag());
  EXPECT_STREQ(buf, "3");
  EXPECT_EQ(SQLSetPos(s.h, 4, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR);
  EXPECT_EQ(state(s), "HY107") << s.diag();
  EXPECT_EQ(SQLSetPos(s.h, 0, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR);
  EXPECT_EQ(state(s), "HY109") << s.diag();
  // The last rowset holds two rows: row 3 is past its end.
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  EXPECT_EQ(fetched_, 2u);
  EXPECT_EQ(SQLSetPos(s.h, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR);
  EXPECT_EQ(state(s), "HY107") << s.diag();
}

TEST_P(SetPosTest, UpdateOneRowHonoursColumnIgnore) {
  std::string t = table("update");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  setV(1, "bee");
  n_[1] = 999;
  nInd_[1] = SQL_COLUMN_IGNORE;  // n keeps its value
  status_[1] = 0xFFFF;
  ASSERT_EQ(SQLSetPos(s.h, 2, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(status_[1], SQL_ROW_UPDATED);
  EXPECT_EQ(cell(t, 2, "v"), "bee");
  EXPECT_EQ(cell(t, 2, "n"), "20");
  EXPECT_EQ(cell(t, 1, "v"), "a");  // only the row asked for
  // NULL through the indicator.
  vInd_[0] = SQL_NULL_DATA;
  nInd_[0] = SQL_COLUMN_IGNORE;
  ASSERT_ODBC_OK(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(cell(t, 1, "v"), std::nullopt);
  // Every column ignored: nothing to update.
  idInd_[2] = vInd_[2] = nInd_[2] = SQL_COLUMN_IGNORE;
  EXPECT_EQ(SQLSetPos(s.h, 3, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_ERROR);
  EXPECT_EQ(state(s), "21S02") << s.diag();
  EXPECT_EQ(status_[2], SQL_ROW_ERROR);
}

TEST_P(SetPosTest, ExpressionColumnsAreReadOnly) {
  std::string t = table("expression");
  Stmt s(conn_);
  open(s, "SELECT id, v, n + 1 AS n1 FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  EXPECT_EQ(n_[0], 11);
  setV(0, "expr");
  n_[0] = 5000;  // bound, but an expression: not written
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(cell(t, 1, "v"), "expr");
  EXPECT_EQ(cell(t, 1, "n"), "10");
}

TEST_P(SetPosTest, UpdateWholeRowsetSkipsIgnoredRows) {
  std::string t = table("update_all");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  SQLUSMALLINT ops[kRows] = {SQL_ROW_PROCEED, SQL_ROW_IGNORE, SQL_ROW_PROCEED};
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_OPERATION_PTR, ops, 0);
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  for (SQLULEN i = 0; i < kRows; ++i) {
    setV(i, ("new" + std::to_string(i + 1)).c_str());
    n_[i] = 7;
    status_[i] = 0xFFFF;
  }
  ASSERT_EQ(SQLSetPos(s.h, 0, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(status_[0], SQL_ROW_UPDATED);
  EXPECT_EQ(status_[1], 0xFFFF);  // ignored: untouched
  EXPECT_EQ(status_[2], SQL_ROW_UPDATED);
  auto rows = rowsOf(t);
  EXPECT_EQ(rows[0][1], "new1");
  EXPECT_EQ(rows[1][1], "b");
  EXPECT_EQ(rows[2][1], "new3");
  EXPECT_EQ(rows[2][2], "7");
  EXPECT_EQ(rows[3][1], "d");
}

TEST_P(SetPosTest, DeleteRowThenItIsGone) {
  std::string t = table("delete");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  ASSERT_EQ(SQLSetPos(s.h, 3, SQL_DELETE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(status_[2], SQL_ROW_DELETED);
  EXPECT_EQ(cell(t, 3, "v"), "<no row>");
  EXPECT_EQ(rowsOf(t).size(), 4u);
  // A deleted row of this rowset cannot be changed again.
  EXPECT_EQ(SQLSetPos(s.h, 3, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_ERROR);
  EXPECT_EQ(state(s), "HY109") << s.diag();
}

TEST_P(SetPosTest, RowChangedElsewhereIsACursorConflict) {
  std::string t = table("conflict");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  {
    Stmt other(conn_);
    ASSERT_ODBC_OK(other.exec("DELETE FROM " + t + " WHERE id = 1"), other.diag());
    ASSERT_ODBC_OK(other.exec("UPDATE " + t + " SET id = 20 WHERE id = 2"), other.diag());
  }
  setV(0, "lost");
  EXPECT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(state(s), "01001") << s.diag();
  EXPECT_EQ(status_[0], SQL_ROW_ERROR);
  EXPECT_EQ(SQLSetPos(s.h, 2, SQL_DELETE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(state(s), "01001") << s.diag();
  EXPECT_EQ(cell(t, 20, "v"), "b");  // the moved row is untouched
}

TEST_P(SetPosTest, WholeRowsetWithOneConflictReportsThatRow) {
  std::string t = table("rowset_conflict");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  {
    Stmt other(conn_);
    ASSERT_ODBC_OK(other.exec("DELETE FROM " + t + " WHERE id = 2"), other.diag());
  }
  ASSERT_EQ(SQLSetPos(s.h, 0, SQL_DELETE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS_WITH_INFO);
  EXPECT_NE(s.diag().find("01001"), std::string::npos) << s.diag();
  EXPECT_EQ(status_[0], SQL_ROW_DELETED);
  EXPECT_EQ(status_[1], SQL_ROW_ERROR);
  EXPECT_EQ(status_[2], SQL_ROW_DELETED);
  EXPECT_EQ(rowsOf(t).size(), 2u);
  // Refreshing keeps the deleted rows deleted; the other one reloads.
  ASSERT_ODBC_OK(SQLSetPos(s.h, 0, SQL_REFRESH, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(status_[0], SQL_ROW_DELETED);
  EXPECT_EQ(status_[1], SQL_ROW_SUCCESS);
  EXPECT_EQ(status_[2], SQL_ROW_DELETED);
}

TEST_P(SetPosTest, UpdatedKeyFindsTheRowAgain) {
  std::string t = table("rekey");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  id_[0] = 77;
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(cell(t, 77, "v"), "a");
  setV(0, "moved");
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(cell(t, 77, "v"), "moved");
  ASSERT_EQ(SQLSetPos(s.h, 1, SQL_DELETE, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(cell(t, 77, "v"), "<no row>");
}

TEST_P(SetPosTest, RefreshReloadsTheBuffers) {
  std::string t = table("refresh");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  setV(0, "scribble");
  setV(2, "scribble");
  n_[2] = -1;
  ASSERT_EQ(SQLSetPos(s.h, 0, SQL_REFRESH, SQL_LOCK_NO_CHANGE), SQL_SUCCESS) << s.diag();
  EXPECT_STREQ(v_[0], "a");
  EXPECT_STREQ(v_[2], "c");
  EXPECT_EQ(n_[2], 30);
  EXPECT_EQ(status_[2], SQL_ROW_SUCCESS);
  EXPECT_EQ(rowsOf(t)[0][1], "a");  // nothing written
}

TEST_P(SetPosTest, BulkAddInsertsTheRowset) {
  std::string t = table("add");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  SQLUSMALLINT ops[kRows] = {SQL_ROW_PROCEED, SQL_ROW_PROCEED, SQL_ROW_IGNORE};
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_OPERATION_PTR, ops, 0);
  for (SQLULEN i = 0; i < kRows; ++i) {
    id_[i] = static_cast<SQLINTEGER>(100 + i);
    idInd_[i] = 0;
    setV(i, ("added" + std::to_string(i)).c_str());
    nInd_[i] = SQL_COLUMN_IGNORE;  // left to its default (NULL)
  }
  ASSERT_EQ(SQLBulkOperations(s.h, SQL_ADD), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(status_[0], SQL_ROW_ADDED);
  EXPECT_EQ(status_[1], SQL_ROW_ADDED);
  EXPECT_EQ(cell(t, 100, "v"), "added0");
  EXPECT_EQ(cell(t, 101, "n"), std::nullopt);
  EXPECT_EQ(cell(t, 102, "v"), "<no row>");
  // A duplicate key fails that row only; the other row is still added.
  ops[2] = SQL_ROW_PROCEED;
  id_[0] = 1;  // exists
  id_[1] = 200;
  id_[2] = 201;
  EXPECT_EQ(SQLBulkOperations(s.h, SQL_ADD), SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(status_[0], SQL_ROW_ERROR);
  EXPECT_EQ(status_[1], SQL_ROW_ADDED);
  EXPECT_EQ(status_[2], SQL_ROW_ADDED);
  EXPECT_NE(s.diag().find("23505"), std::string::npos) << s.diag();
  EXPECT_EQ(rowsOf(t).size(), 9u);
}

TEST_P(SetPosTest, ManualCommitRollsPositionedChangesBack) {
  std::string t = table("manual");
  ASSERT_ODBC_OK(SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0),
                 conn_.diag());
  {
    Stmt s(conn_);
    open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
    ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
    setV(0, "gone");
    ASSERT_ODBC_OK(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), s.diag());
    ASSERT_ODBC_OK(SQLSetPos(s.h, 2, SQL_DELETE, SQL_LOCK_NO_CHANGE), s.diag());
    EXPECT_EQ(cell(t, 1, "v"), "gone");  // visible inside the transaction
  }
  ASSERT_ODBC_OK(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK), conn_.diag());
  EXPECT_EQ(cell(t, 1, "v"), "a");
  EXPECT_EQ(cell(t, 2, "v"), "b");
  SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), 0);
}

TEST_P(SetPosTest, UniqueNotNullKeyServesWhenThereIsNoPrimaryKey) {
  std::string t = table("unique", "id int NOT NULL UNIQUE, v varchar(20), n int");
  Stmt s(conn_);
  open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
  ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
  setV(0, "uniq");
  ASSERT_ODBC_OK(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), s.diag());
  EXPECT_EQ(cell(t, 1, "v"), "uniq");
}

TEST_P(SetPosTest, RefusalsNameTheirReason) {
  std::string t = table("refuse");
  {
    Stmt s(conn_);  // read-only concurrency
    open(s, "SELECT id, v, n FROM " + t + " ORDER BY id", SQL_CONCUR_READ_ONLY);
    EXPECT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_ERROR);  // before any fetch
    EXPECT_EQ(state(s), "24000") << s.diag();
    ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
    EXPECT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_ERROR);
    EXPECT_EQ(state(s), "HY092") << s.diag();
    EXPECT_NE(s.diag().find("SQL_CONCUR_LOCK"), std::string::npos) << s.diag();
    EXPECT_EQ(SQLBulkOperations(s.h, SQL_ADD), SQL_ERROR);
    EXPECT_EQ(state(s), "HY092") << s.diag();
    EXPECT_ODBC_OK(SQLSetPos(s.h, 1, SQL_REFRESH, SQL_LOCK_NO_CHANGE), s.diag());  // reading is fine
    EXPECT_EQ(SQLSetPos(s.h, 1, SQL_REFRESH, SQL_LOCK_EXCLUSIVE), SQL_ERROR);
    EXPECT_EQ(state(s), "HYC00") << s.diag();
  }
  {
    Stmt s(conn_);  // forward-only
    open(s, "SELECT id, v, n FROM " + t + " ORDER BY id", SQL_CONCUR_LOCK, SQL_CURSOR_FORWARD_ONLY);
    ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
    EXPECT_EQ(SQLSetPos(s.h, 1, SQL_DELETE, SQL_LOCK_NO_CHANGE), SQL_ERROR);
    EXPECT_EQ(state(s), "HYC00") << s.diag();
    EXPECT_NE(s.diag().find("SQL_CURSOR_STATIC"), std::string::npos) << s.diag();
    EXPECT_EQ(rowsOf(t).size(), 5u);
  }
  std::string noKey = table("nokey", "id int, v varchar(20), n int");
  struct Case { std::string sql, needle; };
  Stmt mk(conn_);
  mk.exec("DROP TABLE IF EXISTS sp_refuse_other");
  ASSERT_ODBC_OK(mk.exec("CREATE TABLE sp_refuse_other (id int PRIMARY KEY, v varchar(20))"), mk.diag());
  ASSERT_ODBC_OK(mk.exec("INSERT INTO sp_refuse_other VALUES (1, 'x'), (2, 'y')"), mk.diag());
  for (const Case& c : {Case{"SELECT a.id, b.v, a.n FROM " + t + " a JOIN sp_refuse_other b ON a.id = b.id ORDER BY a.id",
                             "more than one table"},
                        Case{"SELECT id, v, n FROM " + noKey + " ORDER BY id", "no primary key"},
                        Case{"SELECT 1 + id, v, n FROM " + t + " ORDER BY id", "no primary key"},
                        Case{"SELECT id + 0, v || '', n * 1 FROM " + t + " ORDER BY 1", "expressions"}}) {
    Stmt s(conn_);
    open(s, c.sql);
    ASSERT_ODBC_OK(SQLFetchScroll(s.h, SQL_FETCH_NEXT, 0), s.diag());
    setV(0, "never");
    EXPECT_EQ(SQLSetPos(s.h, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_ERROR) << c.sql;
    EXPECT_EQ(state(s), "HYC00") << s.diag();
    EXPECT_NE(s.diag().find(c.needle), std::string::npos) << s.diag();
  }
  EXPECT_EQ(cell(t, 1, "v"), "a");
  {
    Stmt s(conn_);  // bookmarks off
    open(s, "SELECT id, v, n FROM " + t + " ORDER BY id");
    SQLINTEGER mark = 1;
    EXPECT_EQ(SQLBindCol(s.h, 0, SQL_C_VARBOOKMARK, &mark, sizeof mark, nullptr), SQL_ERROR);
    EXPECT_EQ(state(s), "07009") << s.diag();
    EXPECT_EQ(SQLBulkOperations(s.h, SQL_UPDATE_BY_BOOKMARK), SQL_ERROR);
    EXPECT_EQ(state(s), "HY092") << s.diag();
  }
}

TEST_P(SetPosTest, InfoAndFunctionsTellTheTruth) {
  SQLUSMALLINT exists = SQL_FALSE;
  ASSERT_ODBC_OK(SQLGetFunctions(conn_.h, SQL_API_SQLSETPOS, &exists), conn_.diag());
  EXPECT_EQ(exists, SQL_TRUE);
  ASSERT_ODBC_OK(SQLGetFunctions(conn_.h, SQL_API_SQLBULKOPERATIONS, &exists), conn_.diag());
  EXPECT_EQ(exists, SQL_TRUE);
  SQLUINTEGER v = 0;
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_POS_OPERATIONS, &v, sizeof v, nullptr), conn_.diag());
  EXPECT_EQ(v, static_cast<SQLUINTEGER>(SQL_POS_POSITION | SQL_POS_REFRESH | SQL_POS_UPDATE | SQL_POS_DELETE | SQL_POS_ADD));
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_STATIC_CURSOR_ATTRIBUTES1, &v, sizeof v, nullptr), conn_.diag());
  EXPECT_NE(v & SQL_CA1_POS_UPDATE, 0u);
  EXPECT_NE(v & SQL_CA1_BULK_ADD, 0u);
  EXPECT_NE(v & SQL_CA1_BOOKMARK, 0u);
  EXPECT_NE(v & SQL_CA1_BULK_FETCH_BY_BOOKMARK, 0u);
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_KEYSET_CURSOR_ATTRIBUTES1, &v, sizeof v, nullptr), conn_.diag());
  EXPECT_EQ(v, 0u);
  ASSERT_ODBC_OK(SQLGetInfo(conn_.h, SQL_BOOKMARK_PERSISTENCE, &v, sizeof v, nullptr), conn_.diag());
  EXPECT_NE(v & SQL_BP_SCROLL, 0u);
  // Concurrency: optimistic modes become SQL_CONCUR_LOCK, with 01S02.
  Stmt s(conn_);
  EXPECT_EQ(SQLSetStmtAttr(s.h, SQL_ATTR_CONCURRENCY, reinterpret_cast<SQLPOINTER>(SQL_CONCUR_VALUES), 0),
            SQL_SUCCESS_WITH_INFO);
  SQLULEN c = 0;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_CONCURRENCY, &c, 0, nullptr), s.diag());
  EXPECT_EQ(c, static_cast<SQLULEN>(SQL_CONCUR_LOCK));
}

INSTANTIATE_TEST_SUITE_P(Servers, SetPosTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
