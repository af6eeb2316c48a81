# shellcheck shell=bash
# FileZilla (Debian's filezilla 3.63) driven through its window, for bench/wan.sh (sourced,
# not run): an upload of a local folder, timed from the click that starts it until the
# server holds every file at its full size. One fresh configuration per run (the template
# is made once: FileZilla started, its welcome dialog closed, quit), "Number of Transfers"
# set to the run's parallelism, the message log written to a file with timestamps.
#
#   fz_setup WORK            Xvfb on a free display, the configuration template
#   fz_put P LOCAL_PARENT FOLDER URL SERVER_DIR FILES SIZE
#                            uploads LOCAL_PARENT/FOLDER to URL (a remote folder that exists);
#                            prints the seconds; its CPU (seconds) goes to the file $fz_cpu_file
#   fz_teardown              stops Xvfb (also run at exit through bench_cleanup_hooks)
#
# How the window is driven (xdotool): FileZilla is started with the URL and
# --local=LOCAL_PARENT, so the local file list shows ".." and FOLDER; the dialogs it may
# raise first ("Insecure FTP connection" for plain FTP, "Unknown certificate" for FTPS) are
# answered with Return (continue / trust once); once the log says the remote listing
# succeeded, a right click on FOLDER's row opens the context menu and "u" picks Upload.

fz_display=
fz_xvfb_pid=
fz_template=
fz_cpu_file=

fz_setup() {
    local work=$1 d
    bench_need_tool filezilla xdotool Xvfb
    for d in $(seq 70 99); do
        [[ -e /tmp/.X11-unix/X$d || -e /tmp/.X$d-lock ]] && continue
        fz_display=:$d
        break
    done
    [[ -n $fz_display ]] || bench_die "no free X display for FileZilla"
    Xvfb "$fz_display" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
    fz_xvfb_pid=$!
    bench_cleanup_hooks+=(fz_teardown)
    sleep 1
    fz_cpu_file=$work/fz.cpu
    fz_template=$work/fz-template
    mkdir -p "$fz_template/.config"
    local pid
    DISPLAY=$fz_display HOME=$fz_template XDG_CONFIG_HOME=$fz_template/.config filezilla >/dev/null 2>&1 &
    pid=$!
    fz_wait_window "FileZilla" 30 || bench_die "FileZilla did not open a window"
    # Its welcome dialog comes when it comes (seconds on a busy machine): Return, then quit,
    # until it has gone (bounded).
    local i
    for i in $(seq 30); do
        sleep 2
        DISPLAY=$fz_display xdotool key Return
        sleep 1
        DISPLAY=$fz_display xdotool key ctrl+q
        sleep 1
        kill -0 "$pid" 2>/dev/null || break
    done
    kill -0 "$pid" 2>/dev/null && { kill "$pid"; bench_die "FileZilla would not close its welcome dialog"; }
    wait "$pid" || true
    [[ -f $fz_template/.config/filezilla/filezilla.xml ]] || bench_die "FileZilla wrote no configuration"
}

fz_teardown() {
    [[ -n $fz_xvfb_pid ]] || return 0
    kill "$fz_xvfb_pid" 2>/dev/null || true
    wait "$fz_xvfb_pid" 2>/dev/null || true
    fz_xvfb_pid=
}

# fz_wait_window NAME SECONDS: a window whose title contains NAME exists.
fz_wait_window() {
    local i
    for i in $(seq $(($2 * 10))); do
        DISPLAY=$fz_display xdotool search --name "$1" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# fz_count DIR SIZE: files below DIR of exactly SIZE bytes.
fz_count() { find "$1" -type f -size "$2"c 2>/dev/null | wc -l; }

fz_put() {
    local p=$1 parent=$2 folder=$3 url=$4 server_dir=$5 files=$6 size=$7
    [[ -d $parent/$folder ]] || bench_die "fz_put: no $parent/$folder"
    local home log pid s e i n=0 dialog
    home=$(mktemp -d "$bench_work/fz-run.XXXXXX")
    mkdir -p "$home/.config"
    cp -a "$fz_template/.config/filezilla" "$home/.config/"
    log=$home/filezilla.log
    sed -i -e "s|<Setting name=\"Number of Transfers\">[0-9]*</Setting>|<Setting name=\"Number of Transfers\">$p</Setting>|" \
        -e "s|<Setting name=\"Logging file\" platform=\"unix\"></Setting>|<Setting name=\"Logging file\" platform=\"unix\">$log</Setting>|" \
        -e "s|<Setting name=\"Timestamp in message log\">0</Setting>|<Setting name=\"Timestamp in message log\">1</Setting>|" \
        "$home/.config/filezilla/filezilla.xml"
    DISPLAY=$fz_display HOME=$home XDG_CONFIG_HOME=$home/.config filezilla "$url" --local="$parent" >/dev/null 2>&1 &
    pid=$!
    # Connect: answer its questions until the remote listing is there.
    for i in $(seq 600); do
        grep -q 'Directory listing of .* successful' "$log" 2>/dev/null && break
        for dialog in "Insecure FTP connection" "Unknown certificate"; do
            if DISPLAY=$fz_display xdotool search --name "$dialog" >/dev/null 2>&1; then
                DISPLAY=$fz_display xdotool key Return
                sleep 0.3
            fi
        done
        sleep 0.1
    done
    grep -q 'Directory listing of .* successful' "$log" 2>/dev/null || {
        DISPLAY=$fz_display import -window root "$bench_work/fz-failed.png" 2>/dev/null || true
        kill "$pid" 2>/dev/null || true
        bench_die "FileZilla did not connect (screenshot: $bench_work/fz-failed.png, log: $log)"
    }
    sleep 0.5
    # The local list's second row (after ".."): FOLDER, alone in LOCAL_PARENT. Right click,
    # then Upload.
    DISPLAY=$fz_display xdotool mousemove 141 494 click 3
    sleep 0.5
    s=$(date +%s.%N)
    DISPLAY=$fz_display xdotool key u
    for i in $(seq 36000); do
        n=$(fz_count "$server_dir" "$size")
        ((n >= files)) && break
        sleep 0.1
    done
    e=$(date +%s.%N)
    # Let it finish its last replies, then quit (its CPU first).
    sleep 1
    bench_proc_cpu "$pid" >"$fz_cpu_file"
    DISPLAY=$fz_display xdotool key ctrl+q
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # Its message log (commands and replies, timestamped) beside the other tools' logs.
    [[ -d $bench_work/logs ]] && cp "$log" "$bench_work/logs/filezilla-$(basename "$server_dir")-$(basename "$home").log"
    ((n >= files)) || bench_die "FileZilla uploaded $n of $files files (log: $log)"
    awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'
}
