//! `lint.toml` parsing and validation on any text: no panic, and every
//! error points into the text, on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use weeklint_core::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text) {
        Ok(config) => {
            // The settings of any path can be asked for.
            let _ = config.settings_for("notes/2023.md");
            assert!(config.max_size_bytes() >= 1 << 20);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(!e.message.is_empty());
                if let Some(span) = e.span {
                    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
                    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                }
            }
        }
    }
});
