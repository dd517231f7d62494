// libFuzzer target for the SQL shim: arbitrary bytes (the first one picks the Options) must translate or fail
// with dsql::Error 42000/0A000 — never crash, hang or trip a sanitizer — and a successful translation must
// count every ? marker and be idempotent on its own output.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "shim/common/error.h"
#include "shim/sql/lexer.h"
#include "shim/sql/translate.h"

namespace sql = dsql::shim::sql;

namespace {

int markers(std::string_view text) {
  sql::Lexer lexer(text);
  sql::Token t;
  int n = 0;
  while (lexer.next(t)) n += t.kind == sql::TokenKind::Marker;
  return n;
}

bool semicolonInOpenParens(std::string_view text) {
  sql::Lexer lexer(text);
  sql::Token t;
  int depth = 0;
  while (lexer.next(t)) {
    if (t.kind == sql::TokenKind::LParen) ++depth;
    if (t.kind == sql::TokenKind::RParen && depth > 0) --depth;
    if (t.kind == sql::TokenKind::Semicolon && depth > 0) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  sql::Options options;
  options.dsql = flags & 1;
  options.escapes = flags & 2;
  options.foreignKeys = (flags & 4) ? sql::ForeignKeyMode::Keep : sql::ForeignKeyMode::Strip;
  options.truncateAsDelete = flags & 8;
  options.serialAsIdentity = flags & 16;
  options.ignoreSetTransaction = flags & 32;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const sql::Translation t = sql::translate(text, options);
    if (t.paramCount != markers(text)) std::abort();
    const std::string out = t.nativeSql();
    // Text with a ';' inside unclosed parentheses is passed through unsplit (the server refuses it); an
    // escape expanded before it can change the parenthesis count, so only well-formed text must be a
    // fixed point.
    if (!semicolonInOpenParens(text) && sql::translate(out, options).nativeSql() != out) std::abort();
  } catch (const dsql::Error& e) {
    if (e.sqlstate() != "42000" && e.sqlstate() != "0A000") std::abort();
  }
  return 0;
}
