// translate(): one allocation-free lexical pass splits the input into statements and notes, per statement,
// whether anything could change (a ? marker, a '{', or a leading keyword some DSQL rule looks at). Only
// those statements are tokenized into a StatementContext and rendered into owned storage; every other
// statement's view points into the caller's text. See README.md for the rules and the splitting semantics.
#include "shim/sql/translate.h"

#include <array>
#include <cstdint>
#include <limits>

#include "shim/common/error.h"
#include "shim/sql/last_identity.h"
#include "shim/sql/lexer.h"
#include "shim/sql/rules.h"
#include "shim/sql/scalar_functions.h"
#include "shim/sql/segment.h"
#include "shim/sql/statement_context.h"

namespace dsql::shim::sql {

namespace {

// {call name(…)} or {?= call name(…)} as the whole statement (translate.h Statement::call).
void markCall(const StatementContext& ctx, Statement& st) {
  if (!ctx.options().escapes || ctx.size() < 3 || ctx.kind(0) != TokenKind::LBrace || ctx.partner(0) + 1 != ctx.size())
    return;
  std::size_t name = 0;
  if (ctx.is(1, "CALL")) name = 2;
  else if (ctx.kind(1) == TokenKind::Marker && ctx.isOp(2, '=') && ctx.is(3, "CALL")) name = 4;
  else return;
  std::size_t end = name;
  while (end + 1 < ctx.size() && ctx.kind(end) != TokenKind::LParen) ++end;
  if (end == name) return;
  const std::string_view first = ctx.tokenText(name), last = ctx.tokenText(end - 1);
  st.call = true;
  st.callName = std::string_view(first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data()));
}

class Translator {
 public:
  Translator(std::string_view input, const Options& options, Translation& out)
      : input_(input), options_(options), out_(out) {}

  void run() {
    Lexer lexer(input_, 0, options_.standardConformingStrings);
    Token t;
    Segment seg;
    while (lexer.next(t)) {
      if (t.kind == TokenKind::Semicolon && seg.parens == 0 && seg.blocks == 0) {
        finish(seg);
        seg = Segment();
        continue;
      }
      if (seg.begin == std::string_view::npos) seg.begin = t.begin;
      if (t.kind == TokenKind::LineComment) {
        seg.lineCommentInTail = true;
        continue;
      }
      if (t.kind == TokenKind::BlockComment) {
        if (!seg.lineCommentInTail) seg.end = t.end;
        continue;
      }
      seg.significant = true;
      seg.lineCommentInTail = false;
      seg.end = t.end;
      if (seg.sigCount < 4) noteLeading(seg, t, input_);
      switch (t.kind) {
        case TokenKind::LParen: ++seg.parens; break;
        case TokenKind::RParen: if (seg.parens > 0) --seg.parens; break;
        case TokenKind::Marker: ++seg.markers; break;
        case TokenKind::LBrace: seg.brace = true; break;
        case TokenKind::Word:
          if (seg.withPending || seg.routine) onWord(seg, input_.substr(t.begin, t.size()));
          break;
        default: break;
      }
    }
    finish(seg);
    if (!owned_.empty() || !pending_.empty()) {
      auto storage = std::make_shared<const std::string>(std::move(owned_));
      for (const auto& p : pending_) out_.statements[p.index].sql = std::string_view(*storage).substr(p.offset, p.size);
      out_.owned = std::move(storage);
    }
  }

 private:
  struct Pending {
    std::size_t index, offset, size;
  };

  void finish(const Segment& seg) {
    if (!seg.significant) return;
    Statement st;
    st.sql = input_.substr(seg.begin, seg.end - seg.begin);
    st.firstParam = out_.paramCount;
    st.paramCount = seg.markers;
    st.kind = seg.kind;
    st.outsideTransaction = !options_.dsql && refusedInTransactionBlock(seg.first, seg.sigCount);
    out_.paramCount += seg.markers;
    const bool rules = options_.dsql && ((seg.row && seg.row->dsqlRule) || seg.leadingBrace);
    const bool identity = leadsWithLastIdentity(seg.first, seg.sigCount);
    const bool work = seg.markers > 0 || (options_.escapes && seg.brace) || rules || identity;
    out_.statements.push_back(std::move(st));
    if (!work) return;
    std::vector<std::string> followUps;
    rewrite(seg, out_.statements.back(), rules, identity, followUps);
    // Unbalanced parentheses: a ';' after this statement would be read as inside it, so nothing generated
    // could be told apart from the statement when its text is translated again.
    if (seg.parens == 0) {
      for (std::string& text : followUps) addGenerated(std::move(text));
    }
  }

  // A statement the rules generated (ALTER TABLE ASYNC … VALIDATE CONSTRAINT): DDL answering a job_id row.
  void addGenerated(std::string text) {
    Statement st;
    st.firstParam = out_.paramCount;
    st.kind = StatementKind::Ddl;
    st.createIndexAsync = true;
    st.validatesConstraint = true;
    pending_.push_back({out_.statements.size(), owned_.size(), text.size()});
    owned_ += text;
    out_.statements.push_back(std::move(st));
  }

  // With escapes in play, rules look at the statement as the server will see it: escapes (and markers) are
  // translated first, then the rules run over that text, so `{oj}SAVEPOINT a` or a `{d …}` default inside
  // DDL get the same treatment as their plain forms, and translation stays idempotent.
  void rewrite(const Segment& seg, Statement& st, bool rules, bool identity, std::vector<std::string>& followUps) {
    StatementContext ctx(st.sql, seg.begin, options_);
    if (identity) rewriteLastIdentity(ctx);
    st.returnValue = ctx.returnValue();
    markCall(ctx, st);
    RuleOutcome outcome;
    outcome.kind = st.kind;
    NoteSink notes(out_.notes, static_cast<int>(out_.statements.size()) - 1);
    std::string text;
    bool rewritten = false;
    if (rules && options_.escapes && seg.brace) {
      const std::string escaped = ctx.render();
      Options plain = options_;
      plain.escapes = false;
      StatementContext second(escaped, seg.begin, plain);
      if (second.size() > 0 && second.kind(0) == TokenKind::Word) outcome.kind = kindOf(second.tokenText(0), st.kind);
      if (second.wellFormed()) applyDsqlRules(second, outcome, notes);
      text = second.edited() ? second.render() : escaped;
      rewritten = second.edited();
    } else {
      if (rules && ctx.wellFormed()) applyDsqlRules(ctx, outcome, notes);
      if (outcome.local == LocalAction::None &&
          (ctx.edited() || seg.markers > 0 || (options_.escapes && seg.brace))) {
        text = ctx.render();
      } else {
        text = st.sql;
      }
      rewritten = rules && ctx.edited();
    }
    if (rewritten && outcome.local == LocalAction::None) rulesToFixedPoint(seg, text, outcome, notes);
    st.local = outcome.local;
    st.savepointName = std::move(outcome.savepointName);
    st.kind = outcome.kind;
    st.createIndexAsync = outcome.createIndexAsync;
    st.truncateTable = std::move(outcome.truncateTable);
    if (st.local != LocalAction::None) return;  // keeps its original text; never sent
    followUps = std::move(outcome.followUps);
    if (text.empty()) {  // e.g. a lone `{oj}`: nothing is left to send
      st.local = LocalAction::NoOp;
      return;
    }
    if (text == st.sql) return;
    pending_.push_back({out_.statements.size() - 1, owned_.size(), text.size()});
    owned_ += text;
  }

  // A removal can bring together what another rule then matches, in text no server accepts (`REFERENCES x
  // FOREIGN` loses `REFERENCES x`, and `FOREIGN` then reads as a table constraint): the rules run again over
  // their own output until it stays the same, so the text sent (and shown by SQLNativeSql) translates to
  // itself. Valid SQL is unchanged by the second run; a bound keeps garbage from looping.
  void rulesToFixedPoint(const Segment& seg, std::string& text, RuleOutcome& outcome, NoteSink& notes) {
    Options plain = options_;
    plain.escapes = false;
    for (int run = 0; run < 3; ++run) {
      StatementContext again(text, seg.begin, plain);
      if (!again.wellFormed()) return;
      applyDsqlRules(again, outcome, notes);
      if (!again.edited()) return;
      text = again.render();
    }
  }

  std::string_view input_;
  const Options& options_;
  Translation& out_;
  std::string owned_;
  std::vector<Pending> pending_;
};

}  // namespace

namespace {

// The pass-through fast path (DESIGN.md: no work and no copy when the SQL needs no change): one statement
// whose leading keyword no rule looks at and whose kind that keyword alone decides, with no marker, escape,
// ';', comment, dollar quote or backslash outside quoted text. One byte scan instead of the tokenizer;
// anything it is not sure about (an unterminated quote included, so the lexer reports it) takes the full
// path, which gives the same answer for everything the fast path accepts.
// Bytes the pass-through scan must look at; everything else is skipped in a tight loop.
constexpr std::array<bool, 256> kPassThroughSpecial = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view("?{;$\\-/'\"@")) t[c] = true;
  return t;
}();

bool passThrough(std::string_view in, bool standardConformingStrings, Translation& out) {
  const std::size_t n = in.size();
  std::size_t i = 0;
  while (i < n && isSqlSpace(static_cast<unsigned char>(in[i]))) ++i;
  const std::size_t start = i;
  while (i < n && isIdentChar(static_cast<unsigned char>(in[i]))) ++i;
  const KindRow* row = kindRow(in.substr(start, i - start));
  // DROP DATABASE / DROP INDEX CONCURRENTLY run outside a transaction block: the full scan tells them apart.
  if (!row || row->dsqlRule || row->keyword == "WITH" || row->keyword == "DROP") return false;
  for (; i < n; ++i) {
    while (i < n && !kPassThroughSpecial[static_cast<unsigned char>(in[i])]) ++i;
    if (i == n) break;
    const char c = in[i];
    switch (c) {
      case '-':
        if (i + 1 < n && in[i + 1] == '-') return false;
        break;
      case '/':
        if (i + 1 < n && in[i + 1] == '*') return false;
        break;
      case '@':  // SELECT @@IDENTITY is rewritten (last_identity.h)
        if (i + 1 < n && in[i + 1] == '@') return false;
        break;
      case '\'': case '"': {
        if (c == '\'' && (in[i - 1] == 'E' || in[i - 1] == 'e')) return false;  // E'' has backslash escapes
        std::size_t j = i + 1;
        for (;; ++j) {
          if (j >= n) return false;  // unterminated: the lexer reports it
          if (in[j] == '\\' && c == '\'' && !standardConformingStrings) return false;  // '…' has \ escapes
          if (in[j] == c) {
            if (j + 1 < n && in[j + 1] == c) { ++j; continue; }  // '' or "" inside
            break;
          }
        }
        i = j;
        break;
      }
      default:  // ? { ; $ and backslash
        return false;
    }
  }
  std::size_t end = n;
  while (end > start && isSqlSpace(static_cast<unsigned char>(in[end - 1]))) --end;
  Statement st;
  st.sql = in.substr(start, end - start);
  st.kind = row->kind;
  out.statements.push_back(std::move(st));
  return true;
}

}  // namespace

void translate(std::string_view odbcSql, const Options& options, Translation& out) {
  if (odbcSql.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw dsql::Error("54000", "statement text is too long");
  }
  out.statements.clear();
  out.notes.clear();
  out.paramCount = 0;
  out.owned.reset();
  if (passThrough(odbcSql, options.standardConformingStrings, out)) return;
  Translator(odbcSql, options, out).run();
}

Translation translate(std::string_view odbcSql, const Options& options) {
  Translation out;
  translate(odbcSql, options, out);
  return out;
}

std::string Translation::nativeSql() const {
  std::string out;
  for (const Statement& s : statements) {
    if (s.local != LocalAction::None) continue;
    if (!out.empty()) out += "; ";
    out.append(s.sql);
  }
  return out;
}

namespace {
void addOnce(std::vector<std::string_view>& v, std::string_view name) {
  for (std::string_view n : v) {
    if (n == name) return;
  }
  v.push_back(name);
}
}  // namespace

const EscapeSupport& escapeSupport() {
  static const EscapeSupport support = [] {
    EscapeSupport s;
    for (const ScalarFunction& f : scalarFunctions()) {
      switch (f.group) {
        case FunctionGroup::String: addOnce(s.string, f.name); break;
        case FunctionGroup::Numeric: addOnce(s.numeric, f.name); break;
        case FunctionGroup::TimeDate: addOnce(s.timedate, f.name); break;
        case FunctionGroup::System: addOnce(s.system, f.name); break;
        case FunctionGroup::Conversion: addOnce(s.conversion, f.name); break;
      }
    }
    for (const ConvertTarget& t : convertTargets()) {
      if (t.advertised) addOnce(s.convertTypes, t.odbcName);
    }
    for (const IntervalUnit& u : intervalUnits()) addOnce(s.intervals, u.odbcName);
    return s;
  }();
  return support;
}

}  // namespace dsql::shim::sql
