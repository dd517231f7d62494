// Truncation and piecewise SQLGetData: exact indicator values, NUL termination, byte counts of SQL_C_WCHAR,
// every truncated piece exactly BufferLength less the terminator (splitting UTF-8 characters and surrogate
// pairs where they straddle a piece end), and the final NoData of every sequence.
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
  PieceState piece;
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

// Every step as expected: outcome, indicator and data (the indicator of NoData is not compared).
void expectSteps(const std::vector<Step>& got, const std::vector<Step>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i));
    EXPECT_EQ(got[i].outcome, want[i].outcome);
    if (want[i].outcome == "NoData") continue;
    EXPECT_EQ(got[i].indicator, want[i].indicator);
    EXPECT_EQ(got[i].data, want[i].data);
  }
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

TEST(Piecewise, WideCountsBytesAndSplitsPairsToFillEachPiece) {
  // "a" U+1F600 "b": UTF-16 units a, D83D, DE00, b = 8 bytes.
  Cell c = cellOf("a\xF0\x9F\x98\x80" "b", kOidText);
  // Buffer of 3 units: 2 data units + NUL. The first piece ends inside the pair; the next one continues it.
  expectSteps(drain(c, SQL_C_WCHAR, 6), {{"01004", 8, std::string("a\0\x3D\xD8", 4)},
                                         {"Ok", 4, std::string("\x00\xDE" "b\0", 4)},
                                         {"NoData", 0, ""}});
}

TEST(Piecewise, WideRoomForOneUnitBeforeAPairMakesProgress) {
  // Room for one unit per piece (4 bytes = 1 unit + NUL) in front of a pair: the high and the low
  // surrogate come in separate pieces instead of the same empty answer forever.
  auto steps = drain(cellOf("\xF0\x9F\x98\x80\xF0\x9F\x98\x81", kOidText), SQL_C_WCHAR, 4);
  ASSERT_EQ(steps.size(), 5u);
  const char16_t expect[] = {0xD83D, 0xDE00, 0xD83D, 0xDE01};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(steps[i].outcome, i < 3 ? "01004" : "Ok");
    EXPECT_EQ(steps[i].indicator, 8 - 2 * i);
    EXPECT_EQ(steps[i].data, std::string(reinterpret_cast<const char*>(&expect[i]), 2));
  }
  EXPECT_EQ(steps[4].outcome, "NoData");
}

TEST(Piecewise, CharSplitsMultibyteCharactersToFillEachPiece) {
  // "é€" is 5 bytes of UTF-8; pieces of 2 bytes + NUL cut through the euro sign.
  expectSteps(drain(cellOf("\xC3\xA9\xE2\x82\xAC", kOidText), SQL_C_CHAR, 3),
              {{"01004", 5, "\xC3\xA9"}, {"01004", 3, "\xE2\x82"}, {"Ok", 1, "\xAC"}, {"NoData", 0, ""}});
}

TEST(Piecewise, NoRoomForDataConsumesNothing) {
  // BufferLength 1 (CHAR) or 2-3 (WCHAR) holds only the terminator: 01004, the full length, and the next
  // call with a larger buffer still starts at the beginning.
  Cell c = cellOf("xyz", kOidText);
  PieceState piece;
  char buf[8] = "#######";
  SQLLEN ind = 0;
  EXPECT_EQ(runToC(c, SQL_C_CHAR, buf, 1, &ind, &piece), "01004");
  EXPECT_EQ(ind, 3);
  EXPECT_EQ(buf[0], '\0');
  EXPECT_EQ(buf[1], '#');
  EXPECT_EQ(runToC(c, SQL_C_CHAR, buf, sizeof buf, &ind, &piece), "Ok");
  EXPECT_STREQ(buf, "xyz");
  PieceState wpiece;
  SQLWCHAR w[8];
  w[0] = u'#';
  EXPECT_EQ(runToC(c, SQL_C_WCHAR, w, 1, &ind, &wpiece), "01004");  // not even a whole terminator
  EXPECT_EQ(ind, 6);
  EXPECT_EQ(w[0], u'#');
  EXPECT_EQ(runToC(c, SQL_C_WCHAR, w, 3, &ind, &wpiece), "01004");
  EXPECT_EQ(w[0], 0);
  EXPECT_EQ(runToC(c, SQL_C_WCHAR, w, sizeof w, &ind, &wpiece), "Ok");
  EXPECT_EQ(ind, 6);
  EXPECT_EQ(w[2], u'z');
}

TEST(Piecewise, NullBufferReportsLengthAndConsumesNothing) {
  Cell c = cellOf("abcdef", kOidText);
  PieceState piece;
  char buf[4];
  SQLLEN ind = 0;
  EXPECT_EQ(runToC(c, SQL_C_CHAR, buf, sizeof buf, &ind, &piece), "01004");
  EXPECT_EQ(runToC(c, SQL_C_CHAR, nullptr, 0, &ind, &piece), "Ok");
  EXPECT_EQ(ind, 3);
  EXPECT_EQ(runToC(c, SQL_C_CHAR, buf, sizeof buf, &ind, &piece), "Ok");
  EXPECT_STREQ(buf, "def");
}

TEST(Piecewise, ConvertsOncePerColumn) {
  // The converted value is kept: a second piece reads it from the state, not from the cell.
  std::string text = "\xF0\x9F\x98\x80" "abc";
  Cell c{text.data(), text.size(), false, kOidText, -1};
  PieceState piece;
  SQLWCHAR w[3];
  SQLLEN ind = 0;
  EXPECT_EQ(runToC(c, SQL_C_WCHAR, w, sizeof w, &ind, &piece), "01004");
  EXPECT_TRUE(piece.owns);
  EXPECT_EQ(piece.value().size(), 10u);
  EXPECT_EQ(piece.offset, 4u);
  text.replace(4, 3, "XYZ");  // same cell pointer: were it converted again, the pieces would change
  EXPECT_EQ(runToC(c, SQL_C_WCHAR, w, sizeof w, &ind, &piece), "01004");
  EXPECT_EQ(w[0], u'a');
  EXPECT_EQ(w[1], u'b');
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
  PieceState piece;
  SQLINTEGER v = 0;
  SQLLEN ind = 0;
  EXPECT_EQ(runToC(cellOf("42", kOidInt4), SQL_C_SLONG, &v, 0, &ind, &piece), "Ok");
  EXPECT_EQ(v, 42);
  EXPECT_EQ(runToC(cellOf("42", kOidInt4), SQL_C_SLONG, &v, 0, &ind, &piece), "NoData");
  piece = PieceState{};
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
