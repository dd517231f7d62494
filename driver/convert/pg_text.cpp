// Numbers, uuids and hex digits in PostgreSQL / ODBC text form (see pg_text.h). Date, time and interval
// text live in pg_text_datetime.cpp.
#include "driver/convert/pg_text.h"

namespace dsql::driver::pgtext {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view digitRun(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  while (i < s.size() && isDigit(s[i])) ++i;
  return s.substr(start, i - start);
}

constexpr long kExponentClamp = 100000;

}  // namespace

const char kHexDigits[17] = "0123456789abcdef";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parseDecimal(std::string_view text, Decimal& out) {
  out = Decimal{};
  std::string_view s = trimBlanks(text);
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    out.negative = s[0] == '-';
    ++i;
  }
  std::string_view word = s.substr(i);
  if (iequals(word, "nan")) {
    out.kind = Decimal::Kind::NaN;
    return true;
  }
  if (iequals(word, "infinity") || iequals(word, "inf")) {
    out.kind = out.negative ? Decimal::Kind::NegInf : Decimal::Kind::PosInf;
    return true;
  }
  out.intDigits = digitRun(s, i);
  if (i < s.size() && s[i] == '.') {
    ++i;
    out.fracDigits = digitRun(s, i);
  }
  if (out.intDigits.empty() && out.fracDigits.empty()) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negativeExponent = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negativeExponent = s[i++] == '-';
    std::string_view e = digitRun(s, i);
    if (e.empty()) return false;
    long value = 0;
    for (char c : e) value = value < kExponentClamp ? value * 10 + (c - '0') : value;
    if (value > kExponentClamp) value = kExponentClamp;
    out.exponent = static_cast<int>(negativeExponent ? -value : value);
  }
  return i == s.size();
}

bool scaledMagnitude(const Decimal& value, int shift, U128& magnitude, bool& fractionLost) {
  constexpr U128 kMax = ~static_cast<U128>(0);
  magnitude = 0;
  fractionLost = false;
  long point = value.pointPosition() + shift;
  long count = static_cast<long>(value.digitCount());
  for (long k = 0; k < point; ++k) {
    if (k >= count && magnitude == 0) break;  // zero stays zero however far the point moves
    unsigned d = value.digit(static_cast<std::size_t>(k));
    if (magnitude > (kMax - d) / 10) return false;
    magnitude = magnitude * 10 + d;
  }
  for (long k = point < 0 ? 0 : point; k < count; ++k) {
    if (value.digit(static_cast<std::size_t>(k)) != 0) {
      fractionLost = true;
      break;
    }
  }
  return true;
}

std::size_t formatU128(U128 v, char* out) {
  char tmp[40];
  std::size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  for (std::size_t k = 0; k < n; ++k) out[k] = tmp[n - 1 - k];
  return n;
}

bool parseUuid(std::string_view text, unsigned char bytes[16]) {
  std::string_view s = trimBlanks(text);
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  int nibbles = 0;
  bool lastWasDash = false;
  for (char c : s) {
    if (c == '-') {
      // PostgreSQL accepts a dash after any complete group of four digits, never two in a row.
      if (nibbles == 0 || nibbles % 4 != 0 || lastWasDash) return false;
      lastWasDash = true;
      continue;
    }
    int v = hexValue(c);
    if (v < 0 || nibbles >= 32) return false;
    if (nibbles % 2 == 0) bytes[nibbles / 2] = static_cast<unsigned char>(v << 4);
    else bytes[nibbles / 2] = static_cast<unsigned char>(bytes[nibbles / 2] | v);
    ++nibbles;
    lastWasDash = false;
  }
  return nibbles == 32 && !lastWasDash;
}

void formatUuid(const unsigned char bytes[16], char* out) {
  std::size_t o = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = kHexDigits[bytes[i] >> 4];
    out[o++] = kHexDigits[bytes[i] & 0xF];
  }
}

namespace {

// `body` runs from money text's first digit to its last. Returns the index of the separator that is the
// decimal point (see pg_text.h), or npos when every separator groups digits.
std::size_t moneyDecimalPoint(std::string_view body) {
  std::string_view firstRun, lastRun;
  std::size_t lastAt = std::string_view::npos;
  for (std::size_t i = 0; i < body.size();) {
    if (isDigit(body[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < body.size() && !isDigit(body[i])) ++i;
    if (lastAt == std::string_view::npos) firstRun = body.substr(start, i - start);
    lastRun = body.substr(start, i - start);
    lastAt = start;
  }
  if (lastAt == std::string_view::npos || (lastRun != "." && lastRun != ",")) return std::string_view::npos;
  if (firstRun.data() != lastRun.data())  // other separators came before it
    return firstRun != lastRun ? lastAt : std::string_view::npos;
  return body.size() - lastAt - 1 != 3 ? lastAt : std::string_view::npos;
}

}  // namespace

std::size_t moneyToDecimal(std::string_view text, char* out) {
  std::size_t first = 0, last = text.size();
  while (first < text.size() && !isDigit(text[first])) ++first;
  while (last > first && !isDigit(text[last - 1])) --last;
  if (first == last) return 0;
  std::string_view body = text.substr(first, last - first);
  bool negative = text.find('(') != std::string_view::npos;  // accounting style: ($5.00)
  for (std::size_t k = 0; k < text.size(); ++k)
    if (text[k] == '-' && (k < first || k >= last)) negative = true;
  std::size_t point = moneyDecimalPoint(body);
  std::size_t n = 0, digits = 0;
  if (negative) out[n++] = '-';
  for (std::size_t k = 0; k < body.size(); ++k) {
    if (k == point) {
      out[n++] = '.';
    } else if (isDigit(body[k])) {
      if (++digits > 40) return 0;
      out[n++] = body[k];
    }
  }
  return n;
}

}  // namespace dsql::driver::pgtext
