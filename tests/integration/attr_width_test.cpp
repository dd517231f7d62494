// Integer attributes honour the width the application states: SQLGetStmtAttr / SQLGetConnectAttr with
// SQL_IS_UINTEGER write 4 bytes and with SQL_IS_USMALLINT 2, even for attributes whose natural type is
// SQLULEN (8 bytes); guard bytes around the variable prove nothing beyond it is written. Without a stated
// width, the natural type's width is written in full.
#include <cstring>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

constexpr unsigned char kGuard = 0xEE;

// A variable of `width` bytes with 8 guard bytes either side.
struct Guarded {
  alignas(8) unsigned char bytes[24];
  explicit Guarded() { std::memset(bytes, kGuard, sizeof bytes); }
  SQLPOINTER var() { return bytes + 8; }
  bool guardsIntact(std::size_t width) const {
    for (std::size_t i = 0; i < sizeof bytes; ++i)
      if ((i < 8 || i >= 8 + width) && bytes[i] != kGuard) return false;
    return true;
  }
  std::uint64_t value(std::size_t width) const {
    if (width == 2) { std::uint16_t v; std::memcpy(&v, bytes + 8, 2); return v; }
    if (width == 4) { std::uint32_t v; std::memcpy(&v, bytes + 8, 4); return v; }
    std::uint64_t v; std::memcpy(&v, bytes + 8, 8); return v;
  }
};

struct Case {
  SQLINTEGER attribute;
  const char* name;
  std::uint64_t expected;
};

class AttrWidthTest : public ::testing::Test {
 protected:
  void SetUp() override { connectOrFail(c_, kPgDsn); }
  Conn c_;
};

// Set values first so that each attribute has a recognisable, non-zero value where it can.
void prepare(Stmt& s) {
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER)SQL_CURSOR_STATIC, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_MAX_ROWS, (SQLPOINTER)1234, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_NOSCAN, (SQLPOINTER)SQL_NOSCAN_ON, 0), s.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)7, 0), s.diag());
}

const Case kStmtCases[] = {
    {SQL_ATTR_CURSOR_TYPE, "SQL_ATTR_CURSOR_TYPE", SQL_CURSOR_STATIC},
    {SQL_ATTR_CONCURRENCY, "SQL_ATTR_CONCURRENCY", SQL_CONCUR_READ_ONLY},
    {SQL_ATTR_ASYNC_ENABLE, "SQL_ATTR_ASYNC_ENABLE", SQL_ASYNC_ENABLE_OFF},
    {SQL_ATTR_CURSOR_SCROLLABLE, "SQL_ATTR_CURSOR_SCROLLABLE", SQL_SCROLLABLE},
    {SQL_ATTR_NOSCAN, "SQL_ATTR_NOSCAN", SQL_NOSCAN_ON},
    {SQL_ATTR_MAX_ROWS, "SQL_ATTR_MAX_ROWS", 1234},
    {SQL_ATTR_ROW_ARRAY_SIZE, "SQL_ATTR_ROW_ARRAY_SIZE", 7},
    {SQL_ATTR_QUERY_TIMEOUT, "SQL_ATTR_QUERY_TIMEOUT", 0},
};

TEST_F(AttrWidthTest, StatementAttributesHonourTheStatedWidth) {
  Stmt s(c_);
  prepare(s);
  struct Width { SQLINTEGER code; std::size_t bytes; };
  for (Width w : {Width{SQL_IS_UINTEGER, 4}, Width{SQL_IS_INTEGER, 4}, Width{SQL_IS_USMALLINT, 2},
                  Width{SQL_IS_SMALLINT, 2}}) {
    for (const Case& k : kStmtCases) {
      Guarded g;
      SQLINTEGER len = -1;
      ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, k.attribute, g.var(), w.code, &len), k.name);
      EXPECT_TRUE(g.guardsIntact(w.bytes)) << k.name << " wrote beyond " << w.bytes << " bytes";
      EXPECT_EQ(g.value(w.bytes), k.expected) << k.name << " as " << w.bytes << " bytes";
    }
  }
}

TEST_F(AttrWidthTest, StatementAttributesWithoutAStatedWidthAreSqlulen) {
  Stmt s(c_);
  prepare(s);
  for (const Case& k : kStmtCases) {
    Guarded g;
    ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, k.attribute, g.var(), 0, nullptr), k.name);
    EXPECT_TRUE(g.guardsIntact(sizeof(SQLULEN))) << k.name;
    EXPECT_EQ(g.value(sizeof(SQLULEN)), k.expected) << k.name << ": all 8 bytes written";
  }
  Guarded p;  // a pointer attribute: the whole pointer
  SQLULEN fetched = 0;
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, SQL_IS_POINTER), s.diag());
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, p.var(), SQL_IS_POINTER, nullptr), s.diag());
  EXPECT_TRUE(p.guardsIntact(sizeof(SQLPOINTER)));
  EXPECT_EQ(p.value(sizeof(SQLPOINTER)), reinterpret_cast<std::uintptr_t>(&fetched));
}

TEST_F(AttrWidthTest, ConnectionAttributesHonourTheStatedWidth) {
  ASSERT_ODBC_OK(SQLSetConnectAttr(c_.h, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0), c_.diag());
  {
    Guarded g;
    ASSERT_ODBC_OK(SQLGetConnectAttr(c_.h, SQL_ATTR_AUTOCOMMIT, g.var(), SQL_IS_USMALLINT, nullptr), c_.diag());
    EXPECT_TRUE(g.guardsIntact(2));
    EXPECT_EQ(g.value(2), static_cast<std::uint64_t>(SQL_AUTOCOMMIT_OFF));
  }
  {
    Guarded g;  // natural type SQLUINTEGER: 4 bytes without a stated width
    ASSERT_ODBC_OK(SQLGetConnectAttr(c_.h, SQL_ATTR_TXN_ISOLATION, g.var(), 0, nullptr), c_.diag());
    EXPECT_TRUE(g.guardsIntact(4));
    EXPECT_EQ(g.value(4), static_cast<std::uint64_t>(SQL_TXN_READ_COMMITTED));
  }
  {
    Guarded g;  // natural type SQLULEN, asked for as SQL_IS_UINTEGER
    ASSERT_ODBC_OK(SQLGetConnectAttr(c_.h, SQL_ATTR_ASYNC_ENABLE, g.var(), SQL_IS_UINTEGER, nullptr), c_.diag());
    EXPECT_TRUE(g.guardsIntact(4));
    EXPECT_EQ(g.value(4), static_cast<std::uint64_t>(SQL_ASYNC_ENABLE_OFF));
  }
  SQLEndTran(SQL_HANDLE_DBC, c_.h, SQL_ROLLBACK);
}

}  // namespace
