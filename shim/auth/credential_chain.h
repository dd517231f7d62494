// The default credential chain: one row per provider, in botocore's order (docs/dsql-behaviour.md §8), preceded by
// the connection's explicit keys. The first provider that returns credentials wins; a provider that is
// configured but fails stops the chain with its error; when none is configured the error lists every
// source tried and why it had nothing (SQLSTATE 28000).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shim/auth/provider.h"

namespace dsql::shim::auth {

struct ChainRow {
  std::string_view name;  // as shown in "sources tried"
  ProviderFn load;
};

const std::vector<ChainRow>& defaultChain();

Credentials resolveCredentials(const ProviderContext& ctx);

// A cache key for the provider configuration `ctx` describes: the profile, a digest of the explicit
// keys and of the environment variables and files that steer the chain. Never contains a secret in clear.
std::string credentialCacheKey(const ProviderContext& ctx);

}  // namespace dsql::shim::auth
