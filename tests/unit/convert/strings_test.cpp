// The lead's odbc_strings / unicode helpers: surrogate pairs, invalid UTF-8 -> U+FFFD, truncation that
// fills the buffer even inside a pair, SQL_NTS, HY090 on negative lengths.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "driver/convert/odbc_strings.h"
#include "driver/convert/unicode.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace {

std::string stateOf(auto&& f) {
  try {
    f();
    return "Ok";
  } catch (const dsql::Error& e) {
    return e.sqlstate();
  }
}

TEST(Unicode, SurrogatePairsBothWays) {
  std::string smile = "\xF0\x9F\x98\x80";
  std::u16string w = utf8ToUtf16("a" + smile);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[1], 0xD83D);
  EXPECT_EQ(w[2], 0xDE00);
  EXPECT_EQ(utf16ToUtf8(w), "a" + smile);
  EXPECT_EQ(utf16Length("a" + smile), 3u);
}

TEST(Unicode, InvalidInputBecomesReplacementCharacter) {
  struct Row { std::string in; std::u16string out; } rows[] = {
      {"\xFF", u"\xFFFD"},
      {"a\xC3", u"a\xFFFD"},                   // truncated sequence at the end
      {"\xC0\xAF", u"\xFFFD\xFFFD"},           // overlong form
      {"\xED\xA0\x80", u"\xFFFD\xFFFD\xFFFD"}, // encoded surrogate
      {"\xE2\x82\xAC", u"\x20AC"},             // valid euro sign
  };
  for (const auto& r : rows) EXPECT_EQ(utf8ToUtf16(r.in), r.out);
  const char16_t lone[] = {u'x', 0xD800, u'y'};
  EXPECT_EQ(utf16ToUtf8(std::u16string_view(lone, 3)), "x\xEF\xBF\xBDy");
}

TEST(OdbcStrings, InputLengths) {
  const SQLCHAR* s = reinterpret_cast<const SQLCHAR*>("hello");
  EXPECT_EQ(inString(s, SQL_NTS), "hello");
  EXPECT_EQ(inString(s, 2), "he");
  EXPECT_EQ(inString(static_cast<const SQLCHAR*>(nullptr), 5), "");
  EXPECT_EQ(stateOf([&] { inString(s, -5); }), "HY090");
  EXPECT_FALSE(inOptString(static_cast<const SQLCHAR*>(nullptr), SQL_NTS).has_value());
  const SQLWCHAR w[] = {u'h', u'i', 0};
  EXPECT_EQ(inString(w, SQL_NTS), "hi");
  EXPECT_EQ(inString(w, 1), "h");
  EXPECT_EQ(stateOf([&] { inString(w, -2); }), "HY090");
}

TEST(OdbcStrings, NarrowOutputTruncation) {
  SQLCHAR buf[4];
  SQLSMALLINT len = 0;
  EXPECT_TRUE(outString("hello", buf, sizeof buf, &len));
  EXPECT_EQ(len, 5);
  EXPECT_STREQ(reinterpret_cast<char*>(buf), "hel");
  EXPECT_FALSE(outString("abc", buf, sizeof buf, &len));
  EXPECT_EQ(len, 3);
  EXPECT_EQ(stateOf([&] { outString("x", buf, -1, &len); }), "HY090");
}

TEST(OdbcStrings, WideOutputFillsBufferEvenInsideAPair) {
  SQLWCHAR buf[3];
  SQLINTEGER len = 0;
  // "a" + U+1F600: 3 units; room for 2 + NUL ends inside the pair, and the buffer is still filled:
  // BufferLength less the terminator, as ODBC specifies.
  EXPECT_TRUE(outStringW("a\xF0\x9F\x98\x80", buf, 3, &len, WideUnits::Chars));
  EXPECT_EQ(len, 3);
  EXPECT_EQ(buf[0], u'a');
  EXPECT_EQ(buf[1], 0xD83D);
  EXPECT_EQ(buf[2], 0);
  // Counted in bytes, an odd BufferLength rounds down to whole SQLWCHARs.
  SQLSMALLINT bytesLen = 0;
  buf[1] = u'#';
  EXPECT_TRUE(outStringW("abc", buf, 5, &bytesLen, WideUnits::Bytes));
  EXPECT_EQ(bytesLen, 6);
  EXPECT_EQ(buf[0], u'a');
  EXPECT_EQ(buf[1], 0);
  SQLLEN bytes = 0;
  SQLWCHAR big[8];
  EXPECT_FALSE(outStringW("a\xF0\x9F\x98\x80", big, sizeof big, &bytes, WideUnits::Bytes));
  EXPECT_EQ(bytes, 6);
  EXPECT_EQ(big[1], 0xD83D);
  EXPECT_EQ(big[3], 0);
}

// The one writer: for every form and BufferLength, how many bytes land in the buffer, whether it is
// truncation, where the terminator goes, and that nothing is written past BufferLength.
TEST(OdbcStrings, OutputWriterFillsExactlyBufferLessTerminator) {
  struct Case {
    OutForm form;
    SQLLEN size;
    std::size_t copied;
    bool truncated;
    std::size_t terminatorAt;  // SIZE_MAX: no terminator written
  };
  const std::string value = "0123456789";  // 10 bytes (5 SQLWCHARs when read as Wide)
  const Case cases[] = {
      {OutForm::Narrow, 0, 0, true, SIZE_MAX}, {OutForm::Narrow, 1, 0, true, 0},   {OutForm::Narrow, 2, 1, true, 1},
      {OutForm::Narrow, 10, 9, true, 9},       {OutForm::Narrow, 11, 10, false, 10}, {OutForm::Narrow, 64, 10, false, 10},
      {OutForm::Wide, 1, 0, true, SIZE_MAX},   {OutForm::Wide, 2, 0, true, 0},     {OutForm::Wide, 3, 0, true, 0},
      {OutForm::Wide, 4, 2, true, 2},          {OutForm::Wide, 5, 2, true, 2},     {OutForm::Wide, 11, 8, true, 8},
      {OutForm::Wide, 12, 10, false, 10},      {OutForm::Binary, 0, 0, true, SIZE_MAX},
      {OutForm::Binary, 1, 1, true, SIZE_MAX}, {OutForm::Binary, 9, 9, true, SIZE_MAX},
      {OutForm::Binary, 10, 10, false, SIZE_MAX},
  };
  for (const Case& c : cases) {
    std::string buf(static_cast<std::size_t>(c.size) + 4, '#');
    SQLLEN len = -1;
    OutPiece p = writeOut(value, buf.data(), c.size, c.form, &len);
    SCOPED_TRACE("form " + std::to_string(static_cast<int>(c.form)) + " size " + std::to_string(c.size));
    EXPECT_EQ(p.copied, c.copied);
    EXPECT_EQ(p.truncated, c.truncated);
    EXPECT_EQ(len, 10);
    EXPECT_EQ(buf.compare(0, c.copied, value, 0, c.copied), 0);
    std::size_t end = c.copied;
    if (c.terminatorAt != SIZE_MAX) {
      EXPECT_EQ(c.terminatorAt, c.copied);
      std::size_t nul = c.form == OutForm::Wide ? 2 : 1;
      EXPECT_EQ(buf.substr(c.copied, nul), std::string(nul, '\0'));
      end += nul;
    }
    EXPECT_EQ(buf.substr(end), std::string(buf.size() - end, '#'));
  }
  // A null buffer only reports the length; the length can be counted in SQLWCHARs.
  SQLSMALLINT chars = 0;
  OutPiece p = writeOut(value, nullptr, 4, OutForm::Wide, &chars, 2);
  EXPECT_EQ(p.copied, 0u);
  EXPECT_FALSE(p.truncated);
  EXPECT_EQ(chars, 5);
  EXPECT_EQ(stateOf([&] { writeOut(value, nullptr, -1, OutForm::Binary, &chars); }), "HY090");
}

}  // namespace
}  // namespace dsql::driver
