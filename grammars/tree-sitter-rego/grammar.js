/**
 * @file Rego (Open Policy Agent's policy language), v1 and v0, for tree-sitter.
 *
 * Written for Vigil from the Rego policy reference's grammar
 * (https://www.openpolicyagent.org/docs/policy-reference#grammar). See README.md.
 *
 * Newlines: inside a query (a rule body, a comprehension's body, `every`'s body)
 * a newline ends a literal, as `;` does, and as OPA's parser has it. The newline is
 * a token only where a query may end a literal; everywhere else it is whitespace
 * (tree-sitter lexes a token valid in the parse state before skipping an extra), so
 * an array, an object or a call's arguments may span lines.
 */

/* eslint-disable arrow-parens, camelcase */

// Operator precedence, lowest first, as OPA's parser nests them.
const PREC = {
  assign: 1, // `:=` `=`
  membership: 2, // `in`
  or: 3, // `|`
  and: 4, // `&`
  relation: 5, // `==` `!=` `<` `<=` `>` `>=`
  additive: 6, // `+` `-`
  multiplicative: 7, // `*` `/` `%`
  unary: 8, // `-x`
  call: 9,
  ref: 10, // `.x`, `[x]`
};

const commaSep1 = (rule) => seq(rule, repeat(seq(',', rule)));
const commaSep = (rule) => optional(commaSep1(rule));

module.exports = grammar({
  name: 'rego',

  extras: $ => [/\s/, $.comment],

  // The newline that ends a literal (src/scanner.c): not before `with`.
  externals: $ => [$._newline],

  word: $ => $.var,

  conflicts: $ => [
    // `{` after `if` opens a body or an object or set term.
    [$.query_block, $.object],
    [$._literal_expr, $.set],
  ],

  rules: {
    source_file: $ => repeat(choice($.package, $.import, $.rule, ';')),

    comment: _ => token(seq('#', /.*/)),

    package: $ => seq('package', field('path', choice($.var, alias($._var_ref, $.ref)))),

    import: $ => seq(
      'import',
      field('path', choice($.var, alias($._var_ref, $.ref))),
      optional(seq('as', field('alias', $.var))),
    ),

    // ---------------------------------------------------------------------------
    // Rules

    rule: $ => prec.right(seq(
      optional('default'),
      $.rule_head,
      repeat($.rule_body),
      repeat($.else),
    )),

    rule_head: $ => prec.right(seq(
      field('name', $.rule_head_name),
      optional(choice(
        seq('contains', field('key', $._expr)),
        field('args', $.rule_args),
      )),
      optional(seq(field('operator', choice(':=', '=')), field('value', $._expr))),
    )),

    // `allow`, `deny[msg]` (v0 partial set), `a.b.c`, `p[k]`.
    rule_head_name: $ => choice($.var, alias($._var_ref, $.ref)),

    // A ref whose head is a name: what a rule head, a package or an import names.
    _var_ref: $ => prec.left(seq(field('head', $.var), repeat1(choice($.ref_dot, $.ref_brack)))),

    rule_args: $ => seq('(', commaSep($._expr), optional(','), ')'),

    rule_body: $ => choice(
      seq('if', choice($.query_block, $.literal)),
      $.query_block,
    ),

    else: $ => prec.right(seq(
      'else',
      optional(seq(field('operator', choice(':=', '=')), field('value', $._expr))),
      optional($.rule_body),
    )),

    // ---------------------------------------------------------------------------
    // Queries

    // Preferred to a set or object term where both fit (`if { x }`), as OPA does.
    query_block: $ => prec.dynamic(1, seq('{', optional($.query), '}')),

    query: $ => prec.right(choice(
      seq(repeat1($._terminator), optional($._literals)),
      $._literals,
    )),

    _literals: $ => prec.right(seq(
      $.literal,
      repeat(seq(repeat1($._terminator), $.literal)),
      repeat($._terminator),
    )),

    _terminator: $ => choice(';', $._newline),

    literal: $ => prec.right(seq(
      choice(
        $.some_decl,
        $.every,
        seq(optional(field('not', 'not')), $._literal_expr),
      ),
      repeat($.with),
    )),

    _literal_expr: $ => choice(
      $._expr,
      $.assignment,
      $.membership,
      alias($._key_value_membership, $.membership),
    ),

    assignment: $ => prec.right(PREC.assign, seq(
      field('left', choice($._expr, $.membership)),
      field('operator', choice(':=', '=')),
      field('right', choice($._expr, $.membership)),
    )),

    // `x in xs`.
    membership: $ => prec.left(PREC.membership, seq(
      field('left', $._expr),
      'in',
      field('right', $._expr),
    )),

    // `k, v in xs`: only where a literal starts (in arguments the comma separates).
    _key_value_membership: $ => prec.left(PREC.membership, seq(
      field('key', $._expr),
      ',',
      field('left', $._expr),
      'in',
      field('right', $._expr),
    )),

    some_decl: $ => prec.right(seq(
      'some',
      commaSep1(field('name', $._expr)),
      optional(seq('in', field('collection', $._expr))),
    )),

    every: $ => seq(
      'every',
      commaSep1(field('name', $.var)),
      'in',
      field('collection', $._expr),
      field('body', $.query_block),
    ),

    with: $ => seq('with', field('target', $._expr), 'as', field('value', $._expr)),

    // ---------------------------------------------------------------------------
    // Expressions

    _expr: $ => choice($._term, $.binary_expr, $.unary_expr, $.parenthesized),

    parenthesized: $ => seq('(', choice($._expr, $.membership), ')'),

    unary_expr: $ => prec(PREC.unary, seq('-', field('operand', $._expr))),

    binary_expr: $ => choice(
      ...[
        [PREC.or, '|'],
        [PREC.and, '&'],
        [PREC.relation, choice('==', '!=', '<', '<=', '>', '>=')],
        [PREC.additive, choice('+', '-')],
        [PREC.multiplicative, choice('*', '/', '%')],
      ].map(([p, op]) => prec.left(p, seq(
        field('left', $._expr),
        field('operator', op),
        field('right', $._expr),
      ))),
    ),

    _term: $ => choice(
      $.var,
      $.ref,
      $.call,
      $.string,
      $.raw_string,
      $.template_string,
      $.number,
      $.true,
      $.false,
      $.null,
      $.array,
      $.object,
      $.set,
      $.array_comprehension,
      $.set_comprehension,
      $.object_comprehension,
    ),

    // `input.resource.values`, `x[0]`, `data.vigil.lib.f(x).y`, `[1, 2][i]`.
    ref: $ => prec.left(PREC.ref, seq(
      field('head', choice(
        $.var,
        $.call,
        $.array,
        $.object,
        $.set,
        $.array_comprehension,
        $.set_comprehension,
        $.object_comprehension,
        $.string,
      )),
      repeat1(choice($.ref_dot, $.ref_brack)),
    )),

    ref_dot: $ => seq('.', field('name', $.var)),

    ref_brack: $ => seq('[', field('key', choice($._expr, $.membership)), ']'),

    call: $ => prec(PREC.call, seq(
      field('function', choice($.var, $.ref)),
      field('arguments', $.arguments),
    )),

    arguments: $ => seq('(', commaSep(choice($._expr, $.membership)), optional(','), ')'),

    array: $ => seq('[', commaSep($._expr), optional(','), ']'),

    object: $ => seq('{', commaSep($.object_item), optional(','), '}'),

    object_item: $ => seq(field('key', $._expr), ':', field('value', $._expr)),

    set: $ => seq('{', commaSep1($._expr), optional(','), '}'),

    array_comprehension: $ => seq(
      '[', field('head', $._expr), '|', field('body', $.query), ']',
    ),

    set_comprehension: $ => seq(
      '{', field('head', $._expr), '|', field('body', $.query), '}',
    ),

    object_comprehension: $ => seq(
      '{', field('key', $._expr), ':', field('value', $._expr), '|', field('body', $.query), '}',
    ),

    // ---------------------------------------------------------------------------
    // Scalars

    var: _ => /[a-zA-Z_][a-zA-Z0-9_]*/,

    number: _ => token(seq(
      choice(/[0-9]+/, seq(/[0-9]+/, '.', /[0-9]+/), seq('.', /[0-9]+/)),
      optional(seq(/[eE]/, optional(/[+-]/), /[0-9]+/)),
    )),

    true: _ => 'true',
    false: _ => 'false',
    null: _ => 'null',

    string: $ => seq(
      '"',
      repeat(choice($._string_content, $.escape_sequence)),
      token.immediate('"'),
    ),

    _string_content: _ => token.immediate(prec(1, /[^"\\\n]+/)),

    escape_sequence: _ => token.immediate(seq('\\', choice(/["\\/bfnrt]/, /u[0-9a-fA-F]{4}/, /./))),

    raw_string: _ => token(seq('`', /[^`]*/, '`')),

    // `$"bucket {name} is public"`, `` $`...{x}...` ``: the expressions between
    // braces are evaluated and printed.
    template_string: $ => choice(
      seq(
        '$"',
        repeat(choice(
          alias($._template_content, $.template_content),
          $.escape_sequence,
          $.template_expr,
        )),
        token.immediate('"'),
      ),
      seq(
        '$`',
        repeat(choice(
          alias($._raw_template_content, $.template_content),
          $.template_expr,
        )),
        token.immediate('`'),
      ),
    ),

    _template_content: _ => token.immediate(prec(1, /[^"\\{\n]+/)),

    _raw_template_content: _ => token.immediate(prec(1, /[^`{]+/)),

    template_expr: $ => seq('{', choice($._expr, $.membership), '}'),
  },
});
