// The run-time halves of SQL shim rewrites that one rewritten text cannot express (shim/sql/README.md):
// - notes the application must see even with ShimNotes=0 (a lost ON DELETE CASCADE, a VACUUM answered);
// - TRUNCATE sent as DELETE in autocommit: Aurora DSQL changes at most 3,000 rows per transaction
//   (docs/dsql-behaviour.md §4), so the table is emptied by repeated deletes of at most ArrayChunkRows rows, each its
//   own transaction, chosen by primary key (DSQL has no ctid);
// - ForeignKeys=auto against a server that refuses FOREIGN KEY clauses (DSQL before 2026-08): the statement
//   is sent again without them, and the connection strips them from then on.
#include <algorithm>
#include <string>
#include <vector>

#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/log.h"

namespace dsql::driver {

namespace {

std::string quoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

long long affected(const pg::Result& r) { return std::max(0LL, r.affectedRows()); }

// Primary-key columns of the table; empty when it has none the driver can see.
std::vector<std::string> primaryKey(Connection& conn, const std::string& table) {
  static const std::string sql =
      "SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
      "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum";
  pg::Params p;
  p.addText(table.c_str());
  pg::Result r = conn.catalogLookup(sql, p);
  std::vector<std::string> cols;
  for (int i = 0; i < r.rows(); ++i) cols.emplace_back(r.value(i, 0));
  return cols;
}

}  // namespace

pg::Result Statement::deleteInChunks(const shim::sql::Statement& s, const pg::Params& params) {
  const std::string table(s.truncateTable);
  const std::vector<std::string> key = primaryKey(conn_, table);
  const long long limit = static_cast<long long>(conn_.arrayChunkRows());
  if (key.empty()) {
    diag().add("01000", "TRUNCATE sent as one DELETE: " + table + " has no primary key the driver can use to delete "
                        "in transactions of at most " + std::to_string(limit) + " rows");
    return runWithRetry(s, std::string(s.sql), params, false);
  }
  std::string cols;
  for (const std::string& c : key) cols += (cols.empty() ? "" : ", ") + quoteIdent(c);
  const std::string chunk = std::string(s.sql) + " WHERE (" + cols + ") IN (SELECT " + cols + " FROM " + table +
                            " LIMIT " + std::to_string(limit) + ")";
  long long total = 0;
  for (int transactions = 1;; ++transactions) {
    pg::Result r = runWithRetry(s, chunk, params, false);  // autocommit: each chunk is its own transaction
    const long long n = affected(r);
    total += n;
    if (n < limit) {
      if (transactions > 1)
        diag().add("01000", "TRUNCATE " + table + " deleted " + std::to_string(total) + " rows in " +
                                std::to_string(transactions) + " transactions of at most " + std::to_string(limit) +
                                " rows (Aurora DSQL's transaction row limit); the row count is the last one's");
      return r;
    }
    conn_.afterStatement(s.kind);
  }
}

pg::Result Statement::resendWithoutForeignKeys(const shim::sql::Statement& s, const pg::Params& params,
                                               const pg::ServerError& refusal) {
  conn_.fallBackToStrippedForeignKeys();
  log::info("the server refuses FOREIGN KEY clauses; ForeignKeys=auto strips them for the rest of the connection");
  const std::string why = "The server refuses FOREIGN KEY clauses (" + refusal.sqlstate() + " " + refusal.what() +
                          "): with ForeignKeys=auto the driver strips them for the rest of this connection";
  if (conn_.wire().inTransaction()) {
    // Inside the application's transaction the refusal aborted it: nothing may be replayed.
    diag().add("01000", why + "; run the transaction again");
    throw refusal;
  }
  shim::sql::Options options = conn_.shimOptions();
  options.escapes = false;  // s.sql is already the server's text
  shim::sql::Translation t = shim::sql::translate(s.sql, options);
  diag().add("01000", why + "; the statement was sent again without them");
  for (const auto& n : t.notes) {
    if (n.warn || conn_.shimNotes()) diag().add("01000", "SQL rewritten (" + n.rule + "): " + n.message);
  }
  if (t.statements.size() != 1 || t.statements[0].local != shim::sql::LocalAction::None)
    return conn_.wire().emptyCommandResult();  // only FK actions: nothing left
  return runWithRetry(t.statements[0], std::string(t.statements[0].sql), params, false);
}

}  // namespace dsql::driver
