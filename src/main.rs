//! The `weeklint` binary: everything lives in `weeklint-cli`.

// Parsing allocates many small, short-lived objects on every thread;
// mimalloc serves them from thread-local pages instead of growing and
// trimming the system allocator's arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    weeklint_cli::main()
}
