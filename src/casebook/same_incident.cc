#include "casebook/same_incident.h"

namespace jikenbo::casebook {

std::string FirstShared(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& x : a) {
    if (std::binary_search(b.begin(), b.end(), x)) return x;
  }
  return "";
}

std::string DistinctSharedCount(const Facts& a, const Facts& b) {
  for (const std::string& x : a.counts) {
    const size_t digits = x.find_first_not_of("0123456789");
    if (digits < 3 || x.compare(digits - 2, 2, "00") == 0) continue;
    if (std::binary_search(b.counts.begin(), b.counts.end(), x)) return x;
  }
  return "";
}

bool ShareACount(const Facts& a, const Facts& b) {
  for (auto i = a.counts.begin(), j = b.counts.begin();
       i != a.counts.end() && j != b.counts.end();) {
    const int c = i->compare(*j);
    if (c == 0) return true;
    c < 0 ? ++i : ++j;
  }
  return false;
}

// Does the text of `in` name the organisation of `of`?
bool Mentions(const Facts& in, const Facts& of) {
  return !of.name_core.empty() && in.text_sig.Covers(of.key_sig) &&
         in.in->text.find(of.name_core) != std::string::npos;
}

// Year of a case: its announcement, else its incident date, else the publisher's number.
std::optional<std::string> DateOf(const CaseInput& c) {
  if (c.announce_date) return c.announce_date;
  if (c.incident_date) return c.incident_date;
  // Undated: the publisher's year, after every dated case of that year.
  if (c.source_ref && c.source_ref->size() >= 4) return c.source_ref->substr(0, 4) + "-13";
  return std::nullopt;
}

std::string NameCore(std::string name) {
  static const char* kForms[] = {"株式会社",         "特定非営利活動法人", "社会福祉法人",
                                 "一般社団法人",     "一般財団法人",       "公益財団法人",
                                 "国立研究開発法人", "独立行政法人",       "学校法人",
                                 "医療法人",         "有限会社",           "(株)",
                                 "合同会社",         "公益社団法人",       "地方独立行政法人",
                                 "国立大学法人",     "公立大学法人",       "NPO法人"};
  for (const char* f : kForms) {
    const std::string form = f;
    if (name.rfind(form, 0) == 0) name = name.substr(form.size());
    if (name.size() > form.size() &&
        name.compare(name.size() - form.size(), form.size(), form) == 0) {
      name = name.substr(0, name.size() - form.size());
    }
  }
  return name;
}

bool SameUrl(const CaseInput& a, const CaseInput& b) {
  auto cites = [](const CaseInput& x, const std::string& url) {
    return std::find(x.source_urls.begin(), x.source_urls.end(), url) != x.source_urls.end();
  };
  if (a.doc_url && cites(b, *a.doc_url)) return true;
  if (b.doc_url && cites(a, *b.doc_url)) return true;
  if (a.doc_url && b.doc_url && *a.doc_url == *b.doc_url) return true;
  for (const std::string& u : a.source_urls) {
    // A shared page, not a shared site: a URL with a path beyond the host.
    const size_t scheme = u.find("://");
    const size_t path = u.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (path == std::string::npos || path + 1 >= u.size()) continue;
    if (cites(b, u)) return true;
  }
  return false;
}

// News writes 架空大 for 架空大学: the other form of a university's key ("" for other keys).
std::string UniversityForm(const std::string& key) {
  static const std::string kDai = "\u5927", kGaku = "\u5B66";  // 大, 学
  auto ends = [&](const std::string& tail) {
    return key.size() > tail.size() + 6 &&
           key.compare(key.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (ends(kDai)) return key + kGaku;
  if (ends(kDai + kGaku)) return key.substr(0, key.size() - kGaku.size());
  return "";
}

std::string MunicipalBody(const std::string& key) {
  static const std::string kRitsu = "\u7ACB";  // 立
  static const std::vector<std::string> kBodies = {"\u5E02", "\u753A", "\u6751", "\u533A",
                                                   "\u770C", "\u90FD", "\u5E9C"};  // 市町村区県都府
  for (size_t at = key.find(kRitsu); at != std::string::npos; at = key.find(kRitsu, at + 3)) {
    if (at < 9 || at + 3 >= key.size()) continue;  // a name of two characters before the body
    for (const std::string& body : kBodies) {
      if (key.compare(at - body.size(), body.size(), body) == 0) return key.substr(0, at);
    }
  }
  return "";
}

double Similarity(const Facts& a, const Facts& b) {
  size_t common = 0;  // both lists are sorted and unique
  for (auto i = a.items.begin(), j = b.items.begin(); i != a.items.end() && j != b.items.end();) {
    const int c = i->compare(*j);
    if (c == 0) ++common;
    if (c <= 0) ++i;
    if (c >= 0) ++j;
  }
  const size_t all = a.items.size() + b.items.size() - common;
  const double jaccard = all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
  return 1.0 + jaccard;  // same type already; shared data items rank higher
}

}  // namespace jikenbo::casebook
