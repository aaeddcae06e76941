//! The widget's stylesheet, minified while the crate compiles.
//!
//! `src/web/style.css` stays readable (comments, one declaration per line); what goes
//! into the wasm is [`WIDGET`], the same rules without comments and without the
//! whitespace CSS ignores. A `const fn` does it, so there is no build script and no
//! dependency, and the host tests can check it. The browser test
//! `the_adopted_stylesheet_means_what_style_css_says` checks that Chromium reads the
//! minified sheet exactly as it reads the source.

/// The widget's CSS as shipped: `src/web/style.css`, minified.
pub const WIDGET: &str = match core::str::from_utf8(&WIDGET_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("style.css is not UTF-8"),
};

const SOURCE: &[u8] = include_bytes!("web/style.css");
const WIDGET_LEN: usize = minify::<0>(SOURCE).1;
const WIDGET_BYTES: [u8; WIDGET_LEN] = minify::<WIDGET_LEN>(SOURCE).0;

/// Whether whitespace next to `b` can go: after or before these, CSS ignores it.
/// (Not `:`-before, which is a descendant combinator in `.a :hover`; not `(`, as in
/// `and (`; not `,`, whose following space a custom property keeps in its value.)
const fn tight(b: u8) -> bool {
    matches!(b, b'{' | b'}' | b';' | b'>')
}

/// Minifies `src` into the first `N` bytes of the result and returns the full length,
/// so a first call with `N = 0` sizes the second. Works on bytes, touching only ASCII
/// ones, so UTF-8 text passes through whole: comments go; quoted strings are kept as
/// written; a run of whitespace becomes one space, or nothing next to a [`tight`]
/// byte or after `:`; a `;` right before `}` goes.
pub const fn minify<const N: usize>(src: &[u8]) -> ([u8; N], usize) {
    let mut out = [0u8; N];
    let mut len = 0;
    let mut i = 0;
    let mut quote = 0u8; // the quote of the string we are in, or 0
    let mut space = false; // whitespace (or a comment) since the last byte written
    let mut semicolon = false; // a `;` held back until we know no `}` follows
    let mut prev = 0u8; // the last byte written (or held back)
                        // Writes a byte while there is room, and counts it either way.
    macro_rules! put {
        ($b:expr) => {{
            if len < N {
                out[len] = $b;
            }
            len += 1;
        }};
    }
    while i < src.len() {
        let b = src[i];
        i += 1;
        if quote == 0 {
            if b == b'/' && i < src.len() && src[i] == b'*' {
                i += 2;
                while i < src.len() && !(src[i - 1] == b'*' && src[i] == b'/') {
                    i += 1;
                }
                i += 1;
                space = true;
                continue;
            }
            if b.is_ascii_whitespace() {
                space = true;
                continue;
            }
            if semicolon {
                semicolon = false;
                if b != b'}' {
                    put!(b';');
                }
            }
            if space && prev != 0 && !tight(prev) && prev != b':' && !tight(b) {
                put!(b' ');
            }
            space = false;
            prev = b;
            if b == b';' {
                semicolon = true;
                continue;
            }
            if b == b'"' || b == b'\'' {
                quote = b;
            }
        } else if b == quote {
            quote = 0;
        }
        put!(b);
    }
    if semicolon {
        put!(b';');
    }
    (out, len)
}
