#!/bin/bash
# check-install.sh BUILD_DIR: `cmake --install` into a scratch folder puts everything in the
# usual places; the desktop entry and the metainfo pass their validators; the man pages
# render without a warning and show every option of --help (they are made from the same
# tables, this proves the build wrote them). Seconds; needs desktop-file-utils, appstream, groff.
set -euo pipefail
build=$(cd "$1" && pwd -P)
id=io.github.ferry.Ferry
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ferry-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$scratch cmake --install "$build" --prefix /usr >"$scratch.log" 2>&1 || { cat "$scratch.log"; fail "cmake --install"; }
rm -f "$scratch.log"
root=$scratch/usr

expected=(bin/ferry bin/ferry-cli share/applications/$id.desktop share/metainfo/$id.metainfo.xml
          share/icons/hicolor/scalable/apps/$id.svg share/man/man1/ferry.1.gz share/man/man1/ferry-cli.1.gz)
for size in 16 22 24 32 48 64 128 256; do
    expected+=("share/icons/hicolor/${size}x${size}/apps/$id.png")
done
for file in "${expected[@]}"; do
    [[ -s $root/$file ]] || fail "not installed: /usr/$file"
done
for size in 16 48 256; do
    file "$root/share/icons/hicolor/${size}x${size}/apps/$id.png" | grep -q "$size x $size" ||
        fail "the ${size}x${size} icon is not ${size} pixels square"
done
# Nothing else: every installed file is one of the above.
installed=$(cd "$root" && find . -type f | sed 's|^\./||' | sort)
unexpected=$(comm -23 <(echo "$installed") <(printf '%s\n' "${expected[@]}" | sort))
[[ -z $unexpected ]] || fail "unexpected files installed: $unexpected"

desktop-file-validate "$root/share/applications/$id.desktop" || fail "desktop-file-validate"
for scheme in ftp ftps ftpes sftp; do
    grep -q "^MimeType=.*x-scheme-handler/$scheme;" "$root/share/applications/$id.desktop" ||
        fail "the desktop entry does not handle $scheme://"
done
grep -q "^Icon=$id$" "$root/share/applications/$id.desktop" || fail "the desktop entry's icon is not $id"
appstreamcli validate --no-net "$root/share/metainfo/$id.metainfo.xml" || fail "appstreamcli validate"

for program in ferry ferry-cli; do
    page=$root/share/man/man1/$program.1.gz
    warnings=$(zcat "$page" | groff -man -ww -z -Tutf8 2>&1)
    [[ -z $warnings ]] || fail "$program.1: $warnings"
    text=$(zcat "$page" | groff -man -Tutf8 -P-cbou 2>/dev/null)
    # Every option --help shows is in the page (from the same table).
    options=$("$root/bin/$program" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u)
    [[ $(echo "$options" | wc -l) -ge 4 ]] || fail "$program --help lists too few options"
    for option in $options; do
        grep -qF -- "$option" <<<"$text" || fail "$program.1 lacks $option"
    done
done
echo "install layout, validators and man pages: ok"
