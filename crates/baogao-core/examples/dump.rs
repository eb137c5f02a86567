//! Prints the outline and diagnostics of a file: a development aid for the core.
//! `cargo run -p baogao-core --example dump -- FILE`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = baogao_core::Config::for_kind(baogao_core::DocumentKind::from_path(&path));
    let analysis = baogao_core::analyze(&text, &config);
    print!("{}", baogao_core::debug::render(&text, &analysis));
}
