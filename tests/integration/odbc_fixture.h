// Helpers for integration tests that drive the built driver through the unixODBC driver manager:
// RAII handles, diagnostics as text, and "run this SQL and give me the rows as strings".
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace dsqltest {

// The DSNs the fixture writes (tests/harness/testenv.py).
inline const char* kPgDsn = "dsql_pg";
inline const char* kEmuDsn = "dsql_emu";

// True when the fixture started the emulator (its DSN exists in odbc.ini).
bool emulatorAvailable();
// The emulator's control endpoint (tests/emulator/README.md "Control API"), "" when there is none.
std::string emulatorControlUrl();
// POSTs a JSON body to the control endpoint (e.g. "/inject/commit-conflict"); fails the test unless 200.
void emulatorPost(const std::string& path, const std::string& body);

// "SQLSTATE: message" lines of every record of a handle.
std::string diagnostics(SQLSMALLINT type, SQLHANDLE h);
std::string firstState(SQLSMALLINT type, SQLHANDLE h);

struct Env {
  SQLHENV h = SQL_NULL_HENV;
  Env();
  ~Env();
};

struct Conn {
  Env env;
  SQLHDBC h = SQL_NULL_HDBC;
  bool open = false;
  Conn();
  ~Conn();
  // SQLDriverConnect; returns the SQLRETURN and keeps the out-string.
  SQLRETURN driverConnect(const std::string& in, std::string* out = nullptr);
  SQLRETURN connectDsn(const std::string& dsn);
  std::string diag() const { return diagnostics(SQL_HANDLE_DBC, h); }
};

struct Stmt {
  SQLHSTMT h = SQL_NULL_HSTMT;
  explicit Stmt(Conn& c);
  ~Stmt();
  SQLRETURN exec(const std::string& sql);
  std::string diag() const { return diagnostics(SQL_HANDLE_STMT, h); }
  // All rows of the current result as strings (SQLGetData to SQL_C_CHAR; NULL -> nullopt).
  std::vector<std::vector<std::optional<std::string>>> rows();
  // Runs `sql` and returns its rows; fails the test on error.
  std::vector<std::vector<std::optional<std::string>>> query(const std::string& sql);
  std::vector<std::string> columnNames();
};

// What SQLNativeSql says the driver will send for `sql` (the shim's rewrite).
std::string native(Conn& c, const std::string& sql);

// Opens a connection to `dsn`, failing the test (fatally) on error.
void connectOrFail(Conn& c, const std::string& dsn);

}  // namespace dsqltest

#define EXPECT_ODBC_OK(rc, where) \
  EXPECT_TRUE(SQL_SUCCEEDED(rc)) << "rc=" << (rc) << " " << (where)
#define ASSERT_ODBC_OK(rc, where) \
  ASSERT_TRUE(SQL_SUCCEEDED(rc)) << "rc=" << (rc) << " " << (where)
