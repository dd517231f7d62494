// SQLGetTypeInfo query generation: one row per supported type, right column set, ordering by DATA_TYPE with
// the closest mapping first, ODBC 2 type codes, empty results and HY004.
#include "driver/info/type_info.h"
#include "shim/common/error.h"

#include <gtest/gtest.h>

#include <regex>
#include <utility>
#include <vector>

namespace dsql::driver {
namespace {

// (TYPE_NAME, DATA_TYPE) of each VALUES row, in row order.
std::vector<std::pair<std::string, int>> rowsOf(const std::string& sql) {
  std::vector<std::pair<std::string, int>> rows;
  std::regex row(R"(\('([a-z0-9]+)'::varchar\(128\), (-?\d+)::int2)");
  for (std::sregex_iterator it(sql.begin(), sql.end(), row), end; it != end; ++it)
    rows.emplace_back((*it)[1], std::stoi((*it)[2]));
  return rows;
}

TEST(TypeInfo, AllTypesListsEachSupportedTypeOnce) {
  auto rows = rowsOf(typeInfoQuery(SQL_ALL_TYPES, TypeOptions{}));
  ASSERT_EQ(rows.size(), typeInfoOids().size());
  for (unsigned oid : typeInfoOids()) {
    std::string name(pgType(oid).name);
    int count = 0;
    for (const auto& r : rows) count += r.first == name;
    EXPECT_EQ(count, 1) << name;
  }
  for (const char* refused : {"xml", "name", "oid", "_int4", "char", "timetz"})
    for (const auto& r : rows) EXPECT_NE(r.first, refused);
}

TEST(TypeInfo, OrderedByDataTypeClosestFirst) {
  auto rows = rowsOf(typeInfoQuery(SQL_ALL_TYPES, TypeOptions{}));
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_LE(rows[i - 1].second, rows[i].second) << rows[i].first;
  // timestamp is what the driver sends for SQL_TYPE_TIMESTAMP, so it precedes timestamptz.
  auto ts = typeInfoQuery(SQL_TYPE_TIMESTAMP, TypeOptions{});
  auto tsRows = rowsOf(ts);
  ASSERT_EQ(tsRows.size(), 2u);
  EXPECT_EQ(tsRows[0].first, "timestamp");
  EXPECT_EQ(tsRows[1].first, "timestamptz");
}

TEST(TypeInfo, OneTypeAndOptions) {
  auto rows = rowsOf(typeInfoQuery(SQL_INTEGER, TypeOptions{}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], std::make_pair(std::string("int4"), static_cast<int>(SQL_INTEGER)));
  auto wide = rowsOf(typeInfoQuery(SQL_WVARCHAR, TypeOptions{}));
  ASSERT_FALSE(wide.empty());
  EXPECT_EQ(wide[0].first, "varchar");
  TypeOptions ansi;
  ansi.wideCharTypes = false;
  EXPECT_TRUE(rowsOf(typeInfoQuery(SQL_WVARCHAR, ansi)).empty());
  auto narrow = rowsOf(typeInfoQuery(SQL_VARCHAR, ansi));
  ASSERT_FALSE(narrow.empty());
  EXPECT_EQ(narrow[0].first, "varchar");
  TypeOptions boolChar;
  boolChar.boolsAsChar = true;
  EXPECT_TRUE(rowsOf(typeInfoQuery(SQL_BIT, boolChar)).empty());
  EXPECT_EQ(rowsOf(typeInfoQuery(SQL_BIT, TypeOptions{})).size(), 1u);
}

TEST(TypeInfo, Odbc2DateCodesMapToOdbc3) {
  TypeOptions o;
  EXPECT_EQ(typeInfoQuery(SQL_DATE, o), typeInfoQuery(SQL_TYPE_DATE, o));
  EXPECT_EQ(typeInfoQuery(SQL_TIME, o), typeInfoQuery(SQL_TYPE_TIME, o));
  EXPECT_EQ(typeInfoQuery(SQL_TIMESTAMP, o), typeInfoQuery(SQL_TYPE_TIMESTAMP, o));
  EXPECT_EQ(rowsOf(typeInfoQuery(SQL_DATE, o)).at(0).first, "date");
}

TEST(TypeInfo, ColumnsAndEmptyResult) {
  std::string sql = typeInfoQuery(SQL_INTERVAL_DAY, TypeOptions{});  // valid type, no row: empty, same shape
  EXPECT_NE(sql.find("WHERE FALSE"), std::string::npos);
  const char* columns[] = {"TYPE_NAME", "DATA_TYPE", "COLUMN_SIZE", "LITERAL_PREFIX", "LITERAL_SUFFIX",
                           "CREATE_PARAMS", "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE",
                           "FIXED_PREC_SCALE", "AUTO_UNIQUE_VALUE", "LOCAL_TYPE_NAME", "MINIMUM_SCALE",
                           "MAXIMUM_SCALE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "NUM_PREC_RADIX",
                           "INTERVAL_PRECISION"};
  size_t pos = 0;
  for (const char* c : columns) {
    size_t at = sql.find(std::string("AS \"") + c + "\"", pos);
    ASSERT_NE(at, std::string::npos) << c << " missing or out of order";
    pos = at;
  }
}

TEST(TypeInfo, InvalidTypeIsHY004) {
  try {
    typeInfoQuery(12345, TypeOptions{});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "HY004");
  }
}

}  // namespace
}  // namespace dsql::driver
