//! End-to-end tests of the `weeklint` binary.

mod fix;
