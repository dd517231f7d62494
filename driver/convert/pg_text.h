// Parsers and formatters for the text forms values travel in: PostgreSQL's output syntax (results arrive as
// TEXT), the literals applications put in character buffers, and the PG input syntax parameters are sent in.
// Pure functions over string_view and small structs: no allocation, no ODBC handles, no libpq. Both
// directions of conversion (to_c, from_c) share them so that "what is a valid number/date" has one answer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dsql::driver::pgtext {

// 128-bit integers (SQL_NUMERIC_STRUCT holds 128 bits); __extension__ keeps -Wpedantic quiet.
__extension__ typedef unsigned __int128 U128;
__extension__ typedef __int128 I128;

// ---- numbers ------------------------------------------------------------------------------------------
// A decimal number as written: [+-]digits[.digits][(e|E)[+-]digits], or NaN / [+-]Infinity / [+-]inf.
// The value is 0.<intDigits><fracDigits> * 10^(intDigits.size() + exponent); the views point into the text.
struct Decimal {
  enum class Kind { Finite, NaN, PosInf, NegInf };
  Kind kind = Kind::Finite;
  bool negative = false;
  std::string_view intDigits, fracDigits;
  int exponent = 0;  // clamped to +-100000 (beyond that every target overflows or is zero anyway)

  std::size_t digitCount() const { return intDigits.size() + fracDigits.size(); }
  // Digit k of intDigits+fracDigits (0 past the end).
  unsigned digit(std::size_t k) const {
    if (k < intDigits.size()) return static_cast<unsigned>(intDigits[k] - '0');
    k -= intDigits.size();
    return k < fracDigits.size() ? static_cast<unsigned>(fracDigits[k] - '0') : 0u;
  }
  // Position of the decimal point within the digit sequence after applying the exponent.
  long pointPosition() const { return static_cast<long>(intDigits.size()) + exponent; }
};

// Leading/trailing ASCII blanks are ignored. Returns false when `text` is not a number.
bool parseDecimal(std::string_view text, Decimal& out);

// |value| * 10^shift truncated to an integer. Returns false when it does not fit 128 bits.
// *fractionLost tells whether non-zero digits were dropped.
bool scaledMagnitude(const Decimal& value, int shift, U128& magnitude, bool& fractionLost);

// Writes the decimal digits of `v` into out (no sign), returns the count. out must hold 40 chars.
std::size_t formatU128(U128 v, char* out);

// ---- money -------------------------------------------------------------------------------------------
// money's output follows lc_monetary: currency symbol, grouping and sign style vary ("$1,234.56",
// "-$5.00", "($5.00)", "1.234,56 €", "¥1,234"). Writes the plain decimal it stands for ("1234.56",
// "-5.00") to out (room for kMoneyDecimalMax chars) and returns the length; 0 when `text` holds no digits
// or more than 40. The decimal separator is the last '.' or ',' between digits when it differs from the
// grouping separators before it, or when it is the only one and not followed by exactly three digits (a
// lone separator before three digits is grouping: "¥1,234"; a 3-decimal currency below 1000 is misread).
constexpr std::size_t kMoneyDecimalMax = 48;
std::size_t moneyToDecimal(std::string_view text, char* out);

// ---- date / time --------------------------------------------------------------------------------------
// ISO forms PostgreSQL prints with DateStyle ISO: "2024-01-02", "03:04:05.123456", "2024-01-02 03:04:05+05:30",
// also 'T' between date and time, " BC" suffix, and "infinity" / "-infinity".
struct DateTime {
  bool hasDate = false, hasTime = false, hasOffset = false;
  int infinity = 0;              // +1 / -1 for [+-]infinity (then nothing else is set)
  int year = 0;                  // astronomical: 1 BC is year 0
  unsigned month = 0, day = 0;
  unsigned hour = 0, minute = 0, second = 0;
  std::uint32_t nanos = 0;       // fraction of a second; digits past the 9th are ignored
  int offsetSeconds = 0;         // east of UTC
};

// Parses any of the forms above; validates field ranges (month 1-12, day within month, hour 0-24 where 24
// needs zero minutes/seconds, minute/second 0-59). Returns false otherwise.
bool parseDateTime(std::string_view text, DateTime& out);

// Moves a value with an offset to UTC (date rolls over when present; a bare time wraps round the clock).
void toUtc(DateTime& value);

bool validDate(int year, unsigned month, unsigned day);
bool validTime(unsigned hour, unsigned minute, unsigned second);

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
long daysFromCivil(int year, unsigned month, unsigned day);
void civilFromDays(long days, int& year, unsigned& month, unsigned& day);

// "YYYY-MM-DD", "HH:MM:SS[.fffffffff]" and "YYYY-MM-DD HH:MM:SS[.f]" (fraction without trailing zeros)
// written to out (room for 40 chars); returns the length. Years outside 1..9999 are written as they are.
std::size_t formatDate(int year, unsigned month, unsigned day, char* out);
std::size_t formatTime(unsigned hour, unsigned minute, unsigned second, std::uint32_t nanos, char* out);
std::size_t formatDateTime(const DateTime& value, char* out);

// ---- interval -----------------------------------------------------------------------------------------
// PostgreSQL's interval in its three independent fields (IntervalStyle postgres output, e.g.
// "1 year 2 mons -3 days +04:05:06.5"; also "N HH:MM:SS" and unit words year/mon/month/week/day/hour/
// minute/second with plurals and abbreviations, "@ ... ago").
struct Interval {
  std::int64_t months = 0;
  std::int64_t days = 0;
  std::int64_t micros = 0;
};
bool parseInterval(std::string_view text, Interval& out);

// ---- uuid / bytea -------------------------------------------------------------------------------------
// 32 hex digits, optionally with the 8-4-4-4-12 dashes and/or surrounded by braces. bytes in text order.
bool parseUuid(std::string_view text, unsigned char bytes[16]);
// Lower-case 8-4-4-4-12 form; out must hold 36 chars.
void formatUuid(const unsigned char bytes[16], char* out);

// Shared small helpers: ASCII blank trimming and case-insensitive comparison against a lower-case word.
std::string_view trimBlanks(std::string_view s);
bool iequals(std::string_view text, std::string_view lowerWord);

int hexValue(char c);  // -1 when not a hex digit
extern const char kHexDigits[17];  // "0123456789abcdef"

}  // namespace dsql::driver::pgtext
