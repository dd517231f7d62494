// Output parameters of an ODBC {call …}: which markers are outputs is known only when the statement runs
// (SQLBindParameter's InputOutputType), after the shim translated the call. This rewrites the translated
// call text once the outputs are known: a PostgreSQL FUNCTION takes only its IN/INOUT arguments
// (SELECT * FROM f(in…) answers one row holding the OUT/INOUT values), while a PROCEDURE (PostgreSQL 14+)
// takes a placeholder for each OUT argument, written NULL (CALL p(in…, NULL) answers the same row).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dsql::shim::sql {

struct CallText {
  std::string sql;        // the call to send, $1..$n numbered over the kept parameters
  std::vector<int> sent;  // for each new $k (k-1): the 0-based index of the $ parameter it was
};

// `translated` is a Statement::sql of a {call} or {?= call} escape (SELECT f(…), SELECT * FROM f(…) or
// CALL p(…)); output[k] says $(k+1) is an output-only marker. Output markers must be whole arguments (else
// dsql::Error HYC00). The call is sent as SELECT * FROM f(…) (function) or CALL p(…) (procedure).
CallText rewriteCallOutputs(std::string_view translated, const std::vector<bool>& output, bool procedure);

}  // namespace dsql::shim::sql
