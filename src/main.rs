//! The `apiaudit` binary: the command line, errors mapped to exit code 2.
//!
//! Besides the memory maps of `source::text`, the one `unsafe` of the program is here: setting
//! an option of the allocator through its C interface, before anything else runs.

#![allow(unsafe_code)]

// mimalloc allocates faster than glibc's malloc on several threads and, with purging made
// immediate below, gives a large file's memory back to the system as soon as the file is
// done rather than keeping it for the rest of the run (decision 0013).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in the header's option list (the crate does
/// not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // SAFETY: set before any other thread exists, as mimalloc's option functions require.
    // Freed pages are purged at once (the default waits a second). Transparent huge pages are
    // off at build time (`no_thp`): resident in 2 MiB steps, they made a run of two 9 MiB files
    // 35 MiB larger.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    apiaudit::facade::main()
}
