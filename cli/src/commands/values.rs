//! Values from the command line that every command checks the same way: ids (one or a list)
//! and `--tags` lists. An empty one is refused before any request, where the API would read it
//! as "nothing" (`--tags ''` would clear every tag; `rm '' a` would send an empty id).

/// An id argument: any text but an empty or blank one.
pub(crate) fn id(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("an id cannot be empty".to_string());
    }
    Ok(text.to_string())
}

/// One tag of a comma-separated `--tags` list, trimmed; an empty one is refused (`--clear-tags`
/// removes every tag of a file).
pub(crate) fn tag(text: &str) -> Result<String, String> {
    let tag = text.trim();
    if tag.is_empty() {
        return Err(
            "a tag cannot be empty (`update ID --clear-tags` removes every tag)".to_string(),
        );
    }
    Ok(tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_ids_and_tags_are_refused() {
        assert_eq!(id("f1").as_deref(), Ok("f1"));
        assert!(id("").is_err() && id(" ").is_err());
        assert_eq!(tag(" summer ").as_deref(), Ok("summer"));
        assert!(tag("").is_err() && tag("  ").is_err());
    }
}
