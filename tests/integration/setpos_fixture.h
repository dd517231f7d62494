// The fixture of the SQLSetPos / bookmark suites (setpos_test.cpp, setpos_bookmark_test.cpp,
// setpos_bulk_test.cpp, setpos_data_test.cpp): a keyed table <prefix><name> of five rows and a static,
// updatable cursor over it with id, v, n bound column-wise.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "odbc_fixture.h"

namespace dsqltest::setpos {

constexpr SQLULEN kRows = 3;

class SetPosFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  // Table sp_<name> (id int PRIMARY KEY, v varchar(20), n int) with rows id 1..5, v 'a'..'e', n 10*id.
  std::string table(const std::string& name, const std::string& columns = "id int PRIMARY KEY, v varchar(20), n int") {
    std::string t = prefix_ + name;
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS " + t);
    EXPECT_ODBC_OK(s.exec("CREATE TABLE " + t + " (" + columns + ")"), s.diag());
    EXPECT_ODBC_OK(s.exec("INSERT INTO " + t + " (id, v, n) VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), "
                          "(4, 'd', 40), (5, 'e', 50)"), s.diag());
    return t;
  }
  // A static, updatable cursor on `sql` with id, v, n bound column-wise for a rowset of kRows.
  void open(Stmt& s, const std::string& sql, SQLULEN concurrency = SQL_CONCUR_LOCK,
            SQLULEN cursor = SQL_CURSOR_STATIC, SQLULEN useBookmarks = SQL_UB_OFF) {
    if (useBookmarks != SQL_UB_OFF)  // else as the test set it
      SQLSetStmtAttr(s.h, SQL_ATTR_USE_BOOKMARKS, reinterpret_cast<SQLPOINTER>(useBookmarks), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_CURSOR_TYPE, reinterpret_cast<SQLPOINTER>(cursor), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_CONCURRENCY, reinterpret_cast<SQLPOINTER>(concurrency), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(kRows), 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_ROW_STATUS_PTR, status_, 0);
    SQLSetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, &fetched_, 0);
    ASSERT_ODBC_OK(s.exec(sql), s.diag());
    SQLBindCol(s.h, 1, SQL_C_SLONG, id_, 0, idInd_);
    SQLBindCol(s.h, 2, SQL_C_CHAR, v_, sizeof v_[0], vInd_);
    SQLBindCol(s.h, 3, SQL_C_SLONG, n_, 0, nInd_);
  }
  void setV(SQLULEN row, const char* text) {
    std::strcpy(v_[row], text);
    vInd_[row] = SQL_NTS;
  }
  std::vector<std::vector<std::optional<std::string>>> rowsOf(const std::string& t) {
    Stmt q(conn_);
    return q.query("SELECT id, v, n FROM " + t + " ORDER BY id");
  }
  std::optional<std::string> cell(const std::string& t, int id, const char* col) {
    Stmt q(conn_);
    auto r = q.query("SELECT " + std::string(col) + " FROM " + t + " WHERE id = " + std::to_string(id));
    return r.empty() ? std::optional<std::string>("<no row>") : r[0][0];
  }
  std::string state(Stmt& s) { return firstState(SQL_HANDLE_STMT, s.h); }

  std::string prefix_ = "sp_";  // each suite its own tables
  Conn conn_;
  SQLINTEGER id_[kRows]{}, n_[kRows]{};
  char v_[kRows][21]{};
  SQLLEN idInd_[kRows]{}, vInd_[kRows]{}, nInd_[kRows]{};
  SQLUSMALLINT status_[kRows]{};
  SQLULEN fetched_ = 0;
};

}  // namespace dsqltest::setpos
