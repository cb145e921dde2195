//! The `apiaudit` binary: the command line, errors mapped to exit code 2.

fn main() -> std::process::ExitCode {
    apiaudit::facade::main()
}
