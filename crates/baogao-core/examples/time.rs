//! Times full analysis of a file: `cargo run --release -p baogao-core --example time -- FILE [N]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: time FILE [N]");
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = baogao_core::Config::default();
    let mut best = f64::MAX;
    for _ in 0..n {
        let t = std::time::Instant::now();
        let a = baogao_core::analyze(&text, &config);
        std::hint::black_box(&a);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{:.1} MB: best {:.2} ms, {:.0} MB/s",
        mb,
        best * 1e3,
        mb / best
    );
}
