// What makes two reports one incident: the facts the casebook compares of each report and the
// decider that compares them. Internal to the casebook stage (casebook.cc assigns the cases).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "casebook/casebook.h"
#include "casebook/signals.h"

namespace jikenbo::casebook {

// What the comparisons need of a report, computed once.
struct Facts {
  const CaseInput* in = nullptr;
  bool fresh = false;
  std::optional<int> day;           // announcement day number
  std::optional<int> incident_day;  // incident day number
  std::string key;                  // org key
  std::vector<std::string> keys;    // key and the victims' keys
  std::optional<int> when;          // announcement day, else incident day
  std::string sort_key;             // DateOf, or "9999" when undated
  std::vector<std::string> items;   // sorted, unique data items
  signals::Signature text_sig;      // of in->text
  signals::Signature key_sig;       // of the org name the text would use (title_org core)
  std::string name_core;            // title_org without its legal form, as the text writes it
  std::vector<uint64_t> sketch;
  std::vector<std::string> counts;  // sorted "<number><unit>" tokens of the text (35世帯, 612人)
  std::vector<uint64_t> title_pairs;
};

std::string FirstShared(const std::vector<std::string>& a, const std::vector<std::string>& b);
bool ShareACount(const Facts& a, const Facts& b);
// A count of three or more digits, not a round hundred (311人, 48651人), that both texts state
// ("" when none): two incidents of one organisation almost never share one.
std::string DistinctSharedCount(const Facts& a, const Facts& b);
// Does the text of `in` name the organisation of `of`?
bool Mentions(const Facts& in, const Facts& of);
// Year of a case: its announcement, else its incident date, else the publisher's number.
std::optional<std::string> DateOf(const CaseInput& c);
std::string NameCore(std::string name);
bool SameUrl(const CaseInput& a, const CaseInput& b);
// News writes 架空大 for 架空大学: the other form of a university's key ("" for other keys).
std::string UniversityForm(const std::string& key);
// 架空市立病院 belongs to 架空市: the municipality whose body the key names ("" for other keys).
std::string MunicipalBody(const std::string& key);
// How alike two incidents of one type are (for "related" cases).
double Similarity(const Facts& a, const Facts& b);

class Decider {
 public:
  Decider(const std::vector<Facts>& facts, const Options& options)
      : facts_(facts), options_(options) {
    for (size_t i = 0; i < facts.size(); ++i) {
      for (const std::string& k : facts[i].keys) by_key_[k].push_back(i);
    }
    for (auto& [key, list] : by_key_) {
      std::stable_sort(list.begin(), list.end(), [&](size_t a, size_t b) { return Before(a, b); });
    }
  }

  bool Before(size_t a, size_t b) const {
    const std::string& da = facts_[a].sort_key;
    const std::string& db = facts_[b].sort_key;
    return da != db ? da < db : facts_[a].in->id < facts_[b].in->id;
  }

  // Why reports e (earlier) and l (later) tell of one incident, or nothing.
  // `span`: the days from the first to the last announcement of the two reports' cases together
  // (a chain of reports a few days apart must not grow one case over months).
  std::optional<std::string> SameIncident(size_t e, size_t l, int span = 0) const {
    const Facts& fa = facts_[e];
    const Facts& fb = facts_[l];
    const CaseInput& a = *fa.in;
    const CaseInput& b = *fb.in;
    const bool dated = fa.day && fb.day;
    const int days = dated ? std::abs(*fb.day - *fa.day) : 0;
    const bool compatible = CompatibleTypes(a.type, b.type);
    const bool dates_conflict =
        fa.incident_day && fb.incident_day &&
        std::abs(*fa.incident_day - *fb.incident_day) > options_.incident_date_days;
    // One publisher number, and nothing against it: two blogs may number independently, so the
    // type and the dates (when known) must agree too.
    if (a.source_ref && b.source_ref && *a.source_ref == *b.source_ref &&
        (!a.type || !b.type || *a.type == *b.type) &&
        (!dated || days <= options_.same_incident_days)) {
      return "the publisher numbered both #" + *a.source_ref;
    }
    if (!compatible || dates_conflict) return std::nullopt;
    const bool within_year = !dated || days <= options_.follow_up_days;
    if (within_year && SameUrl(a, b)) return std::string("one report cites the other's page");
    // The same organisation's reports (the one's subject is among the other's victims).
    if (const std::string org = SameOrganisation(fa, fb); !org.empty()) {
      const bool apart =
          fa.incident_day && fb.incident_day && std::abs(*fa.incident_day - *fb.incident_day) > 7;
      if (dated && days <= options_.same_incident_days &&
          std::max(days, span) <= options_.same_incident_days && (!apart || b.follow_up)) {
        return fmt::format("same organisation ({}), announced {} days apart", org, days);
      }
      if (!fa.when || !fb.when) {
        // An undated report (news that gives no date): the same organisation, known and
        // compatible types, and a count both state or titles that are alike.
        if (a.type && b.type) {
          if (ShareACount(fa, fb)) {
            return fmt::format("same organisation ({}) and type, a report undated, both count {}",
                               org, FirstShared(fa.counts, fb.counts));
          }
          if (const double t = signals::TitleOverlap(fa.title_pairs, fb.title_pairs); t >= 0.25) {
            return fmt::format(
                "same organisation ({}) and type, a report undated, titles {:.0f}% alike", org,
                100 * t);
          }
          // News that dates nothing of a hospital's ransomware attack: when the organisation
          // has one dated incident of that (specific) type, the report is about it.
          if (*a.type == *b.type && OneDatedIncident(org, *a.type)) {
            return fmt::format(
                "same organisation ({}) and type ({}), a report undated, the only dated incident "
                "of that type",
                org, *a.type);
          }
        }
        return std::nullopt;
      }
      if (!dated && std::abs(*fa.when - *fb.when) <= options_.same_incident_days && !apart) {
        return fmt::format("same organisation ({}), dated {} days apart", org,
                           std::abs(*fa.when - *fb.when));
      }
      if (!within_year) return std::nullopt;
      if (b.follow_up && LatestBefore(l) == e) {
        return fmt::format("follow-up («{}») of the previous report of {}", *b.follow_up, org);
      }
      if (fa.incident_day && fb.incident_day &&
          std::abs(*fa.incident_day - *fb.incident_day) <= 3) {
        return fmt::format("same organisation ({}), same incident date {}", org, *a.incident_date);
      }
      if (a.headline && b.headline && *a.headline == *b.headline && *a.headline > 1 &&
          a.type == b.type) {
        return fmt::format("same organisation ({}), same count {}", org, *a.headline);
      }
      // A later report (a news article weeks on, a final report) that repeats a distinct count.
      if (const std::string count = DistinctSharedCount(fa, fb); !count.empty()) {
        return fmt::format("same organisation ({}), both count {}", org, count);
      }
      return std::nullopt;
    }
    if (!dated || days > options_.same_incident_days) return std::nullopt;
    // A copy of the report (a blog's, with a few lines changed).
    const double r = signals::Resemblance(fa.sketch, fb.sketch);
    if (r >= 0.5) return fmt::format("near-identical texts ({:.0f}% shared)", 100 * r);
    if (!a.type || !b.type || *a.type != *b.type) return std::nullopt;
    // News that names the organisation only as the rules cannot tell (架空精工, no legal form
    // or suffix word) of a notice's organisation: it names the notice's organisation, and a
    // count, the incident date or the titles agree.
    if (fa.keys.empty() != fb.keys.empty()) {
      const Facts& named = fa.keys.empty() ? fb : fa;
      const Facts& keyless = fa.keys.empty() ? fa : fb;
      const bool agree = ShareACount(fa, fb) ||
                         (a.headline && b.headline && *a.headline == *b.headline) ||
                         signals::TitleOverlap(fa.title_pairs, fb.title_pairs) >= 0.25 ||
                         (fa.incident_day && fb.incident_day &&
                          std::abs(*fa.incident_day - *fb.incident_day) <= 3);
      if (named.name_core.size() >= 6 && Mentions(keyless, named) && agree) {
        return fmt::format("same type ({}), announced {} days apart, the report names {}", *a.type,
                           days, named.name_core);
      }
    }
    // Two organisations' notices of one incident (a contractor and its client).
    if (fa.name_core.empty() || fb.name_core.empty()) return std::nullopt;
    if (!Mentions(fb, fa) || !Mentions(fa, fb)) return std::nullopt;
    return fmt::format(
        "same type ({}), announced {} days apart, each notice names the other ({} / {})", *a.type,
        days, *a.title_org, *b.title_org);
  }

 private:
  // The organisation both reports are about: one's subject among the other's organisations.
  // Keys name one organisation when equal, when one is the other with a qualifier before it
  // (「機構架空病院」 / 「架空病院」), when one is the municipal body of the other (架空市立病院
  // belongs to 架空市). (A university's short form, 架空大, is among its keys: see
  // UniversityForm.)
  static bool OneOrganisation(const std::string& x, const std::string& y) {
    if (x == y) return true;
    const std::string& s = x.size() < y.size() ? x : y;
    const std::string& l = x.size() < y.size() ? y : x;
    if (s.size() < 9) return false;  // three characters at least
    if (l.compare(l.size() - s.size(), s.size(), s) == 0) return true;
    return l.rfind(s, 0) == 0 && l.compare(s.size(), 3, "立") == 0;
  }

  static std::string SameOrganisation(const Facts& a, const Facts& b) {
    auto in = [](const std::string& k, const std::vector<std::string>& ks) {
      return !k.empty() && std::any_of(ks.begin(), ks.end(),
                                       [&](const std::string& o) { return OneOrganisation(k, o); });
    };
    if (in(a.key, b.keys)) return a.key;
    if (in(b.key, a.keys)) return b.key;
    return "";
  }

  // True when the organisation's dated reports of `type` tell of one incident (their dates lie
  // within same_incident_days) and the type is an attack an organisation rarely suffers twice
  // (a city may misdeliver, lose a USB stick or discipline a snooping clerk every year).
  bool OneDatedIncident(const std::string& key, const std::string& type) const {
    static const std::set<std::string> kRare = {"ransomware", "malware", "web_skimming",
                                                "defacement", "ddos",    "domain_hijack"};
    if (!kRare.count(type)) return false;
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return false;
    std::optional<int> first, last;
    for (size_t j : it->second) {
      const Facts& f = facts_[j];
      if (!f.in->type || *f.in->type != type || !f.when) continue;
      first = std::min(first.value_or(*f.when), *f.when);
      last = std::max(last.value_or(*f.when), *f.when);
    }
    return first && *last - *first <= options_.same_incident_days;
  }

  // The organisation's latest report before report i with a compatible type (or npos).
  size_t LatestBefore(size_t i) const {
    auto it = by_key_.find(facts_[i].key);
    if (it == by_key_.end()) return SIZE_MAX;
    size_t best = SIZE_MAX;
    for (size_t j : it->second) {
      if (j == i || !Before(j, i)) continue;
      if (!CompatibleTypes(facts_[j].in->type, facts_[i].in->type)) continue;
      best = j;  // the list is in date order
    }
    return best;
  }

  const std::vector<Facts>& facts_;
  const Options& options_;
  std::map<std::string, std::vector<size_t>> by_key_;
};

}  // namespace jikenbo::casebook
