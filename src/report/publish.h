// A case published as a casebook entry, the way casebook blogs lay it out: a title line
// 【事件簿#2031-012】 with the organisation and the notice's title, the notice's text, then the
// archived original (source, archive date, SHA-256) and the case's other reports. And the Atom
// feed of published cases. Pure: records in, text out; untrusted text is escaped in HTML/XML.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "report/timeline.h"
#include "store/store.h"

namespace jikenbo::report {

struct Entry {
  Entry() = default;
  Entry(Entry&&) = default;  // `notice` points into `reports`, whose buffer a move keeps
  Entry& operator=(Entry&&) = default;
  Entry(const Entry&) = delete;
  Entry& operator=(const Entry&) = delete;

  std::vector<store::ArticleRecord> reports;
  std::string case_no;
  std::string title;                             // 【事件簿#NNNN-NNN】ORG TITLE
  const store::ArticleRecord* notice = nullptr;  // the report whose text the entry carries
  std::string source;                            // its URL, else the path it was ingested from
  std::string archived_at;                       // when its original was archived
  std::string published_at;                      // when an editor published the case
  CaseView view;
};

// REQUIRES: reports of one case. `source` and `archived_at` stay empty (LoadEntry fills them).
Entry MakeEntry(std::vector<store::ArticleRecord> reports);
// The entry of a case from the store, with the notice's archived original; NotFound when the
// case has no report.
Result<Entry> LoadEntry(store::Store& store, const std::string& case_no);

std::string EntryMarkdown(const Entry& e);
std::string EntryHtml(const Entry& e);

// Atom 1.0: newest first, each entry linking to `base` + /cases/NNNN-NNN.
std::string AtomFeed(const std::vector<Entry>& entries, const std::string& base,
                     const std::string& updated);

}  // namespace jikenbo::report
