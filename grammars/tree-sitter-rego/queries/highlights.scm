; Rego highlights. Capture names are the common ones of Neovim's tree-sitter
; (nvim-treesitter), which every theme colours.

(comment) @comment

[
  "package"
  "import"
  "as"
  "default"
  "if"
  "else"
  "contains"
  "some"
  "every"
  "in"
  "with"
] @keyword

(literal not: "not" @keyword.operator)

(package path: (var) @namespace)
(package path: (ref (var) @namespace))
(package path: (ref (ref_dot name: (var) @namespace)))
(import path: (ref (ref_dot name: (var) @namespace)))
(import alias: (var) @namespace)

((var) @variable.builtin
  (#any-of? @variable.builtin "input" "data"))

((var) @variable.builtin
  (#eq? @variable.builtin "_"))

; Rule and function names where they are defined.
(rule_head name: (rule_head_name (var) @function))
(rule_head name: (rule_head_name (ref head: (var) @function)))

; Calls: the last name before the arguments.
(call function: (var) @function.call)
(call function: (ref (ref_dot name: (var) @function.call) .))

(ref_dot name: (var) @property)
(object_item key: (string) @property)

[
  (string)
  (raw_string)
  (template_string)
] @string

(escape_sequence) @string.escape

(template_expr ["{" "}"] @punctuation.special)

(number) @number

[
  (true)
  (false)
] @boolean

(null) @constant.builtin

[
  ":="
  "="
  "=="
  "!="
  "<"
  "<="
  ">"
  ">="
  "+"
  "-"
  "*"
  "/"
  "%"
  "&"
  "|"
] @operator

[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket

[
  "."
  ","
  ";"
  ":"
] @punctuation.delimiter
