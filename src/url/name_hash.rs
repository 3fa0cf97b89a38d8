//! The hash of the generated name tables: `build.rs` places each name by it and `catalog` finds
//! names by it, so both compile this file. Data only; it uses no other module.

/// FNV-1a (64 bits) of a name's bytes: a few instructions a byte, and names are short.
pub(crate) fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
