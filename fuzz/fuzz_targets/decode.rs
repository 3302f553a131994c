//! Reading a file's bytes as Markdown text (BOMs, NULs, invalid UTF-8,
//! UTF-16, CR-only): no panic; text is the bytes unchanged; an error
//! names a position inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use weeklint_cli::read::{ReadError, decode, read_limited};
use weeklint_core::Source;

fuzz_target!(|data: &[u8]| {
    match decode(data.to_vec()) {
        Ok(text) => {
            assert_eq!(text.as_bytes(), data);
            assert!(!data.contains(&0));
            // Every line of it can be indexed and located.
            let source = Source::new(text);
            let end = source.line_col(source.text().len());
            assert!(end.line >= 1 && end.line <= source.line_count() + 1);
        }
        Err(ReadError::Content(what)) => {
            assert!(std::str::from_utf8(data).is_err() || data.contains(&0), "{what}");
            let lines = data.split(|&b| b == b'\n').count();
            if let Some(at) = what.split(" at line ").nth(1) {
                let line: usize = at.split(',').next().and_then(|n| n.parse().ok()).unwrap();
                assert!(line >= 1 && line <= lines, "{what}");
            }
        }
        Err(ReadError::Io(e)) => panic!("decoding does no I/O: {e}"),
    }
    // A bounded read never returns more than its limit.
    let limit = (data.len() / 2) as u64;
    match read_limited(data, 0, limit).unwrap() {
        Some(bytes) => assert!(bytes.len() as u64 <= limit && bytes == data),
        None => assert!(data.len() as u64 > limit),
    }
});
