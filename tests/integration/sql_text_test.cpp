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

// The driver keeps the translation of the text it ran last and reuses it when the same text comes again
// (an application's loop). It must translate again when what the translation depends on has changed: the
// session's standard_conforming_strings, or SQL_ATTR_NOSCAN on the handle.
TEST(SqlTextTest, TheSameTextIsTranslatedAgainWhenItsReadingChanges) {
  Conn conn;
  connectOrFail(conn, kPgDsn);
  Stmt session(conn);
  Stmt s(conn);
  const char* text = "SELECT 'a\\', ?";  // on: a literal and a marker; off: one unterminated literal
  for (const char* scs : {"on", "off", "on"}) {
    ASSERT_ODBC_OK(session.exec(std::string("SET standard_conforming_strings = ") + scs), session.diag());
    SQLRETURN rc = SQLPrepare(s.h, (SQLCHAR*)text, SQL_NTS);
    if (std::string(scs) == "off") {
      EXPECT_EQ(rc, SQL_ERROR);
      EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "42000") << s.diag();
      continue;
    }
    ASSERT_ODBC_OK(rc, s.diag());
    SQLSMALLINT params = -1;
    ASSERT_ODBC_OK(SQLNumParams(s.h, &params), s.diag());
    EXPECT_EQ(params, 1);
  }

  const char* escape = "SELECT {fn UCASE('a')} AS v";
  for (SQLULEN noscan : {SQL_NOSCAN_OFF, SQL_NOSCAN_ON, SQL_NOSCAN_OFF}) {
    SQLFreeStmt(s.h, SQL_CLOSE);
    ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_NOSCAN, reinterpret_cast<SQLPOINTER>(noscan), 0), s.diag());
    SQLRETURN rc = SQLExecDirect(s.h, (SQLCHAR*)escape, SQL_NTS);
    if (noscan == SQL_NOSCAN_ON) {
      // Sent as written: the server refuses the braces.
      EXPECT_EQ(rc, SQL_ERROR);
      EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "42601") << s.diag();
      continue;
    }
    ASSERT_ODBC_OK(rc, s.diag());
    auto rows = s.rows();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], "A");
  }
}

}  // namespace
