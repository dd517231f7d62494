// toC (see to_c.h): NULL and piecewise bookkeeping, the character / wide / binary targets, and dispatch of
// fixed-size targets to to_c_number.cpp, to_c_datetime.cpp and to_c_interval.cpp. The character and
// binary writers are the one place that applies ODBC's truncation and indicator rules to result data.
#include "driver/convert/to_c.h"

#include <algorithm>
#include <cstdint>
#include <string>

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
constexpr std::size_t kDone = SIZE_MAX;  // piece state once everything was returned

// Storage a converted character form may live in during one toC call.
struct Scratch {
  char small[64];
  std::string big;
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
    case Family::Binary: {
      if (isHexBytea(text)) return text.substr(2);
      std::string bytes = decodeByteaEscape(text);
      scratch.big.clear();
      for (unsigned char b : bytes) {
        scratch.big += pgtext::kHexDigits[b >> 4];
        scratch.big += pgtext::kHexDigits[b & 0xF];
      }
      return scratch.big;
    }
    case Family::TimeTz:
    case Family::TimestampTz: {
      pgtext::DateTime v;
      if (!pgtext::parseDateTime(text, v) || v.infinity != 0) return text;
      pgtext::toUtc(v);
      return {scratch.small, pgtext::formatDateTime(v, scratch.small)};
    }
    default: return text;
  }
}

ConvertResult advance(std::size_t* piece, std::size_t newOffset, bool truncated) {
  if (piece) *piece = truncated ? newOffset : kDone;
  return truncated ? ConvertResult::Truncated : ConvertResult::Ok;
}

void checkBufferLength(const CTarget& t) {
  if (t.bufferLength < 0) throw Error("HY090", "Invalid string or buffer length");
}

ConvertResult writeChars(std::string_view v, const CTarget& t, std::size_t* piece) {
  std::size_t offset = std::min(piece ? *piece : 0, v.size());
  std::string_view rest = v.substr(offset);
  if (t.indicator) *t.indicator = static_cast<SQLLEN>(rest.size());
  if (!t.buffer) return ConvertResult::Ok;  // length only; nothing consumed
  checkBufferLength(t);
  std::size_t room = t.bufferLength > 0 ? static_cast<std::size_t>(t.bufferLength) - 1 : 0;
  std::size_t n = std::min(rest.size(), room);
  if (t.bufferLength > 0) {
    auto* out = static_cast<char*>(t.buffer);
    std::memcpy(out, rest.data(), n);
    out[n] = '\0';
  }
  return advance(piece, offset + n, n < rest.size());
}

// SQL_C_WCHAR: the piece offset counts UTF-16 units; lengths are reported in bytes.
ConvertResult writeWide(std::string_view v, const CTarget& t, std::size_t* piece) {
  std::u16string wide = utf8ToUtf16(v);
  std::size_t offset = std::min(piece ? *piece : 0, wide.size());
  std::size_t rest = wide.size() - offset;
  if (t.indicator) *t.indicator = static_cast<SQLLEN>(rest * sizeof(SQLWCHAR));
  if (!t.buffer) return ConvertResult::Ok;
  checkBufferLength(t);
  std::size_t units = static_cast<std::size_t>(t.bufferLength) / sizeof(SQLWCHAR);
  std::size_t n = std::min(rest, units > 0 ? units - 1 : 0);
  // Never split a surrogate pair: the next piece starts with the whole pair.
  if (n < rest && n > 0 && wide[offset + n - 1] >= 0xD800 && wide[offset + n - 1] <= 0xDBFF) --n;
  if (units > 0) {
    auto* out = static_cast<SQLWCHAR*>(t.buffer);
    for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<SQLWCHAR>(wide[offset + k]);
    out[n] = 0;
  }
  return advance(piece, offset + n, n < rest);
}

// SQL_C_BINARY: `copy(offset, n, dst)` produces bytes [offset, offset+n) of a value `total` bytes long.
template <class Copy>
ConvertResult writeBytes(std::size_t total, Copy copy, const CTarget& t, std::size_t* piece) {
  std::size_t offset = std::min(piece ? *piece : 0, total);
  std::size_t rest = total - offset;
  if (t.indicator) *t.indicator = static_cast<SQLLEN>(rest);
  if (!t.buffer) return ConvertResult::Ok;
  checkBufferLength(t);
  std::size_t n = std::min(rest, static_cast<std::size_t>(t.bufferLength));
  copy(offset, n, static_cast<unsigned char*>(t.buffer));
  return advance(piece, offset + n, n < rest);
}

ConvertResult writeBinary(std::string_view text, Family f, const CTarget& t, std::size_t* piece, Scratch& scratch) {
  std::string_view bytes;
  if (f == Family::Binary && isHexBytea(text)) {
    std::string_view hex = text.substr(2);  // decoded on the fly: no copy of the value
    auto copy = [hex](std::size_t offset, std::size_t n, unsigned char* dst) {
      for (std::size_t k = 0; k < n; ++k) {
        int hi = pgtext::hexValue(hex[2 * (offset + k)]), lo = pgtext::hexValue(hex[2 * (offset + k) + 1]);
        if (hi < 0 || lo < 0) throw Error("22018", "Invalid character value for cast specification");
        dst[k] = static_cast<unsigned char>((hi << 4) | lo);
      }
    };
    return writeBytes(hex.size() / 2, copy, t, piece);
  }
  if (f == Family::Binary) {
    scratch.big = decodeByteaEscape(text);
    bytes = scratch.big;
  } else {
    bytes = charForm(text, f, scratch);
  }
  auto copy = [bytes](std::size_t offset, std::size_t n, unsigned char* dst) {
    std::memcpy(dst, bytes.data() + offset, n);
  };
  return writeBytes(bytes.size(), copy, t, piece);
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

ConvertResult toC(const Cell& cell, const CTarget& target, std::size_t* piece) {
  if (piece && *piece == kDone) return ConvertResult::NoData;
  if (cell.isNull) {
    if (!target.indicator) throw Error("22002", "Indicator variable required but not supplied");
    *target.indicator = SQL_NULL_DATA;
    if (piece) *piece = kDone;
    return ConvertResult::Ok;
  }
  CTarget t = target;
  if (t.cType == SQL_C_DEFAULT) t.cType = describeColumn(cell.typeOid, cell.typmod, TypeOptions{}).defaultCType;
  Family f = detail::familyOf(cell.typeOid);
  std::string_view text(cell.data ? cell.data : "", cell.data ? cell.length : 0);
  Scratch scratch;
  switch (t.cType) {
    case SQL_C_CHAR: return writeChars(charForm(text, f, scratch), t, piece);
    case SQL_C_WCHAR: return writeWide(charForm(text, f, scratch), t, piece);
    case SQL_C_BINARY: return writeBinary(text, f, t, piece, scratch);
    default: break;
  }
  ConvertResult r = toFixed(charForm(text, f, scratch), f, t);
  if (piece) *piece = kDone;
  return r;
}

}  // namespace dsql::driver
