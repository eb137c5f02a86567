//! Prints how a file is cut for incremental analysis:
//! `cargo run --release -p baogao-core --example chunks -- FILE [MIN_BYTES]`
//! (the minimum chunk length, [`baogao_core::incremental::CHUNK_MIN`] by default).

fn main() {
    let path = std::env::args().nth(1).expect("usage: chunks FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = baogao_core::Config::default();
    let min = std::env::args()
        .nth(2)
        .map(|m| m.parse().expect("MIN_BYTES is a number"))
        .unwrap_or(baogao_core::incremental::CHUNK_MIN);
    let plan = baogao_core::incremental::plan(&text, &config, min);
    println!("{} bytes, {} chunks", text.len(), plan.len());
    if std::env::var("REPORTS").is_ok() {
        let a = baogao_core::analyze(&text, &config);
        for r in &a.outline.reports {
            let before = text[..r.range.start].trim_end();
            let last = before.rsplit(['\n', '\r']).next().unwrap_or("").trim();
            let first = text[r.range.start..].lines().next().unwrap_or("");
            println!(
                "{:>8} {:>6} | {} | {}",
                r.range.start,
                r.range.len(),
                last.chars()
                    .rev()
                    .take(30)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<String>(),
                first.chars().take(30).collect::<String>()
            );
        }
    }
    let weighted: usize = plan.iter().map(|r| r.len() * r.len()).sum::<usize>() / text.len().max(1);
    println!("chunk length met by a random edit, on average: {weighted} bytes");
    for r in plan {
        let a = baogao_core::analyze(&text[r.clone()], &config);
        let titled = a.outline.reports.first().is_some_and(|r| r.title.is_some());
        println!(
            "{:>8}..{:<8} {:>7} bytes, {} reports, first titled: {titled}",
            r.start,
            r.end,
            r.len(),
            a.outline.reports.len()
        );
    }
}
#[allow(dead_code)]
fn reports() {}
