//! Times each rule alone on a file: `cargo run --release -p baogao-core --example rule_time -- FILE [N]`.
//! Prints the analysis with every rule off, then the extra cost of each rule on its own.

fn best(text: &str, config: &baogao_core::Config, n: usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..n {
        let t = std::time::Instant::now();
        std::hint::black_box(baogao_core::analyze(text, config));
        best = best.min(t.elapsed().as_secs_f64());
    }
    best * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: rule_time FILE [N]");
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let mut config = baogao_core::Config {
        rule_overrides: vec![("*".into(), None)],
        ..baogao_core::Config::default()
    };
    let base = best(&text, &config, n);
    println!("all rules off: {base:.2} ms");
    for rule in baogao_core::REGISTRY {
        config.rule_overrides = vec![
            ("*".into(), None),
            (rule.code.into(), Some(rule.default_severity)),
        ];
        println!("{:22} +{:.2} ms", rule.code, best(&text, &config, n) - base);
    }
    println!(
        "all on: {:.2} ms",
        best(&text, &baogao_core::Config::default(), n)
    );
}
