; Scopes, definitions and references of Rego (Neovim's tree-sitter locals).

; Each rule and each comprehension, `every` body and query block is a scope.
(rule) @local.scope
(query_block) @local.scope
(array_comprehension) @local.scope
(set_comprehension) @local.scope
(object_comprehension) @local.scope

; Rules are defined by their heads; function parameters by the arguments.
(rule_head name: (rule_head_name (var) @local.definition.function))
(rule_args (var) @local.definition.parameter)

; Variables: `x := ...`, `some x`, `some k, v in xs`, `every x in xs`.
(assignment left: (var) @local.definition.var operator: ":=")
(some_decl name: (var) @local.definition.var)
(literal (membership key: (var) @local.definition.var))
(every name: (var) @local.definition.var)

(var) @local.reference
