//! Prints how a file is cut for incremental analysis: `cargo run --release -p baogao-core --example chunks -- FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: chunks FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = baogao_core::Config::default();
    let plan = baogao_core::incremental::plan(&text, &config, baogao_core::incremental::CHUNK_MIN);
    println!("{} bytes, {} chunks", text.len(), plan.len());
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
