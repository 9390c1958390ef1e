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

/// The rules (as `data.<package>.<rule>`) with a condition the VM would get wrong:
/// one that can fail directly in a comprehension nested in a loop.
pub(crate) fn comprehension_hazards(program: &Program) -> BTreeSet<String> {
    let data = &program.instruction_data;
    // Where each rule body starts (the program's own source locations cannot be used:
    // regorus 0.14.1 numbers the sources of its spans in another order than its
    // source table).
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
    let rule_at = |pc: usize| {
        let after = starts.partition_point(|&(start, _)| start <= pc);
        after.checked_sub(1).map_or("", |i| starts[i].1)
    };
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
                rules.insert(rule_at(pc).to_string());
            }
            _ => {}
        }
    }
    rules
}
