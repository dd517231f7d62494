// Statement parameters: SQLBindParameter as APD/IPD edits, conversion of bound buffers into libpq text
// (or binary, for bytea) parameters, parameter description, and data-at-execution (SQLParamData/SQLPutData).
//
// Parameter typing rule. A parameter bound with a non-character SQL type is sent with that type's OID
// (fromC). A character parameter is sent untyped (OID 0, "unknown"), as psqlODBC does, so the server types
// it from its context: `int_col = ?` compares integers (a varchar-typed parameter would fail there with
// 42883, integer = character varying) and `? || ?`, `upper(?)` resolve to text. The one context where
// the server cannot infer a type is a whole argument of a function whose parameters are of pseudo-type
// "any" (concat, concat_ws, format, json(b)_build_object/array, num_nulls, num_nonnulls): it answers
// 42P18. There, and only there, a character parameter is sent as text; {fn CONCAT(?, ?)} becomes such a
// call. The rule is decided from the statement text alone, so it never costs a round trip nor an error
// that would abort the application's transaction.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include "driver/convert/from_c.h"
#include "driver/convert/pg_types.h"
#include "driver/handles/data_pieces.h"
#include "driver/info/type_info.h"
#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "shim/common/error.h"
#include "shim/sql/lexer.h"

namespace dsql::driver {
namespace {

bool isDataAtExec(const SQLLEN* ind) {
  return ind && (*ind == SQL_DATA_AT_EXEC || *ind <= SQL_LEN_DATA_AT_EXEC_OFFSET);
}

bool isAnyArgumentFunction(std::string_view word) {
  static constexpr std::array<std::string_view, 9> kNames = {
      "CONCAT", "CONCAT_WS", "FORMAT", "JSON_BUILD_OBJECT", "JSON_BUILD_ARRAY", "JSONB_BUILD_OBJECT",
      "JSONB_BUILD_ARRAY", "NUM_NULLS", "NUM_NONNULLS"};
  for (std::string_view n : kNames)
    if (shim::sql::keywordEquals(word, n)) return true;
  return false;
}

// The $n of `sql` (1-based, flag n-1) that are a whole argument of an "any"-argument function (see the
// rule at the top of this file).
std::vector<bool> anyArgumentParams(std::string_view sql, std::size_t count, bool standardConformingStrings) {
  using shim::sql::TokenKind;
  std::vector<bool> out(count, false);
  shim::sql::Lexer lexer(sql, 0, standardConformingStrings);
  std::vector<bool> callFrames;  // per open parenthesis: is it the argument list of such a function?
  shim::sql::Token tok, prev{}, prevPrev{};
  bool havePrev = false, havePrevPrev = false;
  auto text = [&](const shim::sql::Token& t) { return sql.substr(t.begin, t.size()); };
  while (lexer.next(tok)) {
    if (tok.isComment()) continue;
    // prev is a $n between prevPrev ('(' or ',') and tok (',' or ')') inside a flagged call.
    if (havePrevPrev && prev.kind == TokenKind::Param && !callFrames.empty() && callFrames.back() &&
        (prevPrev.kind == TokenKind::LParen || prevPrev.kind == TokenKind::Comma) &&
        (tok.kind == TokenKind::Comma || tok.kind == TokenKind::RParen)) {
      unsigned long n = std::strtoul(std::string(text(prev).substr(1)).c_str(), nullptr, 10);
      if (n >= 1 && n <= count) out[n - 1] = true;
    }
    if (tok.kind == TokenKind::LParen)
      callFrames.push_back(havePrev && prev.kind == TokenKind::Word && isAnyArgumentFunction(text(prev)));
    else if (tok.kind == TokenKind::RParen && !callFrames.empty())
      callFrames.pop_back();
    prevPrev = prev, havePrevPrev = havePrev;
    prev = tok, havePrev = true;
  }
  return out;
}

// Output parameters belong to {call} escapes (statement_outputs.cpp); elsewhere there is nothing to
// write them back from. True for an output-only marker, which is not sent; INPUT_OUTPUT is sent as input.
bool outputNotSent(const shim::sql::Statement& s, SQLSMALLINT number, SQLSMALLINT ioType, SQLULEN arraySize) {
  const char* kind = ioType == SQL_PARAM_OUTPUT ? "SQL_PARAM_OUTPUT" : "SQL_PARAM_INPUT_OUTPUT";
  if (!s.call)
    throw Error("HY105", "Parameter " + std::to_string(number) + " is bound as " + kind +
                             ", but output parameters are supported only in a {call ...} or {?= call ...} escape");
  if (arraySize > 1)
    throw Error("HYC00", "Output parameters cannot be combined with parameter arrays (SQL_ATTR_PARAMSET_SIZE " +
                             std::to_string(arraySize) + ")");
  return ioType == SQL_PARAM_OUTPUT;
}

}  // namespace

void Statement::bindParameter(SQLUSMALLINT number, SQLSMALLINT ioType, SQLSMALLINT cType, SQLSMALLINT sqlType,
                              SQLULEN columnSize, SQLSMALLINT decimalDigits, SQLPOINTER value, SQLLEN bufferLength,
                              SQLLEN* indicator) {
  if (number < 1 || number > static_cast<SQLUSMALLINT>(kMaxRecords))
    throw Error("07009", "Invalid descriptor index " + std::to_string(number) + ": parameters are numbered from 1 to " +
                             std::to_string(kMaxRecords) + " (SQL_DESC_COUNT is an SQLSMALLINT)");
  // ODBC 1.0's SQLSetParam arrives as SQLBindParameter(…, SQL_PARAM_INPUT_OUTPUT, …, SQL_SETPARAM_VALUE_MAX, …)
  // (the driver manager's mapping, as the ODBC reference gives it): an input parameter whose buffer length
  // is not known, which is all SQLSetParam could bind.
  if (bufferLength == SQL_SETPARAM_VALUE_MAX) ioType = SQL_PARAM_INPUT, bufferLength = 0;
  if (ioType != SQL_PARAM_INPUT && ioType != SQL_PARAM_OUTPUT && ioType != SQL_PARAM_INPUT_OUTPUT)
    throw Error("HY105", "Invalid parameter type");
  if (bufferLength < 0) throw Error("HY090", "Invalid string or buffer length");
  if (sqlType == SQL_DATE || sqlType == SQL_TIME || sqlType == SQL_TIMESTAMP)  // ODBC 2 codes
    sqlType = static_cast<SQLSMALLINT>(sqlType + (SQL_TYPE_DATE - SQL_DATE));
  if (sqlType == SQL_ALL_TYPES || !isValidSqlType(sqlType))
    throw Error("HY004", "Invalid SQL data type " + std::to_string(sqlType) + " for parameter " + std::to_string(number));
  DescRecord& a = apd_->record(static_cast<SQLSMALLINT>(number));
  Descriptor::setConciseType(a, cType);
  a.dataPtr = value;
  a.octetLength = bufferLength;
  a.indicatorPtr = indicator;
  a.octetLengthPtr = indicator;
  // SQL_C_NUMERIC: the APD's precision/scale return to "not set" (the struct's scale is used) until the
  // application sets them with SQLSetDescField, as ODBC prescribes for SQLBindParameter.
  a.precision = 0;
  a.scale = 0;
  DescRecord& i = ipd_.record(static_cast<SQLSMALLINT>(number));
  Descriptor::setConciseType(i, sqlType);
  i.parameterType = ioType;
  i.length = columnSize;
  i.precision = static_cast<SQLSMALLINT>(columnSize);
  i.scale = decimalDigits;
}

SQLSMALLINT Statement::numParams() const {
  if (!translation_) throw Error("HY010", "Function sequence error: no statement prepared");
  return static_cast<SQLSMALLINT>(translation_->paramCount);
}

void Statement::describeParam(SQLUSMALLINT number, SQLSMALLINT* sqlType, SQLULEN* size, SQLSMALLINT* digits,
                              SQLSMALLINT* nullable) {
  if (!translation_) throw Error("HY010", "Function sequence error: no statement prepared");
  if (number < 1 || number > translation_->paramCount) throw Error("07009", "Invalid descriptor index");
  int global = number - 1;
  unsigned oid = 0;
  for (const auto& s : translation_->statements) {
    if (s.local != shim::sql::LocalAction::None || global < s.firstParam || global >= s.firstParam + s.paramCount)
      continue;
    int local = global - s.firstParam;
    // A {call} with OUT arguments cannot be described by the server, and a failed describe would abort the
    // application's transaction: pg_proc first (statement_outputs.cpp), the server only outside a transaction.
    if (s.call && !conn_.dsqlMode() && ((oid = callParamType(s, local)) != 0 || conn_.pg().inTransaction())) break;
    if (s.call && !conn_.dsqlMode()) {
      try {
        pg::Result d = conn_.pg().describe(std::string(s.sql), s.paramCount);
        const int server = local - (s.returnValue ? 1 : 0);  // the {?= return marker is not a $n
        if (server >= 0 && server < d.params()) oid = d.paramType(server);
      } catch (const Error&) {
        oid = 0;  // described as character data below
      }
      break;
    }
    pg::Result d = conn_.pg().describe(std::string(s.sql), s.paramCount);
    if (local < d.params()) oid = d.paramType(local);
    break;
  }
  // Unknown (or untyped) parameters are described as character data, which converts to anything.
  ColumnShape shape = describeColumn(oid ? oid : kOidVarchar, -1, conn_.typeOptions());
  if (sqlType) *sqlType = shape.conciseType;
  if (size) *size = shape.columnSize;
  if (digits) *digits = shape.decimalDigits;
  // A PostgreSQL parameter always accepts NULL (a NOT NULL column refuses the row, not the parameter); psqlODBC
  // answers SQL_NULLABLE too.
  if (nullable) *nullable = SQL_NULLABLE;
}

void Statement::buildParams(const shim::sql::Statement& s, SQLULEN row, pg::Params& out,
                            std::vector<std::string>& storage) {
  // {?= call f(...)}: the first marker receives the function's value and is not sent (translate.h).
  const int skip = s.returnValue ? 1 : 0;
  const auto n = static_cast<std::size_t>(s.paramCount - skip);
  // Parameter arrays call this once per set with the same `out` and `storage`: reuse their capacity
  // rather than allocate per row. A NULL is marked by length -1 until the value pointers are filled in.
  out.types.assign(n, 0);
  out.formats.assign(n, 0);
  out.lengths.assign(n, 0);
  out.values.clear();
  storage.resize(n);
  for (int k = 0; k < static_cast<int>(n); ++k) {
    auto number = static_cast<SQLSMALLINT>(s.firstParam + skip + k + 1);
    const DescRecord* a = apd_->findRecord(number);
    const DescRecord* ip = ipd_.findRecord(number);
    if (!a || (!a->dataPtr && !a->indicatorPtr))
      throw Error("07002", "COUNT field incorrect: parameter " + std::to_string(number) + " is not bound");
    if (ip && ip->parameterType != SQL_PARAM_INPUT && outputNotSent(s, number, ip->parameterType, apd_->arraySize)) {
      out.lengths[static_cast<std::size_t>(k)] = -1;  // a placeholder: runCallWithOutputs drops it
      storage[static_cast<std::size_t>(k)].clear();
      continue;
    }
    CSource src{};
    src.cType = a->conciseType;
    src.sqlType = ip ? ip->conciseType : SQL_VARCHAR;
    src.columnSize = ip ? ip->length : 0;
    src.decimalDigits = ip ? ip->scale : 0;
    src.numericPrecision = a->precision;
    src.numericScale = a->scale;
    SQLLEN elementSize = fixedCTypeSize(a->conciseType);
    if (elementSize == 0) elementSize = a->octetLength;
    SQLLEN* ind = apd_->indicatorAddress(a->indicatorPtr, row);
    SQLLEN* octets = apd_->indicatorAddress(a->octetLengthPtr, row);
    SQLLEN daeLength = 0;
    const std::optional<std::string>* daeSlot = daeValue(row, static_cast<SQLUSMALLINT>(number));
    const std::string* dae = daeSlot && *daeSlot ? &**daeSlot : nullptr;
    if (isDataAtExec(ind) && dae) {
      src.buffer = dae->data();
      src.bufferLength = static_cast<SQLLEN>(dae->size());
      daeLength = static_cast<SQLLEN>(dae->size());
      src.indicator = &daeLength;
      src.octetLength = &daeLength;
    } else if (isDataAtExec(ind)) {
      // SQLPutData was never called for it, or was called with SQL_NULL_DATA.
      out.lengths[static_cast<std::size_t>(k)] = -1;
      storage[static_cast<std::size_t>(k)].clear();
      continue;
    } else {
      src.buffer = apd_->elementAddress(a->dataPtr, row, elementSize);
      src.bufferLength = a->octetLength;
      src.indicator = ind;
      src.octetLength = octets;
    }
    PgParam param;
    param.value.swap(storage[static_cast<std::size_t>(k)]);  // the converter reuses last set's buffer
    param.value.clear();
    fromC(src, param);
    storage[static_cast<std::size_t>(k)].swap(param.value);
    out.lengths[static_cast<std::size_t>(k)] = param.isNull ? -1 : 0;
    out.types[static_cast<std::size_t>(k)] = param.typeOid;
    out.formats[static_cast<std::size_t>(k)] = param.binary ? 1 : 0;
  }
  retypeAnyArguments(s, out);
  for (std::size_t k = 0; k < n; ++k) {
    const std::string& v = storage[k];
    const bool isNull = out.lengths[k] < 0;
    out.values.push_back(isNull ? nullptr : v.c_str());
    out.lengths[k] = isNull ? 0 : static_cast<int>(v.size());
  }
}

// Character parameters (untyped) that are whole arguments of an "any"-argument function are sent as text.
// The flags of the last statement text are kept, so parameter arrays scan the text once, not per row.
void Statement::retypeAnyArguments(const shim::sql::Statement& s, pg::Params& out) {
  if (std::find(out.types.begin(), out.types.end(), 0u) == out.types.end()) return;
  if (s.sql.find('(') == std::string_view::npos) return;
  bool scs = conn_.wire().standardConformingStrings();
  AnyArgumentScan& c = anyArgumentScan_;
  if (c.sql != s.sql || c.standardConformingStrings != scs || c.flags.size() != out.types.size()) {
    c.flags = anyArgumentParams(s.sql, out.types.size(), scs);
    c.sql.assign(s.sql);
    c.standardConformingStrings = scs;
  }
  for (std::size_t k = 0; k < out.types.size(); ++k) {
    // Sent parameter k is the server's $(k+1), also for {?= call} (its return marker is not sent).
    if (out.types[k] == 0 && out.formats[k] == 0 && c.flags[k]) out.types[k] = kOidText;
  }
}

// Finds the (parameter set, parameter) pairs whose indicator asks for data at execution (ODBC "Sending
// Long Data"), in row order and, within a row, in parameter order; rows the application marked
// SQL_PARAM_IGNORE are skipped. Their bytes are kept per row so that buildParams(s, row) finds them.
bool Statement::collectDataAtExec() {
  needData_.clear();
  needDataIndex_ = 0;
  putDataStarted_ = false;
  const SQLULEN rows = translation_->paramCount > 0 ? apd_->arraySize : 1;
  daeStride_ = static_cast<std::size_t>(apd_->count());
  daeValues_.clear();
  for (SQLULEN r = 0; r < rows; ++r) {
    if (apd_->arrayStatusPtr && apd_->arrayStatusPtr[r] == SQL_PARAM_IGNORE) continue;
    for (int n = 1; n <= apd_->count() && n <= translation_->paramCount; ++n) {  // int: n passes 32,767
      const DescRecord* a = apd_->findRecord(static_cast<SQLSMALLINT>(n));
      if (a && isDataAtExec(apd_->indicatorAddress(a->indicatorPtr, r)))
        needData_.push_back({r, static_cast<SQLUSMALLINT>(n)});
    }
  }
  if (needData_.empty()) return false;
  daeValues_.assign(daeStride_ * rows, std::nullopt);  // only when needed: arrays can be long
  return true;
}

const std::optional<std::string>* Statement::daeValue(SQLULEN row, SQLUSMALLINT number) const {
  std::size_t index = static_cast<std::size_t>(row) * daeStride_ + number - 1u;
  if (number < 1 || number > daeStride_ || index >= daeValues_.size()) return nullptr;
  return &daeValues_[index];
}

// The token of a data-at-execution parameter is its SQL_DESC_DATA_PTR as bound (ODBC: an application-
// defined value such as a parameter number), the same in every row, as psqlODBC returns it; with parameter
// arrays SQL_ATTR_PARAMS_PROCESSED_PTR names the row being asked for, as the SQLBindParameter reference
// describes.
SQLRETURN Statement::paramData(SQLPOINTER* token) {
  if (state_ != State::NeedData) throw Error("HY010", "Function sequence error: no data-at-execution parameter pending");
  if (putDataStarted_) ++needDataIndex_;
  putDataStarted_ = false;
  if (needDataIndex_ < needData_.size()) {
    const DaeSlot& slot = needData_[needDataIndex_];
    const DescRecord* a = apd_->findRecord(static_cast<SQLSMALLINT>(slot.param));
    if (token) *token = a ? a->dataPtr : nullptr;
    if (ipd_.rowsProcessedPtr) *ipd_.rowsProcessedPtr = slot.row + 1;
    putDataStarted_ = true;  // the next SQLParamData moves on, whether or not SQLPutData was called
    return SQL_NEED_DATA;
  }
  state_ = State::Prepared;
  try {
    return run();
  } catch (...) {
    daeValues_.clear();
    throw;
  }
}

void Statement::putData(SQLPOINTER data, SQLLEN length) {
  if (state_ != State::NeedData) throw Error("HY010", "Function sequence error: call SQLParamData first");
  try {
    if (!putDataStarted_ || needDataIndex_ >= needData_.size())
      throw Error("HY010", "Function sequence error: call SQLParamData first");
    const DaeSlot& target = needData_[needDataIndex_];
    const DescRecord* a = apd_->findRecord(static_cast<SQLSMALLINT>(target.param));
    SQLSMALLINT c = a ? a->conciseType : SQL_C_CHAR;
    if (c == SQL_C_DEFAULT) {
      const DescRecord* i = ipd_.findRecord(static_cast<SQLSMALLINT>(target.param));
      c = defaultCTypeForSqlType(i ? i->conciseType : SQL_VARCHAR);
    }
    appendDataPiece(daeValues_[static_cast<std::size_t>(target.row) * daeStride_ + target.param - 1u], c, data, length);
  } catch (...) {
    abandonParamData();  // unixODBC ends the execution on a failed SQLPutData (back to S1/S2/S3): so does the driver
    throw;
  }
}

void Statement::abandonParamData() noexcept {
  needData_.clear();
  daeValues_.clear();
  putDataStarted_ = false;
  state_ = State::Prepared;
}

}  // namespace dsql::driver
