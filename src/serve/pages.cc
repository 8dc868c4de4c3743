// The HTML pages of the web app: list, case page, search, dashboard, digest, indicators,
// archived originals.
#include "report/publish.h"
#include "report/timeline.h"
#include "serve/app_internal.h"

namespace jikenbo::serve {
namespace {

// The most reports a case page's history, and links its list of related reports, show.
constexpr size_t kMaxShown = 100;

// The from/to month inputs of a filter form.
std::string MonthInputs(const Tr& tr, const std::optional<std::string>& from,
                        const std::optional<std::string>& to) {
  return "<label>" + EscapeXml(tr("filter.from")) + "<input type=\"month\" name=\"from\" value=\"" +
         EscapeXml(from.value_or("")) + "\"></label><label>" + EscapeXml(tr("filter.to")) +
         "<input type=\"month\" name=\"to\" value=\"" + EscapeXml(to.value_or("")) + "\"></label>";
}

// A button that copies an indicator, defanged; app.js says "copied" in the page's language.
std::string CopyButton(const Tr& tr, const std::string& defanged) {
  return "<button class=\"copy\" type=\"button\" data-copy=\"" + EscapeXml(defanged) +
         "\" data-done=\"" + EscapeXml(tr("ioc.copied")) + "\">" + EscapeXml(tr("ioc.copy")) +
         "</button>";
}

}  // namespace

Response App::Impl::ListPage(const Request& r) {
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const auto all = snapshot->Filter(f);
  size_t page = 1, per_page = 50;
  const std::vector<CaseHead> shown = Heads(*snapshot, Page(all, r, &page, &per_page));
  const Tr tr = T(r);
  const std::string type = f.types.empty() ? "" : f.types.front();
  std::string body = "<h1>" + EscapeXml(tr("list.title")) +
                     "</h1>\n<form class=\"filters\" method=\"get\" action=\"/\">" +
                     Select("type", tr("field.type"), kTypes, type, tr, "type_label") +
                     MonthInputs(tr, f.from, f.to) +
                     Select("org_kind", tr("filter.org_kind"), kOrgKinds, f.org_kind.value_or(""),
                            tr, "org_kind") +
                     Select("data_item", tr("filter.data_item"), kItems, f.data_item.value_or(""),
                            tr, "data_item") +
                     Select("reported_to", tr("field.reported_to"), kAuthorities,
                            f.reported_to.value_or(""), tr, "authority") +
                     "<label>" + EscapeXml(tr("filter.keyword")) +
                     "<input type=\"search\" name=\"q\" value=\"" + EscapeXml(Param(r, "q")) +
                     "\"></label><button>" + EscapeXml(tr("filter.apply")) + "</button></form>\n";
  body += "<p class=\"count\" id=\"count\">" +
          EscapeXml(tr("list.count", {std::to_string(all.size())})) + "</p>\n";
  body += "<table id=\"cases\"><tr>";
  for (const char* h : {"field.announce_date", "list.case_no", "field.type", "list.headline",
                        "list.org", "field.affected"}) {
    body += "<th>" + EscapeXml(tr(h)) + "</th>";
  }
  body += "</tr>\n";
  for (const CaseHead& h : shown) {
    const report::CaseFile& c = h.head;
    const model::Incident& inc = c.primary.article.incident;
    body += "<tr><td>" + EscapeXml(c.date) + "</td><td>" + EscapeXml(inc.case_no.value_or("-")) +
            "</td><td><span class=\"tag type\">" +
            EscapeXml(inc.kind == "incident" ? tr.Word("type_label", inc.type.value_or("other"))
                                             : tr.Word("kind", inc.kind.value_or(""))) +
            "</span></td><td><a href=\"" + EscapeXml(CaseLink(c)) + "\">" +
            EscapeXml(c.primary.article.title) + "</a>" +
            (inc.doubts.empty()
                 ? std::string()
                 : " <span class=\"doubt\" title=\"" +
                       EscapeXml(tr("list.doubts", {std::to_string(inc.doubts.size())})) +
                       "\">?</span>") +
            "</td><td>" + EscapeXml(inc.title_org.value_or("")) + "</td><td class=\"num\">" +
            EscapeXml(Affected(inc, tr)) + "</td></tr>\n";
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
  if (page > 1) {
    body += "<a rel=\"prev\" href=\"" + EscapeXml(link(page - 1)) + "\">" +
            EscapeXml(tr("list.prev")) + "</a>";
  }
  if (page * per_page < all.size()) {
    body += "<a rel=\"next\" href=\"" + EscapeXml(link(page + 1)) + "\">" +
            EscapeXml(tr("list.next")) + "</a>";
  }
  body += "</div>";
  return {200, "text/html; charset=utf-8", Layout(r, tr("list.title"), "list", body), {}};
}

// The case's reports in date order with what each changed, and the analysts' corrections of
// the case (経緯): shown when the case has more than one report or has been corrected.
static std::string CaseHistory(store::Store& store, const model::Incident& inc, const Tr& tr) {
  if (!inc.case_no) return "";
  store::ListQuery q;
  q.case_no = inc.case_no;
  q.limit = kMaxShown + 1;  // a case of thousands of reports: the first kMaxShown, and a note
  auto reports = store.List(q);
  const bool more = reports.ok() && reports->size() > kMaxShown;
  if (more) reports->resize(kMaxShown);
  auto log = store.Log(*inc.case_no);
  std::string out;
  if (reports.ok() && reports->size() > 1) {
    const report::CaseView view = report::BuildCase(*reports);
    out += "<h2>" + EscapeXml(tr("history.title")) + "</h2><table id=\"timeline\"><tr>";
    for (const char* h : {"history.date", "history.report", "history.role", "history.changes"}) {
      out += "<th>" + EscapeXml(tr(h)) + "</th>";
    }
    out += "</tr>";
    for (const report::TimelineEntry& e : view.timeline) {
      std::string changes;
      for (const std::string& c : e.changes) {
        changes += "<li>" + EscapeXml(tr.Phrase(c)) + "</li>";
      }
      out += "<tr><td>" + EscapeXml(e.date.empty() ? "-" : e.date) +
             "</td><td><a href=\"/articles/" + std::to_string(e.article_id) + "\">" +
             EscapeXml(e.title) + "</a></td><td>" +
             EscapeXml(report::RoleLabel(e.role, tr.lang() == Lang::kJa)) + "</td><td><ul>" +
             changes + "</ul></td></tr>";
    }
    out += "</table>";
    if (more) {
      out += "<p class=\"muted\" id=\"more-reports\">" +
             EscapeXml(tr("history.more", {std::to_string(kMaxShown)})) + "</p>";
    }
    for (const std::string& c : view.conflicts) {
      out += "<p class=\"muted conflict\">" + EscapeXml(tr.Phrase(c)) + "</p>";
    }
  }
  if (log.ok() && !log->empty()) {
    out += "<h2>" + EscapeXml(tr("history.log")) + "</h2><ul id=\"log\">";
    for (const store::LogEntry& e : *log) {
      const std::string article = "#" + std::to_string(e.article_id);
      std::string what = e.action == "edit"
                             ? article + " " + e.field + ": " + e.old_value + " → " + e.new_value
                         : e.action == "merge"   ? tr("log.merge", {e.other, e.case_no})
                         : e.action == "dismiss" ? tr("log.dismiss", {e.case_no, e.other})
                                                 : tr("log.split", {article, e.case_no, e.other});
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

Response App::Impl::CasePage(const Request& r, int64_t id) {
  const auto session = SessionOf(r);
  const Tr tr = T(r);
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  auto rec = (*store)->Get(id);
  if (!rec.ok()) return NotFoundPage(r);
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
    const std::string reason = tr.Phrase(conf.reason);
    return " <span class=\"doubt\" title=\"" + EscapeXml(tr("case.low_confidence", {reason})) +
           "\">" + EscapeXml(tr("case.check")) + "</span><span class=\"muted reason\">" +
           EscapeXml(reason) + "</span>";
  };
  auto field = [&](const std::string& name, const std::string& value) {
    const std::string label = tr("field." + name);
    const std::string edit = EditControl(tr, session, rec->id, name, inc);
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
  for (const auto& i : inc.data_items) items.push_back(tr.Word("data_item", i));
  for (const auto& x : inc.reported_to) authorities.push_back(tr.Word("authority", x.authority));
  for (const auto& x : inc.affected) {
    model::Incident one;
    one.affected = {x};
    affected.push_back(Affected(one, tr));
  }
  std::string body = "<h1>" + EscapeXml(a.title) + "</h1>\n<dl class=\"fields\">";
  const std::string sep = tr.lang() == Lang::kJa ? "、" : ", ";
  body += field("case_no", inc.case_no.value_or(""));
  body += field("kind", inc.kind ? tr.Word("kind", *inc.kind) : "");
  body += field("type", inc.type ? tr.Word("type_label", *inc.type) + " (" + *inc.type + ")" : "");
  body += field("title_org", inc.title_org.value_or(""));
  body += field("victim_orgs", join(inc.victim_orgs, sep.c_str()));
  body += field("org_kind", inc.org_kind ? tr.Word("org_kind", *inc.org_kind) : "");
  body += field("announce_date", inc.announce_date.value_or(""));
  body += field("incident_date", inc.incident_date.value_or(""));
  body += field("affected", join(affected, sep.c_str()));
  body += field("data_items", join(items, sep.c_str()));
  body += field("reported_to", join(authorities, sep.c_str()));
  body += field("cause", inc.cause.value_or(""));
  body += field("countermeasures", join(inc.countermeasures, " / "));
  body += field("compensation_jpy_per_person",
                inc.compensation_jpy_per_person
                    ? tr("case.yen", {report::GroupedNumber(*inc.compensation_jpy_per_person)})
                    : "");
  body += "</dl>\n";
  body += EditPanel(tr, session, r, inc, **store);
  body += CaseHistory(**store, inc, tr);
  if (!inc.source_urls.empty()) {
    body += "<h2>" + EscapeXml(tr("case.sources")) + "</h2><ul>";
    for (const std::string& url : inc.source_urls) {
      const bool safe = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
      body += safe ? "<li><a href=\"" + EscapeXml(url) +
                         "\" rel=\"noopener noreferrer nofollow\">" + EscapeXml(url) + "</a></li>"
                   : "<li>" + EscapeXml(url) + "</li>";
    }
    body += "</ul>";
  }
  body += "<h2>" + EscapeXml(tr("case.archive")) + "</h2><p><a href=\"/archive/" +
          EscapeXml(rec->doc_sha256) + "\">" + EscapeXml(report::PublicSource(*rec)) +
          "</a> <span class=\"muted\">sha256:" + EscapeXml(rec->doc_sha256.substr(0, 16)) +
          "</span></p>";
  if (auto links = (*store)->Links(rec->id); links.ok() && !links->empty()) {
    body += "<h2>" + EscapeXml(tr("case.related")) + "</h2><ul id=\"links\">";
    auto other_of = [&](const casebook::Link& l) {
      return l.article_id == rec->id ? l.other_id : l.article_id;
    };
    std::vector<int64_t> ids;  // the shown links' other reports, read together
    for (size_t k = 0; k < links->size() && k < kMaxShown; ++k)
      ids.push_back(other_of((*links)[k]));
    std::unordered_map<int64_t, store::ArticleRecord> others;
    if (auto got = (*store)->GetMany(ids); got.ok()) {
      for (auto& o : *got) others.emplace(o.id, std::move(o));
    }
    size_t shown = 0;
    for (const auto& l : *links) {
      if (shown++ == kMaxShown) {
        body += "<li class=\"muted\" id=\"more-links\">" +
                EscapeXml(tr("case.more_links", {std::to_string(links->size() - kMaxShown)})) +
                "</li>";
        break;
      }
      const int64_t other = other_of(l);
      const auto o = others.find(other);
      if (o == others.end()) continue;
      body += "<li>" +
              EscapeXml(tr(l.relation == "same_incident"   ? "case.same_incident"
                           : l.relation == "possible_same" ? "case.possible_same"
                                                           : "case.related_case")) +
              " " + "<a href=\"/articles/" + std::to_string(other) + "\">" +
              EscapeXml(o->second.article.incident.case_no.value_or("-")) + " " +
              EscapeXml(o->second.article.title) + "</a> <span class=\"muted\">" +
              EscapeXml(tr.Phrase(l.reason)) + "</span></li>";
    }
    body += "</ul>";
  }
  if (!inc.indicators.empty()) {
    body += "<h2>" + EscapeXml(tr("nav.indicators")) + "</h2><table id=\"indicators\"><tr>";
    for (const char* h : {"ioc.type", "ioc.value", "ioc.role", "ioc.tags"}) {
      body += "<th>" + EscapeXml(tr(h)) + "</th>";
    }
    body += "<th></th></tr>";
    for (const auto& i : inc.indicators) {
      extract::Ioc ioc;
      ioc.type = i.type;
      ioc.value = i.value;
      const std::string defanged = extract::Defang(ioc);
      body += "<tr><td>" + EscapeXml(i.type) + "</td><td>" + EscapeXml(defanged) +
              "</td><td class=\"role\" title=\"" + EscapeXml(i.role_reason) + "\">" +
              EscapeXml(tr.Word("ioc_role", i.role)) + "</td><td>" + EscapeXml(join(i.tags, ", ")) +
              "</td><td>" + CopyButton(tr, defanged) + "</td></tr>";
    }
    body += "</table>";
  }
  body += "<h2>" + EscapeXml(tr("case.text")) + "</h2><p class=\"muted\">" +
          EscapeXml(tr("case.click_hint")) + "</p><pre class=\"notice\" id=\"notice\">" +
          MarkedText(a, spans) + "</pre>";
  return {200, "text/html; charset=utf-8", Layout(r, a.title, "list", body), {}};
}

Response App::Impl::SearchPage(const Request& r) {
  const Tr tr = T(r);
  const std::string q = Param(r, "q");
  std::string body = "<h1>" + EscapeXml(tr("nav.search")) +
                     "</h1><form class=\"filters\" method=\"get\" action=\"/search\"><label>" +
                     EscapeXml(tr("search.words")) + "<input type=\"search\" name=\"q\" value=\"" +
                     EscapeXml(q) + "\" autofocus></label><button>" + EscapeXml(tr("search.go")) +
                     "</button></form>\n";
  if (!q.empty()) {
    auto store = pool.Acquire();
    if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
    auto hits = (*store)->Search(q, 100);
    if (!hits.ok()) throw BadRequest{400, hits.status().what()};
    body += "<p class=\"count\" id=\"count\">" +
            EscapeXml(tr("search.count", {std::to_string(hits->size())})) + "</p><ol id=\"hits\">";
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
  return {200, "text/html; charset=utf-8", Layout(r, tr("nav.search"), "search", body), {}};
}

Response App::Impl::Dashboard(const Request& r) {
  const Tr tr = T(r);
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const report::Stats by_type = snapshot->Stats(snapshot->Filter(f), "type");
  report::Stats monthly = by_type;
  monthly.by = "month";
  std::string body = "<h1>" + EscapeXml(tr("nav.dashboard")) +
                     "</h1><form class=\"filters\" method=\"get\" action=\"/dashboard\">" +
                     MonthInputs(tr, f.from, f.to) + "<button>" + EscapeXml(tr("filter.show")) +
                     "</button></form>";
  const report::StatRow& t = by_type.total;
  body += "<div class=\"cards\" id=\"totals\">";
  for (const auto& [value, key] : std::vector<std::pair<std::string, const char*>>{
           {std::to_string(t.incidents), "dashboard.incidents"},
           {report::GroupedNumber(t.persons), "dashboard.persons"},
           {report::GroupedNumber(t.records), "dashboard.records"},
           {report::GroupedNumber(t.cards), "dashboard.cards"},
           {t.incidents == 0 ? std::string("-")
                             : fmt::format("{:.0f}%", 100.0 * t.reported_to_ppc / t.incidents),
            "dashboard.ppc"}}) {
    body += "<div class=\"card\"><b>" + EscapeXml(value) + "</b>" + EscapeXml(tr(key)) + "</div>";
  }
  body += "</div>";
  body +=
      "<div class=\"chart\" id=\"monthly\">" + report::StatsSvg(monthly, tr.lexicon()) + "</div>";
  body += "<div class=\"chart\" id=\"types\">" + report::StatsSvg(by_type, tr.lexicon()) + "</div>";
  body += "<h2>" + EscapeXml(tr("dashboard.top_items")) + "</h2><table id=\"items\"><tr><th>" +
          EscapeXml(tr("filter.data_item")) + "</th><th>" + EscapeXml(tr("dashboard.count")) +
          "</th></tr>";
  for (size_t k = 0; k < by_type.top_data_items.size() && k < 10; ++k) {
    body += "<tr><td>" + EscapeXml(tr.Word("data_item", by_type.top_data_items[k].first)) +
            "</td><td class=\"num\">" + std::to_string(by_type.top_data_items[k].second) +
            "</td></tr>";
  }
  body += "</table>";
  return {200, "text/html; charset=utf-8", Layout(r, tr("nav.dashboard"), "dashboard", body), {}};
}

Response App::Impl::DigestPage(const Request& r, const std::string& format) {
  report::CaseQuery q = Window(r);
  const auto snapshot = catalog.Get();
  if (!q.from && !q.to && format != "api") {  // a window is needed; default: the latest month
    for (const CaseRow& c : snapshot->rows) {
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
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  // The window's incidents and advisories, their reports whole (an advisory's digest entry
  // quotes its body).
  std::vector<const CaseRow*> rows;
  const auto incident = snapshot->kinds.Find("incident"),
             advisory = snapshot->kinds.Find("advisory");
  for (const CaseRow* c : snapshot->Filter(f)) {
    if (c->kind == incident || c->kind == advisory) rows.push_back(c);
  }
  auto read = ReadCases(**store, rows, Detail::kWhole);
  if (!read.ok()) return JsonError(500, "the casebook cannot be read");
  const std::vector<report::CaseFile> cases = std::move(*read);
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
  const Tr tr = T(r);
  // The digest itself is Japanese prose (lang="ja" inside an English page).
  std::string body =
      "<h1>" + EscapeXml(tr("nav.digest")) +
      "</h1><form class=\"filters\" method=\"get\" action=\"/digest\">" +
      MonthInputs(tr, q.from, q.to) +
      Select("type", tr("field.type"), kTypes, q.types.empty() ? "" : q.types.front(), tr,
             "type_label") +
      "<button>" + EscapeXml(tr("filter.show")) + "</button> <a href=\"/digest.md" +
      EscapeXml(Query(params)) + "\">Markdown</a> <a href=\"/digest.html" +
      EscapeXml(Query(params)) + "\">HTML</a></form>\n" +
      (tr.lang() == Lang::kJa ? ""
                              : "<p class=\"muted\">" + EscapeXml(tr("digest.japanese")) + "</p>") +
      "<div id=\"digest\" lang=\"ja\">" + report::DigestHtmlContent(d, lexicon) + "</div>";
  return {200, "text/html; charset=utf-8", Layout(r, tr("nav.digest"), "digest", body), {}};
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
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  // Every case, read from the store a chunk at a time (the answer is cached until the casebook
  // changes).
  const Status read =
      ForEachCase(**store, *snapshot, Detail::kCompact, [&](const report::CaseFile& c) {
        for (const auto& rep : c.reports) {
          for (const auto& i : rep.article.incident.indicators) {
            if (!type.empty() && i.type != type) continue;
            if (!tag.empty() && std::find(i.tags.begin(), i.tags.end(), tag) == i.tags.end())
              continue;
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
            if (std::find(s.cases.begin(), s.cases.end(), ref) == s.cases.end())
              s.cases.push_back(ref);
          }
        }
      });
  if (!read.ok()) return JsonError(500, "the casebook cannot be read");
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
  const Tr tr = T(r);
  std::string body =
      "<h1>" + EscapeXml(tr("nav.indicators")) +
      "</h1><form class=\"filters\" method=\"get\" action=\"/indicators\">" +
      Select("type", tr("ioc.type"), kIocTypes, type, tr, "") +
      Select("role", tr("ioc.role"), extract::IocRoleNames(), role, tr, "ioc_role") + "<label>" +
      EscapeXml(tr("ioc.tags")) + "<input name=\"tag\" value=\"" + EscapeXml(tag) +
      "\" placeholder=\"discord_webhook\"></label><button>" + EscapeXml(tr("filter.apply")) +
      "</button> <a href=\"/indicators" +
      EscapeXml(Query({{"type", type}, {"tag", tag}, {"role", role}, {"format", "csv"}})) +
      "\">CSV</a></form>";
  body += "<p class=\"count\" id=\"count\">" +
          EscapeXml(tr("list.count", {std::to_string(all.size())})) + "</p>";
  body += "<table id=\"indicators\"><tr>";
  for (const char* h : {"ioc.type", "ioc.defanged", "ioc.role", "ioc.tags", "list.case_no"}) {
    body += "<th>" + EscapeXml(tr(h)) + "</th>";
  }
  body += "<th></th></tr>";
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
            "</td><td class=\"role\" title=\"" + EscapeXml(s->reason) + "\">" +
            EscapeXml(tr.Word("ioc_role", s->role)) + "</td><td>" + tags + "</td><td>" + cases +
            "</td><td>" + CopyButton(tr, defanged) + "</td></tr>";
  }
  body += "</table>";
  return {200, "text/html; charset=utf-8", Layout(r, tr("nav.indicators"), "indicators", body), {}};
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
