// The HTML pages of the web app: list, case page, search, dashboard, digest, indicators,
// archived originals.
#include "report/publish.h"
#include "report/timeline.h"
#include "serve/app_internal.h"

namespace jikenbo::serve {

Response App::Impl::ListPage(const Request& r) {
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const auto all = snapshot->Filter(f);
  size_t page = 1, per_page = 50;
  const auto shown = Page(all, r, &page, &per_page);
  const std::string type = f.types.empty() ? "" : f.types.front();
  std::string body =
      "<h1>事件簿</h1>\n<form class=\"filters\" method=\"get\" action=\"/\">" +
      Select("type", "種別", kTypes, type, lexicon, "type_label") +
      "<label>から(月)<input type=\"month\" name=\"from\" value=\"" +
      EscapeXml(f.from.value_or("")) +
      "\"></label><label>まで(月)<input type=\"month\" name=\"to\" value=\"" +
      EscapeXml(f.to.value_or("")) + "\"></label>" +
      Select("org_kind", "組織", kOrgKinds, f.org_kind.value_or(""), lexicon, "org_kind") +
      Select("data_item", "情報", kItems, f.data_item.value_or(""), lexicon, "data_item") +
      Select("reported_to", "報告先", kAuthorities, f.reported_to.value_or(""), lexicon,
             "authority") +
      "<label>キーワード<input type=\"search\" name=\"q\" value=\"" + EscapeXml(Param(r, "q")) +
      "\"></label><button>絞り込む</button></form>\n";
  body += fmt::format("<p class=\"count\" id=\"count\">{}件</p>\n", all.size());
  body +=
      "<table id=\"cases\"><tr><th>発表日</th><th>事件簿</th><th>種別</th><th>タイトル</th>"
      "<th>組織</th><th>影響</th></tr>\n";
  for (const report::CaseFile* c : shown) {
    const model::Incident& inc = c->primary.article.incident;
    body +=
        "<tr><td>" + EscapeXml(c->date) + "</td><td>" + EscapeXml(inc.case_no.value_or("-")) +
        "</td><td><span class=\"tag type\">" +
        EscapeXml(inc.kind == "incident" ? lexicon.Word("type_label", inc.type.value_or("other"))
                                         : inc.kind.value_or("")) +
        "</span></td><td><a href=\"" + EscapeXml(CaseLink(*c)) + "\">" +
        EscapeXml(c->primary.article.title) + "</a>" +
        (inc.doubts.empty()
             ? std::string()
             : " <span class=\"doubt\" title=\"" +
                   EscapeXml(std::to_string(inc.doubts.size()) + "項目が確度低") + "\">?</span>") +
        "</td><td>" + EscapeXml(inc.title_org.value_or("")) + "</td><td class=\"num\">" +
        EscapeXml(Affected(inc, lexicon)) + "</td></tr>\n";
  }
  body += "</table>\n<div class=\"pager\">";
  std::vector<std::pair<std::string, std::string>> params;
  for (const char* k :
       {"type", "from", "to", "org_kind", "data_item", "reported_to", "q", "kind"}) {
    params.emplace_back(k, Param(r, k));
  }
  auto link = [&](size_t p) {
    auto q = params;
    q.emplace_back("page", std::to_string(p));
    return "/" + Query(q);
  };
  if (page > 1) body += "<a rel=\"prev\" href=\"" + EscapeXml(link(page - 1)) + "\">← 前へ</a>";
  if (page * per_page < all.size()) {
    body += "<a rel=\"next\" href=\"" + EscapeXml(link(page + 1)) + "\">次へ →</a>";
  }
  body += "</div>";
  return {200, "text/html; charset=utf-8", Layout("事件簿", "list", body), {}};
}

// The case's reports in date order with what each changed, and the analysts' corrections of
// the case (経緯): shown when the case has more than one report or has been corrected.
static std::string CaseHistory(store::Store& store, const model::Incident& inc) {
  if (!inc.case_no) return "";
  store::ListQuery q;
  q.case_no = inc.case_no;
  q.limit = 0;
  auto reports = store.List(q);
  auto log = store.Log(*inc.case_no);
  std::string out;
  if (reports.ok() && reports->size() > 1) {
    const report::CaseView view = report::BuildCase(*reports);
    out +=
        "<h2>経緯</h2><table id=\"timeline\"><tr><th>日付</th><th>報告</th><th>種類</th>"
        "<th>変化</th></tr>";
    for (const report::TimelineEntry& e : view.timeline) {
      std::string changes;
      for (const std::string& c : e.changes) changes += "<li>" + EscapeXml(c) + "</li>";
      out += "<tr><td>" + EscapeXml(e.date.empty() ? "-" : e.date) +
             "</td><td><a href=\"/articles/" + std::to_string(e.article_id) + "\">" +
             EscapeXml(e.title) + "</a></td><td>" + EscapeXml(report::RoleLabel(e.role, true)) +
             "</td><td><ul>" + changes + "</ul></td></tr>";
    }
    out += "</table>";
    for (const std::string& c : view.conflicts) {
      out += "<p class=\"muted conflict\">" + EscapeXml(c) + "</p>";
    }
  }
  if (log.ok() && !log->empty()) {
    out += "<h2>修正履歴</h2><ul id=\"log\">";
    for (const store::LogEntry& e : *log) {
      std::string what = e.action == "edit" ? "#" + std::to_string(e.article_id) + " " + e.field +
                                                  ": " + e.old_value + " → " + e.new_value
                         : e.action == "merge" ? e.other + " を " + e.case_no + " に統合"
                         : e.action == "dismiss"
                             ? e.case_no + " と " + e.other + " は別の事案と判断"
                             : "#" + std::to_string(e.article_id) + " を " + e.case_no + " から " +
                                   e.other + " に分離";
      out += "<li>" + EscapeXml(e.at) + " " + EscapeXml(e.who) + ": " + EscapeXml(what) + "</li>";
    }
    out += "</ul>";
  }
  return out;
}

Response App::Impl::Feed(const Request& r) {
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  auto published = (*store)->Published(50);
  if (!published.ok()) return JsonError(500, "the casebook cannot be read");
  std::vector<report::Entry> entries;
  for (const auto& [case_no, at] : *published) {
    auto entry = report::LoadEntry(**store, case_no);
    if (!entry.ok()) continue;  // merged away since: its reports are in the kept case
    entry->published_at = at;
    entries.push_back(std::move(*entry));
  }
  // Links are absolute (Atom readers fetch them elsewhere): the Host the request named, if it
  // is a plain host[:port].
  std::string host = "127.0.0.1";
  if (auto h = r.headers.find("host");
      h != r.headers.end() && !h->second.empty() && h->second.size() < 256 &&
      h->second.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789.-:[]") == std::string::npos) {
    host = h->second;
  }
  const std::string updated =
      entries.empty() ? "1970-01-01T00:00:00Z" : entries.front().published_at;
  return {200,
          "application/atom+xml; charset=utf-8",
          report::AtomFeed(entries, "http://" + host, updated),
          {}};
}

Response App::Impl::CasePage(const Request& r, const report::CaseFile* c, int64_t article_id) {
  const auto session = SessionOf(r);
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  const int64_t id = c ? c->primary.id : article_id;
  auto rec = (*store)->Get(id);
  if (!rec.ok())
    return {404,
            "text/html; charset=utf-8",
            Layout("見つかりません", "", "<h1>見つかりません</h1>"),
            {}};
  const model::Article& a = rec->article;
  const model::Incident& inc = a.incident;
  std::vector<std::pair<std::string, model::Span>> spans;
  spans.emplace_back("title", a.title_span);
  for (const auto& e : inc.evidence) spans.emplace_back(e.field, e.span);
  for (const auto& x : inc.affected) spans.emplace_back("affected", x.evidence);
  for (const auto& x : inc.reported_to) spans.emplace_back("reported_to", x.evidence);
  for (const auto& x : inc.indicators) spans.emplace_back("indicators", x.evidence);
  for (const auto& x : inc.type_cues) {
    if (inc.type && x.type == *inc.type) spans.emplace_back("type", x.evidence);
  }
  std::set<std::string> with_evidence;
  for (const auto& [f, s] : spans) {
    if (s.begin < s.end) with_evidence.insert(f);
  }
  // A low-confidence value carries a 要確認 mark with the reason: what to check first.
  auto doubt = [&](const std::string& name) -> std::string {
    const model::FieldConfidence conf = model::ConfidenceOf(inc, name);
    if (!conf.low) return "";
    return " <span class=\"doubt\" title=\"" + EscapeXml("確度低: " + conf.reason) +
           "\">要確認</span><span class=\"muted reason\">" + EscapeXml(conf.reason) + "</span>";
  };
  auto field = [&](const std::string& name, const std::string& label, const std::string& value) {
    const std::string edit = EditControl(session, rec->id, name, inc);
    if (value.empty()) {
      return "<dt>" + EscapeXml(label) + "</dt><dd class=\"muted\">-" + doubt(name) + edit +
             "</dd>";
    }
    const std::string v = EscapeXml(value);
    return "<dt>" + EscapeXml(label) + "</dt><dd>" +
           (with_evidence.count(name)
                ? "<button class=\"ev\" type=\"button\" data-ev=\"" + name + "\">" + v + "</button>"
                : v) +
           doubt(name) + edit + "</dd>";
  };
  auto join = [](const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
  };
  std::vector<std::string> items, authorities, affected;
  for (const auto& i : inc.data_items) items.push_back(lexicon.Word("data_item", i));
  for (const auto& x : inc.reported_to)
    authorities.push_back(lexicon.Word("authority", x.authority));
  for (const auto& x : inc.affected) {
    affected.push_back(report::GroupedNumber(x.count) + " " + x.unit + " (" +
                       model::QualifierName(x.qualifier) + ")");
  }
  std::string body = "<h1>" + EscapeXml(a.title) + "</h1>\n<dl class=\"fields\">";
  body += field("case_no", "事件簿番号", inc.case_no.value_or(""));
  body += field("kind", "区分", inc.kind.value_or(""));
  body += field("type", "種別",
                inc.type ? lexicon.Word("type_label", *inc.type) + " (" + *inc.type + ")" : "");
  body += field("title_org", "発表組織", inc.title_org.value_or(""));
  body += field("victim_orgs", "被害組織", join(inc.victim_orgs, "、"));
  body +=
      field("org_kind", "組織の種類", inc.org_kind ? lexicon.Word("org_kind", *inc.org_kind) : "");
  body += field("announce_date", "発表日", inc.announce_date.value_or(""));
  body += field("incident_date", "発生・判明日", inc.incident_date.value_or(""));
  body += field("affected", "影響", join(affected, "、"));
  body += field("data_items", "漏えい等した情報", join(items, "、"));
  body += field("reported_to", "報告先", join(authorities, "、"));
  body += field("cause", "原因", inc.cause.value_or(""));
  body += field("countermeasures", "対策", join(inc.countermeasures, " / "));
  body += field("compensation_jpy_per_person", "補償(1人当たり)",
                inc.compensation_jpy_per_person
                    ? report::GroupedNumber(*inc.compensation_jpy_per_person) + "円"
                    : "");
  body += "</dl>\n";
  body += EditPanel(session, r, inc, **store);
  body += CaseHistory(**store, inc);
  if (!inc.source_urls.empty()) {
    body += "<h2>出典</h2><ul>";
    for (const std::string& url : inc.source_urls) {
      const bool safe = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
      body += safe ? "<li><a href=\"" + EscapeXml(url) +
                         "\" rel=\"noopener noreferrer nofollow\">" + EscapeXml(url) + "</a></li>"
                   : "<li>" + EscapeXml(url) + "</li>";
    }
    body += "</ul>";
  }
  body += "<h2>原文アーカイブ</h2><p><a href=\"/archive/" + EscapeXml(rec->doc_sha256) + "\">" +
          EscapeXml(report::PublicSource(*rec)) +
          "</a> <span class=\"muted\">sha256:" + EscapeXml(rec->doc_sha256.substr(0, 16)) +
          "</span></p>";
  if (auto links = (*store)->Links(rec->id); links.ok() && !links->empty()) {
    body += "<h2>関連</h2><ul id=\"links\">";
    for (const auto& l : *links) {
      const int64_t other = l.article_id == rec->id ? l.other_id : l.article_id;
      auto o = (*store)->Get(other);
      if (!o.ok()) continue;
      body += "<li>" +
              std::string(l.relation == "same_incident"   ? "同一事案の報告: "
                          : l.relation == "possible_same" ? "同一事案の可能性: "
                                                          : "関連する事案: ") +
              "<a href=\"/articles/" + std::to_string(other) + "\">" +
              EscapeXml(o->article.incident.case_no.value_or("-")) + " " +
              EscapeXml(o->article.title) + "</a> <span class=\"muted\">" + EscapeXml(l.reason) +
              "</span></li>";
    }
    body += "</ul>";
  }
  if (!inc.indicators.empty()) {
    body +=
        "<h2>指標</h2><table "
        "id=\"indicators\"><tr><th>種類</th><th>値</th><th>役割</th><th>タグ</th><th></th></tr>";
    for (const auto& i : inc.indicators) {
      extract::Ioc ioc;
      ioc.type = i.type;
      ioc.value = i.value;
      const std::string defanged = extract::Defang(ioc);
      body += "<tr><td>" + EscapeXml(i.type) + "</td><td>" + EscapeXml(defanged) +
              "</td><td class=\"role\" title=\"" + EscapeXml(i.role_reason) + "\">" +
              EscapeXml(i.role) + "</td><td>" + EscapeXml(join(i.tags, ", ")) +
              "</td><td><button class=\"copy\" type=\"button\" data-copy=\"" + EscapeXml(defanged) +
              "\">無害化してコピー</button></td></tr>";
    }
    body += "</table>";
  }
  body +=
      "<h2>本文</h2><p class=\"muted\">項目の値をクリックすると、根拠となる箇所が強調されます。</p>"
      "<pre class=\"notice\" id=\"notice\">" +
      MarkedText(a, spans) + "</pre>";
  return {200, "text/html; charset=utf-8", Layout(a.title, "list", body), {}};
}

Response App::Impl::SearchPage(const Request& r) {
  const std::string q = Param(r, "q");
  std::string body =
      "<h1>検索</h1><form class=\"filters\" method=\"get\" action=\"/search\">"
      "<label>語句<input type=\"search\" name=\"q\" value=\"" +
      EscapeXml(q) + "\" autofocus></label><button>検索</button></form>\n";
  if (!q.empty()) {
    auto store = pool.Acquire();
    if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
    auto hits = (*store)->Search(q, 100);
    if (!hits.ok()) throw BadRequest{400, hits.status().what()};
    body += fmt::format("<p class=\"count\" id=\"count\">{}件</p><ol id=\"hits\">", hits->size());
    for (const store::SearchHit& h : *hits) {
      std::string snippet;
      size_t at = 0;
      for (const auto& [b, e] : h.highlights) {
        if (b < at || e > h.snippet.size()) continue;
        snippet += EscapeXml(h.snippet.substr(at, b - at)) + "<mark>" +
                   EscapeXml(h.snippet.substr(b, e - b)) + "</mark>";
        at = e;
      }
      snippet += EscapeXml(h.snippet.substr(std::min(at, h.snippet.size())));
      body += "<li><a href=\"/articles/" + std::to_string(h.record.id) + "\">" +
              EscapeXml(h.record.article.title) + "</a> <span class=\"muted\">" +
              EscapeXml(h.record.article.incident.case_no.value_or("")) +
              "</span><div class=\"snippet\">" + snippet + "</div></li>";
    }
    body += "</ol>";
  }
  return {200, "text/html; charset=utf-8", Layout("検索", "search", body), {}};
}

Response App::Impl::Dashboard(const Request& r) {
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const report::Stats by_type = report::ComputeStats(snapshot->Filter(f), "type");
  report::Stats monthly = by_type;
  monthly.by = "month";
  std::string body =
      "<h1>ダッシュボード</h1><form class=\"filters\" method=\"get\" "
      "action=\"/dashboard\"><label>から(月)<input type=\"month\" name=\"from\" "
      "value=\"" +
      EscapeXml(f.from.value_or("")) +
      "\"></label><label>まで(月)<input type=\"month\" name=\"to\" value=\"" +
      EscapeXml(f.to.value_or("")) + "\"></label><button>表示</button></form>";
  const report::StatRow& t = by_type.total;
  body += fmt::format(
      "<div class=\"cards\" id=\"totals\"><div class=\"card\"><b>{}</b>インシデント</div>"
      "<div class=\"card\"><b>{}</b>人</div><div class=\"card\"><b>{}</b>件(記録)</div>"
      "<div class=\"card\"><b>{}</b>件(カード)</div><div class=\"card\"><b>{}</b>PPC報告</div>"
      "</div>",
      t.incidents, report::GroupedNumber(t.persons), report::GroupedNumber(t.records),
      report::GroupedNumber(t.cards),
      t.incidents == 0 ? std::string("-")
                       : fmt::format("{:.0f}%", 100.0 * t.reported_to_ppc / t.incidents));
  body += "<div class=\"chart\" id=\"monthly\">" + report::StatsSvg(monthly, lexicon) + "</div>";
  body += "<div class=\"chart\" id=\"types\">" + report::StatsSvg(by_type, lexicon) + "</div>";
  body += "<h2>多い情報の種類</h2><table><tr><th>情報</th><th>件数</th></tr>";
  for (size_t k = 0; k < by_type.top_data_items.size() && k < 10; ++k) {
    body += "<tr><td>" + EscapeXml(lexicon.Word("data_item", by_type.top_data_items[k].first)) +
            "</td><td class=\"num\">" + std::to_string(by_type.top_data_items[k].second) +
            "</td></tr>";
  }
  body += "</table>";
  return {200, "text/html; charset=utf-8", Layout("ダッシュボード", "dashboard", body), {}};
}

Response App::Impl::DigestPage(const Request& r, const std::string& format) {
  report::CaseQuery q = Window(r);
  const auto snapshot = catalog.Get();
  if (!q.from && !q.to && format != "api") {  // a window is needed; default: the latest month
    for (const report::CaseFile& c : snapshot->cases) {
      if (c.date.size() >= 7) {
        q.from = q.to = c.date.substr(0, 7);
        break;
      }
    }
  }
  CaseFilter f;
  f.from = q.from;
  f.to = q.to;
  f.types = q.types;
  std::vector<report::CaseFile> cases;
  for (const report::CaseFile* c : snapshot->Filter(f)) {
    const auto& kind = c->primary.article.incident.kind;
    if (kind == "incident" || kind == "advisory") cases.push_back(*c);
  }
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  const report::Digest d = report::BuildDigest(**store, lexicon, cases, q);
  if (format == "md") {
    return {200,
            "text/markdown; charset=utf-8",
            report::DigestMarkdown(d, lexicon),
            {{"Content-Disposition", "attachment; filename=\"digest.md\""}}};
  }
  if (format == "html") {
    return {200,
            "text/html; charset=utf-8",
            report::DigestHtml(d, lexicon),
            {{"Content-Disposition", "attachment; filename=\"digest.html\""}}};
  }
  if (format == "api") {
    json out = report::DigestJson(d);
    out["markdown"] = report::DigestMarkdown(d, lexicon);
    return JsonResponse(200, out);
  }
  std::vector<std::pair<std::string, std::string>> params = {{"from", q.from.value_or("")},
                                                             {"to", q.to.value_or("")}};
  for (const std::string& t : q.types) params.emplace_back("type", t);
  std::string body =
      "<form class=\"filters\" method=\"get\" action=\"/digest\">"
      "<label>から<input type=\"month\" name=\"from\" value=\"" +
      EscapeXml(q.from.value_or("")) +
      "\"></label><label>まで<input type=\"month\" name=\"to\" value=\"" +
      EscapeXml(q.to.value_or("")) + "\"></label>" +
      Select("type", "種別", kTypes, q.types.empty() ? "" : q.types.front(), lexicon,
             "type_label") +
      "<button>表示</button> <a href=\"/digest.md" + EscapeXml(Query(params)) +
      "\">Markdown</a> <a href=\"/digest.html" + EscapeXml(Query(params)) +
      "\">HTML</a></form>\n<div id=\"digest\">" + report::DigestHtmlContent(d, lexicon) + "</div>";
  return {200, "text/html; charset=utf-8", Layout("ダイジェスト", "digest", body), {}};
}

Response App::Impl::IndicatorsPage(const Request& r, bool api) {
  const std::string type = Param(r, "type");
  const std::string tag = Param(r, "tag");
  const std::string role = Param(r, "role");
  const std::string format = Param(r, "format");
  struct Seen {
    std::string type, value, role, reason;  // malicious in any report: malicious
    std::set<std::string> tags;
    std::vector<std::string> cases;
  };
  std::map<std::pair<std::string, std::string>, Seen> by_value;
  const auto snapshot = catalog.Get();
  for (const report::CaseFile& c : snapshot->cases) {
    for (const auto& rep : c.reports) {
      for (const auto& i : rep.article.incident.indicators) {
        if (!type.empty() && i.type != type) continue;
        if (!tag.empty() && std::find(i.tags.begin(), i.tags.end(), tag) == i.tags.end()) continue;
        Seen& s = by_value[{i.type, i.value}];
        s.type = i.type;
        s.value = i.value;
        if (s.role.empty() || (i.role == "malicious" && s.role != "malicious")) {
          s.role = i.role;
          s.reason = i.role_reason;
        }
        s.tags.insert(i.tags.begin(), i.tags.end());
        std::string ref = "#";
        ref.append(std::to_string(c.primary.id));
        if (c.primary.article.incident.case_no) ref = *c.primary.article.incident.case_no;
        if (std::find(s.cases.begin(), s.cases.end(), ref) == s.cases.end()) s.cases.push_back(ref);
      }
    }
  }
  std::vector<const Seen*> all;
  for (const auto& [k, s] : by_value) {
    if (role.empty() || s.role == role) all.push_back(&s);
  }
  if (api || format == "json" || format == "csv") {
    if (format == "csv") {
      std::string csv = "type,value,role,role_reason,tags,cases\r\n";
      auto field = [](std::string v) {
        if (!v.empty() && std::string_view("=+-@").find(v[0]) != std::string_view::npos)
          v = "'" + v;
        if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
        std::string q = "\"";
        for (char ch : v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return q + "\"";
      };
      for (const Seen* s : all) {
        std::string tags, cases;
        for (const auto& t : s->tags) tags += (tags.empty() ? "" : ";") + t;
        for (const auto& c : s->cases) cases += (cases.empty() ? "" : ";") + c;
        csv += field(s->type) + "," + field(s->value) + "," + field(s->role) + "," +
               field(s->reason) + "," + field(tags) + "," + field(cases) + "\r\n";
      }
      return {200,
              "text/csv; charset=utf-8",
              csv,
              {{"Content-Disposition", "attachment; filename=\"indicators.csv\""}}};
    }
    json out = json::array();
    for (const Seen* s : all) {
      out.push_back({{"type", s->type},
                     {"value", s->value},
                     {"role", s->role},
                     {"role_reason", s->reason},
                     {"tags", s->tags},
                     {"cases", s->cases}});
    }
    return JsonResponse(200, {{"total", all.size()}, {"indicators", out}});
  }
  static const std::vector<std::string> kIocTypes = extract::IocTypes();
  std::string body =
      "<h1>指標</h1><form class=\"filters\" method=\"get\" action=\"/indicators\">" +
      Select("type", "種類", kIocTypes, type, lexicon, "") +
      Select("role", "役割", extract::IocRoleNames(), role, lexicon, "") +
      "<label>タグ<input name=\"tag\" value=\"" + EscapeXml(tag) +
      "\" placeholder=\"discord_webhook\"></label><button>絞り込む</button> "
      "<a href=\"/indicators" +
      EscapeXml(Query({{"type", type}, {"tag", tag}, {"role", role}, {"format", "csv"}})) +
      "\">CSV</a></form>";
  body += fmt::format("<p class=\"count\" id=\"count\">{}件</p>", all.size());
  body +=
      "<table "
      "id=\"indicators\"><tr><th>種類</th><th>値(無害化)</th><th>役割</th><th>タグ</th><th>事件簿</"
      "th><th></th></tr>";
  size_t shown = 0;
  for (const Seen* s : all) {
    if (++shown > 1000) break;
    extract::Ioc ioc;
    ioc.type = s->type;
    ioc.value = s->value;
    const std::string defanged = extract::Defang(ioc);
    std::string tags, cases;
    for (const auto& t : s->tags) tags += "<span class=\"tag\">" + EscapeXml(t) + "</span>";
    for (const auto& c : s->cases) {
      cases += (cases.empty() ? "" : " ") +
               (c[0] == '#' ? "<a href=\"/articles/" + EscapeXml(c.substr(1)) + "\">" +
                                  EscapeXml(c) + "</a>"
                            : "<a href=\"/cases/" + EscapeXml(c) + "\">" + EscapeXml(c) + "</a>");
    }
    body += "<tr><td>" + EscapeXml(s->type) + "</td><td>" + EscapeXml(defanged) +
            "</td><td class=\"role\" title=\"" + EscapeXml(s->reason) + "\">" + EscapeXml(s->role) +
            "</td><td>" + tags + "</td><td>" + cases +
            "</td><td><button class=\"copy\" type=\"button\" data-copy=\"" + EscapeXml(defanged) +
            "\">コピー</button></td></tr>";
  }
  body += "</table>";
  return {200, "text/html; charset=utf-8", Layout("指標", "indicators", body), {}};
}

Response App::Impl::Archive(const std::string& sha256) {
  if (sha256.size() != 64 || !std::all_of(sha256.begin(), sha256.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      })) {
    return JsonError(400, "not a SHA-256");
  }
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  auto docs = (*store)->Archived(sha256);
  if (!docs.ok() || docs->empty()) return JsonError(404, "no such archived document");
  const model::Document& d = docs->front().document;
  std::string name = Basename(d.path);
  for (char& c : name) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  // Always a download: an archived page may be hostile HTML, never rendered on this origin.
  return {200,
          "application/octet-stream",
          d.bytes,
          {{"Content-Disposition", "attachment; filename=\"" + name + "\""}}};
}

}  // namespace jikenbo::serve
