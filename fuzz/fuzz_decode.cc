// Fuzz target: each decoder on its own, without the analysis after it, so that the fuzzer spends
// its time in the parsers of untrusted bytes. The first byte picks the decoder: charset
// detection (ToUtf8, with a declared label), HTML (gumbo), PDF (poppler), e-mail (our MIME
// reader), feeds (libxml2), URL resolution. Every decoded text must be valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/utf8.h"
#include "ingest/decode.h"

using namespace jikenbo;

namespace {
void CheckText(const std::string& text) {
  if (!utf8::IsValid(text)) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 7) {
    case 0: {
      static const char* kLabels[] = {"",         "shift_jis", "euc-jp", "iso-2022-jp",
                                      "utf-16le", "x-bogus"};
      CheckText(ingest::ToUtf8(bytes, kLabels[size % 6]).utf8);
      break;
    }
    case 1: {
      std::string html;
      utf8::Repair(bytes, &html, nullptr);
      if (auto d = ingest::DecodeHtml(html, "https://example.org/a/b.html"); d.ok()) {
        CheckText(d->text);
      }
      break;
    }
    case 2:
      if (auto d = ingest::DecodePdf(bytes); d.ok()) CheckText(d->text);
      break;
    case 3:
      if (auto d = ingest::DecodeEmail(bytes); d.ok()) CheckText(d->text);
      break;
    case 4:
      if (auto items = ingest::DecodeFeed(bytes); items.ok()) {
        for (const auto& d : *items) CheckText(d.text);
      }
      break;
    case 5: {
      const size_t cut = bytes.find('\n');
      (void)ingest::ResolveUrl(
          std::string(bytes.substr(0, cut)),
          cut == std::string_view::npos ? "" : std::string(bytes.substr(cut + 1)));
      break;
    }
    default:
      if (auto docs = ingest::Decode(bytes, {}); docs.ok()) {
        for (const auto& d : *docs) CheckText(d.text);
      }
  }
  return 0;
}
