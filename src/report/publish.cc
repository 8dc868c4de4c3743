#include "report/publish.h"

#include <fmt/format.h>

#include "report/chart.h"

namespace jikenbo::report {
namespace {

std::string Sha(const Entry& e) { return e.notice ? e.notice->doc_sha256 : ""; }

}  // namespace

Entry MakeEntry(std::vector<store::ArticleRecord> reports_in) {
  Entry e;
  e.reports = std::move(reports_in);
  const std::vector<store::ArticleRecord>& reports = e.reports;
  e.view = BuildCase(reports);
  e.case_no = e.view.case_no;
  // The organisation's first notice carries the entry; else the first report.
  for (const TimelineEntry& t : e.view.timeline) {
    for (const auto& r : reports) {
      if (r.id != t.article_id) continue;
      if (!e.notice) e.notice = &r;
      if (t.role == "notice" && ReportRole(*e.notice) != "notice") e.notice = &r;
    }
  }
  const std::string org = e.view.merged.title_org.value_or("");
  e.title = "【事件簿#" + e.case_no + "】" + org + (org.empty() ? "" : " ") +
            (e.notice ? e.notice->article.title : "");
  return e;
}

Result<Entry> LoadEntry(store::Store& store, const std::string& case_no) {
  store::ListQuery q;
  q.case_no = case_no;
  q.limit = 0;
  JK_ASSIGN_OR_RETURN(auto reports, store.List(q));
  if (reports.empty()) return Status::NotFound("no such case", case_no);
  Entry e = MakeEntry(std::move(reports));
  if (e.notice) {
    JK_ASSIGN_OR_RETURN(auto archived, store.Archived(e.notice->doc_sha256));
    if (!archived.empty()) {
      const model::Document& d = archived.front().document;
      e.source = d.url.empty() ? d.path : d.url;
      e.archived_at = archived.front().ingested_at;
    }
  }
  return e;
}

std::string EntryMarkdown(const Entry& e) {
  std::string out = e.title + "\n\n";
  if (e.notice) out += e.notice->article.text + "\n\n";
  out += "リリース文アーカイブ\n\n";
  out += "- 原文: " + (e.source.empty() ? "-" : e.source) + "\n";
  out += "- アーカイブ日時: " + (e.archived_at.empty() ? "-" : e.archived_at) + "\n";
  out += "- SHA-256: " + Sha(e) + "\n";
  bool others = false;
  for (const TimelineEntry& t : e.view.timeline) {
    if (e.notice && t.article_id == e.notice->id) continue;
    if (!others) out += "\nこの事案の他の報告\n\n";
    others = true;
    out += fmt::format("- {} {}「{}」(#{})\n", t.date.empty() ? "-" : t.date,
                       RoleLabel(t.role, true), t.title, t.article_id);
  }
  return out;
}

std::string EntryHtml(const Entry& e) {
  std::string out = "<article class=\"entry\">\n<h1>" + EscapeXml(e.title) + "</h1>\n";
  if (e.notice) out += "<pre class=\"notice\">" + EscapeXml(e.notice->article.text) + "</pre>\n";
  out += "<h2>リリース文アーカイブ</h2>\n<ul>";
  const bool link = e.source.rfind("https://", 0) == 0 || e.source.rfind("http://", 0) == 0;
  out += "<li>原文: " +
         (link ? "<a href=\"" + EscapeXml(e.source) + "\" rel=\"noopener noreferrer nofollow\">" +
                     EscapeXml(e.source) + "</a>"
               : EscapeXml(e.source.empty() ? "-" : e.source)) +
         "</li>";
  out += "<li>アーカイブ日時: " + EscapeXml(e.archived_at.empty() ? "-" : e.archived_at) + "</li>";
  out += "<li>SHA-256: <code>" + EscapeXml(Sha(e)) + "</code></li></ul>\n";
  std::string others;
  for (const TimelineEntry& t : e.view.timeline) {
    if (e.notice && t.article_id == e.notice->id) continue;
    others += "<li>" + EscapeXml(t.date.empty() ? "-" : t.date) + " " +
              EscapeXml(RoleLabel(t.role, true)) + "「" + EscapeXml(t.title) + "」</li>";
  }
  if (!others.empty()) out += "<h2>この事案の他の報告</h2>\n<ul>" + others + "</ul>\n";
  return out + "</article>\n";
}

std::string AtomFeed(const std::vector<Entry>& entries, const std::string& base,
                     const std::string& updated) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>セキュリティ事件簿</title>\n"
      "<id>urn:jikenbo:feed</id>\n<updated>" +
      EscapeXml(updated) + "</updated>\n<link rel=\"self\" href=\"" + EscapeXml(base) +
      "/feed.atom\"/>\n";
  for (const Entry& e : entries) {
    const std::string url = base + "/cases/" + e.case_no;
    std::string summary;
    if (e.notice) {
      const std::string& text = e.notice->article.text;
      size_t cut = 0, chars = 0;
      while (cut < text.size() && chars < 200) {
        const auto c = static_cast<unsigned char>(text[cut]);
        cut += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++chars;
      }
      summary = text.substr(0, std::min(cut, text.size()));
    }
    out += "<entry>\n<title>" + EscapeXml(e.title) +
           "</title>\n<id>urn:jikenbo:case:" + EscapeXml(e.case_no) + "</id>\n<updated>" +
           EscapeXml(e.published_at) + "</updated>\n<link href=\"" + EscapeXml(url) +
           "\"/>\n<summary>" + EscapeXml(summary) + "</summary>\n</entry>\n";
  }
  return out + "</feed>\n";
}

}  // namespace jikenbo::report
