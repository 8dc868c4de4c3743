// Polling feeds and taking their new items.
#include "ingest/watch.h"

#include "base/sha256.h"
#include "base/utf8.h"

namespace jikenbo::ingest {
namespace {

std::string ItemKey(const DecodedDoc& d) {
  if (!d.item_id.empty()) return "id:" + d.item_id;
  if (!d.url.empty()) return "link:" + d.url;
  return "sha256:" + Sha256Hex(d.item_bytes);
}

}  // namespace

Result<std::string> Watcher::TakeItem(const std::string& feed_url, DecodedDoc item, size_t index,
                                      PollReport* report) {
  std::vector<Prepared> docs;
  if (IsUrl(item.url)) {
    // The full notice behind the item's link.
    JK_ASSIGN_OR_RETURN(FetchResponse page, fetcher_.Fetch({item.url, "", ""}));
    if (page.not_modified()) return Status::IoError("unexpected 304", item.url);
    const SourceInfo source{item.url, page.url, page.content_type};
    JK_ASSIGN_OR_RETURN(
        docs, ingest::Prepare(item.url, std::move(page.body), pipeline_, options_, source));
    for (auto& p : docs) p.document.fetched_at = page.fetched_at;
  } else {
    JK_ASSIGN_OR_RETURN(Prepared p, PrepareDecoded(feed_url + "#" + std::to_string(index + 1),
                                                   std::move(item), pipeline_, options_));
    docs.push_back(std::move(p));
  }
  std::string sha;
  for (const Prepared& p : docs) {
    JK_ASSIGN_OR_RETURN(store::AddResult added, store_.AddDocument(p.document, p.articles));
    if (sha.empty()) sha = p.document.sha256;
    if (!added.duplicate) {
      ++report->documents;
      report->articles += added.articles;
    }
  }
  return sha;
}

PollReport Watcher::Poll(const std::string& feed_url) {
  PollReport report;
  report.feed = feed_url;
  auto state = store_.Source(feed_url);
  if (!state.ok()) {
    report.errors.push_back(state.status());
    return report;
  }
  auto feed = fetcher_.Fetch({feed_url, state->etag, state->last_modified});
  state->last_polled = feed.ok() ? feed->fetched_at : state->last_polled;
  if (!feed.ok()) {
    state->last_status = feed.status().ToString();
    (void)store_.PutSource(*state);
    report.errors.push_back(feed.status());
    return report;
  }
  if (feed->not_modified() || (!feed->etag.empty() && feed->etag == state->etag)) {
    report.unchanged = true;
    state->last_status = "unchanged";
    (void)store_.PutSource(*state);
    return report;
  }
  auto items = DecodeFeed(feed->body, options_.decode);
  if (!items.ok()) {
    state->last_status = items.status().ToString();
    (void)store_.PutSource(*state);
    report.errors.push_back(items.status().At(feed_url));
    return report;
  }
  report.items = items->size();
  for (size_t i = 0; i < items->size(); ++i) {
    DecodedDoc& item = (*items)[i];
    if (!item.url.empty()) item.url = ResolveUrl(feed->url, item.url);
    const std::string key = ItemKey(item);
    auto seen = store_.SeenItem(feed_url, key);
    if (!seen.ok()) {
      report.errors.push_back(seen.status());
      continue;
    }
    if (*seen) continue;
    const std::string link = item.url;
    auto taken = TakeItem(feed_url, std::move(item), i, &report);
    if (!taken.ok()) {  // not marked as seen: the next poll tries again
      report.errors.push_back(taken.status().where().empty() ? taken.status().At(link)
                                                             : taken.status());
      continue;
    }
    ++report.new_items;
    if (Status s = store_.MarkSeen(feed_url, key, *taken); !s.ok()) report.errors.push_back(s);
  }
  // The validators are kept only once every item was taken, so a failed item is seen again.
  if (report.errors.empty()) {
    state->etag = feed->etag;
    state->last_modified = feed->last_modified;
  }
  state->last_status = report.errors.empty() ? "ok" : report.errors.front().ToString();
  (void)store_.PutSource(*state);
  if (report.documents > 0) {
    if (Status s = Renumber(store_); !s.ok()) report.errors.push_back(s);
  }
  return report;
}

Result<double> ParseDuration(const std::string& text) {
  const std::string t(utf8::Trim(text));
  if (t.empty()) return Status::InvalidInput("empty duration");
  double total = 0;
  size_t i = 0;
  bool any = false;
  while (i < t.size()) {
    size_t j = i;
    while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
    if (j == i || j - i > 9)
      return Status::InvalidInput("bad duration (use 30s, 15m, 1h, 2h30m)", t);
    const double n = std::stod(t.substr(i, j - i));
    double unit = 1;
    if (j < t.size()) {
      const char u = t[j];
      unit = u == 's' ? 1 : u == 'm' ? 60 : u == 'h' ? 3600 : u == 'd' ? 86400 : -1;
      if (unit < 0) return Status::InvalidInput("bad duration (use 30s, 15m, 1h, 2h30m)", t);
      ++j;
    } else if (any) {
      return Status::InvalidInput("bad duration (use 30s, 15m, 1h, 2h30m)", t);
    }
    total += n * unit;
    any = true;
    i = j;
  }
  return total;
}

Result<std::vector<std::string>> ParseSources(const std::string& text, const std::string& where) {
  std::vector<std::string> out;
  size_t i = 0, line = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    ++line;
    const std::string l(utf8::Trim(std::string_view(text).substr(i, j - i)));
    i = j + 1;
    if (l.empty() || l[0] == '#') continue;
    if (!IsUrl(l) || l.find_first_of(" \t") != std::string::npos) {
      return Status::InvalidInput("not a feed URL: " + l, where + ":" + std::to_string(line));
    }
    out.push_back(l);
  }
  return out;
}

}  // namespace jikenbo::ingest
