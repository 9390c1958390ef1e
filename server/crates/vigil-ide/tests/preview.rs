//! The preview fixtures in `testdata/preview/` (see its README): each workspace is
//! checked with the built-in policies, and its findings (policy, address, place and
//! the text there) are compared with a reviewed snapshot.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

mod common;

use vigil_ide::{analyze, Config};

fn findings(name: &str) -> String {
    common::testdata_findings(&format!("preview/{name}"))
}

#[test]
fn a_module_called_twice_reports_the_violating_call() {
    insta::assert_snapshot!(findings("modules"));
}

#[test]
fn for_each_over_a_map_and_count_from_a_conditional() {
    insta::assert_snapshot!(findings("for_each"));
}

#[test]
fn a_dynamic_ingress_block_with_one_open_port() {
    insta::assert_snapshot!(findings("dynamic"));
}

#[test]
fn a_plan_beside_its_source_gives_no_duplicates() {
    insta::assert_snapshot!(findings("plan"));
}

#[test]
fn cloudformation_conditions_mappings_and_pseudo_parameters() {
    insta::assert_snapshot!(findings("cloudformation"));
}

/// Findings reported where the value is written are fixed there: the module call's
/// argument, the for_each map entry, the dynamic block's list.
#[test]
fn fixes_land_where_the_findings_are() {
    let policies = common::builtin_policies();
    for (name, expected) in
        [("modules", "  acl    = \"private\"\n"), ("for_each", "    docs = { acl = \"private\" }\n")]
    {
        let root = common::repo_root().join("testdata/preview").join(name);
        let mut files = Vec::new();
        common::files_under(&root, &root, &mut files);
        let analysis = analyze(&files, &policies, &Config::default(), common::TODAY);
        let finding = analysis.findings.iter().find(|f| f.policy_id == "VGL-AWS-S3-001").unwrap();
        let fix = vigil_ide::remediate::fix_finding(&files, &policies, finding).unwrap();
        let edits = &fix.files["main.tf"];
        let text = &files.iter().find(|f| f.path == "main.tf").unwrap().text;
        let fixed = vigil_fix::apply(text, edits);
        assert!(fixed.contains(expected), "{name}:\n{fixed}");
    }
}
