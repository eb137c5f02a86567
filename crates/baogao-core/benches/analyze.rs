//! Full analysis (outline + every rule) of the 272 KB compilation from the
//! shared corpus, or of a generated text of the same shape when it is absent.
//! Run: `cargo bench -p baogao-core --bench analyze`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use baogao_core::{analyze, Config};

fn corpus_text() -> (String, &'static str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("002_") {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    return (text, "corpus-002");
                }
            }
        }
    }
    eprintln!(
        "NOTE: {} absent; benchmarking a generated text of the same size",
        dir.display()
    );
    (generated(272_000), "generated-272k")
}

/// A compilation-shaped text: reports restarting at 一、, run-in headings,
/// enumerations and placeholders, one paragraph per line with blank lines.
fn generated(size: usize) -> String {
    let mut s = String::from("2022年度工作总结及2023年工作计划汇编\n\n");
    let mut report = 0;
    while s.len() < size {
        report += 1;
        s.push_str(&format!("2022年,在区委区政府的领导下,第{report}篇报告的各项工作稳步推进,现将有关情况汇报如下:\n\n"));
        for top in ["一", "二", "三", "四"] {
            s.push_str(&format!("{top}、2022年工作进展和成效\n\n"));
            for sub in ["一", "二", "三"] {
                s.push_str(&format!("({sub})大力开展卫生创建工作\n\n"));
                for n in 1..=3 {
                    s.push_str(&format!(
                        "{n}.完成xx市省级卫生城市届满复审工作。一是市政府印发《xx市人民政府关于申请省级卫生城市届满复审的报告》,二是市爱卫办下发通知(x爱卫办〔2022〕x号),2022年x月上报至省爱卫办。全年粮食播种面积43.2万亩,同比增长2.1%。\n\n"
                    ));
                }
            }
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let (text, name) = corpus_text();
    let config = Config::default();
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(BenchmarkId::new("full", name), &text, |b, t| {
        b.iter(|| analyze(t, &config))
    });
    // The floor: one pass of a placeholder regex and a heading regex over the same bytes.
    let placeholder = regex::Regex::new(r"[xX×*＊]+|○{2,}|□{2,}|某{2,}").expect("valid");
    let heading = regex::Regex::new(r"[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是]|[0-9]{1,2}[.．、]").expect("valid");
    group.bench_with_input(BenchmarkId::new("regex-floor", name), &text, |b, t| {
        b.iter(|| placeholder.find_iter(t).count() + heading.find_iter(t).count())
    });
    let big = generated(1 << 20);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_with_input(BenchmarkId::new("full", "generated-1m"), &big, |b, t| {
        b.iter(|| analyze(t, &config))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
