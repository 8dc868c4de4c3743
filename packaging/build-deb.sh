#!/usr/bin/env bash
# build-deb.sh BUILD_DIR OUT_DIR
# The Debian package of a release build: installs BUILD_DIR with prefix /usr into a staging
# tree (binary stripped, rules, man pages, systemd units, /etc/default/jikenbo), takes its
# Depends from the shared libraries the binary links (dpkg-shlibdeps), adds the maintainer
# scripts of packaging/debian/ and builds OUT_DIR/jikenbo_VERSION_ARCH.deb with dpkg-deb.
# Prints the package's path.
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: build-deb.sh BUILD_DIR OUT_DIR" >&2
  exit 2
fi
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "$1")
mkdir -p "$2"
out=$(realpath "$2")
for tool in dpkg-deb dpkg-shlibdeps help2man; do
  if ! command -v "$tool" >/dev/null; then
    echo "build-deb.sh: $tool is missing (make deps installs it)" >&2
    exit 1
  fi
done
version=$("$build/jikenbo" --version)
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/root

DESTDIR=$stage cmake --install "$build" --prefix /usr --strip >/dev/null

# Depends: dpkg-shlibdeps reads the package's name from a debian/control in its working
# directory.
mkdir -p "$work/src/debian"
printf 'Source: jikenbo\n\nPackage: jikenbo\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "$stage/usr/bin/jikenbo" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
if [[ -z $depends ]]; then
  echo "build-deb.sh: dpkg-shlibdeps found no libraries for $stage/usr/bin/jikenbo" >&2
  exit 1
fi

mkdir -p "$stage/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  -e "s/@DEPENDS@/$depends/" "$src/packaging/debian/control.in" > "$stage/DEBIAN/control"
for script in postinst prerm postrm; do
  install -m 0755 "$src/packaging/debian/$script" "$stage/DEBIAN/$script"
done
# The settings are the administrator's: dpkg keeps their edits on upgrade.
(cd "$stage" && find etc -type f | sed 's|^|/|' | sort) > "$stage/DEBIAN/conffiles"
(cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"

deb=$out/jikenbo_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
