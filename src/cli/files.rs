//! Finding report sources and reading them as UTF-8, with clear errors for everything else;
//! writing them back safely.

use std::fs::FileType;
use std::path::{Path, PathBuf};

use crate::EXTENSION;

/// Expands files and folders into report sources, sorted, folders searched recursively.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            errors.push(format!("{}: no such file or folder", path.display()));
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: cannot read folder: {e}", dir.display()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, errors);
        } else if path.extension().and_then(|e| e.to_str()) == Some(EXTENSION) {
            files.push(path);
        }
    }
}

/// Reads a report source: a regular file, or a link to one, decoded as UTF-8. Anything else
/// (a named pipe, a device, a socket) is refused before it is opened: opening a pipe waits
/// for a writer, and a device may never end.
pub fn read(path: &Path) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if let Some(kind) = not_regular(metadata.file_type()) {
        return Err(format!(
            "it is {kind}, not a regular file; jslint reads only regular files"
        ));
    }
    std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(decode)
}

/// What a file that is not a regular file is, in words; `None` for a regular file.
pub fn not_regular(file_type: FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Decodes bytes as UTF-8, or explains what they probably are.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16; save it as UTF-8".into());
    }
    match String::from_utf8(bytes) {
        Ok(s) => {
            if let Some(at) = s.find('\0') {
                return Err(format!("the file contains a NUL byte at offset {at}: it looks like a binary file, not a report source"));
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if bytes.iter().take(8192).filter(|b| **b == 0).count() > 0 {
                return Err(format!("the file is not text (NUL bytes; invalid UTF-8 at byte {at}): it looks like a binary file"));
            }
            let guess = if looks_like_gb18030(&bytes) {
                " It looks like GB18030 (GBK); convert it with `iconv -f GB18030 -t UTF-8`."
            } else {
                ""
            };
            Err(format!(
                "the file is not valid UTF-8 (first invalid byte at offset {at}).{guess}"
            ))
        }
    }
}

/// Whether non-ASCII bytes pair up as GB18030 double-byte characters.
fn looks_like_gb18030(bytes: &[u8]) -> bool {
    let (mut i, mut pairs, mut bad) = (0, 0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&t)
                if (0x81..=0xFE).contains(&b)
                    && ((0x40..=0xFE).contains(&t) && t != 0x7F || (0x30..=0x39).contains(&t)) =>
            {
                pairs += 1;
                i += if (0x30..=0x39).contains(&t) { 4 } else { 2 };
            }
            _ => {
                bad += 1;
                i += 1;
            }
        }
    }
    pairs > 0 && bad * 10 <= pairs
}

/// Writes `contents` to `path` through a temporary file in the same folder and a rename, so
/// that the file is never half-written; `--fix` and `import -o` both write this way. An
/// existing file keeps its permissions. A symbolic link stays a link: the file it points to
/// is written. A file with other names (hard links) is rewritten in place instead, from a
/// backup copy (see [`rewrite_in_place`]), so that every name sees the new text. A path that
/// is not a regular file (a named pipe, a device, a socket), a read-only file, and (unless
/// `may_create`) a path that does not exist are refused and left as they are.
///
/// On an error the file is unchanged, except in the one case [`Damaged`] describes.
pub fn replace(path: &Path, contents: &str, may_create: bool) -> std::io::Result<()> {
    let exists = std::fs::symlink_metadata(path).is_ok();
    let mut links = 1;
    let (target, permissions) = if exists || !may_create {
        let target = std::fs::canonicalize(path)?;
        let metadata = std::fs::metadata(&target)?;
        if let Some(kind) = not_regular(metadata.file_type()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("it is {kind}, not a regular file"),
            ));
        }
        let permissions = metadata.permissions();
        if permissions.readonly() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the file is read-only",
            ));
        }
        #[cfg(unix)]
        {
            links = std::os::unix::fs::MetadataExt::nlink(&metadata);
        }
        (target, Some(permissions))
    } else {
        (path.to_path_buf(), None)
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("report");
    if links > 1 {
        let backup = dir.join(format!(".{name}.jslint-{}.bak", std::process::id()));
        return rewrite_in_place(&target, contents, &backup);
    }
    let temp = dir.join(format!(".{name}.jslint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        std::io::Write::write_all(&mut file, contents.as_bytes())?;
        file.sync_all()?;
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&temp, permissions)?;
        }
        std::fs::rename(&temp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Rewrites a file that has other names (hard links) in place, keeping its inode: a rename
/// would give the new text to this name only. The old text is first copied to `backup`
/// beside it (a failure there leaves the file as it was); then the file is truncated and
/// written; on an error the old text is written back from the backup. The backup is removed
/// unless even that fails: then the error is a [`Damaged`] that names it.
fn rewrite_in_place(target: &Path, contents: &str, backup: &Path) -> std::io::Result<()> {
    let copied = std::fs::copy(target, backup)
        .and_then(|_| std::fs::File::open(backup).and_then(|f| f.sync_all()));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(backup);
        return Err(e);
    }
    let write = |bytes: &[u8]| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(target)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()
    };
    let result = match write(contents.as_bytes()) {
        // The old text is written back; if even that fails, the backup is all that is left.
        Err(error) if std::fs::read(backup).and_then(|old| write(&old)).is_err() => {
            return Err(std::io::Error::other(Damaged {
                error,
                backup: backup.to_path_buf(),
            }));
        }
        result => result,
    };
    let _ = std::fs::remove_file(backup);
    result
}

/// The one failure that changes the file: rewriting a hard-linked file in place failed, and
/// so did writing its old text back. The old text is in `backup`.
#[derive(Debug)]
pub struct Damaged {
    pub error: std::io::Error,
    pub backup: PathBuf,
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}; the file may be incomplete, its original text is kept in {}",
            self.error,
            self.backup.display()
        )
    }
}

impl std::error::Error for Damaged {}

/// Whether a [`replace`] error left the file changed (see [`Damaged`]).
pub fn damaged(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.downcast_ref::<Damaged>().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_refuse_read_only_files_and_keep_them() {
        let dir = std::env::temp_dir().join(format!("jslint-fix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.jsmd");
        std::fs::write(&path, "old").unwrap();
        replace(&path, "new", false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        assert!(replace(&path, "newer", false).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temp file is left behind"
        );
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&path, perms).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_damaged_rewrite_is_told_apart() {
        let damaged_error = std::io::Error::other(Damaged {
            error: std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full"),
            backup: PathBuf::from("/d/.r.jsmd.jslint-1.bak"),
        });
        assert!(damaged(&damaged_error));
        assert!(damaged_error
            .to_string()
            .ends_with("its original text is kept in /d/.r.jsmd.jslint-1.bak"));
        assert!(!damaged(&std::io::Error::other("disk full")));
        assert!(!damaged(&std::io::Error::from(
            std::io::ErrorKind::PermissionDenied
        )));
    }

    #[test]
    fn explains_encodings() {
        // 收入 in GB18030.
        let gbk = vec![0xCA, 0xD5, 0xC8, 0xEB, b'\n'];
        assert!(decode(gbk).unwrap_err().contains("GB18030"));
        assert!(decode(vec![0xFF, 0xFE, 0x36, 0x00])
            .unwrap_err()
            .contains("UTF-16"));
        assert!(decode(b"ab\0cd".to_vec()).unwrap_err().contains("binary"));
        assert_eq!(decode("收入".as_bytes().to_vec()).unwrap(), "收入");
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = std::env::temp_dir();
        assert_eq!(
            read(&dir).unwrap_err(),
            "it is a folder, not a regular file; jslint reads only regular files"
        );
        #[cfg(unix)]
        assert!(read(Path::new("/dev/null"))
            .unwrap_err()
            .contains("it is a device, not a regular file"));
    }
}
