// OUT and INOUT parameters of {call …} and {?= call …} on PostgreSQL 15 (functions with OUT/INOUT
// arguments, procedures with INOUT/OUT arguments), written back through the bound buffers with indicator,
// truncation and NULL; the call leaves no result set. A procedure without output markers is run with CALL.
// Output parameters anywhere else, or with parameter arrays, are refused precisely; on the emulator a call to
// a missing function gives the server's error.
#include <cstring>
#include <string>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

SQLRETURN execDirect(Stmt& s, const std::string& sql) {
  return SQLExecDirect(s.h, reinterpret_cast<SQLCHAR*>(const_cast<char*>(sql.c_str())), SQL_NTS);
}

class OutputArgumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    connectOrFail(conn_, kPgDsn);
    Stmt s(conn_);
    for (const char* ddl : {
             "CREATE OR REPLACE FUNCTION op_divmod(a int, b int, OUT q int, OUT r int) LANGUAGE sql AS "
             "'SELECT a / b, a % b'",
             "CREATE OR REPLACE PROCEDURE op_bump(INOUT x int, IN step int, OUT label text) LANGUAGE plpgsql AS "
             "$$ BEGIN x := x + step; label := 'n' || x; END $$",
             "CREATE OR REPLACE FUNCTION op_stats(a int, OUT total int, OUT label text) LANGUAGE sql AS "
             "'SELECT a * 10, ''t'' || a'",
             "CREATE OR REPLACE FUNCTION op_text(a int, OUT v text) LANGUAGE sql AS "
             "'SELECT CASE WHEN a = 0 THEN NULL ELSE repeat(''h\u00e9'', a) END'",
             "CREATE OR REPLACE FUNCTION op_twice(INOUT x int) LANGUAGE sql AS 'SELECT x * 2'"})
      ASSERT_ODBC_OK(execDirect(s, ddl), s.diag());
  }
  Conn conn_;
};

TEST_F(OutputArgumentsTest, FunctionOutArgumentsAreWrittenBack) {
  Stmt s(conn_);
  SQLINTEGER a = 17, b = 5, q = -1, r = -1;
  SQLLEN ia = 0, ib = 0, iq = 0, ir = 0;
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"{call op_divmod(?, ?, ?, ?)}", SQL_NTS), s.diag());
  SQLSMALLINT n = 0, cols = -1;
  ASSERT_ODBC_OK(SQLNumParams(s.h, &n), s.diag());
  EXPECT_EQ(n, 4);
  for (SQLUSMALLINT k = 1; k <= 4; ++k) {  // from the function's signature, OUT arguments included
    SQLSMALLINT type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    ASSERT_ODBC_OK(SQLDescribeParam(s.h, k, &type, &size, &digits, &nullable), s.diag());
    EXPECT_EQ(type, SQL_INTEGER) << "parameter " << k;
  }
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &a, 0, &ia);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &b, 0, &ib);
  SQLBindParameter(s.h, 3, SQL_PARAM_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &q, 0, &iq);
  SQLBindParameter(s.h, 4, SQL_PARAM_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &r, 0, &ir);
  ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  EXPECT_EQ(q, 3);
  EXPECT_EQ(r, 2);
  EXPECT_EQ(iq, static_cast<SQLLEN>(sizeof(SQLINTEGER)));
  ASSERT_ODBC_OK(SQLNumResultCols(s.h, &cols), s.diag());
  EXPECT_EQ(cols, 0);  // the row went into the parameters, not to the application
  EXPECT_EQ(SQLMoreResults(s.h), SQL_NO_DATA);
  // Executed again with new inputs: the outputs follow.
  a = 40, b = 7;
  ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  EXPECT_EQ(q, 5);
  EXPECT_EQ(r, 5);
}

TEST_F(OutputArgumentsTest, DescribeParamOfCalls) {
  auto describe = [&](const char* sql, SQLUSMALLINT k) {
    Stmt s(conn_);
    SQLSMALLINT type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    EXPECT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)sql, SQL_NTS), s.diag());
    EXPECT_ODBC_OK(SQLDescribeParam(s.h, k, &type, &size, &digits, &nullable), s.diag());
    return type;
  };
  const SQLSMALLINT label = describe("{call op_bump(?, ?, ?)}", 3);  // its text OUT argument (pg_proc)
  EXPECT_TRUE(label == SQL_LONGVARCHAR || label == SQL_WLONGVARCHAR) << label;
  EXPECT_EQ(describe("{call op_bump(?, ?, ?)}", 2), SQL_INTEGER);
  EXPECT_EQ(describe("{call op_divmod(?, 5)}", 1), SQL_INTEGER);    // not all arguments are markers: the server
  EXPECT_EQ(describe("{?= call op_twice(?)}", 2), SQL_INTEGER);
}

TEST_F(OutputArgumentsTest, ProcedureInOutAndOutArguments) {
  Stmt s(conn_);
  SQLINTEGER x = 41, step = 1;
  char label[16] = "unchanged";
  SQLLEN ix = 0, is = 0, il = 0;
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &x, 0, &ix);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &step, 0, &is);
  SQLBindParameter(s.h, 3, SQL_PARAM_OUTPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0, label, sizeof label, &il);
  ASSERT_ODBC_OK(execDirect(s, "{call op_bump(?, ?, ?)}"), s.diag());
  EXPECT_EQ(x, 42);
  EXPECT_STREQ(label, "n42");
  EXPECT_EQ(il, 3);
  SQLSMALLINT cols = -1;
  ASSERT_ODBC_OK(SQLNumResultCols(s.h, &cols), s.diag());
  EXPECT_EQ(cols, 0);
}

TEST_F(OutputArgumentsTest, ReturnValueThenOutArgument) {
  Stmt s(conn_);
  SQLINTEGER total = 0, a = 4;
  char label[16] = {};
  SQLLEN it = 0, ia = 0, il = 0;
  SQLBindParameter(s.h, 1, SQL_PARAM_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &total, 0, &it);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &a, 0, &ia);
  SQLBindParameter(s.h, 3, SQL_PARAM_OUTPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0, label, sizeof label, &il);
  ASSERT_ODBC_OK(execDirect(s, "{?= call op_stats(?, ?)}"), s.diag());
  EXPECT_EQ(total, 40);
  EXPECT_STREQ(label, "t4");
}

TEST_F(OutputArgumentsTest, NullTruncatedAndWideOutValues) {
  Stmt s(conn_);
  SQLINTEGER a = 0;
  char small[5] = "xxxx";
  SQLLEN ia = 0, iv = 0;
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &a, 0, &ia);
  SQLBindParameter(s.h, 2, SQL_PARAM_OUTPUT, SQL_C_CHAR, SQL_VARCHAR, 20, 0, small, sizeof small, &iv);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"{call op_text(?, ?)}", SQL_NTS), s.diag());
  ASSERT_EQ(SQLExecute(s.h), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(iv, SQL_NULL_DATA);
  a = 3;  // "héhéhé": 9 bytes of UTF-8, 4 fit with the terminator
  ASSERT_EQ(SQLExecute(s.h), SQL_SUCCESS_WITH_INFO) << s.diag();
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "01004");
  EXPECT_EQ(iv, 9);
  EXPECT_EQ(std::string(small), "h\xc3\xa9h");
  SQLWCHAR wide[16] = {};
  SQLLEN iw = 0;
  SQLBindParameter(s.h, 2, SQL_PARAM_OUTPUT, SQL_C_WCHAR, SQL_WVARCHAR, 20, 0, wide, sizeof wide, &iw);
  a = 2;
  ASSERT_EQ(SQLExecute(s.h), SQL_SUCCESS) << s.diag();
  EXPECT_EQ(iw, 4 * static_cast<SQLLEN>(sizeof(SQLWCHAR)));
  const SQLWCHAR expected[] = {'h', 0xe9, 'h', 0xe9, 0};
  EXPECT_EQ(std::memcmp(wide, expected, sizeof expected), 0);
}

TEST_F(OutputArgumentsTest, InOutRoundTrip) {
  Stmt s(conn_);
  char x[16] = "21";
  SQLLEN ix = SQL_NTS;
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT_OUTPUT, SQL_C_CHAR, SQL_INTEGER, 10, 0, x, sizeof x, &ix);
  ASSERT_ODBC_OK(execDirect(s, "{call op_twice(?)}"), s.diag());
  EXPECT_STREQ(x, "42");
  EXPECT_EQ(ix, 2);
  ix = SQL_NTS;
  ASSERT_ODBC_OK(execDirect(s, "{call op_twice(?)}"), s.diag());
  EXPECT_STREQ(x, "84");  // what came back went out again
}

TEST_F(OutputArgumentsTest, OutputsOutsideCallsAndWithArraysAreRefused) {
  Stmt s(conn_);
  SQLINTEGER v = 1;
  SQLLEN iv = 0;
  SQLBindParameter(s.h, 1, SQL_PARAM_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &v, 0, &iv);
  EXPECT_EQ(execDirect(s, "SELECT ?"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY105") << s.diag();
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &v, 0, &iv);
  EXPECT_EQ(execDirect(s, "SELECT ? + 1"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY105") << s.diag();

  Stmt e(conn_);  // an output marker inside an expression has nowhere to go
  SQLINTEGER a = 1;
  SQLLEN ia = 0;
  SQLBindParameter(e.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &a, 0, &ia);
  SQLBindParameter(e.h, 2, SQL_PARAM_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &v, 0, &iv);
  EXPECT_EQ(execDirect(e, "{call op_divmod(?, coalesce(?, 1))}"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, e.h), "HYC00") << e.diag();

  Stmt arr(conn_);
  SQLINTEGER xs[2] = {1, 2};
  SQLLEN ixs[2] = {0, 0};
  SQLSetStmtAttr(arr.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(2), 0);
  SQLBindParameter(arr.h, 1, SQL_PARAM_INPUT_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, xs, 0, ixs);
  EXPECT_EQ(execDirect(arr, "{call op_twice(?)}"), SQL_ERROR);
  EXPECT_NE(arr.diag().find("HYC00"), std::string::npos) << arr.diag();
  EXPECT_EQ(xs[0], 1);
}

// A PROCEDURE without output markers is run with CALL (it cannot be selected from: 42809); its kind is
// looked up once per connection, looked up again after DDL, and after the server refused a routine that
// another session replaced meanwhile.
TEST_F(OutputArgumentsTest, ProcedureWithoutOutputsIsCalled) {
  Stmt ddl(conn_);
  ddl.exec("DROP TABLE IF EXISTS op_log_t");
  ddl.exec("DROP FUNCTION IF EXISTS op_log_none()");
  ddl.exec("DROP PROCEDURE IF EXISTS op_log_none()");
  for (const char* sql : {"CREATE TABLE op_log_t (x int)",
                          "CREATE OR REPLACE PROCEDURE op_log(x int) LANGUAGE sql AS 'INSERT INTO op_log_t VALUES (x)'",
                          "CREATE PROCEDURE op_log_none() LANGUAGE sql AS 'INSERT INTO op_log_t VALUES (0)'"})
    ASSERT_ODBC_OK(execDirect(ddl, sql), ddl.diag());
  Stmt s(conn_);
  SQLINTEGER x = 7;
  SQLLEN ix = 0;
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &x, 0, &ix);
  ASSERT_ODBC_OK(execDirect(s, "{call op_log(?)}"), s.diag());
  SQLSMALLINT cols = -1;
  ASSERT_ODBC_OK(SQLNumResultCols(s.h, &cols), s.diag());
  EXPECT_EQ(cols, 0);
  ASSERT_ODBC_OK(SQLPrepare(s.h, (SQLCHAR*)"{call op_log(?)}", SQL_NTS), s.diag());
  for (SQLINTEGER v : {8, 9}) {
    x = v;
    ASSERT_ODBC_OK(SQLExecute(s.h), s.diag());
  }
  Stmt arr(conn_);  // with a parameter array: one CALL per set
  SQLINTEGER xs[2] = {3, 4};
  SQLLEN ixs[2] = {0, 0};
  SQLSetStmtAttr(arr.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(2), 0);
  SQLBindParameter(arr.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, xs, 0, ixs);
  ASSERT_ODBC_OK(execDirect(arr, "{call op_log(?)}"), arr.diag());
  Stmt none(conn_);
  ASSERT_ODBC_OK(execDirect(none, "{call op_log_none}"), none.diag());
  ASSERT_ODBC_OK(execDirect(none, "{CALL public.op_log_none()}"), none.diag());
  auto rows = Stmt(conn_).query("SELECT x FROM op_log_t ORDER BY x");
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0][0], "0");
  EXPECT_EQ(rows[2][0], "3");
  EXPECT_EQ(rows[3][0], "4");
  EXPECT_EQ(rows[6][0], "9");
  // Replaced by a function on this connection: the DDL makes the driver look again.
  ASSERT_ODBC_OK(execDirect(ddl, "DROP PROCEDURE op_log_none()"), ddl.diag());
  ASSERT_ODBC_OK(execDirect(ddl, "CREATE FUNCTION op_log_none() RETURNS int LANGUAGE sql AS 'SELECT 42'"), ddl.diag());
  rows = Stmt(conn_).query("{call op_log_none()}");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "42");
  // Replaced by a procedure from another connection: the server refuses once, then the driver knows.
  {
    Conn other;
    connectOrFail(other, kPgDsn);
    Stmt o(other);
    ASSERT_ODBC_OK(execDirect(o, "DROP FUNCTION op_log_none()"), o.diag());
    ASSERT_ODBC_OK(execDirect(o, "CREATE PROCEDURE op_log_none() LANGUAGE sql AS 'INSERT INTO op_log_t VALUES (1)'"),
                   o.diag());
  }
  Stmt again(conn_);
  EXPECT_EQ(execDirect(again, "{call op_log_none()}"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, again.h), "42809") << again.diag();
  ASSERT_ODBC_OK(execDirect(again, "{call op_log_none()}"), again.diag());
  EXPECT_EQ(Stmt(conn_).query("SELECT count(*) FROM op_log_t WHERE x = 1")[0][0], "1");
}

TEST(OutputArgumentsEmulator, MissingRoutineGivesTheServersError) {
  if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
  Conn c;
  connectOrFail(c, kEmuDsn);
  Stmt s(c);  // no output markers: sent as a function call, the only kind of routine DSQL has
  EXPECT_EQ(execDirect(s, "{call op_no_such_procedure()}"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "42883") << s.diag();
  EXPECT_NE(s.diag().find("op_no_such_procedure"), std::string::npos) << s.diag();
}

TEST(OutputArgumentsEmulator, MissingFunctionGivesTheServersError) {
  if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
  Conn c;
  connectOrFail(c, kEmuDsn);
  Stmt s(c);
  SQLINTEGER a = 1, out = 0;
  SQLLEN ia = 0, io = 0;
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &a, 0, &ia);
  SQLBindParameter(s.h, 2, SQL_PARAM_OUTPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &out, 0, &io);
  EXPECT_EQ(execDirect(s, "{call op_no_such_function(?, ?)}"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "42883") << s.diag();
  auto rows = Stmt(c).query("SELECT 1");  // the connection is still usable
  ASSERT_EQ(rows.size(), 1u);
}

}  // namespace
