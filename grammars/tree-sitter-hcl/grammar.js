/**
 * HCL native syntax (Terraform's `.tf` and `.tfvars`) for tree-sitter, as Vigil reads it.
 *
 * A fork of tree-sitter-grammars/tree-sitter-hcl 1.1.0 (Apache-2.0, see LICENSE and
 * README.md): the node names are that grammar's, so that every tree consumer (the
 * evaluator, the fixer, editors' queries) reads the same shapes; the expression rules
 * follow HCL's specification (hashicorp/hcl, hclsyntax/spec.md) where 1.1.0 does not:
 *
 * - postfix operators (`.attr`, `[index]`, `.*`, `[*]`) bind tighter than any unary or
 *   binary operator: `a && var.b` is `a && (var.b)`, `-var.n` is `-(var.n)`
 *   (1.1.0 read `(a && var).b`, upstream issue #56);
 * - `? :` is right-associative: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`;
 * - numbers may have an exponent without a fraction (`1e3`, `2E+10`).
 *
 * Regenerate `src/parser.c` after a change: see README.md.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// Binding strength, loosest first. HCL's table of binary operators (spec: "Operations")
// has six levels; unary operators sit above them and postfix operators above those.
const PREC = {
  or: 1,
  and: 2,
  equality: 3,
  comparison: 4,
  additive: 5,
  multiplicative: 6,
  unary: 7,
  postfix: 8,
  // A string without interpolations is a `string_lit`, not a `quoted_template`.
  string_lit: 2,
  quoted_template: 1,
};

const BINARY_OPERATORS = [
  [PREC.multiplicative, choice('*', '/', '%')],
  [PREC.additive, choice('+', '-')],
  [PREC.comparison, choice('>', '>=', '<', '<=')],
  [PREC.equality, choice('==', '!=')],
  [PREC.and, '&&'],
  [PREC.or, '||'],
];

/**
 * `first` followed by any number of `separator first`, with an optional trailing
 * separator.
 * @param {RuleOrLiteral} item
 * @param {RuleOrLiteral} separator
 */
function separated(item, separator) {
  return seq(item, repeat(seq(separator, item)), optional(separator));
}

/**
 * A template directive: `%{` [~] ...parts [~] `}`.
 * @param {GrammarSymbols<string>} $
 * @param {RuleOrLiteral[]} parts
 */
function directive($, ...parts) {
  return seq(
    $.template_directive_start,
    optional($.strip_marker),
    ...parts,
    optional($.strip_marker),
    $.template_directive_end,
  );
}

module.exports = grammar({
  name: 'hcl',

  // Templates and heredocs need state (nesting, the heredoc's delimiter): the
  // external scanner in src/scanner.c tokenizes them.
  externals: ($) => [
    $.quoted_template_start,
    $.quoted_template_end,
    $._template_literal_chunk,
    $.template_interpolation_start,
    $.template_interpolation_end,
    $.template_directive_start,
    $.template_directive_end,
    $.heredoc_identifier,
  ],

  extras: ($) => [$.comment, $._whitespace],

  rules: {
    // A JSON-like object at the top level reads `.tfvars` written as an object.
    config_file: ($) => optional(choice($.body, $.object)),

    body: ($) => repeat1(choice($.attribute, $.block)),

    attribute: ($) => seq($.identifier, '=', $.expression),

    block: ($) =>
      seq(
        $.identifier,
        repeat(choice($.string_lit, $.identifier)),
        $.block_start,
        optional($.body),
        $.block_end,
      ),

    block_start: (_) => '{',
    block_end: (_) => '}',

    identifier: (_) =>
      token(seq(choice(/\p{ID_Start}/u, '_'), repeat(choice(/\p{ID_Continue}/u, '-', '::')))),

    expression: ($) => prec.right(choice($._expr_term, $.conditional)),

    // Operations are terms here (not only in parentheses, as the spec's grammar
    // summary has it) because real code writes `a == "" && b != ""` unparenthesised;
    // their precedence below decides how they group.
    _expr_term: ($) =>
      choice(
        $.literal_value,
        $.template_expr,
        $.collection_value,
        $.variable_expr,
        $.function_call,
        $.for_expr,
        $.operation,
        prec(PREC.postfix, seq($._expr_term, $.index)),
        prec(PREC.postfix, seq($._expr_term, $.get_attr)),
        prec(PREC.postfix, seq($._expr_term, $.splat)),
        seq('(', $.expression, ')'),
      ),

    literal_value: ($) => choice($.numeric_lit, $.bool_lit, $.null_lit, $.string_lit),

    numeric_lit: (_) => choice(/[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/, /0x[0-9a-zA-Z]+/),

    bool_lit: (_) => choice('true', 'false'),

    null_lit: (_) => 'null',

    string_lit: ($) =>
      prec(PREC.string_lit, seq($.quoted_template_start, optional($.template_literal), $.quoted_template_end)),

    collection_value: ($) => choice($.tuple, $.object),

    _comma: (_) => ',',

    tuple: ($) => seq($.tuple_start, optional(separated($.expression, $._comma)), $.tuple_end),

    tuple_start: (_) => '[',
    tuple_end: (_) => ']',

    object: ($) => seq($.object_start, optional($._object_elems), $.object_end),

    object_start: (_) => '{',
    object_end: (_) => '}',

    // Elements are separated by commas or newlines (newlines are extras here).
    _object_elems: ($) => seq($.object_elem, repeat(seq(optional($._comma), $.object_elem)), optional($._comma)),

    object_elem: ($) => seq(field('key', $.expression), choice('=', ':'), field('val', $.expression)),

    index: ($) => choice($.new_index, $.legacy_index),

    new_index: ($) => seq('[', $.expression, ']'),
    legacy_index: (_) => seq('.', /[0-9]+/),

    get_attr: ($) => seq('.', $.identifier),

    splat: ($) => choice($.attr_splat, $.full_splat),

    attr_splat: ($) => prec.right(seq('.*', repeat(choice($.get_attr, $.index)))),

    full_splat: ($) => prec.right(seq('[*]', repeat(choice($.get_attr, $.index)))),

    for_expr: ($) => choice($.for_tuple_expr, $.for_object_expr),

    for_tuple_expr: ($) => seq($.tuple_start, $.for_intro, $.expression, optional($.for_cond), $.tuple_end),

    for_object_expr: ($) =>
      seq(
        $.object_start,
        $.for_intro,
        $.expression,
        '=>',
        $.expression,
        optional($.ellipsis),
        optional($.for_cond),
        $.object_end,
      ),

    for_intro: ($) => seq('for', $.identifier, optional(seq(',', $.identifier)), 'in', $.expression, ':'),

    for_cond: ($) => seq('if', $.expression),

    variable_expr: ($) => prec.right($.identifier),

    function_call: ($) =>
      seq($.identifier, $._function_call_start, optional($.function_arguments), $._function_call_end),

    _function_call_start: (_) => '(',
    _function_call_end: (_) => ')',

    function_arguments: ($) =>
      prec.right(seq($.expression, repeat(seq($._comma, $.expression)), optional(choice($._comma, $.ellipsis)))),

    ellipsis: (_) => token('...'),

    // Right-associative: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`.
    conditional: ($) => prec.right(seq($.expression, '?', $.expression, ':', $.expression)),

    operation: ($) => choice($.unary_operation, $.binary_operation),

    unary_operation: ($) => prec.left(PREC.unary, seq(choice('-', '!'), $._expr_term)),

    binary_operation: ($) =>
      choice(
        ...BINARY_OPERATORS.map(([precedence, operator]) =>
          prec.left(precedence, seq($._expr_term, operator, $._expr_term)),
        ),
      ),

    template_expr: ($) => choice($.quoted_template, $.heredoc_template),

    quoted_template: ($) =>
      prec(PREC.quoted_template, seq($.quoted_template_start, optional($._template), $.quoted_template_end)),

    heredoc_template: ($) =>
      seq($.heredoc_start, $.heredoc_identifier, optional($._template), $.heredoc_identifier),

    heredoc_start: (_) => choice('<<', '<<-'),

    strip_marker: (_) => '~',

    _template: ($) => repeat1(choice($.template_interpolation, $.template_directive, $.template_literal)),

    template_literal: ($) => prec.right(repeat1($._template_literal_chunk)),

    template_interpolation: ($) =>
      seq(
        $.template_interpolation_start,
        optional($.strip_marker),
        optional($.expression),
        optional($.strip_marker),
        $.template_interpolation_end,
      ),

    template_directive: ($) => choice($.template_for, $.template_if),

    template_for: ($) => seq($.template_for_start, optional($._template), $.template_for_end),

    template_for_start: ($) =>
      directive($, 'for', $.identifier, optional(seq(',', $.identifier)), 'in', $.expression),

    template_for_end: ($) => directive($, 'endfor'),

    template_if: ($) =>
      seq(
        $.template_if_intro,
        optional($._template),
        optional(seq($.template_else_intro, optional($._template))),
        $.template_if_end,
      ),

    template_if_intro: ($) => directive($, 'if', $.expression),

    template_else_intro: ($) => directive($, 'else'),

    template_if_end: ($) => directive($, 'endif'),

    // `#` and `//` to the end of the line; `/* */` possibly over several lines.
    comment: (_) => token(choice(seq('#', /.*/), seq('//', /.*/), seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'))),

    _whitespace: (_) => token(/\s/),
  },
});
