//! What differs between Windows, macOS and Linux, decided in one place.
//!
//! Each decision is a plain function that takes the platform ([`Os`]) as an argument, so
//! that the Windows rules are unit-tested on any machine; only [`Os::current`] asks the
//! compiler which platform this is, and only [`probe_replaceable`] and [`create_lock_file`]
//! call Windows itself. The one exception is [`mark_top_of_hierarchies`], a call to Linux
//! that is compiled only there and that nothing depends on: elsewhere it does nothing.
//!
//! - paths in messages are shown with the platform's separator (`content\counties\anze.md`
//!   on Windows), while output paths and URLs always use `/` (see [`crate::url`]);
//! - names Windows cannot give a file (`CON`, `NUL`, `COM1`…, a trailing dot or space) are
//!   refused on every platform, so that a site that builds on Linux builds on Windows too;
//! - a file that another program holds open cannot be replaced on Windows: such errors are
//!   recognised, so that the writer retries, and then names the likely holder;
//! - the build lock tells a live holder from a dead one by `/proc` on Linux, and on Windows
//!   (which has no `/proc`) by the lock file its holder keeps open;
//! - the command that opens the default browser;
//! - on Linux, the folder a build stages its output in is marked as the top of unrelated
//!   hierarchies ([`mark_top_of_hierarchies`]), so that ext4 places its folders afresh.

use std::io;
use std::path::Path;

/// A family of operating systems, as far as qingfeng cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Windows.
    Windows,
    /// macOS.
    MacOs,
    /// Linux and the other Unix systems.
    Linux,
}

impl Os {
    /// The platform qingfeng was built for.
    pub const fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}

/// A path as this platform's users write it: `content\counties\anze.md` on Windows,
/// `content/counties/anze.md` elsewhere, whichever separators it was built with.
pub fn display_path(path: &Path) -> String {
    path_for(Os::current(), &path.to_string_lossy())
}

/// `path` as one word of a command to paste into a terminal (PowerShell, cmd or a Unix
/// shell): in double quotes when it holds a space or a character those shells give a
/// meaning to, as is otherwise.
pub fn command_word(path: &str) -> String {
    let plain = !path.is_empty()
        && path
            .chars()
            .all(|c| !c.is_whitespace() && !"\"'`$&|;<>()[]{}*?!#~^%,@".contains(c));
    if plain {
        path.to_owned()
    } else {
        format!("\"{path}\"")
    }
}

/// `path` with the separators of `os`. On Unix a backslash is a character of a name, so
/// only Windows converts.
pub fn path_for(os: Os, path: &str) -> String {
    match os {
        Os::Windows => path.replace('/', "\\"),
        Os::MacOs | Os::Linux => path.to_string(),
    }
}

/// How `qingfeng` is typed in this platform's terminal, as messages show it: PowerShell
/// runs a program of the current folder only as `.\qingfeng.exe`.
pub fn command_name(os: Os) -> &'static str {
    match os {
        Os::Windows => r".\qingfeng.exe",
        Os::MacOs | Os::Linux => "qingfeng",
    }
}

/// Why Windows cannot give a file or folder the name `name`, if it cannot: a device name
/// (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, in any case and with any
/// extension), a trailing dot or space (Windows drops them), or a character it forbids.
pub fn windows_name_problem(name: &str) -> Option<&'static str> {
    if name.ends_with('.') || name.ends_with(' ') {
        return Some("ends in a dot or a space, which Windows drops from names");
    }
    if name
        .chars()
        .any(|c| c < ' ' || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*'))
    {
        return Some("holds a character Windows does not allow in names (<>:\"/\\|?*)");
    }
    let base = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = base.to_ascii_uppercase();
    let device = match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => match (upper.get(..3), upper.get(3..)) {
            (Some("COM" | "LPT"), Some(n)) => {
                matches!(n, "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9")
                    || matches!(n, "¹" | "²" | "³")
            }
            _ => false,
        },
    };
    device.then_some(
        "is a device name on Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9), which no file can have",
    )
}

/// Whether an IO error means that another program holds the file open: Windows refuses to
/// replace, move or delete such a file (access denied, sharing or lock violation); other
/// platforms never refuse for that reason.
pub fn is_held_elsewhere(os: Os, error: &io::Error) -> bool {
    os == Os::Windows && matches!(error.raw_os_error(), Some(5 | 32 | 33))
}

/// The program most likely to hold `file` open, by its kind, for a message.
pub fn likely_holder(file: &Path) -> String {
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let first = match ext.as_str() {
        "csv" | "xlsx" | "xls" => "a spreadsheet (Excel, WPS) showing it",
        "html" | "htm" | "svg" => "a browser or an editor showing it",
        "json" | "xml" | "txt" | "css" | "js" | "md" => "an editor",
        "png" | "jpg" | "jpeg" | "gif" | "webp" => "an image viewer",
        "pdf" => "a PDF reader",
        _ => "another program",
    };
    format!("{first}, or antivirus or a sync tool (OneDrive, a network drive) reading it")
}

/// Checks, without changing it, that `path` could be replaced or deleted now: on Windows it
/// is opened for deletion, which fails while another program holds it without letting it be
/// deleted. A missing file is replaceable. Elsewhere nothing can stop a replacement.
pub fn probe_replaceable(path: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // DELETE access; FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, so that the
        // probe itself stands in nobody's way.
        const DELETE: u32 = 0x0001_0000;
        const SHARE_ALL: u32 = 0x1 | 0x2 | 0x4;
        match std::fs::OpenOptions::new()
            .access_mode(DELETE)
            .share_mode(SHARE_ALL)
            .open(path)
        {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let _ = path;
    Ok(())
}

/// Whether the build lock must stay open while held: on Windows its holder's life is told
/// by the open file alone, so the lock is created open (never linked into place).
pub fn lock_needs_open_file(os: Os) -> bool {
    os == Os::Windows
}

/// Creates the build lock file at `path` (`AlreadyExists` if there is one) and returns it
/// open for writing. On Windows the handle lets others read and delete the file, but not
/// open it for writing: while this process lives, [`lock_holder_alive`] finds it held; when
/// the process ends, however it ends, Windows closes the handle.
pub fn create_lock_file(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_SHARE_READ | FILE_SHARE_DELETE.
        options.share_mode(0x1 | 0x4);
    }
    options.open(path)
}

/// Whether the process `pid` that wrote the lock file `path` is alive, where `os` tells:
/// Linux by `/proc/PID`; Windows by trying to open the lock for writing, which its living
/// holder forbids (see [`create_lock_file`]). `None` where it cannot be told (macOS).
pub fn lock_holder_alive(os: Os, path: &Path, pid: &str) -> Option<bool> {
    match os {
        Os::Windows => {
            let opened = std::fs::OpenOptions::new().write(true).open(path);
            holder_alive_from_open(os, opened.map(drop))
        }
        Os::MacOs | Os::Linux => {
            let proc = Path::new("/proc");
            proc.join("self").is_dir().then(|| proc.join(pid).exists())
        }
    }
}

/// What opening a lock file for writing says of its holder on Windows: refused for sharing
/// (error 32), the holder keeps it open and is alive; opened, the holder is gone; anything
/// else tells nothing. Elsewhere an open file says nothing of its holder.
pub fn holder_alive_from_open(os: Os, opened: io::Result<()>) -> Option<bool> {
    match (os, opened) {
        (Os::Windows, Ok(())) => Some(false),
        (Os::Windows, Err(e)) if e.raw_os_error() == Some(32) => Some(true),
        _ => None,
    }
}

/// The program and arguments that open `url` in the default browser on `os`.
pub fn browser_command(os: Os, url: &str) -> (&'static str, Vec<String>) {
    match os {
        // `start` is a command of cmd, whose first quoted argument is a window title; cmd
        // reads `&`, `|`, `<`, `>` and `^` itself unless escaped with `^`.
        Os::Windows => {
            let mut escaped = String::with_capacity(url.len());
            for c in url.chars() {
                if matches!(c, '&' | '|' | '<' | '>' | '^') {
                    escaped.push('^');
                }
                escaped.push(c);
            }
            (
                "cmd",
                vec!["/C".into(), "start".into(), String::new(), escaped],
            )
        }
        Os::MacOs => ("open", vec![url.into()]),
        Os::Linux => ("xdg-open", vec![url.into()]),
    }
}

/// Asks the file system to treat `dir` as the top of unrelated hierarchies: each folder
/// made directly in it is placed where the disk has room, by its name, instead of beside
/// `dir` (the `T` attribute of `chattr` on Linux's ext2/3/4). Whether it did; elsewhere,
/// or on a file system without the attribute, nothing happens.
///
/// Why: ext4 without a journal skips the inodes freed in the last minute when it gives a new
/// file one, and looks at each of them again for every new file. A build right after its old
/// output was removed made its files where the removed ones had been, and paid for every
/// removed file again for each file it made. The writer marks its staging folder so.
pub fn mark_top_of_hierarchies(dir: &Path) -> bool {
    folder_flags::get(dir)
        .is_some_and(|flags| folder_flags::set(dir, flags | folder_flags::TOP_OF_HIERARCHIES))
}

/// Whether `dir` carries the attribute [`mark_top_of_hierarchies`] sets; `None` where the
/// file system does not tell.
#[cfg(test)]
pub fn is_top_of_hierarchies(dir: &Path) -> Option<bool> {
    folder_flags::get(dir).map(|flags| flags & folder_flags::TOP_OF_HIERARCHIES != 0)
}

/// A folder's attributes (`lsattr`, `chattr`): Linux's `FS_IOC_GETFLAGS` and
/// `FS_IOC_SETFLAGS`, through the C library std links already.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
mod folder_flags {
    use std::ffi::{c_int, c_ulong};
    use std::os::fd::AsRawFd as _;
    use std::path::Path;

    /// `FS_TOPDIR_FL`.
    pub(super) const TOP_OF_HIERARCHIES: c_int = 0x0002_0000;
    // _IOR('f', 1, long) and _IOW('f', 2, long) where a long is 8 bytes; the kernel reads
    // and writes an int through the pointer.
    const FS_IOC_GETFLAGS: c_ulong = 0x8008_6601;
    const FS_IOC_SETFLAGS: c_ulong = 0x4008_6602;

    #[allow(unsafe_code)]
    unsafe extern "C" {
        fn ioctl(fd: c_int, request: c_ulong, ...) -> c_int;
    }

    pub(super) fn get(dir: &Path) -> Option<c_int> {
        let folder = std::fs::File::open(dir).ok()?;
        let mut flags: c_int = 0;
        // SAFETY: the descriptor is open for the whole call, and the request writes one int
        // through a pointer to a live one.
        #[allow(unsafe_code)]
        let done = unsafe { ioctl(folder.as_raw_fd(), FS_IOC_GETFLAGS, &raw mut flags) };
        (done == 0).then_some(flags)
    }

    pub(super) fn set(dir: &Path, flags: c_int) -> bool {
        let Ok(folder) = std::fs::File::open(dir) else {
            return false;
        };
        // SAFETY: as in `get`; the request reads one int.
        #[allow(unsafe_code)]
        let done = unsafe { ioctl(folder.as_raw_fd(), FS_IOC_SETFLAGS, &raw const flags) };
        done == 0
    }
}

/// Elsewhere no attribute is read or set.
#[cfg(not(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64")))]
mod folder_flags {
    use std::path::Path;

    pub(super) const TOP_OF_HIERARCHIES: i32 = 0;

    pub(super) fn get(_: &Path) -> Option<i32> {
        None
    }

    pub(super) fn set(_: &Path, _: i32) -> bool {
        false
    }
}

/// The process's peak resident memory in MB (Linux `VmHWM`), where the system tells it.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_path_with_a_space_is_quoted_for_the_terminal() {
        assert_eq!(command_word("site"), "site");
        assert_eq!(command_word("我的专题/data.csv"), "我的专题/data.csv");
        assert_eq!(command_word("我的 专题"), "\"我的 专题\"");
        assert_eq!(command_word("各县 数据.csv"), "\"各县 数据.csv\"");
        assert_eq!(command_word("a&b"), "\"a&b\"");
    }
    use super::*;

    #[test]
    fn messages_show_paths_the_platforms_way() {
        #[track_caller]
        fn case(os: Os, path: &str, shown: &str) {
            assert_eq!(path_for(os, path), shown, "{os:?} {path}");
        }
        case(
            Os::Windows,
            "content/counties/anze.md",
            r"content\counties\anze.md",
        );
        case(
            Os::Windows,
            r"content\counties/anze.md",
            r"content\counties\anze.md",
        );
        case(Os::Windows, r"C:\站点\content", r"C:\站点\content");
        case(
            Os::Linux,
            "content/counties/anze.md",
            "content/counties/anze.md",
        );
        case(Os::Linux, r"odd\name.md", r"odd\name.md");
        case(Os::MacOs, "content/city.yaml", "content/city.yaml");
        assert_eq!(command_name(Os::Windows), r".\qingfeng.exe");
        assert_eq!(command_name(Os::Linux), "qingfeng");
    }

    #[test]
    fn names_windows_cannot_have_are_found() {
        #[track_caller]
        fn refused(name: &str, why: &str) {
            let got = windows_name_problem(name);
            assert!(got.is_some_and(|g| g.contains(why)), "{name:?}: {got:?}");
        }
        for device in [
            "con",
            "CON",
            "Con",
            "prn",
            "aux",
            "nul",
            "NUL.txt",
            "nul.tar.gz",
            "com1",
            "COM9",
            "com0",
            "lpt1",
            "LPT9.html",
            "com¹",
            "lpt³",
            "con .txt",
        ] {
            refused(device, "device name");
        }
        for trailing in ["anze.", "anze ", "anze. ", "."] {
            refused(trailing, "dot or a space");
        }
        for bad in ["a:b", "a<b", "a|b", "a?b", "a*b", "a\"b", "a\\b", "a\tb"] {
            refused(bad, "character");
        }
        for fine in [
            "anze",
            "console",
            "nul1",
            "com10",
            "lpt",
            "com",
            "auxiliary",
            "connect.html",
            "index.html",
            "尧都",
            "con-1",
            ".hidden",
        ] {
            assert_eq!(windows_name_problem(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn files_held_open_are_told_from_other_errors_on_windows_only() {
        let raw = io::Error::from_raw_os_error;
        for code in [5, 32, 33] {
            assert!(is_held_elsewhere(Os::Windows, &raw(code)), "{code}");
            assert!(!is_held_elsewhere(Os::Linux, &raw(code)), "{code}");
            assert!(!is_held_elsewhere(Os::MacOs, &raw(code)), "{code}");
        }
        for code in [2, 3, 112] {
            assert!(!is_held_elsewhere(Os::Windows, &raw(code)), "{code}");
        }
        let plain = io::Error::other("no code");
        assert!(!is_held_elsewhere(Os::Windows, &plain));
    }

    #[test]
    fn the_likely_holder_follows_the_file_kind() {
        #[track_caller]
        fn case(file: &str, holder: &str) {
            let got = likely_holder(Path::new(file));
            assert!(got.starts_with(holder), "{file}: {got}");
            assert!(got.contains("antivirus"), "{file}: {got}");
        }
        case("public/data/counties.csv", "a spreadsheet");
        case("public/counties/anze/index.html", "a browser");
        case("public/CHART.SVG", "a browser");
        case("public/data/summary.json", "an editor");
        case("public/static/logo.png", "an image viewer");
        case("public/.qingfeng-manifest", "another program");
    }

    #[test]
    fn replacing_is_never_refused_off_windows() {
        if Os::current() == Os::Windows {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("open.html");
        std::fs::write(&file, "x").expect("write");
        let _open = std::fs::File::open(&file).expect("open");
        probe_replaceable(&file).expect("replaceable");
        probe_replaceable(&dir.path().join("missing.html")).expect("missing is fine");
    }

    #[test]
    fn windows_tells_a_live_lock_holder_by_its_open_file() {
        let raw = io::Error::from_raw_os_error;
        assert_eq!(
            holder_alive_from_open(Os::Windows, Err(raw(32))),
            Some(true)
        );
        assert_eq!(holder_alive_from_open(Os::Windows, Ok(())), Some(false));
        assert_eq!(holder_alive_from_open(Os::Windows, Err(raw(2))), None);
        assert_eq!(holder_alive_from_open(Os::Windows, Err(raw(5))), None);
        assert_eq!(holder_alive_from_open(Os::Linux, Ok(())), None);
        assert_eq!(holder_alive_from_open(Os::MacOs, Err(raw(32))), None);
        assert!(lock_needs_open_file(Os::Windows));
        assert!(!lock_needs_open_file(Os::Linux));
    }

    #[test]
    fn a_lock_file_is_created_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(".public.qingfeng-lock");
        let _held = create_lock_file(&path).expect("create");
        let again = create_lock_file(&path).map(drop);
        assert_eq!(
            again.map_err(|e| e.kind()),
            Err(io::ErrorKind::AlreadyExists)
        );
    }

    #[test]
    fn linux_tells_a_live_lock_holder_by_proc() {
        if !Path::new("/proc/self").is_dir() {
            return;
        }
        let me = std::process::id().to_string();
        let lock = Path::new("unused");
        assert_eq!(lock_holder_alive(Os::Linux, lock, &me), Some(true));
        assert_eq!(lock_holder_alive(Os::Linux, lock, "999999999"), Some(false));
    }

    #[test]
    fn each_platform_opens_the_browser_its_own_way() {
        #[track_caller]
        fn case(os: Os, url: &str, program: &str, args: &[&str]) {
            let (p, a) = browser_command(os, url);
            assert_eq!(p, program, "{os:?}");
            assert_eq!(a, args, "{os:?}");
        }
        let url = "http://127.0.0.1:1111/";
        case(Os::Windows, url, "cmd", &["/C", "start", "", url]);
        case(Os::MacOs, url, "open", &[url]);
        case(Os::Linux, url, "xdg-open", &[url]);
        case(
            Os::Windows,
            "http://127.0.0.1:1111/?a=1&b=2",
            "cmd",
            &["/C", "start", "", "http://127.0.0.1:1111/?a=1^&b=2"],
        );
    }
}
