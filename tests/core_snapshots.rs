//! Snapshot tests of the core: outline and diagnostics of each fixture report.
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test`)
//! and read the diff as a reader of the report would.

use baogao_core::{analyze, debug, Config, DocumentKind};

fn render(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let analysis = analyze(&text, &Config::for_kind(DocumentKind::from_path(name)));
    debug::render(&text, &analysis)
}

macro_rules! snapshot {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(stringify!($test), render($file));
        }
    };
}

snapshot!(titled_compilation_with_toc, "compilation_titled.txt");
snapshot!(untitled_compilation_restarts, "compilation_untitled.txt");
snapshot!(fragments_are_checked_line_by_line, "fragments.txt");
snapshot!(markdown_report, "report.md");
snapshot!(every_defect, "defects.txt");
snapshot!(traps_are_not_headings_or_placeholders, "traps.txt");
snapshot!(run_in_headings, "run_in.txt");
snapshot!(
    research_report_chapters_and_articles,
    "research_and_regulation.txt"
);
snapshot!(word_export_with_dotted_toc, "word_export_compilation.txt");
snapshot!(inline_lists_and_glued_skips, "inline_lists.txt");
snapshot!(example_report, "../../examples/annual-report.txt");
snapshot!(punctuation_per_report_house_style, "punct_house_styles.txt");
snapshot!(real_placeholder_forms, "real_placeholders.txt");
snapshot!(real_markdown_code_and_links, "real_markdown.md");
snapshot!(real_heading_markers, "real_headings.txt");
snapshot!(
    real_heading_markers_traditional,
    "real_headings_traditional.txt"
);
snapshot!(real_heading_markers_markdown, "real_headings.md");
snapshot!(
    recycled_paragraphs_in_a_compilation,
    "recycled_compilation.txt"
);
snapshot!(number_and_format_rules_issue_13, "number_format_rules.txt");
