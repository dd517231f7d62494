// SQLGetFunctions: the table matches the functions driver/api really exports (read from its source), and the
// ODBC 3 bitmap and ODBC 2 array agree with driverImplements().
#include "driver/info/functions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace dsql::driver {
namespace {

// ANSI names of every `SQLRETURN SQL_API SQLxxx(` in driver/api (W variants folded onto their ANSI name).
std::set<std::string> exportedInSource() {
  std::set<std::string> names;
  std::regex entry(R"(SQLRETURN\s+SQL_API\s+(SQL[A-Za-z]+)\s*\()");
  for (const auto& f : std::filesystem::directory_iterator(std::string(DSQL_SOURCE_DIR) + "/driver/api")) {
    if (f.path().extension() != ".cpp") continue;
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), entry), end; it != end; ++it) {
      std::string n = (*it)[1];
      if (n.back() == 'W') n.pop_back();  // no ANSI ODBC name ends in W
      names.insert(n);
    }
  }
  return names;
}

TEST(Functions, TableMatchesExportedEntryPoints) {
  std::set<std::string> table;
  for (const auto& f : exportedFunctions()) EXPECT_TRUE(table.insert(std::string(f.name)).second) << f.name;
  std::set<std::string> source = exportedInSource();
  if (source.empty()) GTEST_SKIP() << "driver/api has no entry points yet";
  EXPECT_EQ(table, source);
}

TEST(Functions, BriefListHasFiftyEightRows) {
  EXPECT_EQ(exportedFunctions().size(), 58u);
  EXPECT_TRUE(driverImplements(SQL_API_SQLEXTENDEDFETCH));  // ODBC 2, passed through by unixODBC
  EXPECT_TRUE(driverImplements(SQL_API_SQLGETTYPEINFO));
  EXPECT_TRUE(driverImplements(SQL_API_SQLFOREIGNKEYS));
  EXPECT_TRUE(driverImplements(SQL_API_SQLBULKOPERATIONS));  // positioned operations (statement_setpos.cpp)
  EXPECT_TRUE(driverImplements(SQL_API_SQLSETPOS));
  EXPECT_FALSE(driverImplements(SQL_API_SQLBROWSECONNECT));
  EXPECT_FALSE(driverImplements(SQL_API_SQLALLOCCONNECT));  // ODBC 2: mapped by the driver manager
}

TEST(Functions, Odbc3BitmapAgreesWithTable) {
  SQLUSMALLINT bitmap[SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
  std::fill(std::begin(bitmap), std::end(bitmap), 0xFFFF);  // stale garbage must be cleared
  fillFunctionBitmap(bitmap);
  int set = 0;
  for (SQLUSMALLINT id = 0; id < SQL_API_ODBC3_ALL_FUNCTIONS_SIZE * 16; ++id) {
    bool bit = SQL_FUNC_EXISTS(bitmap, id) == SQL_TRUE;
    EXPECT_EQ(bit, driverImplements(id)) << id;
    set += bit;
  }
  EXPECT_EQ(set, static_cast<int>(exportedFunctions().size()));
}

TEST(Functions, Odbc2ArrayAgreesWithTable) {
  SQLUSMALLINT array[100];
  std::fill(std::begin(array), std::end(array), 7);
  fillFunctionArray(array);
  for (SQLUSMALLINT id = 0; id < 100; ++id) EXPECT_EQ(array[id] == SQL_TRUE, driverImplements(id)) << id;
  EXPECT_EQ(array[SQL_API_SQLCONNECT], SQL_TRUE);
  EXPECT_EQ(array[SQL_API_SQLTRANSACT], SQL_FALSE);
}

}  // namespace
}  // namespace dsql::driver
