// SET / RESET recognition for session restore after a transparent reconnect.
#include "shim/sql/session_setting.h"

#include <gtest/gtest.h>

namespace dsql::shim::sql {
namespace {

struct Row {
  const char* sql;
  bool recognised;
  const char* name;
  bool reset;
};

const Row kRows[] = {
    {"SET search_path = app, public", true, "search_path", false},
    {"set Search_Path to app", true, "search_path", false},
    {"SET SESSION timezone = 'Europe/Paris'", true, "timezone", false},
    {"SET TIME ZONE 'UTC'", true, "timezone", false},
    {"/* c */ SET -- x\n statement_timeout = 5000", true, "statement_timeout", false},
    {"SET \"TimeZone\" = 'UTC'", true, "TimeZone", false},
    {"SET myapp.tenant = '42'", true, "myapp.tenant", false},
    {"SET SCHEMA 'app'", true, "search_path", false},
    {"SET NAMES 'UTF8'", true, "client_encoding", false},
    {"SET search_path TO DEFAULT", true, "search_path", true},
    {"RESET search_path", true, "search_path", true},
    {"RESET ALL", true, "", true},
    {"SET LOCAL search_path = x", false, "", false},
    {"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", false, "", false},
    {"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", false, "", false},
    {"SET CONSTRAINTS ALL DEFERRED", false, "", false},
    {"SET ROLE other", false, "", false},
    {"SELECT 1", false, "", false},
    {"UPDATE t SET a = 1", false, "", false},
    {"SET", false, "", false},
    {"SET 'unterminated", false, "", false},
};

TEST(SessionSetting, Table) {
  for (const auto& r : kRows) {
    auto s = sessionSetting(r.sql);
    ASSERT_EQ(s.has_value(), r.recognised) << r.sql;
    if (!s) continue;
    EXPECT_EQ(s->name, r.name) << r.sql;
    EXPECT_EQ(s->reset, r.reset) << r.sql;
  }
}

}  // namespace
}  // namespace dsql::shim::sql
