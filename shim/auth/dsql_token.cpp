// DSQL token generation and endpoint-name rules (see dsql_token.h). Sources for every choice are cited in
// docs/dsql-behaviour.md §1: SDKs sign `Action` as the only query parameter besides the X-Amz-* ones, path `/`,
// and emit the presigned URL minus its scheme.
#include "shim/auth/dsql_token.h"

#include <cctype>

#include "shim/auth/sigv4.h"

namespace dsql::shim::auth {

std::string_view actionName(DsqlAction action) {
  return action == DsqlAction::DbConnectAdmin ? "DbConnectAdmin" : "DbConnect";
}

DsqlAction actionForUser(std::string_view user, bool forceAdmin) {
  return (forceAdmin || user == "admin") ? DsqlAction::DbConnectAdmin : DsqlAction::DbConnect;
}

std::string generateDsqlToken(std::string_view hostname, std::string_view region, DsqlAction action,
                              long long expiresSeconds, const Credentials& creds, TimePoint time) {
  sigv4::SignInput in;
  in.method = "GET";
  in.host = std::string(hostname);
  in.rawPath = "/";
  in.query = {{"Action", std::string(actionName(action))}};
  in.region = std::string(region);
  in.service = "dsql";
  in.time = time;
  sigv4::Signed s = sigv4::presign(in, creds, expiresSeconds);
  return in.host + "/?" + s.query;
}

bool isClusterId(std::string_view host) {
  if (host.size() != 26) return false;
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::optional<std::string> regionFromHost(std::string_view host) {
  // Hand-rolled equivalent of \.dsql[^.]*\.([^.]+)\.on\.aws$ (std::regex is slow and this runs per connect).
  constexpr std::string_view suffix = ".on.aws";
  if (host.size() <= suffix.size() || host.substr(host.size() - suffix.size()) != suffix) return std::nullopt;
  std::string_view rest = host.substr(0, host.size() - suffix.size());  // ....dsql-x.<region>
  size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= rest.size()) return std::nullopt;
  std::string_view region = rest.substr(dot + 1);
  std::string_view before = rest.substr(0, dot);  // ....<label>, label must start with "dsql"
  size_t labelStart = before.rfind('.');
  if (labelStart == std::string_view::npos) return std::nullopt;  // the regex needs a '.' before "dsql"
  std::string_view label = before.substr(labelStart + 1);
  if (label.substr(0, 4) != "dsql") return std::nullopt;
  return std::string(region);
}

std::string normalizeHost(std::string_view host) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (host.size() >= scheme.size()) {
      bool match = true;
      for (size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(host[i])) != scheme[i]) match = false;
      if (match) host.remove_prefix(scheme.size());
    }
  }
  while (!host.empty() && (host.back() == '/' || host.back() == '.')) host.remove_suffix(1);
  // A ":port" suffix (only for names, not for bracketed or bare IPv6 literals).
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(':') == colon) host = host.substr(0, colon);
  std::string out(host);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace dsql::shim::auth
