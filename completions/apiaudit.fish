# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_apiaudit_global_optspecs
    string join \n h/help V/version
end

function __fish_apiaudit_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_apiaudit_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_apiaudit_using_subcommand
    set -l cmd (__fish_apiaudit_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c apiaudit -n "__fish_apiaudit_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -s V -l version -d 'Print version'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "scan" -d 'Audit specs and repositories (the main job)'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "inventory" -d 'The interface inventory (接口清单): every operation with its declared and inferred level, ID, method, path, security, deprecation and location (csv, json, markdown), or the third-party components (cyclonedx)'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "merge" -d 'Combine JSON results of separate runs (one per repository or CI shard) into one report, re-running the cross-repository rules'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "rules" -d 'List the rule catalogue'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "explain" -d 'Explain one rule in full: what, why, basis, how to fix, examples'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "fix" -d 'Rectify specs in place: unified interface IDs from the ledger, inferred security levels, sunset dates (--diff shows the edits and changes nothing)'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "review" -d 'What a change does to the interfaces: the change rules (CHG), the interface changelog (接口变更清单) and the findings the change introduced, against the estate at a base revision read from git'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "init" -d 'Write a fully commented apiaudit.toml'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c apiaudit -n "__fish_apiaudit_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -s c -l config -d 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t''
sarif\t''
junit\t''
github\t''
markdown\t''
html\t''
gitlab\t'GitLab Code Quality JSON'
xlsx\t'Excel workbook: interfaces, findings, log retention, components, summary'
comment\t'A Markdown summary to post as a merge-request comment: counts, the interface changelog of a review, the findings'"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -s o -l output -d 'Write the output to FILE instead of standard output' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l report -d 'Also write FORMAT to FILE (repeatable), e.g. --report sarif=out.sarif --report html=audit.html' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l fail-on -d 'Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the config\'s [rules])' -r -f -a "critical\t''
high\t''
medium\t''
low\t''
info\t''
never\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l select -d 'Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l ignore -d 'Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l baseline -d 'Report only findings not in this baseline' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l write-baseline -d 'Write the findings of this run as a baseline' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l lang -d 'Language of messages and reports (default: en, or lang in the config\'s [report])' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -s j -l jobs -d 'Worker threads (default: the number of CPUs)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l color -d 'Color the terminal output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l advisories -d 'Local OSV advisory database (directory or zip) for DEP001' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l changed-since -d 'Report only findings in files changed since REV (git)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l history -d 'Also scan git history for secrets (KEY001-KEY004): every blob reachable from any ref, or only the commits of REV-RANGE (e.g. --history=origin/main..HEAD)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l compare -d 'Rectification tracking: fixed, new and still-open findings against an earlier JSON result' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l no-progress -d 'Do not show a progress indicator'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -s q -l quiet -d 'Print findings only, no summary'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -s v -l verbose -d 'Also list every file that was not audited, and why (on standard error)'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l no-ignore -d 'Apply no ignore file (.gitignore, .ignore, .apiauditignore); scan.exclude still applies'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -l allow-empty -d 'Accept a run that finds nothing to audit (otherwise exit code 2)'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -s c -l config -d 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -s f -l format -d 'Output format' -r -f -a "csv\t''
json\t''
markdown\t''
cyclonedx\t'Third-party components as a CycloneDX 1.5 JSON SBOM'
xlsx\t'Excel workbook: interfaces, log retention, components (the findings sheet stays empty)'"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -s o -l output -d 'Write the inventory to FILE instead of standard output' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -l lang -d 'Language of headings and evidence (default: en, or lang in the config\'s [report])' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -s j -l jobs -d 'Worker threads (default: the number of CPUs)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -l base -d 'Mark each entry added, changed, deprecated or removed against the estate at REV (read from git, from where the branch forked from REV)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -l bom -d 'Start the CSV with a byte order mark, so that Excel reads it as UTF-8'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand inventory" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -s c -l config -d 'Config file (severity overrides, rule selection, language)' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t''
sarif\t''
junit\t''
github\t''
markdown\t''
html\t''
gitlab\t'GitLab Code Quality JSON'
xlsx\t'Excel workbook: interfaces, findings, log retention, components, summary'
comment\t'A Markdown summary to post as a merge-request comment: counts, the interface changelog of a review, the findings'"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -s o -l output -d 'Write the output to FILE instead of standard output' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -l report -d 'Also write FORMAT to FILE (repeatable)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -l fail-on -d 'Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the config\'s [rules])' -r -f -a "critical\t''
high\t''
medium\t''
low\t''
info\t''
never\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -l select -d 'Rules to report: codes or family prefixes, comma-separated' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -l ignore -d 'Rules to leave out: codes or family prefixes, comma-separated' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -l lang -d 'Language of messages and reports (default: en, or lang in the config\'s [report])' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -l color -d 'Color the terminal output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -l compare -d 'Rectification tracking: fixed, new and still-open findings against an earlier JSON result' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -s q -l quiet -d 'Print findings only, no summary'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand rules" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand rules" -l lang -d 'Language of titles' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand rules" -s h -l help -d 'Print help'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand explain" -l lang -d 'Language' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand explain" -l color -d 'Color the terminal output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand explain" -s h -l help -d 'Print help'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l sunset -d 'Fill the sunset date (YYYY-MM-DD) of deprecated operations that have none' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l replacement -d 'With --sunset: also fill the replacement of deprecated operations that name none' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -s f -l format -d 'Output format of the summary' -r -f -a "text\t''
json\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -s o -l output -d 'Write the summary (or the diff) to FILE instead of standard output' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -s c -l config -d 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l lang -d 'Language of the summary (default: en, or lang in the config\'s [report])' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -s j -l jobs -d 'Worker threads (default: the number of CPUs)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l ids -d 'Assign unified interface IDs (annex B) from the ledger to operations without one'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l levels -d 'Write the inferred security level where none is declared'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l raise-levels -d 'Also raise declared levels lower than the content shows (CLS003); IDs are re-issued'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l reassign-duplicates -d 'Give a new ID to every operation whose ID another operation already has (ID003)'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -l diff -d 'Print a unified diff of the edits and change nothing'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand fix" -s h -l help -d 'Print help'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l base -d 'The revision to compare with (the merge request\'s target branch, e.g. origin/main); the estate is compared from where the branch forked from it' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -s c -l config -d 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -s f -l format -d 'Output format (`comment`: a Markdown summary to post on the merge request)' -r -f -a "text\t''
json\t''
sarif\t''
junit\t''
github\t''
markdown\t''
html\t''
gitlab\t'GitLab Code Quality JSON'
xlsx\t'Excel workbook: interfaces, findings, log retention, components, summary'
comment\t'A Markdown summary to post as a merge-request comment: counts, the interface changelog of a review, the findings'"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -s o -l output -d 'Write the output to FILE instead of standard output' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l report -d 'Also write FORMAT to FILE (repeatable), e.g. --report comment=review.md --report sarif=review.sarif' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l fail-on -d 'Exit with 1 when a reported finding is at or above this severity' -r -f -a "critical\t''
high\t''
medium\t''
low\t''
info\t''
never\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l select -d 'Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l ignore -d 'Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l baseline -d 'Also hide the findings in this baseline' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l lang -d 'Language of messages and reports' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -s j -l jobs -d 'Worker threads (default: the number of CPUs)' -r
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l color -d 'Color the terminal output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l advisories -d 'Local OSV advisory database (directory or zip) for DEP001' -r -F
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -l no-progress -d 'Do not show a progress indicator'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -s q -l quiet -d 'Print findings only, no summary'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand review" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand init" -l lang -d 'Language of the comments' -r -f -a "en\t''
zh\t''"
complete -c apiaudit -n "__fish_apiaudit_using_subcommand init" -l force -d 'Overwrite an existing file'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand init" -s h -l help -d 'Print help'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand completions" -s h -l help -d 'Print help'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "scan" -d 'Audit specs and repositories (the main job)'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "inventory" -d 'The interface inventory (接口清单): every operation with its declared and inferred level, ID, method, path, security, deprecation and location (csv, json, markdown), or the third-party components (cyclonedx)'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "merge" -d 'Combine JSON results of separate runs (one per repository or CI shard) into one report, re-running the cross-repository rules'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "rules" -d 'List the rule catalogue'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "explain" -d 'Explain one rule in full: what, why, basis, how to fix, examples'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "fix" -d 'Rectify specs in place: unified interface IDs from the ledger, inferred security levels, sunset dates (--diff shows the edits and changes nothing)'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "review" -d 'What a change does to the interfaces: the change rules (CHG), the interface changelog (接口变更清单) and the findings the change introduced, against the estate at a base revision read from git'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "init" -d 'Write a fully commented apiaudit.toml'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "completions" -d 'Print shell completions'
complete -c apiaudit -n "__fish_apiaudit_using_subcommand help; and not __fish_seen_subcommand_from scan inventory merge rules explain fix review init completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
