//! Methods that exist only when the server runs with `JSLINT_LSP_TEST_HOOKS=1`, for the
//! tests of its fault handling; without the variable they are unknown methods (a request is
//! answered with -32601, a notification is ignored). No input makes jslint panic any more,
//! so these panic on purpose:
//!
//! - `jslint/test/panic` (request): inside `guard`, as a feature's computation would;
//! - `jslint/test/panicInHandler` (request): in the handler itself, outside `guard`;
//! - `jslint/test/panicInNotification` (notification): in a notification handler.
//!
//! The last two are caught by [`super::catch_panic::CatchPanic`].

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::LspServiceBuilder;

use super::{guard, Backend};

/// Adds the test hooks to the service.
pub fn register(builder: LspServiceBuilder<Backend>) -> LspServiceBuilder<Backend> {
    builder
        .custom_method("jslint/test/panic", Backend::test_panic)
        .custom_method("jslint/test/panicInHandler", Backend::test_panic_in_handler)
        .custom_method(
            "jslint/test/panicInNotification",
            Backend::test_panic_in_notification,
        )
}

fn enabled() -> bool {
    std::env::var_os("JSLINT_LSP_TEST_HOOKS").is_some_and(|v| v == "1")
}

impl Backend {
    async fn test_panic(&self, _params: Value) -> Result<Value> {
        if !enabled() {
            return Err(Error::method_not_found());
        }
        guard(|| -> Value { panic!("a panic requested by jslint/test/panic") })
    }

    async fn test_panic_in_handler(&self, _params: Value) -> Result<Value> {
        if !enabled() {
            return Err(Error::method_not_found());
        }
        panic!("a panic requested by jslint/test/panicInHandler")
    }

    async fn test_panic_in_notification(&self, _params: Value) {
        if enabled() {
            panic!("a panic requested by jslint/test/panicInNotification")
        }
    }
}
