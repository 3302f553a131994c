//! The `weeklint` binary: everything lives in `weeklint-cli`.

fn main() -> std::process::ExitCode {
    weeklint_cli::main()
}
