// Statements through the driver manager, run against plain PostgreSQL and (where started) the DSQL
// emulator with the same test bodies: results, multiple results, parameters (bound, arrays and
// data-at-execution), row counts, piecewise SQLGetData, block fetches, transactions, server errors.
#include <chrono>
#include <cstring>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class QueryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  // A fresh table for this test (autocommit, one DDL per statement as DSQL requires).
  std::string table(const std::string& name, const std::string& columns) {
    std::string t = "qt_" + name;
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS " + t);
    EXPECT_ODBC_OK(s.exec("CREATE TABLE " + t + " (" + columns + ")"), s.diag());
    return t;
  }
  Conn conn_;
};

TEST_P(QueryTest, MultipleResultsInOrder) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT 1 AS a; SELECT 'two' AS b, 3 AS c"), s.diag());
  auto first = s.rows();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0][0], "1");
  ASSERT_EQ(SQLMoreResults(s.h), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(s.columnNames(), (std::vector<std::string>{"b", "c"}));
  auto second = s.rows();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0][0], "two");
  EXPECT_EQ(SQLMoreResults(s.h), SQL_NO_DATA);
}

TEST_P(QueryTest, ParameterizedInsertAndSelect) {
  std::string t = table("params", "id int PRIMARY KEY, name varchar(40), score double precision");
  Stmt ins(conn_);
  ASSERT_ODBC_OK(SQLPrepare(ins.h, (SQLCHAR*)("INSERT INTO " + t + " VALUES (?, ?, ?)").c_str(), SQL_NTS), ins.diag());
  SQLINTEGER id = 0;
  char name[41];
  double score = 0;
  SQLLEN nameInd = SQL_NTS, scoreInd = 0;
  SQLBindParameter(ins.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0, nullptr);
  SQLBindParameter(ins.h, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 40, 0, name, sizeof name, &nameInd);
  SQLBindParameter(ins.h, 3, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &score, 0, &scoreInd);
  struct Row { int id; const char* name; double score; bool nullScore; };
  for (Row r : {Row{1, "it's", 1.5, false}, Row{2, "semi;colon ?", 0, true}, Row{3, "ünïcödé", -2.25, false}}) {
    id = r.id;
    std::strcpy(name, r.name);
    score = r.score;
    scoreInd = r.nullScore ? SQL_NULL_DATA : 0;
    ASSERT_ODBC_OK(SQLExecute(ins.h), ins.diag());
    SQLLEN count = -1;
    SQLRowCount(ins.h, &count);
    EXPECT_EQ(count, 1);
  }
  Stmt sel(conn_);
  ASSERT_ODBC_OK(SQLPrepare(sel.h, (SQLCHAR*)("SELECT name, score FROM " + t + " WHERE id >= ? ORDER BY id").c_str(), SQL_NTS), sel.diag());
  SQLINTEGER from = 2;
  SQLBindParameter(sel.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &from, 0, nullptr);
  ASSERT_ODBC_OK(SQLExecute(sel.h), sel.diag());
  auto rows = sel.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "semi;colon ?");
  EXPECT_EQ(rows[0][1], std::nullopt);
  EXPECT_EQ(rows[1][0], "ünïcödé");
  EXPECT_EQ(rows[1][1], "-2.25");
}

TEST_P(QueryTest, RowCountsForDml) {
  std::string t = table("counts", "id int PRIMARY KEY, v int");
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " SELECT g, g % 3 FROM generate_series(1, 10) g"), s.diag());
  SQLLEN n = 0;
  SQLRowCount(s.h, &n);
  EXPECT_EQ(n, 10);
  ASSERT_ODBC_OK(s.exec("UPDATE " + t + " SET v = 7 WHERE v = 0"), s.diag());
  SQLRowCount(s.h, &n);
  EXPECT_EQ(n, 3);
  ASSERT_ODBC_OK(s.exec("DELETE FROM " + t + " WHERE id > 8"), s.diag());
  SQLRowCount(s.h, &n);
  EXPECT_EQ(n, 2);
}

TEST_P(QueryTest, ServerErrorsCarryTheServerSqlstate) {
  Stmt s(conn_);
  EXPECT_EQ(s.exec("SELECT * FROM no_such_table_anywhere"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "42P01");
  std::string d = s.diag();
  EXPECT_NE(d.find("[DSQL][ODBC Driver]["), std::string::npos) << d;
  EXPECT_NE(d.find("no_such_table_anywhere"), std::string::npos) << d;
  // The connection stays usable (autocommit: the failed statement does not poison the next one).
  auto rows = s.query("SELECT 'still here'");
  ASSERT_EQ(rows.size(), 1u);
}

TEST_P(QueryTest, PiecewiseGetDataOfLongText) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT repeat('abcdefghij', 1000) || 'END'"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS);
  std::string all;
  char buf[100];
  SQLLEN ind = 0;
  int pieces = 0;
  SQLRETURN rc;
  while ((rc = SQLGetData(s.h, 1, SQL_C_CHAR, buf, sizeof buf, &ind)) != SQL_NO_DATA) {
    ASSERT_TRUE(SQL_SUCCEEDED(rc)) << s.diag();
    if (pieces == 0) {
      EXPECT_EQ(ind, 10003);  // the first call reports the whole remaining length
    }
    if (rc == SQL_SUCCESS_WITH_INFO) {
      EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "01004");
    }
    all += buf;
    ++pieces;
  }
  EXPECT_EQ(all.size(), 10003u);
  EXPECT_EQ(all.substr(all.size() - 3), "END");
  EXPECT_EQ(pieces, 102);  // 99 bytes + NUL per piece
}

TEST_P(QueryTest, BlockFetchIntoBoundColumns) {
  Stmt s(conn_);
  SQLINTEGER values[4];
  SQLLEN inds[4];
  SQLUSMALLINT status[4];
  SQLULEN fetched = 0;
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(4), 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_STATUS_PTR, status, 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 10) g ORDER BY g"), s.diag());
  SQLBindCol(s.h, 1, SQL_C_SLONG, values, 0, inds);
  std::vector<int> seen;
  while (SQLFetch(s.h) != SQL_NO_DATA) {
    for (SQLULEN i = 0; i < fetched; ++i) {
      EXPECT_EQ(status[i], SQL_ROW_SUCCESS);
      seen.push_back(values[i]);
    }
  }
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(fetched, 0u);
}

TEST_P(QueryTest, ManualCommitAndRollback) {
  std::string t = table("tx", "id int PRIMARY KEY");
  SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0);
  {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (1)"), s.diag());
  }
  ASSERT_EQ(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK), SQL_SUCCESS);
  {
    Stmt s(conn_);
    ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (2)"), s.diag());
  }
  ASSERT_EQ(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT), SQL_SUCCESS) << conn_.diag();
  SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), 0);
  Stmt s(conn_);
  auto rows = s.query("SELECT id FROM " + t);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "2");
}

TEST_P(QueryTest, CommitOfAnAbortedTransactionIsAnError) {
  // ErrorRollback=none: the transaction stays aborted (DSQL's default; PostgreSQL's is statement-level
  // rollback, tested in transaction_test.cpp).
  Conn aborting;
  ASSERT_TRUE(SQL_SUCCEEDED(aborting.driverConnect("DSN=" + GetParam() + ";ErrorRollback=none"))) << aborting.diag();
  SQLSetConnectAttr(aborting.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0);
  Stmt s(aborting);
  EXPECT_EQ(s.exec("SELECT * FROM no_such_table_in_tx"), SQL_ERROR);
  EXPECT_EQ(s.exec("SELECT 1"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "25P02");
  EXPECT_EQ(SQLEndTran(SQL_HANDLE_DBC, aborting.h, SQL_COMMIT), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, aborting.h), "40000") << aborting.diag();
  auto rows = s.query("SELECT 'recovered'");
  ASSERT_EQ(rows.size(), 1u);
  SQLEndTran(SQL_HANDLE_DBC, aborting.h, SQL_ROLLBACK);
}

TEST_P(QueryTest, DescribeBeforeExecute) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"SELECT 1::int4 AS one, 'x'::varchar(5) AS two WHERE 1 = ?", SQL_NTS), s.diag());
  SQLSMALLINT n = 0;
  ASSERT_ODBC_OK(SQLNumResultCols(s.h, &n), s.diag());
  EXPECT_EQ(n, 2);
  EXPECT_EQ(s.columnNames(), (std::vector<std::string>{"one", "two"}));
  SQLSMALLINT params = 0;
  SQLNumParams(s.h, &params);
  EXPECT_EQ(params, 1);
  SQLSMALLINT type = 0, digits = 0, nullable = 0;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeParam(s.h, 1, &type, &size, &digits, &nullable), s.diag());
  EXPECT_EQ(type, SQL_INTEGER);
}

TEST_P(QueryTest, DataAtExecutionInPieces) {
  std::string t = table("dae", "id int PRIMARY KEY, body text");
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)("INSERT INTO " + t + " VALUES (1, ?)").c_str(), SQL_NTS), s.diag());
  SQLLEN ind = SQL_LEN_DATA_AT_EXEC(0);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_LONGVARCHAR, 100000, 0, reinterpret_cast<SQLPOINTER>(7), 0, &ind);
  ASSERT_EQ(SQLExecute(s.h), SQL_NEED_DATA);
  SQLPOINTER token = nullptr;
  ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA);
  EXPECT_EQ(token, reinterpret_cast<SQLPOINTER>(7));
  std::string piece(5000, 'p');
  for (int i = 0; i < 4; ++i) ASSERT_ODBC_OK(SQLPutData(s.h, piece.data(), static_cast<SQLLEN>(piece.size())), s.diag());
  ASSERT_ODBC_OK(SQLParamData(s.h, &token), s.diag());
  Stmt q(conn_);
  auto rows = q.query("SELECT length(body) FROM " + t);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "20000");
}

TEST_P(QueryTest, ParameterArrays) {
  std::string t = table("arrays", "id int PRIMARY KEY, tag varchar(10)");
  Stmt s(conn_);
  SQLINTEGER ids[3] = {10, 20, 30};
  char tags[3][11] = {"ten", "twenty", "thirty"};
  SQLLEN tagInd[3] = {SQL_NTS, SQL_NULL_DATA, SQL_NTS};
  SQLUSMALLINT status[3];
  SQLULEN processed = 0;
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(3), 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0, nullptr);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0, tags, 11, tagInd);
  ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (?, ?)"), s.diag());
  EXPECT_EQ(processed, 3u);
  for (auto st : status) EXPECT_EQ(st, SQL_PARAM_SUCCESS);
  SQLLEN n = 0;
  SQLRowCount(s.h, &n);
  EXPECT_EQ(n, 3);
  Stmt q(conn_);
  auto rows = q.query("SELECT id, tag FROM " + t + " ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], std::nullopt);
  EXPECT_EQ(rows[2][1], "thirty");
}

TEST_P(QueryTest, UnicodeEntryPoints) {
  Stmt s(conn_);
  std::u16string sql = u"SELECT 'Grüße, 世界 🚀' AS greeting";
  ASSERT_ODBC_OK(SQLExecDirectW(s.h, (SQLWCHAR*)sql.c_str(), SQL_NTS), s.diag());
  SQLWCHAR name[32];
  SQLSMALLINT len = 0, type = 0, digits = 0, nullable = 0;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeColW(s.h, 1, name, 32, &len, &type, &size, &digits, &nullable), s.diag());
  EXPECT_EQ(std::u16string(reinterpret_cast<char16_t*>(name), len), u"greeting");
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS);
  SQLWCHAR buf[64];
  SQLLEN ind = 0;
  ASSERT_ODBC_OK(SQLGetData(s.h, 1, SQL_C_WCHAR, buf, sizeof buf, &ind), s.diag());
  std::u16string expected = u"Grüße, 世界 🚀";
  EXPECT_EQ(ind, static_cast<SQLLEN>(expected.size() * 2));
  EXPECT_EQ(std::u16string(reinterpret_cast<char16_t*>(buf), expected.size()), expected);
}

TEST_P(QueryTest, NativeSqlShowsWhatIsSent) {
  SQLCHAR out[256];
  SQLINTEGER len = 0;
  ASSERT_ODBC_OK(SQLNativeSql(conn_.h, (SQLCHAR*)"SELECT ? , '?' , {fn UCASE(?)}", SQL_NTS, out, sizeof out, &len), conn_.diag());
  std::string native(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
  EXPECT_NE(native.find("$1"), std::string::npos) << native;
  EXPECT_NE(native.find("'?'"), std::string::npos) << native;
  EXPECT_NE(native.find("$2"), std::string::npos) << native;
  EXPECT_EQ(native.find("{fn"), std::string::npos) << native;
}

TEST_P(QueryTest, QueryTimeoutCancelsTheStatement) {
  Stmt s(conn_);
  SQLSetStmtAttr(s.h, SQL_ATTR_QUERY_TIMEOUT, reinterpret_cast<SQLPOINTER>(1), 0);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(s.exec("SELECT pg_sleep(30)"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HYT00") << s.diag();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  SQLSetStmtAttr(s.h, SQL_ATTR_QUERY_TIMEOUT, reinterpret_cast<SQLPOINTER>(0), 0);
  auto rows = s.query("SELECT 'usable'");  // the connection survives the cancel
  ASSERT_EQ(rows.size(), 1u);
}

TEST_P(QueryTest, GetDataColumnsInAnyOrderAndRestartOnReturn) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT 'abcdef', 'xyz'"), s.diag());
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS);
  char buf[4];
  SQLLEN ind = 0;
  EXPECT_EQ(SQLGetData(s.h, 2, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS);
  EXPECT_STREQ(buf, "xyz");
  EXPECT_EQ(SQLGetData(s.h, 1, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS_WITH_INFO);
  EXPECT_STREQ(buf, "abc");
  EXPECT_EQ(SQLGetData(s.h, 1, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS);
  EXPECT_STREQ(buf, "def");
  EXPECT_EQ(SQLGetData(s.h, 1, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_NO_DATA);
  EXPECT_EQ(SQLGetData(s.h, 2, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_SUCCESS);  // another column: starts over
  EXPECT_STREQ(buf, "xyz");
}

TEST_P(QueryTest, StreamedResultSurvivesAnotherStatementOnTheConnection) {
  Stmt a(conn_), b(conn_);
  ASSERT_ODBC_OK(a.exec("SELECT g FROM generate_series(1, 5000) g ORDER BY g"), a.diag());
  SQLINTEGER v = 0;
  SQLLEN ind = 0;
  SQLBindCol(a.h, 1, SQL_C_SLONG, &v, 0, &ind);
  ASSERT_EQ(SQLFetch(a.h), SQL_SUCCESS);
  EXPECT_EQ(v, 1);
  // b needs the connection while a's rows are still arriving: a's rest is buffered, not lost.
  auto rows = b.query("SELECT 'b ran'");
  ASSERT_EQ(rows.size(), 1u);
  long long sum = v, n = 1;
  while (SQLFetch(a.h) == SQL_SUCCESS) {
    sum += v;
    ++n;
  }
  EXPECT_EQ(n, 5000);
  EXPECT_EQ(sum, 5000LL * 5001 / 2);
}

TEST_P(QueryTest, AbandonedStreamLeavesTheConnectionUsable) {
  Stmt a(conn_);
  ASSERT_ODBC_OK(a.exec("SELECT g FROM generate_series(1, 100000) g"), a.diag());
  ASSERT_EQ(SQLFetch(a.h), SQL_SUCCESS);
  ASSERT_EQ(SQLCloseCursor(a.h), SQL_SUCCESS);
  auto rows = a.query("SELECT 'next'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "next");
}

TEST_P(QueryTest, CursorNameLongerThanTheLimitIsCutWithAWarning) {
  Stmt s(conn_);
  SQLUSMALLINT maxLen = 0;
  SQLGetInfo(conn_.h, SQL_MAX_CURSOR_NAME_LEN, &maxLen, sizeof maxLen, nullptr);
  ASSERT_EQ(maxLen, 63);
  std::string name(64, 'c');
  EXPECT_EQ(SQLSetCursorName(s.h, (SQLCHAR*)name.c_str(), SQL_NTS), SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "01004");
  SQLCHAR got[128];
  SQLSMALLINT len = 0;
  ASSERT_EQ(SQLGetCursorName(s.h, got, sizeof got, &len), SQL_SUCCESS);
  EXPECT_EQ(len, 63);
  name.resize(63);
  EXPECT_EQ(SQLSetCursorName(s.h, (SQLCHAR*)name.c_str(), SQL_NTS), SQL_SUCCESS);
}

TEST_P(QueryTest, ErrorInTheMiddleOfAStreamSurfacesAtFetch) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT 10 / (5 - g) FROM generate_series(1, 10) g"), s.diag());
  int fetched = 0;
  SQLRETURN rc;
  while ((rc = SQLFetch(s.h)) == SQL_SUCCESS) ++fetched;
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "22012") << s.diag();
  EXPECT_LT(fetched, 5);
  auto rows = s.query("SELECT 'fine'");
  ASSERT_EQ(rows.size(), 1u);
}

TEST_P(QueryTest, StaticCursorScrolls) {
  Stmt s(conn_);
  SQLSetStmtAttr(s.h, SQL_ATTR_CURSOR_TYPE, reinterpret_cast<SQLPOINTER>(SQL_CURSOR_STATIC), 0);
  ASSERT_ODBC_OK(s.exec("SELECT g FROM generate_series(1, 10) g ORDER BY g"), s.diag());
  SQLINTEGER v = 0;
  SQLLEN ind = 0;
  SQLBindCol(s.h, 1, SQL_C_SLONG, &v, 0, &ind);
  ASSERT_EQ(SQLFetchScroll(s.h, SQL_FETCH_LAST, 0), SQL_SUCCESS);
  EXPECT_EQ(v, 10);
  ASSERT_EQ(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 3), SQL_SUCCESS);
  EXPECT_EQ(v, 3);
  ASSERT_EQ(SQLFetchScroll(s.h, SQL_FETCH_PRIOR, 0), SQL_SUCCESS);
  EXPECT_EQ(v, 2);
  ASSERT_EQ(SQLFetchScroll(s.h, SQL_FETCH_RELATIVE, 5), SQL_SUCCESS);
  EXPECT_EQ(v, 7);
  ASSERT_EQ(SQLFetchScroll(s.h, SQL_FETCH_FIRST, 0), SQL_SUCCESS);
  EXPECT_EQ(v, 1);
  EXPECT_EQ(SQLFetchScroll(s.h, SQL_FETCH_ABSOLUTE, 11), SQL_NO_DATA);
  // A forward-only cursor refuses to scroll.
  Stmt f(conn_);
  ASSERT_ODBC_OK(f.exec("SELECT 1"), f.diag());
  EXPECT_EQ(SQLFetchScroll(f.h, SQL_FETCH_LAST, 0), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, f.h), "HY106");
}

TEST_P(QueryTest, LexicalErrorLeavesNothingToExecute) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"SELECT 1", SQL_NTS), s.diag());
  EXPECT_EQ(SQLPrepare(s.h, (SQLCHAR*)"SELECT 'unterminated", SQL_NTS), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "42000") << s.diag();
  EXPECT_EQ(SQLExecute(s.h), SQL_ERROR);  // the earlier statement is gone, not half-replaced
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY010");
}

INSTANTIATE_TEST_SUITE_P(Servers, QueryTest, ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)));

}  // namespace
