// Output parameters of {call …} and {?= call …} (ODBC "Procedure Parameters"). Which markers are outputs is
// an SQLBindParameter fact, so the call text is settled here at execution: SQL_PARAM_OUTPUT markers are not
// sent (dropped from a FUNCTION's argument list, NULL placeholders in a PROCEDURE's CALL, as PostgreSQL 14+
// takes them; shim/sql/call_outputs.h), SQL_PARAM_INPUT_OUTPUT markers are sent as inputs. The single row
// the server answers is written back, column by column in marker order (the {?= return marker first), into
// the bound buffers through the one output converter (toC), and the call leaves no result set behind, as
// psqlODBC does. Whether the routine is a procedure is asked of pg_proc once per name and connection; a
// procedure without output markers goes this way too, to be sent as CALL.
#include <cstdlib>

#include "driver/convert/pg_types.h"
#include "driver/convert/to_c.h"
#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"
#include "shim/sql/call_outputs.h"
#include "shim/sql/lexer.h"

namespace dsql::driver {

bool Statement::hasOutputParams(const shim::sql::Statement& s) const {
  for (int k = s.returnValue ? 1 : 0; k < s.paramCount; ++k) {
    const DescRecord* ip = ipd_.findRecord(static_cast<SQLSMALLINT>(s.firstParam + k + 1));
    if (ip && ip->parameterType != SQL_PARAM_INPUT) return true;
  }
  return false;
}

namespace {

bool sentAsCall(const std::string_view sql) {
  return sql.size() >= 5 && shim::sql::keywordEquals(sql.substr(0, 4), "CALL");
}

}  // namespace

// Whether runOne hands a {call} to runCallWithOutputs: it has output markers, or it names a PostgreSQL
// procedure that the shim, which cannot know, rendered as SELECT * FROM p(…) (the server runs a procedure
// only through CALL and answers 42809 otherwise).
bool Statement::callNeedsSettling(const shim::sql::Statement& s) {
  if (hasOutputParams(s)) return true;
  return !s.returnValue && !sentAsCall(s.sql) && callIsProcedure(s);
}

// CALL p(…) from the shim (a known DSQL procedure) is one; Aurora DSQL refuses CREATE PROCEDURE (only
// LANGUAGE sql functions exist there, docs/dsql-behaviour.md), so everything else is a function there. On
// PostgreSQL, pg_proc decides: the name as written is split by parse_ident and resolved on the search path
// when unqualified. The answer is kept per connection (Connection::routineKinds) until DDL or a SET, so a
// call costs the look-up once; a call the server then refuses as the wrong kind of routine forgets it
// (statement_retry.cpp), so a routine another session replaced is right again from the next execution.
bool Statement::callIsProcedure(const shim::sql::Statement& s) {
  if (sentAsCall(s.sql)) return true;
  if (conn_.dsqlMode() || s.returnValue) return false;
  const std::string name(s.callName);
  auto& known = conn_.routineKinds();
  if (auto it = known.find(name); it != known.end()) return it->second;
  static const std::string sql =
      "SELECT coalesce(bool_or(p.prokind = 'p'), false) FROM pg_catalog.pg_proc p, "
      "(SELECT pg_catalog.parse_ident($1, false) AS n) i WHERE p.proname = i.n[cardinality(i.n)] AND CASE "
      "WHEN cardinality(i.n) = 1 THEN pg_catalog.pg_function_is_visible(p.oid) ELSE p.pronamespace = "
      "(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = i.n[cardinality(i.n) - 1]) END";
  pg::Params p;
  p.addText(name.c_str());
  pg::Result r = conn_.catalogLookup(sql, p);
  const bool procedure = r.rows() == 1 && r.value(0, 0) == std::string("t");
  known[name] = procedure;
  return procedure;
}

// SQLDescribeParam on a {call} (PostgreSQL): the server cannot describe SELECT * FROM f(…) with a marker for
// each OUT argument (no such signature), and a failed describe would abort the application's transaction,
// so the types come from pg_proc: marker k is argument k of the one routine of that name taking exactly as
// many arguments (OUT included) as the call has markers; the {?= return marker is its result type. 0 when
// that is not one routine (the caller then describes the marker as character data).
unsigned Statement::callParamType(const shim::sql::Statement& s, int local) {
  static const std::string sql =
      "SELECT CASE WHEN $2::int = 0 AND $4::bool THEN p.prorettype ELSE (SELECT t.oid FROM pg_catalog.unnest("
      "coalesce(p.proallargtypes, p.proargtypes::pg_catalog.oid[])) WITH ORDINALITY t(oid, n) WHERE t.n = $2::int "
      "+ CASE WHEN $4::bool THEN 0 ELSE 1 END) END FROM pg_catalog.pg_proc p, (SELECT pg_catalog.parse_ident($1, "
      "false) AS n) i WHERE p.proname = i.n[cardinality(i.n)] AND CASE WHEN cardinality(i.n) = 1 THEN "
      "pg_catalog.pg_function_is_visible(p.oid) ELSE p.pronamespace = (SELECT ns.oid FROM pg_catalog.pg_namespace "
      "ns WHERE ns.nspname = i.n[cardinality(i.n) - 1]) END AND cardinality(coalesce(p.proallargtypes, "
      "p.proargtypes::pg_catalog.oid[])) = $3::int";
  const std::string name(s.callName), index = std::to_string(local), args =
      std::to_string(s.paramCount - (s.returnValue ? 1 : 0)), ret = s.returnValue ? "true" : "false";
  pg::Params p;
  for (const std::string* v : {&name, &index, &args, &ret}) p.addText(v->c_str());
  pg::Result r = conn_.catalogLookup(sql, p);
  if (r.rows() != 1 || r.isNull(0, 0)) return 0;
  return static_cast<unsigned>(std::strtoul(r.value(0, 0), nullptr, 10));
}

ResultSet Statement::runCallWithOutputs(const shim::sql::Statement& s, SQLULEN row) {
  pg::Params built;
  std::vector<std::string> storage;
  buildParams(s, row, built, storage);  // output markers come back as NULLs; they are dropped below
  const int skip = s.returnValue ? 1 : 0;
  std::vector<bool> output(built.values.size(), false);
  for (std::size_t k = 0; k < output.size(); ++k) {
    const DescRecord* ip = ipd_.findRecord(static_cast<SQLSMALLINT>(s.firstParam + skip + static_cast<int>(k) + 1));
    output[k] = ip && ip->parameterType == SQL_PARAM_OUTPUT;
  }
  const shim::sql::CallText call = shim::sql::rewriteCallOutputs(s.sql, output, callIsProcedure(s));
  pg::Params sent;
  for (int k : call.sent) {
    const auto i = static_cast<std::size_t>(k);
    sent.values.push_back(built.values[i]);
    sent.lengths.push_back(built.lengths[i]);
    sent.formats.push_back(built.formats[i]);
    sent.types.push_back(built.types[i]);
  }
  ResultSet rs = ResultSet::fromServer(executeWithRetry(s, call.sql, sent, false));
  conn_.afterStatement(s.kind);
  if (!hasOutputParams(s)) return rs;  // a procedure called for its effect: what CALL answers, if anything
  storeOutputs(s, rs, row);
  return ResultSet::local(rs.commandTag);
}

// Result column c goes to the c-th output marker (return marker, then OUT/INOUT markers in order). A call
// answering no row (a procedure without outputs) leaves the buffers as they are.
void Statement::storeOutputs(const shim::sql::Statement& s, const ResultSet& rs, SQLULEN row) {
  if (!rs.result || rs.result.rows() < 1) return;
  const pg::Result& r = rs.result;
  int column = 0;
  for (int k = 0; k < s.paramCount && column < r.columns(); ++k) {
    const auto number = static_cast<SQLSMALLINT>(s.firstParam + k + 1);
    const DescRecord* ip = ipd_.findRecord(number);
    const bool isOutput = (k == 0 && s.returnValue) || (ip && ip->parameterType != SQL_PARAM_INPUT);
    if (!isOutput) continue;
    storeOutput(number, r, column++, row);
  }
}

void Statement::storeOutput(SQLSMALLINT number, const pg::Result& r, int column, SQLULEN row) {
  const DescRecord* a = apd_->findRecord(number);
  if (!a || (!a->dataPtr && !a->indicatorPtr)) return;
  Cell cell{r.value(0, column), static_cast<std::size_t>(r.length(0, column)), r.isNull(0, column), r.type(column),
            r.typmod(column)};
  CTarget target{};
  target.cType = a->conciseType == SQL_C_DEFAULT
                      ? describeColumn(cell.typeOid, cell.typmod, conn_.typeOptions()).defaultCType
                      : a->conciseType;
  SQLLEN size = fixedCTypeSize(target.cType);
  target.buffer = apd_->elementAddress(a->dataPtr, row, size ? size : a->octetLength);
  target.bufferLength = a->octetLength;
  target.indicator = apd_->indicatorAddress(a->indicatorPtr, row);
  target.precision = a->precision;
  target.scale = a->scale;
  if (toC(cell, target, nullptr) == ConvertResult::Truncated) diag().add("01004", "String data, right truncated");
}

}  // namespace dsql::driver
