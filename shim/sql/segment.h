// What the splitting pass of translate() learns about one statement while it scans: where it begins and
// ends, its leading words and the statement kind they decide, its markers and braces, and the nesting that
// keeps a ';' inside it (parentheses, BEGIN ATOMIC … END bodies). The leading-keyword table lives here.
#pragma once

#include <cstddef>
#include <string_view>

#include "shim/sql/lexer.h"
#include "shim/sql/translate.h"

namespace dsql::shim::sql {

struct KindRow {
  std::string_view keyword;
  StatementKind kind;
  bool dsqlRule;  // a DSQL rule may rewrite statements starting with this keyword
};

// The row of a leading keyword, or null when no row names it.
const KindRow* kindRow(std::string_view word);
// The kind a leading keyword decides, or `otherwise`.
StatementKind kindOf(std::string_view word, StatementKind otherwise);
// PostgreSQL statements that fail with 25001 inside a transaction block, told by their leading words.
bool refusedInTransactionBlock(const std::string_view (&w)[4], int count);

struct Segment {
  std::size_t begin = std::string_view::npos;  // first non-blank byte (a leading comment included)
  std::size_t end = 0;                          // end of the last token or trailing block comment
  bool lineCommentInTail = false;
  bool significant = false;
  int markers = 0;
  bool brace = false;
  bool leadingBrace = false;  // the statement starts with an escape: what it becomes decides the rules
  int sigCount = 0;
  std::string_view first[4];  // leading significant tokens
  const KindRow* row = nullptr;
  StatementKind kind = StatementKind::Other;
  bool withPending = false;  // WITH …: Query unless a data-modifying keyword shows up
  std::string_view prevWord;
  bool routine = false;      // CREATE [OR REPLACE] FUNCTION|PROCEDURE: BEGIN ATOMIC … END bodies
  int parens = 0;
  int blocks = 0;
};

// Called for each of the first four significant tokens of a statement.
void noteLeading(Segment& s, const Token& t, std::string_view text);
// Called for every word while the kind depends on later words (WITH …) or a routine body is open.
void onWord(Segment& s, std::string_view w);

}  // namespace dsql::shim::sql
