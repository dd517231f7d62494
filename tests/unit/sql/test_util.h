// Helpers shared by the SQL shim tests: token dumps and one-call translation to the server's text.
#pragma once

#include <string>
#include <vector>

#include "shim/sql/lexer.h"
#include "shim/sql/translate.h"

namespace dsql::shim::sql::test {

inline std::vector<std::pair<TokenKind, std::string>> lexAll(std::string_view text) {
  std::vector<std::pair<TokenKind, std::string>> out;
  Lexer lexer(text);
  Token t;
  while (lexer.next(t)) out.emplace_back(t.kind, std::string(text.substr(t.begin, t.size())));
  return out;
}

// The opaque tokens (literals, quoted identifiers, dollar bodies, comments) of a text, in order.
inline std::vector<std::string> protectedAtoms(std::string_view text) {
  std::vector<std::string> out;
  for (auto& [kind, s] : lexAll(text)) {
    if (kind == TokenKind::String || kind == TokenKind::QuotedIdent || kind == TokenKind::DollarString ||
        kind == TokenKind::LineComment || kind == TokenKind::BlockComment) {
      out.push_back(s);
    }
  }
  return out;
}

inline std::string native(std::string_view sql, const Options& o = Options()) { return translate(sql, o).nativeSql(); }

inline std::vector<std::string> rulesOf(const Translation& t) {
  std::vector<std::string> out;
  for (const Note& n : t.notes) out.push_back(n.rule);
  return out;
}

}  // namespace dsql::shim::sql::test
