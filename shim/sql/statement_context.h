// One statement being rewritten: its significant tokens (comments live in the gaps between them and are
// copied verbatim), the ODBC marker numbering, the edits the rules ask for, and the renderer that produces
// the final text. Rules only ever replace whole tokens, so the inside of a literal, quoted identifier,
// dollar body or comment can never change. Internal to shim/sql.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shim/sql/lexer.h"
#include "shim/sql/translate.h"

namespace dsql::shim::sql {

class StatementContext {
 public:
  // `text` is the statement's span (no separator); `errorBase` its offset in the whole input.
  StatementContext(std::string_view text, std::size_t errorBase, const Options& options);

  const Options& options() const { return options_; }
  std::string_view text() const { return text_; }
  std::size_t size() const { return tokens_.size(); }
  // Accessors are bounds-checked (rules look ahead freely): past the end, tokenText() is empty, kind() is
  // Semicolon, partner() is size() and errorOffset() is the end of the statement.
  std::string_view tokenText(std::size_t i) const {
    return i < tokens_.size() ? text_.substr(tokens_[i].begin, tokens_[i].size()) : std::string_view();
  }
  TokenKind kind(std::size_t i) const { return i < tokens_.size() ? tokens_[i].kind : TokenKind::Semicolon; }
  // Token i is the unquoted keyword `upper` (bounds-checked: false past the end).
  bool is(std::size_t i, std::string_view upper) const;
  bool isOp(std::size_t i, char c) const;
  // For '(' or '{' at i, the index of its partner; size() when unbalanced.
  std::size_t partner(std::size_t i) const { return i < partner_.size() ? partner_[i] : tokens_.size(); }
  // Every parenthesis has its partner and no brace is left (outside literals a brace is not SQL: an escape
  // the driver did not know, or SQL_ATTR_NOSCAN text). The DSQL rules rewrite only such text: in text the
  // server cannot parse, where an element ends is a guess, and a removal that took a parenthesis or a brace
  // with it would leave text that reads differently when translated again.
  bool wellFormed() const { return wellFormed_; }
  std::size_t errorOffset(std::size_t i) const {
    return errorBase_ + (i < tokens_.size() ? tokens_[i].begin : text_.size());
  }

  int paramCount() const { return paramCount_; }
  bool returnValue() const { return returnValue_; }

  // Edits on significant tokens. replace() swaps tokens [begin, end) for `text`; with trimSpace the
  // whitespace just before `begin` goes too, and with trimSpaceAfter the whitespace just after end-1.
  void replace(std::size_t begin, std::size_t end, std::string text, bool trimSpace = true,
               bool trimSpaceAfter = false);
  void remove(std::size_t begin, std::size_t end, bool trimSpaceAfter = false) {
    replace(begin, end, std::string(), true, trimSpaceAfter);
  }
  void insertAfter(std::size_t i, std::string text);  // right after token i, before the following gap
  bool edited() const { return !edits_.empty(); }

  // The statement with edits, $n markers and translated escapes.
  std::string render() const;
  // Tokens [begin, end) with the gaps between them, $n markers and translated escapes (no edits).
  std::string renderRange(std::size_t begin, std::size_t end) const;
  void renderRange(std::size_t begin, std::size_t end, std::string& out) const;

  // Identifier value of token i as PostgreSQL folds it: unquoted → ASCII lower case; "…" → unquoted.
  std::string identifier(std::size_t i) const;

 private:
  struct Edit {
    std::size_t begin, end;
    std::string text;
    bool trimSpace, trimSpaceAfter;
  };
  std::string_view gap(std::size_t i) const;  // bytes before token i (i == size(): after the last token)
  std::size_t renderToken(std::size_t i, std::string& out, bool& guard) const;  // returns the next index
  static void append(std::string& out, std::string_view text, bool generated, bool& guard);
  void numberMarkers();

  std::string_view text_;
  std::size_t errorBase_;
  const Options& options_;
  std::vector<Token> tokens_;
  std::vector<std::size_t> partner_;
  bool wellFormed_ = true;
  std::vector<int> markerNumber_;  // per token: $n for markers (0: the {?= call} return marker)
  std::vector<Edit> edits_;
  int paramCount_ = 0;
  bool returnValue_ = false;
};

// Appends the PostgreSQL form of the ODBC escape whose braces are tokens open..close (escapes.cpp).
// Returns false when the word after '{' is not an ODBC escape keyword: the braces then pass through.
bool translateEscape(const StatementContext& ctx, std::size_t open, std::size_t close, std::string& out);

}  // namespace dsql::shim::sql
