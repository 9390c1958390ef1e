//! Fixes of findings, checked before they are offered or written: the policy's `fix`
//! ops become edits (`vigil-fix`), the edited files must still parse, and the policy,
//! evaluated again on the edited resource, must no longer report the finding.
//!
//! The editor's quick fix, "fix all in file" and `vigil fix` all go through
//! [`fix_finding`] and [`fix_findings`].

use std::collections::BTreeMap;

use vigil_fix::{Fix, FixError};
use vigil_model::SourceFile;
use vigil_policy::PolicySet;

use crate::Finding;

/// The checked fix of one finding, as edits of `files`.
pub fn fix_finding(files: &[SourceFile], policies: &PolicySet, finding: &Finding) -> Result<Fix, FixError> {
    if finding.fix.is_empty() {
        return Err(FixError(format!("{} gives no fix", finding.policy_id)));
    }
    // The files of the finding's stack: the fix edits them and the check reads them.
    let stack: Vec<SourceFile> = vigil_fix::stack_files(files, &finding.file).into_iter().cloned().collect();
    let fix = vigil_fix::fix(&stack, &finding.file, &finding.address, &finding.fix)?;
    if fix.is_empty() {
        return Err(FixError("the fix changes nothing".into()));
    }
    let edited: Vec<SourceFile> = stack
        .into_iter()
        .map(|f| match fix.files.get(&f.path) {
            Some(edits) => SourceFile::new(f.path.clone(), vigil_fix::apply(&f.text, edits)),
            None => f,
        })
        .collect();
    if reported_in_stack(&edited, policies, finding) {
        return Err(FixError(format!("the fix does not make {} go away", finding.policy_id)));
    }
    Ok(fix)
}

/// Whether the finding's policy still reports it (same path) on the files.
fn still_reported(files: &[SourceFile], policies: &PolicySet, finding: &Finding) -> bool {
    let stack: Vec<SourceFile> = vigil_fix::stack_files(files, &finding.file).into_iter().cloned().collect();
    reported_in_stack(&stack, policies, finding)
}

/// [`still_reported`] on the files of the finding's stack.
fn reported_in_stack(stack_files: &[SourceFile], policies: &PolicySet, finding: &Finding) -> bool {
    let model = vigil_model::load_workspace(stack_files);
    let Some(policy) = policies.find(&finding.policy_id) else { return true };
    for stack in &model.stacks {
        // By address: the finding may be where the value is written, not in the
        // resource's file.
        let Some(resource) = stack.resources.iter().find(|r| r.address == finding.address) else {
            continue;
        };
        let mut evaluator = policies.evaluator(stack);
        let output = evaluator.evaluate(resource, &|meta| meta.id == finding.policy_id);
        return output.results.iter().any(|r| r.policy == policy && r.path == finding.path);
    }
    // The resource is gone: the fix removed more than it should.
    true
}

/// What fixing several findings did.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// The new text of each changed file.
    pub texts: BTreeMap<String, String>,
    /// Indexes (into the given findings) of the findings fixed, with the fix's notes.
    pub fixed: Vec<(usize, Vec<String>)>,
    /// Findings that could not be fixed, and why.
    pub failed: Vec<(usize, FixError)>,
}

impl FixOutcome {
    /// The changes as minimal edits of the original files.
    pub fn edits(&self, files: &[SourceFile]) -> Vec<(String, Vec<vigil_fix::TextEdit>)> {
        self.texts
            .iter()
            .filter_map(|(path, text)| {
                let original = files.iter().find(|f| f.path == *path)?;
                Some((path.clone(), vigil_fix::diff_edits(&original.text, text)))
            })
            .collect()
    }
}

/// Fixes findings one after another, each on the texts the previous ones left (so
/// fixes on one resource compose, and instances of one block are fixed once). A
/// finding already gone after earlier fixes counts as fixed.
pub fn fix_findings(files: &[SourceFile], policies: &PolicySet, findings: &[&Finding]) -> FixOutcome {
    let mut current: Vec<SourceFile> =
        files.iter().map(|f| SourceFile::new(f.path.clone(), f.text.clone())).collect();
    let mut outcome = FixOutcome::default();
    for (i, finding) in findings.iter().enumerate() {
        if i > 0 && !still_reported(&current, policies, finding) {
            outcome.fixed.push((i, vec![]));
            continue;
        }
        match fix_finding(&current, policies, finding) {
            Ok(fix) => {
                for f in current.iter_mut() {
                    if let Some(edits) = fix.files.get(&f.path) {
                        f.text = vigil_fix::apply(&f.text, edits);
                    }
                }
                outcome.fixed.push((i, fix.notes));
            }
            Err(e) => outcome.failed.push((i, e)),
        }
    }
    for (original, now) in files.iter().zip(&current) {
        if original.text != now.text {
            outcome.texts.insert(now.path.clone(), now.text.clone());
        }
    }
    outcome
}
