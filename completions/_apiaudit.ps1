
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'apiaudit' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'apiaudit'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'apiaudit' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Audit specs and repositories (the main job)')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'The interface inventory (接口清单): every operation with its declared and inferred level, ID, method, path, security, deprecation and location (csv, json, markdown), or the third-party components (cyclonedx)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Combine JSON results of separate runs (one per repository or CI shard) into one report, re-running the cross-repository rules')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rule catalogue')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain one rule in full: what, why, basis, how to fix, examples')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Rectify specs in place: unified interface IDs from the ledger, inferred security levels, sunset dates (--diff shows the edits and changes nothing)')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'What a change does to the interfaces: the change rules (CHG), the interface changelog (接口变更清单) and the findings the change introduced, against the estate at a base revision read from git')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a fully commented apiaudit.toml')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'apiaudit;scan' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of standard output')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write FORMAT to FILE (repeatable), e.g. --report sarif=out.sarif --report html=audit.html')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the config''s [rules])')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Report only findings not in this baseline')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Write the findings of this run as a baseline')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and reports (default: en, or lang in the config''s [report])')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color the terminal output')
            [CompletionResult]::new('--advisories', '--advisories', [CompletionResultType]::ParameterName, 'Local OSV advisory database (directory or zip) for DEP001')
            [CompletionResult]::new('--changed-since', '--changed-since', [CompletionResultType]::ParameterName, 'Report only findings in files changed since REV (git)')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Also scan git history for secrets (KEY001-KEY004): every blob reachable from any ref, or only the commits of REV-RANGE (e.g. --history=origin/main..HEAD)')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Rectification tracking: fixed, new and still-open findings against an earlier JSON result')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not show a progress indicator')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print findings only, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print findings only, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also list every file that was not audited, and why (on standard error)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also list every file that was not audited, and why (on standard error)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Apply no ignore file (.gitignore, .ignore, .apiauditignore); scan.exclude still applies')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Accept a run that finds nothing to audit (otherwise exit code 2)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'apiaudit;inventory' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the inventory to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the inventory to FILE instead of standard output')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of headings and evidence (default: en, or lang in the config''s [report])')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'Mark each entry added, changed, deprecated or removed against the estate at REV (read from git, from where the branch forked from REV)')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSV with a byte order mark, so that Excel reads it as UTF-8')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'apiaudit;merge' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file (severity overrides, rule selection, language)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (severity overrides, rule selection, language)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of standard output')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write FORMAT to FILE (repeatable)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit with 1 when a finding is at or above this severity (default: high, or fail-on in the config''s [rules])')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Rules to report: codes or family prefixes, comma-separated')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Rules to leave out: codes or family prefixes, comma-separated')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and reports (default: en, or lang in the config''s [report])')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color the terminal output')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Rectification tracking: fixed, new and still-open findings against an earlier JSON result')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print findings only, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print findings only, no summary')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'apiaudit;rules' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of titles')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'apiaudit;explain' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color the terminal output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'apiaudit;fix' {
            [CompletionResult]::new('--sunset', '--sunset', [CompletionResultType]::ParameterName, 'Fill the sunset date (YYYY-MM-DD) of deprecated operations that have none')
            [CompletionResult]::new('--replacement', '--replacement', [CompletionResultType]::ParameterName, 'With --sunset: also fill the replacement of deprecated operations that name none')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format of the summary')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the summary')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the summary (or the diff) to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the summary (or the diff) to FILE instead of standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the summary (default: en, or lang in the config''s [report])')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--ids', '--ids', [CompletionResultType]::ParameterName, 'Assign unified interface IDs (annex B) from the ledger to operations without one')
            [CompletionResult]::new('--levels', '--levels', [CompletionResultType]::ParameterName, 'Write the inferred security level where none is declared')
            [CompletionResult]::new('--raise-levels', '--raise-levels', [CompletionResultType]::ParameterName, 'Also raise declared levels lower than the content shows (CLS003); IDs are re-issued')
            [CompletionResult]::new('--reassign-duplicates', '--reassign-duplicates', [CompletionResultType]::ParameterName, 'Give a new ID to every operation whose ID another operation already has (ID003)')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Print a unified diff of the edits and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'apiaudit;review' {
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The revision to compare with (the merge request''s target branch, e.g. origin/main); the estate is compared from where the branch forked from it')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format (`comment`: a Markdown summary to post on the merge request)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (`comment`: a Markdown summary to post on the merge request)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of standard output')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write FORMAT to FILE (repeatable), e.g. --report comment=review.md --report sarif=review.sarif')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit with 1 when a reported finding is at or above this severity')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Rules to run: codes or family prefixes, comma-separated (replaces [rules] select)')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Rules to skip: codes or family prefixes, comma-separated (adds to [rules] ignore)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Also hide the findings in this baseline')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and reports')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color the terminal output')
            [CompletionResult]::new('--advisories', '--advisories', [CompletionResultType]::ParameterName, 'Local OSV advisory database (directory or zip) for DEP001')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not show a progress indicator')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print findings only, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print findings only, no summary')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'apiaudit;init' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the comments')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'apiaudit;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'apiaudit;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Audit specs and repositories (the main job)')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'The interface inventory (接口清单): every operation with its declared and inferred level, ID, method, path, security, deprecation and location (csv, json, markdown), or the third-party components (cyclonedx)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Combine JSON results of separate runs (one per repository or CI shard) into one report, re-running the cross-repository rules')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rule catalogue')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain one rule in full: what, why, basis, how to fix, examples')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Rectify specs in place: unified interface IDs from the ledger, inferred security levels, sunset dates (--diff shows the edits and changes nothing)')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'What a change does to the interfaces: the change rules (CHG), the interface changelog (接口变更清单) and the findings the change introduced, against the estate at a base revision read from git')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a fully commented apiaudit.toml')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'apiaudit;help;scan' {
            break
        }
        'apiaudit;help;inventory' {
            break
        }
        'apiaudit;help;merge' {
            break
        }
        'apiaudit;help;rules' {
            break
        }
        'apiaudit;help;explain' {
            break
        }
        'apiaudit;help;fix' {
            break
        }
        'apiaudit;help;review' {
            break
        }
        'apiaudit;help;init' {
            break
        }
        'apiaudit;help;completions' {
            break
        }
        'apiaudit;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
