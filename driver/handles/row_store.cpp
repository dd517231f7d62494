// Compact row storage for streamed results (row_store.h has the layout).
#include "driver/handles/row_store.h"

#include <algorithm>

namespace dsql::driver {
namespace {

constexpr std::size_t kFirstBlock = 4 * 1024, kBlock = 1024 * 1024;
// A row whose header and values fit under this is written with 2-byte fields (bit 15 marks NULL; the
// size field of a wide row has its top bit set so a reader can tell the two apart).
constexpr std::size_t kNarrowLimit = 0x8000;

constexpr std::uint16_t kWideMark = 0xFFFF;  // a narrow row's size is below 0x8000, so never this

// Writes the header fields and values of `cells` at `p` (fields start at `p` + `skip`).
template <typename Field>
void writeRow(char* p, std::size_t skip, const std::vector<pg::Result::CellView>& cells, std::size_t size, Field nullBit) {
  auto put = [p, skip](std::size_t i, Field v) { std::memcpy(p + skip + sizeof(Field) * i, &v, sizeof v); };
  put(0, static_cast<Field>(size));
  std::size_t at = skip + sizeof(Field) * (1 + cells.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const std::size_t len = cells[c].null ? 0 : static_cast<std::size_t>(cells[c].length);
    if (len) std::memcpy(p + at, cells[c].value, len);
    p[at + len] = '\0';
    at += len + 1;
    put(1 + c, static_cast<Field>(at | (cells[c].null ? nullBit : 0)));
  }
}

}  // namespace

char* RowStore::reserve(std::size_t bytes) {
  if (blocks_.empty() || blocks_.back().used + bytes > blocks_.back().size) {
    // Blocks grow from 4 KiB to 1 MiB, so a one-row result costs little.
    std::size_t size = blocks_.empty() ? kFirstBlock : std::min(kBlock, blocks_.back().size * 2);
    size = std::max(size, bytes);
    blocks_.push_back(Block{std::unique_ptr<char[]>(new char[size]), size, 0});
    blockBytes_ += size;
  }
  Block& b = blocks_.back();
  char* p = b.data.get() + b.used;
  b.used += bytes;
  return p;
}

std::size_t RowStore::push(const pg::Result& part) {
  const int n = part.columns();
  columns_ = n;
  cells_.resize(static_cast<std::size_t>(n));
  std::size_t pushed = 0;
  const int rows = part.rows();
  for (int r = 0; r < rows; ++r) {
    // Each cell is asked of libpq once (its accessors check bounds on every call).
    part.cells(r, cells_.data());
    std::size_t values = 0;
    for (const auto& cell : cells_) values += (cell.null ? 0 : static_cast<std::size_t>(cell.length)) + 1;
    const std::size_t narrow = 2 * (1 + static_cast<std::size_t>(n)) + values;
    if (narrow < kNarrowLimit) {
      writeRow<std::uint16_t>(reserve(narrow), 0, cells_, narrow, 0x8000u);
    } else {  // the mark, two spare bytes, then 4-byte fields
      const std::size_t wide = 4 + 4 * (1 + static_cast<std::size_t>(n)) + values;
      char* p = reserve(wide);
      std::memcpy(p, &kWideMark, 2);
      writeRow<std::uint32_t>(p, 4, cells_, wide, 0x80000000u);
    }
    ++count_;
    pushed += values;
  }
  return pushed;
}

void RowStore::lend(const pg::Result& part) noexcept {
  lent_ = pg::RowsView(part);
  lentNext_ = 0;
  lentRows_ = part.rows();
  count_ += static_cast<std::size_t>(lentRows_);
}

RowCells RowStore::take() noexcept {
  if (lentNext_ < lentRows_) {
    --count_;
    return RowCells(lent_, lentNext_++);
  }
  if (readAt_ == blocks_[readBlock_].used) ++readBlock_, readAt_ = 0;  // rows never span blocks
  const char* p = blocks_[readBlock_].data.get() + readAt_;
  std::uint16_t first;
  std::memcpy(&first, p, 2);
  const bool wide = first == kWideMark;
  std::uint32_t size = first;
  if (wide) std::memcpy(&size, p + 4, 4);
  readAt_ += size;
  --count_;
  return RowCells(p, columns_, wide);
}

void RowStore::release() noexcept {
  if (readBlock_ > 0) {
    for (std::size_t b = 0; b < readBlock_; ++b) blockBytes_ -= blocks_[b].size;
    blocks_.erase(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(readBlock_));
    readBlock_ = 0;
  }
  if (count_ == 0 && blocks_.size() == 1) blocks_.front().used = readAt_ = 0;  // reused for the next rows
}

void RowStore::clear() noexcept {
  lent_ = pg::RowsView();
  lentNext_ = lentRows_ = 0;
  blocks_.clear();
  readBlock_ = readAt_ = count_ = blockBytes_ = 0;
}

}  // namespace dsql::driver
