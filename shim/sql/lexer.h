// PostgreSQL-exact lexical scanner for the SQL shim. It owns the answer to one question only: where does
// each token begin and end? Everything the rewriter must never touch — string literals ('…' with '',
// E'…' with backslash escapes, U&'…', B'…', X'…', N'…'), dollar-quoted bodies ($tag$…$tag$, tags never
// start with a digit so $1 is a parameter), quoted identifiers ("…" with "", U&"…") and comments (-- to end
// of line, nested /* */) — comes out as one opaque token. The scanner follows the rules of PostgreSQL's
// scan.l for the session's standard_conforming_strings: on (the default since PostgreSQL 9.1), a backslash
// in '…' and N'…' is an ordinary character; off, it escapes the next character there as in E'…' (B'…',
// X'…' and U&'…' never take backslash escapes). It is a pull scanner over a string_view: no allocation.
#pragma once

#include <cstdint>
#include <string_view>

namespace dsql::shim::sql {

enum class TokenKind : std::uint8_t {
  Word,          // unquoted identifier or keyword ([A-Za-z_\x80-\xff][A-Za-z0-9_$\x80-\xff]*)
  QuotedIdent,   // "…" or U&"…"
  String,        // '…', E'…', N'…', U&'…', B'…', X'…'
  DollarString,  // $tag$…$tag$ or $$…$$
  Number,        // 42, 1.5, .5, 1e10, 0x1F, 1_000
  Param,         // $1 (PostgreSQL positional parameter, passed through)
  Marker,        // ? (ODBC parameter marker)
  LParen,
  RParen,
  LBrace,        // { : PostgreSQL has no use for braces outside literals, so they are ODBC escapes
  RBrace,
  Comma,
  Semicolon,
  Dot,
  Op,            // any other single character (operator characters, [, ], :, …)
  LineComment,   // -- … (up to, not including, the newline)
  BlockComment,  // /* … */ with nesting
};

struct Token {
  std::uint32_t begin = 0;  // byte offsets into the scanned text
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::Op;

  std::uint32_t size() const { return end - begin; }
  bool isComment() const { return kind == TokenKind::LineComment || kind == TokenKind::BlockComment; }
};

// Scans `text` token by token, skipping whitespace. Throws dsql::Error("42000", "... at offset N") for an
// unterminated string, identifier, dollar-quoted string or comment; N is `errorBase` + the offset in `text`.
// standardConformingStrings: the server's setting of that name (its ParameterStatus), true unless "off".
class Lexer {
 public:
  explicit Lexer(std::string_view text, std::size_t errorBase = 0, bool standardConformingStrings = true)
      : text_(text), errorBase_(errorBase), plainBackslashEscapes_(!standardConformingStrings) {}

  // Next token (comments included); false at the end of the text.
  bool next(Token& out);
  std::size_t position() const { return pos_; }

 private:
  void quoted(std::size_t start, char quote, bool backslashEscapes, const char* what);
  bool dollar(std::size_t start, Token& out);
  void blockComment(std::size_t start);
  void number();
  [[noreturn]] void unterminated(const char* what, std::size_t start) const;

  std::string_view text_;
  std::size_t errorBase_;
  bool plainBackslashEscapes_;  // '…' and N'…' take backslash escapes (standard_conforming_strings = off)
  std::size_t pos_ = 0;
};

// ASCII case-insensitive comparison of an unquoted word against an upper-case keyword.
bool keywordEquals(std::string_view word, std::string_view upperKeyword);

// Character classes as one 256-entry table: the scanner's inner loops test a byte with one load.
namespace charclass {
enum : unsigned char { IdentStart = 1, IdentChar = 2, Space = 4, Digit = 8 };
struct Table {
  unsigned char bits[256] = {};
  constexpr Table() {
    for (int c = 0; c < 256; ++c) {
      const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
      const bool digit = c >= '0' && c <= '9';
      bits[c] = static_cast<unsigned char>((letter ? IdentStart | IdentChar : 0) | (digit ? Digit | IdentChar : 0) |
                                           (c == '$' ? IdentChar : 0) |
                                           ((c == ' ' || (c >= '\t' && c <= '\r')) ? Space : 0));
    }
  }
};
inline constexpr Table kTable{};
}  // namespace charclass

inline bool isIdentStart(unsigned char c) { return charclass::kTable.bits[c] & charclass::IdentStart; }
inline bool isIdentChar(unsigned char c) { return charclass::kTable.bits[c] & charclass::IdentChar; }
inline bool isSqlSpace(unsigned char c) { return charclass::kTable.bits[c] & charclass::Space; }

}  // namespace dsql::shim::sql
