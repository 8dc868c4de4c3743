// Watching feeds: each poll fetches a feed with a conditional GET, follows every item not taken
// before to its full notice (the item's link; the item itself when it has none), ingests it and
// remembers the item, so an item is never ingested twice however often the feed changes.
// A Watcher is not thread-safe (it drives one Store and one Fetcher).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "ingest/fetch.h"
#include "ingest/ingest.h"
#include "store/store.h"

namespace jikenbo::ingest {

struct PollReport {
  std::string feed;
  bool unchanged = false;  // 304, or the same ETag
  size_t items = 0;        // in the feed
  size_t new_items = 0;    // taken this time
  size_t documents = 0;    // archived
  size_t articles = 0;
  std::vector<Status> errors;  // the feed itself, or items (retried at the next poll)
};

class Watcher {
 public:
  // All references must outlive the Watcher.
  Watcher(store::Store& store, const Pipeline& pipeline, Fetcher& fetcher, Options options = {})
      : store_(store), pipeline_(pipeline), fetcher_(fetcher), options_(options) {}

  // Polls one feed once; renumbers the casebook when something was stored.
  PollReport Poll(const std::string& feed_url);

 private:
  // Ingests one new item; returns the SHA-256 of what was archived.
  Result<std::string> TakeItem(const std::string& feed_url, DecodedDoc item, size_t index,
                               PollReport* report);

  store::Store& store_;
  const Pipeline& pipeline_;
  Fetcher& fetcher_;
  Options options_;
};

// Reads "30m", "1h", "45s", "2h30m", "90" (seconds) into seconds; fails on anything else.
Result<double> ParseDuration(const std::string& text);

// A sources file: one feed URL per line; blank lines and lines starting with # are ignored.
Result<std::vector<std::string>> ParseSources(const std::string& text, const std::string& where);

}  // namespace jikenbo::ingest
