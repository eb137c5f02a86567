//! File URIs ⇄ paths, and path comparisons, for Unix and Windows alike.
//!
//! Every rule here is a pure function that takes the platform as data
//! ([`Platform`]), so the Windows forms are tested on Linux; the wrappers at
//! the end apply them to the platform the binary runs on ([`Platform::HOST`]).
//! The language server turns every URI into a path through here
//! (`lsp::uri`), and `config::find` walks up through [`ancestors`].
//!
//! What is decided, and why:
//! - Windows: `file:///c%3A/Users/x/a.md` (what VS Code sends: lower-case
//!   drive letter, colon encoded) and `file:///C:/Users/x/a.md` (Neovim and
//!   most others) are both `C:\Users\x\a.md`: the drive letter is upper-case
//!   in paths and lower-case in the URIs made here, as VS Code makes them.
//!   `file://server/share/dir/a.md` is the UNC path `\\server\share\dir\a.md`
//!   and back. `\` and `/` both separate; `\\?\` verbatim prefixes (what
//!   `std::fs::canonicalize` returns) are dropped. Paths are compared
//!   ignoring case, as NTFS and FAT do by default.
//! - Unix and macOS: paths are compared byte for byte. macOS's default file
//!   system ignores case too, but there editors and the folder walk both give
//!   names as they are on disk, and a case-sensitive volume is common enough
//!   that folding case could merge two real files.
//! - URIs are percent-decoded as UTF-8 (`%E5%B7%A5…` is `工…`); a `%` not
//!   followed by two hex digits is kept as it is. URIs made here encode every
//!   byte but `A–Z a–z 0–9 - . _ ~` and `/`, as VS Code does.
//! - `baogao.toml` discovery walks up to the drive root (`C:\`) or the UNC
//!   share root (`\\server\share\`) and stops there.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Whose rules a path or URI follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux, macOS and the other Unixes: `/` separates, case counts.
    Unix,
    /// Drive letters, UNC shares, `\` or `/`, case ignored.
    Windows,
}

impl Platform {
    /// The platform this binary runs on.
    pub const HOST: Platform = if cfg!(windows) {
        Platform::Windows
    } else {
        Platform::Unix
    };

    pub fn is_separator(self, c: char) -> bool {
        c == '/' || (self == Platform::Windows && c == '\\')
    }

    /// Whether two spellings differing only in case name the same file.
    pub fn ignores_case(self) -> bool {
        self == Platform::Windows
    }

    fn separator(self) -> char {
        match self {
            Platform::Unix => '/',
            Platform::Windows => '\\',
        }
    }
}

/// Percent-decodes `s` to bytes; a `%` without two hex digits stays.
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' {
            if let (Some(&h), Some(&l)) = (bytes.get(i + 1), bytes.get(i + 2)) {
                if let (Some(h), Some(l)) = (hex(h), hex(l)) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Percent-encodes every byte but the unreserved ones and `/`.
fn percent_encode(bytes: &[u8], out: &mut String) {
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

/// A `file:` URI's authority (host, decoded) and path (decoded bytes), or
/// `None` for another scheme or a NUL.
fn parse_file_uri(uri: &str) -> Option<(String, Vec<u8>)> {
    let (scheme, rest) = uri.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    // A `?` or `#` that belongs to a file name is encoded; a bare one ends the path.
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (authority, path) = match rest.strip_prefix("//") {
        Some(r) => r.find('/').map_or((r, ""), |i| r.split_at(i)),
        None => ("", rest),
    };
    let authority = String::from_utf8(percent_decode(authority)).ok()?;
    let path = percent_decode(path);
    if authority.contains('\0') || path.contains(&0) {
        return None;
    }
    let authority = if authority.eq_ignore_ascii_case("localhost") {
        String::new()
    } else {
        authority
    };
    Some((authority, path))
}

/// `c:`, `C|` (an old form) at the start of `p`, followed by a separator or
/// nothing: the drive letter and the rest.
fn split_drive(p: &str) -> Option<(char, &str)> {
    let b = p.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_alphabetic() || !matches!(b[1], b':' | b'|') {
        return None;
    }
    let tail = &p[2..];
    (tail.is_empty() || tail.starts_with(['/', '\\'])).then_some((b[0] as char, tail))
}

/// The path a `file:` URI names on `platform`, or `None` when it names none
/// there (another scheme, a host on Unix, a relative path, bytes that are not
/// UTF-8).
pub fn uri_to_path_on(uri: &str, platform: Platform) -> Option<String> {
    let (authority, path) = parse_file_uri(uri)?;
    let path = String::from_utf8(path).ok()?;
    match platform {
        Platform::Unix => (authority.is_empty() && path.starts_with('/')).then_some(path),
        Platform::Windows => windows_path(&authority, &path),
    }
}

fn windows_path(authority: &str, path: &str) -> Option<String> {
    if !authority.is_empty() {
        // `file://server/share/dir/a.md`: a UNC path.
        return Some(format!(r"\\{authority}{}", path.replace('/', "\\")));
    }
    let p = path.strip_prefix('/').unwrap_or(path);
    if let Some((drive, tail)) = split_drive(p) {
        let tail = if tail.is_empty() {
            "\\".to_string()
        } else {
            tail.replace('/', "\\")
        };
        return Some(format!("{}:{tail}", drive.to_ascii_uppercase()));
    }
    // `file:////server/share/a.md`: a UNC path written into the URI's path.
    if let Some(unc) = path.strip_prefix("//") {
        return (!unc.is_empty()).then(|| format!(r"\\{}", unc.replace('/', "\\")));
    }
    path.starts_with('/').then(|| path.replace('/', "\\"))
}

/// `\\?\C:\x` → `C:\x`, `\\?\UNC\server\share\x` → `\\server\share\x`; any
/// other path as it is.
pub fn strip_verbatim(path: &str) -> Cow<'_, str> {
    let rest = path
        .strip_prefix(r"\\?\")
        .or_else(|| path.strip_prefix("//?/"));
    let Some(rest) = rest else {
        return Cow::Borrowed(path);
    };
    if let Some(unc) = rest
        .strip_prefix(r"UNC\")
        .or_else(|| rest.strip_prefix("UNC/"))
    {
        return Cow::Owned(format!(r"\\{unc}"));
    }
    if split_drive(rest).is_some() {
        Cow::Borrowed(rest)
    } else {
        Cow::Borrowed(path)
    }
}

/// The `file:` URI of an absolute path on `platform`, in the form VS Code
/// makes (`file:///c%3A/Users/x/a.md`, `file://server/share/a.md`,
/// `file:///home/x/%E5%B7%A5.md`); `None` for a relative path.
pub fn path_to_uri_on(path: &str, platform: Platform) -> Option<String> {
    match platform {
        Platform::Unix => unix_uri(path.as_bytes()),
        Platform::Windows => windows_uri(path),
    }
}

fn unix_uri(path: &[u8]) -> Option<String> {
    if path.first() != Some(&b'/') || path.contains(&0) {
        return None;
    }
    let mut s = String::from("file://");
    percent_encode(path, &mut s);
    Some(s)
}

fn windows_uri(path: &str) -> Option<String> {
    if path.contains('\0') {
        return None;
    }
    let path = strip_verbatim(path).replace('\\', "/");
    if let Some(unc) = path.strip_prefix("//") {
        let (server, rest) = unc.split_once('/').unwrap_or((unc, ""));
        if server.is_empty() || server == "." || server == "?" {
            return None;
        }
        let mut s = String::from("file://");
        percent_encode(server.to_ascii_lowercase().as_bytes(), &mut s);
        s.push('/');
        percent_encode(rest.as_bytes(), &mut s);
        return Some(s);
    }
    let (drive, tail) = split_drive(&path)?;
    let mut s = format!("file:///{}%3A", drive.to_ascii_lowercase());
    percent_encode(
        if tail.is_empty() {
            b"/"
        } else {
            tail.as_bytes()
        },
        &mut s,
    );
    Some(s)
}

/// The parts of a path: its root (`/`, `C:\`, `\\server\share\`, or empty
/// for a relative path) and its names, without empty or `.` names.
fn parts(path: &str, platform: Platform) -> (String, Vec<String>) {
    let sep = platform.separator();
    let path = match platform {
        Platform::Windows => strip_verbatim(path),
        Platform::Unix => Cow::Borrowed(path),
    };
    let path: &str = &path;
    let (root, rest): (String, &str) = match platform {
        Platform::Unix => match path.strip_prefix('/') {
            Some(rest) => ("/".into(), rest),
            None => (String::new(), path),
        },
        Platform::Windows => {
            let b = path.as_bytes();
            let unc = b.len() > 2
                && matches!(b[0], b'/' | b'\\')
                && matches!(b[1], b'/' | b'\\')
                && !matches!(b[2], b'/' | b'\\');
            if unc {
                let mut names = path[2..].splitn(3, ['/', '\\']);
                let server = names.next().unwrap_or("");
                let share = names.next().unwrap_or("");
                let rest = names.next().unwrap_or("");
                (format!(r"\\{server}\{share}\"), rest)
            } else if let Some((drive, tail)) = split_drive(path) {
                let drive = drive.to_ascii_uppercase();
                match tail.strip_prefix(['/', '\\']) {
                    Some(rest) => (format!("{drive}:{sep}"), rest),
                    None => (format!("{drive}:"), tail),
                }
            } else if let Some(rest) = path.strip_prefix(['/', '\\']) {
                (sep.to_string(), rest)
            } else {
                (String::new(), path)
            }
        }
    };
    let names = rest
        .split(|c| platform.is_separator(c))
        .filter(|n| !n.is_empty() && *n != ".")
        .map(str::to_owned)
        .collect();
    (root, names)
}

fn same_name(a: &str, b: &str, platform: Platform) -> bool {
    if platform.ignores_case() {
        a == b || a.to_lowercase() == b.to_lowercase()
    } else {
        a == b
    }
}

/// `path` relative to `root` (names joined with `/`, empty for the root
/// itself) when `path` lies at or under `root` on `platform`, else `None`.
/// A relative `root` contains nothing.
pub fn relative_on(path: &str, root: &str, platform: Platform) -> Option<String> {
    let (path_root, names) = parts(path, platform);
    let (root_root, root_names) = parts(root, platform);
    if root_root.is_empty() || !same_name(&path_root, &root_root, platform) {
        return None;
    }
    if names.len() < root_names.len()
        || !root_names
            .iter()
            .zip(&names)
            .all(|(r, n)| same_name(r, n, platform))
    {
        return None;
    }
    Some(names[root_names.len()..].join("/"))
}

/// A spelling of `path` that is equal for every spelling of the same path
/// on `platform`: separators, `\\?\` and trailing separators unified, and
/// case folded on Windows. For comparing, never for opening.
pub fn key_on(path: &str, platform: Platform) -> String {
    let (root, names) = parts(path, platform);
    let key = format!("{root}{}", names.join(&platform.separator().to_string()));
    if platform.ignores_case() {
        key.to_lowercase()
    } else {
        key
    }
}

/// The folder `dir` and every folder above it, nearest first, down to its
/// root: `/`, the drive root `C:\` or the share root `\\server\share\`.
pub fn ancestors_on(dir: &str, platform: Platform) -> Vec<String> {
    let (root, names) = parts(dir, platform);
    let sep = platform.separator().to_string();
    let mut out: Vec<String> = (1..=names.len())
        .rev()
        .map(|n| format!("{root}{}", names[..n].join(&sep)))
        .collect();
    if !root.is_empty() {
        out.push(root);
    }
    out
}

/// [`ancestors_on`] for this platform: `dir` and the folders above it.
pub fn ancestors(dir: &Path) -> Vec<PathBuf> {
    match (Platform::HOST, dir.to_str()) {
        (Platform::Windows, Some(s)) => ancestors_on(s, Platform::Windows)
            .into_iter()
            .map(PathBuf::from)
            .collect(),
        // Unix paths need not be UTF-8: the standard library walks them.
        _ => dir.ancestors().map(Path::to_path_buf).collect(),
    }
}

/// Whether `path` lies at or under `root` on this platform.
pub fn is_within(path: &Path, root: &Path) -> bool {
    relative(path, root).is_some()
}

/// `path` relative to `root` on this platform (see [`relative_on`]).
pub fn relative(path: &Path, root: &Path) -> Option<PathBuf> {
    match Platform::HOST {
        Platform::Windows => {
            relative_on(path.to_str()?, root.to_str()?, Platform::Windows).map(PathBuf::from)
        }
        Platform::Unix => path.strip_prefix(root).ok().map(Path::to_path_buf),
    }
}

/// The comparison key of `path` on this platform (see [`key_on`]).
pub fn key(path: &Path) -> String {
    key_on(&path.to_string_lossy(), Platform::HOST)
}

/// `std::fs::canonicalize`, without the `\\?\` prefix it adds on Windows,
/// or the path itself when it cannot be resolved.
pub fn canonical(path: &Path) -> PathBuf {
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match (Platform::HOST, resolved.to_str()) {
        (Platform::Windows, Some(s)) => PathBuf::from(strip_verbatim(s).into_owned()),
        _ => resolved,
    }
}

/// The path of a `file:` URI on this platform.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        // A Unix file name need not be UTF-8: keep its bytes.
        use std::os::unix::ffi::OsStringExt as _;
        let (authority, path) = parse_file_uri(uri)?;
        (authority.is_empty() && path.first() == Some(&b'/'))
            .then(|| PathBuf::from(std::ffi::OsString::from_vec(path)))
    }
    #[cfg(not(unix))]
    {
        uri_to_path_on(uri, Platform::HOST).map(PathBuf::from)
    }
}

/// The `file:` URI of an absolute path on this platform.
pub fn path_to_uri(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        unix_uri(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        path_to_uri_on(path.to_str()?, Platform::HOST)
    }
}

#[cfg(test)]
mod tests {
    use super::Platform::{Unix, Windows};
    use super::*;

    #[test]
    fn windows_uris_as_vs_code_and_others_send_them() {
        for uri in [
            "file:///c%3A/Users/x/a.md",
            "file:///C:/Users/x/a.md",
            "file:///c:/Users/x/a.md",
            "file:///C%3a/Users/x/a.md",
            "file:///C|/Users/x/a.md",
            "file://localhost/c%3A/Users/x/a.md",
            "FILE:///c%3A/Users/x/a.md",
        ] {
            assert_eq!(
                uri_to_path_on(uri, Windows).as_deref(),
                Some(r"C:\Users\x\a.md"),
                "{uri}"
            );
        }
        assert_eq!(
            uri_to_path_on("file:///c%3A", Windows).as_deref(),
            Some(r"C:\")
        );
        assert_eq!(
            uri_to_path_on("file:///d%3A/", Windows).as_deref(),
            Some(r"D:\")
        );
    }

    #[test]
    fn chinese_names_and_reserved_characters_are_decoded() {
        let uri = "file:///c%3A/%E6%8A%A5%E5%91%8A/%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93%202023.md";
        assert_eq!(
            uri_to_path_on(uri, Windows).as_deref(),
            Some(r"C:\报告\工作总结 2023.md")
        );
        assert_eq!(
            uri_to_path_on(
                "file:///home/x/%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93.md",
                Unix
            )
            .as_deref(),
            Some("/home/x/工作总结.md")
        );
        // VS Code's own encoding of `#`, `?` and `%` in names; a bare `%` is kept.
        assert_eq!(
            uri_to_path_on("file:///tmp/a%23b%3Fc%25d.md", Unix).as_deref(),
            Some("/tmp/a#b?c%d.md")
        );
        assert_eq!(
            uri_to_path_on("file:///tmp/100%.md", Unix).as_deref(),
            Some("/tmp/100%.md")
        );
        assert_eq!(
            uri_to_path_on("file:///tmp/a.md#L3", Unix).as_deref(),
            Some("/tmp/a.md")
        );
        // Not UTF-8 once decoded, or a NUL: no path.
        assert_eq!(uri_to_path_on("file:///tmp/%FF.md", Unix), None);
        assert_eq!(uri_to_path_on("file:///tmp/a%00.md", Windows), None);
    }

    #[test]
    fn unc_paths_both_ways() {
        assert_eq!(
            uri_to_path_on("file://server/share/dir/a.md", Windows).as_deref(),
            Some(r"\\server\share\dir\a.md")
        );
        assert_eq!(
            uri_to_path_on("file:////server/share/dir/a.md", Windows).as_deref(),
            Some(r"\\server\share\dir\a.md")
        );
        assert_eq!(
            path_to_uri_on(r"\\Server\share\dir\工作.md", Windows).as_deref(),
            Some("file://server/share/dir/%E5%B7%A5%E4%BD%9C.md")
        );
        assert_eq!(
            path_to_uri_on(r"\\?\UNC\server\share\a.md", Windows).as_deref(),
            Some("file://server/share/a.md")
        );
        // A host means nothing on Unix.
        assert_eq!(uri_to_path_on("file://server/share/a.md", Unix), None);
    }

    #[test]
    fn paths_become_the_uris_vs_code_sends() {
        assert_eq!(
            path_to_uri_on(r"C:\Users\x\a.md", Windows).as_deref(),
            Some("file:///c%3A/Users/x/a.md")
        );
        assert_eq!(
            path_to_uri_on("c:/Users/x/a b.md", Windows).as_deref(),
            Some("file:///c%3A/Users/x/a%20b.md")
        );
        assert_eq!(
            path_to_uri_on(r"\\?\C:\Users\x\a.md", Windows).as_deref(),
            Some("file:///c%3A/Users/x/a.md")
        );
        assert_eq!(
            path_to_uri_on(r"D:\", Windows).as_deref(),
            Some("file:///d%3A/")
        );
        assert_eq!(
            path_to_uri_on("/home/x/工作总结.md", Unix).as_deref(),
            Some("file:///home/x/%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93.md")
        );
        for relative in ["a.md", r"Users\a.md", r"\Users\a.md"] {
            assert_eq!(path_to_uri_on(relative, Windows), None, "{relative}");
        }
        assert_eq!(path_to_uri_on("a.md", Unix), None);
    }

    #[test]
    fn round_trips() {
        for path in [
            r"C:\Users\x\工作总结.md",
            r"\\server\share\报告\a (1).docx",
            r"E:\100% done#2.txt",
        ] {
            let uri = path_to_uri_on(path, Windows).expect(path);
            assert_eq!(
                uri_to_path_on(&uri, Windows).as_deref(),
                Some(path),
                "{uri}"
            );
        }
        for path in ["/home/x/工作总结.md", "/tmp/a b/%41.md", "/"] {
            let uri = path_to_uri_on(path, Unix).expect(path);
            assert_eq!(uri_to_path_on(&uri, Unix).as_deref(), Some(path), "{uri}");
        }
    }

    #[test]
    fn membership_ignores_case_and_separators_on_windows_only() {
        let rel = |p, r, pl| relative_on(p, r, pl);
        assert_eq!(
            rel(r"C:\Users\X\Reports\a.md", r"c:\users\x", Windows).as_deref(),
            Some("Reports/a.md")
        );
        assert_eq!(
            rel("c:/Users/x/Reports/a.md", r"C:\Users\x\", Windows).as_deref(),
            Some("Reports/a.md")
        );
        assert_eq!(
            rel(r"\\?\C:\Users\x\a.md", r"C:\Users\x", Windows).as_deref(),
            Some("a.md")
        );
        assert_eq!(
            rel(r"\\SERVER\Share\d\a.md", r"\\server\share", Windows).as_deref(),
            Some("d/a.md")
        );
        assert_eq!(
            rel(r"C:\Users\x", r"C:\Users\x", Windows).as_deref(),
            Some("")
        );
        // A sibling with a longer name, another drive, another share: outside.
        assert_eq!(rel(r"C:\Users\xy\a.md", r"C:\Users\x", Windows), None);
        assert_eq!(rel(r"D:\Users\x\a.md", r"C:\Users\x", Windows), None);
        assert_eq!(
            rel(r"\\server\other\a.md", r"\\server\share", Windows),
            None
        );
        assert_eq!(rel(r"\Users\x\a.md", r"C:\Users\x", Windows), None);
        // Case and `\` count on Unix.
        assert_eq!(rel("/home/X/a.md", "/home/x", Unix), None);
        assert_eq!(
            rel("/home/x/a.md", "/home/x/", Unix).as_deref(),
            Some("a.md")
        );
        assert_eq!(rel("/home/x\\a.md", "/home/x", Unix), None);
        assert_eq!(rel("/a.md", "relative", Unix), None);
    }

    #[test]
    fn keys_equal_for_every_spelling_of_one_file() {
        let k = |p| key_on(p, Windows);
        assert_eq!(k(r"C:\Users\x\A.md"), k("c:/users/X/a.md"));
        assert_eq!(k(r"C:\Users\x\A.md"), k(r"\\?\C:\Users\x\a.md"));
        assert_eq!(k(r"\\Server\Share\a.md"), k("//server/share/a.md"));
        assert_ne!(k(r"C:\Users\x\a.md"), k(r"D:\Users\x\a.md"));
        assert_eq!(
            key_on("/home/x/a.md", Unix),
            key_on("/home//x/./a.md", Unix)
        );
        assert_ne!(key_on("/home/x/a.md", Unix), key_on("/home/x/A.md", Unix));
        // The key of a URI's path, whichever way the client spelled the URI.
        let from = |u| key_on(&uri_to_path_on(u, Windows).unwrap(), Windows);
        assert_eq!(
            from("file:///c%3A/Users/x/a.md"),
            from("file:///C:/Users/X/a.md")
        );
    }

    #[test]
    fn discovery_stops_at_the_drive_or_share_root() {
        assert_eq!(
            ancestors_on(r"C:\Users\x\报告", Windows),
            [r"C:\Users\x\报告", r"C:\Users\x", r"C:\Users", r"C:\"]
        );
        assert_eq!(
            ancestors_on(r"\\?\C:\Users", Windows),
            [r"C:\Users", r"C:\"]
        );
        assert_eq!(
            ancestors_on(r"\\server\share\dir\sub", Windows),
            [
                r"\\server\share\dir\sub",
                r"\\server\share\dir",
                r"\\server\share\"
            ]
        );
        assert_eq!(
            ancestors_on(r"\\?\UNC\server\share\dir", Windows),
            [r"\\server\share\dir", r"\\server\share\"]
        );
        assert_eq!(ancestors_on("/home/x", Unix), ["/home/x", "/home", "/"]);
        // The host walk agrees with the standard library's on Unix.
        if Platform::HOST == Unix {
            assert_eq!(
                ancestors(Path::new("/home/x")),
                [PathBuf::from("/home/x"), "/home".into(), "/".into()]
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn unix_names_that_are_not_utf8_survive_the_round_trip() {
        use std::os::unix::ffi::OsStrExt as _;
        // `工作.txt` in GBK, as an unzipped archive leaves it.
        let name = std::ffi::OsStr::from_bytes(b"/tmp/\xb9\xa4\xd7\xf7.txt");
        let uri = path_to_uri(Path::new(name)).expect("a URI");
        assert_eq!(uri, "file:///tmp/%B9%A4%D7%F7.txt");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(Path::new(name)));
    }
}
