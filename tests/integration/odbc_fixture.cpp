// Implementation of the integration-test helpers.
#include "odbc_fixture.h"

#include <fstream>
#include <sstream>

#include "shim/http/http_client.h"

namespace dsqltest {

bool emulatorAvailable() {
  const char* ini = std::getenv("ODBCINI");
  if (!ini) return false;
  std::ifstream f(ini);
  std::string line;
  while (std::getline(f, line))
    if (line == "[dsql_emu]") return true;
  return false;
}

std::string emulatorControlUrl() {
  const char* state = std::getenv("DSQL_TEST_STATE");
  if (!state) return {};
  std::ifstream f(std::string(state) + "/emulator/emulator.json");
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string json = ss.str();
  const auto key = json.find("\"control_url\"");
  if (key == std::string::npos) return {};
  const auto start = json.find('"', json.find(':', key) + 1) + 1;
  return json.substr(start, json.find('"', start) - start);
}

void emulatorPost(const std::string& path, const std::string& body) {
  dsql::shim::http::Request r;
  r.method = "POST";
  r.url = emulatorControlUrl() + path;
  r.body = body;
  r.headers.emplace_back("Content-Type", "application/json");
  auto resp = dsql::shim::http::defaultHttpClient()->send(r);
  ASSERT_EQ(resp.status, 200) << resp.body;
}

std::string native(Conn& c, const std::string& sql) {
  SQLCHAR out[4096];
  SQLINTEGER len = 0;
  SQLRETURN rc = SQLNativeSql(c.h, (SQLCHAR*)sql.c_str(), SQL_NTS, out, sizeof out, &len);
  EXPECT_TRUE(SQL_SUCCEEDED(rc)) << c.diag();
  return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
}

std::string diagnostics(SQLSMALLINT type, SQLHANDLE h) {
  std::string out;
  for (SQLSMALLINT i = 1;; ++i) {
    SQLCHAR state[6] = {0}, msg[1024] = {0};
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    SQLRETURN rc = SQLGetDiagRec(type, h, i, state, &native, msg, sizeof msg, &len);
    if (!SQL_SUCCEEDED(rc)) break;
    out += std::string(reinterpret_cast<char*>(state)) + ": " + reinterpret_cast<char*>(msg) + "\n";
  }
  return out;
}

std::string firstState(SQLSMALLINT type, SQLHANDLE h) {
  SQLCHAR state[6] = {0}, msg[512];
  SQLINTEGER native = 0;
  SQLSMALLINT len = 0;
  if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len))) return "";
  return reinterpret_cast<char*>(state);
}

Env::Env() {
  SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &h);
  SQLSetEnvAttr(h, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3_80), 0);
}
Env::~Env() { SQLFreeHandle(SQL_HANDLE_ENV, h); }

Conn::Conn() { SQLAllocHandle(SQL_HANDLE_DBC, env.h, &h); }
Conn::~Conn() {
  if (open) {
    SQLEndTran(SQL_HANDLE_DBC, h, SQL_ROLLBACK);
    SQLDisconnect(h);
  }
  SQLFreeHandle(SQL_HANDLE_DBC, h);
}

SQLRETURN Conn::driverConnect(const std::string& in, std::string* out) {
  SQLCHAR buf[2048] = {0};
  SQLSMALLINT len = 0;
  SQLRETURN rc = SQLDriverConnect(h, nullptr, (SQLCHAR*)in.c_str(), SQL_NTS, buf, sizeof buf, &len, SQL_DRIVER_NOPROMPT);
  if (SQL_SUCCEEDED(rc)) open = true;
  if (out) *out = reinterpret_cast<char*>(buf);
  return rc;
}

SQLRETURN Conn::connectDsn(const std::string& dsn) {
  SQLRETURN rc = SQLConnect(h, (SQLCHAR*)dsn.c_str(), SQL_NTS, nullptr, 0, nullptr, 0);
  if (SQL_SUCCEEDED(rc)) open = true;
  return rc;
}

void connectOrFail(Conn& c, const std::string& dsn) {
  SQLRETURN rc = c.connectDsn(dsn);
  ASSERT_TRUE(SQL_SUCCEEDED(rc)) << "connect to " << dsn << ": " << c.diag();
}

Stmt::Stmt(Conn& c) { SQLAllocHandle(SQL_HANDLE_STMT, c.h, &h); }
Stmt::~Stmt() { SQLFreeHandle(SQL_HANDLE_STMT, h); }

SQLRETURN Stmt::exec(const std::string& sql) {
  SQLFreeStmt(h, SQL_CLOSE);
  return SQLExecDirect(h, (SQLCHAR*)sql.c_str(), SQL_NTS);
}

std::vector<std::string> Stmt::columnNames() {
  std::vector<std::string> names;
  SQLSMALLINT n = 0;
  SQLNumResultCols(h, &n);
  for (SQLSMALLINT i = 1; i <= n; ++i) {
    SQLCHAR name[256];
    SQLSMALLINT len = 0, type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    SQLDescribeCol(h, i, name, sizeof name, &len, &type, &size, &digits, &nullable);
    names.emplace_back(reinterpret_cast<char*>(name));
  }
  return names;
}

std::vector<std::vector<std::optional<std::string>>> Stmt::rows() {
  std::vector<std::vector<std::optional<std::string>>> out;
  SQLSMALLINT n = 0;
  SQLNumResultCols(h, &n);
  while (true) {
    SQLRETURN rc = SQLFetch(h);
    if (rc == SQL_NO_DATA) break;
    if (!SQL_SUCCEEDED(rc)) {
      ADD_FAILURE() << "SQLFetch: " << diag();
      break;
    }
    std::vector<std::optional<std::string>> row;
    for (SQLSMALLINT c = 1; c <= n; ++c) {
      std::string value;
      char buf[256];
      SQLLEN ind = 0;
      bool isNull = false;
      while (true) {
        rc = SQLGetData(h, c, SQL_C_CHAR, buf, sizeof buf, &ind);
        if (rc == SQL_NO_DATA) break;
        if (!SQL_SUCCEEDED(rc)) {
          ADD_FAILURE() << "SQLGetData: " << diag();
          break;
        }
        if (ind == SQL_NULL_DATA) { isNull = true; break; }
        value += buf;
        if (rc == SQL_SUCCESS) break;
      }
      row.push_back(isNull ? std::nullopt : std::optional<std::string>(value));
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<std::vector<std::optional<std::string>>> Stmt::query(const std::string& sql) {
  SQLRETURN rc = exec(sql);
  if (!SQL_SUCCEEDED(rc)) {
    ADD_FAILURE() << "exec '" << sql << "': " << diag();
    return {};
  }
  return rows();
}

}  // namespace dsqltest
