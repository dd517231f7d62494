// The statement handle: its descriptors and attributes, the statement state machine (allocated,
// prepared, executed, cursor open, need data), the path from ODBC SQL text through the shim to libpq,
// parameter binding and result fetching. Split across statement.cpp (lifecycle, execution),
// statement_params.cpp (parameters, data-at-exec), statement_fetch.cpp (IRD, fetch, SQLGetData),
// statement_setpos.cpp (SQLSetPos), statement_bulk.cpp (SQLBulkOperations), statement_setpos_data.cpp
// (their data-at-execution columns) and statement_bookmarks.cpp (bookmarks).
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <functional>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/convert/to_c.h"
#include "driver/handles/descriptor.h"
#include "driver/handles/fetch_plan.h"
#include "driver/handles/handle.h"
#include "driver/handles/positioned.h"
#include "driver/handles/query_timer.h"
#include "driver/handles/result_set.h"
#include "driver/handles/server_statements.h"
#include "shim/sql/translate.h"
#include "shim/sql/values_rows.h"

namespace dsql::driver {

class Connection;
struct ChunkFailure;
struct PgParam;
enum class ArrayWrap { None, Transaction, Savepoint };

class Statement : public Handle {
 public:
  static constexpr HandleKind kKind = HandleKind::Statement;
  explicit Statement(Connection& conn);
  ~Statement() override;
  std::recursive_mutex& callMutex() override;
  Connection& connection() const { return conn_; }

  enum class State { Allocated, Prepared, Executed, NeedData };
  State state() const { return state_; }

  // ---- execution (statement.cpp)
  SQLRETURN execDirect(std::string sql);
  void prepare(std::string sql);
  SQLRETURN execute();
  // Runs driver-generated SQL (catalog functions) with text parameters, producing a result set.
  SQLRETURN execCatalog(const std::string& sql, const std::vector<std::optional<std::string>>& params);
  void closeCursor(bool mustBeOpen);
  void unbindColumns();
  void resetParams();
  SQLRETURN moreResults();
  SQLLEN rowCount() const;
  // ---- cancel (statement.cpp). On the calling thread, under the connection's lock, for a statement that is
  // not executing: unixODBC then moves the statement to "no cursor" (as SQLFreeStmt(SQL_CLOSE)), so the
  // driver closes it too; data-at-execution is abandoned.
  void cancel();
  // From another thread while the connection is busy with another statement's call: the close waits for
  // this statement's next call (the driver manager considers the cursor closed already).
  void requestClose() noexcept { pendingClose_.store(true); }
  // The scope every call on this statement runs in (calls/entry.h): SQL_ATTR_QUERY_TIMEOUT bounds its
  // waits, and this statement is the connection's running one.
  QueryTimer::Scope callScope();
  // Streaming (statement_stream.cpp): buffer what is left because another command needs the connection,
  // or throw it away because the application no longer wants it.
  void bufferStream();
  void abandonStream();

  // ---- parameters (statement_params.cpp)
  void bindParameter(SQLUSMALLINT number, SQLSMALLINT ioType, SQLSMALLINT cType, SQLSMALLINT sqlType,
                     SQLULEN columnSize, SQLSMALLINT decimalDigits, SQLPOINTER value, SQLLEN bufferLength,
                     SQLLEN* indicator);
  SQLSMALLINT numParams() const;
  void describeParam(SQLUSMALLINT number, SQLSMALLINT* sqlType, SQLULEN* size, SQLSMALLINT* digits,
                     SQLSMALLINT* nullable);
  SQLRETURN paramData(SQLPOINTER* token);
  void putData(SQLPOINTER data, SQLLEN length);

  // ---- results (statement_fetch.cpp)
  SQLSMALLINT numResultCols();
  const DescRecord& column(SQLUSMALLINT number);  // IRD record, describing a prepared statement if needed
  void bindCol(SQLUSMALLINT number, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength, SQLLEN* indicator);
  SQLRETURN fetch(SQLSMALLINT orientation, SQLLEN offset);
  SQLRETURN getData(SQLUSMALLINT column, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength, SQLLEN* indicator);

  // ---- positioned operations and bookmarks (statement_setpos.cpp, statement_bookmarks.cpp)
  SQLRETURN setPos(SQLSETPOSIROW row, SQLUSMALLINT operation, SQLUSMALLINT lock);
  SQLRETURN bulkOperations(SQLUSMALLINT operation);
  // SQLExtendedFetch(SQL_FETCH_BOOKMARK): the next fetch starts at this (fixed) bookmark.
  void useOdbc2Bookmark(SQLLEN bookmark) { positioned_.odbc2Bookmark = bookmark; }
  // SQLExtendedFetch's row-status array: SQLSetPos reports row statuses there until the next fetch.
  void rememberExtendedFetchStatus(SQLUSMALLINT* status) { positioned_.odbc2RowStatus = status; }
  // Data-at-execution columns of SQLSetPos / SQLBulkOperations (statement_setpos_data.cpp): while such an
  // operation waits for values, SQLParamData, SQLPutData and SQLCancel come here instead.
  bool columnDataPending() const { return positioned_.columnData.has_value(); }
  SQLRETURN columnParamData(SQLPOINTER* token);
  void columnPutData(SQLPOINTER data, SQLLEN length);
  void abandonColumnData();
  void abandonParamData() noexcept;  // ends a data-at-execution SQLExecute/SQLExecDirect, values dropped

  // ---- attributes (statement_attrs.cpp)
  void setAttr(SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length);
  void getAttr(SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER* length);
  std::string cursorName() const;
  void setCursorName(std::string name);

  Descriptor& ard() { return *ard_; }
  Descriptor& apd() { return *apd_; }
  Descriptor& ird() { return ird_; }
  Descriptor& ipd() { return ipd_; }
  // An explicitly allocated descriptor being freed falls back to the implicit one.
  void descriptorFreed(Descriptor* d);

 private:
  // statement.cpp
  void translate(std::string sql);
  void reportShimNotes();
  SQLRETURN run();
  void settlePendingClose();
  SQLRETURN runParamRow(SQLULEN row, std::vector<ResultSet>& out);
  SQLRETURN runOneSet(SQLUSMALLINT* status);
  ResultSet runOne(const shim::sql::Statement& s, SQLULEN row, bool stream);
  // `named`: run as this named server statement (statement_named.cpp), parsing it first when `parse`.
  struct NamedUse {
    const char* name = nullptr;
    bool parse = false;
  };
  pg::Result execute(const std::string& text, const pg::Params& params, bool stream, bool guard, NamedUse named);
  pg::Result send(const std::string& text, const pg::Params& params, bool stream, bool guard, NamedUse named);
  // statement_named.cpp
  NamedUse namedStatementFor(const shim::sql::Statement& s, const std::string& text, const pg::Params& params);
  void namedStatementDone(NamedUse used, bool ok);
  void forgetNamedStatement();
  // param_array.cpp
  bool arrayPipelineable() const;
  SQLRETURN runParamArray();
  std::optional<shim::sql::ValuesRows> multiRowPlan(const shim::sql::Statement& s);
  std::optional<ChunkFailure> runArrayChunk(const shim::sql::Statement& s, SQLULEN first, SQLULEN& end,
                                            std::size_t maxBytes, ArrayWrap wrap, const shim::sql::ValuesRows* multi,
                                            std::vector<ResultSet>& out, SQLLEN& affected);
  // statement_retry.cpp
  pg::Result executeWithRetry(const shim::sql::Statement& s, const std::string& text, const pg::Params& params,
                              bool stream);
  pg::Result runWithRetry(const shim::sql::Statement& s, const std::string& text, const pg::Params& params,
                          bool stream);
  // statement_rewrites.cpp
  pg::Result deleteInChunks(const shim::sql::Statement& s, const pg::Params& params);
  pg::Result resendWithoutForeignKeys(const shim::sql::Statement& s, const pg::Params& params,
                                      const pg::ServerError& refusal);
  ResultSet answerLocally(const shim::sql::Statement& s);
  void waitForIndexJob(const ResultSet& r);
  void storeReturnValue(const shim::sql::Statement& s, const ResultSet& rs, SQLULEN row);
  // statement_outputs.cpp
  bool hasOutputParams(const shim::sql::Statement& s) const;
  bool callNeedsSettling(const shim::sql::Statement& s);
  bool callIsProcedure(const shim::sql::Statement& s);
  unsigned callParamType(const shim::sql::Statement& s, int local);
  ResultSet runCallWithOutputs(const shim::sql::Statement& s, SQLULEN row);
  void storeOutputs(const shim::sql::Statement& s, const ResultSet& rs, SQLULEN row);
  void storeOutput(SQLSMALLINT number, const pg::Result& r, int column, SQLULEN row);
  void activateResult(std::size_t index);
  // statement_params.cpp
  void buildParams(const shim::sql::Statement& s, SQLULEN row, pg::Params& out, std::vector<std::string>& storage);
  bool collectDataAtExec();
  const std::optional<std::string>* daeValue(SQLULEN row, SQLUSMALLINT number) const;
  void retypeAnyArguments(const shim::sql::Statement& s, pg::Params& out);
  // statement_fetch.cpp
  void fillIrd(const pg::Result* result);
  bool irdDescribes(const pg::Result& result) const;
  void describePrepared();
  SQLRETURN fetchRowset(long long first);
  bool convertCell(SQLUSMALLINT col, const DescRecord& target, SQLULEN rowInSet, SQLRETURN& rc);
  bool convertCell(SQLUSMALLINT col, const RowCells& row, const CTarget& target, SQLULEN rowInSet, SQLRETURN& rc);
  RowCells rowRef(SQLULEN rowInSet) const;
  // statement_setpos.cpp
  SQLUSMALLINT* rowStatusArray() const;
  const TableKey& tableKey();
  bool boundValue(SQLSMALLINT col, SQLULEN bufferRow, PgParam& out) const;
  long long runPositioned(const std::string& text, const pg::Params& params);
  void collectValues(const TableKey& k, SQLULEN bufferRow, std::vector<std::string>& names,
                     std::vector<PgParam>& values) const;
  void appendKey(const TableKey& k, long long resultRow, std::vector<std::string>& names,
                 std::vector<PgParam>& values) const;
  void rememberNewKey(long long resultRow, const std::vector<std::string>& setNames,
                      const std::vector<std::string>& keyNames, const std::vector<PgParam>& values,
                      std::size_t setCount);
  SQLUSMALLINT changeRow(SQLUSMALLINT operation, long long resultRow, SQLULEN bufferRow);
  SQLUSMALLINT addRow(SQLULEN bufferRow);
  void checkChangeable(const char* function) const;
  SQLUSMALLINT setPosRow(SQLUSMALLINT operation, SQLULEN i);
  SQLRETURN forEachRow(SQLULEN first, SQLULEN end, bool all, const std::function<SQLUSMALLINT(SQLULEN)>& op);
  // statement_bulk.cpp
  SQLRETURN runBulk(SQLUSMALLINT operation);
  SQLRETURN fetchByBookmark();
  SQLUSMALLINT fetchRowInto(long long resultRow, SQLULEN bufferRow);
  // statement_setpos_data.cpp
  bool startColumnData(PendingColumnData op);
  const std::optional<std::string>* columnDataValue(SQLULEN bufferRow, SQLSMALLINT column) const;
  SQLSMALLINT boundCType(SQLSMALLINT column) const;
  // statement_bookmarks.cpp
  void setUseBookmarks(SQLULEN value);
  void bindBookmark(SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength, SQLLEN* indicator);
  const DescRecord& bookmarkDescription();
  SQLRETURN getBookmark(SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength, SQLLEN* indicator);
  long long bookmarkRow();                     // SQL_FETCH_BOOKMARK: 0-based result row of the bookmark
  long long boundBookmarkRow(SQLULEN bufferRow);  // the bookmark in bound column 0 of a buffer row
  std::optional<BookmarkBinding> boundBookmark() const;  // the ARD's record 0 when bound and bookmarks are on
  void afterRowsetFetch();                     // called by fetchRowset once the rowset is in the buffers
  // statement_facts.cpp
  void applyColumnFacts();
  // statement_stream.cpp
  SQLRETURN fetchStreamed(SQLSMALLINT orientation);
  pg::Result readStreamedRow(ResultSet& rs);
  void finishStream(ResultSet& rs);
  void readAhead(ResultSet& rs);

  Connection& conn_;
  Descriptor implicitApd_, implicitArd_, ipd_, ird_;
  Descriptor* apd_;
  Descriptor* ard_;
  State state_ = State::Allocated;

  std::string sql_;                                 // the application's text (translation_ points into it)
  std::optional<shim::sql::Translation> translation_;
  shim::sql::Options translatedWith_;               // the options translation_ was made with
  bool factsApplied_ = false;                       // the IRD carries the table-column facts (statement_facts.cpp)
  bool described_ = false;                          // IRD reflects translation_ (prepared, not yet executed)

  std::vector<ResultSet> results_;
  std::size_t current_ = 0;                         // index into results_
  bool cursorOpen_ = false;
  std::atomic<bool> pendingClose_{false};  // SQLCancel from another thread while this statement was idle
  long long position_ = -1;                         // first row of the current rowset (-1: before first)
  long long rowsetRows_ = 0;
  pg::Params execParams_;                           // runOne's parameters, text and value storage, kept
  std::vector<std::string> execStorage_;            // for their capacity
  std::string execText_;
  std::vector<RowCells> windowCells_;               // every row of the current streamed rowset, in order
  long long consumed_ = 0;                          // streamed rows fetched so far
  std::vector<BoundColumn> plan_;                   // the bound columns of the last block fetch (fetch_plan.h)
  std::vector<PieceState> getDataOffsets_;          // SQLGetData piece state, per column, for this row
  SQLUSMALLINT lastGetDataColumn_ = 0;              // only its piece state may be in use
  void restartGetData();                            // the cursor moved: every column reads from the start

  // data-at-exec
  struct DaeSlot {
    SQLULEN row;                                    // parameter set (0 without arrays)
    SQLUSMALLINT param;                             // parameter number
  };
  std::vector<DaeSlot> needData_;                   // (row, parameter) pairs to be supplied, in row order
  std::size_t needDataIndex_ = 0;
  bool putDataStarted_ = false;
  std::vector<std::optional<std::string>> daeValues_;  // SQLPutData bytes, [row * daeStride_ + param - 1]
  std::size_t daeStride_ = 0;                       // parameters per row in daeValues_
  struct AnyArgumentScan {                          // statement_params.cpp: the parameter typing rule
    std::string sql;                                // the statement text last scanned
    bool standardConformingStrings = true;
    std::vector<bool> flags;                        // per sent parameter: send as text
  } anyArgumentScan_;
  struct NamedStatement {       // the server statement this prepared statement runs as (statement_named.cpp)
    std::string name;
    std::vector<pg::Oid> types;  // the parameter types it was parsed with
    ServerStatements::Stamp stamp;
    bool ready = false;          // parsed on the server (false while the first execution is under way)
  };
  std::optional<NamedStatement> named_;
  bool appPrepared_ = false;   // SQLPrepare'd, not SQLExecDirect'ed: it may run again
  int preparedRuns_ = 0;       // executions since SQLPrepare without a named statement

  // attributes
  SQLULEN cursorType_ = SQL_CURSOR_FORWARD_ONLY;
  SQLULEN concurrency_ = SQL_CONCUR_READ_ONLY;
  SQLULEN maxRows_ = 0;
  SQLULEN maxLength_ = 0;
  SQLULEN queryTimeout_ = 0;
  SQLULEN retrieveData_ = SQL_RD_ON;
  bool noScan_ = false;
  bool metadataId_ = false;
  std::string cursorName_;
  PositionedState positioned_;

 public:
  bool metadataId() const { return metadataId_; }
};

}  // namespace dsql::driver
