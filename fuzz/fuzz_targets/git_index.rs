//! The git index reader on any bytes (truncated files, versions 2 to 4,
//! extended flags, split and sparse indexes): no panic, no runaway
//! allocation, and what it reads is paths from the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(paths) = weeklint_env::git::parse_index(data) else {
        return;
    };
    // Each path is followed by a NUL; a path never holds one.
    assert!(paths.is_empty() || paths.ends_with(&[0]));
    // Version 4 shares prefixes, so paths may add up to more than the
    // file, but each one is at most as long as the file.
    for path in paths.split(|&b| b == 0) {
        assert!(path.len() <= data.len());
    }
});
