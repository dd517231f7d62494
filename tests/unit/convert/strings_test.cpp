// The lead's odbc_strings / unicode helpers: surrogate pairs, invalid UTF-8 -> U+FFFD, truncation that
// fills the buffer even inside a pair, SQL_NTS, HY090 on negative lengths.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace dsql::driver
