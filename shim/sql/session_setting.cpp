// SET / RESET recognition for session restore (see session_setting.h), on the shim's own scanner so
// quoting and comments are read exactly as PostgreSQL reads them.
#include "shim/sql/session_setting.h"

#include <cctype>
#include <vector>

#include "shim/sql/lexer.h"

namespace dsql::shim::sql {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The significant tokens' text, comments skipped; at most `limit` of them (only the head matters).
std::vector<std::pair<TokenKind, std::string_view>> head(std::string_view text, std::size_t limit) {
  std::vector<std::pair<TokenKind, std::string_view>> out;
  Lexer lx(text);
  Token t;
  while (out.size() < limit && lx.next(t)) {
    if (t.isComment()) continue;
    out.emplace_back(t.kind, text.substr(t.begin, t.size()));
  }
  return out;
}

bool isWord(const std::pair<TokenKind, std::string_view>& t, std::string_view upper) {
  return t.first == TokenKind::Word && keywordEquals(t.second, upper);
}

std::string identifier(const std::pair<TokenKind, std::string_view>& t) {
  if (t.first == TokenKind::QuotedIdent && t.second.size() >= 2) return std::string(t.second.substr(1, t.second.size() - 2));
  return lower(t.second);
}

}  // namespace

std::optional<SessionSetting> sessionSetting(std::string_view statement) {
  std::vector<std::pair<TokenKind, std::string_view>> t;
  try {
    t = head(statement, 6);
  } catch (...) {
    return std::nullopt;  // not scannable: not a statement the server accepted
  }
  if (t.size() < 2) return std::nullopt;
  if (isWord(t[0], "RESET")) {
    if (isWord(t[1], "ALL")) return SessionSetting{"", true};
    if (t[1].first != TokenKind::Word && t[1].first != TokenKind::QuotedIdent) return std::nullopt;
    return SessionSetting{identifier(t[1]), true};
  }
  if (!isWord(t[0], "SET")) return std::nullopt;
  std::size_t i = 1;
  if (isWord(t[i], "LOCAL")) return std::nullopt;
  if (isWord(t[i], "SESSION")) {
    ++i;
    if (i >= t.size() || isWord(t[i], "CHARACTERISTICS") || isWord(t[i], "AUTHORIZATION")) return std::nullopt;
  }
  if (isWord(t[i], "TRANSACTION") || isWord(t[i], "CONSTRAINTS") || isWord(t[i], "ROLE")) return std::nullopt;
  // The SQL-standard spellings name a parameter of their own.
  if (isWord(t[i], "TIME") && i + 1 < t.size() && isWord(t[i + 1], "ZONE")) return SessionSetting{"timezone", false};
  if (isWord(t[i], "SCHEMA")) return SessionSetting{"search_path", false};
  if (isWord(t[i], "NAMES")) return SessionSetting{"client_encoding", false};
  if (t[i].first != TokenKind::Word && t[i].first != TokenKind::QuotedIdent) return std::nullopt;
  SessionSetting s{identifier(t[i]), false};
  // name.sub (custom options) are one parameter: keep the whole dotted name.
  if (i + 2 < t.size() && t[i + 1].first == TokenKind::Dot) s.name += "." + identifier(t[i + 2]);
  std::size_t v = i + 1;
  if (v < t.size() && t[v].first == TokenKind::Dot) v += 2;
  if (v < t.size() && (isWord(t[v], "TO") || t[v].second == "=")) ++v;
  if (v < t.size() && isWord(t[v], "DEFAULT")) s.reset = true;
  return s;
}

}  // namespace dsql::shim::sql
