//! What keeps the dev server answering when clients misbehave (a stuck
//! tab, a script holding sockets open, a slow-loris trickle): at most
//! [`MAX_CONNECTIONS`] at once (the next waits for a free place), a
//! connection that has not sent a complete request and received a first
//! byte of answer within [`FIRST_ANSWER`] is closed, and so is one with
//! nothing sent either way for [`IDLE`]. The reload stream writes a
//! keep-alive every 15 seconds, so open tabs are never idle.

use axum::serve::Listener;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep, sleep};

/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 256;
/// Time from opening a connection to the first byte of its first answer.
pub const FIRST_ANSWER: Duration = Duration::from_secs(10);
/// Time a connection may stay silent both ways.
pub const IDLE: Duration = Duration::from_secs(60);

/// A TCP listener that hands out [`Guarded`] connections, at most
/// [`MAX_CONNECTIONS`] at a time.
pub struct Limited {
    inner: TcpListener,
    places: Arc<Semaphore>,
}

impl Limited {
    /// `inner`, limited.
    pub fn new(inner: TcpListener) -> Self {
        Limited {
            inner,
            places: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        }
    }
}

impl Listener for Limited {
    type Io = Guarded;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Guarded, Self::Addr) {
        let place = self
            .places
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let (io, addr) = Listener::accept(&mut self.inner).await;
        let guarded = Guarded {
            io,
            _place: place,
            deadline: Box::pin(sleep(FIRST_ANSWER)),
            answered: false,
        };
        (guarded, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection that gives its place back when dropped and fails once
/// its deadline passes.
pub struct Guarded {
    io: TcpStream,
    _place: OwnedSemaphorePermit,
    deadline: Pin<Box<Sleep>>,
    /// Whether a first byte of answer was written (then only idleness
    /// counts).
    answered: bool,
}

impl Guarded {
    /// Progress: with an answer under way, the idle clock starts again;
    /// before it, received bytes do not buy time (a trickle stays one).
    fn progressed(&mut self, wrote: bool) {
        if wrote {
            self.answered = true;
        }
        if self.answered {
            self.deadline.as_mut().reset(Instant::now() + IDLE);
        }
    }

    /// The error of a connection past its deadline, if it is.
    fn expired(&mut self, cx: &mut Context<'_>) -> Option<io::Error> {
        self.deadline
            .as_mut()
            .poll(cx)
            .is_ready()
            .then(|| io::Error::new(io::ErrorKind::TimedOut, "connection too slow or idle"))
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    this.progressed(false);
                }
                Poll::Ready(result)
            }
            Poll::Pending => match this.expired(cx) {
                Some(e) => Poll::Ready(Err(e)),
                None => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_write(cx, data) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    this.progressed(true);
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match this.expired(cx) {
                Some(e) => Poll::Ready(Err(e)),
                None => Poll::Pending,
            },
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}
