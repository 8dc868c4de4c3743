#include "extract/ioc_roles.h"

#include <gtest/gtest.h>

#include "tests/testing.h"

namespace jikenbo::extract {
namespace {

// "value role" of every indicator of a fictional text, judged with the default rules.
std::string Roles(std::string_view text, std::string_view kind = "",
                  const std::vector<std::string>* sources = nullptr) {
  const auto& p = testing::DefaultPipeline();
  std::vector<Ioc> iocs = p.iocs.ScanAll(text);
  p.roles.Judge(text, &iocs, {.kind = kind, .sources = sources});
  // A URL's host is listed only when its role differs from the URL's.
  std::string out;
  const Ioc* url = nullptr;
  for (const Ioc& i : iocs) {
    const bool inside = url != nullptr && i.offset >= url->offset &&
                        i.offset + i.found.size() <= url->offset + url->found.size();
    if (i.type == "url") url = &i;
    if (inside && i.role == url->role) continue;
    out += (out.empty() ? "" : " | ") + i.value + " " + i.role;
  }
  return out;
}

TEST(IocRoles, TheNearestCueInTheSentenceDecides) {
  EXPECT_EQ(Roles("当社を装った偽サイト https://kasora-pay.top/login にご注意ください。"),
            "https://kasora-pay.top/login malicious");
  EXPECT_EQ(
      Roles("偽サイトは https://kasora-pay.top/ 、正規サイトは https://www.kasora.co.jp/ です。"),
      "https://kasora-pay.top/ malicious | https://www.kasora.co.jp/ victim");
  EXPECT_EQ(Roles("詳しくは当社ウェブサイト https://www.kasora.co.jp/news/1 をご覧ください。"),
            "https://www.kasora.co.jp/news/1 victim");
  EXPECT_EQ(Roles("出典: https://news.kasora-times.jp/2031/1"),
            "https://news.kasora-times.jp/2031/1 reference");
  EXPECT_EQ(Roles("The C2 server was 198.51.100.7."), "198.51.100.7 placeholder");
  EXPECT_EQ(Roles("The attacker used kasora-c2.net for command and control."),
            "kasora-c2.net malicious");
  // a cue in another sentence does not reach
  EXPECT_EQ(Roles("偽サイトに注意してください。当社のお問い合わせ先は info@kasora.co.jp です。"),
            "info@kasora.co.jp victim");
}

TEST(IocRoles, AListTakesTheRoleOfItsHeading) {
  EXPECT_EQ(Roles("■ 確認された偽サイト:\n・kasora-pay.top\n・kasora-shop.top\n\n通常の文です。"
                  "\nkasora-shop.top"),
            "kasora-pay.top malicious | kasora-shop.top malicious | kasora-shop.top malicious");
  EXPECT_EQ(Roles("## 参考リンク\n- https://www.kasora-cert.or.jp/alert/1\n"),
            "https://www.kasora-cert.or.jp/alert/1 reference");
  // a title that mentions malware is no heading of the links under it
  EXPECT_EQ(Roles("架空精機でランサムウェア被害\n<https://news.kasora-times.jp/a/2>\n"),
            "https://news.kasora-times.jp/a/2 reference");
  // a table row with a cue in a cell
  EXPECT_EQ(Roles("| kasora-c2.top | C2 |\n"), "kasora-c2.top malicious");
}

TEST(IocRoles, IntrinsicRolesAndDefaults) {
  // written defanged, an abused service's endpoint (and its bare host benign), a hash, a wallet
  EXPECT_EQ(Roles("see hxxps://kasora-login[.]top/"), "https://kasora-login.top/ malicious");
  EXPECT_EQ(Roles("https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIj"),
            "https://discord.com/api/webhooks/123456789012345678/AbCd…sha256:1244198c malicious"
            " | discord.com benign");
  EXPECT_EQ(Roles("d41d8cd98f00b204e9800998ecf8427e"),
            "d41d8cd98f00b204e9800998ecf8427e malicious");
  EXPECT_EQ(Roles("http://198.18.7.9:8080/gate.php"), "http://198.18.7.9:8080/gate.php malicious");
  // placeholders: documentation names and ranges, redacted values
  EXPECT_EQ(Roles("https://www.example.com/x 192.0.2.1 xxx@kasora.co.jp"),
            "https://www.example.com/x placeholder | 192.0.2.1 placeholder | xxx@kasora.co.jp "
            "placeholder");
  // private addresses and well-known services are benign; a news host is a reference
  EXPECT_EQ(Roles("10.0.0.5 google.com nhk.or.jp"),
            "10.0.0.5 benign | google.com benign | nhk.or.jp reference");
  // a page on a well-known service named as phishing is abuse; its bare name is not
  EXPECT_EQ(Roles("フィッシングフォーム https://docs.google.com/forms/d/x が使われた。"),
            "https://docs.google.com/forms/d/x malicious");
  // a source of the report is a reference; in a threat report an undecided host is malicious
  const std::vector<std::string> sources = {"https://kasora-news.jp/a"};
  EXPECT_EQ(Roles("https://kasora-news.jp/a", "incident", &sources),
            "https://kasora-news.jp/a reference");
  EXPECT_EQ(Roles("- kasora-update.net", "threat_report"), "kasora-update.net malicious");
  EXPECT_EQ(Roles("The group also runs kasora-update.net.", "threat_report"),
            "kasora-update.net reference");
  EXPECT_EQ(Roles("- https://kasora-blog.jp/img/fig1.png", "threat_report"),
            "https://kasora-blog.jp/img/fig1.png reference");
  EXPECT_EQ(Roles("kasora-update.net", "incident"), "kasora-update.net reference");
}

TEST(IocRoles, MaliciousAnywhereIsMaliciousEverywhere) {
  // a compromised legitimate site: named as the victim's, then as a redirect destination
  EXPECT_EQ(Roles("当社サイト kasora.co.jp が改ざんされました。\n誘導先は kasora.co.jp でした。"),
            "kasora.co.jp malicious | kasora.co.jp malicious");
  const auto& p = testing::DefaultPipeline();
  const std::string text = "出典: kasora-news.jp\nC2: kasora-news.jp";
  std::vector<Ioc> iocs = p.iocs.ScanAll(text);
  p.roles.Judge(text, &iocs, {});
  ASSERT_EQ(iocs.size(), 2u);
  EXPECT_EQ(iocs[0].role, "malicious");
  EXPECT_NE(iocs[0].role_reason.find("elsewhere"), std::string::npos) << iocs[0].role_reason;
}

TEST(IocRoles, HundredsOfIndicatorsAndBrokenTablesStayBounded) {
  const auto& p = testing::DefaultPipeline();
  // 600 hosts under one heading, then a table whose rows lost their cells' separators
  std::string text = "■ 確認された不正な通信先:\n";
  for (int i = 0; i < 600; ++i) text += "・kasora-c" + std::to_string(i) + ".top\n";
  text += "|kasora-x.top|C2|\n|kasora-y.topC2\n";
  // and one line of 20,000 cue words and 2,000 hosts: judged without quadratic work
  std::string line;
  for (int i = 0; i < 2000; ++i) {
    line += "偽サイト C2 出典 当社 kasora-z" + std::to_string(i) + ".top 偽サイト C2 出典 当社 ";
  }
  text += line + "\n";
  std::vector<Ioc> iocs = p.iocs.ScanAll(text);
  p.roles.Judge(text, &iocs, {});
  ASSERT_GE(iocs.size(), 2600u);
  size_t malicious = 0;
  for (const Ioc& i : iocs) {
    EXPECT_FALSE(i.role.empty()) << i.value;
    malicious += i.role == "malicious";
  }
  EXPECT_GE(malicious, 601u);
}

TEST(IocRoles, BadRulesAreErrorsNamingTheLine) {
  auto bad = IocRoles::Create({"roles.rules", "cue\tevil\tx\n"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("roles.rules:1"), std::string::npos);
  EXPECT_FALSE(IocRoles::Create({"roles.rules", "word\tmalicious\tx\n"}).ok());
  EXPECT_FALSE(IocRoles::Create({"roles.rules", "cue\tmalicious\n"}).ok());
}

}  // namespace
}  // namespace jikenbo::extract
