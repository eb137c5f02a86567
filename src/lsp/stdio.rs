//! The process's stdin and stdout, read and written by the session's own
//! thread where the platform allows it.
//!
//! An editor starts the server with pipes (Python, most clients) or a
//! socket pair (libuv: Neovim, VS Code) as its stdio. On Unix both can be
//! made non-blocking and waited on with epoll, so a keystroke's message is
//! read, analysed and answered on one thread: no reader or writer thread
//! to wake (each wake-up of a sleeping thread cost about as much as the
//! analysis of a small report). Anything else (a terminal, a file, another
//! platform) is read by tokio's stdin (a blocking thread) and written by a
//! thread of its own (`outbox::spawn_stdout`), as before.

use tokio::io::{AsyncRead, AsyncWrite};

/// stdin as a stream the runtime can read.
pub type Input = Box<dyn AsyncRead + Unpin + Send>;
/// stdout as a stream the runtime can write.
pub type Output = Box<dyn AsyncWrite + Unpin + Send>;

/// stdin and stdout as streams of the runtime itself, or `None` where they
/// are neither pipes nor sockets. Must run inside the runtime.
#[cfg(unix)]
pub fn direct() -> Option<(Input, Output)> {
    let stdout = std::io::stdout().as_fd_owned()?;
    // The flag is the open file's: were stderr the same pipe, the log's
    // writes would start failing whenever the pipe is full.
    if unix::same_file(&stdout, &std::io::stderr().as_fd_owned()?) {
        return None;
    }
    let input = unix::reader(std::io::stdin().as_fd_owned()?)?;
    let output = unix::writer(stdout)?;
    Some((input, output))
}

#[cfg(not(unix))]
pub fn direct() -> Option<(Input, Output)> {
    None
}

#[cfg(unix)]
trait AsFdOwned {
    fn as_fd_owned(&self) -> Option<std::os::fd::OwnedFd>;
}

#[cfg(unix)]
impl<T: std::os::fd::AsFd> AsFdOwned for T {
    /// A duplicate of the descriptor: it shares the open file (and so its
    /// non-blocking flag), and closing it leaves the original open.
    fn as_fd_owned(&self) -> Option<std::os::fd::OwnedFd> {
        self.as_fd().try_clone_to_owned().ok()
    }
}

#[cfg(unix)]
mod unix {
    use std::os::fd::OwnedFd;
    use std::os::unix::fs::FileTypeExt;

    use tokio::net::unix::pipe;

    use super::{Input, Output};

    /// What the file open as `fd` is (the descriptor stays open).
    fn metadata(fd: &OwnedFd) -> Option<std::fs::Metadata> {
        std::fs::File::from(fd.try_clone().ok()?).metadata().ok()
    }

    /// What kind of file `fd` is: `Some(true)` a FIFO, `Some(false)` a
    /// socket, `None` anything else.
    fn kind(fd: &OwnedFd) -> Option<bool> {
        let kind = metadata(fd)?.file_type();
        if kind.is_fifo() {
            Some(true)
        } else if kind.is_socket() {
            Some(false)
        } else {
            None
        }
    }

    /// Whether `a` and `b` are the same file (device and inode).
    pub fn same_file(a: &OwnedFd, b: &OwnedFd) -> bool {
        use std::os::unix::fs::MetadataExt;
        let id = |fd: &OwnedFd| metadata(fd).map(|m| (m.dev(), m.ino()));
        matches!((id(a), id(b)), (Some(x), Some(y)) if x == y)
    }

    fn socket(fd: OwnedFd) -> Option<tokio::net::UnixStream> {
        let stream = std::os::unix::net::UnixStream::from(fd);
        stream.set_nonblocking(true).ok()?;
        tokio::net::UnixStream::from_std(stream).ok()
    }

    pub fn reader(fd: OwnedFd) -> Option<Input> {
        match kind(&fd)? {
            true => Some(Box::new(
                pipe::Receiver::from_file(std::fs::File::from(fd)).ok()?,
            )),
            false => Some(Box::new(socket(fd)?)),
        }
    }

    pub fn writer(fd: OwnedFd) -> Option<Output> {
        match kind(&fd)? {
            true => Some(Box::new(
                pipe::Sender::from_file(std::fs::File::from(fd)).ok()?,
            )),
            false => Some(Box::new(socket(fd)?)),
        }
    }
}
