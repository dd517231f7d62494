// The bound columns of a fetch, resolved once per rowset rather than once per cell: which result column,
// the C type (SQL_C_DEFAULT resolved), the fast conversion path (convert/to_c_fast.h), and where row 0's
// value and indicator go with the distance to the next row (column-wise: the element size; row-wise: the
// row size; the bind offset already added). A row then costs a loop over this array.
#pragma once

#include <vector>

#include "driver/convert/pg_types.h"
#include "driver/convert/to_c.h"
#include "driver/convert/to_c_fast.h"

namespace dsql::driver {

class Descriptor;

struct BoundColumn {
  SQLUSMALLINT number = 0;  // 1-based column number
  FastPath fast = FastPath::None;
  CTarget target{};          // row 0: buffer, indicator, resolved C type, length, precision, scale
  SQLLEN dataStride = 0, indicatorStride = 0;

  CTarget forRow(SQLULEN row) const noexcept {
    CTarget t = target;
    if (t.buffer) t.buffer = static_cast<char*>(t.buffer) + static_cast<SQLLEN>(row) * dataStride;
    if (t.indicator) t.indicator = reinterpret_cast<SQLLEN*>(reinterpret_cast<char*>(t.indicator) + static_cast<SQLLEN>(row) * indicatorStride);
    return t;
  }
};

// Rebuilt by each block fetch from the ARD and IRD as they are now (the application may rebind between
// fetches); the vector keeps its capacity, so that costs no allocation after the first.
void planBoundColumns(const Descriptor& ard, const Descriptor& ird, const TypeOptions& types,
                      std::vector<BoundColumn>& plan);

}  // namespace dsql::driver
