// Builds the bound-column plan of a block fetch (fetch_plan.h).
#include "driver/handles/fetch_plan.h"

#include "driver/handles/descriptor.h"

namespace dsql::driver {

void planBoundColumns(const Descriptor& ard, const Descriptor& ird, const TypeOptions& types,
                      std::vector<BoundColumn>& plan) {
  plan.clear();
  const SQLSMALLINT n = std::min(ard.count(), ird.count());
  const bool byColumn = ard.bindType == SQL_BIND_BY_COLUMN;
  const SQLLEN offset = ard.bindOffsetPtr ? *ard.bindOffsetPtr : 0;
  for (SQLSMALLINT c = 1; c <= n; ++c) {
    const DescRecord* a = ard.findRecord(c);
    if (!a || (!a->dataPtr && !a->indicatorPtr)) continue;
    const DescRecord* r = ird.findRecord(c);
    BoundColumn b;
    b.number = static_cast<SQLUSMALLINT>(c);
    b.target.cType = a->conciseType == SQL_C_DEFAULT ? describeColumn(r->pgOid, r->pgTypmod, types).defaultCType : a->conciseType;
    SQLLEN elementSize = fixedCTypeSize(b.target.cType);
    if (elementSize == 0) elementSize = a->octetLength;
    b.target.buffer = a->dataPtr ? static_cast<char*>(a->dataPtr) + offset : nullptr;
    b.target.indicator = a->indicatorPtr ? reinterpret_cast<SQLLEN*>(reinterpret_cast<char*>(a->indicatorPtr) + offset) : nullptr;
    b.target.bufferLength = a->octetLength;
    b.target.precision = a->precision;
    b.target.scale = a->scale;
    b.dataStride = byColumn ? elementSize : static_cast<SQLLEN>(ard.bindType);
    b.indicatorStride = byColumn ? static_cast<SQLLEN>(sizeof(SQLLEN)) : static_cast<SQLLEN>(ard.bindType);
    b.fast = chooseFastPath(r->pgOid, b.target.cType);
    plan.push_back(b);
  }
}

}  // namespace dsql::driver
