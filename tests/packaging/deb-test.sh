#!/bin/bash
# deb-test.sh BUILD_DIR [OUT]: CPack's .deb of BUILD_DIR installed on this machine with
# apt-get, used, and purged. Needs root (CI runs as root; elsewhere it is skipped: exit 77)
# and no other `ferry` package installed (then it is skipped too: it never touches one).
#   1. cpack -G DEB (the build's binaries, stripped): Depends from dpkg-shlibdeps plus
#      libsecret-1-0, libqt6sql6-sqlite and qt6-qpa-plugins, checked in the control file;
#   2. apt-get install ./ferry_*.deb (offline: every dependency is already installed);
#   3. ferry --version, ferry-cli --version, man -w, ferry-cli ls against the demo server
#      (tools/demo-server), the window under Xvfb for a few seconds, connected there
#      (screenshot in OUT, default BUILD_DIR/screenshots/package);
#   4. apt-get purge: the package is gone and so is every file it installed.
set -euo pipefail
build=$(cd "$1" && pwd -P)
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=${2:-$build/screenshots/package}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || skip "installing a package needs root"
status=$(dpkg-query -W -f='${Status}' ferry 2>/dev/null || true)
[[ -z $status || $status == *not-installed* ]] || skip "a ferry package is installed already ($status)"
for tool in cpack dpkg-shlibdeps xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || fail "$tool is missing (tools/install-deps test)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-deb.XXXXXX")
pid_file=$work/demo.pid
installed=0
cleanup() {
    [[ -f $pid_file ]] && kill "$(cat "$pid_file")" 2>/dev/null
    # A failure half-way must not leave the package on the machine.
    if [[ $installed == 1 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq ferry >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
SECONDS=0
elapsed() { echo "$SECONDS s"; }

# 1. The package.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/packages" >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$work"/packages/ferry_*.deb)
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) after $(elapsed)"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libsecret-1-0 libqt6sql6-sqlite qt6-qpa-plugins libqt6widgets6 libqt6network6 libqt6svg6 libssh-4; do
    grep -qE "(^|, )$dep( |,|$)" <<<"$depends" || fail "Depends lacks $dep"
done
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/contents"
for file in /usr/bin/ferry /usr/bin/ferry-cli /usr/share/applications/io.github.ferry.Ferry.desktop \
    /usr/share/metainfo/io.github.ferry.Ferry.metainfo.xml /usr/share/man/man1/ferry-cli.1.gz \
    /usr/share/icons/hicolor/48x48/apps/io.github.ferry.Ferry.png; do
    grep -qxF "$file" "$work/contents" || fail "the package lacks $file"
done

# 2. Install.
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log" >&2; fail "apt-get install"; }
dpkg-query -L ferry | sort >"$work/files"
echo "installed after $(elapsed): $(wc -l <"$work/files") paths"

# 3. Use it, from /usr/bin, with a scratch HOME.
home=$work/home
mkdir -p "$home"
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache
[[ $(command -v ferry) == /usr/bin/ferry ]] || fail "ferry is not /usr/bin/ferry"
[[ $(env -u DISPLAY ferry --version) == "ferry "* ]] || fail "ferry --version"
[[ $(ferry-cli --version) == "ferry-cli "* ]] || fail "ferry-cli --version"
[[ $(man -w ferry-cli) == /usr/share/man/man1/ferry-cli.1.gz ]] || fail "man -w ferry-cli"
port=$("$repo/tools/demo-server" --port 0 --background --pid-file "$pid_file" | head -n 1)
url="ftp://demo:demo@127.0.0.1:$port/"
listing=$(ferry-cli --tls plain ls "$url") || fail "ferry-cli ls $url"
grep -q "README.txt" <<<"$listing" || fail "ferry-cli ls shows no README.txt: $listing"
mkdir -p "$out"
cat >"$work/gui.sh" <<'GUI'
#!/bin/bash
# Inside Xvfb: the installed window on the demo server for a few seconds.
set -euo pipefail
url=$1 out=$2 log=$3
QT_QPA_PLATFORM=xcb ferry --local "$HOME" "$url" >"$log" 2>&1 &
app=$!
window=$(timeout 30 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
[[ -n $window ]] || { echo "no window" >&2; exit 1; }
timeout 20 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null || { echo "not connected" >&2; exit 1; }
sleep 2
import -window root "$out/installed-window.png"
kill -0 "$app" || { echo "the window died" >&2; exit 1; }
kill "$app"
wait "$app" || true
GUI
xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/gui.sh" "$url" "$out" "$work/gui.log" ||
    { cat "$work/gui.log" >&2; fail "the installed window under Xvfb"; }
echo "used after $(elapsed): --version, man, ferry-cli ls, the window connected (screenshot in $out)"

# 4. Purge: nothing left.
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq ferry >"$work/purge.log" 2>&1 ||
    { cat "$work/purge.log" >&2; fail "apt-get purge"; }
installed=0
status=$(dpkg-query -W -f='${Status}' ferry 2>/dev/null || true)
[[ -z $status || $status == *not-installed* ]] || fail "still known to dpkg after purge: $status"
left=()
while IFS= read -r path; do
    [[ -e $path && ! -d $path ]] && left+=("$path")
done <"$work/files"
[[ ${#left[@]} -eq 0 ]] || fail "left behind: ${left[*]}"
dpkg-query -L ferry >/dev/null 2>&1 && fail "dpkg -L ferry still lists files"
echo "purged after $(elapsed): nothing left"
