#include "extract/ioc.h"

#include <gtest/gtest.h>

#include <set>

#include "extract/ioc_internal.h"
#include "tests/testing.h"

namespace jikenbo::extract {
namespace {

// The extractor of the default pipeline (rules/services.rules).
const IocExtractor& X() { return testing::DefaultPipeline().iocs; }

// "type value" of every indicator, in input order, joined by " | ".
std::string Dump(std::string_view text) {
  std::string out;
  for (const Ioc& i : X().ScanAll(text)) {
    if (!out.empty()) out += " | ";
    out += i.type + " " + i.value;
  }
  return out;
}

struct Case {
  const char* input;
  const char* want;
};

// Each row: an input and every indicator it must yield (nothing else), in order.
constexpr Case kCases[] = {
    // --- URLs and their defang styles
    {"https://example.com/a", "url https://example.com/a | domain example.com"},
    {"hxxps://evil-site.net/x", "url https://evil-site.net/x | domain evil-site.net"},
    {"hXXp://evil-site.net/", "url http://evil-site.net/ | domain evil-site.net"},
    {"h**p://evil-site.net/", "url http://evil-site.net/ | domain evil-site.net"},
    {"meow://evil-site.net/", "url http://evil-site.net/ | domain evil-site.net"},
    {"hxxps[://]evil-site.net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"https[:]//evil-site.net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"http__evil-site.net/p", "url http://evil-site.net/p | domain evil-site.net"},
    {"https://evil-site[.]net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"https://evil-site(.)net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"https://evil-site{.}net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"https://evil-site[dot]net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"https://evil-site(dot)net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"https://evil-site\\.net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"https://EVIL-Site.NET/Path", "url https://evil-site.net/Path | domain evil-site.net"},
    {"https://user:pw@evil-site.net:8443/p",
     "url https://user:pw@evil-site.net:8443/p | domain evil-site.net"},
    {"http://203.0.113.9:8080/gate", "url http://203.0.113.9:8080/gate | ipv4 203.0.113.9"},
    {"http://[2001:db8::1]/x", "url http://[2001:db8::1]/x | ipv6 2001:db8::1"},
    {"<https://evil-site.net/a>", "url https://evil-site.net/a | domain evil-site.net"},
    {"[link](https://evil-site.net/a)", "url https://evil-site.net/a | domain evil-site.net"},
    {"see https://evil-site.net/a.", "url https://evil-site.net/a | domain evil-site.net"},
    {"(https://evil-site.net/a)", "url https://evil-site.net/a | domain evil-site.net"},
    {"https://en.wikipedia.org/wiki/A_(b)",
     "url https://en.wikipedia.org/wiki/A_(b) | domain en.wikipedia.org"},
    // --- full-width forms of Japanese text
    {"ｈｔｔｐｓ：／／ｅｖｉｌ－ｓｉｔｅ．ｎｅｔ／ａ",
     "url https://evil-site.net/a | domain evil-site.net"},
    {"ｅｖｉｌ－ｓｉｔｅ［．］ｎｅｔ", "domain evil-site.net"},
    {"info＠evil-site.net", "email info@evil-site.net"},
    // --- Japanese adjacency: no space needed
    {"接続先はhttps://evil-site.net/aです。", "url https://evil-site.net/a | domain evil-site.net"},
    {"「https://evil-site.net/a」を参照", "url https://evil-site.net/a | domain evil-site.net"},
    {"『evil-site[.]net』、", "domain evil-site.net"},
    {"【203.0.113.5】", "ipv4 203.0.113.5"},
    {"IPアドレス203.0.113.5から", "ipv4 203.0.113.5"},
    {"（evil-site.net）", "domain evil-site.net"},
    {"ドメイン・evil-site.net・の", "domain evil-site.net"},
    {"送信元info@evil-site.netより", "email info@evil-site.net"},
    {"ハッシュ値275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0fのファイル",
     "sha256 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"},
    {"CVE-2023-12345の脆弱性", "cve CVE-2023-12345"},
    {"手法T1059.001を使用", "attack_technique T1059.001"},
    {"テスト.example.com", "domain テスト.example.com"},
    // --- domains and their precision
    {"evil-site.net", "domain evil-site.net"},
    {"a[.]b[.]evil-site[.]net", "domain a.b.evil-site.net"},
    {"evil-site [.] net", "domain evil-site.net"},
    {"evil-site dot net", "domain evil-site.net"},
    {"shop.example.co.jp", "domain shop.example.co.jp"},
    {"report.pdf", ""},
    {"setup.exe", ""},
    {"archive.zip", ""},
    {"evil[.]zip", "domain evil.zip"},
    // a top-level domain that looks like a file extension: a host unless the name reads as a file
    {"kasora-pay.top", "domain kasora-pay.top"},
    {"SMS の誘導先 kasora-shop.zip へ", "domain kasora-shop.zip"},
    {"Invoice.zip", ""},
    {"setup.zip", ""},
    {"kasora-drop.sh/x", "url kasora-drop.sh/x | domain kasora-drop.sh"},
    {"mail.kasora-evil.xyz:465", "domain mail.kasora-evil.xyz"},
    {"hxps://evil-site.net/p", "url https://evil-site.net/p | domain evil-site.net"},
    {"~/.config/kasora/agent.sh", "file_path ~/.config/kasora/agent.sh"},
    {"~/ only", ""},
    {"asn 64500 では", "asn AS64500"},
    {"just as 2014", ""},
    // a log or header field's name before an address is no part of it
    {"smtp.mailfrom=kasora@evil-site.net", "email kasora@evil-site.net"},
    // a Markdown escape inside a URL is no part of it
    {"https://kasora.jp/v\\_log/x", "url https://kasora.jp/v_log/x | domain kasora.jp"},
    {"version 1.2.3", ""},
    {"co.jp", ""},
    {"example.nope", ""},
    {"readme.md and main.py", ""},
    {"o_o.lgms.nl", "domain o_o.lgms.nl"},
    // --- IPv4 and IPv6
    {"1.1.1[.]1", "ipv4 1.1.1.1"},
    {"192.168.0.1", "ipv4 192.168.0.1"},
    {"10.0.0.1:4444", "ipv4 10.0.0.1"},
    {"1.2.3.4.5", ""},
    {"2023.06.02", ""},
    {"256.1.1.1", ""},
    {"1.2.3.4/24", "ipv4 1.2.3.4"},
    {"010.001.2.30", "ipv4 10.1.2.30"},
    {"hxxp://010.0.0.1/x", "url http://010.0.0.1/x | ipv4 10.0.0.1"},
    {"version .1.2.3.4", ""},
    {"..1.2.3.4", "ipv4 1.2.3.4"},
    {"::1", "ipv6 ::1"},
    {"fe80::", "ipv6 fe80::"},
    {"evil-site[.]net/!", "url evil-site.net/ | domain evil-site.net"},
    {"https://evil-site.net/a)b", "url https://evil-site.net/a)b | domain evil-site.net"},
    {"(https://evil-site.net/a)", "url https://evil-site.net/a | domain evil-site.net"},
    {"https://sandbox.example.org/file/68B329DA9893E34099C7D8AD5CB9C940/report",
     "url https://sandbox.example.org/file/68B329DA9893E34099C7D8AD5CB9C940/report | domain "
     "sandbox.example.org | md5 68b329da9893e34099c7d8ad5cb9c940"},
    {"https://evil-site.net/dl?id=68b329da9893e34099c7d8ad5cb9c9401",
     "url "
     "https://evil-site.net/dl?id=68b329da9893e34099c7d8ad5cb9c9401 | domain evil-site.net"},
    {"[https://evil-site.net/a](https://bad-host.org/b)",
     "url https://evil-site.net/a | domain evil-site.net | url https://bad-host.org/b | domain "
     "bad-host.org"},
    {"2001:db8::ff00:42:8329", "ipv6 2001:db8::ff00:42:8329"},
    {"fe80::1%eth0", "ipv6 fe80::1%eth0"},
    {"12:30:45", ""},
    // --- e-mail
    {"info@evil-site.net", "email info@evil-site.net"},
    {"info[@]evil-site[.]net", "email info@evil-site.net"},
    {"info(at)evil-site.net", "email info@evil-site.net"},
    {"info [at] evil-site [dot] net", "email info@evil-site.net"},
    {"first.last+tag@mail.evil-site.net", "email first.last+tag@mail.evil-site.net"},
    {"user@[203.0.113.7]", "email user@[203.0.113.7] | ipv4 203.0.113.7"},
    {"user@[IPv6:2001:db8::1]", "email user@[IPv6:2001:db8::1] | ipv6 2001:db8::1"},
    {"-----info@evil-site.net", "email info@evil-site.net"},
    {"info at evil-site dot net", "email info@evil-site.net"},
    {"info AT evil-site [ DOT ] net", "email info@evil-site.net"},
    {"beacons at evil-site[.]net", "domain evil-site.net"},
    {"look at this dot", ""},
    {"user@localhost", ""},
    {"meet us at evil-site.net", "domain evil-site.net"},
    // --- hashes
    {"68b329da9893e34099c7d8ad5cb9c940", "md5 68b329da9893e34099c7d8ad5cb9c940"},
    {"adc83b19e793491b1c6ea0fd8b46cd9f32e592fc", "sha1 adc83b19e793491b1c6ea0fd8b46cd9f32e592fc"},
    {"68B329DA9893E34099C7D8AD5CB9C940", "md5 68b329da9893e34099c7d8ad5cb9c940"},
    {"68b329da9893e34099c7d8ad5cb9c9401", ""},
    {"x68b329da9893e34099c7d8ad5cb9c940", ""},
    {"12345678901234567890123456789012", ""},
    // --- CVE, ATT&CK, ASN, MAC
    {"cve-2021-44228", "cve CVE-2021-44228"},
    {"CVE-1800-0000", ""},
    {"CVE-2021-123", ""},
    {"T1059", "attack_technique T1059"},
    {"T1059.001", "attack_technique T1059.001"},
    {"T10590", ""},
    {"AS13335", "asn AS13335"},
    {"ASN 13335", "asn AS13335"},
    {"just as 2014", ""},
    {"as", ""},
    {"00:1A:2b:3c:4d:5e", "mac 00:1a:2b:3c:4d:5e"},
    {"00-1a-2b-3c-4d-5e", "mac 00:1a:2b:3c:4d:5e"},
    {"001a.2b3c.4d5e", "mac 00:1a:2b:3c:4d:5e"},
    // --- wallets (checksums verified)
    {"1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "btc 1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
    {"1BoatSLRHtKNngkdXEeobR76b53LETtpyU", ""},
    {"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
     "btc bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
    {"0x52908400098527886E0F7030069857D2E4169EE7",
     "eth 0x52908400098527886e0f7030069857d2e4169ee7"},
    // --- paths and registry
    {"C:\\Users\\Public\\evil.exe", "file_path C:\\Users\\Public\\evil.exe"},
    {"%APPDATA%\\Roaming\\x.dll", "file_path %APPDATA%\\Roaming\\x.dll"},
    {"/tmp/.x/payload.sh", "file_path /tmp/.x/payload.sh"},
    {"/etc/passwd", "file_path /etc/passwd"},
    {"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
     "registry_key HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon was changed",
     "registry_key HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon"},
    // --- mixed prose
    {"C2 203.0.113.5 and hxxp://evil-site[.]net/gate.php (CVE-2024-3400)",
     "ipv4 203.0.113.5 | url http://evil-site.net/gate.php | domain evil-site.net | cve "
     "CVE-2024-3400"},
};

TEST(Ioc, TableOfInputsAndEveryIndicatorTheyYield) {
  for (const Case& c : kCases) EXPECT_EQ(Dump(c.input), c.want) << "input: " << c.input;
}

// Japanese adjacency, generated: every sample indicator in every context must yield exactly its
// own hits, with no space between it and the Japanese around it.
TEST(Ioc, EveryTypeEndsAtJapaneseTextAndPunctuation) {
  struct Sample {
    const char* written;
    const char* want;
  } samples[] = {
      {"hxxps://evil-site[.]net/a", "url https://evil-site.net/a | domain evil-site.net"},
      {"evil-site[.]net", "domain evil-site.net"},
      {"203.0.113.5", "ipv4 203.0.113.5"},
      {"2001:db8::5", "ipv6 2001:db8::5"},
      {"info[@]evil-site.net", "email info@evil-site.net"},
      {"68b329da9893e34099c7d8ad5cb9c940", "md5 68b329da9893e34099c7d8ad5cb9c940"},
      {"adc83b19e793491b1c6ea0fd8b46cd9f32e592fc", "sha1 adc83b19e793491b1c6ea0fd8b46cd9f32e592fc"},
      {"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
       "sha256 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"},
      {"CVE-2024-3400", "cve CVE-2024-3400"},
      {"T1566.001", "attack_technique T1566.001"},
      {"AS13335", "asn AS13335"},
      {"00:1a:2b:3c:4d:5e", "mac 00:1a:2b:3c:4d:5e"},
      {"1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "btc 1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
      {"0x52908400098527886e0f7030069857d2e4169ee7",
       "eth 0x52908400098527886e0f7030069857d2e4169ee7"},
      {"C:\\Windows\\Temp\\a.exe", "file_path C:\\Windows\\Temp\\a.exe"},
      {"/tmp/x.sh", "file_path /tmp/x.sh"},
      {"ｈｔｔｐｓ：／／ｅｖｉｌ－ｓｉｔｅ．ｎｅｔ",
       "url https://evil-site.net | domain evil-site.net"},
      {"evil-site．net", "domain evil-site.net"},
      {"https://evil-site.net/a?b=1", "url https://evil-site.net/a?b=1 | domain evil-site.net"},
      {"10.0.0.8", "ipv4 10.0.0.8"},
  };
  const char* contexts[][2] = {
      {"「", "」"},   {"『", "』"}, {"（", "）"},       {"【", "】"}, {"接続先は", "です。"},
      {"", "、次に"}, {"・", "・"}, {"宛先：", "。"},   {"※", "…"},   {"〔", "〕"},
      {"《", "》"},   {"〈", "〉"}, {"値は", "を確認"}, {"\n", "\n"}, {"「", "」を参照"},
      {"　", "　"},
  };
  size_t cases = 0;
  for (const Sample& s : samples) {
    for (const auto& ctx : contexts) {
      std::string input = ctx[0];
      input.append(s.written).append(ctx[1]);
      EXPECT_EQ(Dump(input), s.want) << "input: " << input;
      ++cases;
    }
  }
  EXPECT_EQ(cases, 320u);
}

// Every defang style on a URL, a domain and an address.
TEST(Ioc, EveryDefangStyleIsUndone) {
  const char* dots[] = {"[.]", "(.)", "{.}",   "[dot]", "(dot)", "{dot}",
                        "\\.", "[.)", " [.] ", " dot ", "．",    "［．］"};
  size_t cases = 0;
  for (const char* d : dots) {
    std::string dom = "evil-site";
    dom.append(d).append("net");
    EXPECT_EQ(Dump(dom), "domain evil-site.net") << dom;
    std::string url = "hxxps://";
    url.append(dom).append("/x");
    EXPECT_EQ(Dump(url), "url https://evil-site.net/x | domain evil-site.net") << url;
    std::string ip = "203";
    ip.append(d).append("0.113.9");
    EXPECT_EQ(Dump(ip), "ipv4 203.0.113.9") << ip;
    cases += 3;
  }
  for (const char* at : {"[@]", "(@)", "{@}", "[at]", "(at)", "{at}", "＠", " [@] ", " [at] "}) {
    std::string mail = "info";
    mail.append(at).append("evil-site.net");
    EXPECT_EQ(Dump(mail), "email info@evil-site.net") << mail;
    ++cases;
  }
  for (const char* scheme : {"hxxp://", "hXXp://", "h**p://", "meow://", "http__", "http[:]//",
                             "http[://]", "ｈｔｔｐ：／／"}) {
    std::string url = scheme;
    url.append("evil-site.net/x");
    EXPECT_EQ(Dump(url), "url http://evil-site.net/x | domain evil-site.net") << url;
    ++cases;
  }
  EXPECT_EQ(cases, 53u);
}

TEST(Ioc, FoundAndOffsetPointAtTheInput) {
  const std::string text = "接続先 hxxps://evil-site[.]net/a と info[@]evil-site.net";
  for (const Ioc& i : X().ScanAll(text)) {
    EXPECT_EQ(text.substr(i.offset, i.found.size()), i.found) << i.type;
    EXPECT_FALSE(i.tags.empty());
    EXPECT_EQ(i.tags.front(), "defanged");
  }
}

TEST(Ioc, AbusedServicesAreTaggedAndTheirSecretsMasked) {
  const auto hits = X().ScanAll(
      "https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOp_qrstuvwxyz "
      "https://cdn.discordapp.com/attachments/1/2/a.exe "
      "https://api.telegram.org/bot123456:ABCdefGHIjkl/sendMessage https://x1.trycloudflare.com/");
  std::vector<std::string> urls;
  for (const Ioc& i : hits) {
    if (i.type == "url") urls.push_back(i.tags.front() + " " + i.value);
  }
  ASSERT_EQ(urls.size(), 4u);
  EXPECT_EQ(
      urls[0].rfind(
          "discord_webhook https://discord.com/api/webhooks/123456789012345678/AbCd…sha256:", 0),
      0u)
      << urls[0];
  EXPECT_EQ(urls[0].find("EfGh"), std::string::npos);  // the token is gone
  EXPECT_EQ(urls[1], "discord_cdn https://cdn.discordapp.com/attachments/1/2/a.exe");
  EXPECT_EQ(urls[2].rfind("telegram_bot https://api.telegram.org/bot1234…sha256:", 0), 0u)
      << urls[2];
  EXPECT_EQ(urls[3], "tunnel_cloudflare https://x1.trycloudflare.com/");
  // --reveal keeps the token.
  const std::string path = testing::SourceDir() + "/rules/services.rules";
  auto reveal = IocExtractor::Create({path, testing::ReadFile(path)}, {.reveal = true});
  ASSERT_TRUE(reveal.ok());
  const auto open = reveal->ScanAll("https://discord.com/api/webhooks/1/SecretToken");
  EXPECT_EQ(open.at(0).value, "https://discord.com/api/webhooks/1/SecretToken");
}

TEST(Ioc, TheSeedOnDiscordYieldsItsWebhookAndCdnPatterns) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent";
  const std::string text = testing::ReadFile(*shared / "seeds" / "000_d46dbd6af7bac972.txt");
  ASSERT_FALSE(text.empty());
  std::set<std::string> tags;
  for (const Ioc& i : X().ScanAll(text)) {
    if (i.type == "url" && !i.tags.empty()) tags.insert(i.tags.front());
  }
  EXPECT_TRUE(tags.count("discord_webhook"));
  EXPECT_TRUE(tags.count("discord_cdn"));
}

TEST(Ioc, StreamingInChunksFindsWhatTheWholeTextHolds) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "行" + std::to_string(i) + " hxxp://host" + std::to_string(i) + ".evil-site[.]net/p " +
            "203.0.113." + std::to_string(i % 250) + " info at evil-site dot net\n";
  }
  const auto whole = X().ScanAll(text);
  ASSERT_EQ(whole.size(), 200u * 4);  // url, domain, ipv4 and the spelt-out address
  for (size_t chunk : {1u, 7u, 64u, 4096u}) {
    std::vector<Ioc> got;
    IocStream stream(X(), [&](Ioc i) { got.push_back(std::move(i)); });
    for (size_t at = 0; at < text.size(); at += chunk) {
      stream.Feed(std::string_view(text).substr(at, chunk));
    }
    stream.Finish();
    ASSERT_EQ(got.size(), whole.size()) << chunk;
    for (size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].value, whole[k].value);
      EXPECT_EQ(got[k].offset, whole[k].offset);
    }
  }
}

TEST(Ioc, HostileInputIsBoundedAndIndicatorsAroundItSurvive) {
  std::string text = "before 203.0.113.1\n";
  text += std::string(2'000'000, '.');
  text += "\n";
  text.append(1'000'000, 'a');
  text += "\nhttps://evil-site.net/";
  text.append(1'000'000, 'b');
  text += "\n";
  text.append("nul\0byte ", 9);
  text += "\xff\xfe broken 198.51.100.2\n";
  text += "after https://evil-site.net/end\n";
  std::vector<std::string> values;
  IocStream stream(X(), [&](Ioc i) { values.push_back(i.type + " " + i.value); });
  stream.Feed(text);
  stream.Finish();
  ASSERT_GE(values.size(), 3u);
  EXPECT_EQ(values.front(), "ipv4 203.0.113.1");
  EXPECT_NE(std::find(values.begin(), values.end(), "ipv4 198.51.100.2"), values.end());
  EXPECT_EQ(values.back(), "domain evil-site.net");
}

TEST(Ioc, DefangedFormsAreSafeToShare) {
  const auto hits = X().ScanAll("https://evil-site.net/a info@evil-site.net 203.0.113.5");
  ASSERT_EQ(hits.size(), 4u);
  EXPECT_EQ(Defang(hits[0]), "hxxps://evil-site[.]net/a");
  EXPECT_EQ(Defang(hits[1]), "evil-site[.]net");
  EXPECT_EQ(Defang(hits[2]), "info[@]evil-site[.]net");
  EXPECT_EQ(Defang(hits[3]), "203[.]0[.]113[.]5");
}

TEST(Ioc, UnknownTypesAndBadServiceRulesAreErrors) {
  EXPECT_FALSE(IocExtractor::Create({"s.rules", ""}, {.types = {"url", "nope"}}).ok());
  auto bad = IocExtractor::Create({"s.rules", "service\tx\t(\t-\t0\n"}, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().where().find("s.rules:1"), std::string::npos);
}

}  // namespace
}  // namespace jikenbo::extract
