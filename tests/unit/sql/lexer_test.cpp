// The lexer against PostgreSQL's lexical rules: each hostile case of DESIGN.md as input → token list, and
// each unterminated construct as input → 42000 with its offset.
#include <gtest/gtest.h>

#include "shim/common/error.h"
#include "test_util.h"

namespace dsql::shim::sql {
namespace {

using test::lexAll;
using K = TokenKind;
using Tokens = std::vector<std::pair<TokenKind, std::string>>;

struct LexCase {
  const char* name;
  std::string input;
  Tokens expected;
};

class LexerCases : public ::testing::TestWithParam<LexCase> {};

TEST_P(LexerCases, Tokens) { EXPECT_EQ(lexAll(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Hostile, LexerCases,
    ::testing::Values(
        LexCase{"dollar_body_with_semicolon", "SELECT $$a;b$$;",
                {{K::Word, "SELECT"}, {K::DollarString, "$$a;b$$"}, {K::Semicolon, ";"}}},
        LexCase{"nested_tags", "$a$ $b$ $a$ x",
                {{K::DollarString, "$a$ $b$ $a$"}, {K::Word, "x"}}},
        LexCase{"param_vs_tag", "$1 $tag$?$tag$ $2",
                {{K::Param, "$1"}, {K::DollarString, "$tag$?$tag$"}, {K::Param, "$2"}}},
        LexCase{"dollar_inside_identifier", "a$b$ c$1",
                {{K::Word, "a$b$"}, {K::Word, "c$1"}}},
        LexCase{"e_string_backslash_quote", "E'\\'' 'x'",
                {{K::String, "E'\\''"}, {K::String, "'x'"}}},
        LexCase{"e_string_doubled_quote", "e'a''b\\\\' ?",
                {{K::String, "e'a''b\\\\'"}, {K::Marker, "?"}}},
        LexCase{"standard_string_backslash_is_plain", "'a\\' ?",
                {{K::String, "'a\\'"}, {K::Marker, "?"}}},
        LexCase{"doubled_quote", "'it''s' ?", {{K::String, "'it''s'"}, {K::Marker, "?"}}},
        LexCase{"nested_block_comment", "/* /* */ ? */ ?",
                {{K::BlockComment, "/* /* */ ? */"}, {K::Marker, "?"}}},
        LexCase{"line_comment_at_end", "SELECT 1 -- ?", {{K::Word, "SELECT"}, {K::Number, "1"}, {K::LineComment, "-- ?"}}},
        LexCase{"line_comment_then_cr", "--x\r?", {{K::LineComment, "--x"}, {K::Marker, "?"}}},
        LexCase{"quoted_identifier", "\"SAVEPOINT\" \"a\"\"b\"",
                {{K::QuotedIdent, "\"SAVEPOINT\""}, {K::QuotedIdent, "\"a\"\"b\""}}},
        LexCase{"unicode_literals", "U&'d\\0061t' u&\"x\" UESCAPE '!'",
                {{K::String, "U&'d\\0061t'"}, {K::QuotedIdent, "u&\"x\""}, {K::Word, "UESCAPE"}, {K::String, "'!'"}}},
        LexCase{"bit_hex_national", "B'101' X'1F' N'n'",
                {{K::String, "B'101'"}, {K::String, "X'1F'"}, {K::String, "N'n'"}}},
        LexCase{"prefix_inside_word_is_not_a_prefix", "somee'x'",
                {{K::Word, "somee"}, {K::String, "'x'"}}},
        LexCase{"operator_then_comment", "a+-- c\n?",
                {{K::Word, "a"}, {K::Op, "+"}, {K::LineComment, "-- c"}, {K::Marker, "?"}}},
        LexCase{"numbers", "1.5 .5 1e10 0x1F 1_000 1..2",
                {{K::Number, "1.5"}, {K::Number, ".5"}, {K::Number, "1e10"}, {K::Number, "0x1F"},
                 {K::Number, "1_000"}, {K::Number, "1"}, {K::Dot, "."}, {K::Number, ".2"}}},
        LexCase{"braces_and_markers", "{fn UCASE(?)}",
                {{K::LBrace, "{"}, {K::Word, "fn"}, {K::Word, "UCASE"}, {K::LParen, "("}, {K::Marker, "?"},
                 {K::RParen, ")"}, {K::RBrace, "}"}}},
        LexCase{"lone_dollar", "$ $x", {{K::Op, "$"}, {K::Op, "$"}, {K::Word, "x"}}},
        LexCase{"cast_and_brackets", "a::int[1]",
                {{K::Word, "a"}, {K::Op, ":"}, {K::Op, ":"}, {K::Word, "int"}, {K::Op, "["}, {K::Number, "1"},
                 {K::Op, "]"}}},
        LexCase{"utf8_identifier", "sélect ?", {{K::Word, "sélect"}, {K::Marker, "?"}}}),
    [](const auto& p) { return std::string(p.param.name); });

struct ErrorCase {
  const char* name;
  std::string input;
  std::string message;
};

class LexerErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(LexerErrors, Unterminated) {
  try {
    lexAll(GetParam().input);
    FAIL() << "no error for " << GetParam().input;
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "42000");
    EXPECT_EQ(std::string(e.what()), GetParam().message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, LexerErrors,
    ::testing::Values(
        ErrorCase{"string", "SELECT 'abc", "syntax error: unterminated quoted string at offset 7"},
        ErrorCase{"string_ending_in_doubled_quote", "SELECT 'a''", "syntax error: unterminated quoted string at offset 7"},
        ErrorCase{"e_string_escaped_quote", "x E'\\'", "syntax error: unterminated quoted string at offset 2"},
        ErrorCase{"identifier", "SELECT \"abc", "syntax error: unterminated quoted identifier at offset 7"},
        ErrorCase{"dollar", "SELECT $a$ x $b$", "syntax error: unterminated dollar-quoted string at offset 7"},
        ErrorCase{"nested_comment", "/* /* */", "syntax error: unterminated /* comment at offset 0"},
        ErrorCase{"unicode_string", "U&'x", "syntax error: unterminated quoted string at offset 0"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(Lexer, ErrorOffsetIncludesBase) {
  Lexer lexer("  'x", 100);
  Token t;
  try {
    lexer.next(t);
    FAIL();
  } catch (const dsql::Error& e) {
    EXPECT_NE(std::string(e.what()).find("offset 102"), std::string::npos);
  }
}

// standard_conforming_strings = off: '…' and N'…' take backslash escapes like E'…'; B'…', X'…', U&'…',
// quoted identifiers and dollar quotes do not change.
std::vector<std::pair<TokenKind, std::string>> lexOff(std::string_view text) {
  std::vector<std::pair<TokenKind, std::string>> out;
  Lexer lexer(text, 0, false);
  Token t;
  while (lexer.next(t)) out.emplace_back(t.kind, std::string(text.substr(t.begin, t.size())));
  return out;
}

TEST(Lexer, NonStandardStringsTakeBackslashEscapes) {
  EXPECT_EQ(lexOff("SELECT 'it\\'s' , ?"),
            (Tokens{{K::Word, "SELECT"}, {K::String, "'it\\'s'"}, {K::Comma, ","}, {K::Marker, "?"}}));
  EXPECT_EQ(lexOff("'a\\\\' ?"), (Tokens{{K::String, "'a\\\\'"}, {K::Marker, "?"}}));  // escaped backslash
  EXPECT_EQ(lexOff("'it''s' ?"), (Tokens{{K::String, "'it''s'"}, {K::Marker, "?"}}));
  EXPECT_EQ(lexOff("N'a\\'b' ?"), (Tokens{{K::String, "N'a\\'b'"}, {K::Marker, "?"}}));
  EXPECT_EQ(lexOff("B'1' X'\\' \"a\\\" ?"),  // no escapes in bit strings or identifiers
            (Tokens{{K::String, "B'1'"}, {K::String, "X'\\'"}, {K::QuotedIdent, "\"a\\\""}, {K::Marker, "?"}}));
  EXPECT_EQ(lexOff("$$a\\$$ ?"), (Tokens{{K::DollarString, "$$a\\$$"}, {K::Marker, "?"}}));
  // The same text with the setting on: the backslash is an ordinary character and the quote closes.
  EXPECT_EQ(lexAll("'a\\' ?"), (Tokens{{K::String, "'a\\'"}, {K::Marker, "?"}}));
  try {
    lexOff("SELECT 'a\\'");
    FAIL();
  } catch (const dsql::Error& e) {
    EXPECT_EQ(std::string(e.what()), "syntax error: unterminated quoted string at offset 7");
  }
}

TEST(Lexer, KeywordEqualsIsAsciiCaseInsensitive) {
  EXPECT_TRUE(keywordEquals("sAvEpOiNt", "SAVEPOINT"));
  EXPECT_FALSE(keywordEquals("SAVEPOINTS", "SAVEPOINT"));
  EXPECT_FALSE(keywordEquals("savepoin", "SAVEPOINT"));
}

}  // namespace
}  // namespace dsql::shim::sql
