//! The catch-all around every handler. Each feature already runs its computation in
//! `guard`; a panic anywhere else in a handler (its own code, a notification, the library's
//! routing) would unwind through the library's `serve` and end the server. [`CatchPanic`]
//! wraps the service: it catches the panic, logs it to stderr, answers a request with an
//! internal error (-32603) and a notification with nothing, and the server keeps serving.
//!
//! The library forgets a request's id only when its handler finishes, so the id of a request
//! whose handler panicked stays taken; clients never reuse ids.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::task::{Context, Poll};

use futures::future::{self, BoxFuture, FutureExt};
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_service::Service;

/// The service `S` with every panic of its handlers caught.
pub struct CatchPanic<S>(pub S);

impl<S> Service<Request> for CatchPanic<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let id = request.id().cloned();
        let method = request.method().to_string();
        let answer = move |panic: Box<dyn Any + Send>| {
            let error = panic_error(panic.as_ref());
            eprintln!("jslint lsp: {method}: {}", error.message);
            Ok(id.map(|id| Response::from_error(id, error)))
        };
        // The handler's future is built here (parameters decoded) and run later: either may
        // panic.
        match std::panic::catch_unwind(AssertUnwindSafe(|| self.0.call(request))) {
            Ok(handler) => AssertUnwindSafe(handler)
                .catch_unwind()
                .map(|outcome| outcome.unwrap_or_else(answer))
                .boxed(),
            Err(panic) => future::ready(answer(panic)).boxed(),
        }
    }
}

/// The internal error (-32603) that answers a request whose handler panicked.
pub fn panic_error(panic: &(dyn Any + Send)) -> Error {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let mut error = Error::internal_error();
    error.message = format!("jslint failed on this request: {what}").into();
    error
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::*;

    /// A service whose handler panics when it runs, or already when it is called.
    struct Panicking {
        when_called: bool,
    }

    impl Service<Request> for Panicking {
        type Response = Option<Response>;
        type Error = Infallible;
        type Future = BoxFuture<'static, Result<Option<Response>, Infallible>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, _: Request) -> Self::Future {
            assert!(!self.when_called, "a panic when called");
            async { panic!("a panic when run") }.boxed()
        }
    }

    #[tokio::test]
    async fn a_panicking_request_is_answered_with_an_internal_error() {
        for when_called in [false, true] {
            let mut service = CatchPanic(Panicking { when_called });
            let request = Request::build("x").id(7).finish();
            let answer = service.call(request).await.unwrap().expect("an answer");
            let error = answer.error().expect("an error");
            assert_eq!(error.code.code(), -32603);
            let expected = if when_called {
                "when called"
            } else {
                "when run"
            };
            assert!(error.message.contains(expected), "{}", error.message);
            assert_eq!(answer.id(), &tower_lsp_server::jsonrpc::Id::Number(7));
        }
    }

    #[tokio::test]
    async fn a_panicking_notification_is_answered_with_nothing() {
        let mut service = CatchPanic(Panicking { when_called: false });
        let notification = Request::build("x").finish();
        assert!(service.call(notification).await.unwrap().is_none());
    }
}
