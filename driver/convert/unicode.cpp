// UTF-8 <-> UTF-16 transcoding used by every W entry point and SQL_C_WCHAR conversion.
#include "driver/convert/unicode.h"

#include <cstring>

namespace dsql::driver {
namespace {

// Decodes one code point at s[i], advancing i; malformed sequences yield U+FFFD and consume one byte.
char32_t decodeUtf8(std::string_view s, std::size_t& i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) { ++i; return b0; }
  int n = 0;  // continuation bytes expected
  if (b0 >= 0xC2 && b0 < 0xE0) n = 1;
  else if (b0 >= 0xE0 && b0 < 0xF0) n = 2;
  else if (b0 >= 0xF0 && b0 < 0xF5) n = 3;
  if (n == 0 || i + n >= s.size()) { ++i; return 0xFFFD; }
  char32_t cp = b0 & (0x3F >> n);
  for (int k = 1; k <= n; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong forms and surrogates, which are not valid UTF-8.
  if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += n + 1;
  return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

template <class Unit>
std::string fromUtf16(const Unit* s, std::size_t n) {
  std::string out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    char32_t u = static_cast<char16_t>(s[i]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
      char32_t lo = static_cast<char16_t>(s[i + 1]);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        ++i;
        continue;
      }
    }
    appendUtf8(out, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
  }
  return out;
}

// Calls put(unit) for each UTF-16 code unit of `s`.
template <class Put>
void encodeUtf16(std::string_view s, Put put) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = decodeUtf8(s, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(static_cast<char16_t>(0xD800 + (cp >> 10)));
      put(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      put(static_cast<char16_t>(cp));
    }
  }
}

}  // namespace

std::u16string utf8ToUtf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  encodeUtf16(s, [&out](char16_t u) { out += u; });
  return out;
}

std::string utf8ToUtf16Bytes(std::string_view s) {
  static_assert(sizeof(SQLWCHAR) == sizeof(char16_t), "unixODBC's SQLWCHAR is 16-bit");
  // Each UTF-8 byte yields at most one UTF-16 unit, so twice the input is always enough room.
  std::string out(2 * s.size(), '\0');
  char* p = out.data();
  encodeUtf16(s, [&p](char16_t u) {
    std::memcpy(p, &u, sizeof u);  // native byte order, as an SQLWCHAR array holds it
    p += sizeof u;
  });
  out.resize(static_cast<std::size_t>(p - out.data()));
  return out;
}

std::string utf16ToUtf8(std::u16string_view s) { return fromUtf16(s.data(), s.size()); }
std::string utf16ToUtf8(const SQLWCHAR* s, std::size_t n) { return fromUtf16(s, n); }

std::size_t utf16Length(std::string_view s) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) units += decodeUtf8(s, i) >= 0x10000 ? 2 : 1;
  return units;
}

}  // namespace dsql::driver
