// SQL text scanning that depends on the session: with standard_conforming_strings = off, PostgreSQL takes
// backslash escapes in '…', so 'it\'s' is one literal and a ? after it is a parameter marker. The driver
// must scan the text the way the server will (shim::sql::Options::standardConformingStrings, read from the
// server's ParameterStatus, per statement). PostgreSQL only: DSQL keeps standard_conforming_strings on.
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

TEST(SqlTextTest, NonStandardConformingStringsFollowTheSession) {
  Conn conn;
  connectOrFail(conn, kPgDsn);
  Stmt s(conn);
  ASSERT_ODBC_OK(s.exec("SET standard_conforming_strings = off"), s.diag());
  auto rows = s.query("SELECT 'it\\'s' AS v");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "it's");

  // A marker after such a literal is a parameter; the ? inside it is text.
  SQLFreeStmt(s.h, SQL_CLOSE);
  SQLINTEGER n = 41;
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &n, 0, nullptr), s.diag());
  ASSERT_ODBC_OK(SQLExecDirect(s.h, (SQLCHAR*)"SELECT 'a\\'?', ? + 1", SQL_NTS), s.diag());
  rows = s.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "a'?");
  EXPECT_EQ(rows[0][1], "42");
  SQLFreeStmt(s.h, SQL_RESET_PARAMS);

  // Back on: the backslash is an ordinary character again and the quote after it closes the literal.
  ASSERT_ODBC_OK(s.exec("SET standard_conforming_strings = on"), s.diag());
  rows = s.query("SELECT 'a\\' AS v");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "a\\");
}

}  // namespace
