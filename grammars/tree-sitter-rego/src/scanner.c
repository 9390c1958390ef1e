// The external scanner of the Rego grammar: the newline that ends a literal.
//
// In a query a newline ends a literal, except before `with`: OPA reads a `with`
// modifier on the next line as part of the literal above it, and `opa fmt` writes
// long ones that way. The scanner is asked only where a newline may end a literal;
// it reports one (TERMINATOR) unless the next line starts with the word `with`, in
// which case the newline is left to the grammar's whitespace.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType { TERMINATOR };

void *tree_sitter_rego_external_scanner_create(void) { return NULL; }
void tree_sitter_rego_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_rego_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_rego_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

static bool is_word_char(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool tree_sitter_rego_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  if (!valid_symbols[TERMINATOR]) {
    return false;
  }
  // Spaces before the newline are whitespace.
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t' || lexer->lookahead == '\r') {
    lexer->advance(lexer, true);
  }
  if (lexer->lookahead != '\n') {
    return false;
  }
  lexer->advance(lexer, false);
  lexer->mark_end(lexer);
  // Look past blank lines for `with`.
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t' || lexer->lookahead == '\r' ||
         lexer->lookahead == '\n') {
    lexer->advance(lexer, false);
  }
  const char *word = "with";
  for (int i = 0; word[i] != 0; i++) {
    if (lexer->lookahead != word[i]) {
      lexer->result_symbol = TERMINATOR;
      return true;
    }
    lexer->advance(lexer, false);
  }
  if (is_word_char(lexer->lookahead)) {
    // `without`, `with_x`: a name, not the keyword.
    lexer->result_symbol = TERMINATOR;
    return true;
  }
  return false;
}
