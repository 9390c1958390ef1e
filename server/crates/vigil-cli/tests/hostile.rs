//! Issue 11's hostile and broken inputs (`tests/hostile/cases.rs`) through the real
//! binary: for each case, `vigil check --format json` exits as it must, reports the
//! positioned diagnostic of the hostile part exactly once, and still reports the
//! findings of the resources the hostile part must not hide. Never a crash, a hang or
//! a silent drop.
//!
//! With `VIGIL_FUZZ_SEEDS=<dir>`, `fuzz_seeds_are_the_hostile_cases` also writes the
//! cases as seeds of the fuzz targets' corpora (`bench/fuzz.sh` does).

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

#[path = "../../../../tests/hostile/cases.rs"]
mod cases;
mod common;

use std::path::Path;
use std::process::Output;

use cases::{Case, Expect};
use common::vigil;
use serde_json::Value;

fn write(dir: &Path, case: &Case) {
    for (path, bytes) in &case.files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// `vigil check . --format json` with the case's arguments, in `dir`.
fn check_in(dir: &Path, case: &Case) -> (Output, Value) {
    let mut args = vec!["check", ".", "--format", "json", "--color", "never"];
    args.extend(&case.args);
    let out = vigil(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for crash in ["panicked", "stack overflow", "RUST_BACKTRACE", "memory allocation"] {
        assert!(!stderr.contains(crash), "{}: the process crashed:\n{stderr}", case.name);
    }
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{}: stdout is not JSON ({e}):\n{}\n{stderr}", case.name, String::from_utf8_lossy(&out.stdout))
    });
    (out, json)
}

/// Writes the case into a temporary folder, checks it and asserts its expectations.
fn check(case: Case) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &case);
    let (out, json) = check_in(dir.path(), &case);
    assert_expected(&case, &out, &json);
    // The text output shows the same places in snippets: it exits alike, no panic.
    let mut args = vec!["check", ".", "--color", "never"];
    args.extend(&case.args);
    let text = vigil(dir.path(), &args);
    assert_eq!(
        text.status.code(),
        out.status.code(),
        "{}: text output:\n{}",
        case.name,
        String::from_utf8_lossy(&text.stderr)
    );
    (dir, json)
}

fn assert_expected(case: &Case, out: &Output, json: &Value) {
    let Expect { exit, diagnostics, findings, clean } = &case.expect;
    let name = case.name;
    let diags = json["diagnostics"].as_array().unwrap();
    let found = json["findings"].as_array().unwrap();
    let listing = || {
        let d: Vec<String> = diags
            .iter()
            .map(|d| {
                format!("{}:{} {} {}", d["file"], d["range"]["start"]["line"], d["severity"], d["message"])
            })
            .collect();
        let f: Vec<String> = found
            .iter()
            .map(|f| {
                format!("{} {} {}:{}", f["policy_id"], f["address"], f["file"], f["range"]["start"]["line"])
            })
            .collect();
        format!(
            "diagnostics:\n  {}\nfindings:\n  {}\nstderr: {}",
            d.join("\n  "),
            f.join("\n  "),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    assert_eq!(out.status.code(), Some(*exit), "{name} ({}): exit code\n{}", case.row, listing());
    for want in diagnostics {
        let matching = diags
            .iter()
            .filter(|d| {
                d["file"] == want.file
                    && d["range"]["start"]["line"] == want.line
                    && d["severity"] == want.severity
                    && d["message"].as_str().unwrap().contains(want.contains)
            })
            .count();
        assert_eq!(
            matching,
            1,
            "{name} ({}): want one {} at {}:{} containing {:?}\n{}",
            case.row,
            want.severity,
            want.file,
            want.line,
            want.contains,
            listing()
        );
    }
    for want in findings {
        let present = found.iter().any(|f| {
            f["policy_id"] == want.policy
                && f["address"] == want.address
                && f["file"] == want.file
                && f["range"]["start"]["line"] == want.line
        });
        assert!(
            present,
            "{name} ({}): want finding {} on {} at {}:{}\n{}",
            case.row,
            want.policy,
            want.address,
            want.file,
            want.line,
            listing()
        );
    }
    if *clean {
        let noisy: Vec<&Value> =
            diags.iter().filter(|d| d["severity"] == "error" || d["severity"] == "warning").collect();
        assert!(noisy.is_empty(), "{name} ({}): valid input, yet:\n{}", case.row, listing());
    }
}

// One test per row of issue 11's table that is fixed, and per budget.

#[test]
fn stray_brace() {
    check(cases::stray_brace());
}

#[test]
fn bare_word() {
    check(cases::bare_word());
}

#[test]
fn number_exponents() {
    let (_dir, json) = check(cases::number_exponents());
    // Both volumes were read, with their sizes.
    assert_eq!(json["summary"]["resources"], 3);
}

#[test]
fn invalid_utf8_in_a_comment() {
    check(cases::invalid_utf8_in_a_comment());
}

#[test]
fn syntax_error_exits_3() {
    check(cases::syntax_error());
}

#[test]
fn syntax_error_with_allow_input_errors_exits_by_the_findings() {
    check(cases::syntax_error_allowed());
}

#[test]
fn empty_folder_exits_2_unless_allowed() {
    let case = cases::empty_folder();
    let (dir, _) = check(case);
    let out = vigil(dir.path(), &["check", ".", "--allow-empty"]);
    assert_eq!(out.status.code(), Some(0), "--allow-empty");
    let out = vigil(dir.path(), &["check", "no-such-folder"]);
    assert_ne!(out.status.code(), Some(0), "a mistyped path passes");
}

#[test]
fn yaml_escapes_are_decoded() {
    check(cases::yaml_escapes());
}

#[test]
fn yaml_longer_than_32768_lines() {
    let (_dir, json) = check(cases::yaml_longer_than_32768_lines());
    assert_eq!(json["summary"]["resources"], 5_001, "every document is read");
}

#[test]
fn lone_cr_yaml() {
    check(cases::lone_cr_yaml());
}

#[test]
fn count_2000_reports_index_1500() {
    let (_dir, json) = check(cases::count_2000());
    assert_eq!(json["summary"]["resources"], 2_000);
}

#[test]
fn budget_instances() {
    check(cases::instance_budget());
}

#[test]
fn budget_module_tree_instances() {
    check(cases::module_chain());
}

#[test]
fn budget_nesting_terraform_blocks() {
    check(cases::deep_terraform_blocks());
}

#[test]
fn budget_nesting_yaml_mappings() {
    check(cases::deep_yaml_mappings());
}

#[test]
fn budget_nesting_json_template() {
    check(cases::deep_json_template());
}

#[test]
fn budget_nesting_json_manifest() {
    check(cases::deep_json_manifest());
}

#[test]
fn budget_nesting_tfstate() {
    check(cases::deep_tfstate());
}

#[test]
fn fuzzed_json_string_left_open_before_deep_nesting() {
    check(cases::json_string_left_open_before_deep_nesting());
}

#[test]
fn fuzzed_deep_yaml_after_crlf_lines() {
    check(cases::deep_yaml_after_crlf_lines());
}

#[test]
fn fuzzed_character_across_4_kib_in_json() {
    check(cases::character_across_4_kib_in_json());
}

#[test]
fn budget_yaml_aliases_config_map() {
    check(cases::billion_laughs_config_map());
}

#[test]
fn budget_yaml_aliases_template() {
    check(cases::billion_laughs_template());
}

#[test]
fn budget_yaml_aliases_pulumi() {
    check(cases::billion_laughs_pulumi());
}

#[test]
fn budget_yaml_aliases_metadata() {
    check(cases::billion_laughs_metadata());
}

#[test]
fn budget_function_value() {
    check(cases::function_value_budget());
}

#[test]
fn budget_file_size() {
    check(cases::file_size_budget());
}

#[test]
#[cfg(target_os = "linux")]
fn budget_memory() {
    check(cases::memory_budget());
}

#[test]
fn budget_results() {
    let (_dir, report) = check(cases::result_budget());
    let many = report["findings"]
        .as_array()
        .map_or(0, |f| f.iter().filter(|f| f["policy_id"] == "HOSTILE-MANY-1").count());
    assert_eq!(many, 1000, "the first 1,000 results of the policy are reported");
}

#[test]
fn misindented_key_in_a_manifest() {
    check(cases::misindented_key_in_a_manifest());
}

#[test]
fn budget_setproduct() {
    check(cases::setproduct_budget());
}

#[test]
fn budget_preview_steps() {
    check(cases::preview_budget());
}

#[test]
fn toset_of_many_strings_is_computed() {
    check(cases::toset_of_many_strings());
}

#[test]
fn recursive_rego_function_is_refused_and_others_run() {
    check(cases::recursive_rego_function());
}

#[test]
fn symlink_out_of_the_workspace_is_neither_read_nor_written() {
    let case = cases::symlink_out_of_the_workspace();
    let root = tempfile::tempdir().unwrap();
    write(root.path(), &case);
    let ws = root.path().join("ws");
    let outside = root.path().join("outside/pod.yaml");
    std::os::unix::fs::symlink(&outside, ws.join("pod.yaml")).unwrap();
    let (out, json) = check_in(&ws, &case);
    assert_expected(&case, &out, &json);
    assert!(!json["findings"].as_array().unwrap().iter().any(|f| f["policy_id"] == cases::PRIVILEGED));
    // The text output does not show the outside file's text in a snippet.
    let text = vigil(&ws, &["check", ".", "--color", "never", "-v"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("outside the repository") && !stdout.contains("OUTSIDE-SECRET"), "{stdout}");
    // `vigil fix` writes the workspace's file, never through the link.
    let before = std::fs::read(&outside).unwrap();
    let fix = vigil(&ws, &["fix", ".", "--all", "--unsafe"]);
    assert_eq!(fix.status.code(), Some(0), "{}", String::from_utf8_lossy(&fix.stderr));
    assert_eq!(std::fs::read(&outside).unwrap(), before, "the outside file was written");
    let fixed = std::fs::read_to_string(ws.join("main.tf")).unwrap();
    assert!(fixed.contains("\"private\""), "{fixed}");
}

#[test]
fn control_characters_stay_out_of_junit_and_the_terminal() {
    let (dir, _) = check(cases::control_characters_in_names());
    let junit = vigil(dir.path(), &["check", ".", "--format", "junit"]);
    let xml = String::from_utf8(junit.stdout).unwrap();
    roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("JUnit is not XML ({e}):\n{xml}"));
    assert!(xml.contains("Pod/evil"), "{xml}");
    let text = vigil(dir.path(), &["check", ".", "--color", "always"]);
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(stdout.contains("Pod/evil"), "{stdout}");
    // Colours are the only escapes: none from the name (ESC [2J clears the screen).
    assert!(!stdout.contains("\u{1b}[2J") && !stdout.contains('\u{7}'), "{stdout:?}");
}

#[test]
fn fix_value_with_template_sequences_reads_back_as_written() {
    let case = cases::fix_value_with_template_sequences();
    let (dir, _) = check(case);
    let args = ["fix", ".", "--policy", "HOSTILE-FIX-1", "--policy-dir", "policies"];
    let first = vigil(dir.path(), &args);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let fixed = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    // The policy sees the literal it asked for: its finding is gone.
    let after = vigil(dir.path(), &["check", ".", "--format", "json", "--policy-dir", "policies"]);
    let json: Value = serde_json::from_slice(&after.stdout).unwrap();
    assert!(
        !json["findings"].as_array().unwrap().iter().any(|f| f["policy_id"] == "HOSTILE-FIX-1"),
        "the fix did not read back as {:?}:\n{fixed}",
        cases::TEMPLATE_LITERAL
    );
    // A second run has nothing to do and writes nothing.
    let second = vigil(dir.path(), &args);
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), fixed);
}

/// Every case seeds the fuzz target of each of its syntaxes, and every target gets
/// seeds; written to `$VIGIL_FUZZ_SEEDS/<target>/` when that is set.
#[test]
fn fuzz_seeds_are_the_hostile_cases() {
    let out_dir = std::env::var_os("VIGIL_FUZZ_SEEDS");
    let mut per_target: std::collections::BTreeMap<&str, usize> = Default::default();
    for case in cases::all() {
        let seeds = cases::seeds(&case);
        // Every case with an input file of a syntax the targets read seeds them.
        let readable = case.files.iter().any(|(p, _)| !p.ends_with(".md"));
        assert_eq!(!seeds.is_empty(), readable, "{} seeds no fuzz target", case.name);
        for (target, name, bytes) in seeds {
            assert!(cases::FUZZ_TARGETS.contains(&target), "{target}");
            assert!(!bytes.is_empty() && bytes.len() <= cases::SEED_MAX, "{name}: {} bytes", bytes.len());
            *per_target.entry(target).or_default() += 1;
            if let Some(dir) = &out_dir {
                let dir = Path::new(dir).join(target);
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join(&name), &bytes).unwrap();
            }
        }
    }
    for target in cases::FUZZ_TARGETS {
        assert!(per_target.get(target).copied().unwrap_or(0) > 0, "no seed for the fuzz target {target}");
    }
}

/// Files nested just under the highest nesting budget (200) are read on threads of
/// Vigil's own stack size, whatever the environment gives threads: with
/// `RUST_MIN_STACK` at 64 KiB the check used to overflow a worker's stack and abort.
#[test]
fn deep_input_at_the_ceiling_survives_small_default_thread_stacks() {
    let depth = 195;
    let dir = tempfile::tempdir().unwrap();
    let tf = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"x\"\n{}{}}}\n",
        "  a {\n".repeat(depth),
        "  }\n".repeat(depth)
    );
    let mut yaml = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n");
    for i in 0..depth {
        yaml.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
    }
    yaml.push_str(&format!("{}v: 1\n", "  ".repeat(depth + 1)));
    let json = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\", \
         \"Properties\": {{\"Tags\": {}{}}}}}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    for (name, text) in [
        ("main.tf", tf),
        ("cm.yaml", yaml),
        ("t.json", json),
        ("vigil.toml", "[limits]\nnesting = 200\n".into()),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["check", ".", "--format", "json"])
        .current_dir(dir.path())
        .env("RUST_MIN_STACK", "65536")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("overflow"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let errors: Vec<&Value> = report["diagnostics"]
        .as_array()
        .map(|d| d.iter().filter(|d| d["severity"] == "error").collect())
        .unwrap_or_default();
    assert!(errors.is_empty(), "files under the budget read without errors: {errors:?}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?} {stderr}", out.status);
}

/// Policy files that cannot be read (not UTF-8, a FIFO, a link to `/dev/zero`) are
/// each reported, and every other policy still runs: before, the first of them ended
/// the check with exit 2 and no finding at all (and the server lost every policy).
#[test]
#[cfg(unix)]
fn unreadable_policy_files_are_reported_and_the_rest_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let good = "# METADATA\n# title: Good\n# custom:\n#   id: HOSTILE-GOOD-1\n#   severity: low\n#   \
                enforcement: advisory\n#   resources: [aws_s3_bucket]\npackage hostile.good\n\nimport rego.v1\n\n\
                deny contains \"a bucket\" if input.resource.type == \"aws_s3_bucket\"\n";
    let policies = dir.path().join("policies");
    std::fs::create_dir_all(&policies).unwrap();
    std::fs::write(policies.join("good.rego"), good).unwrap();
    std::fs::write(policies.join("bin.rego"), b"\xff\xfe package x").unwrap();
    std::os::unix::fs::symlink("/dev/zero", policies.join("zero.rego")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(policies.join("fifo.rego")).status().unwrap();
    assert!(fifo.success());
    std::fs::write(dir.path().join("main.tf"), cases::PUBLIC_BUCKET).unwrap();
    let out = vigil(dir.path(), &["check", ".", "--format", "json", "--policy-dir", "policies"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(out.status.code(), Some(3), "a policy not read makes the check incomplete: {stderr}");
    let unread: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.starts_with("policy not read")))
        .map(|d| d["file"].as_str().unwrap_or_default().to_string())
        .collect();
    for name in ["bin.rego", "zero.rego", "fifo.rego"] {
        assert!(unread.iter().any(|f| f.ends_with(name)), "{name} not reported: {unread:?}");
    }
    let ids: Vec<&str> =
        report["findings"].as_array().unwrap().iter().filter_map(|f| f["policy_id"].as_str()).collect();
    assert!(ids.contains(&"HOSTILE-GOOD-1"), "{ids:?}");
    assert!(ids.contains(&cases::PUBLIC_ACL), "{ids:?}");
}
