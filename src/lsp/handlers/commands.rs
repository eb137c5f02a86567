//! `workspace/executeCommand`: the commands the editor integrations call.
//!
//! Each takes the document's URI as its only argument (a string, or an
//! object with a `uri` field) and works on the current version:
//! - `baogao.listPlaceholders` → `[{range, text, description}]` in text order;
//! - `baogao.fixAll` → sends `workspace/applyEdit` with every safe fix and
//!   returns `{applied: n}` (n edits, 0 when nothing was fixed or the client
//!   refused);
//! - `baogao.stats` → `{placeholders, chars, headings}` (`chars` is 字数 as
//!   `baogao_core::count_chars` counts it).
//!
//! Missing or malformed arguments and unknown commands are `InvalidParams`;
//! a document that is not open is an error too.

use std::str::FromStr;
use std::sync::Arc;

use baogao_core::NodeKind;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{ExecuteCommandParams, Uri};

use crate::lsp::convert;
use crate::lsp::ctx::Ctx;
use crate::lsp::edits;
use crate::lsp::pipeline;
use crate::lsp::pipeline::cache::Snapshot;

pub const LIST_PLACEHOLDERS: &str = "baogao.listPlaceholders";
pub const FIX_ALL: &str = "baogao.fixAll";
pub const STATS: &str = "baogao.stats";

/// Every command, for `executeCommandProvider`.
pub fn all() -> Vec<String> {
    [LIST_PLACEHOLDERS, FIX_ALL, STATS]
        .into_iter()
        .map(String::from)
        .collect()
}

fn invalid(message: String) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

/// The URI argument of `command`.
fn uri_argument(command: &str, arguments: &[Value]) -> jsonrpc::Result<Uri> {
    let raw = match arguments.first() {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(o)) => o.get("uri").and_then(Value::as_str).ok_or_else(|| {
            invalid(format!(
                "{command} 的参数应为文档 URI 字符串或 {{\"uri\": …}}"
            ))
        })?,
        Some(other) => {
            return Err(invalid(format!(
                "{command} 的参数应为文档 URI 字符串，收到 {other}"
            )))
        }
        None => return Err(invalid(format!("{command} 需要一个参数：文档 URI"))),
    };
    Uri::from_str(raw).map_err(|e| invalid(format!("{command} 的参数不是合法的 URI（{e}）：{raw}")))
}

fn placeholders(snapshot: &Snapshot, enc: convert::Encoding) -> Value {
    let list: Vec<Value> = snapshot
        .analysis
        .placeholders
        .iter()
        .map(|p| {
            json!({
                "range": convert::range(snapshot.rope(), p.range.clone(), enc),
                "text": snapshot.text.get(p.range.clone()).unwrap_or(""),
                "description": p.shape.describe(),
            })
        })
        .collect();
    Value::Array(list)
}

fn stats(snapshot: &Snapshot) -> Value {
    let mut headings = 0;
    snapshot.analysis.outline.walk(|n| {
        if !matches!(n.kind, NodeKind::Title) {
            headings += 1;
        }
    });
    json!({
        "placeholders": snapshot.analysis.placeholders.len(),
        "chars": baogao_core::count_chars(&snapshot.text),
        "headings": headings,
    })
}

async fn fix_all(ctx: &Ctx, snapshot: &Snapshot) -> jsonrpc::Result<Value> {
    let session = ctx.session();
    let edits = baogao_core::fix::fix_all(&snapshot.text, &snapshot.analysis, &snapshot.config);
    if edits.is_empty() {
        return Ok(json!({ "applied": 0 }));
    }
    let edit = edits::workspace_edit(snapshot, &edits, session.encoding, session.document_changes);
    match ctx.client.apply_edit(edit).await {
        Ok(r) if r.applied => Ok(json!({ "applied": edits.len() })),
        Ok(r) => Ok(json!({
            "applied": 0,
            "reason": r.failure_reason.unwrap_or_else(|| "编辑器未应用修改".to_string()),
        })),
        Err(e) => Err(jsonrpc::Error {
            code: jsonrpc::ErrorCode::InternalError,
            message: format!("workspace/applyEdit 失败：{}", e.message).into(),
            data: None,
        }),
    }
}

pub async fn execute_command(
    ctx: &Arc<Ctx>,
    params: ExecuteCommandParams,
) -> jsonrpc::Result<Option<Value>> {
    let command = params.command.as_str();
    if !all().iter().any(|c| c == command) {
        return Err(invalid(format!("未知命令：{command}")));
    }
    let uri = uri_argument(command, &params.arguments)?;
    let snapshot = pipeline::snapshot(ctx, &uri).await?;
    let value = match command {
        LIST_PLACEHOLDERS => placeholders(&snapshot, ctx.session().encoding),
        STATS => stats(&snapshot),
        _ => fix_all(ctx, &snapshot).await?,
    };
    Ok(Some(value))
}
