// Connecting through the driver manager: DSN, DSN-less connection strings, braces, aliases, the
// out-string (secrets never echoed), malformed strings, bad passwords, TLS modes, IAM against the emulator,
// and a server that stops answering while the driver retries.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

std::string pgConnString(const std::string& extra = "") {
  // The fixture's PostgreSQL facts come from the DSN; re-spelled here as a DSN-less string.
  const char* ini = std::getenv("ODBCINI");
  std::ifstream f(ini ? ini : "");
  std::string line, section, port, pwd, cert, uid;
  while (std::getline(f, line)) {
    if (line.rfind("[", 0) == 0) section = line;
    if (section != "[dsql_pg]") continue;
    auto value = [&](const char* key) {
      std::string k = std::string(key) + " = ";
      return line.rfind(k, 0) == 0 ? line.substr(k.size()) : std::string();
    };
    if (auto v = value("Port"); !v.empty()) port = v;
    if (auto v = value("PWD"); !v.empty()) pwd = v;
    if (auto v = value("SSLRootCert"); !v.empty()) cert = v;
    if (auto v = value("UID"); !v.empty()) uid = v;
  }
  // `extra` goes first: when a key is repeated, ODBC uses its first occurrence.
  return "Driver=DSQL;" + (extra.empty() ? std::string() : extra + ";") + "Host=localhost;Port=" + port +
         ";Database=postgres;Username=" + uid + ";Password={" + pwd + "};SSLMode=verify-full;SSLRootCert={" + cert + "}";
}

TEST(ConnectTest, ByDsn) {
  Conn c;
  connectOrFail(c, kPgDsn);
  Stmt s(c);
  auto rows = s.query("SELECT 41 + 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "42");
}

TEST(ConnectTest, DsnLessWithAliasesAndBraces) {
  Conn c;
  std::string out;
  SQLRETURN rc = c.driverConnect(pgConnString("ApplicationName={odbc;test app}"), &out);
  ASSERT_TRUE(SQL_SUCCEEDED(rc)) << c.diag();
  Stmt s(c);
  auto rows = s.query("SELECT current_setting('application_name'), ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "odbc;test app");
  EXPECT_EQ(rows[0][1], "1");  // TLS in use (bool rendered as 1 through SQL_C_CHAR)
  // The out-string names canonical keys and never carries the password.
  EXPECT_NE(out.find("Server=localhost"), std::string::npos) << out;
  EXPECT_NE(out.find("ApplicationName={odbc;test app}"), std::string::npos) << out;
  EXPECT_EQ(out.find("PWD"), std::string::npos) << out;
  EXPECT_EQ(out.find("dsqltest-pw"), std::string::npos) << out;
}

TEST(ConnectTest, DsnPlusOverridesFromConnectionString) {
  Conn c;
  std::string out;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=dsql_pg;ApplicationName=override", &out))) << c.diag();
  Stmt s(c);
  auto rows = s.query("SELECT current_setting('application_name')");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "override");
}

TEST(ConnectTest, MalformedConnectionStringIsRefused) {
  Conn c;
  SQLRETURN rc = c.driverConnect(pgConnString() + ";ApplicationName={unterminated");
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_NE(c.diag().find("unterminated '{'"), std::string::npos) << c.diag();
}

TEST(ConnectTest, InvalidKeyValueIsRefused) {
  Conn c;
  SQLRETURN rc = c.driverConnect(pgConnString("SSLMode=verify-everything"));
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, c.h), "HY024") << c.diag();
  EXPECT_NE(c.diag().find("SSLMode"), std::string::npos);
}

TEST(ConnectTest, UnknownKeysAreIgnored) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect(pgConnString("NoSuchKey=1;AnotherOne={x}")))) << c.diag();
}

TEST(ConnectTest, WrongPasswordNeverEchoesIt) {
  Conn c;
  std::string s = pgConnString();
  auto p = s.find("Password={");
  s = s.substr(0, p) + "Password={very-wrong-secret};" + s.substr(s.find("};", p) + 2);
  SQLRETURN rc = c.driverConnect(s);
  EXPECT_EQ(rc, SQL_ERROR);
  std::string d = c.diag();
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, c.h), "28000") << d;
  EXPECT_EQ(d.find("very-wrong-secret"), std::string::npos) << d;
}

TEST(ConnectTest, VerifyFullFailsWithoutTheRightCa) {
  Conn c;
  std::string s = pgConnString();
  s += "SSLRootCert=/etc/ssl/certs/ca-certificates.crt;";  // later key wins: the test CA is not in there
  EXPECT_EQ(c.driverConnect(s), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, c.h), "08001") << c.diag();
}

TEST(ConnectTest, EverySslModeWorksAgainstPostgres) {
  for (const char* mode : {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}) {
    Conn c;
    ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect(pgConnString(std::string("SSLMode=") + mode + ";")))) << mode << c.diag();
    Stmt s(c);
    auto rows = s.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], std::string(mode) == "disable" || std::string(mode) == "allow" ? "0" : "1") << mode;
  }
}

TEST(ConnectTest, UnreachableServerGivesAConnectionError) {
  Conn c;
  SQLSetConnectAttr(c.h, SQL_ATTR_LOGIN_TIMEOUT, reinterpret_cast<SQLPOINTER>(2), 0);
  // Nothing listens on loopback port 1: the attempt fails at once with a connection diagnostic.
  SQLRETURN rc = c.driverConnect("Driver=DSQL;Server=localhost;HostAddr=127.0.0.1;Port=1;UID=x;PWD=y;SSLMode=disable");
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, c.h), "08001") << c.diag();
}

// A loopback listener playing a server that fails and then falls silent: its first connection is held for
// `firstHold` and then closed without a word (libpq: "server closed the connection unexpectedly", which the
// driver retries); every later connection is accepted and never answered.
class DyingThenSilentServer {
 public:
  explicit DyingThenSilentServer(std::chrono::milliseconds firstHold) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listener_, 8) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      ADD_FAILURE() << "could not listen on loopback";
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this, firstHold] { serve(firstHold); });
  }
  ~DyingThenSilentServer() {
    stop_ = true;
    thread_.join();
    close(listener_);
  }
  int port() const { return port_; }
  int connections() const { return accepted_.load(); }

 private:
  void serve(std::chrono::milliseconds firstHold) {
    std::vector<int> silent;
    int first = -1;
    std::chrono::steady_clock::time_point closeAt;
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (poll(&p, 1, 20) == 1) {
        const int c = accept(listener_, nullptr, nullptr);
        if (c >= 0 && accepted_++ == 0) {
          first = c;
          closeAt = std::chrono::steady_clock::now() + firstHold;
        } else if (c >= 0) {
          silent.push_back(c);
        }
      }
      if (first >= 0 && std::chrono::steady_clock::now() >= closeAt) {
        close(first);
        first = -1;
      }
    }
    if (first >= 0) close(first);
    for (int c : silent) close(c);
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

// Every wait is bounded: a retry against a server that no longer answers waits only for what is left of
// the login timeout. With 6 s and a first attempt of 2 s, the retry's connect_timeout is the 4 s left, so
// the connect ends by about 6 s (libpq 15 counts whole seconds, so a little before or after); given the
// whole login timeout again, the retry would end after 7 s.
TEST(ConnectTest, ARetryWaitsForASilentServerOnlyWhatIsLeftOfTheLoginTimeout) {
  DyingThenSilentServer server(std::chrono::milliseconds(2000));
  Conn c;
  SQLSetConnectAttr(c.h, SQL_ATTR_LOGIN_TIMEOUT, reinterpret_cast<SQLPOINTER>(6), 0);
  const auto started = std::chrono::steady_clock::now();
  SQLRETURN rc = c.driverConnect("Driver=DSQL;Server=localhost;HostAddr=127.0.0.1;Port=" + std::to_string(server.port()) +
                                 ";UID=x;PWD=silent-server-pw;SSLMode=disable;RetryBaseDelay=20");
  const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(rc, SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_DBC, c.h), "HYT00") << c.diag();
  EXPECT_EQ(server.connections(), 2) << "the first failure is retried, and the retry is the last attempt";
  EXPECT_GT(spent, 4.0) << c.diag();
  EXPECT_LT(spent, 7.0) << c.diag();
  EXPECT_EQ(c.diag().find("silent-server-pw"), std::string::npos);
}

TEST(ConnectTest, IamThroughTheEmulatorAsAdmin) {
  if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
  Conn c;
  connectOrFail(c, kEmuDsn);
  Stmt s(c);
  auto rows = s.query("SELECT current_user");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "admin");
  char version[64] = {0};
  SQLSMALLINT len = 0;
  ASSERT_EQ(SQLGetInfo(c.h, SQL_DBMS_VER, version, sizeof version, &len), SQL_SUCCESS);
  EXPECT_STREQ(version, "16.00.0015");  // ODBC ##.##.#### form of server_version 16.15
}

TEST(ConnectTest, IamRefusedWithWrongSecret) {
  if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
  Conn c;
  SQLRETURN rc = c.driverConnect("DSN=dsql_emu;AccessKeyId=AKIDEMULATORSTATIC01;SecretAccessKey={not-the-secret}");
  EXPECT_EQ(rc, SQL_ERROR);
  std::string d = c.diag();
  EXPECT_NE(d.find("access denied"), std::string::npos) << d;
  EXPECT_EQ(d.find("not-the-secret"), std::string::npos) << d;
  EXPECT_EQ(d.find("X-Amz-Signature="), std::string::npos) << d;
}

}  // namespace
