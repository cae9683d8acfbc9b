//! The committed C header must equal what cbindgen generates from the current source.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

#[test]
fn committed_header_matches_the_source() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml parses");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let path = crate_dir.join("include/pqgate.h");
    if std::env::var_os("PQGATE_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("header written");
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    if committed != generated {
        panic!(
            "include/pqgate.h is stale: regenerate with \
             `PQGATE_UPDATE_HEADER=1 cargo test -p pqgate-ffi --test header_is_fresh`"
        );
    }
}
