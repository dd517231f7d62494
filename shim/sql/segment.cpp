// The statement segment of translate()'s splitting pass (segment.h) and the leading-keyword table.
#include "shim/sql/segment.h"

namespace dsql::shim::sql {

namespace {

// Leading keyword → statement kind. TRUNCATE counts as DML: it changes data, and DSQL's one-DDL-per-
// transaction rule is about schema changes.
constexpr KindRow kKinds[] = {
    {"SELECT", StatementKind::Query, false},   {"VALUES", StatementKind::Query, false},
    {"TABLE", StatementKind::Query, false},    {"SHOW", StatementKind::Query, false},
    {"EXPLAIN", StatementKind::Query, false},  {"FETCH", StatementKind::Query, false},
    {"WITH", StatementKind::Query, false},     {"INSERT", StatementKind::Dml, false},
    {"UPDATE", StatementKind::Dml, false},     {"DELETE", StatementKind::Dml, false},
    {"MERGE", StatementKind::Dml, false},      {"COPY", StatementKind::Dml, false},
    {"TRUNCATE", StatementKind::Dml, true},    {"CREATE", StatementKind::Ddl, true},
    {"ALTER", StatementKind::Ddl, true},       {"DROP", StatementKind::Ddl, false},
    {"GRANT", StatementKind::Ddl, false},      {"REVOKE", StatementKind::Ddl, false},
    {"COMMENT", StatementKind::Ddl, false},    {"BEGIN", StatementKind::Begin, true},
    {"START", StatementKind::Begin, true},     {"COMMIT", StatementKind::Commit, false},
    {"END", StatementKind::Commit, false},     {"ROLLBACK", StatementKind::Rollback, true},
    {"ABORT", StatementKind::Rollback, false}, {"SAVEPOINT", StatementKind::Other, true},
    {"RELEASE", StatementKind::Other, true},   {"SET", StatementKind::Other, true},
    {"VACUUM", StatementKind::Other, true},
};

}  // namespace

const KindRow* kindRow(std::string_view word) {
  for (const KindRow& r : kKinds) {
    if (keywordEquals(word, r.keyword)) return &r;
  }
  return nullptr;
}

bool refusedInTransactionBlock(const std::string_view (&w)[4], int count) {
  auto is = [&](int i, std::string_view k) { return i < count && keywordEquals(w[i], k); };
  if (is(0, "VACUUM") || (is(0, "ALTER") && is(1, "SYSTEM")) || (is(0, "DISCARD") && is(1, "ALL"))) return true;
  if ((is(0, "CREATE") || is(0, "DROP")) && (is(1, "DATABASE") || is(1, "TABLESPACE"))) return true;
  if (is(0, "CREATE") && ((is(1, "INDEX") && is(2, "CONCURRENTLY")) || (is(1, "UNIQUE") && is(2, "INDEX") &&
                                                                          is(3, "CONCURRENTLY"))))
    return true;
  if (is(0, "DROP") && is(1, "INDEX") && is(2, "CONCURRENTLY")) return true;
  return is(0, "REINDEX") && (is(1, "SYSTEM") || is(1, "DATABASE") || is(2, "CONCURRENTLY"));
}

void noteLeading(Segment& s, const Token& t, std::string_view text) {
  const std::string_view w = text.substr(t.begin, t.size());
  s.first[s.sigCount++] = w;  // called for the first four significant tokens only
  if (s.sigCount == 1) {
    if (t.kind == TokenKind::LParen) s.kind = StatementKind::Query;
    s.leadingBrace = t.kind == TokenKind::LBrace;
    if (t.kind != TokenKind::Word) return;
    s.row = kindRow(w);
    if (s.row) s.kind = s.row->kind;
    s.withPending = s.row && s.row->keyword == "WITH";
    return;
  }
  if (s.sigCount <= 4 && keywordEquals(s.first[0], "CREATE") && t.kind == TokenKind::Word &&
      (keywordEquals(w, "FUNCTION") || keywordEquals(w, "PROCEDURE"))) {
    s.routine = s.sigCount == 2 || (s.sigCount == 4 && keywordEquals(s.first[1], "OR"));
  }
}

// WITH …: a data-modifying statement anywhere (a CTE or the main statement) makes it DML. UPDATE after
// FOR / KEY (row locks) or DO (ON CONFLICT DO UPDATE) is not one by itself.
void onWord(Segment& s, std::string_view w) {
  if (s.withPending) {
    const bool lockOrUpsert = keywordEquals(s.prevWord, "FOR") || keywordEquals(s.prevWord, "KEY") ||
                              keywordEquals(s.prevWord, "DO");
    if (keywordEquals(w, "INSERT") || keywordEquals(w, "DELETE") || keywordEquals(w, "MERGE") ||
        (keywordEquals(w, "UPDATE") && !lockOrUpsert)) {
      s.kind = StatementKind::Dml;
      s.withPending = false;
    }
    s.prevWord = w;
  }
  if (s.routine) {  // psql's rule: inside CREATE FUNCTION/PROCEDURE, BEGIN and CASE open, END closes
    if (keywordEquals(w, "BEGIN") || keywordEquals(w, "CASE")) ++s.blocks;
    else if (keywordEquals(w, "END") && s.blocks > 0) --s.blocks;
  }
}

StatementKind kindOf(std::string_view word, StatementKind otherwise) {
  const KindRow* row = kindRow(word);
  return row ? row->kind : otherwise;
}

}  // namespace dsql::shim::sql
