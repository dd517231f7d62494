// Helpers shared by the convert unit tests: building cells and targets, and running a conversion to
// either its result or the SQLSTATE it threw.
#pragma once

#include <cstring>
#include <string>

#include "driver/convert/from_c.h"
#include "driver/convert/to_c.h"
#include "shim/common/error.h"

namespace dsql::driver::test {

inline Cell cellOf(const char* text, unsigned oid, int typmod = -1) {
  return Cell{text, std::strlen(text), false, oid, typmod};
}

// "Ok", "01004", "01S07", "NoData" or the SQLSTATE of the thrown dsql::Error.
inline std::string outcome(ConvertResult r) {
  switch (r) {
    case ConvertResult::Ok: return "Ok";
    case ConvertResult::Truncated: return "01004";
    case ConvertResult::FractionalTruncation: return "01S07";
    case ConvertResult::NoData: return "NoData";
  }
  return "?";
}

template <class F>
std::string outcomeOf(F&& f) {
  try {
    return outcome(f());
  } catch (const dsql::Error& e) {
    return e.sqlstate();
  }
}

inline std::string runToC(const Cell& c, SQLSMALLINT cType, void* buf, SQLLEN len, SQLLEN* ind,
                          PieceState* piece = nullptr, SQLSMALLINT precision = 0, SQLSMALLINT scale = 0) {
  CTarget t{cType, buf, len, ind, precision, scale};
  return outcomeOf([&] { return toC(c, t, piece); });
}

// fromC with a fixed-size or string source; returns "Ok" or the SQLSTATE.
inline std::string runFromC(const CSource& s, PgParam& out) {
  try {
    fromC(s, out);
    return "Ok";
  } catch (const dsql::Error& e) {
    return e.sqlstate();
  }
}

}  // namespace dsql::driver::test
