// Recognition of `INSERT INTO target [(columns)] [OVERRIDING … VALUE] VALUES (items)` with plain items, and
// the N-row text (values_rows.h says why only this shape). A token walk over the lexer's output: anything
// not in the grammar below refuses, so an unexpected construct costs speed, never meaning.
#include "shim/sql/values_rows.h"

#include <charconv>

#include "shim/sql/lexer.h"

namespace dsql::shim::sql {
namespace {

struct Walk {
  std::string_view sql;
  std::vector<Token> tokens;
  std::size_t i = 0;

  bool more() const { return i < tokens.size(); }
  const Token& at() const { return tokens[i]; }
  std::string_view text(const Token& t) const { return sql.substr(t.begin, t.size()); }
  bool word(std::string_view upper) const { return more() && at().kind == TokenKind::Word && keywordEquals(text(at()), upper); }
  bool is(TokenKind k) const { return more() && at().kind == k; }
  bool op(char c) const { return is(TokenKind::Op) && sql[at().begin] == c; }
  bool name() const { return is(TokenKind::Word) || is(TokenKind::QuotedIdent); }
};

// `::` followed by a type name: words, quoted names, dots, and one parenthesised list of numbers.
bool castType(Walk& w) {
  const Token& first = w.at();
  ++w.i;
  if (!w.op(':') || w.at().begin != first.end) return false;
  ++w.i;
  if (!w.name()) return false;
  while (w.name() || w.is(TokenKind::Dot)) ++w.i;
  if (w.is(TokenKind::LParen)) {
    ++w.i;
    while (w.is(TokenKind::Number) || w.is(TokenKind::Comma)) ++w.i;
    if (!w.is(TokenKind::RParen)) return false;
    ++w.i;
  }
  return true;
}

// One VALUES item: [sign] (parameter | literal | NULL | DEFAULT | TRUE | FALSE) followed by any casts.
bool item(Walk& w, ValuesRows& out, std::size_t& textStart, int paramCount) {
  while (w.op('-') || w.op('+')) ++w.i;
  if (!w.more()) return false;
  const Token& t = w.at();
  if (t.kind == TokenKind::Param) {
    int n = 0;
    std::string_view digits = w.text(t).substr(1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || end != digits.data() + digits.size() || n < 1 || n > paramCount) return false;
    out.text.push_back(w.sql.substr(textStart, t.begin - textStart));
    out.params.push_back(n);
    textStart = t.end;
  } else if (t.kind == TokenKind::Word) {
    if (!w.word("NULL") && !w.word("DEFAULT") && !w.word("TRUE") && !w.word("FALSE")) return false;
  } else if (t.kind != TokenKind::String && t.kind != TokenKind::Number) {
    return false;
  }
  ++w.i;
  while (w.op(':'))
    if (!castType(w)) return false;
  return true;
}

bool head(Walk& w, ValuesRows& out) {
  if (!w.word("INSERT")) return false;
  ++w.i;
  if (!w.word("INTO")) return false;
  ++w.i;
  // The target: a name, or schema.name (a three-part name is a cross-database reference the server refuses).
  if (!w.name()) return false;
  const std::uint32_t tableBegin = w.at().begin;
  ++w.i;
  if (w.is(TokenKind::Dot)) {
    ++w.i;
    if (!w.name()) return false;
    ++w.i;
  }
  out.table.assign(w.sql.substr(tableBegin, w.tokens[w.i - 1].end - tableBegin));
  if (w.is(TokenKind::LParen)) {  // the column list
    do {
      ++w.i;
      if (!w.name()) return false;
      ++w.i;
    } while (w.is(TokenKind::Comma));
    if (!w.is(TokenKind::RParen)) return false;
    ++w.i;
  }
  if (w.word("OVERRIDING")) {
    ++w.i;
    if (!w.word("SYSTEM") && !w.word("USER")) return false;
    ++w.i;
    if (!w.word("VALUE")) return false;
    ++w.i;
  }
  return w.word("VALUES") && (++w.i, w.is(TokenKind::LParen));
}

}  // namespace

std::optional<ValuesRows> valuesRows(std::string_view sql, int paramCount, bool standardConformingStrings) {
  Walk w{sql, {}};
  try {
    Lexer lexer(sql, 0, standardConformingStrings);
    for (Token t; lexer.next(t);) {
      if (t.isComment()) return std::nullopt;
      w.tokens.push_back(t);
    }
  } catch (...) {
    return std::nullopt;  // the server will say what is wrong with the text
  }
  ValuesRows out;
  if (!head(w, out)) return std::nullopt;
  const std::uint32_t rowBegin = w.at().begin;
  out.head = sql.substr(0, rowBegin);
  std::size_t textStart = rowBegin;
  ++w.i;
  for (;;) {
    if (!item(w, out, textStart, paramCount)) return std::nullopt;
    if (w.is(TokenKind::Comma)) {
      ++w.i;
      continue;
    }
    if (!w.is(TokenKind::RParen)) return std::nullopt;
    break;
  }
  const std::uint32_t rowEnd = w.at().end;
  ++w.i;
  if (w.is(TokenKind::Semicolon)) ++w.i;
  if (w.more() || out.params.empty()) return std::nullopt;
  out.text.push_back(sql.substr(textStart, rowEnd - textStart));
  return out;
}

void writeValuesRows(const ValuesRows& v, int rows, int paramCount, std::string& out) {
  out.assign(v.head);
  char number[16];
  for (int r = 0; r < rows; ++r) {
    if (r) out += ", ";
    for (std::size_t k = 0; k < v.params.size(); ++k) {
      out += v.text[k];
      out += '$';
      auto [end, ec] = std::to_chars(number, number + sizeof number, r * paramCount + v.params[k]);
      out.append(number, end);
    }
    out += v.text.back();
  }
}

}  // namespace dsql::shim::sql
