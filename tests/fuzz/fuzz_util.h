// Shared by the libFuzzer targets: splitting one input into parts, and the rule every target checks --
// a parser either succeeds or throws dsql::Error with one of the SQLSTATEs its header documents; any
// other exception (std::out_of_range, nlohmann's type_error, ...) or a sanitizer report is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <initializer_list>
#include <string_view>

#include "shim/common/error.h"

namespace dsqlfuzz {

// Cuts `in` at the first `separator` byte: before and after (after is empty when there is none).
inline std::pair<std::string_view, std::string_view> split(std::string_view in, char separator = '\x1e') {
  const std::size_t at = in.find(separator);
  if (at == std::string_view::npos) return {in, {}};
  return {in.substr(0, at), in.substr(at + 1)};
}

// Aborts (a finding) unless the dsql::Error's SQLSTATE is one of `allowed`.
inline void expectState(const dsql::Error& e, std::initializer_list<std::string_view> allowed) {
  for (std::string_view s : allowed)
    if (e.sqlstate() == s) return;
  std::fprintf(stderr, "unexpected SQLSTATE %s: %s\n", e.sqlstate().c_str(), e.what());
  std::abort();
}

}  // namespace dsqlfuzz
