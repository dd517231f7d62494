// Connection settings without a driver manager: the connection-string grammar, the merge of DSN entries
// and a connection string, and the out-string, which must parse back to the same settings (the
// application may hand it to SQLDriverConnect again). Cases found by tests/fuzz/connection_string_fuzz.
#include <gtest/gtest.h>

#include "driver/config/settings.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace {

std::string roundTrip(const std::string& out) {
  Settings again;
  again.apply(parseConnectionString(out));
  again.validate();
  return again.outString();
}

TEST(ConnectionString, OutStringRoundTripsValuesWithWhitespaceAndSeparators) {
  Settings s;
  s.set("Servername", "\tlocalhost");  // a DSN value with a leading tab (found by fuzzing)
  s.apply(parseConnectionString("Database={a;b}};c};ApplicationName={x=y};UID= spaced "));
  s.validate();
  const std::string out = s.outString();
  EXPECT_EQ(s.get("Server"), "\tlocalhost");
  EXPECT_EQ(roundTrip(out), out);
  Settings again;
  again.apply(parseConnectionString(out));
  EXPECT_EQ(again.get("Server"), "\tlocalhost");
  EXPECT_EQ(again.get("Database"), "a;b};c");
  EXPECT_EQ(again.get("ApplicationName"), "x=y");
  EXPECT_EQ(again.get("UID"), "spaced");  // unbraced: trimmed, as ODBC reads it
}

TEST(ConnectionString, MalformedTextIs08001WithTheOffset) {
  for (const char* bad : {"Server", "=x", "Server={open", "Server={a}b"}) {
    try {
      parseConnectionString(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.sqlstate(), "08001") << bad;
      EXPECT_NE(std::string(e.what()).find("offset"), std::string::npos) << e.what();
    }
  }
}

TEST(ConnectionString, SecretsStayOutOfTheOutStringAndLogLine) {
  Settings s;
  s.apply(parseConnectionString("Server=h;UID=u;PWD={p;w};SecretAccessKey=abc;SessionToken=tok"));
  s.validate();
  EXPECT_EQ(s.outString().find("PWD"), std::string::npos);
  EXPECT_EQ(s.outString().find("p;w"), std::string::npos);
  EXPECT_EQ(s.forLog().find("abc"), std::string::npos);
  EXPECT_NE(s.forLog().find("PWD=***;"), std::string::npos);
}

}  // namespace
}  // namespace dsql::driver
