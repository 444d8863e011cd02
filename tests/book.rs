//! The documentation: the README (a landing page) and the book in `docs/book/` (mdBook). Every
//! chapter file is listed in `SUMMARY.md` and every listed chapter exists; every relative link of
//! the README and of the book points to a file of the repository, and every `#anchor` to a
//! heading of its target. `scripts/test.sh` also builds the book with mdBook.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn book_src() -> PathBuf {
    root().join("docs/book/src")
}

/// The Markdown links `[text](target)` of a text, outside fenced code blocks and inline code.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop inline code spans.
        let mut plain = String::new();
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                plain.push(c);
            }
        }
        let mut rest = plain.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            match after.find(')') {
                Some(j) => {
                    found.push(after[..j].to_owned());
                    rest = &after[j + 1..];
                }
                None => break,
            }
        }
    }
    found
}

/// GitHub's and mdBook's anchor of a heading: lower case, spaces to '-', punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut set = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            set.insert(anchor(line.trim_start_matches('#')));
        }
    }
    set
}

/// The problems of the links of one Markdown file.
fn check_file(file: &Path, problems: &mut Vec<String>) {
    let text = fs::read_to_string(file).unwrap();
    for link in links(&text) {
        if link.starts_with("http://")
            || link.starts_with("https://")
            || link.starts_with("mailto:")
        {
            continue;
        }
        let (path, frag) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (link.as_str(), None),
        };
        let target = if path.is_empty() {
            file.to_path_buf()
        } else {
            file.parent().unwrap().join(path)
        };
        if !target.exists() {
            problems.push(format!(
                "{}: link to a missing file `{link}`",
                file.display()
            ));
            continue;
        }
        if let Some(frag) = frag {
            if target.extension().is_some_and(|e| e == "md") {
                let heads = anchors(&fs::read_to_string(&target).unwrap());
                if !heads.contains(frag) {
                    problems.push(format!(
                        "{}: no heading `#{frag}` in {}",
                        file.display(),
                        path
                    ));
                }
            }
        }
    }
}

#[test]
fn every_chapter_is_in_the_summary_and_every_summary_entry_exists() {
    let summary = fs::read_to_string(book_src().join("SUMMARY.md")).unwrap();
    let listed: BTreeSet<String> = links(&summary).into_iter().collect();
    let files: BTreeSet<String> = fs::read_dir(book_src())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md") && n != "SUMMARY.md")
        .collect();
    assert_eq!(
        listed, files,
        "docs/book/src/SUMMARY.md must list exactly the chapter files"
    );
}

#[test]
fn every_relative_link_of_the_readme_and_the_book_resolves() {
    let mut problems = Vec::new();
    check_file(&root().join("README.md"), &mut problems);
    for e in fs::read_dir(book_src()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            check_file(&p, &mut problems);
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_finds_a_broken_link_and_a_broken_anchor() {
    let dir = std::env::temp_dir().join(format!("kelisim-book-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a.md");
    fs::write(
        &file,
        "# A\n\n## Two words\n\n[ok](#two-words) [bad](missing.md) [bad anchor](#nope)\n```\n[x](in-code.md)\n```\n",
    )
    .unwrap();
    let mut problems = Vec::new();
    check_file(&file, &mut problems);
    fs::remove_dir_all(&dir).ok();
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn the_readme_stays_a_landing_page() {
    let lines = fs::read_to_string(root().join("README.md"))
        .unwrap()
        .lines()
        .count();
    assert!(
        lines <= 150,
        "README.md has {lines} lines: move the details into docs/book/"
    );
}
