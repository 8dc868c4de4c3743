// TAXII 2.1 (read-only) in `serve`: a discovery document, one API root (/taxii2/casebook/) with
// one collection holding the casebook's STIX objects (those of `jikenbo export --format stix`),
// objects and manifest with added_after, match[type], match[id], limit and next, behind a reader
// token (--taxii-token-file; the ingest token reads too). So that OpenCTI, MISP or any TAXII
// client can pull the casebook directly. docs/api.md describes it.
#include "serve/taxii.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "report/interchange.h"
#include "serve/app_internal.h"

namespace jikenbo::serve {
namespace {

constexpr const char* kTaxii = "application/taxii+json;version=2.1";
constexpr const char* kRoot = "/taxii2/casebook/";
constexpr const char* kCollection = "/taxii2/casebook/collections/";
constexpr size_t kDefaultLimit = 100, kMaxLimit = 1000;

std::string CollectionId() { return report::NameUuid("taxii collection casebook"); }

Response Taxii(int status, json body, std::vector<std::pair<std::string, std::string>> h = {}) {
  return {status, kTaxii, body.dump(), std::move(h)};
}

Response TaxiiError(int status, const std::string& title, const std::string& description = "") {
  json e = {{"title", title}, {"http_status", std::to_string(status)}};
  if (!description.empty()) e["description"] = description;
  return Taxii(status, std::move(e));
}

// Does the Accept header admit TAXII 2.1 (application/taxii+json, without a version or with
// 2.1)? A missing header admits everything.
bool AcceptsTaxii(const std::string& accept) {
  if (accept.empty()) return true;
  std::string a;
  for (char c : accept) {
    if (c != ' ') a += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  for (size_t at = a.find("application/taxii+json"); at != std::string::npos;
       at = a.find("application/taxii+json", at + 1)) {
    const std::string_view rest = std::string_view(a).substr(at + 22);
    const std::string_view params = rest.substr(0, rest.find(','));
    const size_t v = params.find("version=");
    if (v == std::string_view::npos || params.substr(v + 8, 3) == "2.1") return true;
  }
  return a.find("*/*") != std::string::npos;
}

// A STIX timestamp with milliseconds from an archive time ("2031-05-01T09:30:00Z").
std::string Millis(const std::string& t) {
  if (t.size() < 19) return "1970-01-01T00:00:00.000Z";
  return t.substr(0, 19) + ".000Z";
}

bool ValidTimestamp(const std::string& t) {
  static const RE2 kTime("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");
  return RE2::FullMatch(t, kTime);
}

std::string Hex(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) out += {kHex[c >> 4], kHex[c & 15]};
  return out;
}

std::optional<std::string> Unhex(const std::string& s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    int v = 0;
    for (char c : s.substr(i, 2)) {
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else
        return std::nullopt;
    }
    out += static_cast<char>(v);
  }
  return out;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i <= s.size();) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<const TaxiiObjects>> TaxiiIndex::For(store::Store& store,
                                                            const Snapshot& snapshot,
                                                            const report::Lexicon& lexicon) {
  std::lock_guard<std::mutex> lock(mu_);
  if (objects_ && generation_ == snapshot.generation) return objects_;
  // Each case's objects were added when its newest report was archived; an object shared by
  // several cases (an organisation) takes the latest.
  std::map<std::string, TaxiiObject> by_id;
  JK_RETURN_IF_ERROR(ForEachCase(store, snapshot, Detail::kCompact, [&](const report::CaseFile& c) {
    std::string added;
    for (const auto& r : c.reports) added = std::max(added, Millis(r.archived_at));
    json bundle = report::StixBundle({c}, lexicon);
    if (!bundle.contains("objects")) return;
    for (json& o : bundle["objects"]) {
      const std::string id = o["id"];
      TaxiiObject& t = by_id[id];
      if (t.id.empty() || added > t.added) {
        t.id = id;
        t.type = o["type"];
        t.version = o["modified"];
        t.added = added;
        t.json = o.dump();
      }
    }
  }));
  auto objects = std::make_shared<TaxiiObjects>();
  for (auto& [id, t] : by_id) objects->push_back(std::move(t));
  std::sort(objects->begin(), objects->end(), [](const TaxiiObject& a, const TaxiiObject& b) {
    return std::tie(a.added, a.id) < std::tie(b.added, b.id);
  });
  objects_ = std::move(objects);
  generation_ = snapshot.generation;
  return objects_;
}

Response App::Impl::TaxiiRoute(const Request& r) {
  if (r.method != "GET" && r.method != "HEAD") {
    return TaxiiError(405, "method not allowed", "this TAXII server is read-only");
  }
  const std::string& reader = options.taxii_token.empty() ? options.token : options.taxii_token;
  const bool users_on = AccountsOn();
  if (reader.empty() && !users_on) {
    return TaxiiError(404, "TAXII is off", "start serve with --taxii-token-file");
  }
  const std::string auth = r.Header("authorization");
  auto matches = [&](const std::string& token) {
    const std::string want = "Bearer " + token;
    return !token.empty() && auth.size() == want.size() &&
           CRYPTO_memcmp(auth.data(), want.data(), want.size()) == 0;
  };
  // Any user's API token reads (accounts), as do the --taxii-token-file and --token-file ones.
  if (!matches(options.taxii_token) && !matches(options.token) &&
      !(users_on && PrincipalOf(r, /*cookie=*/false))) {
    Audit(r, "refused a TAXII reader: no valid bearer token");
    Response resp = TaxiiError(401, "a valid bearer token is required");
    resp.headers.emplace_back("WWW-Authenticate", "Bearer");
    return resp;
  }
  if (!AcceptsTaxii(r.Header("accept"))) {
    return TaxiiError(406, "not acceptable", std::string("this server speaks ") + kTaxii);
  }
  const std::string& p = r.path;
  const std::string collection = std::string(kCollection) + CollectionId() + "/";
  const json collection_json = {{"id", CollectionId()},
                                {"title", "jikenbo casebook"},
                                {"description",
                                 "Incidents and advisories of the casebook with their reports, "
                                 "organisations and malicious indicators (STIX 2.1)"},
                                {"can_read", true},
                                {"can_write", false},
                                {"media_types", {"application/stix+json;version=2.1"}}};
  if (p == "/taxii2/") {
    return Taxii(200, {{"title", "jikenbo"},
                       {"description", "The jikenbo casebook over TAXII 2.1 (read-only)"},
                       {"default", kRoot},
                       {"api_roots", {kRoot}}});
  }
  if (p == kRoot) {
    return Taxii(
        200, {{"title", "jikenbo casebook"}, {"versions", {kTaxii}}, {"max_content_length", 0}});
  }
  if (p == kCollection) return Taxii(200, {{"collections", {collection_json}}});
  if (p == collection) return Taxii(200, collection_json);
  const bool objects = p == collection + "objects/";
  const bool manifest = p == collection + "manifest/";
  std::string one;  // objects/{id}/
  if (!objects && !manifest && p.rfind(collection + "objects/", 0) == 0 && p.back() == '/') {
    one = p.substr(collection.size() + 8, p.size() - collection.size() - 9);
  }
  if (!objects && !manifest && one.empty()) {
    return p.rfind(kCollection, 0) == 0 ? TaxiiError(404, "no such collection or resource")
                                        : TaxiiError(404, "no such API root or resource");
  }
  // The filters of TAXII 2.1 section 3.4: added_after, limit, next, match[type], match[id].
  const std::string added_after = Param(r, "added_after");
  if (!added_after.empty() && !ValidTimestamp(added_after)) {
    return TaxiiError(400, "added_after is no timestamp");
  }
  size_t limit = kDefaultLimit;
  if (const std::string l = Param(r, "limit"); !l.empty()) {
    if (l.size() > 6 || l.find_first_not_of("0123456789") != std::string::npos || l == "0") {
      return TaxiiError(400, "limit is no positive number");
    }
    limit = std::min(kMaxLimit, static_cast<size_t>(std::stoul(l)));
  }
  std::string after_added, after_id;  // the cursor of `next`: past this (added, id)
  if (const std::string n = Param(r, "next"); !n.empty()) {
    const auto cursor = Unhex(n);
    if (!cursor || cursor->find('|') == std::string::npos) {
      return TaxiiError(400, "next is no cursor of this server");
    }
    after_added = cursor->substr(0, cursor->find('|'));
    after_id = cursor->substr(cursor->find('|') + 1);
  }
  const std::vector<std::string> types = Split(Param(r, "match[type]"));
  std::vector<std::string> ids = Split(Param(r, "match[id]"));
  if (!one.empty()) ids = {one};
  auto store = pool.Acquire();
  if (!store.ok()) return TaxiiError(500, "the casebook cannot be opened");
  const auto read = taxii.For(**store, *catalog.Get(), lexicon);
  if (!read.ok()) return TaxiiError(500, "the casebook cannot be read");
  const auto& all = *read;
  std::vector<const TaxiiObject*> page;
  bool more = false;
  for (const TaxiiObject& o : *all) {
    if (!added_after.empty() && o.added <= added_after) continue;
    if (!after_added.empty() && std::tie(o.added, o.id) <= std::tie(after_added, after_id)) {
      continue;
    }
    if (!types.empty() && std::find(types.begin(), types.end(), o.type) == types.end()) continue;
    if (!ids.empty() && std::find(ids.begin(), ids.end(), o.id) == ids.end()) continue;
    if (page.size() == limit) {
      more = true;
      break;
    }
    page.push_back(&o);
  }
  if (!one.empty() && page.empty()) return TaxiiError(404, "no such object");
  std::vector<std::pair<std::string, std::string>> headers;
  if (!page.empty()) {
    headers = {{"X-TAXII-Date-Added-First", page.front()->added},
               {"X-TAXII-Date-Added-Last", page.back()->added}};
  }
  if (manifest) {
    json records = json::array();
    for (const TaxiiObject* o : page) {
      records.push_back({{"id", o->id},
                         {"date_added", o->added},
                         {"version", o->version},
                         {"media_type", "application/stix+json;version=2.1"}});
    }
    json body = {{"more", more}};
    if (more) body["next"] = Hex(page.back()->added + "|" + page.back()->id);
    if (!records.empty()) body["objects"] = std::move(records);
    return Taxii(200, std::move(body), std::move(headers));
  }
  // The envelope, written by hand: the objects are kept serialised.
  std::string body = std::string("{\"more\":") + (more ? "true" : "false");
  if (more) body += ",\"next\":\"" + Hex(page.back()->added + "|" + page.back()->id) + "\"";
  if (!page.empty()) {
    body += ",\"objects\":[";
    for (size_t k = 0; k < page.size(); ++k) body += (k ? "," : "") + page[k]->json;
    body += "]";
  }
  body += "}";
  return {200, kTaxii, std::move(body), std::move(headers)};
}

}  // namespace jikenbo::serve
