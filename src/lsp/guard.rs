//! Keeps one failing handler from taking the server down.
//!
//! tower-lsp-server polls every handler inside the one future that serves
//! the connection, so a panic there would end the whole session. Every
//! handler body runs through [`request`] or [`notification`] instead: a
//! panic is logged to stderr and, for a request, answered with an internal
//! error; the server then goes on serving.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use tower_lsp_server::jsonrpc;

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知原因".to_string())
}

/// Runs a request handler; a panic becomes an `InternalError` response.
pub async fn request<T>(
    method: &'static str,
    fut: impl Future<Output = jsonrpc::Result<T>>,
) -> jsonrpc::Result<T> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            tracing::error!(method, "handler panicked: {message}");
            Err(jsonrpc::Error {
                code: jsonrpc::ErrorCode::InternalError,
                message: format!("baogao 处理 {method} 时出现内部错误：{message}").into(),
                data: None,
            })
        }
    }
}

/// Runs a notification handler; a panic is logged and swallowed.
pub async fn notification(method: &'static str, fut: impl Future<Output = ()>) {
    if let Err(payload) = AssertUnwindSafe(fut).catch_unwind().await {
        let message = panic_message(payload.as_ref());
        tracing::error!(method, "handler panicked: {message}");
    }
}

/// An error for a request about a document the client never opened.
pub fn unknown_document(uri: &tower_lsp_server::ls_types::Uri) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidParams,
        message: format!("文档未打开：{}", uri.as_str()).into(),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn panics_become_errors() {
        let result: jsonrpc::Result<()> = request("test/panic", async { panic!("boom") }).await;
        let error = result.unwrap_err();
        assert_eq!(error.code, jsonrpc::ErrorCode::InternalError);
        assert!(error.message.contains("boom"));
        notification("test/panic", async { panic!("boom") }).await;
    }
}
