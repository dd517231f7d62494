// The PostgreSQL lexical rules (src/backend/parser/scan.l, either setting of standard_conforming_strings)
// as a pull scanner. Only token boundaries matter here: the server validates contents (escape sequences, digits of
// bit strings, …); the scanner's job is never to mistake the inside of a literal for SQL.
#include "shim/sql/lexer.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "shim/common/error.h"

namespace dsql::shim::sql {

namespace {

bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool isTagChar(unsigned char c) { return isIdentStart(c) || isDigit(c); }  // no '$' inside a tag

}  // namespace

bool keywordEquals(std::string_view word, std::string_view upperKeyword) {
  if (word.size() != upperKeyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
    if (c != static_cast<unsigned char>(upperKeyword[i])) return false;
  }
  return true;
}

void Lexer::unterminated(const char* what, std::size_t start) const {
  throw dsql::Error("42000", std::string("syntax error: unterminated ") + what + " at offset " +
                                 std::to_string(errorBase_ + start));
}

// '…' / "…": the quote character doubled stands for itself; with backslashEscapes (E'…') a backslash
// escapes whatever byte follows it, including a quote.
void Lexer::quoted(std::size_t start, char quote, bool backslashEscapes, const char* what) {
  const std::size_t n = text_.size();
  while (!backslashEscapes) {  // memchr-speed path: only the quote character matters
    const std::size_t q = text_.find(quote, pos_);
    if (q == std::string_view::npos) unterminated(what, start);
    pos_ = q + 1;
    if (pos_ < n && text_[pos_] == quote) {
      ++pos_;
      continue;
    }
    return;
  }
  while (pos_ < n) {
    const char c = text_[pos_];
    if (backslashEscapes && c == '\\') {
      pos_ += 2;
      continue;
    }
    ++pos_;
    if (c == quote) {
      if (pos_ < n && text_[pos_] == quote) {
        ++pos_;
        continue;
      }
      return;
    }
  }
  unterminated(what, start);
}

// At a '$': a parameter ($1), a dollar-quoted string ($$…$$ / $tag$…$tag$), or a lone '$' operator char.
bool Lexer::dollar(std::size_t start, Token& out) {
  const std::size_t n = text_.size();
  std::size_t p = start + 1;
  if (p < n && isDigit(static_cast<unsigned char>(text_[p]))) {
    while (p < n && isDigit(static_cast<unsigned char>(text_[p]))) ++p;
    pos_ = p;
    out = {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(p), TokenKind::Param};
    return true;
  }
  if (p < n && text_[p] != '$') {
    if (!isIdentStart(static_cast<unsigned char>(text_[p]))) return false;
    while (p < n && isTagChar(static_cast<unsigned char>(text_[p]))) ++p;
    if (p >= n || text_[p] != '$') return false;
  }
  if (p >= n) return false;
  const std::string_view tag = text_.substr(start, p + 1 - start);
  const std::size_t close = text_.find(tag, p + 1);
  if (close == std::string_view::npos) unterminated("dollar-quoted string", start);
  pos_ = close + tag.size();
  out = {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_), TokenKind::DollarString};
  return true;
}

void Lexer::blockComment(std::size_t start) {
  const std::size_t n = text_.size();
  int depth = 1;
  pos_ = start + 2;
  while (pos_ < n) {
    if (text_[pos_] == '/' && pos_ + 1 < n && text_[pos_ + 1] == '*') {
      ++depth;
      pos_ += 2;
    } else if (text_[pos_] == '*' && pos_ + 1 < n && text_[pos_ + 1] == '/') {
      pos_ += 2;
      if (--depth == 0) return;
    } else {
      ++pos_;
    }
  }
  unterminated("/* comment", start);
}

// Digits, an optional fraction and exponent; PostgreSQL 16's 0x/0o/0b prefixes and '_' separators are
// taken in as digits. Trailing identifier characters are left for the next token, as PostgreSQL 15 does.
void Lexer::number() {
  const std::size_t n = text_.size();
  auto digits = [&] {
    while (pos_ < n && (isDigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
  };
  if (text_[pos_] == '0' && pos_ + 2 < n && std::string_view("xXoObB").find(text_[pos_ + 1]) != std::string_view::npos &&
      std::isxdigit(static_cast<unsigned char>(text_[pos_ + 2]))) {
    pos_ += 2;
    while (pos_ < n && (std::isxdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    return;
  }
  digits();
  if (pos_ < n && text_[pos_] == '.' && !(pos_ + 1 < n && text_[pos_ + 1] == '.')) {
    ++pos_;
    digits();
  }
  if (pos_ < n && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    std::size_t p = pos_ + 1;
    if (p < n && (text_[p] == '+' || text_[p] == '-')) ++p;
    if (p < n && isDigit(static_cast<unsigned char>(text_[p]))) {
      pos_ = p;
      digits();
    }
  }
}

bool Lexer::next(Token& out) {
  const std::size_t n = text_.size();
  while (pos_ < n && isSqlSpace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  if (pos_ >= n) return false;
  const std::size_t start = pos_;
  const char c = text_[pos_];
  const char c1 = pos_ + 1 < n ? text_[pos_ + 1] : '\0';
  TokenKind kind = TokenKind::Op;
  auto lower = [](char ch) { return static_cast<char>(ch | 0x20); };

  if (isIdentStart(static_cast<unsigned char>(c))) {  // the common case first: words, then prefixed literals
    const char l = lower(c);
    if (c1 == '\'' && l == 'e') {
      pos_ += 2;
      quoted(start, '\'', true, "quoted string");
      kind = TokenKind::String;
    } else if (c1 == '\'' && (l == 'b' || l == 'x')) {
      pos_ += 2;
      quoted(start, '\'', false, "quoted string");
      kind = TokenKind::String;
    } else if (c1 == '\'' && l == 'n') {  // scan.l eats the N and scans an ordinary '…'
      pos_ += 2;
      quoted(start, '\'', plainBackslashEscapes_, "quoted string");
      kind = TokenKind::String;
    } else if (l == 'u' && c1 == '&' && pos_ + 2 < n && (text_[pos_ + 2] == '\'' || text_[pos_ + 2] == '"')) {
      const char q = text_[pos_ + 2];
      pos_ += 3;
      quoted(start, q, false, q == '\'' ? "quoted string" : "quoted identifier");
      kind = q == '\'' ? TokenKind::String : TokenKind::QuotedIdent;
    } else {
      ++pos_;
      while (pos_ < n && isIdentChar(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      kind = TokenKind::Word;
    }
  } else if (c == '-' && c1 == '-') {
    pos_ = std::min(text_.find_first_of("\r\n", pos_), n);
    kind = TokenKind::LineComment;
  } else if (c == '/' && c1 == '*') {
    blockComment(start);
    kind = TokenKind::BlockComment;
  } else if (c == '\'') {
    ++pos_;
    quoted(start, '\'', plainBackslashEscapes_, "quoted string");
    kind = TokenKind::String;
  } else if (c == '"') {
    ++pos_;
    quoted(start, '"', false, "quoted identifier");
    kind = TokenKind::QuotedIdent;
  } else if (isDigit(static_cast<unsigned char>(c)) || (c == '.' && isDigit(static_cast<unsigned char>(c1)))) {
    number();
    kind = TokenKind::Number;
  } else if (c == '$' && dollar(start, out)) {
    return true;
  } else {
    ++pos_;
    switch (c) {
      case '(': kind = TokenKind::LParen; break;
      case ')': kind = TokenKind::RParen; break;
      case '{': kind = TokenKind::LBrace; break;
      case '}': kind = TokenKind::RBrace; break;
      case ',': kind = TokenKind::Comma; break;
      case ';': kind = TokenKind::Semicolon; break;
      case '.': kind = TokenKind::Dot; break;
      case '?': kind = TokenKind::Marker; break;
      default: kind = TokenKind::Op; break;
    }
  }
  out = {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_), kind};
  return true;
}

}  // namespace dsql::shim::sql
