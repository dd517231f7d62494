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

bool isCharacterFamily(int t) {
  return t == SQL_CHAR || t == SQL_VARCHAR || t == SQL_LONGVARCHAR || t == SQL_WCHAR || t == SQL_WVARCHAR ||
         t == SQL_WLONGVARCHAR;
}

bool isWide(int t) { return t == SQL_WCHAR || t == SQL_WVARCHAR || t == SQL_WLONGVARCHAR; }

TEST(TypeInfo, AllTypesListsEachSupportedTypeOnceAndCharacterTypesInBothFamilies) {
  for (bool wide : {true, false}) {
    TypeOptions o;
    o.wideCharTypes = wide;
    auto rows = rowsOf(typeInfoQuery(SQL_ALL_TYPES, o));
    for (unsigned oid : typeInfoOids()) {
      std::string name(pgType(oid).name);
      std::vector<int> types;
      for (const auto& r : rows)
        if (r.first == name) types.push_back(r.second);
      ASSERT_FALSE(types.empty()) << name;
      if (!isCharacterFamily(types[0])) {
        EXPECT_EQ(types.size(), 1u) << name;
        continue;
      }
      ASSERT_EQ(types.size(), 2u) << name;  // one wide row, then one narrow row (ordered by DATA_TYPE)
      EXPECT_TRUE(isCharacterFamily(types[1])) << name;
      EXPECT_TRUE(isWide(types[0])) << name;
      EXPECT_FALSE(isWide(types[1])) << name;
    }
  }
  auto rows = rowsOf(typeInfoQuery(SQL_ALL_TYPES, TypeOptions{}));
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
  for (const TypeOptions& o : {TypeOptions{}, ansi}) {  // both families answer, whatever WideCharTypes says
    for (auto [sqlType, first] : {std::pair<int, const char*>{SQL_VARCHAR, "varchar"}, {SQL_WVARCHAR, "varchar"},
                                  {SQL_CHAR, "bpchar"}, {SQL_WCHAR, "bpchar"}, {SQL_LONGVARCHAR, "text"},
                                  {SQL_WLONGVARCHAR, "text"}}) {
      auto r = rowsOf(typeInfoQuery(static_cast<SQLSMALLINT>(sqlType), o));
      ASSERT_FALSE(r.empty()) << sqlType;
      EXPECT_EQ(r[0].first, first) << sqlType;
      for (const auto& row : r) EXPECT_EQ(row.second, sqlType);
    }
  }
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
