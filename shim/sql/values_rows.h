// Multi-row VALUES for parameter arrays. A parameter array of `INSERT INTO t (a, b) VALUES ($1, $2)` runs
// one server execution per parameter set; the same rows sent as `VALUES ($1, $2), ($3, $4), …` take one
// execution per many sets, which is what makes bulk loads fast on both PostgreSQL and DSQL. This module
// recognises the one statement shape for which the two forms are indistinguishable row by row and writes
// the N-row text. Only plain VALUES items qualify — a parameter, a literal, NULL, DEFAULT, TRUE/FALSE,
// optionally signed or cast (`$1::numeric(10,2)`) — because anything else could observe the earlier rows
// of the same array (a subquery on the target, a volatile function's order) and would change meaning when
// the rows become one statement. No tail is accepted (ON CONFLICT, RETURNING, …): a conflict between
// two rows of one statement or one result set per parameter set must keep their row-at-a-time meaning.
// The target's triggers, rules and self-references are the driver's to check (they need the catalog).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsql::shim::sql {

struct ValuesRows {
  std::string table;        // the target as written (`s."T"`), for a catalog lookup (to_regclass)
  std::string_view head;    // `INSERT INTO … VALUES ` (a view into the statement text)
  // The row `( … )` as pieces: text between parameters, and the parameter numbers (1-based) in between:
  // text[0] $params[0] text[1] $params[1] … text[n]. Always params.size() + 1 texts.
  std::vector<std::string_view> text;
  std::vector<int> params;
};

// The statement as a one-row VALUES insert whose rows can be repeated, or nothing. `paramCount` is the
// statement's number of parameters ($1..$paramCount); a text using others is refused.
std::optional<ValuesRows> valuesRows(std::string_view sql, int paramCount, bool standardConformingStrings = true);

// The statement with `rows` rows: in row r (0-based) parameter $k becomes $(r * paramCount + k). Written
// into `out` (its capacity reused).
void writeValuesRows(const ValuesRows& v, int rows, int paramCount, std::string& out);

}  // namespace dsql::shim::sql
