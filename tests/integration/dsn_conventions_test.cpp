// DSN conventions other software writes into odbc.ini: unixODBC's own keys (Trace = No, TraceFile) are not
// the driver's; psqlODBC's key names work; a bad tuning or logging value warns (01S00) and never fails a
// connect; connection-string values override the DSN's before anything is checked.
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

bool hasState(const std::string& diag, const std::string& state) {
  return diag.find(state + ":") != std::string::npos;
}

SQLSMALLINT typeOfTrue(Conn& c) {
  Stmt s(c);
  EXPECT_ODBC_OK(s.exec("SELECT true"), s.diag());
  SQLCHAR name[32];
  SQLSMALLINT nameLen = 0, type = 0, digits = 0, nullable = 0;
  SQLULEN size = 0;
  EXPECT_ODBC_OK(SQLDescribeCol(s.h, 1, name, sizeof name, &nameLen, &type, &size, &digits, &nullable), s.diag());
  return type;
}

TEST(DsnConventionsTest, DebianTemplateDsnOpensWithoutWarnings) {
  Conn c;
  // Trace = No, TraceFile, Servername, UserName, Password, ReadOnly, RowVersioning, ShowSystemTables, ...
  SQLRETURN rc = c.connectDsn("dsql_pg_debian");
  ASSERT_EQ(rc, SQL_SUCCESS) << c.diag();
  Stmt s(c);
  auto rows = s.query("SELECT current_user, current_database()");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], "postgres");
  // ReadOnly = No (psqlODBC's key, same meaning): writes are allowed in manual-commit mode.
  ASSERT_ODBC_OK(SQLSetConnectAttr(c.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0), c.diag());
  EXPECT_ODBC_OK(s.exec("CREATE TEMP TABLE dsn_debian_t (x int)"), s.diag());
  EXPECT_ODBC_OK(SQLEndTran(SQL_HANDLE_DBC, c.h, SQL_ROLLBACK), c.diag());
}

TEST(DsnConventionsTest, DebianTemplateDsnOnTheEmulator) {
  if (!emulatorAvailable()) GTEST_SKIP() << "no emulator";
  Conn c;
  ASSERT_EQ(c.connectDsn("dsql_emu_debian"), SQL_SUCCESS) << c.diag();
  Stmt s(c);
  auto rows = s.query("SELECT 6 * 7");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "42");
}

TEST(DsnConventionsTest, ManagerKeysInTheStringAreNotTheDrivers) {
  Conn c;
  std::string out;
  SQLRETURN rc = c.driverConnect("DSN=dsql_pg;Trace=No;TraceFile=/tmp/sql.log;Description={x}", &out);
  ASSERT_EQ(rc, SQL_SUCCESS) << c.diag();
  EXPECT_EQ(out.find("Trace"), std::string::npos) << out;
  EXPECT_EQ(out.find("LogLevel"), std::string::npos) << out;
}

TEST(DsnConventionsTest, BadTuningValuesInTheDsnWarnAndUseDefaults) {
  Conn c;
  SQLRETURN rc = c.connectDsn("dsql_pg_badtuning");  // LogLevel = verbose, BoolsAsChar = maybe
  ASSERT_EQ(rc, SQL_SUCCESS_WITH_INFO) << c.diag();
  std::string d = c.diag();
  EXPECT_TRUE(hasState(d, "01S00")) << d;
  EXPECT_NE(d.find("LogLevel"), std::string::npos) << d;
  EXPECT_NE(d.find("BoolsAsChar"), std::string::npos) << d;
  EXPECT_EQ(typeOfTrue(c), SQL_BIT);  // BoolsAsChar's default
}

TEST(DsnConventionsTest, StringOverridesTheDsnBeforeValidation) {
  Conn c;
  SQLRETURN rc = c.driverConnect("DSN=dsql_pg_badtuning;LogLevel=off;BoolsAsChar=1");
  ASSERT_EQ(rc, SQL_SUCCESS) << c.diag();
  EXPECT_EQ(typeOfTrue(c), SQL_VARCHAR);
}

TEST(DsnConventionsTest, RepeatedKeyInTheStringTakesItsFirstValue) {
  Conn c;  // ODBC: the first occurrence of a repeated keyword wins; aliases are the same keyword
  ASSERT_EQ(c.driverConnect("DSN=dsql_pg;BoolsAsChar=1;BoolsAsChar=0"), SQL_SUCCESS) << c.diag();
  EXPECT_EQ(typeOfTrue(c), SQL_VARCHAR);
  Conn d;
  ASSERT_EQ(d.driverConnect("DSN=dsql_pg;BoolsAsChar=0;BoolsAsChar=1"), SQL_SUCCESS) << d.diag();
  EXPECT_EQ(typeOfTrue(d), SQL_BIT);
  Conn e;
  std::string out;
  ASSERT_TRUE(SQL_SUCCEEDED(e.driverConnect("DSN=dsql_pg;ApplicationName=first;ApplicationName=second", &out)))
      << e.diag();
  EXPECT_NE(out.find("first"), std::string::npos) << out;
  EXPECT_EQ(out.find("second"), std::string::npos) << out;
}

TEST(DsnConventionsTest, BadTuningValueInTheStringWarns) {
  Conn c;
  SQLRETURN rc = c.driverConnect("DSN=dsql_pg;MaxVarcharSize=lots");
  ASSERT_EQ(rc, SQL_SUCCESS_WITH_INFO) << c.diag();
  EXPECT_TRUE(hasState(c.diag(), "01S00")) << c.diag();
  EXPECT_NE(c.diag().find("MaxVarcharSize"), std::string::npos) << c.diag();
}

TEST(DsnConventionsTest, BadValueOfASecurityKeyStillFails) {
  Conn c;
  SQLRETURN rc = c.driverConnect("DSN=dsql_pg;SSLMode=verify-everything");
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, c.h), "HY024") << c.diag();
}

TEST(DsnConventionsTest, PsqlOdbcOnlyKeysAreIgnored) {
  Conn c;
  SQLRETURN rc = c.driverConnect("DSN=dsql_pg;UseDeclareFetch=1;Fetch=100;CommLog=0;Debug=0;Protocol=7.4");
  ASSERT_EQ(rc, SQL_SUCCESS) << c.diag();
}

}  // namespace
