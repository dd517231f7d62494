// Writes a fixed-size value into an application's SQLPOINTER (which may be null, and need not be aligned
// for T): the one helper every Get*Attr / Get*Field / SQLGetInfo path and every fixed-size result
// conversion uses. Variable-length values go through writeOut (odbc_strings.h).
#pragma once

#include <sqltypes.h>

#include <cstring>

namespace dsql::driver {

template <class T>
void storeValue(SQLPOINTER out, T value) {
  if (out) std::memcpy(out, &value, sizeof value);
}

// Same, and the value's size into *length when given: the length/indicator of a fixed-size value.
template <class T, class Len>
void storeValue(SQLPOINTER out, T value, Len* length) {
  storeValue(out, value);
  if (length) *length = static_cast<Len>(sizeof value);
}

}  // namespace dsql::driver
