// Writes a fixed-size attribute value into an application's SQLPOINTER (which may be null, and need
// not be aligned for T): the one helper every Get*Attr / Get*Field path uses.
#pragma once

#include <sqltypes.h>

#include <cstring>

namespace dsql::driver {

template <class T>
void storeValue(SQLPOINTER out, T value) {
  if (out) std::memcpy(out, &value, sizeof value);
}

}  // namespace dsql::driver
