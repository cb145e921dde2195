
use builtin;
use str;

set edit:completion:arg-completer[apiaudit] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'apiaudit'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'apiaudit'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scan 'Audit specs and repositories (the main job)'
            cand inventory 'The interface inventory (接口清单): every operation with its declared and inferred level, ID, method, path, security, deprecation and location (csv, json, markdown), or the third-party components (cyclonedx)'
            cand merge 'Combine JSON results of separate runs (one per repository or CI shard) into one report, re-running the cross-repository rules'
            cand rules 'List the rule catalogue'
            cand explain 'Explain one rule in full: what, why, basis, how to fix, examples'
            cand fix 'Rectify specs in place: unified interface IDs from the ledger, inferred security levels, sunset dates (--diff shows the edits and changes nothing)'
            cand review 'What a change does to the interfaces: the change rules (CHG), the interface changelog (接口变更清单) and the findings the change introduced, against the estate at a base revision read from git'
            cand init 'Write a fully commented apiaudit.toml'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'apiaudit;scan'= {
            cand -c 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand --config 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of standard output'
            cand --output 'Write the output to FILE instead of standard output'
            cand --report 'Also write FORMAT to FILE (repeatable), e.g. --report sarif=out.sarif --report html=audit.html'
            cand --fail-on 'Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the config''s [rules])'
            cand --select 'Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)'
            cand --ignore 'Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)'
            cand --baseline 'Report only findings not in this baseline'
            cand --write-baseline 'Write the findings of this run as a baseline'
            cand --lang 'Language of messages and reports (default: en, or lang in the config''s [report])'
            cand -j 'Worker threads (default: the number of CPUs)'
            cand --jobs 'Worker threads (default: the number of CPUs)'
            cand --color 'Color the terminal output'
            cand --advisories 'Local OSV advisory database (directory or zip) for DEP001'
            cand --changed-since 'Report only findings in files changed since REV (git)'
            cand --history 'Also scan git history for secrets (KEY001-KEY004): every blob reachable from any ref, or only the commits of REV-RANGE (e.g. --history=origin/main..HEAD)'
            cand --compare 'Rectification tracking: fixed, new and still-open findings against an earlier JSON result'
            cand --no-progress 'Do not show a progress indicator'
            cand -q 'Print findings only, no summary'
            cand --quiet 'Print findings only, no summary'
            cand -v 'Also list every file that was not audited, and why (on standard error)'
            cand --verbose 'Also list every file that was not audited, and why (on standard error)'
            cand --no-ignore 'Apply no ignore file (.gitignore, .ignore, .apiauditignore); scan.exclude still applies'
            cand --allow-empty 'Accept a run that finds nothing to audit (otherwise exit code 2)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'apiaudit;inventory'= {
            cand -c 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand --config 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the inventory to FILE instead of standard output'
            cand --output 'Write the inventory to FILE instead of standard output'
            cand --lang 'Language of headings and evidence (default: en, or lang in the config''s [report])'
            cand -j 'Worker threads (default: the number of CPUs)'
            cand --jobs 'Worker threads (default: the number of CPUs)'
            cand --base 'Mark each entry added, changed, deprecated or removed against the estate at REV (read from git, from where the branch forked from REV)'
            cand --bom 'Start the CSV with a byte order mark, so that Excel reads it as UTF-8'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'apiaudit;merge'= {
            cand -c 'Config file (severity overrides, rule selection, language)'
            cand --config 'Config file (severity overrides, rule selection, language)'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of standard output'
            cand --output 'Write the output to FILE instead of standard output'
            cand --report 'Also write FORMAT to FILE (repeatable)'
            cand --fail-on 'Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the config''s [rules])'
            cand --select 'Rules to report: codes or family prefixes, comma-separated'
            cand --ignore 'Rules to leave out: codes or family prefixes, comma-separated'
            cand --lang 'Language of messages and reports (default: en, or lang in the config''s [report])'
            cand --color 'Color the terminal output'
            cand --compare 'Rectification tracking: fixed, new and still-open findings against an earlier JSON result'
            cand -q 'Print findings only, no summary'
            cand --quiet 'Print findings only, no summary'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'apiaudit;rules'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --lang 'Language of titles'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'apiaudit;explain'= {
            cand --lang 'Language'
            cand --color 'Color the terminal output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'apiaudit;fix'= {
            cand --sunset 'Fill the sunset date (YYYY-MM-DD) of deprecated operations that have none'
            cand --replacement 'With --sunset: also fill the replacement of deprecated operations that name none'
            cand -f 'Output format of the summary'
            cand --format 'Output format of the summary'
            cand -o 'Write the summary (or the diff) to FILE instead of standard output'
            cand --output 'Write the summary (or the diff) to FILE instead of standard output'
            cand -c 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand --config 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand --lang 'Language of the summary (default: en, or lang in the config''s [report])'
            cand -j 'Worker threads (default: the number of CPUs)'
            cand --jobs 'Worker threads (default: the number of CPUs)'
            cand --ids 'Assign unified interface IDs (annex B) from the ledger to operations without one'
            cand --levels 'Write the inferred security level where none is declared'
            cand --raise-levels 'Also raise declared levels lower than the content shows (CLS003); IDs are re-issued'
            cand --reassign-duplicates 'Give a new ID to every operation whose ID another operation already has (ID003)'
            cand --diff 'Print a unified diff of the edits and change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'apiaudit;review'= {
            cand --base 'The revision to compare with (the merge request''s target branch, e.g. origin/main); the estate is compared from where the branch forked from it'
            cand -c 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand --config 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)'
            cand -f 'Output format (`comment`: a Markdown summary to post on the merge request)'
            cand --format 'Output format (`comment`: a Markdown summary to post on the merge request)'
            cand -o 'Write the output to FILE instead of standard output'
            cand --output 'Write the output to FILE instead of standard output'
            cand --report 'Also write FORMAT to FILE (repeatable), e.g. --report comment=review.md --report sarif=review.sarif'
            cand --fail-on 'Exit with 1 when a reported finding is at or above this severity'
            cand --select 'Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)'
            cand --ignore 'Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)'
            cand --baseline 'Also hide the findings in this baseline'
            cand --lang 'Language of messages and reports'
            cand -j 'Worker threads (default: the number of CPUs)'
            cand --jobs 'Worker threads (default: the number of CPUs)'
            cand --color 'Color the terminal output'
            cand --advisories 'Local OSV advisory database (directory or zip) for DEP001'
            cand --no-progress 'Do not show a progress indicator'
            cand -q 'Print findings only, no summary'
            cand --quiet 'Print findings only, no summary'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'apiaudit;init'= {
            cand --lang 'Language of the comments'
            cand --force 'Overwrite an existing file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'apiaudit;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'apiaudit;help'= {
            cand scan 'Audit specs and repositories (the main job)'
            cand inventory 'The interface inventory (接口清单): every operation with its declared and inferred level, ID, method, path, security, deprecation and location (csv, json, markdown), or the third-party components (cyclonedx)'
            cand merge 'Combine JSON results of separate runs (one per repository or CI shard) into one report, re-running the cross-repository rules'
            cand rules 'List the rule catalogue'
            cand explain 'Explain one rule in full: what, why, basis, how to fix, examples'
            cand fix 'Rectify specs in place: unified interface IDs from the ledger, inferred security levels, sunset dates (--diff shows the edits and changes nothing)'
            cand review 'What a change does to the interfaces: the change rules (CHG), the interface changelog (接口变更清单) and the findings the change introduced, against the estate at a base revision read from git'
            cand init 'Write a fully commented apiaudit.toml'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'apiaudit;help;scan'= {
        }
        &'apiaudit;help;inventory'= {
        }
        &'apiaudit;help;merge'= {
        }
        &'apiaudit;help;rules'= {
        }
        &'apiaudit;help;explain'= {
        }
        &'apiaudit;help;fix'= {
        }
        &'apiaudit;help;review'= {
        }
        &'apiaudit;help;init'= {
        }
        &'apiaudit;help;completions'= {
        }
        &'apiaudit;help;help'= {
        }
    ]
    $completions[$command]
}
