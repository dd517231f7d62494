// Rewrites a translated {call} once its output markers are known (call_outputs.h): output-only arguments are
// dropped (function) or become NULL (procedure), the remaining $n are renumbered in order.
#include "shim/sql/call_outputs.h"

#include <cstdlib>

#include "shim/common/error.h"
#include "shim/sql/lexer.h"

namespace dsql::shim::sql {
namespace {

struct Scan {
  std::vector<Token> tokens;  // comments dropped: the call text is the shim's own rendering
  std::size_t open = 0, close = 0, nameBegin = 0;
};

Scan scan(std::string_view sql) {
  Scan s;
  Lexer lexer(sql);
  Token t;
  while (lexer.next(t))
    if (!t.isComment()) s.tokens.push_back(t);
  auto word = [&](std::size_t i, std::string_view kw) {
    return i < s.tokens.size() && s.tokens[i].kind == TokenKind::Word &&
           keywordEquals(sql.substr(s.tokens[i].begin, s.tokens[i].size()), kw);
  };
  if (word(0, "CALL")) s.nameBegin = 1;
  else if (word(0, "SELECT") && s.tokens.size() > 2 && sql[s.tokens[1].begin] == '*' && word(2, "FROM"))
    s.nameBegin = 3;
  else if (word(0, "SELECT")) s.nameBegin = 1;
  else throw Error("HYC00", "Output parameters are supported only in a {call ...} escape");
  s.open = s.nameBegin;
  while (s.open < s.tokens.size() && s.tokens[s.open].kind != TokenKind::LParen) ++s.open;
  int depth = 0;
  for (s.close = s.open; s.close < s.tokens.size(); ++s.close) {
    if (s.tokens[s.close].kind == TokenKind::LParen) ++depth;
    if (s.tokens[s.close].kind == TokenKind::RParen && --depth == 0) break;
  }
  if (s.open == s.tokens.size() || s.close == s.tokens.size())
    throw Error("HYC00", "Output parameters need a {call name(...)} with an argument list");
  return s;
}

int paramIndex(std::string_view sql, const Token& t) {  // $k → k-1
  return static_cast<int>(std::strtol(std::string(sql.substr(t.begin + 1, t.size() - 1)).c_str(), nullptr, 10)) - 1;
}

bool isOutput(const std::vector<bool>& output, int k) {
  return k >= 0 && static_cast<std::size_t>(k) < output.size() && output[static_cast<std::size_t>(k)];
}

}  // namespace

CallText rewriteCallOutputs(std::string_view sql, const std::vector<bool>& output, bool procedure) {
  const Scan s = scan(sql);
  CallText out;
  std::vector<int> renumbered(output.size(), 0);  // old index → new $n (0: not sent)
  for (std::size_t k = 0; k < output.size(); ++k) {
    if (output[k]) continue;
    out.sent.push_back(static_cast<int>(k));
    renumbered[k] = static_cast<int>(out.sent.size());
  }
  // Renders tokens [b, e) with the original gaps between them and the $n renumbered.
  auto render = [&](std::size_t b, std::size_t e) {
    std::string r;
    for (std::size_t i = b; i < e; ++i) {
      const Token& t = s.tokens[i];
      if (i > b) r.append(sql.substr(s.tokens[i - 1].end, t.begin - s.tokens[i - 1].end));
      if (t.kind != TokenKind::Param) {
        r.append(sql.substr(t.begin, t.size()));
        continue;
      }
      const int k = paramIndex(sql, t);
      if (isOutput(output, k))
        throw Error("HYC00", "An output parameter of {call ...} must be a whole argument, not part of an expression");
      const bool known = k >= 0 && static_cast<std::size_t>(k) < output.size();
      r += "$" + std::to_string(known ? renumbered[static_cast<std::size_t>(k)] : k + 1);
    }
    return r;
  };
  out.sql = procedure ? "CALL " : "SELECT * FROM ";
  out.sql += render(s.nameBegin, s.open) + "(";
  bool first = true;
  std::size_t argBegin = s.open + 1;
  int depth = 0;
  for (std::size_t i = s.open + 1; i <= s.close; ++i) {
    const TokenKind k = s.tokens[i].kind;
    if (k == TokenKind::LParen) ++depth;
    if (k == TokenKind::RParen && depth > 0 && i != s.close) --depth;
    if (!((k == TokenKind::Comma && depth == 0) || i == s.close)) continue;
    if (i > argBegin) {
      const bool whole = i == argBegin + 1 && s.tokens[argBegin].kind == TokenKind::Param;
      const bool out1 = whole && isOutput(output, paramIndex(sql, s.tokens[argBegin]));
      if (!(out1 && !procedure)) {
        out.sql += first ? "" : ", ";
        out.sql += out1 ? std::string("NULL") : render(argBegin, i);
        first = false;
      }
    }
    argBegin = i + 1;
  }
  out.sql += ")";
  if (s.close + 1 < s.tokens.size()) out.sql += " " + render(s.close + 1, s.tokens.size());
  return out;
}

}  // namespace dsql::shim::sql
