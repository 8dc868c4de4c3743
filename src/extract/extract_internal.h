// Shared declarations of the extract stage (extract-internal).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "classify/article_text.h"
#include "extract/extract.h"

namespace jikenbo::extract {

using classify::ArticleText;
using classify::Pattern;
using classify::Piece;

struct OrgRules {
  std::vector<std::pair<std::string, std::string>> prefixes;  // form, kind (longest first)
  std::vector<std::pair<std::string, std::string>> suffixes;
  std::string next_not;                // see rules/orgs.rules
  std::vector<std::string> sections;   // section words that end a body's section (課, 係)
  std::vector<std::string> operators;  // legal forms of corporations that run an institution
  std::vector<std::string> relations;
  std::vector<std::string> clients;
  std::vector<std::string> not_names;  // name parts that make no organisation (公立, 同)
  std::vector<std::pair<std::string, std::string>> not_chars;  // (kind, text no such name holds)
  std::map<std::string, std::string> aliases;  // a short form news writes -> the full name
  std::vector<std::string> not_tails;  // words after a name that say what it did (…提供)
  std::vector<std::string> own_units;  // a name part that starts so is the notice's own unit
  // The notice's word for itself (本県) and the end of its name (県).
  std::vector<std::pair<std::string, std::string>> self_words;  // word, suffix
  // First character of each prefix form / suffix word -> their indices (longest first).
  std::map<char32_t, std::vector<size_t>> prefix_by_first, suffix_by_first;
};

struct OrgMention {
  std::string name;
  std::string kind;
  Piece piece;
  bool operator<(const OrgMention& o) const { return piece.begin < o.piece.begin; }
};

struct DateMention {
  std::string iso;  // YYYY-MM-DD or YYYY-MM
  Piece piece;
  bool range_end = false;  // the second date of "A~B"
  bool in_parens = false;  // inside (…) — a side remark
  bool inferred = false;  // its year or day came from another date (同日, 翌日, 5月1日, 昨年3月)
};

struct Extractor::Impl {
  OrgRules orgs;
  classify::PatternSet data_items;                   // label = vocabulary item
  classify::PatternSet authorities;                  // label = ppc, police, ...
  std::map<std::string, classify::PatternSet> cues;  // rules/extract.rules by role
  Options options;
};

// orgs.cc
Status LoadOrgRules(const classify::RuleFile& file, OrgRules* rules);
std::vector<OrgMention> FindOrgs(const OrgRules& rules, std::string_view view);
// A character a name is written with (Han, Katakana, Latin letters and digits, ・ ー & - .).
bool IsNameChar(char32_t cp);
void ExtractOrgs(const Extractor::Impl& impl, const ArticleText& text, model::Incident* inc);

// dates.cc
std::vector<DateMention> FindDates(std::string_view view, std::optional<int> reference_year);
void ExtractDates(const Extractor::Impl& impl, const ArticleText& text,
                  const std::vector<Piece>& asides, model::Incident* inc);

// counts.cc
void ExtractCounts(const Extractor::Impl& impl, const ArticleText& text,
                   const std::vector<Piece>& asides, model::Incident* inc);
std::optional<int64_t> ParseNumber(std::string_view digits);

// facts.cc: data items, authorities, cause, countermeasures, compensation, source URLs
void ExtractDataItems(const Extractor::Impl& impl, const ArticleText& text,
                      const std::vector<Piece>& asides, model::Incident* inc);
void ExtractReportedTo(const Extractor::Impl& impl, const ArticleText& text,
                       const std::vector<Piece>& asides, model::Incident* inc);
void ExtractNarrative(const Extractor::Impl& impl, const ArticleText& text, model::Incident* inc);
void ExtractSourceUrls(const ArticleText& text, model::Incident* inc);

// Commentary sections (rules/extract.rules "aside"): their heading and the bullet lines after it.
// Computed once per article by Extract() and passed to the extractors that skip them.
std::vector<Piece> AsideZones(const Extractor::Impl& impl, const ArticleText& text);
bool Inside(const std::vector<Piece>& zones, size_t offset);

// The sentence of offset; for a list line or a short line also the lines above it up to the
// list's heading (「2.漏えいした情報」, 「発生年月日」).
// With bullets_only, only bulleted lines (・, -, (1) …) look upwards.
std::string Context(const ArticleText& text, size_t offset, bool bullets_only = false);

// True when any pattern of the role matches text.
bool AnyCue(const Extractor::Impl& impl, const std::string& role, std::string_view text);

}  // namespace jikenbo::extract
