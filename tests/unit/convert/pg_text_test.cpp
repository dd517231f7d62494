// pg_text parsers/formatters: numbers, dates, intervals, uuids as input -> expected tables.
#include <gtest/gtest.h>

#include "driver/convert/pg_text.h"

namespace dsql::driver::pgtext {
namespace {

TEST(PgText, Decimals) {
  struct Row { const char* text; bool ok; const char* intDigits; const char* frac; int exp; bool neg; } rows[] = {
      {"-12.3400", true, "12", "3400", 0, true}, {"+.5", true, "", "5", 0, false}, {"7.", true, "7", "", 0, false},
      {"1.5e-3", true, "1", "5", -3, false},     {" 42 ", true, "42", "", 0, false}, {"1e", false, "", "", 0, false},
      {".", false, "", "", 0, false},            {"1.2.3", false, "", "", 0, false}, {"", false, "", "", 0, false},
      {"--1", false, "", "", 0, false},          {"1e999999999", true, "1", "", 100000, false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.text);
    Decimal d;
    ASSERT_EQ(parseDecimal(r.text, d), r.ok);
    if (!r.ok) continue;
    EXPECT_EQ(d.intDigits, r.intDigits);
    EXPECT_EQ(d.fracDigits, r.frac);
    EXPECT_EQ(d.exponent, r.exp);
    EXPECT_EQ(d.negative, r.neg);
  }
  Decimal d;
  ASSERT_TRUE(parseDecimal("-Infinity", d));
  EXPECT_EQ(d.kind, Decimal::Kind::NegInf);
  ASSERT_TRUE(parseDecimal("NaN", d));
  EXPECT_EQ(d.kind, Decimal::Kind::NaN);
}

TEST(PgText, DateTimes) {
  DateTime v;
  ASSERT_TRUE(parseDateTime("2024-01-02 03:04:05.123456789123+05:30", v));
  EXPECT_EQ(v.nanos, 123456789u);
  EXPECT_EQ(v.offsetSeconds, 5 * 3600 + 1800);
  toUtc(v);
  EXPECT_EQ(v.day, 1u);
  EXPECT_EQ(v.hour, 21u);
  EXPECT_EQ(v.minute, 34u);
  ASSERT_TRUE(parseDateTime("2000-12-31T23:00:00-03", v));
  toUtc(v);
  EXPECT_EQ(v.year, 2001);
  EXPECT_EQ(v.month, 1u);
  EXPECT_EQ(v.day, 1u);
  EXPECT_EQ(v.hour, 2u);
  ASSERT_TRUE(parseDateTime("0044-03-15 BC", v));
  EXPECT_EQ(v.year, -43);
  char out[48];
  EXPECT_EQ(std::string(out, formatDateTime(v, out)), "0044-03-15 BC");
  ASSERT_TRUE(parseDateTime("12345-01-01", v));
  EXPECT_EQ(v.year, 12345);
  for (const char* bad : {"2024-02-30", "2024-00-01", "24:00:00", "12:60:00", "2024-01-01 BCE", "2024/01/01", "abc",
                          "2024-01-01 12", "12:00:00 BC"})
    EXPECT_FALSE(parseDateTime(bad, v)) << bad;
  ASSERT_TRUE(parseDateTime("-infinity", v));
  EXPECT_EQ(v.infinity, -1);
}

TEST(PgText, CalendarRoundTrip) {
  for (long days : {-719468L, -1L, 0L, 59L, 11016L, 2932896L}) {
    int y;
    unsigned m, d;
    civilFromDays(days, y, m, d);
    EXPECT_EQ(daysFromCivil(y, m, d), days);
  }
  EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);
}

TEST(PgText, Intervals) {
  struct Row { const char* text; bool ok; long long months, days, micros; } rows[] = {
      {"1 year 2 mons 3 days 04:05:06.789", true, 14, 3, 14706789000LL},
      {"-1 days +02:03:00", true, 0, -1, 7380000000LL},
      {"-00:00:01.5", true, 0, 0, -1500000},
      {"00:00:00", true, 0, 0, 0},
      {"@ 2 hours 30 mins ago", true, 0, 0, -9000000000LL},
      {"3 weeks", true, 0, 21, 0},
      {"1.5 seconds", true, 0, 0, 1500000},
      {"4 02:00:00", true, 0, 4, 7200000000LL},
      {"10", true, 0, 0, 10000000},
      {"1.5 days", false, 0, 0, 0},
      {"1 fortnight", false, 0, 0, 0},
      {"ago", false, 0, 0, 0},
      {"", false, 0, 0, 0},
      {"9999999999999999999 years", false, 0, 0, 0},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.text);
    Interval iv;
    ASSERT_EQ(parseInterval(r.text, iv), r.ok);
    if (!r.ok) continue;
    EXPECT_EQ(iv.months, r.months);
    EXPECT_EQ(iv.days, r.days);
    EXPECT_EQ(iv.micros, r.micros);
  }
}

TEST(PgText, Uuids) {
  unsigned char b[16];
  for (const char* ok : {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC999C0B4EF8BB6D6BB9BD380A11",
                         "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"}) {
    ASSERT_TRUE(parseUuid(ok, b)) << ok;
    char out[36];
    formatUuid(b, out);
    EXPECT_EQ(std::string(out, 36), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  }
  for (const char* bad : {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
                          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11aa"})
    EXPECT_FALSE(parseUuid(bad, b)) << bad;
}

}  // namespace
}  // namespace dsql::driver::pgtext
