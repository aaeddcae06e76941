//! Which `href`s may become links: http, https and relative URLs only.

/// Accepts `https://…`, `http://…` and relative URLs that stay on the page's origin
/// (`/path`, `path`, `?q`, `#f`); refuses every other scheme (`javascript:`, `data:`,
/// `vbscript:`, ...), a protocol-relative `//host/path` (it looks relative but leaves
/// the origin), and any whitespace, control character or backslash, which browsers
/// strip or rewrite in ways that can smuggle a scheme or a host in (`/\evil.example`
/// is `//evil.example` to a browser).
///
/// ```
/// use firstvalue::core::url::check_href;
/// assert!(check_href("/sources/new").is_ok());
/// assert!(check_href("https://acme.example/docs").is_ok());
/// assert!(check_href("javascript:alert(1)").is_err());
/// assert!(check_href("java\tscript:alert(1)").is_err());
/// assert!(check_href("//evil.example/x").is_err());
/// assert!(check_href("/\\evil.example").is_err());
/// ```
pub fn check_href(href: &str) -> Result<(), String> {
    if href.is_empty() {
        return Err(crate::prose_string(prose!("an href must not be empty")));
    }
    if let Some(c) = href
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || *c == '\\')
    {
        return Err(crate::prose_string(prose!(format!(
            "href has {}; encode it (spaces as %20) or remove it",
            super::num::show_char(c)
        ))));
    }
    if href.starts_with("//") {
        return Err(crate::prose_string(prose!(format!(
            "href \"{href}\" leaves the page's origin (a protocol-relative URL): write it with https:// to link to another site"
        ))));
    }
    // A scheme is everything before the first ':' if no '/', '?' or '#' comes first.
    let end = href.find(['/', '?', '#']).unwrap_or(href.len());
    let head = href.get(..end).unwrap_or(href);
    if let Some((scheme, _)) = head.split_once(':') {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(crate::prose_string(prose!(format!(
                "unsafe href scheme \"{scheme}:\": links may only be http, https or relative"
            ))));
        }
    }
    Ok(())
}
