// Rows of a streamed result kept in memory, compactly. libpq's single-row mode hands over one PGresult per
// row, about 3 KB of bookkeeping each whatever the row's size; every row of a stream after its first part
// (which is lent, see lend()) is copied here as it arrives and its result freed -- the rows of the rowset
// being fetched, the read-ahead window for
// SQLRowCount, and the rest of a stream buffered because another statement needs the connection or a cursor
// survives a commit -- one after the other in blocks of 4 KiB growing to 1 MiB. A row is its size, the end
// offset of each value (the top bit marks NULL), then the values, each NUL-terminated as libpq's are: 2-byte
// fields for rows under 32 KiB, 4-byte ones after a 4-byte mark otherwise, so a narrow row costs 3 bytes per
// column plus 2 beyond its values. Rows leave from the front; a taken row stays readable until release(),
// so the rowset being fetched never moves, and blocks are freed as the rows in them are released.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "driver/pg/pg.h"

namespace dsql::driver {

// One row's cells, wherever the row lives: row `row` of a libpq result (a buffered result, or a streamed
// part lent to a RowStore), or a row copied into a RowStore.
class RowCells {
 public:
  RowCells(pg::RowsView result, int row) : result_(result), row_(row) {}
  RowCells(const char* stored, int columns, bool wide) : stored_(stored), columns_(columns), wide_(wide) {}

  const char* value(int column) const noexcept { return stored_ ? stored_ + start(column) : result_.value(row_, column); }
  int length(int column) const noexcept {
    return stored_ ? static_cast<int>(end(column) - start(column) - 1) : result_.length(row_, column);
  }
  bool isNull(int column) const noexcept { return stored_ ? field(1 + column) & nullBit() : result_.isNull(row_, column); }

  // The three at once, each header field read once: what a block fetch asks of every bound cell.
  pg::Result::CellView cell(int column) const noexcept {
    if (!stored_) return result_.cell(row_, column);
    const std::uint32_t endField = field(1 + column);
    const std::uint32_t from = column == 0 ? start(0) : field(column) & ~nullBit();
    const std::uint32_t to = endField & ~nullBit();
    return {stored_ + from, static_cast<int>(to - from - 1), (endField & nullBit()) != 0};
  }

 private:
  std::uint32_t field(int i) const noexcept {  // header field i (0: the row's size)
    if (wide_) {  // after the wide mark and two spare bytes
      std::uint32_t v;
      std::memcpy(&v, stored_ + 4 + 4 * i, 4);
      return v;
    }
    std::uint16_t v;
    std::memcpy(&v, stored_ + 2 * i, 2);
    return v;
  }
  std::uint32_t nullBit() const noexcept { return wide_ ? 0x80000000u : 0x8000u; }
  std::uint32_t end(int column) const noexcept { return field(1 + column) & ~nullBit(); }
  std::uint32_t start(int column) const noexcept {
    return column == 0 ? static_cast<std::uint32_t>(wide_ ? 4 + 4 * (1 + columns_) : 2 * (1 + columns_)) : end(column - 1);
  }

  pg::RowsView result_;
  int row_ = 0;
  const char* stored_ = nullptr;
  int columns_ = 0;
  bool wide_ = false;
};

class RowStore {
 public:
  // Copies every row of `part` (a part of a streamed result; every row of one store has the same columns)
  // to the back. Returns the bytes of the values copied.
  std::size_t push(const pg::Result& part);
  // Serves the rows of `part` from where they are, without copying them: for the first part of a stream,
  // which its ResultSet keeps anyway (for the column descriptions), so a one-row result never allocates
  // here. Only on an empty store; `part` must outlive the store's use of those rows.
  void lend(const pg::Result& part) noexcept;
  bool empty() const noexcept { return count_ == 0; }
  std::size_t size() const noexcept { return count_; }  // rows not yet taken
  // Takes the front row: readable until release(). Only when !empty().
  RowCells take() noexcept;
  // Frees the blocks whose rows have all been taken.
  void release() noexcept;
  void clear() noexcept;
  std::size_t bytes() const noexcept { return blockBytes_; }  // memory held in blocks

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size = 0, used = 0;
  };
  char* reserve(std::size_t bytes);

  pg::RowsView lent_;
  int lentNext_ = 0, lentRows_ = 0;  // lent rows are taken first: they came first
  std::vector<Block> blocks_;  // a vector: a std::deque allocates even when empty, once per result
  std::size_t readBlock_ = 0, readAt_ = 0;  // where the front row not yet taken starts
  std::size_t count_ = 0;
  std::size_t blockBytes_ = 0;
  int columns_ = 0;
  std::vector<pg::Result::CellView> cells_;  // push()'s scratch, kept to avoid an allocation per row
};

}  // namespace dsql::driver
