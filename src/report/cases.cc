#include "report/cases.h"

#include <algorithm>
#include <map>

#include "base/utf8.h"
#include "report/timeline.h"

namespace jikenbo::report {
namespace {

bool IsIsoDate(const std::string& s) {
  // YYYY, YYYY-MM or YYYY-MM-DD
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

// The first and the last day a date of any precision covers.
std::string Low(const std::string& d) { return d + std::string("-01-01").substr(d.size() - 4); }
std::string High(const std::string& d) { return d + std::string("-12-31").substr(d.size() - 4); }

// How much a report says: the case is told from the fullest one.
size_t Fullness(const model::Incident& i) {
  return (i.title_org ? 1 : 0) + (i.announce_date ? 1 : 0) + (i.incident_date ? 1 : 0) +
         i.affected.size() + i.data_items.size() + i.reported_to.size() + i.countermeasures.size() +
         (i.compensation_jpy_per_person ? 1 : 0);
}

}  // namespace

bool InWindow(const std::string& date, const std::optional<std::string>& from,
              const std::optional<std::string>& to) {
  if (!from && !to) return true;
  if (!IsIsoDate(date)) return false;
  if (from && High(date) < Low(*from)) return false;
  if (to && Low(date) > High(*to)) return false;
  return true;
}

Status CheckWindow(const CaseQuery& query) {
  for (const auto* bound : {&query.from, &query.to}) {
    if (*bound && !IsIsoDate(**bound)) {
      return Status::InvalidInput("not a date (YYYY-MM-DD, YYYY-MM or YYYY): '" + **bound + "'");
    }
  }
  return Status::Ok();
}

void CompactReport(store::ArticleRecord* r) {
  model::Article& a = r->article;
  a.source_map = {};
  a.incident.evidence = {};
  a.incident.type_cues = {};
  for (auto& i : a.incident.indicators) i.evidence = {};
  if (a.text.size() > 4096) a.text = std::string(utf8::Prefix(a.text, 4096));
}

CaseFile AssembleCase(std::vector<store::ArticleRecord> reports) {
  CaseFile c;
  c.reports = std::move(reports);
  if (c.reports.empty()) return c;
  auto fullest =
      std::max_element(c.reports.begin(), c.reports.end(), [](const auto& a, const auto& b) {
        const size_t fa = Fullness(a.article.incident), fb = Fullness(b.article.incident);
        return fa != fb ? fa < fb : a.id > b.id;  // the fuller, then the first ingested
      });
  std::rotate(c.reports.begin(), fullest, fullest + 1);
  c.primary = c.reports.front();
  if (c.reports.size() > 1) {  // the case's fields, merged from its reports
    const CaseView view = BuildCase(c.reports, c.primary.id);
    c.primary.article.incident = MergedIncident(view, c.primary);
    c.from = view.from;
  }
  const model::Incident& inc = c.primary.article.incident;
  c.date = inc.announce_date.value_or(inc.incident_date.value_or(""));
  return c;
}

Result<std::vector<CaseFile>> CollectCases(store::Store& store, const CaseQuery& query) {
  JK_RETURN_IF_ERROR(CheckWindow(query));
  std::map<std::string, CaseFile> by_case;  // case number -> case
  std::vector<CaseFile> singles;            // reports without a case number (advisories ...)
  JK_RETURN_IF_ERROR(store.ForEach([&](const store::ArticleRecord& r) {
    const model::Incident& inc = r.article.incident;
    const std::string kind = inc.kind.value_or("");
    if (std::find(query.kinds.begin(), query.kinds.end(), kind) == query.kinds.end()) {
      return Status::Ok();
    }
    if (!query.types.empty() && std::find(query.types.begin(), query.types.end(),
                                          inc.type.value_or("")) == query.types.end()) {
      return Status::Ok();
    }
    if (query.case_no && inc.case_no != query.case_no) return Status::Ok();
    const std::string date = inc.announce_date.value_or(inc.incident_date.value_or(""));
    if (!InWindow(date, query.from, query.to)) return Status::Ok();
    store::ArticleRecord kept = r;
    if (query.compact) CompactReport(&kept);
    if (!inc.case_no) {
      std::vector<store::ArticleRecord> one;
      one.push_back(std::move(kept));
      singles.push_back(AssembleCase(std::move(one)));
      return Status::Ok();
    }
    CaseFile& c = by_case[*inc.case_no];
    c.reports.push_back(std::move(kept));
    return Status::Ok();
  }));
  std::vector<CaseFile> out = std::move(singles);
  for (auto& [case_no, c] : by_case) out.push_back(AssembleCase(std::move(c.reports)));
  std::sort(out.begin(), out.end(), [](const CaseFile& a, const CaseFile& b) {
    if (a.date != b.date) return a.date > b.date;
    const std::string ca = a.primary.article.incident.case_no.value_or("");
    const std::string cb = b.primary.article.incident.case_no.value_or("");
    if (ca != cb) return ca > cb;
    return a.primary.id > b.primary.id;
  });
  return out;
}

}  // namespace jikenbo::report
