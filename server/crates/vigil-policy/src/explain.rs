//! One policy on one resource, shown to its author (`vigil.evaluate` in the
//! editor): the raw `deny`/`warn` results before Vigil reads them as findings, what
//! `print` wrote, and the input document, so that a policy that does not fire where
//! its author expects can be looked into without leaving the editor.

use serde::Serialize;

use crate::engine::guarded;
use crate::{PolicySet, StackData};

/// What one policy said about one resource.
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    pub policy: String,
    pub address: String,
    /// The `deny` set (as JSON), absent when the policy defines none.
    pub deny: Option<serde_json::Value>,
    pub warn: Option<serde_json::Value>,
    /// What `print` wrote while the rules ran, in order.
    pub prints: Vec<String>,
    /// An error that stopped the evaluation (a runtime error, the time limit).
    pub error: Option<String>,
    /// `input.resource` as the policy saw it.
    pub input: serde_json::Value,
}

impl PolicySet {
    /// Evaluates the policy `policy` (an index in [`PolicySet::policies`]) on the
    /// resource at `index` of the stack `data` was made of, with the interpreter
    /// (prints are gathered there, and it runs every rule the VM runs).
    pub fn explain(&self, policy: usize, data: &StackData, index: usize) -> Option<Explained> {
        let loaded = self.policies.get(policy)?;
        let input = data.input_of(index)?;
        let resource = input["resource"].clone();
        let address = resource["address"].as_string().map(|s| s.to_string()).unwrap_or_default();
        let mut out = Explained {
            policy: loaded.meta.id.clone(),
            address,
            deny: None,
            warn: None,
            prints: vec![],
            error: None,
            input: serde_json::to_value(&resource).unwrap_or_default(),
        };
        let mut engine = self.interpreter.engine().clone();
        engine.set_input(input);
        engine.set_gather_prints(true);
        // What earlier evaluations on this engine printed is not this one's.
        let _ = engine.take_prints();
        for kind in &loaded.kinds {
            let rule = format!("data.{}.{}", loaded.meta.package, kind.rule());
            let value = match guarded(|| engine.eval_rule(rule)) {
                Ok(Ok(value)) => serde_json::to_value(&value).unwrap_or_default(),
                Ok(Err(e)) => {
                    out.error = Some(format!("{e:#}").lines().next().unwrap_or_default().to_string());
                    break;
                }
                Err(_) => {
                    out.error = Some("the policy engine panicked on this policy".into());
                    break;
                }
            };
            match kind {
                crate::ResultKind::Deny => out.deny = Some(value),
                crate::ResultKind::Warn => out.warn = Some(value),
            }
        }
        out.prints = engine.take_prints().unwrap_or_default();
        Some(out)
    }
}
