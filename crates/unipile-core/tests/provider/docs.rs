//! `docs/providers.md` shows the same example as the `ProviderRules` doc test, which is
//! the one that gets compiled: this keeps the two from drifting apart.

const GUIDE: &str = include_str!("../../../../docs/providers.md");
const RULES: &str = include_str!("../../src/provider/rules.rs");

/// The code of the first ```rust block of the guide.
fn guide_example() -> String {
    let start = GUIDE.find("```rust\n").expect("a rust block in the guide") + "```rust\n".len();
    let len = GUIDE[start..].find("```").expect("the block ends");
    GUIDE[start..start + len].to_owned()
}

/// The code of the doc example on the trait, without the `/// ` comment markers.
fn trait_example() -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in RULES.lines() {
        let Some(doc) = line.trim_start().strip_prefix("///") else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        if doc.starts_with("```") {
            if inside {
                break;
            }
            inside = true;
            continue;
        }
        if inside {
            out.push_str(doc);
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_guide_shows_the_compiled_example() {
    let trait_example = trait_example();
    assert!(trait_example.contains("impl ProviderRules for DiscordRules"));
    assert_eq!(guide_example(), trait_example);
}
