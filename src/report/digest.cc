#include "report/digest.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "base/utf8.h"
#include "report/chart.h"
#include "report/interchange.h"

namespace jikenbo::report {
namespace {

constexpr size_t kMaxSimilar = 2;   // citations per item
constexpr size_t kQuoteChars = 90;  // longest quote from a notice, in characters
constexpr size_t kMaxItems = 6;     // data items named in a bullet (then 等)

// At most `chars` characters of text, "…" added when cut; whitespace runs folded.
std::string Clip(std::string_view text, size_t chars) {
  std::string folded;
  bool space = false;
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::Next(text, i);
    const bool ws = d.cp == ' ' || d.cp == '\n' || d.cp == '\r' || d.cp == '\t' || d.cp == 0x3000;
    if (ws) {
      space = !folded.empty();
    } else {
      if (space) folded += ' ';
      space = false;
      folded.append(text.substr(i, d.len));
    }
    i += d.len;
  }
  while (folded.ends_with("。")) folded.resize(folded.size() - 3);  // 「…」 needs no full stop
  // nor the marks of a list item it was taken from
  for (bool cut = true; cut;) {
    cut = false;
    for (std::string_view mark : {"- ", "* ", "• ", "・", "●", "○", "■", "□", "※"}) {
      if (folded.starts_with(mark)) {
        folded.erase(0, mark.size());
        cut = true;
      }
    }
  }
  if (utf8::CountCodePoints(folded) <= chars) return folded;
  size_t at = 0;
  for (size_t k = 0; k < chars; ++k) at += utf8::Next(folded, at).len;
  return folded.substr(0, at) + "…";
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string CountPhrase(const model::AffectedCount& c, const Lexicon& lex) {
  const std::string n = GroupedNumber(c.count) + lex.Word("unit", c.unit);
  switch (c.qualifier) {
    case model::Qualifier::kMax:
      return "最大" + n;
    case model::Qualifier::kApprox:
      return "約" + n;
    case model::Qualifier::kMin:
      return n + "以上";
    case model::Qualifier::kExact:
      break;
  }
  return n;
}

// The headline count: persons first, then the first count stated.
std::optional<model::AffectedCount> HeadlineCount(const model::Incident& inc) {
  if (auto persons = LargestCount(inc, "persons")) return persons;
  if (!inc.affected.empty()) return inc.affected.front();
  return std::nullopt;
}

std::vector<std::string> OtherVictims(const model::Incident& inc) {
  std::vector<std::string> out;
  for (const std::string& v : inc.victim_orgs) {
    if (v != inc.title_org.value_or("")) out.push_back(v);
  }
  return out;
}

Line Announcement(const model::Incident& inc, const Lexicon& lex) {
  Line line;
  const std::string type = inc.type.value_or("other");
  std::string head;
  if (inc.announce_date) head = JapaneseDate(*inc.announce_date) + "、";
  line.push_back({head});
  if (inc.title_org) {
    line.push_back({*inc.title_org});
    line.push_back({"より、"});
  }
  if (inc.kind == "advisory") {
    line.push_back({lex.Word("advisory_event", type), true});
    line.push_back({"。"});
    return line;
  }
  line.push_back({lex.Word("type_event", type), true});
  line.push_back({inc.title_org ? "と発表されました。" : "との発表がありました。"});
  if (auto others = OtherVictims(inc); !others.empty()) {
    line.push_back({"発表では、" + Join(others, "、") + "も関係する組織として挙げられています。"});
  }
  return line;
}

Line WhatHappened(const model::Incident& inc, const Lexicon& lex) {
  Line line;
  if (inc.incident_date) {
    line.push_back({"発生(判明)は" + JapaneseDate(*inc.incident_date) + "で、"});
  }
  std::vector<std::string> items;
  for (const std::string& item : inc.data_items) {
    if (items.size() == kMaxItems) {
      items.back() += "等";
      break;
    }
    items.push_back(lex.Word("data_item", item));
  }
  const auto count = HeadlineCount(inc);
  const std::string exposure = lex.Word("type_exposure", inc.type.value_or("other"));
  if (!items.empty()) {
    line.push_back({(count ? CountPhrase(*count, lex) + "の" : "") + Join(items, "・"), true});
    line.push_back({"が" + exposure + "です。"});
  } else if (count) {
    line.push_back({"影響を受けたのは"});
    line.push_back({CountPhrase(*count, lex), true});
    line.push_back({"とのことです。"});
  } else {
    line.push_back({"影響を受けた人数や情報の種類は、発表では明らかにされていません。"});
  }
  if (inc.cause) {
    line.push_back({"原因について、発表では「"});
    line.push_back({Clip(*inc.cause, kQuoteChars), false, true});
    line.push_back({"」としています。"});
  }
  return line;
}

// The countermeasure sentence that reads most like one: under a 再発防止 heading or naming a
// measure, and stating what will be done rather than what happened.
const std::string* BestMeasure(const std::vector<std::string>& measures) {
  const std::string* best = nullptr;
  int best_score = -100;
  for (const std::string& m : measures) {
    int score = 0;
    for (std::string_view cue : {"再発防止", "防止策", "対策", "徹底", "強化", "導入", "見直"}) {
      if (m.find(cue) != std::string::npos) ++score;
    }
    const std::string_view tail = std::string_view(m).substr(m.size() > 12 ? m.size() - 12 : 0);
    if (tail.find("ました") != std::string_view::npos) score -= 2;  // a past event
    if (tail.find("ます") != std::string_view::npos &&
        tail.find("ました") == std::string_view::npos) {
      score += 1;  // what will be done
    }
    if (score > best_score) best = &m, best_score = score;
  }
  return best;
}

Line Response(const model::Incident& inc, const Lexicon& lex) {
  Line line;
  std::vector<std::string> authorities;
  for (const model::ReportedTo& r : inc.reported_to) {
    const std::string name = lex.Word("authority", r.authority);
    if (std::find(authorities.begin(), authorities.end(), name) == authorities.end()) {
      authorities.push_back(name);
    }
  }
  if (!authorities.empty()) {
    line.push_back({Join(authorities, "・") + "へ報告・相談済み", true});
    line.push_back({"とのことです。"});
  }
  if (inc.compensation_jpy_per_person) {
    line.push_back({"対象者への補償は"});
    line.push_back({"1人当たり" + GroupedNumber(*inc.compensation_jpy_per_person) + "円", true});
    line.push_back({"とされています。"});
  }
  if (const std::string* measure = BestMeasure(inc.countermeasures)) {
    line.push_back({"再発防止策として「"});
    line.push_back({Clip(*measure, kQuoteChars), false, true});
    line.push_back({"」としています。"});
  }
  if (line.empty()) {
    line.push_back({"発表には、当局への報告や再発防止策についての記載はありません。"});
  } else if (inc.countermeasures.empty()) {  // said so, rather than quoting a promise
    line.push_back({"具体的な再発防止策の記載はありません。"});
  }
  return line;
}

// An advisory's body: its first sentence of substance (a sentence of prose ending in 。, not a
// heading, a link or a list mark), quoted.
Line AdvisoryBody(const store::ArticleRecord& r) {
  Line line;
  const std::string_view text = r.article.text;
  for (size_t at = 0; at < text.size();) {
    size_t eol = text.find('\n', at);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view l = utf8::Trim(text.substr(at, eol - at));
    at = eol + 1;
    if (l.empty() || l == r.article.title || l.find("://") != std::string_view::npos ||
        l.starts_with("#") || l.starts_with("●") || l.starts_with("<") || l.starts_with("[")) {
      continue;
    }
    for (size_t start = 0; start < l.size();) {
      const size_t stop = l.find("。", start);
      if (stop == std::string_view::npos) break;
      const std::string_view sentence = l.substr(start, stop + 3 - start);
      start = stop + 3;
      if (utf8::CountCodePoints(sentence) >= 20) {
        line.push_back({"発表では「"});
        line.push_back({Clip(sentence, kQuoteChars), false, true});
        line.push_back({"」としています。"});
        return line;
      }
    }
  }
  line.push_back({"詳細は発表をご確認ください。"});
  return line;
}

Line AdvisoryAction(const model::Incident& inc) {
  Line line;
  std::vector<std::string> hosts;
  auto host = [](std::string_view v) {  // of a URL or a domain
    if (const size_t sep = v.find("://"); sep != std::string_view::npos) v.remove_prefix(sep + 3);
    return std::string(v.substr(0, v.find_first_of("/?#:")));
  };
  auto is_source = [&](const model::Indicator& i) {  // on a host the item was written from
    for (const std::string& url : inc.source_urls) {
      if (host(url) == host(i.value)) return true;
    }
    return false;
  };
  for (const model::Indicator& i : inc.indicators) {
    if ((i.type == "domain" || i.type == "url") && hosts.size() < 3 && !is_source(i) &&
        !ReservedTags(i.tags)) {
      std::string v = i.value;
      for (size_t at = v.find('.'); at != std::string::npos; at = v.find('.', at + 3)) {
        v.replace(at, 1, "[.]");  // shared in a newsletter: defanged
      }
      if (v.rfind("http", 0) == 0) v.replace(0, 4, "hxxp");
      if (std::find(hosts.begin(), hosts.end(), v) == hosts.end()) hosts.push_back(v);
    }
  }
  if (!hosts.empty()) {
    line.push_back({"発表に記載された注意すべき接続先: "});
    line.push_back({Join(hosts, "、"), false, true});
    line.push_back({"。"});
  }
  if (!inc.countermeasures.empty()) {
    line.push_back({"呼びかけとして「"});
    line.push_back({Clip(inc.countermeasures.front(), kQuoteChars), false, true});
    line.push_back({"」としています。"});
  }
  if (line.empty()) line.push_back({"不審なメールやSMSのリンクを開かないよう呼びかけています。"});
  return line;
}

std::vector<Citation> Similar(store::Store& store, const store::ArticleRecord& r) {
  std::vector<Citation> out;
  auto links = store.Links(r.id);
  if (!links.ok()) return out;
  for (const casebook::Link& l : *links) {
    if (l.relation != "related" || l.article_id != r.id || out.size() >= kMaxSimilar) continue;
    auto other = store.Get(l.other_id);
    if (!other.ok()) continue;
    const model::Incident& o = other->article.incident;
    // The organisation that announced, else the victim the report names (a news report).
    const std::string org =
        o.title_org.value_or(o.victim_orgs.empty() ? std::string() : o.victim_orgs.front());
    out.push_back({other->id, o.case_no.value_or(""),
                   o.announce_date.value_or(o.incident_date.value_or("")), org,
                   other->article.title});
  }
  return out;
}

Line SimilarLine(const std::vector<Citation>& similar, const std::string& type_label) {
  Line line;
  line.push_back({"同様の" + type_label + "は度々発生しており", true});
  for (size_t k = 0; k < similar.size(); ++k) {
    const Citation& c = similar[k];
    line.push_back({k == 0 ? "、例えば" : "他、"});
    if (!c.date.empty()) line.push_back({JapaneseDate(c.date) + "には"});
    // Without a named organisation the report itself is cited, never "ある組織".
    const std::string no = "(事件簿#" + (c.case_no.empty() ? "-" : c.case_no) + ")";
    if (c.org.empty()) {
      line.push_back({"「"});
      line.push_back({Clip(c.title, 40), false, true});
      line.push_back({"」" + no + "が報じられています"});
    } else {
      line.push_back({c.org + "が「"});
      line.push_back({Clip(c.title, 40), false, true});
      line.push_back({"」を公表しています" + no});
    }
  }
  line.push_back({"。"});
  return line;
}

Line AdviceLine(const std::vector<std::string>& advice) {
  Line line;
  for (size_t k = 0; k < advice.size(); ++k) line.push_back({advice[k], k == 0});
  return line;
}

Line AppiLine(const AppiAssessment& a) {
  Line line;
  if (!a.grounds.empty()) {
    std::string grounds;
    for (const auto& g : a.grounds) grounds += "「" + g.name + "(" + Join(g.facts, "・") + ")」";
    line.push_back({"発表の内容からは、報告対象事態の要件のうち" + grounds + "に当たることから、"});
    line.push_back(
        {"個人情報保護法に基づく個人情報保護委員会への報告の対象となる事態に当たる可能性が高い",
         true});
    line.push_back({"と考えられます"});
  } else {
    line.push_back(
        {"発表の内容からは、個人情報保護委員会への報告が義務となる事態(要配慮個人情報、"
         "財産的被害のおそれ、不正の目的、1,000人超)のいずれかに当たるとは読み取れません"});
  }
  line.push_back({a.reported_to_ppc ? "(発表によれば、同委員会へは報告済みです)。"
                                    : "(発表には同委員会への報告についての記載はありません)。"});
  return line;
}

Line DamageLine(const DamageEstimate& d, const Lexicon& lex) {
  std::vector<std::string> items;
  for (const std::string& item : d.items) items.push_back(lex.Word("data_item", item));
  Line line;
  line.push_back({"JNSAの想定損害賠償額の算定式で試算すると、"});
  line.push_back({"1人当たり約" + GroupedNumber(d.per_person_yen) + "円", true});
  line.push_back({fmt::format(
      "(基礎情報価値{}×機微情報度{}[精神的苦痛レベル{}・経済的損失レベル{}: {}]×本人特定容易度{}"
      "×社会的責任度{}×事後対応評価{})",
      GroupedNumber(static_cast<int64_t>(d.base_yen)), fmt::format("{:g}", d.sensitivity), d.x, d.y,
      Join(items, "・"), d.identifiability, d.responsibility, d.response)});
  if (d.persons && d.total_yen) {
    line.push_back({"、" + CountPhrase(*d.persons, lex) + "では"});
    line.push_back({"総額約" + GroupedNumber(*d.total_yen) + "円", true});
    line.push_back({"となります(実際の賠償額ではなく、リスクの大きさの目安です)。"});
  } else {
    line.push_back({"となります(対象人数は発表に記載がありません)。"});
  }
  return line;
}

DigestItem MakeItem(store::Store& store, const Lexicon& lex, const CaseFile& c) {
  const store::ArticleRecord& r = c.primary;
  const model::Incident& inc = r.article.incident;
  DigestItem item;
  item.id = r.id;
  item.case_no = inc.case_no.value_or("");
  item.kind = inc.kind.value_or("");
  item.type = inc.type.value_or("other");
  item.title = r.article.title;
  item.org = inc.title_org.value_or("");
  item.date = c.date;
  std::set<std::string> seen_docs;
  for (const store::ArticleRecord& report : c.reports) {
    for (const std::string& url : report.article.incident.source_urls) {
      if (std::find(item.source_urls.begin(), item.source_urls.end(), url) ==
          item.source_urls.end()) {
        item.source_urls.push_back(url);
      }
    }
    if (seen_docs.insert(report.doc_sha256).second) {
      item.originals.push_back({PublicSource(report), report.doc_sha256});
    }
  }
  item.summary = Summary(r, lex);
  if (item.kind == "incident" && !item.case_no.empty()) {
    // A follow-up: the case had reports before the ones of this window (or this one says so).
    store::ListQuery q;
    q.case_no = item.case_no;
    q.limit = 0;
    std::set<int64_t> in_window;
    for (const store::ArticleRecord& report : c.reports) in_window.insert(report.id);
    if (auto all = store.List(q); all.ok()) {
      std::vector<store::ArticleRecord> earlier;
      const std::string first_here = [&] {
        std::string d;
        for (const auto& report : c.reports) {
          const auto& a = report.article.incident.announce_date;
          if (a && (d.empty() || *a < d)) d = *a;
        }
        return d;
      }();
      for (const store::ArticleRecord& o : *all) {
        const auto& od = o.article.incident.announce_date;
        if (in_window.count(o.id) || !od || first_here.empty() || *od >= first_here) continue;
        earlier.push_back(o);
      }
      std::sort(earlier.begin(), earlier.end(), [](const auto& a, const auto& b) {
        return *a.article.incident.announce_date < *b.article.incident.announce_date;
      });
      for (const store::ArticleRecord& o : earlier) {
        const model::Incident& oi = o.article.incident;
        item.earlier.push_back({o.id, oi.case_no.value_or(""), *oi.announce_date,
                                oi.title_org.value_or(""), o.article.title});
      }
    }
    item.follow_up = !item.earlier.empty() || inc.follow_up.has_value();
    if (!item.earlier.empty()) {
      const Citation& e = item.earlier.front();
      Line line;
      line.push_back({"本件は", false});
      line.push_back({JapaneseDate(e.date) + "に"});
      if (!e.org.empty()) line.push_back({e.org + "が"});
      line.push_back({"発表した「"});
      line.push_back({Clip(e.title, 40), false, true});
      line.push_back({"」(事件簿#" + e.case_no + ")の続報です。"});
      item.comment.push_back(std::move(line));
    }
  }
  if (item.kind == "incident") {
    item.similar = Similar(store, r);
    if (!item.similar.empty()) {
      item.comment.push_back(SimilarLine(item.similar, lex.Word("type_label", item.type)));
    }
  }
  if (const auto& advice = lex.Advice(item.type); !advice.empty()) {
    item.comment.push_back(AdviceLine(advice));
  }
  item.appi = AssessAppi(inc, lex);
  if (item.appi) item.comment.push_back(AppiLine(*item.appi));
  item.damage = EstimateDamage(inc, lex);
  if (item.damage) item.comment.push_back(DamageLine(*item.damage, lex));
  return item;
}

// --- Markdown

// Backslash-escapes what Markdown would read as markup in untrusted text.
}  // namespace

std::vector<Line> Summary(const store::ArticleRecord& r, const Lexicon& lex) {
  const model::Incident& inc = r.article.incident;
  std::vector<Line> lines = {Announcement(inc, lex)};
  if (inc.kind == "advisory") {
    lines.push_back(AdvisoryBody(r));
    lines.push_back(AdvisoryAction(inc));
  } else {
    lines.push_back(WhatHappened(inc, lex));
    lines.push_back(Response(inc, lex));
  }
  return lines;
}

std::string PlainText(const Line& line) {
  std::string out;
  for (const Run& run : line) out += run.text;
  return out;
}

std::string JapaneseDate(const std::string& iso) {
  auto digits = [&](size_t at, size_t n) {
    if (iso.size() < at + n) return false;
    return std::all_of(iso.begin() + at, iso.begin() + at + n,
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  auto number = [&](size_t at) {  // two digits without a leading zero
    return std::to_string((iso[at] - '0') * 10 + (iso[at + 1] - '0'));
  };
  if (!digits(0, 4)) return iso;
  std::string out = iso.substr(0, 4) + "年";
  if (iso.size() >= 7 && iso[4] == '-' && digits(5, 2)) out += number(5) + "月";
  if (iso.size() >= 10 && iso[7] == '-' && digits(8, 2)) out += number(8) + "日";
  return out;
}

Result<Digest> BuildDigest(store::Store& store, const Lexicon& lexicon, const CaseQuery& query) {
  JK_ASSIGN_OR_RETURN(std::vector<CaseFile> cases, CollectCases(store, query));
  return BuildDigest(store, lexicon, cases, query);
}

Digest BuildDigest(store::Store& store, const Lexicon& lexicon, const std::vector<CaseFile>& cases,
                   const CaseQuery& query) {
  Digest digest;
  digest.from = query.from;
  digest.to = query.to;
  for (const CaseFile& c : cases) digest.items.push_back(MakeItem(store, lexicon, c));
  digest.stats = ComputeStats(cases, "type");
  return digest;
}

nlohmann::ordered_json DigestJson(const Digest& d) {
  using json = nlohmann::ordered_json;
  json items = json::array();
  for (const DigestItem& item : d.items) {
    json summary = json::array(), comment = json::array(), originals = json::array();
    for (const Line& l : item.summary) summary.push_back(PlainText(l));
    for (const Line& l : item.comment) comment.push_back(PlainText(l));
    for (const auto& o : item.originals)
      originals.push_back({{"path", o.path}, {"sha256", o.sha256}});
    json similar = json::array(), earlier = json::array();
    for (const Citation& c : item.similar) {
      similar.push_back(
          {{"case_no", c.case_no}, {"date", c.date}, {"org", c.org}, {"title", c.title}});
    }
    for (const Citation& c : item.earlier) {
      earlier.push_back({{"id", c.id}, {"date", c.date}, {"org", c.org}, {"title", c.title}});
    }
    items.push_back(
        {{"case_no", item.case_no},
         {"id", item.id},
         {"kind", item.kind},
         {"type", item.type},
         {"title", item.title},
         {"follow_up", item.follow_up},
         {"earlier_reports", earlier},
         {"org", item.org},
         {"date", item.date},
         {"source_urls", item.source_urls},
         {"originals", originals},
         {"summary", summary},
         {"similar", similar},
         {"comment", comment},
         {"jnsa_per_person_yen", item.damage ? json(item.damage->per_person_yen) : json(nullptr)},
         {"jnsa_total_yen",
          item.damage && item.damage->total_yen ? json(*item.damage->total_yen) : json(nullptr)}});
  }
  return {{"from", d.from ? json(*d.from) : json(nullptr)},
          {"to", d.to ? json(*d.to) : json(nullptr)},
          {"items", items}};
}

}  // namespace jikenbo::report
