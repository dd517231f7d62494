// shim/sql/README.md cannot drift from the rule table: its "DSQL rules" table must name exactly the rows of
// ruleTable() (a rule added, renamed or removed without its documentation fails here), and every row must
// cite the refusal it answers.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "shim/sql/rules.h"

namespace dsql::shim::sql {
namespace {

std::string readme() {
  std::ifstream f(std::string(DSQL_SOURCE_DIR) + "/shim/sql/README.md");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Backticked names in the first cell of each row of the table under "## DSQL rules".
std::set<std::string> documentedRules(const std::string& text) {
  std::set<std::string> names;
  const auto begin = text.find("## DSQL rules");
  const auto end = text.find("\n## ", begin + 1);
  std::istringstream in(text.substr(begin, end - begin));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    const std::string cell = line.substr(1, line.find(" | ", 1) - 1);
    for (auto open = cell.find('`'); open != std::string::npos; open = cell.find('`', cell.find('`', open + 1) + 1)) {
      const auto close = cell.find('`', open + 1);
      if (close == std::string::npos) break;
      names.insert(cell.substr(open + 1, close - open - 1));
    }
  }
  return names;
}

TEST(RulesReadme, DocumentsExactlyTheRuleTable) {
  const std::string text = readme();
  ASSERT_FALSE(text.empty()) << "shim/sql/README.md not found under " << DSQL_SOURCE_DIR;
  std::set<std::string> table;
  for (const RuleInfo& r : ruleTable()) {
    table.insert(std::string(r.name));
    EXPECT_FALSE(r.answers.empty()) << r.name;
  }
  EXPECT_EQ(documentedRules(text), table);
}

}  // namespace
}  // namespace dsql::shim::sql
