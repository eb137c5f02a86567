//! The road from a change to published diagnostics; this module owns it.
//!
//! Every keystroke takes the same road, and so does every draft on disk:
//! 1. `handlers::sync` applies the change to the document store (which folds
//!    the edit into the document's [`cache::Cache`] with [`cache::compose`])
//!    and calls [`schedule`].
//! 2. [`schedule`] waits `diagnostics.debounceMs` and gives up if a newer
//!    version arrived meanwhile (that one has its own task).
//! 3. [`snapshot`] returns the cached analysis of the current version, or
//!    analyses it off the async threads ([`cache::analyze`]: incremental at
//!    [`cache::INCREMENTAL_MIN`] bytes and above) with the configuration of
//!    the document's own `baogao.toml` ([`config_for`]) and caches it.
//! 4. [`publish`], the one function that sends `publishDiagnostics`, for open
//!    documents and drafts alike: under the publication log's lock it checks
//!    that the snapshot is still current (and, for a draft, that the document
//!    is not open), never sends a version older than one already sent, and
//!    applies the caps (`diagnostics.max`, `diagnostics.maxFileKb`, with one
//!    summary note each, [`to_proto_capped`]). [`clear`] is its inverse.
//!    A publication also makes the snapshot the current one of its URI in
//!    the workspace's paragraph index ([`twins`]) and adds the findings whose
//!    twin is in another file; the documents that gain or lose a twin by it
//!    are published again, through the same function.
//!
//! Requests (symbols, hover, pulled diagnostics…) take step 3 only.

pub mod cache;
pub mod twins;
pub mod views;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use baogao_core::{Config, DocumentKind};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Uri,
};

use self::cache::{Snapshot, SnapshotInput};
use super::config::Settings;
use super::convert::{self, Encoding};
use super::ctx::Ctx;
use super::guard;
use super::outbox;
use super::uri;

/// The core configuration for `uri`: the built-in defaults, then the nearest
/// `baogao.toml` above its file, then the editor's settings. Reads the disk
/// on a cache miss: call it off the async threads.
pub fn config_for(ctx: &Ctx, uri: &Uri, kind: DocumentKind) -> Config {
    let project = uri::uri_to_path(uri).and_then(|p| ctx.drafts.project_for(&p));
    ctx.session().settings.core_config(project.as_deref(), kind)
}

/// The analysis of the document's current version, computed off the async
/// threads when it is not cached yet.
pub async fn snapshot(ctx: &Arc<Ctx>, uri: &Uri) -> jsonrpc::Result<Arc<Snapshot>> {
    snapshot_on(ctx, uri, Thread::Blocking).await
}

/// Where [`off_the_runtime`] runs its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thread {
    /// The blocking pool: work that may take long.
    Blocking,
    /// Right here: work of a few milliseconds.
    Here,
}

async fn snapshot_on(ctx: &Arc<Ctx>, uri: &Uri, thread: Thread) -> jsonrpc::Result<Arc<Snapshot>> {
    let input: SnapshotInput = match ctx.store.snapshot_or_input(uri) {
        None => return Err(guard::unknown_document(uri)),
        Some(Ok(snapshot)) => return Ok(snapshot),
        Some(Err(input)) => input,
    };
    // Only a keystroke's analysis is known to be short: a small text, or
    // the one chunk an edit touched.
    let short = input.rope.len_bytes() < cache::INCREMENTAL_MIN
        || input
            .base
            .as_ref()
            .is_some_and(|(_, edit, _)| edit.is_some());
    let thread = if short { thread } else { Thread::Blocking };
    let c = ctx.clone();
    let snapshot = off_the_runtime(thread, move || {
        let config = config_for(&c, &input.uri, input.kind);
        cache::analyze(input, config)
    })
    .await
    .map_err(|e| {
        tracing::error!("analysis failed: {e}");
        jsonrpc::Error {
            code: jsonrpc::ErrorCode::InternalError,
            message: "baogao 分析文档时出现内部错误".into(),
            data: None,
        }
    })?;
    let snapshot = Arc::new(snapshot);
    ctx.store.store_snapshot(&snapshot);
    Ok(snapshot)
}

/// Runs CPU work without holding up the session's loop for long.
/// [`Thread::Here`] runs it right here: no hand-over to a blocking thread
/// and back, each the wake-up of a sleeping thread (on a busy machine, a
/// wait for a core); on a multi-threaded runtime through `block_in_place`,
/// so the worker's other tasks move to another thread meanwhile. Callers
/// choose it for work of a few milliseconds (a keystroke's analysis). A
/// panic is an error either way.
pub async fn off_the_runtime<T: Send + 'static>(
    thread: Thread,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    use tokio::runtime::{Handle, RuntimeFlavor};
    let guarded = |work: Box<dyn FnOnce() -> T + Send>| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
            .map_err(|_| "panicked".to_string())
    };
    match thread {
        Thread::Here if Handle::current().runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(|| guarded(Box::new(work)))
        }
        Thread::Here => guarded(Box::new(work)),
        Thread::Blocking => tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| e.to_string()),
    }
}

/// Schedules diagnostics for `version` of `uri` after `delay` (push mode only).
pub fn schedule(ctx: &Arc<Ctx>, uri: Uri, version: i32, epoch: u64, delay: Duration) {
    if ctx.session().pull_diagnostics {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
            // A newer change has its own task: this one is coalesced into it.
            if ctx.store.current(&uri) != Some((version, epoch)) {
                return;
            }
        }
        let snapshot = match snapshot_on(&ctx, &uri, Thread::Here).await {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!(uri = uri.as_str(), "no diagnostics: {}", e.message);
                return;
            }
        };
        if (snapshot.version, snapshot.epoch) == (version, epoch) {
            publish(&ctx, &snapshot).await;
        }
    });
}

/// Re-checks every open document at once (after the settings changed).
pub fn schedule_all_open(ctx: &Arc<Ctx>) {
    for uri in ctx.store.uris() {
        if let Some((version, epoch)) = ctx.store.current(&uri) {
            schedule(ctx, uri, version, epoch, Duration::ZERO);
        }
    }
}

/// Whether `snapshot` is what the server holds for its URI now: the open
/// document's current version, or the draft's latest analysis while the
/// document is not open (an open buffer's diagnostics win over its file).
fn is_current(ctx: &Ctx, snapshot: &Arc<Snapshot>) -> bool {
    if snapshot.draft {
        // Open under any spelling of its URI (`file:///C:/…` for `file:///c%3A/…`).
        ctx.store.open_as(&snapshot.uri).is_none()
            && ctx
                .drafts
                .file(&snapshot.uri)
                .is_some_and(|s| Arc::ptr_eq(&s, snapshot))
    } else {
        ctx.store.current(&snapshot.uri) == Some((snapshot.version, snapshot.epoch))
    }
}

/// Publishes the diagnostics of `snapshot` (push mode only): the one place
/// `publishDiagnostics` with content is sent, for open documents and drafts.
/// The documents whose twins (`dup-paragraph` across files) it changed are
/// published again.
pub async fn publish(ctx: &Arc<Ctx>, snapshot: &Arc<Snapshot>) {
    let affected = publish_one(ctx, snapshot).await;
    republish_later(ctx, affected);
}

/// How long the other documents' cross-file findings wait for typing to
/// pause: a keystroke publishes its own document at once, and a draft whose
/// twins it changed (a 10 MB compilation beside it, say) once the user stops.
const REPUBLISH_QUIET: Duration = Duration::from_millis(300);

/// Publishes `uris` again once no keystroke has asked for it for
/// [`REPUBLISH_QUIET`]; the requests of a burst of typing are merged.
fn republish_later(ctx: &Arc<Ctx>, uris: Vec<Uri>) {
    if uris.is_empty() {
        return;
    }
    let first = {
        let mut pending = ctx
            .republish
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let first = pending.0.is_empty();
        pending.0.extend(uris);
        pending.1 += 1;
        first.then_some(pending.1)
    };
    let Some(mut seen) = first else {
        return;
    };
    let ctx = ctx.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(REPUBLISH_QUIET).await;
            let ready = {
                let mut pending = ctx
                    .republish
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if pending.1 == seen {
                    Some(std::mem::take(&mut pending.0))
                } else {
                    seen = pending.1;
                    None
                }
            };
            if let Some(mut uris) = ready {
                uris.sort_by(|a, b| a.as_str().cmp(b.as_str()));
                uris.dedup();
                republish(&ctx, uris).await;
                return;
            }
        }
    });
}

/// Publishes one snapshot; returns the documents whose twins it changed.
async fn publish_one(ctx: &Ctx, snapshot: &Arc<Snapshot>) -> Vec<Uri> {
    let session = ctx.session();
    if session.pull_diagnostics {
        // Drafts of a pulling client are tracked here, open documents when pulled.
        track(ctx, snapshot).await;
        return Vec::new();
    }
    let mut log = ctx.published.lock().await;
    if !is_current(ctx, snapshot) || log.is_stale(snapshot) {
        return Vec::new();
    }
    let affected = ctx.twins.track(snapshot);
    tracing::debug!(
        uri = snapshot.uri.as_str(),
        version = snapshot.version,
        draft = snapshot.draft,
        "publishDiagnostics"
    );
    // A draft has no version: the client never opened it.
    let version = (!snapshot.draft).then_some(snapshot.version);
    match &ctx.outbox {
        Some(outbox) => {
            let elsewhere = if session.settings.diagnostics_enabled {
                ctx.twins.elsewhere(snapshot, session.encoding)
            } else {
                Vec::new()
            };
            let frame = publication_frame(
                snapshot,
                &elsewhere,
                session.encoding,
                &session.settings,
                version,
            );
            outbox.send_frame(frame);
        }
        None => {
            let items = items(ctx, snapshot, session.encoding, &session.settings);
            send(ctx, snapshot.uri.clone(), items, version).await;
        }
    }
    log.record(snapshot);
    affected
}

/// Publishes again the current snapshots of `uris` (an open document's
/// cached one, else the draft's), whose twins in another file changed.
async fn republish(ctx: &Ctx, uris: Vec<Uri>) {
    for uri in uris {
        let snapshot = if ctx.store.current(&uri).is_some() {
            match ctx.store.snapshot_or_input(&uri) {
                // Not analysed yet: its own publication is on the way.
                Some(Ok(s)) => s,
                _ => continue,
            }
        } else {
            match ctx.drafts.file(&uri) {
                Some(s) => s,
                None => continue,
            }
        };
        // What this publication changes for others was published already.
        let _ = publish_one(ctx, &snapshot).await;
    }
}

/// Makes a pulled snapshot the current one of its URI among the workspace's
/// paragraphs (pull mode has no publication to do it); the client is asked
/// to pull again when another document's twins changed.
pub async fn track(ctx: &Ctx, snapshot: &Arc<Snapshot>) {
    if is_current(ctx, snapshot) && !ctx.twins.track(snapshot).is_empty() {
        refresh_pull(ctx).await;
    }
}

/// Asks a pulling client to pull again, when it can be asked.
async fn refresh_pull(ctx: &Ctx) {
    let session = ctx.session();
    if session.pull_diagnostics && session.diagnostic_refresh {
        if let Err(e) = ctx.client.workspace_diagnostic_refresh().await {
            tracing::warn!("workspace/diagnostic/refresh failed: {e}");
        }
    }
}

/// Clears the diagnostics of `uri` (push mode only): a closed document that
/// is no draft, or a draft gone from disk that is not open. The documents
/// that had a twin in it are published again.
pub async fn clear(ctx: &Arc<Ctx>, uri: Uri) {
    let affected = ctx.twins.forget(&uri);
    if ctx.session().pull_diagnostics {
        if !affected.is_empty() {
            refresh_pull(ctx).await;
        }
        return;
    }
    {
        let mut log = ctx.published.lock().await;
        log.forget(&uri);
        send(ctx, uri, Vec::new(), None).await;
    }
    republish_later(ctx, affected);
}

/// Sends one `publishDiagnostics`: typed straight into a frame through the
/// session's outbox, or through tower-lsp-server's client when there is none.
async fn send(ctx: &Ctx, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
    if let Some(outbox) = &ctx.outbox {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        outbox.notify::<tower_lsp_server::ls_types::notification::PublishDiagnostics>(&params);
        return;
    }
    ctx.client
        .publish_diagnostics(uri, diagnostics, version)
        .await;
}

/// What a client is sent for `snapshot` under `settings`, pushed or pulled:
/// nothing when diagnostics are off, else the capped list.
/// The findings whose twin is in another file come from the workspace's
/// paragraph index (`ctx.twins`).
pub fn items(
    ctx: &Ctx,
    snapshot: &Snapshot,
    enc: Encoding,
    settings: &Settings,
) -> Vec<Diagnostic> {
    if settings.diagnostics_enabled {
        let elsewhere = ctx.twins.elsewhere(snapshot, enc);
        to_proto_capped(snapshot, &elsewhere, enc, settings)
    } else {
        Vec::new()
    }
}

fn severity(s: baogao_core::Severity) -> DiagnosticSeverity {
    match s {
        baogao_core::Severity::Error => DiagnosticSeverity::ERROR,
        baogao_core::Severity::Warning => DiagnosticSeverity::WARNING,
        baogao_core::Severity::Information => DiagnosticSeverity::INFORMATION,
        baogao_core::Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A chunk's own findings written as `publishDiagnostics` items, lines
/// counted from the chunk's first line, kept in the chunk's memo
/// (`views::parts`): a keystroke writes the edited chunk's items only, and
/// the other chunks' are copied, their lines shifted.
struct Fragment {
    items: wire::Template,
}

impl Fragment {
    fn of(part: &views::Part, uri: &str, enc: Encoding) -> Fragment {
        use wire::{Json, RangeJson};
        let mut j = Json::template();
        let mut items = Vec::with_capacity(part.analysis.diagnostics.len());
        for d in &part.analysis.diagnostics {
            j.item(&mut items);
            let range = RangeJson {
                start: part.at.position(d.range.start, enc),
                end: part.at.position(d.range.end.max(d.range.start), enc),
            };
            write_item(&mut j, d, range, uri, |r| part.at.range(r, enc), None);
        }
        Fragment {
            items: j.into_template(items),
        }
    }
}

/// One `publishDiagnostics` item: finding `d` at `range`, its related
/// information in `uri` at the ranges `related` converts, and `other`, a
/// twin in another file. The chunks' [`Fragment`]s and the findings written
/// one by one go through here, so their items are the same bytes.
fn write_item(
    j: &mut wire::Json,
    d: &baogao_core::Diagnostic,
    range: wire::RangeJson,
    uri: &str,
    related: impl Fn(std::ops::Range<usize>) -> tower_lsp_server::ls_types::Range,
    other: Option<&DiagnosticRelatedInformation>,
) {
    j.diagnostic_head(range, severity_number(d.severity), d.code, &d.message);
    if !d.related.is_empty() || other.is_some() {
        j.raw(br#","relatedInformation":["#);
        let mut first = true;
        for r in &d.related {
            j.related(&mut first, uri, related(r.range.clone()), &r.message);
        }
        if let Some(r) = other {
            j.related(
                &mut first,
                r.location.uri.as_str(),
                r.location.range,
                &r.message,
            );
        }
        j.raw(b"]");
    }
    j.raw(b"}");
}

/// A comma before every item of an array but the first.
fn comma(j: &mut wire::Json, wrote: &mut bool) {
    if std::mem::replace(wrote, true) {
        j.raw(b",");
    }
}

/// Whether `d` (of the whole text) is written exactly as `own` (of a chunk
/// starting at `by`): the same range, severity, code, message and related
/// information, so its item in the chunk's [`Fragment`] can stand for it.
fn writes_as(d: &baogao_core::Diagnostic, own: &baogao_core::Diagnostic, by: usize) -> bool {
    let shifted = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        a.start == b.start + by && a.end.max(a.start) == b.end.max(b.start) + by
    };
    shifted(&d.range, &own.range)
        && d.severity == own.severity
        && d.code == own.code
        && d.message == own.message
        && d.related.len() == own.related.len()
        && d.related
            .iter()
            .zip(&own.related)
            .all(|(a, b)| shifted(&a.range, &b.range) && a.message == b.message)
}

/// The number LSP gives `severity` (as [`severity`] serialises).
fn severity_number(s: baogao_core::Severity) -> u8 {
    match s {
        baogao_core::Severity::Error => 1,
        baogao_core::Severity::Warning => 2,
        baogao_core::Severity::Information => 3,
        baogao_core::Severity::Hint => 4,
    }
}

/// `starts` and `ends` convert the starts and the ends of the findings in
/// order (each sequence is nearly sorted, so each counts on from the last).
fn convert_one(
    snapshot: &Snapshot,
    d: &baogao_core::Diagnostic,
    starts: &mut convert::Converter,
    ends: &mut convert::Converter,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(
                snapshot.uri.clone(),
                convert::range_in(snapshot, r.range.clone(), starts.encoding()),
            ),
            message: r.message.clone(),
        })
        .collect();
    let start = starts.position(d.range.start);
    let end = ends.position(d.range.end.max(d.range.start));
    Diagnostic {
        range: tower_lsp_server::ls_types::Range::new(start, end),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("baogao".to_string()),
        message: d.message.to_string(),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// A zero-width note of the server itself (not of a rule) at `offset`.
fn note(
    snapshot: &Snapshot,
    offset: usize,
    code: &str,
    message: String,
    enc: Encoding,
) -> Diagnostic {
    let range = convert::range(snapshot.rope(), offset..offset, enc);
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some("baogao".to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// What a publication of a snapshot holds, within the caps of `settings`:
/// nothing past `diagnostics.maxFileKb` (one note says where checking
/// stopped) and at most `diagnostics.max` items (one note counts the rest).
struct Plan<'a> {
    /// The snapshot's own findings and those with a twin in another file, in
    /// order; only the first `shown` are sent.
    all: Vec<(
        &'a baogao_core::Diagnostic,
        Option<&'a DiagnosticRelatedInformation>,
    )>,
    shown: usize,
    /// Notes of the server itself: (offset, code, message).
    notes: Vec<(usize, &'static str, String)>,
}

fn plan<'a>(
    snapshot: &'a Snapshot,
    elsewhere: &'a [twins::Elsewhere],
    settings: &Settings,
) -> Plan<'a> {
    let mut all: Vec<_> = snapshot
        .analysis
        .diagnostics
        .iter()
        .map(|d| (d, None))
        .chain(elsewhere.iter().map(|e| (&e.diagnostic, Some(&e.related))))
        .collect();
    if !elsewhere.is_empty() {
        all.sort_by_key(|item| item.0.order_key());
    }
    let text = &snapshot.text;
    let limit = settings.max_file_bytes();
    // Diagnostics are sorted by start: the ones inside the size cap are a prefix.
    let (linted, cut) = if text.len() > limit {
        let mut cut = limit;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        (all.partition_point(|d| d.0.range.start < cut), Some(cut))
    } else {
        (all.len(), None)
    };
    let shown = linted.min(settings.max_diagnostics);
    let mut notes = Vec::new();
    if shown < linted {
        let hidden = linted - shown;
        notes.push((
            all[shown].0.range.start,
            "too-many-diagnostics",
            format!(
                "还有 {hidden} 个问题未显示：每个文件最多显示 {} 个（设置 diagnostics.max）",
                settings.max_diagnostics
            ),
        ));
    }
    if let Some(cut) = cut {
        notes.push((
            cut,
            "file-too-large",
            format!(
                "文件超过 {} KB，此处之后只生成大纲、不再检查（设置 diagnostics.maxFileKb）",
                settings.max_file_kb
            ),
        ));
    }
    Plan { all, shown, notes }
}

/// The snapshot's diagnostics in LSP form, within the caps of `settings`
/// (see [`Plan`]). Only the diagnostics that are sent are converted.
pub fn to_proto_capped(
    snapshot: &Snapshot,
    elsewhere: &[twins::Elsewhere],
    enc: Encoding,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let plan = plan(snapshot, elsewhere, settings);
    let mut starts = convert::Converter::new(snapshot, enc);
    let mut ends = convert::Converter::new(snapshot, enc);
    let mut out: Vec<Diagnostic> = plan.all[..plan.shown]
        .iter()
        .map(|(d, other)| {
            let mut item = convert_one(snapshot, d, &mut starts, &mut ends);
            if let Some(r) = other {
                item.related_information
                    .get_or_insert_with(Vec::new)
                    .push((*r).clone());
            }
            item
        })
        .collect();
    for (offset, code, message) in plan.notes {
        out.push(note(snapshot, offset, code, message, enc));
    }
    out
}

/// The `publishDiagnostics` notification of `snapshot`, framed, written
/// straight from the core's findings: what [`to_proto_capped`] gives,
/// serialised, without building an LSP `Diagnostic` (a `String` for the
/// code, the source and the message, a vector for related information) for
/// every finding after every keystroke. `tests` compare the two.
pub fn publication_frame(
    snapshot: &Snapshot,
    elsewhere: &[twins::Elsewhere],
    enc: Encoding,
    settings: &Settings,
    version: Option<i32>,
) -> Vec<u8> {
    use wire::{Json, RangeJson};
    let mut j = Json::with_capacity(256 + 200 * snapshot.analysis.diagnostics.len().min(4096));
    j.raw(br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#);
    j.string(snapshot.uri.as_str());
    j.raw(br#","diagnostics":["#);
    if settings.diagnostics_enabled {
        let plan = plan(snapshot, elsewhere, settings);
        let uri = snapshot.uri.as_str();
        let mut starts = convert::Converter::new(snapshot, enc);
        let mut ends = convert::Converter::new(snapshot, enc);
        let mut one = |j: &mut Json,
                       (d, other): &(
            &baogao_core::Diagnostic,
            Option<&DiagnosticRelatedInformation>,
        )| {
            let range = RangeJson {
                start: starts.position(d.range.start),
                end: ends.position(d.range.end.max(d.range.start)),
            };
            write_item(
                j,
                d,
                range,
                uri,
                |r| convert::range_in(snapshot, r, enc),
                *other,
            );
        };
        let (all, shown) = (&plan.all, plan.shown);
        // Findings written so far (`all` is sorted by start).
        let mut k = 0;
        let mut wrote = false;
        if let Some(chunks) = snapshot.chunks.as_ref().filter(|_| !snapshot.draft) {
            let fragments = views::parts(snapshot, enc, |part| Fragment::of(part, uri, enc));
            for (i, (c, (line, f))) in chunks.iter().zip(&fragments).enumerate() {
                if k >= shown {
                    break;
                }
                let end = c.start + c.len;
                let in_range = if i + 1 == chunks.len() {
                    all.len() - k
                } else {
                    all[k..].partition_point(|(d, _)| d.range.start < end)
                };
                // The chunk's own findings in order, among those the merge
                // added (and those with a twin in another file): runs of
                // the first are copied from the fragment, the rest written.
                let own = &c.analysis.diagnostics;
                let mut o = 0;
                let mut run = 0..0;
                for item in &all[k..(k + in_range).min(shown)] {
                    if item.1.is_none() && own.get(o).is_some_and(|x| writes_as(item.0, x, c.start))
                    {
                        if run.is_empty() {
                            run = o..o;
                        }
                        o += 1;
                        run.end = o;
                        continue;
                    }
                    if !run.is_empty() {
                        comma(&mut j, &mut wrote);
                        j.fill(&f.items, std::mem::replace(&mut run, 0..0), *line);
                    }
                    comma(&mut j, &mut wrote);
                    one(&mut j, item);
                }
                if !run.is_empty() {
                    comma(&mut j, &mut wrote);
                    j.fill(&f.items, run, *line);
                }
                k = (k + in_range).min(shown);
            }
        }
        for item in &all[k.min(shown)..shown] {
            comma(&mut j, &mut wrote);
            one(&mut j, item);
        }
        for (k, (offset, code, message)) in plan.notes.iter().enumerate() {
            if k > 0 || plan.shown > 0 {
                j.raw(b",");
            }
            let range = convert::range(snapshot.rope(), *offset..*offset, enc);
            let range = RangeJson {
                start: range.start,
                end: range.end,
            };
            j.diagnostic_head(range, 3, code, message);
            j.raw(b"}");
        }
    }
    j.raw(b"]");
    if let Some(v) = version {
        j.raw(br#","version":"#);
        j.number(i64::from(v));
    }
    j.raw(b"}}");
    outbox::frame(j.bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn snapshot(text: &str) -> Snapshot {
        let input = SnapshotInput {
            uri: "file:///%E6%8A%A5%E5%91%8A/a.txt".parse().unwrap(),
            version: 7,
            epoch: 1,
            rope: ropey::Rope::from_str(text),
            kind: DocumentKind::PlainText,
            base: None,
            draft: false,
            views: Arc::default(),
        };
        cache::analyze(input, Config::default())
    }

    /// The frame written by hand says what serde says of the LSP types,
    /// in every encoding, with related information in the file and in
    /// another, and with both caps' notes.
    #[test]
    fn the_publication_frame_is_what_the_lsp_types_serialise_to() {
        let para = "今年开展安全隐患排查整治行动十二次，整改问题三百余处，全年未发生较大以上生产安全事故，安全形势总体平稳。";
        let text = format!(
            "一、XX县工作总结\r\n（一）𠀀😀 “引号\"与\\反斜杠”,XX乡\r\n（三）跳号\r\n{para}\r\n{para}\r\n二、20**年计划\r\n"
        );
        // And a compilation analysed in chunks, whose ends come from the
        // chunks' kept positions.
        let report = |i: usize| {
            format!("{}年XX县工作总结\n一、主要工作\r\n（一）𠀀😀“引号”,XX乡{i}\n（三）跳号\n{para}{para}\n", 2000 + i)
        };
        let big: String = (0..300).map(report).collect();
        let chunked = snapshot(&big);
        assert!(chunked.chunks.as_ref().is_some_and(|c| c.len() > 2));
        for s in [snapshot(&text), chunked] {
            frames_are_what_the_lsp_types_serialise_to(&s);
        }
    }

    /// A later version reuses the chunks an edit left alone and the items
    /// written for them, their lines shifted: still what serde says.
    #[test]
    fn frames_of_a_later_version_shift_the_kept_chunks() {
        let para = "今年开展安全隐患排查整治行动十二次，整改问题三百余处，全年未发生较大以上生产安全事故，安全形势总体平稳。";
        let report = |i: usize| {
            format!("{}年XX县工作总结\n一、主要工作\n（一）𠀀😀“引号”,XX乡{i}\n（三）跳号\n{para}{para}\n", 2000 + i)
        };
        let big: String = (0..300).map(report).collect();
        let first = snapshot(&big);
        let chunks = first.chunks.clone().expect("chunked");
        assert!(chunks.len() > 2);
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            // Written once, so the next version has items to reuse.
            publication_frame(&first, &[], enc, &Settings::default(), Some(7));
        }
        // Two lines into the first chunk: every later chunk moves down.
        let at = big.find("（三）").expect("a heading");
        let inserted = "XX\n\n";
        let text = format!("{}{inserted}{}", &big[..at], &big[at..]);
        let input = SnapshotInput {
            uri: first.uri.clone(),
            version: 8,
            epoch: 1,
            rope: ropey::Rope::from_str(&text),
            kind: DocumentKind::PlainText,
            base: Some((
                chunks.clone(),
                Some((at..at, inserted.len())),
                first.prints.clone(),
            )),
            draft: false,
            views: first.views.clone(),
        };
        let second = cache::analyze(input, Config::default());
        let kept = second.chunks.as_ref().expect("chunked");
        assert!(
            kept.iter()
                .skip(1)
                .zip(chunks.iter().skip(1))
                .all(|(a, b)| Arc::ptr_eq(&a.analysis, &b.analysis)),
            "the edit re-analysed one chunk"
        );
        frames_are_what_the_lsp_types_serialise_to(&second);
    }

    fn frames_are_what_the_lsp_types_serialise_to(s: &Snapshot) {
        assert!(s.analysis.diagnostics.iter().any(|d| !d.related.is_empty()));
        let other = twins::Elsewhere {
            diagnostic: s.analysis.diagnostics[0].clone(),
            related: DiagnosticRelatedInformation {
                location: Location::new(
                    "file:///b.txt".parse().unwrap(),
                    Range::new(Position::new(3, 1), Position::new(3, 9)),
                ),
                message: "相同的段落在此".into(),
            },
        };
        let few = Settings {
            max_diagnostics: 2,
            ..Settings::default()
        };
        let small = Settings {
            max_file_kb: 0,
            ..Settings::default()
        };
        let off = Settings {
            diagnostics_enabled: false,
            ..Settings::default()
        };
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (settings, elsewhere) in [
                (Settings::default(), vec![]),
                (Settings::default(), vec![other.clone()]),
                (few.clone(), vec![other.clone()]),
                (small.clone(), vec![]),
                (off.clone(), vec![]),
            ] {
                for version in [Some(7), None] {
                    let frame = publication_frame(s, &elsewhere, enc, &settings, version);
                    let body =
                        &frame[frame.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
                    let header = std::str::from_utf8(&frame[..frame.len() - body.len()]).unwrap();
                    assert_eq!(header, format!("Content-Length: {}\r\n\r\n", body.len()));
                    let got: serde_json::Value = serde_json::from_slice(body).unwrap();
                    let diagnostics = if settings.diagnostics_enabled {
                        to_proto_capped(s, &elsewhere, enc, &settings)
                    } else {
                        Vec::new()
                    };
                    let params = PublishDiagnosticsParams {
                        uri: s.uri.clone(),
                        diagnostics,
                        version,
                    };
                    let want = serde_json::json!({
                        "jsonrpc": "2.0",
                        "method": "textDocument/publishDiagnostics",
                        "params": params,
                    });
                    assert_eq!(got, want, "{enc:?} {version:?}");
                }
            }
        }
    }
}
