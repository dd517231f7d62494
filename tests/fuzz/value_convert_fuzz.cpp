// libFuzzer target for value conversion both ways. Byte 0 picks the direction and, with byte 1, the types;
// byte 2 sets the buffer length, precision and scale.
// - PostgreSQL text -> C (toC): the rest of the input is a cell of the chosen server type, converted to
//   the chosen C type into a buffer of the chosen length, then read again piecewise as SQLGetData does.
// - C -> PostgreSQL text (fromC): the rest of the input is the application's buffer for the chosen C type
//   (a struct's raw bytes, or characters with their length), sent as the chosen SQL type.
// Either succeeds or throws dsql::Error with a documented SQLSTATE; the buffer is never overrun (ASan).
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "driver/convert/from_c.h"
#include "driver/convert/pg_types.h"
#include "driver/convert/to_c.h"
#include "fuzz_util.h"

namespace drv = dsql::driver;

namespace {

constexpr std::array<unsigned, 26> kOids = {
    drv::kOidBool, drv::kOidBytea, drv::kOidChar, drv::kOidName, drv::kOidInt8, drv::kOidInt2, drv::kOidInt4,
    drv::kOidText, drv::kOidOid, drv::kOidJson, drv::kOidXml, drv::kOidFloat4, drv::kOidFloat8, drv::kOidUnknown,
    drv::kOidBpchar, drv::kOidVarchar, drv::kOidDate, drv::kOidTime, drv::kOidTimestamp, drv::kOidTimestamptz,
    drv::kOidInterval, drv::kOidTimetz, drv::kOidNumeric, drv::kOidUuid, drv::kOidJsonb, drv::kOidMoney};

constexpr std::array<SQLSMALLINT, 38> kCTypes = {
    SQL_C_CHAR, SQL_C_WCHAR, SQL_C_BINARY, SQL_C_BIT, SQL_C_STINYINT, SQL_C_UTINYINT, SQL_C_SSHORT, SQL_C_USHORT,
    SQL_C_SLONG, SQL_C_ULONG, SQL_C_SBIGINT, SQL_C_UBIGINT, SQL_C_FLOAT, SQL_C_DOUBLE, SQL_C_NUMERIC,
    SQL_C_TYPE_DATE, SQL_C_TYPE_TIME, SQL_C_TYPE_TIMESTAMP, SQL_C_GUID, SQL_C_INTERVAL_YEAR, SQL_C_INTERVAL_MONTH,
    SQL_C_INTERVAL_DAY, SQL_C_INTERVAL_HOUR, SQL_C_INTERVAL_MINUTE, SQL_C_INTERVAL_SECOND,
    SQL_C_INTERVAL_YEAR_TO_MONTH, SQL_C_INTERVAL_DAY_TO_HOUR, SQL_C_INTERVAL_DAY_TO_MINUTE,
    SQL_C_INTERVAL_DAY_TO_SECOND, SQL_C_INTERVAL_HOUR_TO_MINUTE, SQL_C_INTERVAL_HOUR_TO_SECOND,
    SQL_C_INTERVAL_MINUTE_TO_SECOND, SQL_C_DATE, SQL_C_TIME, SQL_C_TIMESTAMP, SQL_C_TINYINT, SQL_C_SHORT, SQL_C_LONG};

constexpr std::array<SQLSMALLINT, 30> kSqlTypes = {
    SQL_CHAR, SQL_VARCHAR, SQL_LONGVARCHAR, SQL_WCHAR, SQL_WVARCHAR, SQL_WLONGVARCHAR, SQL_DECIMAL, SQL_NUMERIC,
    SQL_SMALLINT, SQL_INTEGER, SQL_REAL, SQL_FLOAT, SQL_DOUBLE, SQL_BIT, SQL_TINYINT, SQL_BIGINT, SQL_BINARY,
    SQL_VARBINARY, SQL_LONGVARBINARY, SQL_TYPE_DATE, SQL_TYPE_TIME, SQL_TYPE_TIMESTAMP, SQL_GUID,
    SQL_INTERVAL_YEAR, SQL_INTERVAL_DAY, SQL_INTERVAL_DAY_TO_SECOND, SQL_INTERVAL_HOUR_TO_MINUTE,
    SQL_INTERVAL_MINUTE_TO_SECOND, SQL_INTERVAL_YEAR_TO_MONTH, SQL_INTERVAL_SECOND};

// What toC and fromC may throw (their headers), plus HY000 for nothing: any other state is a finding.
const std::initializer_list<std::string_view> kToCStates = {"22003", "22018", "07006", "22007", "22008",
                                                            "22015", "HY003", "HY090", "22002"};
const std::initializer_list<std::string_view> kFromCStates = {"22003", "22018", "22001", "07006", "HY090",
                                                              "22008", "HY003", "HY009", "22015", "HY105", "HY004"};

void toC(std::uint8_t pick, std::uint8_t shape, std::string_view text) {
  const unsigned oid = kOids[pick % kOids.size()];
  const SQLSMALLINT cType = kCTypes[(pick / kOids.size() + shape) % kCTypes.size()];
  // Room for any fixed-size struct, with a guard the conversion must not touch.
  std::vector<unsigned char> buffer(256 + 16, 0xA5);
  const SQLLEN bufferLength = shape % 64;  // character forms: 0..63 bytes; fixed types ignore it
  SQLLEN indicator = 0;
  drv::Cell cell{text.data(), text.size(), false, oid, shape & 1 ? -1 : static_cast<int>(shape) + 4};
  drv::CTarget target{cType, buffer.data(), bufferLength, &indicator, static_cast<SQLSMALLINT>(shape % 40),
                      static_cast<SQLSMALLINT>(shape % 7)};
  try {
    (void)drv::toC(cell, target, nullptr);
    drv::PieceState piece;  // SQLGetData: piece by piece until NoData (bounded: a piece is at least 1 byte)
    for (std::size_t i = 0; i <= text.size() * 4 + 8; ++i)
      if (drv::toC(cell, target, &piece) == drv::ConvertResult::NoData) break;
  } catch (const dsql::Error& e) {
    dsqlfuzz::expectState(e, kToCStates);
  }
  for (std::size_t i = 256; i < buffer.size(); ++i)
    if (buffer[i] != 0xA5) std::abort();  // written past any C type's size
}

void fromC(std::uint8_t pick, std::uint8_t shape, std::string_view bytes) {
  const SQLSMALLINT cType = kCTypes[pick % kCTypes.size()];
  const SQLSMALLINT sqlType = kSqlTypes[(pick / kCTypes.size() + shape) % kSqlTypes.size()];
  // The buffer holds the bytes (a struct shorter than the input is read from its first bytes; a longer one
  // is zero-padded), so every field value a struct can hold is reachable.
  std::vector<unsigned char> buffer(std::max<std::size_t>(bytes.size(), 64), 0);
  std::memcpy(buffer.data(), bytes.data(), bytes.size());
  SQLLEN length = static_cast<SQLLEN>(bytes.size());
  drv::CSource source{cType, sqlType, static_cast<SQLULEN>(shape), static_cast<SQLSMALLINT>(shape % 10), buffer.data(),
                      static_cast<SQLLEN>(buffer.size()), &length, nullptr, static_cast<SQLSMALLINT>(shape % 40),
                      static_cast<SQLSMALLINT>(shape % 7)};
  drv::PgParam out;
  try {
    drv::fromC(source, out);
  } catch (const dsql::Error& e) {
    dsqlfuzz::expectState(e, kFromCStates);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 3), size - 3);
  if (data[0] & 1) toC(data[1], data[2], rest);
  else fromC(data[1], data[2], rest);
  return 0;
}
