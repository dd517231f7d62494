// toC (see to_c.h): NULL and piecewise bookkeeping, the character / wide / binary forms of a value, and
// dispatch of fixed-size targets to to_c_number.cpp, to_c_datetime.cpp and to_c_interval.cpp. The forms
// are handed to writeOut (odbc_strings.h), the one place that applies ODBC's truncation, terminator and
// indicator rules.
#include "driver/convert/to_c.h"

#include <string>

#include "driver/convert/odbc_strings.h"
#include "driver/convert/pg_text.h"
#include "driver/convert/pg_types.h"
#include "driver/convert/to_c_detail.h"
#include "driver/convert/unicode.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace detail {

Family familyOf(unsigned oid) {
  switch (oid) {
    case kOidBool: return Family::Bool;
    case kOidInt2:
    case kOidInt4:
    case kOidInt8:
    case kOidOid: return Family::Integer;
    case kOidFloat4:
    case kOidFloat8: return Family::Float;
    case kOidNumeric: return Family::Numeric;
    case kOidMoney: return Family::Money;
    case kOidBytea: return Family::Binary;
    case kOidDate: return Family::Date;
    case kOidTime: return Family::Time;
    case kOidTimetz: return Family::TimeTz;
    case kOidTimestamp: return Family::Timestamp;
    case kOidTimestamptz: return Family::TimestampTz;
    case kOidUuid: return Family::Guid;
    case kOidInterval: return Family::Interval;
    default: return Family::Char;
  }
}

void notAllowed() { throw Error("07006", "Restricted data type attribute violation"); }

}  // namespace detail

namespace {

using detail::Family;

// Storage a converted form may live in during one toC call; `used` says the form is in here rather than
// in the cell's own text or a literal.
struct Scratch {
  char small[64];
  std::string big;
  bool used = false;
};

bool isHexBytea(std::string_view s) { return s.size() >= 2 && s[0] == '\\' && s[1] == 'x'; }

// bytea_output = escape: printable bytes as themselves, "\\" for a backslash, "\ooo" octal otherwise.
std::string decodeByteaEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
    } else if (i + 1 < s.size() && s[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
               s[i + 3] >= '0' && s[i + 3] <= '7') {
      out += static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
      i += 3;
    } else {
      throw Error("22018", "Invalid character value for cast specification");
    }
  }
  return out;
}

// The character form of a value (see to_c.h).
std::string_view charForm(std::string_view text, Family f, Scratch& scratch) {
  switch (f) {
    case Family::Bool: return text == "t" || text == "true" ? "1" : "0";
    case Family::Money: {  // a plain decimal instead of the locale's currency format
      static_assert(sizeof(scratch.small) >= pgtext::kMoneyDecimalMax);
      std::size_t n = pgtext::moneyToDecimal(text, scratch.small);
      if (n == 0) return text;
      scratch.used = true;
      return {scratch.small, n};
    }
    case Family::Binary: {
      if (isHexBytea(text)) return text.substr(2);
      std::string bytes = decodeByteaEscape(text);
      scratch.big.clear();
      scratch.used = true;
      for (unsigned char b : bytes) {
        scratch.big += pgtext::kHexDigits[b >> 4];
        scratch.big += pgtext::kHexDigits[b & 0xF];
      }
      return scratch.big;
    }
    case Family::Guid: {  // ODBC leaves the case open; upper case, as psqlODBC and SQL Server answer
      if (text.size() > sizeof(scratch.small)) return text;
      for (std::size_t i = 0; i < text.size(); ++i)
        scratch.small[i] = text[i] >= 'a' && text[i] <= 'f' ? static_cast<char>(text[i] - 'a' + 'A') : text[i];
      scratch.used = true;
      return {scratch.small, text.size()};
    }
    default: return text;  // timestamptz/timetz included: the server's text, offset and all (see to_c.h)
  }
}

std::string decodeByteaHex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  for (std::size_t k = 0; k < out.size(); ++k) {
    int hi = pgtext::hexValue(hex[2 * k]), lo = pgtext::hexValue(hex[2 * k + 1]);
    if (hi < 0 || lo < 0) throw Error("22018", "Invalid character value for cast specification");
    out[k] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

// The whole value in the form of a character or binary C type: UTF-8 for SQL_C_CHAR, the bytes of its
// UTF-16 for SQL_C_WCHAR, the decoded bytes of a bytea (or the bytes of the character form) for
// SQL_C_BINARY.
std::string_view encode(std::string_view text, Family f, SQLSMALLINT cType, Scratch& scratch) {
  if (cType == SQL_C_CHAR) return charForm(text, f, scratch);
  std::string bytes;
  if (cType == SQL_C_WCHAR) bytes = utf8ToUtf16Bytes(charForm(text, f, scratch));
  else if (f == Family::Binary) bytes = isHexBytea(text) ? decodeByteaHex(text.substr(2)) : decodeByteaEscape(text);
  else return charForm(text, f, scratch);
  scratch.big = std::move(bytes);
  scratch.used = true;
  return scratch.big;
}

// Keeps the converted value of `cell` in the piece state for the calls that follow.
void keep(PieceState& s, const Cell& cell, SQLSMALLINT cType, std::string_view value, Scratch& scratch) {
  s = PieceState{};
  s.started = true;
  s.source = cell.data;
  s.cType = cType;
  s.owns = scratch.used;
  if (!s.owns) {
    s.external = value.data();
    s.externalSize = value.size();
  } else if (value.data() == scratch.big.data() && value.size() == scratch.big.size()) {
    s.owned = std::move(scratch.big);
  } else {
    s.owned.assign(value);
  }
}

// SQL_C_CHAR, SQL_C_WCHAR and SQL_C_BINARY: the next piece of the value (all of it for a bound column).
ConvertResult toPiece(const Cell& cell, std::string_view text, Family f, const CTarget& t, PieceState* piece) {
  Scratch scratch;
  std::string_view value;
  std::size_t offset = 0;
  if (piece && piece->started && piece->source == cell.data && piece->cType == t.cType) {
    value = piece->value();
    offset = piece->offset;
  } else {
    value = encode(text, f, t.cType, scratch);
    if (piece) {
      keep(*piece, cell, t.cType, value, scratch);
      value = piece->value();
    }
  }
  OutForm form = t.cType == SQL_C_CHAR ? OutForm::Narrow : t.cType == SQL_C_WCHAR ? OutForm::Wide : OutForm::Binary;
  OutPiece p = writeOut(value.substr(offset), t.buffer, t.bufferLength, form, t.indicator);
  if (!t.buffer) return ConvertResult::Ok;  // length only: nothing consumed
  if (piece) {
    piece->offset = offset + p.copied;
    piece->done = !p.truncated;
  }
  return p.truncated ? ConvertResult::Truncated : ConvertResult::Ok;
}

ConvertResult toFixed(std::string_view text, Family f, const CTarget& t) {
  switch (t.cType) {
    case SQL_C_BIT:
    case SQL_C_TINYINT:
    case SQL_C_STINYINT:
    case SQL_C_UTINYINT:
    case SQL_C_SHORT:
    case SQL_C_SSHORT:
    case SQL_C_USHORT:
    case SQL_C_LONG:
    case SQL_C_SLONG:
    case SQL_C_ULONG:
    case SQL_C_SBIGINT:
    case SQL_C_UBIGINT:
    case SQL_C_FLOAT:
    case SQL_C_DOUBLE:
    case SQL_C_NUMERIC: return detail::toNumber(text, f, t);
    case SQL_C_TYPE_DATE:
    case SQL_C_TYPE_TIME:
    case SQL_C_TYPE_TIMESTAMP:
    case SQL_C_DATE:
    case SQL_C_TIME:
    case SQL_C_TIMESTAMP: return detail::toDateTime(text, f, t);
    case SQL_C_GUID: return detail::toGuid(text, f, t);
    default:
      if (t.cType >= SQL_C_INTERVAL_YEAR && t.cType <= SQL_C_INTERVAL_MINUTE_TO_SECOND)
        return detail::toInterval(text, f, t);
      throw Error("HY003", "Invalid application buffer type");
  }
}

}  // namespace

ConvertResult toC(const Cell& cell, const CTarget& target, PieceState* piece) {
  if (piece && piece->done) return ConvertResult::NoData;
  if (cell.isNull) {
    if (!target.indicator) throw Error("22002", "Indicator variable required but not supplied");
    *target.indicator = SQL_NULL_DATA;
    if (piece) piece->done = true;
    return ConvertResult::Ok;
  }
  CTarget t = target;
  if (t.cType == SQL_C_DEFAULT) t.cType = describeColumn(cell.typeOid, cell.typmod, TypeOptions{}).defaultCType;
  Family f = detail::familyOf(cell.typeOid);
  std::string_view text(cell.data ? cell.data : "", cell.data ? cell.length : 0);
  if (t.cType == SQL_C_CHAR || t.cType == SQL_C_WCHAR || t.cType == SQL_C_BINARY) return toPiece(cell, text, f, t, piece);
  Scratch scratch;
  ConvertResult r = toFixed(charForm(text, f, scratch), f, t);
  if (piece) piece->done = true;
  return r;
}

}  // namespace dsql::driver
