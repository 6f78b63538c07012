# fish completion for supple; made by `supple completion fish` from supple's own parser
# Put it in ~/.config/fish/completions/supple.fish, or: supple completion fish | source

set -g __supple_takes_value 'calendar|--data-dir' 'completion|--data-dir' 'config/get|--data-dir' 'config/list|--data-dir' 'config/set|--data-dir' 'config|--data-dir' 'doctor|--data-dir' 'done|--data-dir' 'done|--date' 'done|--note' 'done|--pain-after' 'done|--pain-before' 'export|--data-dir' 'export|--format' 'export|--output' 'export|--what' 'export|-o' 'hinge|--data-dir' 'hinge|--date' 'import|--data-dir' 'import|--habit' 'install-extras|--data-dir' 'log|--data-dir' 'log|--limit' 'log|--since' 'measure/activity|--data-dir' 'measure/activity|--date' 'measure/drop|--data-dir' 'measure/fingertip|--data-dir' 'measure/fingertip|--date' 'measure/list|--data-dir' 'measure/rename|--data-dir' 'measure|--data-dir' 'remind|--data-dir' 'report|--data-dir' 'report|--format' 'report|--output' 'report|--weeks' 'report|-o' 'session|--data-dir' 'skip|--data-dir' 'skip|--date' 'skip|--reason' 'skip|--until' 'status|--data-dir' 'sync|--data-dir' 'sync|--folder' 'tutorial|--data-dir' 'undo|--data-dir' '|--data-dir'
set -g __supple_subcommands 'config|get' 'config|list' 'config|set' 'measure|activity' 'measure|drop' 'measure|fingertip' 'measure|list' 'measure|rename' '|calendar' '|completion' '|config' '|doctor' '|done' '|export' '|hinge' '|import' '|install-extras' '|log' '|measure' '|remind' '|report' '|session' '|skip' '|status' '|sync' '|tutorial' '|undo'

# Where the command line is: the subcommand path (config/get) and how many plain
# arguments follow it, as 'PATH|N'.
function __supple_state
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path ''
    set -l count 0
    set -l skip 0
    for token in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        if string match -q -- '-*' $token
            set -l flag (string split -m 1 = -- $token)[1]
            if contains -- "$path|$flag" $__supple_takes_value
                and not string match -q -- "*=*" $token
                set skip 1
            end
        else if contains -- "$path|$token" $__supple_subcommands
            if test -z "$path"
                set path $token
            else
                set path "$path/$token"
            end
            set count 0
        else
            set count (math $count + 1)
        end
    end
    echo "$path|$count"
end

# __supple_at PATH [N]: at that subcommand (with N plain arguments after it, if given).
function __supple_at
    set -l state (string split '|' -- (__supple_state))
    test "$state[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; or test "$state[2]" = "$argv[2]"
end

complete -c supple -f
complete -c supple -n '__supple_at \'\'' -a 'tutorial' -d 'open the tutorial'
complete -c supple -n '__supple_at \'\'' -a 'session' -d 'open the app on a guided session'
complete -c supple -n '__supple_at \'\'' -a 'calendar' -d 'open the app on the calendar'
complete -c supple -n '__supple_at \'\'' -a 'done' -d 'log a complete session'
complete -c supple -n '__supple_at \'\'' -a 'skip' -d 'mark rest or pause days'
complete -c supple -n '__supple_at \'\'' -a 'status' -d 'today, streaks, strength'
complete -c supple -n '__supple_at \'\'' -a 'config' -d 'show or change settings'
complete -c supple -n '__supple_at \'\'' -a 'export' -d 'write your data out'
complete -c supple -n '__supple_at \'\'' -a 'import' -d 'merge sessions from an export or another tracker'
complete -c supple -n '__supple_at \'\'' -a 'remind' -d 'the reminder daemon'
complete -c supple -n '__supple_at \'\'' -a 'measure' -d 'record the self-test and your activities'
complete -c supple -n '__supple_at \'\'' -a 'hinge' -d 'the evening check of the everyday hinge'
complete -c supple -n '__supple_at \'\'' -a 'report' -d 'a one-page report for a clinician'
complete -c supple -n '__supple_at \'\'' -a 'sync' -d 'sync through a folder (Syncthing, Nextcloud, Dropbox)'
complete -c supple -n '__supple_at \'\'' -a 'doctor' -d 'check the data, backups and notifications'
complete -c supple -n '__supple_at \'\'' -a 'completion' -d 'print a shell completion script'
complete -c supple -n '__supple_at \'\'' -a 'log' -d 'the sessions, newest first'
complete -c supple -n '__supple_at \'\'' -a 'undo' -d 'take back the last change made from the shell'
complete -c supple -n '__supple_at \'\'' -a 'install-extras' -d 'install the manual page, completions and desktop entry'
complete -c supple -n '__supple_at \'\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'\'' -l version -d 'show program\'s version number and exit'
complete -c supple -n '__supple_at \'tutorial\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'tutorial\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'tutorial\'' -l print -d 'print it as plain text'
complete -c supple -n '__supple_at \'tutorial\'' -l figures -l no-figures -d 'with --print: draw the figures (the default on a terminal), or describe each in words (--no-figures, the default when piped)'
complete -c supple -n '__supple_at \'session\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'session\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'calendar\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'calendar\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'done\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'done\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'done\'' -l date -x -d 'the day: YYYY-MM-DD, today, yesterday, -N (days ago) or a weekday (the last one); default today'
complete -c supple -n '__supple_at \'done\'' -l pain-before -x -d 'pain before, 0-10'
complete -c supple -n '__supple_at \'done\'' -l pain-after -x -d 'pain after, 0-10'
complete -c supple -n '__supple_at \'done\'' -l note -x -d 'a short note'
complete -c supple -n '__supple_at \'done\'' -s q -l quiet -d 'print nothing but errors (for scripts)'
complete -c supple -n '__supple_at \'skip\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'skip\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'skip\'' -l date -x -d 'first day: YYYY-MM-DD, today, yesterday, -N or a weekday (the last one); default today'
complete -c supple -n '__supple_at \'skip\'' -l until -x -d 'last day of a pause (inclusive; a weekday name means the next one)'
complete -c supple -n '__supple_at \'skip\'' -l reason -x -d 'why (shown in the calendar)'
complete -c supple -n '__supple_at \'skip\'' -l clear -d 'make these days ordinary days again'
complete -c supple -n '__supple_at \'skip\'' -s q -l quiet -d 'print nothing but errors (for scripts)'
complete -c supple -n '__supple_at \'status\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'status\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'status\'' -l json -d 'print JSON'
complete -c supple -n '__supple_at \'status\'' -l short -d 'one line for a prompt or a status bar (done, streak, next reminder)'
complete -c supple -n '__supple_at \'config\'' -a 'list' -d 'every key and its value'
complete -c supple -n '__supple_at \'config\'' -a 'get' -d 'one key\'s value'
complete -c supple -n '__supple_at \'config\'' -a 'set' -d 'change a key'
complete -c supple -n '__supple_at \'config\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'config\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'config/list\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'config/list\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'config/list\'' -l json -d 'print JSON: each key\'s value, default and help'
complete -c supple -n '__supple_at \'config/get\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'config/get\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'config/get\' 0' -x -a 'good-morning.sets good-morning.reps good-morning.hold rotation.sets rotation.reps tempo rest get-ready position-time wait-for-position bell sound voice reminders reminder-days remind-when-done reminder-grace day-start theme mouse self-test-every hinge-moments hinge-nudges sync-folder'
complete -c supple -n '__supple_at \'config/set\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'config/set\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'config/set\' 0' -x -a 'good-morning.sets good-morning.reps good-morning.hold rotation.sets rotation.reps tempo rest get-ready position-time wait-for-position bell sound voice reminders reminder-days remind-when-done reminder-grace day-start theme mouse self-test-every hinge-moments hinge-nudges sync-folder'
complete -c supple -n '__supple_at \'export\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'export\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'export\'' -l format -x -a 'json csv ics' -d 'json (the default), csv or ics'
complete -c supple -n '__supple_at \'export\'' -s o -l output -r -F -d 'file to write (default stdout)'
complete -c supple -n '__supple_at \'export\'' -l what -x -a 'sessions measurements' -d 'with --format csv: the sessions (the default) or the self-test and activity scores'
complete -c supple -n '__supple_at \'import\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'import\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'import\'' -l habit -x -d 'which habit of another tracker\'s file to import'
complete -c supple -n '__supple_at \'import\'' -s q -l quiet -d 'print nothing but errors (for scripts)'
complete -c supple -n '__supple_at \'import\' 0' -F
complete -c supple -n '__supple_at \'remind\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'remind\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'remind\'' -l once -d 'check now, notify if due, exit'
complete -c supple -n '__supple_at \'remind\'' -l test -d 'send a test notification now'
complete -c supple -n '__supple_at \'remind\'' -l install -d 'write a systemd user service'
complete -c supple -n '__supple_at \'remind\'' -l uninstall -d 'remove the systemd user service'
complete -c supple -n '__supple_at \'remind\'' -l cron -d 'with --install: print a crontab line instead (for systems without systemd)'
complete -c supple -n '__supple_at \'measure\'' -a 'fingertip' -d 'record the fingertip-to-floor distance'
complete -c supple -n '__supple_at \'measure\'' -a 'activity' -d 'score one of your activities'
complete -c supple -n '__supple_at \'measure\'' -a 'list' -d 'every measurement'
complete -c supple -n '__supple_at \'measure\'' -a 'rename' -d 'rename an activity (its scores stay)'
complete -c supple -n '__supple_at \'measure\'' -a 'drop' -d 'stop scoring an activity'
complete -c supple -n '__supple_at \'measure\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'measure\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'measure/fingertip\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'measure/fingertip\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'measure/fingertip\'' -l date -x -d 'the day (YYYY-MM-DD, today, yesterday, -N (days ago) or a weekday name; default today)'
complete -c supple -n '__supple_at \'measure/activity\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'measure/activity\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'measure/activity\'' -l date -x -d 'the day (YYYY-MM-DD, today, yesterday, -N (days ago) or a weekday name; default today)'
complete -c supple -n '__supple_at \'measure/list\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'measure/list\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'measure/list\'' -l json -d 'print JSON'
complete -c supple -n '__supple_at \'measure/rename\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'measure/rename\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'measure/drop\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'measure/drop\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'hinge\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'hinge\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'hinge\'' -l date -x -d 'the day (YYYY-MM-DD, today, yesterday, -N (days ago) or a weekday name; default today)'
complete -c supple -n '__supple_at \'report\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'report\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'report\'' -s o -l output -r -F -d 'file to write (default: supple-report-DATE.pdf here; for md, stdout); - for stdout'
complete -c supple -n '__supple_at \'report\'' -l weeks -x -d 'weeks to cover (default 12)'
complete -c supple -n '__supple_at \'report\'' -l format -x -a 'pdf md' -d 'pdf (the default) or md'
complete -c supple -n '__supple_at \'sync\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'sync\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'sync\'' -l folder -x -a '(__fish_complete_directories)' -d 'turn sync on, through this folder'
complete -c supple -n '__supple_at \'sync\'' -l off -d 'turn sync off'
complete -c supple -n '__supple_at \'sync\'' -l status -d 'the devices, the last change from each, problems'
complete -c supple -n '__supple_at \'sync\'' -l json -d 'with --status: print JSON'
complete -c supple -n '__supple_at \'doctor\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'doctor\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'doctor\'' -l json -d 'print the same findings as JSON'
complete -c supple -n '__supple_at \'completion\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'completion\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'completion\' 0' -x -a 'bash zsh fish'
complete -c supple -n '__supple_at \'log\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'log\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'log\'' -l since -x -d 'from this day on (YYYY-MM-DD, today, yesterday, -N (days ago) or a weekday name)'
complete -c supple -n '__supple_at \'log\'' -l limit -x -d 'the newest N sessions only'
complete -c supple -n '__supple_at \'log\'' -l json -d 'print a JSON list of the sessions'
complete -c supple -n '__supple_at \'undo\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'undo\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'install-extras\'' -s h -l help -d 'show this help message and exit'
complete -c supple -n '__supple_at \'install-extras\'' -l data-dir -x -a '(__fish_complete_directories)' -d 'where supple keeps its data (default: $SUPPLE_DATA_DIR or the user data dir)'
complete -c supple -n '__supple_at \'install-extras\'' -l uninstall -d 'remove the files install-extras wrote'
