//! Code regorus 0.14's VM runs differently from its interpreter, found in the
//! compiled program.
//!
//! A condition that fails in the body of a comprehension should end that
//! comprehension's current candidate (the comprehension is then smaller, maybe
//! empty). The VM instead hands the failure to the innermost *loop* of the rule,
//! ignoring a comprehension entered inside it: `some v in [1, 2]; count([1 | v == 1])
//! == 0` skips `v == 2` instead of counting nothing (the engine's test
//! `vm_and_interpreter_disagree_on_a_comprehension_in_a_loop` shows it). Vigil keeps
//! such rules on the interpreter. A rule (or function) call starts afresh, so only a
//! comprehension inside a loop of the same rule body is exposed, and only for the
//! conditions of its body outside any loop of its own.

use std::collections::BTreeSet;

use regorus::rvm::{Instruction, Program};

/// A region of the program: a loop body or a comprehension body, as the range of
/// instructions it spans.
struct Open {
    end: usize,
    comprehension: bool,
    /// Is this region (or one it is nested in) a loop?
    in_loop: bool,
}

/// Where each rule body starts, to find the rule an instruction belongs to (the
/// program's own source locations cannot be used: regorus 0.14.1 numbers the sources
/// of its spans in another order than its source table).
struct RuleStarts<'p>(Vec<(usize, &'p str)>);

impl<'p> RuleStarts<'p> {
    fn new(program: &'p Program) -> Self {
        let mut starts: Vec<(usize, &str)> = program
            .rule_infos
            .iter()
            .flat_map(|rule| {
                let bodies = rule.definitions.iter().flatten().copied();
                let destructuring = rule.destructuring_blocks.iter().flatten().copied();
                bodies.chain(destructuring).map(move |pc| (pc as usize, rule.name.as_str()))
            })
            .collect();
        starts.sort_unstable();
        RuleStarts(starts)
    }

    /// The rule (`data.<package>.<name>`) whose code holds instruction `pc`.
    fn rule_at(&self, pc: usize) -> &'p str {
        let after = self.0.partition_point(|&(start, _)| start <= pc);
        after.checked_sub(1).map_or("", |i| self.0[i].1)
    }
}

/// The rules that read a whole document of rules (a package, through an import
/// alias: `k8s.containers` after `import data.vigil.lib.kubernetes as k8s`). The VM
/// then evaluates every rule of the package and assembles them, at each evaluation;
/// importing the rule itself (`import data.vigil.lib.kubernetes.containers`) calls
/// just that rule.
pub(crate) fn document_lookups(program: &Program) -> BTreeSet<String> {
    let starts = RuleStarts::new(program);
    program
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, instruction)| matches!(instruction, Instruction::VirtualDataDocumentLookup { .. }))
        .map(|(pc, _)| starts.rule_at(pc).to_string())
        .collect()
}

/// The rules (as `data.<package>.<rule>`) with a condition the VM would get wrong:
/// one that can fail directly in a comprehension nested in a loop.
pub(crate) fn comprehension_hazards(program: &Program) -> BTreeSet<String> {
    let data = &program.instruction_data;
    let starts = RuleStarts::new(program);
    let mut open: Vec<Open> = Vec::new();
    let mut rules = BTreeSet::new();
    for (pc, instruction) in program.instructions.iter().enumerate() {
        while open.last().is_some_and(|region| pc >= region.end) {
            open.pop();
        }
        let enclosing_loop = open.last().is_some_and(|region| region.in_loop);
        match instruction {
            Instruction::LoopStart { params_index } => {
                if let Some(params) = data.get_loop_params(*params_index) {
                    open.push(Open {
                        end: usize::from(params.loop_end),
                        comprehension: false,
                        in_loop: true,
                    });
                }
            }
            Instruction::ComprehensionBegin { params_index } => {
                if let Some(params) = data.get_comprehension_begin_params(*params_index) {
                    open.push(Open {
                        end: usize::from(params.comprehension_end),
                        comprehension: true,
                        in_loop: enclosing_loop,
                    });
                }
            }
            Instruction::Guard { .. } | Instruction::AssertEq { .. }
                if open.last().is_some_and(|region| region.comprehension && region.in_loop) =>
            {
                rules.insert(starts.rule_at(pc).to_string());
            }
            _ => {}
        }
    }
    rules
}
