// Truncation and piecewise SQLGetData: exact indicator values, NUL termination, byte counts of SQL_C_WCHAR,
// surrogate pairs kept whole, and the final NoData of every sequence.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driver/convert/pg_types.h"
#include "tests/unit/convert/convert_test_util.h"

namespace dsql::driver {
namespace {

using test::cellOf;
using test::runToC;

struct Step {
  std::string outcome;
  SQLLEN indicator;
  std::string data;  // bytes written (without the terminator)
};

// Calls toC with a piece state until NoData (at most 50 calls), recording each call.
std::vector<Step> drain(const Cell& c, SQLSMALLINT cType, SQLLEN bufferLength) {
  std::vector<Step> steps;
  std::size_t piece = 0;
  for (int i = 0; i < 50; ++i) {
    std::vector<unsigned char> buf(static_cast<std::size_t>(bufferLength) + 2, 0xEE);
    SQLLEN ind = -12345;
    std::string o = runToC(c, cType, buf.data(), bufferLength, &ind, &piece);
    Step s{o, ind, {}};
    if (o == "NoData") {
      EXPECT_EQ(ind, -12345) << "NoData must not touch the indicator";
      steps.push_back(s);
      break;
    }
    std::size_t n = 0;
    if (cType == SQL_C_CHAR) n = std::strlen(reinterpret_cast<char*>(buf.data()));
    else if (cType == SQL_C_WCHAR) while (buf[n] || buf[n + 1]) n += 2;
    else n = std::min<std::size_t>(static_cast<std::size_t>(bufferLength), static_cast<std::size_t>(ind));
    s.data.assign(reinterpret_cast<char*>(buf.data()), n);
    steps.push_back(s);
  }
  return steps;
}

TEST(Piecewise, LongTextInCharPieces) {
  auto steps = drain(cellOf("abcdefghij", kOidText), SQL_C_CHAR, 4);  // 3 bytes + NUL per piece
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].outcome, "01004");
  EXPECT_EQ(steps[0].indicator, 10);
  EXPECT_EQ(steps[0].data, "abc");
  EXPECT_EQ(steps[1].indicator, 7);
  EXPECT_EQ(steps[1].data, "def");
  EXPECT_EQ(steps[2].indicator, 4);
  EXPECT_EQ(steps[2].data, "ghi");
  EXPECT_EQ(steps[3].outcome, "Ok");
  EXPECT_EQ(steps[3].indicator, 1);
  EXPECT_EQ(steps[3].data, "j");
  EXPECT_EQ(steps[4].outcome, "NoData");
}

TEST(Piecewise, BoundColumnTruncationReportsFullLength) {
  char buf[6];
  SQLLEN ind = 0;
  EXPECT_EQ(runToC(cellOf("hello world", kOidVarchar), SQL_C_CHAR, buf, sizeof buf, &ind), "01004");
  EXPECT_EQ(ind, 11);
  EXPECT_STREQ(buf, "hello");
  // Exactly fitting (length + NUL) is not truncation.
  EXPECT_EQ(runToC(cellOf("hello", kOidVarchar), SQL_C_CHAR, buf, sizeof buf, &ind), "Ok");
  EXPECT_EQ(ind, 5);
  // A zero-length buffer only reports the length.
  buf[0] = 'x';
  EXPECT_EQ(runToC(cellOf("hello", kOidVarchar), SQL_C_CHAR, buf, 0, &ind), "01004");
  EXPECT_EQ(ind, 5);
  EXPECT_EQ(buf[0], 'x');
}

TEST(Piecewise, EmptyValueThenNoData) {
  auto steps = drain(cellOf("", kOidText), SQL_C_CHAR, 8);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].outcome, "Ok");
  EXPECT_EQ(steps[0].indicator, 0);
  EXPECT_EQ(steps[1].outcome, "NoData");
}

TEST(Piecewise, WideCountsBytesAndKeepsPairsWhole) {
  // "a" U+1F600 "b": UTF-16 units a, D83D, DE00, b = 8 bytes.
  Cell c = cellOf("a\xF0\x9F\x98\x80" "b", kOidText);
  // Buffer of 3 units: 2 data units + NUL. The first piece would end inside the pair, so it stops after "a".
  auto steps = drain(c, SQL_C_WCHAR, 6);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].outcome, "01004");
  EXPECT_EQ(steps[0].indicator, 8);
  EXPECT_EQ(steps[0].data, std::string("a\0", 2));
  EXPECT_EQ(steps[1].outcome, "01004");
  EXPECT_EQ(steps[1].indicator, 6);
  EXPECT_EQ(steps[1].data, std::string("\x3D\xD8\x00\xDE", 4));
  EXPECT_EQ(steps[2].outcome, "Ok");
  EXPECT_EQ(steps[2].indicator, 2);
  EXPECT_EQ(steps[2].data, std::string("b\0", 2));
  EXPECT_EQ(steps[3].outcome, "NoData");
}

TEST(Piecewise, WideOddBufferLengthRoundsDown) {
  SQLWCHAR buf[4];
  SQLLEN ind = 0;
  // 7 bytes hold 3 units: 2 characters + NUL.
  EXPECT_EQ(runToC(cellOf("wxyz", kOidText), SQL_C_WCHAR, buf, 7, &ind), "01004");
  EXPECT_EQ(ind, 8);
  EXPECT_EQ(buf[0], u'w');
  EXPECT_EQ(buf[1], u'x');
  EXPECT_EQ(buf[2], 0);
}

TEST(Piecewise, ByteaBinaryPieces) {
  auto steps = drain(cellOf("\\x000102030405fe", kOidBytea), SQL_C_BINARY, 3);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].outcome, "01004");
  EXPECT_EQ(steps[0].indicator, 7);
  EXPECT_EQ(steps[0].data, std::string("\x00\x01\x02", 3));
  EXPECT_EQ(steps[1].indicator, 4);
  EXPECT_EQ(steps[1].data, std::string("\x03\x04\x05", 3));
  EXPECT_EQ(steps[2].outcome, "Ok");
  EXPECT_EQ(steps[2].indicator, 1);
  EXPECT_EQ(steps[2].data, "\xfe");
  EXPECT_EQ(steps[3].outcome, "NoData");
}

TEST(Piecewise, ByteaAsHexCharPieces) {
  auto steps = drain(cellOf("\\x0a1bff", kOidBytea), SQL_C_CHAR, 5);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].indicator, 6);
  EXPECT_EQ(steps[0].data, "0a1b");
  EXPECT_EQ(steps[1].indicator, 2);
  EXPECT_EQ(steps[1].data, "ff");
  EXPECT_EQ(steps[2].outcome, "NoData");
}

TEST(Piecewise, FixedTypesAndNullReturnNoDataSecondTime) {
  std::size_t piece = 0;
  SQLINTEGER v = 0;
  SQLLEN ind = 0;
  EXPECT_EQ(runToC(cellOf("42", kOidInt4), SQL_C_SLONG, &v, 0, &ind, &piece), "Ok");
  EXPECT_EQ(v, 42);
  EXPECT_EQ(runToC(cellOf("42", kOidInt4), SQL_C_SLONG, &v, 0, &ind, &piece), "NoData");
  piece = 0;
  Cell null{nullptr, 0, true, kOidText, -1};
  char buf[4];
  EXPECT_EQ(runToC(null, SQL_C_CHAR, buf, sizeof buf, &ind, &piece), "Ok");
  EXPECT_EQ(ind, SQL_NULL_DATA);
  EXPECT_EQ(runToC(null, SQL_C_CHAR, buf, sizeof buf, &ind, &piece), "NoData");
}

TEST(Piecewise, NonByteaBinaryIsTextBytes) {
  unsigned char buf[16];
  SQLLEN ind = 0;
  EXPECT_EQ(runToC(cellOf("123", kOidInt4), SQL_C_BINARY, buf, sizeof buf, &ind), "Ok");
  EXPECT_EQ(ind, 3);
  EXPECT_EQ(std::memcmp(buf, "123", 3), 0);
}

TEST(Piecewise, LargeTextRoundTripsThroughSmallPieces) {
  std::string big;
  for (int i = 0; i < 5000; ++i) big += static_cast<char>('a' + i % 26);
  Cell c{big.data(), big.size(), false, kOidText, -1};
  auto steps = drain(c, SQL_C_CHAR, 1024);
  ASSERT_EQ(steps.size(), 6u);  // 4 full pieces of 1023, one of 908, then NoData
  std::string joined;
  for (const Step& s : steps) joined += s.data;
  EXPECT_EQ(joined, big);
  EXPECT_EQ(steps[4].indicator, 5000 - 4 * 1023);
  EXPECT_EQ(steps.back().outcome, "NoData");
}

}  // namespace
}  // namespace dsql::driver
