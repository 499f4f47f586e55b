//! The project's shared folder, `../shared` beside the clone, where CI lays it (`.ci/run`): the
//! compatibility corpus, the Sumo app export and real CloudTrail. A test that reads it fails
//! without it instead of passing on nothing. `TRAILSCOPE_SHARED=DIR` reads another copy (or a
//! missing folder, to see that failure).

// Each test crate uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// The repository's top folder, from whichever of its crates the test belongs to (the CLI's
/// tests live in `tests/` too, as targets of `crates/cli`).
pub fn repo() -> PathBuf {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("ARCHITECTURE.md").exists() {
        assert!(dir.pop(), "no ARCHITECTURE.md above {}", env!("CARGO_MANIFEST_DIR"));
    }
    dir
}

/// `rel` inside the shared folder; panics, saying where it looked and why, when it is not there.
pub fn shared(rel: &str) -> PathBuf {
    let root = match std::env::var_os("TRAILSCOPE_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => repo().join("../shared"),
    };
    let path = root.join(rel);
    assert!(
        path.exists(),
        "{} is missing: this test reads the project's shared folder, which the tests need beside \
         the clone as ../shared (as CI has it; see README, `make test`), or named by TRAILSCOPE_SHARED",
        path.display()
    );
    path
}
