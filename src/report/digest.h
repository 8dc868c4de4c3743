// The digest newsletter writers compile by hand: per incident or advisory of a window, newest
// first, a headline with the case number, organisation and date, the sources and the archived
// original, three bullets (このニュースをザックリ言うと…) and a comment (所感: similar earlier
// incidents cited by number, countermeasure advice, the APPI reporting assessment and JNSA's
// compensation estimate), then statistics of the window. Every number and name in the bullets
// comes from an extracted field; text quoted from a notice is marked as a quote.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "report/assess.h"
#include "report/cases.h"
#include "report/lexicon.h"
#include "report/stats.h"
#include "store/store.h"

namespace jikenbo::report {

// A run of text: plain, emphasised, or quoted from the notice (untrusted: the renderers escape
// every run; a quote is also kept from forming markup of its own).
struct Run {
  std::string text;
  bool bold = false;
  bool quote = false;
};
using Line = std::vector<Run>;

std::string PlainText(const Line& line);

// The three bullets of an incident or advisory (who announced what and when; what happened, to
// how many, of which data; what the organisation did), from its extracted fields only.
std::vector<Line> Summary(const store::ArticleRecord& record, const Lexicon& lexicon);

struct Citation {
  int64_t id = 0;
  std::string case_no;
  std::string date;
  std::string org;
  std::string title;
};

struct DigestItem {
  int64_t id = 0;  // the primary report's article id
  std::string case_no;
  std::string kind;
  std::string type;
  std::string title;
  std::string org;
  std::string date;
  std::vector<std::string> source_urls;
  struct Original {
    std::string path;
    std::string sha256;
  };
  std::vector<Original> originals;  // the archived documents of every report
  std::vector<Line> summary;        // three bullets
  std::vector<Citation> similar;    // earlier incidents of the same type, most similar first
  bool follow_up = false;           // 続報: the case was reported before this window's report
  std::vector<Citation> earlier;    // the case's earlier reports, oldest first
  std::vector<Line> comment;        // 所感
  std::optional<AppiAssessment> appi;
  std::optional<DamageEstimate> damage;
};

struct Digest {
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::vector<DigestItem> items;
  Stats stats;  // by type
};

Result<Digest> BuildDigest(store::Store& store, const Lexicon& lexicon, const CaseQuery& query);
// The same from cases already collected (newest first); `query` gives only the window's title.
Digest BuildDigest(store::Store& store, const Lexicon& lexicon, const std::vector<CaseFile>& cases,
                   const CaseQuery& query);

// "2031-05-12" -> "2031年5月12日" (month and year precision too).
std::string JapaneseDate(const std::string& iso);

std::string DigestMarkdown(const Digest& digest, const Lexicon& lexicon);
// Machine-readable: the window, and per item its headline fields, the bullets and the comment
// as plain text.
nlohmann::ordered_json DigestJson(const Digest& digest);
// A complete HTML page: inline CSS and SVG only, a Content-Security-Policy that forbids scripts.
std::string DigestHtml(const Digest& digest, const Lexicon& lexicon);
// Its content (heading, items, statistics) for embedding in another page, with no styles.
std::string DigestHtmlContent(const Digest& digest, const Lexicon& lexicon);

}  // namespace jikenbo::report
