// The role of each indicator in the text that names it: `malicious` (attacker infrastructure, a
// phishing or fake site, C2, a malicious file, an IoC list, written defanged, an abused service's
// endpoint), `victim` (the victim organisation's own sites and addresses), `reference` (sources,
// news, vendors, standards bodies), `benign` (well-known services mentioned without abuse) or
// `placeholder` (redacted values, example.*, documentation ranges). Only malicious indicators are
// for detection (STIX indicators, MISP to_ids).
//
// Decided from the text around the indicator, by the cue words and host lists of
// rules/ioc_roles.rules: the nearest cue in its sentence, else the heading of the list or table
// it stands in, else the host lists, else a default by type. An indicator found malicious
// anywhere in a text is malicious everywhere in it (a compromised legitimate site: malicious
// wins, with the reason). Immutable after Create(); threads may share one.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "classify/classify.h"
#include "extract/ioc.h"

namespace jikenbo::extract {

// The role names, in order of precedence when two cues are equally near.
const std::vector<std::string>& IocRoleNames();

class IocRoles {
 public:
  // rules: rules/ioc_roles.rules. A bad row fails with its file:line.
  static Result<IocRoles> Create(const classify::RuleFile& rules);

  struct Context {
    std::string_view kind;                              // the article's kind, if known
    const std::vector<std::string>* sources = nullptr;  // the article's source URLs
  };

  // Sets role and role_reason of every indicator of text (offsets relative to text, in order).
  void Judge(std::string_view text, std::vector<Ioc>* iocs, const Context& context) const;

  // For a stream read line by line: judges the indicators of one line (offsets relative to the
  // line), remembering the heading of a list from one line to the next and what was found
  // malicious (bounded) in *state.
  struct LineState {
    std::string heading_role, heading_reason;   // the cue of the last line that was no list line
    std::unordered_set<std::string> malicious;  // values judged malicious so far (bounded)
  };
  void JudgeLine(std::string_view line, std::vector<Ioc>* iocs, LineState* state,
                 const Context& context) const;

  struct Impl;

 private:
  explicit IocRoles(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jikenbo::extract
