// Expanding inputs into files.
#include <algorithm>
#include <string_view>

#include "ingest/fetch.h"
#include "ingest/ingest.h"

namespace jikenbo::ingest {
namespace {

// What a directory walk takes: text, Markdown, HTML, PDF, feeds and e-mail.
bool IsTextExtension(const std::string& ext) {
  static const char* kExt[] = {".txt",   ".text", ".md",  ".markdown", ".mdown", ".html", ".htm",
                               ".xhtml", ".pdf",  ".xml", ".rss",      ".atom",  ".rdf",  ".eml"};
  return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* e) { return ext == e; });
}

}  // namespace

Plan Expand(FileSource& files, const std::vector<std::string>& inputs) {
  Plan plan;
  for (const std::string& input : inputs) {
    if (IsUrl(input)) {  // fetched, not listed
      plan.files.push_back(input);
      continue;
    }
    auto entry = files.Stat(input);
    if (!entry.ok()) {
      plan.errors.push_back(entry.status());
      continue;
    }
    if (!entry->is_dir) {
      plan.files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    files.List(input, &found, &plan.errors);
    for (std::string& f : found) {
      if (IsTextExtension(FileExtension(f))) {
        plan.files.push_back(std::move(f));
      } else {
        ++plan.skipped;
      }
    }
  }
  return plan;
}

}  // namespace jikenbo::ingest
