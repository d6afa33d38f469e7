//! Neutralising stored text for display. Text is stored exactly as typed; anything printed to a
//! terminal or a Markdown/CSV file goes through [`sanitize`] so an escape sequence or a bidi override
//! in a note cannot repaint the screen or reorder a line.

/// Control characters (except `\n` and `\t`) become `U+FFFD`-free visible placeholders; bidi and
/// zero-width format characters are dropped.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push(control_picture(c)),
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            '\u{FEFF}' | '\u{061C}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One line: like [`sanitize`], with newlines and tabs shown as spaces.
pub fn one_line(s: &str) -> String {
    sanitize(s)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

fn control_picture(c: char) -> char {
    let code = c as u32;
    match code {
        // C0 controls have "control pictures" (␛ for ESC, ␀ for NUL), one cell wide.
        0..=0x1F => char::from_u32(0x2400 + code).unwrap_or('?'),
        0x7F => '\u{2421}',
        _ => '?',
    }
}

/// A key that sorts names as people expect: case-insensitive, accents like their base letter
/// (Bächle before Brunner).
pub fn sort_key(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' | 'à' | 'á' | 'â' | 'å' => 'a',
            'ö' | 'ò' | 'ó' | 'ô' => 'o',
            'ü' | 'ù' | 'ú' | 'û' => 'u',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ß' => 's',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(sanitize("a\x1b[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(sanitize("nul\0"), "nul\u{2400}");
        assert_eq!(sanitize("del\x7f"), "del\u{2421}");
        assert_eq!(sanitize("c1\u{9b}31m"), "c1?31m");
    }

    #[test]
    fn bidi_and_zero_width_are_dropped() {
        assert_eq!(sanitize("ab\u{202E}cd\u{2066}e\u{200B}f"), "abcdef");
    }

    #[test]
    fn keeps_newline_tab_and_unicode() {
        assert_eq!(sanitize("Grüße\n\t😀 東京"), "Grüße\n\t😀 東京");
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }
}
