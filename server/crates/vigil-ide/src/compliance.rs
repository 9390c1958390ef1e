//! Compliance reports: every control of a framework (or of one of its profiles),
//! with the policies mapped to it and how the checked resources fared under each,
//! and the controls no policy covers. Built from an [`Analysis`] as data; the CLI
//! renders it (`vigil report`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use vigil_model::Model;
use vigil_policy::framework::Selection;
use vigil_policy::{Enforcement, PolicySet, Severity};

use crate::Analysis;

/// A framework's controls and the verdicts of the policies mapped to them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceReport {
    /// The framework's id (the key under `custom.controls`).
    pub framework: String,
    /// The framework's or profile's title.
    pub title: String,
    pub profile: Option<String>,
    pub url: Option<String>,
    pub controls: Vec<ControlReport>,
    /// Controls that loaded policies cite under this framework but its file does not
    /// list, as (policy id, control id): a typo in a policy, or an outdated file.
    pub unknown_citations: Vec<(String, String)>,
    pub totals: Totals,
}

/// Where a control stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    /// A policy mapped to it reports a finding.
    Fail,
    /// Its policies evaluated resources and none reports a finding.
    Pass,
    /// Policies cover it, but none of the checked resources is of a type they check.
    NoResources,
    /// No policy covers it.
    NotCovered,
    /// Infrastructure code does not describe it (account settings, people, processes).
    OutsideIac,
}

impl ControlStatus {
    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::Fail => "fail",
            ControlStatus::Pass => "pass",
            ControlStatus::NoResources => "no resources",
            ControlStatus::NotCovered => "not covered",
            ControlStatus::OutsideIac => "outside IaC",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlReport {
    pub id: String,
    pub title: String,
    pub iac: bool,
    pub status: ControlStatus,
    pub policies: Vec<PolicyTally>,
}

/// One policy's verdicts on the checked resources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyTally {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub enforcement: Enforcement,
    /// Resources it evaluated with no finding.
    pub passed: usize,
    /// Resources with at least one active finding of it.
    pub failed: usize,
    /// Resources whose only findings of it are silenced by a suppression.
    pub suppressed: usize,
    /// Resources whose verdict depends on values known only after apply.
    pub unknown: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub controls: usize,
    pub failing: usize,
    pub passing: usize,
    pub no_resources: usize,
    pub not_covered: usize,
    pub outside_iac: usize,
}

/// The report of a framework selection on an analysis of `model` by `policies`.
pub fn compliance_report(
    selection: &Selection<'_>,
    policies: &PolicySet,
    model: &Model,
    analysis: &Analysis,
) -> ComplianceReport {
    // (file, address) of the resources with an active / a suppressed finding, per policy.
    let at = |f: &crate::Finding| {
        let (s, r) = f.origin;
        model
            .stacks
            .get(s)
            .and_then(|stack| stack.resources.get(r))
            .map_or((f.file.clone(), f.address.clone()), |r| (r.file.clone(), r.address.clone()))
    };
    let mut failed: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
    for f in &analysis.findings {
        failed.entry(f.policy_id.as_str()).or_default().insert(at(f));
    }
    let mut suppressed: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
    for f in &analysis.suppressed {
        suppressed.entry(f.policy_id.as_str()).or_default().insert(at(f));
    }
    let mut tallies: BTreeMap<String, PolicyTally> = BTreeMap::new();
    for i in 0..policies.policies.len() {
        let meta = policies.meta(i);
        if selection.cited_by(meta).is_empty() {
            continue;
        }
        tallies.insert(
            meta.id.clone(),
            PolicyTally {
                id: meta.id.clone(),
                title: meta.title.clone(),
                severity: meta.severity,
                enforcement: meta.enforcement,
                passed: 0,
                failed: 0,
                suppressed: 0,
                unknown: 0,
            },
        );
    }
    for summary in &analysis.summaries {
        let key = (summary.file.clone(), summary.address.clone());
        for id in &summary.evaluated {
            let Some(t) = tallies.get_mut(id) else { continue };
            if failed.get(id.as_str()).is_some_and(|s| s.contains(&key)) {
                t.failed += 1;
            } else if suppressed.get(id.as_str()).is_some_and(|s| s.contains(&key)) {
                t.suppressed += 1;
            } else if summary.unknown.contains(id) {
                t.unknown += 1;
            } else {
                t.passed += 1;
            }
        }
    }
    let mut controls = Vec::new();
    let mut totals = Totals::default();
    for control in selection.controls() {
        let mut mapped: Vec<PolicyTally> = (0..policies.policies.len())
            .map(|i| policies.meta(i))
            .filter(|m| selection.cited_by(m).contains(&control.id.as_str()))
            .filter_map(|m| tallies.get(&m.id).cloned())
            .collect();
        mapped.sort_by(|a, b| a.id.cmp(&b.id));
        let status = if mapped.iter().any(|t| t.failed > 0) {
            ControlStatus::Fail
        } else if mapped.iter().any(|t| t.passed + t.suppressed + t.unknown > 0) {
            ControlStatus::Pass
        } else if !mapped.is_empty() {
            ControlStatus::NoResources
        } else if !control.iac {
            ControlStatus::OutsideIac
        } else {
            ControlStatus::NotCovered
        };
        totals.controls += 1;
        match status {
            ControlStatus::Fail => totals.failing += 1,
            ControlStatus::Pass => totals.passing += 1,
            ControlStatus::NoResources => totals.no_resources += 1,
            ControlStatus::NotCovered => totals.not_covered += 1,
            ControlStatus::OutsideIac => totals.outside_iac += 1,
        }
        controls.push(ControlReport {
            id: control.id.clone(),
            title: control.title.clone(),
            iac: control.iac,
            status,
            policies: mapped,
        });
    }
    let listed: BTreeSet<&str> = selection.framework.controls.iter().map(|c| c.id.as_str()).collect();
    let mut unknown_citations = Vec::new();
    for i in 0..policies.policies.len() {
        let meta = policies.meta(i);
        for id in selection.cited_by(meta) {
            if !listed.contains(id) {
                unknown_citations.push((meta.id.clone(), id.to_string()));
            }
        }
    }
    ComplianceReport {
        framework: selection.framework.id.clone(),
        title: selection.title().to_string(),
        profile: selection.profile.map(|p| p.name.clone()),
        url: selection.framework.url.clone(),
        controls,
        unknown_citations,
        totals,
    }
}

/// The ids of the loaded policies mapped to a selection (what `--framework` runs).
pub fn policies_of(selection: &Selection<'_>, policies: &PolicySet) -> BTreeSet<String> {
    (0..policies.policies.len())
        .map(|i| policies.meta(i))
        .filter(|m| !selection.cited_by(m).is_empty())
        .map(|m| m.id.clone())
        .collect()
}
