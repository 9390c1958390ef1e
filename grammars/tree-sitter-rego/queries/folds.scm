; Foldable regions of Rego: rule bodies and multi-line values.
[
  (query_block)
  (object)
  (set)
  (array)
  (array_comprehension)
  (set_comprehension)
  (object_comprehension)
  (arguments)
] @fold
