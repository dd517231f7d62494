// ODBC escape sequences (ODBC 3.8 reference, Appendix C "SQL Grammar" › "Escape Sequences in ODBC") turned
// into PostgreSQL. Escapes nest ({fn UCASE({fn LTRIM(x)})}, {oj … {fn …} …}); each argument is rendered
// through the statement context, so inner escapes and ? markers are translated wherever they sit and
// nothing inside a literal is ever looked at. Choices where ODBC leaves the data source free:
//   {d|t|ts 'x'} → DATE|TIME|TIMESTAMP 'x' (a non-literal argument: CAST(arg AS date|time|timestamp))
//   {guid 'x'}   → UUID 'x'
//   {call p(…)}  → SELECT * FROM p(…)   (PostgreSQL functions return rows; DSQL's procedures use CALL)
//   {?= call f(…)} → SELECT f(…)         (the return marker is not sent; see Statement::returnValue)
//   {oj …} → … ; {escape 'c'} → ESCAPE 'c' ; {INTERVAL -'1' DAY} → (-INTERVAL '1' DAY)
#include <string>
#include <vector>

#include "shim/common/error.h"
#include "shim/sql/scalar_functions.h"
#include "shim/sql/statement_context.h"

namespace dsql::shim::sql {

namespace {

// Procedures, which PostgreSQL only runs through CALL. Aurora DSQL's sys.wait_for_job is one
// (golden:index.json "sys.wait_for_job(text) is a procedure").
constexpr std::string_view kProcedures[] = {"sys.wait_for_job"};

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string_view stripPrefix(std::string_view word, std::string_view upperPrefix) {
  if (word.size() > upperPrefix.size() && keywordEquals(word.substr(0, upperPrefix.size()), upperPrefix)) {
    return word.substr(upperPrefix.size());
  }
  return word;
}

// Splits tokens (begin, end) — the inside of a parenthesis — on top-level commas.
std::vector<std::pair<std::size_t, std::size_t>> splitArgs(const StatementContext& ctx, std::size_t begin,
                                                           std::size_t end) {
  std::vector<std::pair<std::size_t, std::size_t>> args;
  if (begin >= end) return args;
  std::size_t start = begin;
  for (std::size_t i = begin; i < end; ++i) {
    const TokenKind k = ctx.kind(i);
    if ((k == TokenKind::LParen || k == TokenKind::LBrace) && ctx.partner(i) < end) {
      i = ctx.partner(i);
    } else if (k == TokenKind::Comma) {
      args.emplace_back(start, i);
      start = i + 1;
    }
  }
  args.emplace_back(start, end);
  return args;
}

std::string expand(std::string_view tmpl, const std::vector<std::string>& args) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '%' && i + 1 < tmpl.size()) {
      const char c = tmpl[i + 1];
      if (c == '*') {
        for (std::size_t a = 0; a < args.size(); ++a) out += (a ? ", " : "") + args[a];
        ++i;
        continue;
      }
      if (c >= '1' && c <= '9' && static_cast<std::size_t>(c - '1') < args.size()) {
        out += args[static_cast<std::size_t>(c - '1')];
        ++i;
        continue;
      }
    }
    out += tmpl[i];
  }
  return out;
}

const IntervalUnit& intervalUnit(const StatementContext& ctx, std::pair<std::size_t, std::size_t> arg) {
  if (arg.second == arg.first + 1 && ctx.kind(arg.first) == TokenKind::Word) {
    const std::string_view name = stripPrefix(ctx.tokenText(arg.first), "SQL_TSI_");
    for (const IntervalUnit& u : intervalUnits()) {
      if (keywordEquals(name, u.odbcName)) return u;
    }
  }
  throw dsql::Error("0A000", "unsupported interval type in {fn TIMESTAMPADD/TIMESTAMPDIFF} at offset " +
                                 std::to_string(ctx.errorOffset(arg.first)));
}

std::string timestampAdd(const IntervalUnit& u, const std::vector<std::string>& a) {
  const std::string ts = "CAST(" + a[2] + " AS timestamp)";
  if (u.seconds < 0) return "(" + ts + " + (" + a[1] + ") / 1000 * INTERVAL '1 microsecond')";
  const std::string unit = u.months == 3 ? std::string("3 month") : "1 " + std::string(u.pgUnit);
  return "(" + ts + " + (" + a[1] + ") * INTERVAL '" + unit + "')";
}

std::string timestampDiff(const IntervalUnit& u, const std::vector<std::string>& a) {
  const std::string t1 = "CAST(" + a[1] + " AS timestamp)", t2 = "CAST(" + a[2] + " AS timestamp)";
  if (u.months == 0) {
    const std::string epoch = "EXTRACT(EPOCH FROM (" + t2 + " - " + t1 + "))";
    if (u.seconds < 0) return "CAST(trunc(" + epoch + " * 1000000000) AS bigint)";
    return "CAST(trunc(" + epoch + " / " + std::to_string(u.seconds) + ") AS bigint)";
  }
  const std::string age = "age(" + t2 + ", " + t1 + ")";
  const std::string months = "(EXTRACT(YEAR FROM " + age + ") * 12 + EXTRACT(MONTH FROM " + age + "))";
  return "CAST(trunc(" + months + " / " + std::to_string(u.months) + ") AS bigint)";
}

std::string convert(const StatementContext& ctx, std::pair<std::size_t, std::size_t> typeArg,
                    const std::string& value) {
  if (typeArg.second == typeArg.first + 1 && ctx.kind(typeArg.first) == TokenKind::Word) {
    const std::string_view name = stripPrefix(ctx.tokenText(typeArg.first), "SQL_");
    for (const ConvertTarget& t : convertTargets()) {
      if (keywordEquals(name, t.odbcName)) return "CAST(" + value + " AS " + std::string(t.pgType) + ")";
    }
  }
  throw dsql::Error("0A000", "unsupported target type in {fn CONVERT} at offset " +
                                 std::to_string(ctx.errorOffset(typeArg.first)));
}

// {fn name(args)}: tokens [k, close) hold `name ( … )` or a bare `name`.
void functionEscape(const StatementContext& ctx, std::size_t k, std::size_t close, std::string& out) {
  std::size_t innerBegin = close, innerEnd = close;
  const bool bare = k + 1 == close;
  const bool called = ctx.kind(k) == TokenKind::Word && ctx.kind(k + 1) == TokenKind::LParen &&
                      ctx.partner(k + 1) + 1 == close;
  if (!bare && !called) {
    ctx.renderRange(k, close, out);  // not the shape of a function call: keep it as written
    return;
  }
  if (called) {
    innerBegin = k + 2;
    innerEnd = close - 1;
  }
  const auto ranges = splitArgs(ctx, innerBegin, innerEnd);
  const ScalarFunction* f = findScalarFunction(ctx.tokenText(k), static_cast<int>(ranges.size()));
  if (f == nullptr) {
    ctx.renderRange(k, close, out);
    return;
  }
  std::vector<std::string> args;
  for (const auto& r : ranges) args.push_back(ctx.renderRange(r.first, r.second));
  switch (f->form) {
    case FunctionForm::Template: out += expand(f->pgTemplate, args); break;
    case FunctionForm::Convert: out += convert(ctx, ranges[1], args[0]); break;
    case FunctionForm::TimestampAdd: out += timestampAdd(intervalUnit(ctx, ranges[0]), args); break;
    case FunctionForm::TimestampDiff: out += timestampDiff(intervalUnit(ctx, ranges[0]), args); break;
  }
}

void literalEscape(const StatementContext& ctx, std::size_t k, std::size_t close, std::string_view type,
                   std::string& out) {
  if (k + 1 == close && ctx.kind(k) == TokenKind::String) {
    out.append(type).append(" ").append(ctx.tokenText(k));
    return;
  }
  out.append("CAST(");
  ctx.renderRange(k, close, out);
  out.append(" AS ").append(type).append(")");
}

void callEscape(const StatementContext& ctx, std::size_t k, std::size_t close, bool returnValue,
                std::string& out) {
  std::size_t nameEnd = k;
  while (nameEnd < close && ctx.kind(nameEnd) != TokenKind::LParen) ++nameEnd;
  // The name as written: only compared with the known procedures, which hold no escape. Rendering it here
  // would render an escape nested in it twice, and twice again at every level of nesting.
  std::string_view name;
  if (nameEnd > k) {
    const std::string_view first = ctx.tokenText(k), last = ctx.tokenText(nameEnd - 1);
    name = std::string_view(first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data()));
  }
  bool procedure = false;
  for (std::string_view p : kProcedures) procedure = procedure || lowered(name) == p;
  out += returnValue ? "SELECT " : (procedure ? "CALL " : "SELECT * FROM ");
  ctx.renderRange(k, close, out);
  if (nameEnd == close) out += "()";
}

void intervalEscape(const StatementContext& ctx, std::size_t k, std::size_t close, std::string& out) {
  if (ctx.isOp(k, '-') || ctx.isOp(k, '+')) {
    out.append("(").append(ctx.tokenText(k)).append("INTERVAL ");
    ctx.renderRange(k + 1, close, out);
    out.append(")");
    return;
  }
  out.append("INTERVAL ");
  ctx.renderRange(k, close, out);
}

}  // namespace

bool translateEscape(const StatementContext& ctx, std::size_t open, std::size_t close, std::string& out) {
  const std::size_t k = open + 1;
  if (ctx.kind(k) == TokenKind::Marker && ctx.isOp(k + 1, '=') && ctx.is(k + 2, "CALL")) {
    if (!ctx.returnValue()) {  // the return marker must be the statement's first (Statement::returnValue)
      throw dsql::Error("0A000", "{?= call …} must come before every other parameter marker (offset " +
                                     std::to_string(ctx.errorOffset(open)) + ")");
    }
    callEscape(ctx, k + 3, close, true, out);
    return true;
  }
  if (ctx.is(k, "FN")) functionEscape(ctx, k + 1, close, out);
  else if (ctx.is(k, "D")) literalEscape(ctx, k + 1, close, "DATE", out);
  else if (ctx.is(k, "T")) literalEscape(ctx, k + 1, close, "TIME", out);
  else if (ctx.is(k, "TS")) literalEscape(ctx, k + 1, close, "TIMESTAMP", out);
  else if (ctx.is(k, "GUID")) literalEscape(ctx, k + 1, close, "UUID", out);
  else if (ctx.is(k, "OJ")) ctx.renderRange(k + 1, close, out);
  else if (ctx.is(k, "CALL")) callEscape(ctx, k + 1, close, false, out);
  else if (ctx.is(k, "ESCAPE")) out.append("ESCAPE ").append(ctx.renderRange(k + 1, close));
  else if (ctx.is(k, "INTERVAL")) intervalEscape(ctx, k + 1, close, out);
  else return false;
  return true;
}

}  // namespace dsql::shim::sql
