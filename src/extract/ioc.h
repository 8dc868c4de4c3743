// Indicators of compromise in any text, Japanese or English: URLs, domains, IP addresses, e-mail
// addresses, hashes, CVEs, ATT&CK techniques, crypto wallets, file paths, registry keys, ASNs
// and MAC addresses. Defanged forms (hxxp, [.], (dot), [@], full-width ｈｔｔｐｓ：／／ …) are
// refanged; an indicator ends at Japanese text and punctuation; domains must end in a public
// suffix (libpsl). URLs of abused legitimate services (Discord webhooks, Telegram bots, paste
// sites, tunnels …, rules/services.rules) are tagged and their secrets masked.
//
// A hand-written single-pass scanner (no regex on the hot path; RE2 only for the service rules on
// URLs already found); IocStream feeds it in chunks with a bounded carry, so memory stays flat
// whatever the input. Immutable after Create(); threads may share an IocExtractor.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "classify/classify.h"

namespace jikenbo::extract {

struct Ioc {
  std::string type;     // url, domain, ipv4, ipv6, email, md5, sha1, sha256, sha512, cve,
                        // attack_technique, btc, eth, xmr, file_path, registry_key, asn, mac
  std::string value;    // refanged and canonical (lower-case host, upper-case CVE ...)
  std::string found;    // as written in the input
  uint64_t offset = 0;  // byte offset of `found` in the input
  std::vector<std::string> tags;  // defanged, private, documentation, service names ...
  std::string role;         // malicious, victim, reference, benign, placeholder (ioc_roles.h);
                            // "" until judged
  std::string role_reason;  // why: the cue near it, the heading of its list, its host ...
};

// Every type name, in the order above.
const std::vector<std::string>& IocTypes();

struct IocOptions {
  std::vector<std::string> types;  // only these (empty: all)
  bool reveal = false;             // show service secrets (tokens) instead of masking them
  size_t max_token_bytes = 8192;   // longer runs without a boundary are cut (hostile input)
};

class IocExtractor {
 public:
  // services: rules/services.rules. A bad pattern fails with its file:line.
  static Result<IocExtractor> Create(const classify::RuleFile& services, IocOptions options = {});

  // Every indicator in text, in input order; offsets are base + position in text.
  void Scan(std::string_view text, uint64_t base, const std::function<void(Ioc)>& emit) const;
  std::vector<Ioc> ScanAll(std::string_view text) const;

  struct Impl;

 private:
  explicit IocExtractor(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// Scans a stream in chunks: Feed() any number of times, then Finish(). Text after the last
// boundary of a chunk is carried into the next (at most max_token_bytes), so indicators that
// straddle chunks are found; offsets count from the start of the stream.
class IocStream {
 public:
  IocStream(const IocExtractor& extractor, std::function<void(Ioc)> emit)
      : extractor_(extractor), emit_(std::move(emit)) {}
  void Feed(std::string_view chunk);
  void Finish();

 private:
  const IocExtractor& extractor_;
  std::function<void(Ioc)> emit_;
  std::string carry_;
  uint64_t carry_offset_ = 0;  // stream offset of carry_[0]
};

// The safe-to-share form: http -> hxxp, the dots of the host -> [.], @ -> [@].
std::string Defang(const Ioc& ioc);

}  // namespace jikenbo::extract
