#!/usr/bin/env bash
# House rules that a compiler does not check: no std::regex, clang-format clean, no rules keyed to
# the seed documents' organisations.   Usage: house_checks.sh path/to/repo
set -uo pipefail
cd "$1"
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

files=$(find src bench tests -name '*.cc' -o -name '*.h' | sort)
if grep -nE '#include *<regex>|std::regex' $files; then bad "std::regex is banned (use RE2)"; else ok; fi
if grep -nE '#include *<cctype>|std::locale' $(find src -name '*.cc' -o -name '*.h'); then
  bad "<cctype>/std::locale on text (use base/utf8.h)"
else ok; fi
if command -v clang-format >/dev/null; then
  if clang-format --dry-run -Werror $files 2>"$PWD/.format.log"; then ok; else
    head -20 .format.log
    bad "clang-format: run 'make format'"
  fi
  rm -f .format.log
else
  echo "SKIP: clang-format not installed"
fi
# Extraction must rest on general rules: no organisation from the seed documents in code or rules.
SHARED=../shared
if [ -f "$SHARED/gold/seeds.jsonl" ] && command -v jq >/dev/null; then
  jq -r '.title_org // empty, .victim_orgs[]?' "$SHARED/gold/seeds.jsonl" | sort -u |
    sed -E 's/^(株式会社|特定非営利活動法人|社会福祉法人|国立研究開発法人)//; s/(株式会社)$//' |
    awk 'length($0) >= 3' | grep -vxE '東京都|三重県|川崎市|杉並区' > .names
  grep -P '[^\x00-\x7F]' .names > .names.ja
  grep -vP '[^\x00-\x7F]' .names > .names.en
  # Latin names: not inside a longer Latin word (ACE is not in TRACE), whatever follows (Xyz社).
  en=$(sed 's/[][\.*^$]/\\&/g; s/.*/(?<![A-Za-z])&(?![A-Za-z])/' .names.en | paste -sd'|')
  if grep -rnF -f .names.ja src rules || { [ -n "$en" ] && grep -rnP "$en" src rules; }; then
    bad "src/ or rules/ names an organisation of the seed documents"
  else ok; fi
  rm -f .names .names.ja .names.en
else
  echo "SKIP: ../shared absent: seed-name check skipped"
fi
echo "house: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
