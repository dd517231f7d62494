// Token vector, marker numbering, edit list and renderer for one statement (see statement_context.h).
#include "shim/sql/statement_context.h"

#include <algorithm>
#include <charconv>

#include "shim/common/error.h"

namespace dsql::shim::sql {

StatementContext::StatementContext(std::string_view text, std::size_t errorBase, const Options& options)
    : text_(text), errorBase_(errorBase), options_(options) {
  Lexer lexer(text, errorBase, options.standardConformingStrings);
  Token t;
  while (lexer.next(t)) {
    if (!t.isComment()) tokens_.push_back(t);
  }
  partner_.assign(tokens_.size(), tokens_.size());
  std::vector<std::size_t> parens, braces;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    switch (tokens_[i].kind) {
      case TokenKind::LParen: parens.push_back(i); break;
      case TokenKind::LBrace:
        braces.push_back(i);
        wellFormed_ = false;
        break;
      case TokenKind::RParen:
        if (!parens.empty()) {
          partner_[parens.back()] = i;
          partner_[i] = parens.back();
          parens.pop_back();
        } else {
          wellFormed_ = false;
        }
        break;
      case TokenKind::RBrace:
        if (!braces.empty()) {
          partner_[braces.back()] = i;
          partner_[i] = braces.back();
          braces.pop_back();
        }
        wellFormed_ = false;
        break;
      default: break;
    }
  }
  wellFormed_ = wellFormed_ && parens.empty();
  numberMarkers();
}

// ODBC numbers markers left to right; the server sees $1..$n in the same order. The return marker of a
// leading {?= call …} is the one exception: it is bound as an output and never sent.
void StatementContext::numberMarkers() {
  markerNumber_.assign(tokens_.size(), -1);
  int next = 0;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].kind != TokenKind::Marker) continue;
    const bool isReturn = options_.escapes && paramCount_ == 0 && i > 0 &&
                          tokens_[i - 1].kind == TokenKind::LBrace && isOp(i + 1, '=') && is(i + 2, "CALL");
    ++paramCount_;
    if (isReturn) {
      returnValue_ = true;
      markerNumber_[i] = 0;
    } else {
      markerNumber_[i] = ++next;
    }
  }
}

bool StatementContext::is(std::size_t i, std::string_view upper) const {
  return i < tokens_.size() && tokens_[i].kind == TokenKind::Word && keywordEquals(tokenText(i), upper);
}

bool StatementContext::isOp(std::size_t i, char c) const {
  return i < tokens_.size() && tokens_[i].kind == TokenKind::Op && text_[tokens_[i].begin] == c;
}

void StatementContext::replace(std::size_t begin, std::size_t end, std::string text, bool trimSpace,
                               bool trimSpaceAfter) {
  edits_.push_back({begin, end, std::move(text), trimSpace, trimSpaceAfter});
}

void StatementContext::insertAfter(std::size_t i, std::string text) {
  edits_.push_back({i + 1, i + 1, std::move(text), false, false});
}

std::string_view StatementContext::gap(std::size_t i) const {
  const std::size_t from = i == 0 ? 0 : tokens_[i - 1].end;
  const std::size_t to = i < tokens_.size() ? tokens_[i].begin : text_.size();
  return text_.substr(from, to - from);
}

namespace {
// Characters PostgreSQL reads as one token when they meet: operator characters (`-` `-` starts a comment,
// `<` `>` is one operator, `:` `:` a cast).
bool isOperatorChar(unsigned char c) {
  return c != 0 && std::string_view("+-*/<>=~!@#%^&|`:").find(static_cast<char>(c)) != std::string_view::npos;
}
// Whether `a` followed directly by `b` would read as one token where the text had two.
bool wouldFuse(unsigned char a, unsigned char b) {
  return (isIdentChar(a) && isIdentChar(b)) || (isOperatorChar(a) && isOperatorChar(b)) ||
         (a == b && (a == '\'' || a == '"'));  // 'a''b' is one literal, "a""b" one identifier
}
}  // namespace

// Generated text (a $n, an escape's translation, a rule's replacement) must not fuse with its neighbour:
// `x{fn PI()}` is `x pi()`, not `xpi()`, `INDEX?` is `INDEX ASYNC $1`, and `{oj a -}-b` is `a - -b`, not
// `a --b` (a comment). `guard` says the last thing written was generated, so the next token checks too.
void StatementContext::append(std::string& out, std::string_view text, bool generated, bool& guard) {
  if (text.empty()) {  // a removal is a boundary too: what was on either side of it now meets
    guard = guard || generated;
    return;
  }
  if ((generated || guard) && !out.empty() &&
      wouldFuse(static_cast<unsigned char>(out.back()), static_cast<unsigned char>(text.front()))) {
    out += ' ';
  }
  out.append(text);
  guard = generated;
}

std::size_t StatementContext::renderToken(std::size_t i, std::string& out, bool& guard) const {
  const Token& t = tokens_[i];
  if (t.kind == TokenKind::Marker) {
    if (markerNumber_[i] > 0) {
      char buf[16] = {'$'};
      const auto end = std::to_chars(buf + 1, buf + sizeof buf, markerNumber_[i]).ptr;
      append(out, std::string_view(buf, static_cast<std::size_t>(end - buf)), true, guard);
    }
    return i + 1;
  }
  if (t.kind == TokenKind::LBrace && options_.escapes) {
    const std::size_t close = partner_[i];
    if (close >= tokens_.size()) {
      throw dsql::Error("42000", "syntax error: unterminated ODBC escape sequence at offset " +
                                     std::to_string(errorOffset(i)));
    }
    std::string escape;
    if (translateEscape(*this, i, close, escape)) {
      append(out, escape, true, guard);
      return close + 1;
    }
    // An unknown escape is kept as written, escapes inside it too (only its markers are numbered): were
    // they expanded, `{ {fn d}'…'}` would come out as `{ d'…'}`, an escape the next reading would take.
    append(out, tokenText(i), false, guard);
    for (std::size_t k = i + 1; k <= close; ++k) {
      append(out, gap(k), false, guard);
      if (tokens_[k].kind == TokenKind::Marker) renderToken(k, out, guard);
      else append(out, tokenText(k), false, guard);
    }
    return close + 1;
  }
  append(out, tokenText(i), false, guard);
  return i + 1;
}

void StatementContext::renderRange(std::size_t begin, std::size_t end, std::string& out) const {
  bool guard = false;
  for (std::size_t i = begin; i < end;) {
    if (i != begin) append(out, gap(i), false, guard);
    i = renderToken(i, out, guard);
  }
}

std::string StatementContext::renderRange(std::size_t begin, std::size_t end) const {
  std::string out;
  renderRange(begin, end, out);
  return out;
}

namespace {
std::string_view trimRight(std::string_view s) {
  while (!s.empty() && isSqlSpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}
std::string_view trimLeft(std::string_view s) {
  while (!s.empty() && isSqlSpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}
}  // namespace

std::string StatementContext::render() const {
  std::vector<const Edit*> edits;
  edits.reserve(edits_.size());
  for (const Edit& e : edits_) edits.push_back(&e);
  // Insertions at a position come before a replacement starting there; otherwise keep rule order.
  std::stable_sort(edits.begin(), edits.end(), [](const Edit* a, const Edit* b) {
    if (a->begin != b->begin) return a->begin < b->begin;
    return (a->begin == a->end) && (b->begin != b->end);
  });
  std::string out;
  out.reserve(text_.size() + 32);
  const std::size_t n = tokens_.size();
  std::size_t e = 0;
  bool skipLeading = false;
  bool guard = false;
  for (std::size_t i = 0;;) {
    while (e < edits.size() && edits[e]->begin == i && edits[e]->end == i) append(out, edits[e++]->text, true, guard);
    std::string_view g = gap(i);
    if (skipLeading) g = trimLeft(g);
    skipLeading = false;
    if (i == n) {
      append(out, g, false, guard);
      break;
    }
    if (e < edits.size() && edits[e]->begin == i) {
      const Edit& ed = *edits[e++];
      append(out, ed.trimSpace ? trimRight(g) : g, false, guard);
      append(out, ed.text, true, guard);
      skipLeading = ed.trimSpaceAfter;
      i = std::max(ed.end, i + 1);
      while (e < edits.size() && edits[e]->begin < i) ++e;  // edits inside a replaced range are moot
      continue;
    }
    append(out, g, false, guard);
    const std::size_t next = renderToken(i, out, guard);
    while (e < edits.size() && edits[e]->begin > i && edits[e]->begin < next && edits[e]->begin != edits[e]->end) ++e;
    i = next;
  }
  // Removals at either end may leave blanks there; the statement span never starts or ends with one.
  const std::string_view trimmed = trimLeft(trimRight(out));
  if (trimmed.size() != out.size()) out = std::string(trimmed);
  return out;
}

std::string StatementContext::identifier(std::size_t i) const {
  std::string_view t = tokenText(i);
  std::string out;
  if (tokens_[i].kind == TokenKind::QuotedIdent && t.front() == '"') {
    t = t.substr(1, t.size() - 2);
    for (std::size_t k = 0; k < t.size(); ++k) {
      out += t[k];
      if (t[k] == '"') ++k;  // "" stands for one quote
    }
    return out;
  }
  out.reserve(t.size());
  for (char c : t) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

}  // namespace dsql::shim::sql
